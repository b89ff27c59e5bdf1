import { afterEach, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/index.js';
import { sleep, within } from '../support/timing.js';

const pools: Pool<any, any>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

/** Counts how often the idle-retire timer re-arms itself. */
function countRetireScheduling(pool: Pool<any, any>): () => number {
  const idle = (pool as any).core.idle;
  const original = idle.scheduleRetire.bind(idle);
  let calls = 0;
  idle.scheduleRetire = () => {
    calls++;
    original();
  };
  return () => calls;
}

describe('the idle-retire timer does not spin when it may not retire', () => {
  it('while the pool is closing (phase !== running) it does not re-arm with delay 0 in a loop', async () => {
    const pool = createPool({ size: { min: 1, max: 2, idleTimeout: 20 }, circuitBreaker: false });
    pools.push(pool);
    await pool.ready();
    await Promise.all([pool.run(() => sleep(10)), pool.run(() => sleep(10))]);
    expect(pool.status().idleWorkers).toBe(2);
    const calls = countRetireScheduling(pool);
    // One long task keeps close() waiting; the other worker stays idle past idleTimeout.
    const long = pool.run(() => sleep(400));
    const closed = pool.close();
    await long;
    await within(closed, 5_000, 'close()');
    // A correctly idle timer fires at most a handful of times in 400 ms; a delay-0 loop fires hundreds.
    expect(calls(), 'retire timer re-armed itself with delay 0 over and over').toBeLessThan(20);
  });

  it('while tasks wait behind an open circuit it does not re-arm with delay 0 in a loop', async () => {
    const pool = createPool({
      size: { min: 1, max: 2, idleTimeout: 20 },
      circuitBreaker: { failureThreshold: 1, cooldown: 400 },
    });
    pools.push(pool);
    await pool.ready();
    await Promise.all([pool.run(() => sleep(10)), pool.run(() => sleep(10))]);
    expect(pool.status().idleWorkers).toBe(2);
    const calls = countRetireScheduling(pool);
    // Both workers busy, a third task queued; the first to finish fails and trips the breaker.
    const a = pool.run(async () => {
      await sleep(10);
      throw new Error('trip');
    });
    const b = pool.run(() => sleep(15));
    const c = pool.run(() => 'queued');
    a.catch(() => undefined);
    await b;
    expect(pool.status().circuit).toBe('open');
    expect(pool.status().queued).toBe(1);
    await sleep(300); // still open (cooldown 400): two idle workers, one task held in the queue
    expect(calls(), 'retire timer re-armed itself with delay 0 over and over').toBeLessThan(20);
    await within(c, 5_000, 'queued task after half-open');
  });
});
