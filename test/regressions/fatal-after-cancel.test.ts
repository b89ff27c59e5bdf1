import { afterEach, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/index.js';
import { sleep, within } from '../support/timing.js';

const pools: Pool<any, any>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

describe('isFatal', () => {
  it('a fatal error from a task that was cancelled while running still replaces the broken worker', async () => {
    let conn = 0;
    const pool = createPool<{ conn: number }>({
      size: 1,
      worker: { init: () => ({ conn: ++conn }) },
      isFatal: (error) => error instanceof Error && error.message === 'connection reset',
    });
    pools.push(pool);
    await pool.ready();
    const crashed: unknown[] = [];
    pool.events.on('workerCrashed', (e) => crashed.push(e));

    const handle = pool.submit(async () => {
      await sleep(30);
      throw new Error('connection reset'); // the resource is broken
    });
    handle.result.catch(() => undefined);
    handle.cancel(); // the caller gave up; the code keeps running and then hits the fatal error
    await within(pool.onIdle(), 5_000, 'onIdle');
    await sleep(50);

    const used = await within(pool.run(({ resource }) => resource.conn), 5_000, 'next task');
    expect(crashed.length, 'worker with a broken resource was not replaced').toBe(1);
    expect(used, 'next task got the broken resource').toBe(2);
  });
});
