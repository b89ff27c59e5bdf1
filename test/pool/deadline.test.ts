import { afterEach, describe, expect, it } from 'vitest';
import { createPool, TaskTimeoutError, type Pool } from '../../src/index.js';

const pools: Pool<unknown>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

function track<R>(pool: Pool<R>): Pool<R> {
  pools.push(pool as Pool<unknown>);
  return pool;
}

describe('per-task timeout is a deadline from submission', () => {
  it('a task still queued when its timeout passes rejects without running and frees its slot', async () => {
    const pool = track(createPool({ size: 1, maxQueueSize: 1, taskTimeout: false, circuitBreaker: false }));
    await pool.ready();
    let release!: () => void;
    const blocker = pool.run(() => new Promise<void>((resolve) => (release = resolve)));
    let ran = false;
    const queued = pool.run(
      () => {
        ran = true;
      },
      { timeout: 30 },
    );
    expect(pool.status().queued).toBe(1);
    const error = await queued.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskTimeoutError);
    expect(pool.status().queued).toBe(0);
    // The slot is free again: another task can be queued.
    const next = pool.run(() => 'next');
    release();
    await blocker;
    expect(await next).toBe('next');
    expect(ran).toBe(false);
    const m = pool.metrics();
    expect(m.timedOut).toBe(1);
    expect(m.crashes).toBe(0); // no worker was involved
    expect(m.completed + m.failed + m.cancelled + m.timedOut).toBe(m.accepted);
  });

  it('a task held by an open circuit still times out', async () => {
    const pool = track(createPool({ size: 1, circuitBreaker: { failureThreshold: 1, cooldown: 60_000 } }));
    await pool.ready();
    let release!: () => void;
    const blocker = pool.run(() => new Promise<void>((resolve) => (release = resolve)));
    const held = pool.run(() => 'never', { timeout: 40 });
    pool.openCircuit();
    release();
    await blocker;
    expect(pool.circuit).toBe('open');
    await expect(held).rejects.toBeInstanceOf(TaskTimeoutError);
  });
});
