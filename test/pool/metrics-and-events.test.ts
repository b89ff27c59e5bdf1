import { describe, expect, it, vi } from 'vitest';
import { breakerMachine, poolMachine, startSupervisor, workerMachine, type PoolEvents } from '../../src/index.js';
import { Boom, blockers, makePool, observe, poolSuite, ready, recordEvents, rejectionOf, until } from './helpers.js';

poolSuite();

const percentiles = { count: expect.any(Number), p50: expect.any(Number), p90: expect.any(Number), p99: expect.any(Number), max: expect.any(Number) };

describe('status() and metrics()', () => {
  it('have the documented shapes', async () => {
    const pool = makePool({ size: 2 });
    await ready(pool);
    const gauges = { phase: 'running', circuit: 'closed', idleWorkers: 2, busyWorkers: 0, startingWorkers: 0, crashedWorkers: 0 };
    expect(pool.status()).toEqual({
      ...gauges,
      size: 2,
      queued: 0,
      running: 0,
      accepted: 0,
      completed: 0,
      failed: 0,
      timedOut: 0,
      cancelled: 0,
      rejected: 0,
      crashes: 0,
      restarts: 0,
      retried: 0,
      retrying: 0,
      paused: false,
    });
    expect(pool.metrics()).toEqual({
      ...gauges,
      size: 2,
      queued: 0,
      running: 0,
      accepted: 0,
      completed: 0,
      failed: 0,
      timedOut: 0,
      cancelled: 0,
      rejected: 0,
      crashes: 0,
      restarts: 0,
      retried: 0,
      retrying: 0,
      paused: false,
      runTime: { count: 0, p50: 0, p90: 0, p99: 0, max: 0 },
      waitTime: { count: 0, p50: 0, p90: 0, p99: 0, max: 0 },
    });
    await pool.run(() => 1);
    expect(pool.metrics()).toEqual({
      ...gauges,
      size: 2,
      queued: 0,
      running: 0,
      accepted: 1,
      completed: 1,
      failed: 0,
      timedOut: 0,
      cancelled: 0,
      rejected: 0,
      crashes: 0,
      restarts: 0,
      retried: 0,
      retrying: 0,
      paused: false,
      runTime: { ...percentiles, count: 1 },
      waitTime: { ...percentiles, count: 1 },
    });
  });

  it('counters add up: completed + failed + cancelled + timedOut === accepted', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 2, taskTimeout: 50, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    const outcomes = [
      observe(pool.run(() => 'ok')),
      observe(pool.run(() => Promise.reject(new Boom()))),
      observe(pool.run(() => new Promise(() => undefined))), // times out
      observe(pool.run(b.task)),
      observe(pool.run(() => 'queued then cancelled', { signal: AbortSignal.abort() })),
    ];
    await vi.advanceTimersByTimeAsync(50);
    b.release('too late: it already timed out');
    await until(() => outcomes.every((o) => o.settled), 'all settled');
    const m = pool.metrics();
    expect(m.accepted).toBe(5);
    expect(m.completed + m.failed + m.cancelled + m.timedOut).toBe(5);
    expect(m.timedOut).toBeGreaterThanOrEqual(1);
    expect(m.cancelled).toBe(1);
    const { runTime: _run, waitTime: _wait, ...counters } = m;
    expect(pool.status()).toEqual(counters);
  });

  it('run-time and wait-time percentiles come from the histogram (p50, p90, p99, max)', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, taskTimeout: false, circuitBreaker: false });
    await ready(pool);
    // Ten tasks that take 10, 20, ..., 100 ms, queued behind each other on one worker.
    const results = Array.from({ length: 10 }, (_, i) =>
      observe(pool.run(() => new Promise((resolve) => setTimeout(resolve, (i + 1) * 10)))),
    );
    await vi.advanceTimersByTimeAsync(550);
    await until(() => results.every((r) => r.settled), 'all done');
    const { runTime, waitTime } = pool.metrics();
    expect(runTime.count).toBe(10);
    expect(runTime.max).toBeCloseTo(100, 0);
    expect(runTime.p50).toBeGreaterThanOrEqual(50 * 0.97);
    expect(runTime.p50).toBeLessThanOrEqual(50 * 1.04);
    expect(runTime.p90).toBeGreaterThanOrEqual(90 * 0.97);
    expect(runTime.p90).toBeLessThanOrEqual(90 * 1.04);
    expect(runTime.p99).toBeCloseTo(100, 0);
    // Task i waited for the i tasks before it: 0, 10, 30, 60, ..., 450 ms.
    expect(waitTime.count).toBe(10);
    expect(waitTime.max).toBeCloseTo(450, 0);
    expect(waitTime.p50).toBeGreaterThanOrEqual(100 * 0.97); // the 5th smallest wait is 100 ms
    expect(waitTime.p50).toBeLessThanOrEqual(100 * 1.04);
  });

  it('percentiles stay ordered over many samples (p50 ≤ p90 ≤ p99 ≤ max)', async () => {
    const pool = makePool({ size: 4, maxQueueSize: Infinity, circuitBreaker: false });
    await ready(pool);
    await Promise.all(Array.from({ length: 5000 }, () => pool.run(() => 1)));
    const { runTime } = pool.metrics();
    expect(runTime.count).toBe(5000);
    expect(runTime.p50).toBeLessThanOrEqual(runTime.p90);
    expect(runTime.p90).toBeLessThanOrEqual(runTime.p99);
    expect(runTime.p99).toBeLessThanOrEqual(runTime.max);
  });

  it('status counts crashed worker slots until they are replaced', async () => {
    const pool = makePool({ size: 2, isFatal: () => true, circuitBreaker: false });
    const events = recordEvents(pool);
    await ready(pool);
    let crashedSeen = 0;
    pool.events.on('workerCrashed', () => (crashedSeen = pool.status().crashedWorkers));
    await rejectionOf(pool.run(() => Promise.reject(new Boom())));
    await until(() => events.count('workerRestarted') === 1, 'restart');
    expect(crashedSeen).toBe(1);
    expect(pool.status().crashedWorkers).toBe(0);
    expect(pool.metrics()).toMatchObject({ crashes: 1, restarts: 1 });
  });
});

