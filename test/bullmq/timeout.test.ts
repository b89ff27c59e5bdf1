// The headline case: a job that loops for ever is failed by its timeout, and the next job
// runs on a fresh thread well under a second later (BullMQ's own sandbox takes 30 s to kill it).
import { afterAll, expect, it } from 'vitest';
import { createQueueWorker } from '../../src/bullmq/index.js';
import { cleanKeys, connect, settled, uniqueQueue } from './support.js';

const q = uniqueQueue('loop');
const connection = connect();
afterAll(async () => {
  await q.queue.close();
  q.connection.disconnect();
  connection.disconnect();
  await cleanKeys(q.prefix);
});

it('a job that loops for ever fails at its timeout and the next job runs on a fresh thread in under 1 s', async () => {
  const node = await createQueueWorker({ queue: q.name, connection, prefix: q.prefix, handlers: new URL('./fixtures/jobs.mjs', import.meta.url), size: 1, jobTimeout: 500 });
  try {
    const warm = await q.queue.add('threadInfo', {});
    const warmed = await settled(q.queue, warm.id!);
    const loop = await q.queue.add('spin', {}, { attempts: 1 });
    const next = await q.queue.add('threadInfo', {});
    const failed = await settled(q.queue, loop.id!);
    const done = await settled(q.queue, next.id!);
    expect(failed.failedReason).toBe(`Job ${loop.id} timed out after 500 ms.`);
    // Stopped at its timeout plus a margin for a loaded machine, not BullMQ's 30 s.
    const ran = failed.finishedOn! - failed.processedOn!;
    expect(ran).toBeGreaterThanOrEqual(490);
    expect(ran).toBeLessThan(2_000);
    expect(done.finishedOn! - failed.finishedOn!).toBeLessThan(1_000);
    expect(done.returnvalue.threadId).not.toBe(warmed.returnvalue.threadId);
  } finally {
    await node.close({ timeout: 1_000 });
  }
});
