/**
 * Attacks on the slimmed task record (18ab3f9): the lazy extras object, the one shared list link,
 * the breaker's one-number ticket and the result promise kept in the outcome field. Everything here is
 * observable through the public API only.
 */
import { describe, expect, it, vi } from 'vitest';
import { CircuitOpenError, PoolClosedError, TaskCancelledError, TaskTimeoutError, type Pool, type TaskContext, type TaskHandle } from '../../src/index.js';
import { TaskQueue } from '../../src/task-queue.js';
import { Deadlines } from '../../src/deadlines.js';
import { Boom, blockers, flushMicrotasks, makePool, observe, poolSuite, ready, recordEvents, rejectionOf, thrownBy, until } from './helpers.js';

poolSuite();

/** A task that runs until its signal aborts, then rejects with the abort's reason. */
function untilAborted(ctx: TaskContext<any>): Promise<never> {
  const signal = ctx.signal;
  return new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

const settledCount = (pool: Pool<any, any>) => {
  const s = pool.status();
  return s.completed + s.failed + s.timedOut + s.cancelled;
};

describe('record: the result promise', () => {
  it('read before settling, after settling and twice: one promise, the right value or error', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    const ok = pool.submit(b.task);
    const okResult = ok.result;
    expect(ok.result).toBe(okResult);
    b.release('v1', 0);
    expect(await okResult).toBe('v1');
    expect(ok.result).toBe(okResult);

    const bad = pool.submit(b.task);
    const badResult = bad.result;
    const error = new Boom('async');
    b.fail(error, 1);
    expect(await rejectionOf(badResult)).toBe(error);
    expect(bad.result).toBe(badResult);
    expect(await rejectionOf(bad.result)).toBe(error);

    // Settled before anyone read the result (an idle worker runs a sync task at once).
    const syncOk = pool.submit(() => 'sync');
    const first = syncOk.result;
    expect(syncOk.result).toBe(first);
    expect(await first).toBe('sync');
    const syncError = new Boom('sync');
    const syncBad = pool.submit(() => {
      throw syncError;
    });
    const r1 = syncBad.result;
    expect(syncBad.result).toBe(r1);
    expect(await rejectionOf(r1)).toBe(syncError);
    expect(await rejectionOf(syncBad.result)).toBe(syncError);

    // Settled with undefined, never read until now.
    const nothing = pool.submit(() => undefined);
    await flushMicrotasks();
    expect(await nothing.result).toBeUndefined();
    expect(pool.status()).toMatchObject({ completed: 3, failed: 2 });
  });

  const odd: Array<[string, () => unknown]> = [
    ['undefined', () => undefined],
    ['null', () => null],
    ['a pending promise', () => new Promise(() => undefined)],
    ['a fulfilled promise', () => Promise.resolve('inner')],
    ['a thenable that fulfils', () => ({ then: (resolve: (v: unknown) => void) => resolve('inner') })],
    ['a thenable that rejects', () => ({ then: (_: unknown, reject: (e: unknown) => void) => reject(new Boom('inner')) })],
    ['0', () => 0],
    ['a string', () => 'err'],
  ];
  for (const [name, make] of odd) {
    it(`an error that is ${name} rejects the result with itself (read before, after, sync and async)`, async () => {
      // (observe, not rejectionOf: an async function returning a thenable error would adopt it.)
      const pool = makePool({ size: 1, circuitBreaker: false });
      await ready(pool);
      const errors = [make(), make(), make(), make()];
      const b = blockers();
      // read before settling, async rejection
      const r1 = observe(pool.submit(b.task).result);
      b.fail(errors[0], 0);
      await until(() => settledCount(pool) === 1, 'first');
      // read before settling, sync throw (queued behind a blocker)
      pool.submit(b.task);
      const r2 = observe(
        pool.submit(() => {
          throw errors[1];
        }).result,
      );
      b.release('x', 1);
      await until(() => settledCount(pool) === 3, 'first three');
      await flushMicrotasks();
      // settled before anyone reads: sync throw and async rejection
      const h3 = pool.submit(() => {
        throw errors[2];
      });
      const h4 = pool.submit(() => Promise.reject(errors[3]));
      await until(() => settledCount(pool) === 5, 'all five');
      await flushMicrotasks();
      const r3 = observe(h3.result);
      const r4 = observe(h4.result);
      await flushMicrotasks();
      for (const [i, r] of [r1, r2, r3, r4].entries()) {
        expect(r.settled, `result ${i}`).toBe(true);
        expect(r.ok, `result ${i}`).toBe(false);
        expect(r.error, `result ${i}`).toBe(errors[i]);
      }
      expect(pool.status()).toMatchObject({ failed: 4, completed: 1 });
    });
  }

  it('a task returning a non-native thenable: its rejection rejects the result, its value resolves it', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const error = new Boom('thenable');
    const rejecting = { then: (_: unknown, reject: (e: unknown) => void) => setTimeout(() => reject(error), 1) };
    const rejectingSync = { then: (_: unknown, reject: (e: unknown) => void) => reject(undefined) };
    const fulfilling = { then: (resolve: (v: unknown) => void) => resolve('fine') };
    const twice = {
      then: (resolve: (v: unknown) => void, reject: (e: unknown) => void) => {
        reject(error);
        resolve('late');
        reject(new Boom('again'));
      },
    };
    const h1 = pool.submit(() => rejecting as unknown as Promise<never>);
    expect(await rejectionOf(h1.result)).toBe(error);
    const h2 = pool.submit(() => rejectingSync as unknown as Promise<never>);
    await until(() => settledCount(pool) === 2, 'second');
    expect(await rejectionOf(h2.result)).toBeUndefined();
    expect(await pool.run(() => fulfilling as unknown as Promise<string>)).toBe('fine');
    expect(await rejectionOf(pool.run(() => twice as unknown as Promise<string>))).toBe(error);
    expect(pool.status()).toMatchObject({ completed: 1, failed: 3 });
  });

  it('fire-and-forget tasks that fail in every way raise no unhandled rejection, and can still be read later', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 2, taskTimeout: 100, timeoutGrace: 10, circuitBreaker: false, maxQueueSize: 100 });
    await ready(pool);
    const handles: Array<TaskHandle<unknown>> = [];
    handles.push(pool.submit(() => Promise.reject(new Boom('async'))));
    handles.push(
      pool.submit(() => {
        throw new Boom('sync');
      }),
    );
    handles.push(pool.submit(untilAborted)); // times out (default)
    handles.push(pool.submit(untilAborted, { timeout: 50, priority: 2, label: 'own' })); // queued, times out in the queue or running
    const queued = pool.submit(untilAborted, { priority: -1 });
    handles.push(queued);
    queued.cancel();
    const aborted = new AbortController();
    aborted.abort(new Boom('pre-aborted'));
    handles.push(pool.submit(() => 'never', { signal: aborted.signal }));
    handles.push(pool.submit(() => Promise.reject(new Boom('retried')), { retry: { attempts: 2, backoff: { type: 'fixed', delay: 5 } } }));
    const running = pool.submit(untilAborted, { label: 'cancel-me' });
    handles.push(running);
    await vi.advanceTimersByTimeAsync(0);
    running.cancel(new Boom('stop'));
    await vi.advanceTimersByTimeAsync(500);
    await until(() => settledCount(pool) === handles.length, 'all settled');
    expect(pool.status()).toMatchObject({ accepted: handles.length, completed: 0, running: 0, queued: 0 });
    // Let any unhandled rejection surface (poolSuite fails the test on one).
    await vi.advanceTimersByTimeAsync(10);
    await flushMicrotasks();
    const reasons = await Promise.all(handles.map((h) => rejectionOf(h.result)));
    expect(reasons.map((r) => (r as Error).constructor.name)).toEqual([
      'Boom',
      'Boom',
      'TaskTimeoutError',
      'TaskTimeoutError',
      'TaskCancelledError',
      'Boom',
      'Boom',
      'Boom',
    ]);
    expect((reasons[3] as TaskTimeoutError).timeout).toBe(50);
    expect((reasons[2] as TaskTimeoutError).timeout).toBe(100);
  });

  it('a fire-and-forget task cancelled or closed under it raises no unhandled rejection', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    pool.submit(untilAborted);
    pool.submit(untilAborted, { priority: 5, label: 'q' });
    pool.submit(untilAborted, { timeout: 5_000 });
    await pool.terminate();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pool.status()).toMatchObject({ accepted: 3, cancelled: 3 });
  });

  it('results that settle in one synchronous run are seen in the order they settled (a failure before a success)', async () => {
    // 18ab3f9 rejected through a thenable, one microtask late: this caught it (the reject function is kept again).
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    const seen: string[] = [];
    const failing = pool.submit(() => {
      throw new Boom('first');
    });
    const succeeding = pool.submit(() => 'second');
    failing.result.catch(() => seen.push('failed'));
    void succeeding.result.then(() => seen.push('succeeded'));
    const race = Promise.race([failing.result, succeeding.result]).then(
      () => 'success won',
      () => 'failure won',
    );
    b.release('go');
    await until(() => seen.length === 2, 'both seen');
    expect(seen).toEqual(['failed', 'succeeded']);
    expect(await race).toBe('failure won');
  });
});

