import { beforeEach, describe, expect, it, vi } from 'vitest';
import { TaskTimeoutError, type TaskContext } from '../../src/index.js';
import { blockers, flushMicrotasks, makePool, observe, poolSuite, ready, recordEvents, until } from './helpers.js';

poolSuite();

beforeEach(() => {
  vi.useFakeTimers();
});

describe('task timeouts', () => {
  it('a task past taskTimeout rejects with TaskTimeoutError; past its grace its worker is replaced and its late result is ignored', async () => {
    const disposed: string[] = [];
    const pool = makePool({
      size: 1,
      taskTimeout: 100,
      timeoutGrace: 50,
      circuitBreaker: false,
      worker: { init: ({ workerId }) => workerId, dispose: (resource) => void disposed.push(resource) },
    });
    const events = recordEvents(pool);
    await ready(pool);
    const b = blockers<string>();
    const slow = observe(pool.submit(b.task).result);
    await flushMicrotasks();
    const ctx = b.started[0] as TaskContext;
    const firstWorker = ctx.workerId;

    await vi.advanceTimersByTimeAsync(99);
    expect(slow.settled).toBe(false);
    expect(ctx.signal.aborted).toBe(false);

    await vi.advanceTimersByTimeAsync(1);
    expect(slow.settled).toBe(true);
    expect(slow.error).toBeInstanceOf(TaskTimeoutError);
    expect((slow.error as TaskTimeoutError).timeout).toBe(100);
    expect((slow.error as TaskTimeoutError).code).toBe('ERR_TASK_TIMEOUT');
    // The task is told to stop.
    expect(ctx.signal.aborted).toBe(true);
    expect(ctx.signal.reason).toBe(slow.error);
    expect(events.of('taskTimedOut')).toEqual([{ pool: pool.name, taskId: ctx.taskId, label: undefined, workerId: firstWorker, timeout: 100, waitTime: 0, runTime: 100 }]);

    // The task ignores its signal: its worker waits out the grace, then is abandoned and a
    // fresh one (new id) takes its slot.
    await vi.advanceTimersByTimeAsync(49);
    expect(events.count('workerCrashed')).toBe(0);
    expect(pool.status()).toMatchObject({ busyWorkers: 1, running: 0 });
    await vi.advanceTimersByTimeAsync(1);
    await until(() => events.count('workerRestarted') === 1, 'worker restarted');
    await ready(pool);
    expect(events.of('workerCrashed').map((e) => e.workerId)).toEqual([firstWorker]);
    expect(events.of('workerCrashed')[0]?.error).toBe(slow.error);
    expect(disposed).toEqual([firstWorker]);
    const next = observe(pool.run(({ workerId }) => workerId));
    await until(() => next.settled, 'next task');
    expect(next.value).not.toBe(firstWorker);

    // The late resolution of the abandoned task changes no count and settles nothing.
    const before = { metrics: pool.metrics(), status: pool.status(), events: events.log.length };
    b.release('late', 0);
    await vi.advanceTimersByTimeAsync(10);
    expect(slow.error).toBeInstanceOf(TaskTimeoutError);
    expect(pool.metrics()).toEqual(before.metrics);
    expect(pool.status()).toEqual(before.status);
    expect(events.log.length).toBe(before.events);
    expect(pool.metrics()).toMatchObject({ completed: 1, timedOut: 1, failed: 0, running: 0, crashes: 1, restarts: 1 });
    expect(pool.status()).toMatchObject({ completed: 1, failed: 0, timedOut: 1, idleWorkers: 1, busyWorkers: 0 });
  });

  it('a late rejection of a timed-out task is ignored too', async () => {
    const pool = makePool({ size: 1, taskTimeout: 50, circuitBreaker: false });
    const events = recordEvents(pool);
    await ready(pool);
    const b = blockers();
    const slow = observe(pool.submit(b.task).result);
    await vi.advanceTimersByTimeAsync(50);
    expect(slow.error).toBeInstanceOf(TaskTimeoutError);
    b.fail(new Error('late failure'), 0);
    await vi.advanceTimersByTimeAsync(10);
    expect(events.count('taskFailed')).toBe(0);
    expect(pool.metrics()).toMatchObject({ failed: 0, timedOut: 1 });
  });

  it('the per-task timeout overrides taskTimeout, and `false` disables it', async () => {
    const pool = makePool({ size: 2, taskTimeout: 1000, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    const short = observe(pool.submit(b.task, { timeout: 20 }).result);
    const none = observe(pool.submit(b.task, { timeout: false }).result);
    await vi.advanceTimersByTimeAsync(20);
    expect(short.error).toBeInstanceOf(TaskTimeoutError);
    expect((short.error as TaskTimeoutError).timeout).toBe(20);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(none.settled).toBe(false);
    b.release('done', 1);
    await until(() => none.settled, 'untimed task');
    expect(none.value).toBe('done');
  });

  it('taskTimeout: false lets tasks run as long as they need', async () => {
    const pool = makePool({ size: 1, taskTimeout: false, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    const long = observe(pool.submit(b.task).result);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(long.settled).toBe(false);
    b.release('eventually');
    await until(() => long.settled, 'long task');
    expect(long.value).toBe('eventually');
  });

  it('the default taskTimeout is 30 s', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const slow = observe(pool.run(() => new Promise(() => undefined)));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(slow.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(slow.error).toBeInstanceOf(TaskTimeoutError);
    expect((slow.error as TaskTimeoutError).timeout).toBe(30_000);
  });

  it('the timeout counts run time only: time spent queued does not count', async () => {
    const pool = makePool({ size: 1, taskTimeout: 100, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    const first = observe(pool.submit(b.task).result);
    const queued = observe(pool.run(async () => 'ran'));
    await vi.advanceTimersByTimeAsync(90);
    b.release('first');
    await until(() => first.settled && queued.settled, 'both done');
    expect(first.value).toBe('first');
    expect(queued.value).toBe('ran');
    expect(pool.metrics().timedOut).toBe(0);
  });

  it('a task that finishes in time clears its timer: no later timeout and no crash', async () => {
    const pool = makePool({ size: 1, taskTimeout: 100, circuitBreaker: false });
    const events = recordEvents(pool);
    await ready(pool);
    for (let i = 0; i < 5; i++) {
      const r = observe(pool.run(() => new Promise((resolve) => setTimeout(() => resolve(i), 60))));
      await vi.advanceTimersByTimeAsync(60);
      expect(r.value).toBe(i);
    }
    await vi.advanceTimersByTimeAsync(1000);
    expect(events.count('taskTimedOut')).toBe(0);
    expect(events.count('workerCrashed')).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('after a timeout (no grace) the queued tasks run on the replacement worker', async () => {
    const pool = makePool({ size: 1, taskTimeout: 100, timeoutGrace: 0, circuitBreaker: false });
    await ready(pool);
    const workers: string[] = [];
    const stuck = observe(pool.run(({ workerId }) => (workers.push(workerId), new Promise(() => undefined))));
    const queued = Array.from({ length: 3 }, (_, i) => observe(pool.run(({ workerId }) => (workers.push(workerId), i))));
    await vi.advanceTimersByTimeAsync(100);
    expect(stuck.error).toBeInstanceOf(TaskTimeoutError);
    await until(() => queued.every((q) => q.settled), 'queued tasks');
    expect(queued.map((q) => q.value)).toEqual([0, 1, 2]);
    expect(new Set(workers.slice(1)).size).toBe(1);
    expect(workers[1]).not.toBe(workers[0]);
  });
});
