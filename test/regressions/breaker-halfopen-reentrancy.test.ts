import { afterEach, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/index.js';
import { pollUntil, sleep } from '../support/timing.js';

const pools: Pool<any, any>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

describe('half-open probes', () => {
  it('a failing synchronous probe re-opens the circuit before another queued task starts (halfOpenMaxCalls: 1)', async () => {
    const pool = createPool({
      size: 1,
      circuitBreaker: { failureThreshold: 1, cooldown: 100, halfOpenMaxCalls: 1 },
    });
    pools.push(pool);
    await pool.ready();

    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = pool.run(async () => {
      await gate;
      throw new Error('downstream down');
    });
    first.catch(() => undefined);

    let ran = 0;
    const queued = Array.from({ length: 5 }, () =>
      pool.submit(() => {
        ran++;
        throw new Error('still down');
      }),
    );
    for (const h of queued) h.result.catch(() => undefined);

    release();
    await expect(first).rejects.toThrow('downstream down');
    expect(pool.circuit).toBe('open');
    expect(ran).toBe(0);

    // cooldown passes -> halfOpen -> ONE probe runs, fails -> open again
    await pollUntil(() => ran > 0, 'a probe ran', 5_000);
    await sleep(20);
    expect(pool.circuit).toBe('open');
    expect(ran, 'tasks started while half-open with halfOpenMaxCalls = 1').toBe(1);
  });
});