describe('record: results against the pool\'s own promises', () => {
  it('after `await pool.onIdle()` the handlers of every settled result have run (failures too)', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    const seen: string[] = [];
    const ok = pool.submit(() => 'fine');
    const bad = pool.submit(() => {
      throw new Boom('last');
    });
    void ok.result.then(() => seen.push('ok'));
    bad.result.catch(() => seen.push('bad'));
    const idle = pool.onIdle().then(() => [...seen]);
    b.release('go');
    expect(await idle).toEqual(['ok', 'bad']);
  });

  it('after `await pool.close()` the handlers of every result have run (the last task failed)', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    const seen: string[] = [];
    pool.submit(b.task).result.then(() => seen.push('blocker'));
    pool.submit(() => Promise.reject(new Boom('queued'))).result.catch(() => seen.push('queued'));
    const closed = pool.close().then(() => [...seen]);
    b.release('go');
    expect(await closed).toEqual(['blocker', 'queued']);
  });
});

describe('record: priority, cancel and the shared list link', () => {
  it('mixed priorities (negative, 0, fractional, default) run in order; cancels of queued tasks of every priority', async () => {
    const pool = makePool({ size: 1, maxQueueSize: Infinity, circuitBreaker: false, taskTimeout: 60_000 });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    const order: string[] = [];
    const priorities = [0, -1, 3, undefined, -2.5, 0.5, 3, -1, 100, 0, -Infinity, Infinity];
    const handles = priorities.map((priority, i) =>
      pool.submit(() => void order.push(`${i}:${priority}`), priority === undefined ? { label: `l${i}` } : { priority, label: `l${i}` }),
    );
    const results = handles.map((h) => observe(h.result));
    // Cancel one queued task of several priorities (and cancel twice: false the second time).
    for (const i of [1, 2, 3, 10]) {
      expect(handles[i]!.cancel()).toBe(true);
      expect(handles[i]!.cancel()).toBe(false);
    }
    expect(pool.status().queued).toBe(priorities.length - 4);
    b.release('go');
    await until(() => results.every((r) => r.settled), 'all settled');
    expect(order).toEqual(['11:Infinity', '8:100', '6:3', '5:0.5', '0:0', '9:0', '7:-1', '4:-2.5']);
    for (const i of [1, 2, 3, 10]) expect(results[i]!.error).toBeInstanceOf(TaskCancelledError);
    expect(pool.status()).toMatchObject({ queued: 0, running: 0, completed: 9, cancelled: 4 });
    // The levels emptied by cancels still work.
    const again: string[] = [];
    await Promise.all([3, -1, 3, -Infinity].map((p, i) => pool.run(() => void again.push(`${i}`), { priority: p })));
    expect(again.length).toBe(4);
  });

  it('interleaved cancels of queued and running tasks with deadlines: each settles once, the queue and timeouts stay intact', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 3, maxQueueSize: Infinity, taskTimeout: 1_000, timeoutGrace: 10, circuitBreaker: false });
    await ready(pool);
    const events = recordEvents(pool);
    const started: number[] = [];
    const n = 60;
    const handles = Array.from({ length: n }, (_, i) =>
      pool.submit(
        (ctx) => {
          started.push(i);
          return untilAborted(ctx);
        },
        i % 5 === 0 ? { timeout: 700 + i } : i % 3 === 0 ? { priority: (i % 4) - 1 } : {},
      ),
    );
    const results = handles.map((h) => observe(h.result));
    const cancelled = new Set<number>();
    // Cancel running and queued ones alternately, in several rounds with time passing in between.
    for (let round = 0; round < 5; round++) {
      await vi.advanceTimersByTimeAsync(0);
      const running = started.filter((i) => !cancelled.has(i) && !results[i]!.settled);
      const waiting = handles.map((_, i) => i).filter((i) => !started.includes(i) && !cancelled.has(i));
      for (const i of [running[0], waiting[waiting.length - 1], waiting[0], running[1], waiting[Math.floor(waiting.length / 2)]]) {
        if (i === undefined || cancelled.has(i)) continue;
        expect(handles[i]!.cancel(new Boom(`c${i}`))).toBe(true);
        cancelled.add(i);
      }
      await vi.advanceTimersByTimeAsync(0);
      expect(pool.status().running).toBeLessThanOrEqual(3);
    }
    // Everything else times out eventually: each running task after its own deadline.
    for (let i = 0; i < 200 && !results.every((r) => r.settled); i++) await vi.advanceTimersByTimeAsync(250);
    expect(results.every((r) => r.settled)).toBe(true);
    for (let i = 0; i < n; i++) {
      if (cancelled.has(i)) {
        expect((results[i]!.error as Error).message, `task ${i}`).toBe(`c${i}`);
      } else {
        expect(results[i]!.error, `task ${i}`).toBeInstanceOf(TaskTimeoutError);
        expect((results[i]!.error as TaskTimeoutError).timeout, `task ${i}`).toBe(i % 5 === 0 ? 700 + i : 1_000);
      }
    }
    const settledEvents = events.count('taskCancelled') + events.count('taskTimedOut') + events.count('taskSucceeded') + events.count('taskFailed');
    expect(settledEvents).toBe(n);
    expect(pool.status()).toMatchObject({ accepted: n, cancelled: cancelled.size, timedOut: n - cancelled.size, queued: 0, running: 0 });
    // Each task started at most once (no duplicate run from a corrupted queue).
    expect(new Set(started).size).toBe(started.length);
  });

  it('a cancelled queued task with an own timeout never times out later; a default-timeout task queued long still gets its full time', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, taskTimeout: 100, timeoutGrace: 10, circuitBreaker: false });
    await ready(pool);
    const events = recordEvents(pool);
    const b = blockers();
    const blocker = observe(pool.run(b.task, { timeout: false }));
    const own = observe(pool.run(untilAborted, { timeout: 50 }));
    const ownCancelled = pool.submit(untilAborted, { timeout: 60, priority: 1 });
    const dflt = observe(pool.run(untilAborted));
    ownCancelled.cancel();
    expect(await rejectionOf(ownCancelled.result)).toBeInstanceOf(TaskCancelledError);
    await vi.advanceTimersByTimeAsync(50);
    // Its own timeout counts from submission: it timed out in the queue.
    expect(own.error).toBeInstanceOf(TaskTimeoutError);
    await vi.advanceTimersByTimeAsync(150); // the default timeout has not started: still queued
    expect(dflt.settled).toBe(false);
    b.release('done');
    await vi.advanceTimersByTimeAsync(0);
    expect(blocker.value).toBe('done');
    await vi.advanceTimersByTimeAsync(99);
    expect(dflt.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(dflt.error).toBeInstanceOf(TaskTimeoutError);
    expect(events.of('taskTimedOut').map((e) => e.timeout)).toEqual([50, 100]);
    expect(pool.status()).toMatchObject({ timedOut: 2, cancelled: 1, completed: 1 });
  });
});

