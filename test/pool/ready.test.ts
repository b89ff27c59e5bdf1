import { afterEach, describe, expect, it } from 'vitest';
import { createPool, QueueFullError, type Pool } from '../../src/index.js';

const pools: Pool<unknown>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

describe('pool.ready()', () => {
  it('resolves once every initial worker finished init, so a hand-off pool accepts at once', async () => {
    const pool = createPool({
      size: 2,
      maxQueueSize: 0,
      worker: { init: () => new Promise((resolve) => setTimeout(() => resolve('conn'), 30)) },
    });
    pools.push(pool as Pool<unknown>);
    expect(() => pool.submit(() => 1)).toThrow(QueueFullError); // nobody idle yet
    await pool.ready();
    expect(pool.status().idleWorkers).toBe(2);
    expect(await pool.run(({ resource }) => resource)).toBe('conn');
  });

  it('resolves at once for a closed pool and never hangs for a failed or recovering one', async () => {
    const closed = createPool({ size: 1 });
    pools.push(closed as Pool<unknown>);
    await closed.close();
    await closed.ready();

    const failing = createPool({
      size: 1,
      intensity: 1, period: 5000,
      recovery: false,
      worker: {
        init: () => {
          throw new Error('no database');
        },
      },
    });
    pools.push(failing as unknown as Pool<unknown>);
    await failing.ready();
    expect(failing.phase).toBe('failed');

    const recovering = createPool({
      size: 1,
      intensity: 1, period: 5000,
      worker: {
        init: () => {
          throw new Error('no database');
        },
      },
    });
    pools.push(recovering as unknown as Pool<unknown>);
    await recovering.ready();
    expect(recovering.phase).toBe('recovering');
  });
});
