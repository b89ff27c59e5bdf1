import { afterEach, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/index.js';

const pools: Pool<unknown>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

describe('a worker still running init when the pool closes', () => {
  it('disposes the resource init returns after the close instead of leaking it', async () => {
    let opened = 0;
    let disposed = 0;
    const pool = createPool<{ n: number }>({
      size: 2,
      worker: {
        init: async () => {
          await new Promise((r) => setTimeout(r, 50));
          return { n: ++opened };
        },
        dispose: () => {
          disposed++;
        },
      },
    });
    pools.push(pool as Pool<unknown>);
    await new Promise((r) => setTimeout(r, 5));
    expect(opened).toBe(0);
    await pool.close();
    expect(pool.phase).toBe('closed');
    expect(opened).toBe(2);
    expect(disposed).toBe(2);
  });
});