describe('record: timeouts kept in the extras', () => {
  it('own timeout equal to the default still counts from submission; other options do not change the default', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, taskTimeout: 100, timeoutGrace: 10, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task, { timeout: false });
    const equal = observe(pool.run(untilAborted, { timeout: 100 }));
    await vi.advanceTimersByTimeAsync(100);
    expect(equal.error).toBeInstanceOf(TaskTimeoutError); // timed out in the queue
    expect((equal.error as TaskTimeoutError).timeout).toBe(100);
    b.release('x');
    await vi.advanceTimersByTimeAsync(0);

    // Tasks whose extras exist for other reasons (priority, label, signal read) keep the pool's timeout.
    const withPriority = observe(pool.run(untilAborted, { priority: 7 }));
    await vi.advanceTimersByTimeAsync(99);
    expect(withPriority.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((withPriority.error as TaskTimeoutError).timeout).toBe(100);
    await vi.advanceTimersByTimeAsync(20);

    const withLabel = observe(pool.run(untilAborted, { label: 'x', priority: -3 }));
    await vi.advanceTimersByTimeAsync(100);
    expect((withLabel.error as TaskTimeoutError).timeout).toBe(100);
    await vi.advanceTimersByTimeAsync(20);

    const own = observe(pool.run(untilAborted, { priority: 2, timeout: 250 }));
    await vi.advanceTimersByTimeAsync(249);
    expect(own.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((own.error as TaskTimeoutError).timeout).toBe(250);
    await vi.advanceTimersByTimeAsync(20);

    // timeout: false on a pool with a default: never times out (with and without other extras).
    const never = observe(pool.run(untilAborted, { timeout: false }));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(never.settled).toBe(false);
    pool.submit(() => 'queued behind', { priority: 1 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(never.settled).toBe(false);
    expect(pool.status().timedOut).toBe(4);
  });

  it('taskTimeout: false pool: tasks never time out unless they give a timeout', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 2, taskTimeout: false, timeoutGrace: 10, circuitBreaker: false });
    await ready(pool);
    const events = recordEvents(pool);
    const plain = observe(pool.run(untilAborted));
    const own = observe(pool.run(untilAborted, { timeout: 30, label: 'own' }));
    const ownPriority = observe(pool.run(untilAborted, { timeout: 40, priority: -4 })); // queued: times out there
    const explicitFalse = observe(pool.run(untilAborted, { timeout: false, priority: 9 }));
    await vi.advanceTimersByTimeAsync(30);
    expect(own.error).toBeInstanceOf(TaskTimeoutError);
    await vi.advanceTimersByTimeAsync(10);
    expect((ownPriority.error as TaskTimeoutError).timeout).toBe(40);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(plain.settled).toBe(false);
    expect(explicitFalse.settled).toBe(false);
    expect(events.of('taskTimedOut').map((e) => [e.timeout, e.label])).toEqual([
      [30, 'own'],
      [40, undefined],
    ]);
  });
});