describe('events', () => {
  it('a task emits queued → started → succeeded / failed with its ids', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    const events = recordEvents(pool);
    await ready(pool);
    const b = blockers();
    const first = pool.submit(b.task);
    const ok = pool.submit(() => 'ok');
    const bad = pool.submit(() => Promise.reject(new Boom('bad')));
    b.release('x');
    await first.result;
    await ok.result;
    const error = await rejectionOf(bad.result);
    const workerId = b.started[0]!.workerId;
    const taskEvents = events.log.filter((e) => e.type.startsWith('task'));
    const label = undefined;
    const times = { waitTime: expect.any(Number), runTime: expect.any(Number) };
    expect(taskEvents).toEqual([
      { type: 'taskStarted', event: { pool: pool.name, taskId: first.id, label, workerId } },
      { type: 'taskQueued', event: { pool: pool.name, taskId: ok.id, label, queued: 1 } },
      { type: 'taskQueued', event: { pool: pool.name, taskId: bad.id, label, queued: 2 } },
      { type: 'taskSucceeded', event: { pool: pool.name, taskId: first.id, label, workerId, ...times } },
      { type: 'taskStarted', event: { pool: pool.name, taskId: ok.id, label, workerId } },
      { type: 'taskSucceeded', event: { pool: pool.name, taskId: ok.id, label, workerId, ...times } },
      { type: 'taskStarted', event: { pool: pool.name, taskId: bad.id, label, workerId } },
      { type: 'taskFailed', event: { pool: pool.name, taskId: bad.id, label, workerId, error, ...times } },
    ]);
  });

  it('a listener that throws does not break the pool; onListenerError receives the error and the event type', async () => {
    const reported: Array<[unknown, PropertyKey]> = [];
    const pool = makePool({ size: 1, circuitBreaker: false, onListenerError: (error, type) => void reported.push([error, type]) });
    await ready(pool);
    const listenerError = new Error('listener bug');
    const after: string[] = [];
    for (const type of ['taskStarted', 'taskSucceeded', 'taskFailed', 'taskQueued', 'drained'] as const) {
      pool.events.on(type, () => {
        throw listenerError;
      });
    }
    pool.events.on('taskSucceeded', () => void after.push('second listener still called'));
    pool.events.on('*', () => {
      throw listenerError;
    });
    expect(await pool.run(() => 'value')).toBe('value');
    expect(await rejectionOf(pool.run(() => Promise.reject(new Boom())))).toBeInstanceOf(Boom);
    expect(await Promise.all([pool.run(async () => 1), pool.run(async () => 2)])).toEqual([1, 2]);
    expect(after).toHaveLength(3);
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.every(([error]) => error === listenerError)).toBe(true);
    expect(new Set(reported.map(([, type]) => type))).toEqual(
      new Set<keyof PoolEvents>(['taskStarted', 'taskSucceeded', 'taskFailed', 'taskQueued', 'drained']),
    );
    expect(pool.status()).toMatchObject({ completed: 3, failed: 1, timedOut: 0, busyWorkers: 0 });
  });

  it('without onListenerError, listener errors go to console.error', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const pool = makePool({ size: 1 });
      await ready(pool);
      pool.events.on('taskSucceeded', () => {
        throw new Error('noisy listener');
      });
      expect(await pool.run(() => 'fine')).toBe('fine');
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('an onListenerError that throws itself is swallowed', async () => {
    const pool = makePool({
      size: 1,
      onListenerError: () => {
        throw new Error('reporter bug');
      },
    });
    await ready(pool);
    pool.events.on('taskSucceeded', () => {
      throw new Error('listener bug');
    });
    expect(await pool.run(() => 'fine')).toBe('fine');
  });

  it('circuit and lifecycle events arrive in order', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, circuitBreaker: { failureThreshold: 1, cooldown: 10 } });
    const events = recordEvents(pool);
    await ready(pool);
    await rejectionOf(pool.run(() => Promise.reject(new Boom())));
    await vi.advanceTimersByTimeAsync(10);
    await pool.run(() => 'probe');
    const closing = observe(pool.close());
    await until(() => closing.settled, 'closed');
    const lifecycle = events.types().filter((t) => !t.startsWith('task'));
    expect(lifecycle).toEqual(['circuitOpened', 'drained', 'circuitHalfOpened', 'circuitClosed', 'drained', 'closed']);
  });
});

