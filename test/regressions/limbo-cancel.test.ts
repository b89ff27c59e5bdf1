import { afterEach, describe, expect, it } from 'vitest';
import { createPool, type Pool, type TaskHandle } from '../../src/index.js';
import { sleep, within } from '../support/timing.js';

const pools: Pool<any, any>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

describe('a task taken off the queue but not yet started', () => {
  it('cancelled from a listener in that window: settles once, never runs, counters balance', async () => {
    const pool = createPool({ size: 1, maxQueueSize: 1 });
    pools.push(pool);
    await pool.ready();

    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = pool.run(() => gate.then(() => 'a'));
    let cRan = false;
    const c = pool.submit(() => {
      cRan = true;
      return 'c';
    }); // fills the queue
    const cResult = c.result.catch((e: unknown) => e);

    // "supersede" pattern: when a newer task is queued, cancel the older pending one
    let pendingOlder: TaskHandle<unknown> | undefined = c;
    pool.events.on('taskQueued', () => {
      pendingOlder?.cancel(new Error('superseded'));
      pendingOlder = undefined;
    });
    const dHandle = pool.submitWait(() => 'd'); // waits for room
    release();
    await within(a, 5_000);
    const d = await within(dHandle, 5_000);
    await within(d.result, 5_000);
    await within(pool.onIdle(), 5_000);
    await sleep(10);

    const m = pool.metrics();
    expect(await cResult).toBeInstanceOf(Error);
    expect.soft(cRan, 'a cancelled task ran').toBe(false);
    expect.soft(m.completed + m.failed + m.cancelled + m.timedOut, JSON.stringify(m)).toBe(m.accepted);
  });
});