describe('record: labels and ctx.signal', () => {
  it('labels ride on every event, with and without other extras; no label is undefined', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, taskTimeout: 100, timeoutGrace: 10, circuitBreaker: false, handlers: { named: () => 'n' } });
    await ready(pool);
    const events = recordEvents(pool);
    const b = blockers();
    pool.submit(b.task, { label: 'blocker', timeout: false });
    const ok = observe(pool.run(() => 'ok', { label: 'ok' }));
    const fails = observe(pool.run(() => Promise.reject(new Boom()), { label: 'fails', priority: 1 }));
    const cancelled = pool.submit(() => 1, { label: 'cancelled', priority: -1 });
    const times = observe(pool.run(untilAborted, { label: 'times' }));
    const plain = observe(pool.run(() => 'plain'));
    const retried = observe(pool.run(() => Promise.reject(new Boom('r')), { label: 'retried', retry: { attempts: 2, backoff: { type: 'fixed', delay: 1 } } }));
    cancelled.cancel();
    const named = observe((pool as any).call('named'));
    b.release('go');
    for (let i = 0; i < 50 && ![ok, fails, times, plain, retried, named].every((o) => o.settled); i++) await vi.advanceTimersByTimeAsync(50);
    expect(named.value).toBe('n');
    const labelsOf = (type: any) => events.of(type).map((e: any) => e.label);
    expect(labelsOf('taskQueued')).toEqual(['ok', 'fails', 'cancelled', 'times', undefined, 'retried', 'named']);
    expect(labelsOf('taskStarted')).toEqual(['blocker', 'fails', 'ok', 'times', undefined, 'retried', 'named', 'retried']);
    expect(labelsOf('taskSucceeded')).toEqual(['blocker', 'ok', undefined, 'named']);
    expect(labelsOf('taskFailed')).toEqual(['fails', 'retried']);
    expect(labelsOf('taskCancelled')).toEqual(['cancelled']);
    expect(labelsOf('taskTimedOut')).toEqual(['times']);
    expect(labelsOf('taskRetried')).toEqual(['retried']);
  });

  it('ctx.signal read before an abort, after a cancel, after a timeout, and on success', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 3, taskTimeout: 100, timeoutGrace: 50, circuitBreaker: false });
    await ready(pool);
    const reason = new Boom('stop');
    // Read at once, then cancelled.
    let early: AbortSignal | undefined;
    const h1 = pool.submit((ctx) => {
      early = ctx.signal;
      return untilAborted(ctx);
    });
    // Read only after the cancel.
    let ctx2: TaskContext<any> | undefined;
    const h2 = pool.submit((ctx) => {
      ctx2 = ctx;
      return new Promise((resolve) => setTimeout(resolve, 10));
    });
    // Read only after its timeout.
    let ctx3: TaskContext<any> | undefined;
    const h3 = pool.submit((ctx) => {
      ctx3 = ctx;
      return new Promise((resolve) => setTimeout(resolve, 120));
    });
    const r1 = observe(h1.result);
    const r2 = observe(h2.result);
    const r3 = observe(h3.result);
    await vi.advanceTimersByTimeAsync(0);
    expect(early!.aborted).toBe(false);
    h1.cancel(reason);
    h2.cancel(reason);
    expect(early!.aborted).toBe(true);
    expect(early!.reason).toBe(reason);
    expect(ctx2!.signal.aborted).toBe(true);
    expect(ctx2!.signal.reason).toBe(reason);
    expect(ctx2!.signal).toBe(ctx2!.signal);
    await vi.advanceTimersByTimeAsync(100);
    expect(r3.error).toBeInstanceOf(TaskTimeoutError);
    expect(ctx3!.signal.aborted).toBe(true);
    expect(ctx3!.signal.reason).toBe(r3.error);
    expect(r1.error).toBe(reason);
    expect(r2.error).toBe(reason);
    // A task that succeeds: its signal (read after) is not aborted.
    let ctx4: TaskContext<any> | undefined;
    expect(
      await pool.run((ctx) => {
        ctx4 = ctx;
        return 'fine';
      }),
    ).toBe('fine');
    expect(ctx4!.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
  });
});

