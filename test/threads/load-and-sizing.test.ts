import { describe, expect, it } from 'vitest';
import { HANDLERS_URL, latch, makeThreadPool, ready, recordEvents, threads, threadSuite, until, within, type Handlers } from './helpers.js';

threadSuite();

describe('under load', () => {
  it('2,000 concurrent calls all get their own correct result, whatever order they finish in', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 2, maxQueueSize: 2_000 });
    const count = 2_000;
    const calls = Array.from({ length: count }, (_, i) => {
      if (i % 3 === 0) return pool.call('delayed', { i, tag: `t${i}` }, i % 7).then((value) => ({ kind: 'delayed', i, value }));
      if (i % 3 === 1) return pool.call('inc', i).then((value) => ({ kind: 'inc', i, value }));
      return pool.call('echo', [i, String(i), { i }]).then((value) => ({ kind: 'echo', i, value }));
    });
    const finished: number[] = [];
    calls.forEach((call) => void call.then(({ i }) => finished.push(i)));
    const results = await within(Promise.all(calls), 60_000, '2,000 calls');

    results.forEach(({ kind, i, value }, index) => {
      expect(i).toBe(index);
      if (kind === 'delayed') expect(value).toEqual({ i, tag: `t${i}` });
      else if (kind === 'inc') expect(value).toBe(i + 1);
      else expect(value).toEqual([i, String(i), { i }]);
    });
    expect(new Set(finished).size).toBe(count);
    // The delays made them finish out of submission order; correctness did not depend on it.
    expect(finished).not.toEqual([...finished].sort((a, b) => a - b));
    expect(pool.metrics()).toMatchObject({ completed: count, failed: 0, crashes: 0 });
  }, 60_000);

  it('CPU-bound work runs on both threads at the same time', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 2 });
    await ready(pool);
    const iterations = 5_000_000; // ~50 ms of arithmetic per call; no clock in the loop
    const results = await within(Promise.all(Array.from({ length: 12 }, () => pool.call('work', iterations))), 60_000, 'CPU batch');

    const byThread = new Map<number, typeof results>();
    for (const result of results) byThread.set(result.threadId, [...(byThread.get(result.threadId) ?? []), result]);
    expect(byThread.size).toBe(2);
    // Both threads took a real share of the batch...
    for (const share of byThread.values()) expect(share.length).toBeGreaterThanOrEqual(3);
    // ... at the same time: some call on one thread ran while a call on the other did.
    const [a, b] = [...byThread.values()] as [typeof results, typeof results];
    const overlapping = a.some((x) => b.some((y) => x.start < y.end && y.start < x.end));
    expect(overlapping).toBe(true);
    // Every call computed the same value: the work really ran.
    expect(new Set(results.map((r) => r.x)).size).toBe(1);
  }, 60_000);
});

describe('dynamic size { min, max, idleTimeout }', () => {
  it('grows to max under a burst and shrinks back to min after idleTimeout, without crash events', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: { min: 1, max: 4, idleTimeout: 150 }, maxQueueSize: 100 });
    const events = recordEvents(pool);
    await ready(pool, 1);
    expect(threads.live()).toHaveLength(1);
    const startedBefore = threads.started;

    const gate = latch();
    const calls = Array.from({ length: 8 }, () => pool.call('blockUntil', gate.shared));
    // Four calls block four threads: the pool grew to max, and no further.
    await until(() => gate.waiting === 4 && pool.status().busyWorkers === 4, 'four threads busy');
    expect(pool.status()).toMatchObject({ busyWorkers: 4, idleWorkers: 0, queued: 4 });
    expect(threads.live()).toHaveLength(4);
    expect(threads.started - startedBefore).toBe(3);

    gate.open();
    const results = await within(Promise.all(calls), 30_000, 'the burst');
    expect(results.every((r) => r.outcome === 'ok' || r.outcome === 'not-equal')).toBe(true);
    expect(new Set(results.map((r) => r.threadId)).size).toBe(4);
    expect(threads.started - startedBefore).toBe(3); // the burst started no more threads

    // Idle for 150 ms: the three extra threads are retired, oldest first, down to min.
    await until(() => events.count('workerRetired') === 3 && threads.live().length === 1, 'three threads retired', 10_000);
    expect(events.of('workerRetired').map((e) => e.reason)).toEqual(['idle', 'idle', 'idle']);
    await until(() => pool.status().idleWorkers === 1, 'one idle thread left');
    expect(pool.status()).toMatchObject({ idleWorkers: 1, busyWorkers: 0, crashedWorkers: 0 });
    expect(events.count('workerCrashed')).toBe(0);
    expect(events.count('workerRestarted')).toBe(0);
    expect(pool.metrics()).toMatchObject({ crashes: 0, restarts: 0 });

    // It stays at min (no retiring below it) and still serves.
    await new Promise((r) => setTimeout(r, 450));
    expect(threads.live()).toHaveLength(1);
    expect(events.count('workerRetired')).toBe(3);
    expect(await pool.call('inc', 1)).toBe(2);
  }, 60_000);

  it('grows again after shrinking', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: { min: 1, max: 2, idleTimeout: 100 } });
    const events = recordEvents(pool);
    await ready(pool, 1);
    for (let round = 1; round <= 2; round++) {
      const gate = latch();
      const calls = [pool.call('blockUntil', gate.shared), pool.call('blockUntil', gate.shared)];
      await until(() => gate.waiting === 2, `round ${round}: both calls running`);
      expect(threads.live()).toHaveLength(2);
      gate.open();
      expect(new Set((await Promise.all(calls)).map((r) => r.threadId)).size).toBe(2);
      await until(() => events.count('workerRetired') === round && threads.live().length === 1, `round ${round}: shrunk`);
    }
    expect(events.count('workerCrashed')).toBe(0);
  }, 60_000);

  it('min 0: no thread until work arrives, none left after idleTimeout', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: { min: 0, max: 2, idleTimeout: 100 } });
    const events = recordEvents(pool);
    await new Promise((r) => setTimeout(r, 100));
    expect(threads.live()).toHaveLength(0);
    expect(await pool.call('inc', 1)).toBe(2);
    await until(() => events.count('workerRetired') === 1 && threads.live().length === 0, 'the only thread retired');
    expect(await pool.call('inc', 2)).toBe(3);
    expect(events.count('workerCrashed')).toBe(0);
  });
});
