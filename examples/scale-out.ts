// Scale-out with overseer/bullmq: a producer adds jobs with BullMQ's own Queue, three consumer
// processes (examples/scale-out-consumer.ts) run them on their thread pools, then SIGTERM drains
// them. Needs Redis on 127.0.0.1:6379 (or REDIS_URL). Run: npx tsx examples/scale-out.ts
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

const prefix = `scale-out-example-${process.pid}`; // its own keys, so the example never meets other jobs
const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const queue = new Queue('images', { connection, prefix });

// The producer: plain BullMQ. attempts/backoff are BullMQ's; the consumers honour them.
await queue.addBulk([
  ...Array.from({ length: 30 }, (_, i) => ({ name: 'thumbnail', data: { image: `img-${i}.png` }, opts: { attempts: 2 } })),
  ...Array.from({ length: 10 }, (_, i) => ({ name: 'report', data: { rows: i } })),
  ...Array.from({ length: 2 }, () => ({ name: 'stuck', data: {}, opts: { attempts: 1 } })),
]);

// Three consumers: here child processes of this script; in production, separate services or machines.
const consumers = await Promise.all(
  [1, 2, 3].map(
    () =>
      new Promise<ReturnType<typeof fork>>((resolve) => {
        const child = fork(fileURLToPath(new URL('./scale-out-consumer.ts', import.meta.url)), [], {
          execArgv: ['--import', 'tsx'],
          env: { ...process.env, QUEUE_PREFIX: prefix },
        });
        child.once('message', () => resolve(child));
      }),
  ),
);

// If anything below throws, take the consumers down with this script.
process.once('exit', () => consumers.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));

// Wait until every job is completed or failed.
for (;;) {
  const { completed = 0, failed = 0 } = await queue.getJobCounts('completed', 'failed');
  if (completed + failed === 42) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const completed = await queue.getJobs(['completed']);
const failed = await queue.getJobs(['failed']);
console.log(`completed ${completed.length}, failed ${failed.length}`);
assert.equal(completed.length, 40);
assert.equal(failed.length, 2);
for (const job of failed) assert.match(job.failedReason, /timed out after 2000 ms/);
for (const job of completed.filter((j) => j.name === 'thumbnail')) assert.equal(job.progress, 100);

// Graceful shutdown: SIGTERM each consumer; each drains and exits 0.
const codes = await Promise.all(consumers.map((child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')))));
assert.deepEqual(codes, [0, 0, 0]);

await queue.obliterate({ force: true });
await queue.close();
connection.disconnect();
console.log('scale-out example: done');