describe('record: retries with timeouts', () => {
  it('a retried try still times out, with a fresh signal each try; the last try may succeed', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, taskTimeout: 100, timeoutGrace: 10, circuitBreaker: false });
    await ready(pool);
    const signals: AbortSignal[] = [];
    const abortedAtStart: boolean[] = [];
    let tries = 0;
    const result = observe(
      pool.run(
        (ctx) => {
          tries++;
          signals.push(ctx.signal);
          abortedAtStart.push(ctx.signal.aborted);
          return tries < 3 ? untilAborted(ctx) : 'third';
        },
        { retry: { attempts: 3, backoff: { type: 'fixed', delay: 10 } } },
      ),
    );
    await vi.advanceTimersByTimeAsync(99);
    expect(tries).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[0]!.reason).toBeInstanceOf(TaskTimeoutError);
    await vi.advanceTimersByTimeAsync(10);
    expect(tries).toBe(2);
    await vi.advanceTimersByTimeAsync(99);
    expect(signals[1]!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(signals[1]!.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(10);
    await until(() => result.settled, 'settled');
    expect(result.value).toBe('third');
    expect(abortedAtStart).toEqual([false, false, false]);
    expect(new Set(signals).size).toBe(3);
    expect(signals[2]!.aborted).toBe(false);
    expect(pool.status()).toMatchObject({ completed: 1, timedOut: 0, retried: 2 });
  });

  it('own timeout with priority and label: every try times out, the task rejects once with TaskTimeoutError', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, taskTimeout: 1_000, timeoutGrace: 10, circuitBreaker: false });
    await ready(pool);
    const events = recordEvents(pool);
    let tries = 0;
    const result = observe(
      pool.run(
        (ctx) => {
          tries++;
          return untilAborted(ctx);
        },
        { timeout: 50, priority: 4, label: 'slow', retry: { attempts: 3, backoff: { type: 'fixed', delay: 5 } } },
      ),
    );
    for (let i = 0; i < 20 && !result.settled; i++) await vi.advanceTimersByTimeAsync(25);
    expect(tries).toBe(3);
    expect(result.error).toBeInstanceOf(TaskTimeoutError);
    expect((result.error as TaskTimeoutError).timeout).toBe(50);
    expect(events.of('taskRetried').map((e) => e.label)).toEqual(['slow', 'slow']);
    expect(events.of('taskTimedOut').map((e) => [e.label, e.timeout])).toEqual([['slow', 50]]);
    expect(pool.status()).toMatchObject({ timedOut: 1, retried: 2, failed: 0 });
  });

  it('a task cancelled while waiting for its next try rejects once and never runs again', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    let tries = 0;
    const handle = pool.submit(() => (tries++, Promise.reject(new Boom('t'))), { retry: { attempts: 5, backoff: { type: 'fixed', delay: 100 } }, priority: 2 });
    const result = observe(handle.result);
    await vi.advanceTimersByTimeAsync(0);
    expect(pool.status().retrying).toBe(1);
    expect(handle.cancel()).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(tries).toBe(1);
    expect(result.error).toBeInstanceOf(TaskCancelledError);
    expect(pool.status()).toMatchObject({ cancelled: 1, retrying: 0, failed: 0 });
  });
});

