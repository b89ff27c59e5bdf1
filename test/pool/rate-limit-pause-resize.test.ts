import { describe, expect, it, vi } from 'vitest';
import { InvalidOptionError, PoolClosedError, QueueFullError } from '../../src/index.js';
import { blockers, makePool, poolSuite, ready, recordEvents, until } from './helpers.js';

poolSuite();

describe('rateLimit: at most `limit` starts per `interval`', () => {
  it('starts `limit` tasks per window, the rest wait in the queue for the next window', async () => {
    vi.useFakeTimers({ now: 0 });
    const pool = makePool({ size: 10, circuitBreaker: false, rateLimit: { limit: 3, interval: 1000 } });
    await ready(pool);
    const startedAt: number[] = [];
    const all = Promise.all(Array.from({ length: 7 }, () => pool.run(() => void startedAt.push(Date.now()))));
    await vi.advanceTimersByTimeAsync(0);
    expect(startedAt).toHaveLength(3);
    expect(pool.status().queued).toBe(4);
    await vi.advanceTimersByTimeAsync(999);
    expect(startedAt).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(startedAt).toHaveLength(6);
    await vi.advanceTimersByTimeAsync(1000);
    await all;
    expect(startedAt).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('the queue bound still applies while tasks wait for the window', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 4, maxQueueSize: 2, circuitBreaker: false, rateLimit: { limit: 1, interval: 60_000 } });
    await ready(pool);
    const first = pool.run(() => 1);
    const waiting = [pool.submit(() => 2), pool.submit(() => 3)];
    expect(() => pool.submit(() => 4)).toThrow(QueueFullError);
    await expect(first).resolves.toBe(1);
    expect(pool.status().queued).toBe(2);
    await vi.advanceTimersByTimeAsync(120_000);
    await expect(Promise.all(waiting.map((h) => h.result))).resolves.toEqual([2, 3]);
  });

  it('refuses a bad rateLimit', () => {
    for (const rateLimit of [{ limit: 0, interval: 1 }, { limit: 1, interval: 0 }, { limit: 1.5, interval: 10 }, { limit: 1 }, { limit: 1, interval: 10, burst: 2 }, 5]) {
      expect(() => makePool({ rateLimit: rateLimit as never })).toThrow(InvalidOptionError);
    }
  });
});

describe('pause() / resume()', () => {
  it('queued tasks wait while paused, running ones finish; resume starts them', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const events = recordEvents(pool);
    const b = blockers();
    const running = pool.run(b.task);
    pool.pause();
    pool.pause(); // a second call does nothing
    const queued = pool.run(() => 'later');
    b.release('first');
    await expect(running).resolves.toBe('first');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pool.status()).toMatchObject({ paused: true, queued: 1, running: 0, idleWorkers: 1 });
    pool.resume();
    await expect(queued).resolves.toBe('later');
    expect(events.types().filter((t) => t === 'paused' || t === 'resumed')).toEqual(['paused', 'resumed']);
    expect(pool.status().paused).toBe(false);
  });

  it('close() resumes a paused pool and drains it', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    pool.pause();
    const queued = pool.run(() => 'drained');
    await pool.close();
    await expect(queued).resolves.toBe('drained');
  });
});

describe('resize()', () => {
  it('grows a fixed pool at once and shrinks it as workers become idle, never cutting a task short', async () => {
    const pool = makePool({ size: 2, circuitBreaker: false });
    await ready(pool);
    const events = recordEvents(pool);
    pool.resize(4);
    await until(() => pool.status().idleWorkers === 4, '4 idle');
    expect(events.of('resized')).toEqual([{ pool: pool.name, size: 4, previous: 2 }]);
    const b = blockers();
    const busy = [pool.run(b.task), pool.run(b.task), pool.run(b.task)];
    await until(() => b.started.length === 3, '3 started');
    pool.resize(1);
    // The one idle worker goes now; the busy ones as they finish, until one is left.
    await until(() => pool.status().idleWorkers === 0 && pool.status().busyWorkers === 3, 'idle one retired');
    b.release('a');
    b.release('b');
    await until(() => pool.status().busyWorkers === 1 && pool.status().idleWorkers === 0, 'two retired');
    b.release('c');
    await expect(Promise.all(busy)).resolves.toEqual(['a', 'b', 'c']);
    await until(() => pool.status().idleWorkers === 1, 'one left');
    expect(pool.status().size).toBe(1);
    expect(events.of('workerRetired').map((e) => e.reason)).toEqual(['resize', 'resize', 'resize']);
    await expect(Promise.all([pool.run(() => 1), pool.run(() => 2)])).resolves.toEqual([1, 2]);
  });

  it('shrinks even while a queue keeps every worker busy: a worker leaves before taking another task', async () => {
    const pool = makePool({ size: 3, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    const held = [pool.run(b.task), pool.run(b.task), pool.run(b.task)];
    let running = 0;
    let most = 0;
    const queued = Array.from({ length: 6 }, (_, i) =>
      pool.run(async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return i;
      }),
    );
    await until(() => b.started.length === 3, '3 started');
    pool.resize(1);
    for (let i = 0; i < 3; i++) b.release(`held ${i}`);
    await expect(Promise.all(queued)).resolves.toEqual([0, 1, 2, 3, 4, 5]);
    await Promise.all(held);
    expect(most).toBe(1);
    await until(() => pool.status().idleWorkers === 1 && pool.status().busyWorkers === 0, 'one worker left');
  });

  it('takes a range, refuses bad sizes, and refuses once the pool is closing', async () => {
    const pool = makePool({ size: 2 });
    await ready(pool);
    pool.resize({ min: 1, max: 6 });
    expect(pool.status().size).toBe(6);
    for (const bad of [0, -1, 1.5, Number.NaN, { max: 0 }, { min: 3, max: 2 }, undefined, '4']) {
      expect(() => pool.resize(bad as never)).toThrow(InvalidOptionError);
    }
    void pool.close();
    expect(() => pool.resize(3)).toThrow(PoolClosedError);
  });
});

describe('resize() on a thread pool', () => {
  it('is held to MAX_THREADS, as createThreadPool is', async () => {
    const { createThreadPool, MAX_THREADS } = await import('../../src/index.js');
    const pool = createThreadPool(new URL('../fixtures/handlers.mjs', import.meta.url), { size: 1 });
    try {
      expect(() => pool.resize(MAX_THREADS + 1)).toThrow(InvalidOptionError);
      pool.resize(2);
      await until(() => pool.status().idleWorkers === 2, '2 threads');
      expect(pool.status().size).toBe(2);
    } finally {
      await pool.terminate();
    }
  });
});
