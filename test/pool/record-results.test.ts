/**
 * Attacks on how the slimmed task record (18ab3f9) settles: the result promise kept in the outcome
 * field, in every outcome and in settle order, also read from inside the settling and through close
 * and crash.
 * Everything here is observable through the public API only.
 */
import { describe, expect, it, vi } from 'vitest';
import { PoolClosedError, TaskTimeoutError, type Pool, type TaskHandle } from '../../src/index.js';
import { blockers, Boom, flushMicrotasks, makePool, observe, poolSuite, ready, recordEvents, rejectionOf, until, untilAborted } from './helpers.js';

poolSuite();

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