describe('record: the breaker ticket', () => {
  async function tripped(options: Record<string, unknown>, size: number) {
    const pool = makePool({ size, circuitBreaker: { failureThreshold: 2, cooldown: 100, ...options } });
    await ready(pool);
    for (let i = 0; i < 2; i++) await rejectionOf(pool.run(() => Promise.reject(new Boom())));
    expect(pool.circuit).toBe('open');
    return pool;
  }

  it('half-open probes: cancelled probes free their slot, stale results are ignored, successes close it', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 4, circuitBreaker: { failureThreshold: 2, cooldown: 100, halfOpenMaxCalls: 2, successThreshold: 2 } });
    await ready(pool);
    const b = blockers();
    const stale = pool.submit(b.task); // started while closed (index 0)
    const staleResult = observe(stale.result);
    for (let i = 0; i < 2; i++) await rejectionOf(pool.run(() => Promise.reject(new Boom())));
    expect(pool.circuit).toBe('open');
    await vi.advanceTimersByTimeAsync(100);
    expect(pool.circuit).toBe('halfOpen');
    const p1 = pool.submit(b.task); // probe (1)
    const p2 = pool.submit(b.task); // probe (2)
    expect(thrownBy(() => pool.submit(b.task))).toBeInstanceOf(CircuitOpenError);
    // The stale task fails now: neither counted nor freeing a probe slot.
    b.fail(new Boom('stale'), 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(staleResult.error).toBeInstanceOf(Boom);
    expect(pool.circuit).toBe('halfOpen');
    expect(thrownBy(() => pool.submit(b.task))).toBeInstanceOf(CircuitOpenError);
    // A cancelled probe frees its slot once its code returns.
    const p1Result = observe(p1.result);
    p1.cancel();
    b.release('late', 1);
    await vi.advanceTimersByTimeAsync(0);
    expect(p1Result.error).toBeInstanceOf(TaskCancelledError);
    expect(pool.circuit).toBe('halfOpen');
    const p3 = pool.submit(b.task); // probe (3)
    expect(thrownBy(() => pool.submit(b.task))).toBeInstanceOf(CircuitOpenError);
    b.release('two', 2);
    expect(await p2.result).toBe('two');
    expect(pool.circuit).toBe('halfOpen'); // one success of two
    b.release('three', 3);
    expect(await p3.result).toBe('three');
    expect(pool.circuit).toBe('closed');
    expect(pool.status()).toMatchObject({ cancelled: 1, failed: 3, completed: 2 });
  });

  it('a probe that times out or fails reopens it; a probe whose retry runs is counted once per try', async () => {
    vi.useFakeTimers();
    const pool = await tripped({ halfOpenMaxCalls: 1 }, 2);
    await vi.advanceTimersByTimeAsync(100);
    expect(pool.circuit).toBe('halfOpen');
    const probe = observe(pool.run(untilAborted, { timeout: 30, label: 'probe' }));
    await vi.advanceTimersByTimeAsync(30);
    expect(probe.error).toBeInstanceOf(TaskTimeoutError);
    expect(pool.circuit).toBe('open');
    await vi.advanceTimersByTimeAsync(200);
    expect(pool.circuit).toBe('halfOpen');
    // A probe with retry: its failure reopens the circuit; its next try waits for the circuit.
    let tries = 0;
    const retried = observe(pool.run(() => (++tries === 1 ? Promise.reject(new Boom('probe')) : 'ok'), { retry: { attempts: 2, backoff: { type: 'fixed', delay: 1 } } }));
    await vi.advanceTimersByTimeAsync(1);
    expect(pool.circuit).toBe('open');
    expect(tries).toBe(1);
    for (let i = 0; i < 40 && !retried.settled; i++) await vi.advanceTimersByTimeAsync(50);
    expect(retried.value).toBe('ok');
    expect(tries).toBe(2);
    expect(pool.circuit).toBe('closed');
  });

  it('a stale probe (from an earlier half-open period) neither frees a probe slot nor counts as a success', async () => {
    vi.useFakeTimers();
    const pool = await tripped({ halfOpenMaxCalls: 2, successThreshold: 2 }, 4);
    await vi.advanceTimersByTimeAsync(100);
    expect(pool.circuit).toBe('halfOpen');
    const b = blockers();
    const p1 = observe(pool.submit(b.task).result); // probe, period 1
    const p2 = observe(pool.submit(b.task).result); // probe, period 1
    b.fail(new Boom('probe failed'), 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(p1.error).toBeInstanceOf(Boom);
    expect(pool.circuit).toBe('open');
    await vi.advanceTimersByTimeAsync(100);
    expect(pool.circuit).toBe('halfOpen');
    const p3 = observe(pool.submit(b.task).result); // probe, period 2
    const p4 = observe(pool.submit(b.task).result); // probe, period 2
    expect(thrownBy(() => pool.submit(b.task))).toBeInstanceOf(CircuitOpenError);
    b.release('stale', 1); // p2: a probe of period 1
    await vi.advanceTimersByTimeAsync(0);
    expect(p2.value).toBe('stale');
    expect(pool.circuit).toBe('halfOpen');
    expect(thrownBy(() => pool.submit(b.task))).toBeInstanceOf(CircuitOpenError);
    b.release('three', 2);
    await vi.advanceTimersByTimeAsync(0);
    expect(p3.value).toBe('three');
    expect(pool.circuit).toBe('halfOpen'); // one success of the two needed: the stale one did not count
    b.release('four', 3);
    await vi.advanceTimersByTimeAsync(0);
    expect(p4.value).toBe('four');
    expect(pool.circuit).toBe('closed');
  });

  it('a failure from before the circuit opened does not count in the next closed period', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 3, circuitBreaker: { failureThreshold: 2, cooldown: 100 } });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task); // generation 0, closed
    pool.submit(b.task);
    pool.openCircuit();
    await vi.advanceTimersByTimeAsync(100);
    expect(pool.circuit).toBe('halfOpen');
    expect(await pool.run(() => 'probe')).toBe('probe');
    expect(pool.circuit).toBe('closed');
    b.fail(new Boom('old 1'), 0);
    b.fail(new Boom('old 2'), 1);
    await vi.advanceTimersByTimeAsync(0);
    expect(pool.circuit).toBe('closed');
    await rejectionOf(pool.run(() => Promise.reject(new Boom('new'))));
    expect(pool.circuit).toBe('closed');
    await rejectionOf(pool.run(() => Promise.reject(new Boom('new'))));
    expect(pool.circuit).toBe('open');
  });
});

