import { afterEach, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/index.js';

const pools: Pool<any, any>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

describe('SYNC_BURST counter', () => {
  it('a hand-off pool (maxQueueSize 0) does not refuse one-at-a-time sync tasks after 1000 of them', async () => {
    const pool = createPool({ size: 1, maxQueueSize: 0 });
    pools.push(pool);
    await pool.ready();
    // One task at a time, each awaited: never a "burst" of queued tasks, the worker is idle at every submit.
    let i = 0;
    let error: unknown;
    try {
      for (; i < 1500; i++) await pool.run(() => i);
    } catch (e) {
      error = e;
    }
    expect(error, `refused task #${i + 1} while the only worker was idle`).toBeUndefined();
  });
});