describe('inspection', () => {
  it('the root actor and the machines are reachable, and inspect sees pool, worker and breaker actors', async () => {
    const seen = new Set<string>();
    const pool = makePool({
      size: 1,
      inspect: (event) => {
        if (event.type === '@xstate.actor') {
          const logic = (event.actorRef as { logic?: unknown }).logic;
          if (logic === poolMachine) seen.add('pool');
          if (logic === workerMachine) seen.add('worker');
          if (logic === breakerMachine) seen.add('breaker');
        }
      },
    });
    await ready(pool);
    expect(pool.actor.getSnapshot().value).toBe('running');
    expect((pool.actor as { logic?: unknown }).logic).toBe(poolMachine);
    expect(pool.breakerActor?.getSnapshot().value).toBe('closed');
    expect(pool.workerSupervisor?.whichChildren()).toHaveLength(1);
    const workerRef = pool.workerSupervisor!.whichChildren()[0]!.ref as { getSnapshot(): { value: unknown } };
    expect(workerRef.getSnapshot().value).toBe('idle');
    expect(seen).toEqual(new Set(['pool', 'worker', 'breaker']));
  });

  it('worker actors only change state at edges: idle → busy → idle around a busy period', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const ref = pool.workerSupervisor!.whichChildren()[0]!.ref as { getSnapshot(): { value: unknown } };
    const b = blockers();
    pool.submit(b.task);
    pool.submit(b.task);
    expect(ref.getSnapshot().value).toBe('busy');
    b.release('1');
    await until(() => b.started.length === 2, 'second started');
    expect(ref.getSnapshot().value).toBe('busy');
    b.release('2');
    await pool.onIdle();
    // busy → idle is reported one macrotask later (a worker reused at once never leaves busy).
    expect(ref.getSnapshot().value).toBe('busy');
    await until(() => ref.getSnapshot().value === 'idle', 'worker idle');
  });
});

describe('listeners run after the machine has taken its step', () => {
  it('a closed or taskCancelled listener sees the new state and may start actors: no xstate warning', async () => {
    const warn = vi.spyOn(console, 'warn');
    try {
      const pool = makePool({ size: 1, circuitBreaker: false });
      await ready(pool);
      const seen: Array<[string, unknown]> = [];
      const started: Array<Promise<unknown>> = [];
      pool.events.on('taskCancelled', () => {
        seen.push(['taskCancelled', pool.actor.getSnapshot().value]);
        const other = makePool({ size: 1 });
        started.push(other.close());
      });
      pool.events.on('closed', () => {
        seen.push(['closed', pool.actor.getSnapshot().value]);
        started.push(startSupervisor({}).then((sup) => sup.stop()));
      });
      pool.submit(() => new Promise((resolve) => setTimeout(resolve, 50))).result.catch(() => undefined);
      await pool.terminate();
      await Promise.all(started);
      expect(seen).toEqual([
        ['taskCancelled', 'stopping'],
        ['closed', 'closed'],
      ]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