describe('record: close and crash', () => {
  it('terminate with queued (all kinds of extras) and running tasks: each rejects once with PoolClosedError or its abort reason', async () => {
    const pool = makePool({ size: 2, taskTimeout: 60_000, circuitBreaker: false });
    await ready(pool);
    const events = recordEvents(pool);
    const running = [pool.submit(untilAborted), pool.submit(untilAborted, { label: 'r', timeout: 50_000 })];
    const queued = [
      pool.submit(untilAborted, { priority: 3 }),
      pool.submit(untilAborted, { priority: -3, timeout: 70_000 }),
      pool.submit(untilAborted),
      pool.submit(untilAborted, { label: 'q', retry: { attempts: 3 } }),
    ];
    const results = [...running, ...queued].map((h) => observe(h.result));
    await pool.terminate();
    await until(() => results.every((r) => r.settled), 'all settled');
    for (const r of results) expect(r.ok).toBe(false);
    for (const r of results.slice(2)) expect(r.error).toBeInstanceOf(PoolClosedError);
    expect(events.count('taskCancelled')).toBe(6);
    expect(pool.status()).toMatchObject({ accepted: 6, cancelled: 6, completed: 0, failed: 0, timedOut: 0 });
  });

  it('close during work: running tasks finish, queued tasks of every priority still run, in order', async () => {
    const pool = makePool({ size: 1, taskTimeout: 60_000, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    const order: string[] = [];
    const first = pool.run(b.task);
    const rest = [
      pool.run(() => (order.push('low'), 'low'), { priority: -1 }),
      pool.run(() => (order.push('high'), 'high'), { priority: 2, label: 'h' }),
      pool.run(() => (order.push('mid'), Promise.reject(new Boom('mid'))), { timeout: 30_000 }),
    ];
    const closing = pool.close();
    b.release('first');
    expect(await first).toBe('first');
    expect(await rest[0]).toBe('low');
    expect(await rest[1]).toBe('high');
    expect(await rejectionOf(rest[2]!)).toBeInstanceOf(Boom);
    await closing;
    expect(order).toEqual(['high', 'mid', 'low']);
  });

  it('a fatal error (crash) settles the task once with its error and the next queued task runs on a fresh worker', async () => {
    class Fatal extends Error {}
    const pool = makePool({ size: 1, circuitBreaker: false, isFatal: (e) => e instanceof Fatal });
    await ready(pool);
    const b = blockers();
    const first = pool.submit(b.task, { label: 'fatal' });
    const firstResult = first.result;
    const next = pool.run(() => 'next', { priority: 1 });
    const error = new Fatal('broken');
    b.fail(error, 0);
    expect(await rejectionOf(firstResult)).toBe(error);
    expect(await next).toBe('next');
    expect(first.cancel()).toBe(false);
    expect(pool.status()).toMatchObject({ failed: 1, completed: 1 });
  });
});

describe('record: one list link for the queue and the deadline lists', () => {
  const node = (name: string, priority = 0) => ({ name, priority, prev: undefined, next: undefined, list: undefined, deadline: 0 }) as any;

  it('a queued node is not unlinked by the deadline lists, a node in a deadline list not by the queue (same key)', () => {
    vi.useFakeTimers();
    const queue = new TaskQueue<any>();
    const expired: string[] = [];
    const deadlines = new Deadlines<any>((n) => expired.push(n.name));
    const running = node('running');
    deadlines.add(running, 100, performance.now());
    const [a, b, c] = [node('a', 100), node('b', 100), node('c', 100)];
    queue.push(a);
    queue.push(b);
    queue.push(c);
    deadlines.remove(b); // queued: not in a deadline list
    expect(queue.size).toBe(3);
    expect(queue.remove(running)).toBe(false); // in a deadline list keyed 100, not the level 100
    expect(queue.remove(b)).toBe(true);
    expect(queue.remove(b)).toBe(false);
    expect(queue.drain().map((n) => n.name)).toEqual(['a', 'c']);
    vi.advanceTimersByTime(100);
    expect(expired).toEqual(['running']);
    // A finished node is unlinked at once: the list's next timer expires only what is left.
    const [d, e, f] = [node('d'), node('e'), node('f')];
    deadlines.add(d, 100, performance.now());
    vi.advanceTimersByTime(10);
    deadlines.add(e, 100, performance.now());
    vi.advanceTimersByTime(10);
    deadlines.add(f, 100, performance.now());
    deadlines.remove(e);
    deadlines.remove(d);
    deadlines.remove(d);
    vi.advanceTimersByTime(99);
    expect(expired).toEqual(['running']);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['running', 'f']);
  });

  it('under fake timers that fake only Date, removal from a Date-clock deadline list still works', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const expired: string[] = [];
    const deadlines = new Deadlines<any>((n) => expired.push(n.name));
    const [a, b, c] = [node('a'), node('b'), node('c')];
    deadlines.add(a, 50, performance.now());
    deadlines.add(b, 50, performance.now());
    deadlines.add(c, 70, performance.now());
    deadlines.remove(a);
    deadlines.remove(c);
    expect(a.list).toBeUndefined();
    vi.advanceTimersByTime(100);
    expect(expired).toEqual(['b']);
  });

  it('a pool under Date-only fake timers: cancelled running tasks leave their deadline list, the others time out on time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'] });
    const pool = makePool({ size: 3, taskTimeout: 100, timeoutGrace: 10, circuitBreaker: false });
    await ready(pool);
    const a = observe(pool.run(untilAborted));
    await vi.advanceTimersByTimeAsync(10);
    const b = pool.submit(untilAborted);
    const bResult = observe(b.result);
    await vi.advanceTimersByTimeAsync(10);
    const c = observe(pool.run(untilAborted));
    b.cancel(new Boom('b'));
    await vi.advanceTimersByTimeAsync(79);
    expect(a.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(a.error).toBeInstanceOf(TaskTimeoutError);
    expect((bResult.error as Error).message).toBe('b');
    await vi.advanceTimersByTimeAsync(19);
    expect(c.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(c.error).toBeInstanceOf(TaskTimeoutError);
    expect(pool.status()).toMatchObject({ timedOut: 2, cancelled: 1 });
  });

  it('tasks finishing out of start order (middle, then head) leave the one left to time out exactly on its deadline', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 3, taskTimeout: 100, timeoutGrace: 10, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    const first = observe(pool.run(b.task));
    await vi.advanceTimersByTimeAsync(10);
    const second = observe(pool.run(b.task));
    await vi.advanceTimersByTimeAsync(10);
    const third = observe(pool.run(untilAborted));
    await vi.advanceTimersByTimeAsync(10);
    b.release('2', 1);
    await vi.advanceTimersByTimeAsync(10);
    b.release('1', 0);
    await vi.advanceTimersByTimeAsync(79);
    expect([first.value, second.value, third.settled]).toEqual(['1', '2', false]);
    await vi.advanceTimersByTimeAsync(1);
    expect(third.error).toBeInstanceOf(TaskTimeoutError);
    // The queue after it: a burst of sync tasks of mixed priority, some cancelled by a taskStarted listener.
    const gate = blockers();
    pool.submit(gate.task, { timeout: false });
    pool.submit(gate.task, { timeout: false });
    pool.submit(gate.task, { timeout: false });
    const order: number[] = [];
    const handles = Array.from({ length: 300 }, (_, i) => pool.submit(() => void order.push(i), { priority: i % 4 === 0 ? 1 : i % 4 === 1 ? -1 : 0 }));
    pool.events.on('taskStarted', ({ taskId }) => {
      const index = handles.findIndex((h) => h.id === taskId);
      if (index >= 0 && index % 10 === 3) handles[index]!.cancel();
    });
    const results = handles.map((h) => observe(h.result));
    gate.release('a', 0);
    gate.release('b', 1);
    gate.release('c', 2);
    for (let i = 0; i < 100 && !results.every((r) => r.settled); i++) await vi.advanceTimersByTimeAsync(1);
    expect(results.every((r) => r.settled)).toBe(true);
    const ran = new Set(order);
    for (let i = 0; i < 300; i++) {
      if (i % 10 === 3) {
        expect(results[i]!.error, `task ${i}`).toBeInstanceOf(TaskCancelledError);
        expect(ran.has(i), `task ${i}`).toBe(false);
      } else expect(ran.has(i), `task ${i}`).toBe(true);
    }
    expect(order.length).toBe(270);
    // Priorities held in the queue: every priority-1 task ran before any priority-0 one started.
    const firstZero = order.findIndex((i) => i % 4 >= 2);
    const lastOne = order.map((i) => i % 4 === 0).lastIndexOf(true);
    expect(lastOne).toBeLessThan(firstZero);
  });
});

describe('record: the result read from inside the settling', () => {
  it('read from an abort listener (before the settle), from the settle events (after), and from taskStarted', async () => {
    const pool = makePool({ size: 2, circuitBreaker: false });
    await ready(pool);
    const reason = new Boom('why');
    const fromAbort: unknown[] = [];
    const fromEvent: unknown[] = [];
    const handles = new Map<string, TaskHandle<unknown>>();
    let handle!: TaskHandle<unknown>;
    handle = pool.submit((ctx) => {
      ctx.signal.addEventListener('abort', () => {
        handle.result.catch((e) => fromAbort.push(e));
      });
      return untilAborted(ctx);
    });
    handles.set(handle.id, handle);
    pool.events.on('taskCancelled', ({ taskId }) => {
      handles.get(taskId)?.result.catch((e) => fromEvent.push(e));
    });
    pool.events.on('taskFailed', ({ taskId }) => {
      handles.get(taskId)?.result.catch((e) => fromEvent.push(e));
    });
    await flushMicrotasks();
    handle.cancel(reason);
    const failing = pool.submit(() => Promise.reject(reason));
    handles.set(failing.id, failing);
    // Cancelled from taskStarted: never runs, rejects once with the cancel's reason.
    let ran = false;
    const startedOff = (event: { taskId: string }) => {
      if (event.taskId === third.id) {
        third.cancel(reason);
        third.result.catch((e) => fromEvent.push(e));
      }
    };
    pool.events.on('taskStarted', startedOff);
    const third = pool.submit(() => {
      ran = true;
    });
    await until(() => fromEvent.length === 3 && fromAbort.length === 1, 'all heard');
    await flushMicrotasks();
    expect(ran).toBe(false);
    expect(fromAbort).toEqual([reason]);
    expect(fromEvent).toEqual([reason, reason, reason]);
    expect(await rejectionOf(handle.result)).toBe(reason);
    expect(pool.status()).toMatchObject({ cancelled: 2, failed: 1 });
  });
});
