import { describe, expect, it } from 'vitest';
import { QueueFullError, TaskCancelledError, type TaskContext } from '../../src/index.js';
import {
  blockers,
  flushMicrotasks,
  makePool,
  observe,
  poolSuite,
  ready,
  recordEvents,
  rejectionOf,
  thrownBy,
  until,
} from './helpers.js';

poolSuite();

describe('cancel and abort', () => {
  it('abort while queued: the task never runs, rejects with the reason and frees its place', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    const events = recordEvents(pool);
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    const controller = new AbortController();
    let ran = false;
    const queued = observe(pool.run(() => (ran = true), { signal: controller.signal }));
    const after = observe(pool.run(() => 'after'));
    expect(pool.status().queued).toBe(2);

    const reason = new Error('user left');
    controller.abort(reason);
    await flushMicrotasks();
    expect(queued.error).toBe(reason);
    expect(pool.status().queued).toBe(1);
    expect(events.of('taskCancelled')).toMatchObject([{ pool: pool.name, reason }]);

    b.release('go');
    await until(() => after.settled, 'task after the cancelled one');
    expect(after.value).toBe('after');
    expect(ran).toBe(false);
    expect(pool.metrics()).toMatchObject({ accepted: 3, completed: 2, cancelled: 1, failed: 0 });
  });

  it('abort while running: the promise rejects with the reason and ctx.signal is aborted with it', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const controller = new AbortController();
    let seen: TaskContext | undefined;
    const running = observe(
      pool.run(
        (ctx) => {
          seen = ctx;
          return new Promise(() => undefined); // ignores its signal
        },
        { signal: controller.signal },
      ),
    );
    await until(() => seen !== undefined, 'task started');
    const reason = new Error('stop it');
    controller.abort(reason);
    await flushMicrotasks();
    expect(running.error).toBe(reason);
    expect(seen!.signal.aborted).toBe(true);
    expect(seen!.signal.reason).toBe(reason);
    expect(pool.metrics().cancelled).toBe(1);
  });

  it('a running task that was cancelled keeps its worker until its code returns (never more than size run)', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    const first = pool.submit(b.task);
    const second = observe(pool.run(b.task));
    first.cancel(new Error('cancelled'));
    await rejectionOf(first.result);
    await flushMicrotasks();
    expect(b.started).toHaveLength(1); // the queued task waits: the worker is still busy
    expect(pool.status()).toMatchObject({ busyWorkers: 1, queued: 1 });
    b.release('ignored', 0);
    await until(() => b.started.length === 2, 'second task started');
    b.release('second', 1);
    await until(() => second.settled, 'second task');
    expect(second.value).toBe('second');
    // The cancelled task's own late result counts for nothing.
    expect(pool.metrics()).toMatchObject({ completed: 1, cancelled: 1, failed: 0 });
  });

  it('a cooperative task sees its signal abort and stops', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    let cleanedUp = false;
    const handle = pool.submit(
      ({ signal }) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => {
            cleanedUp = true;
            reject(signal.reason);
          });
        }),
    );
    await until(() => pool.status().busyWorkers === 1, 'task running');
    const reason = new Error('cancel');
    expect(handle.cancel(reason)).toBe(true);
    expect(await rejectionOf(handle.result)).toBe(reason);
    expect(cleanedUp).toBe(true);
    await until(() => pool.status().idleWorkers === 1, 'worker free again');
    expect(pool.metrics()).toMatchObject({ cancelled: 1, failed: 0 });
  });

  it('an already-aborted signal rejects at once with its reason; the task never runs', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const reason = new Error('already gone');
    let ran = false;
    const handle = pool.submit(() => (ran = true), { signal: AbortSignal.abort(reason) });
    const outcome = observe(handle.result);
    await flushMicrotasks(3);
    expect(outcome.settled).toBe(true);
    expect(outcome.error).toBe(reason);
    await pool.onIdle();
    expect(ran).toBe(false);
    expect(pool.metrics()).toMatchObject({ accepted: 1, cancelled: 1, completed: 0 });
    // Without a reason, AbortSignal.abort() gives an AbortError DOMException.
    const plain = await rejectionOf(pool.run(() => 1, { signal: AbortSignal.abort() }));
    expect((plain as DOMException).name).toBe('AbortError');
  });

  it('cancel(reason) on a queued task frees its slot at once: a submit that would be QueueFull is accepted', async () => {
    const pool = makePool({ size: 1, maxQueueSize: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    let ran = false;
    const queued = pool.submit(() => (ran = true));
    expect(thrownBy(() => pool.submit(() => 'refused'))).toBeInstanceOf(QueueFullError);

    const reason = new Error('no longer needed');
    expect(queued.cancel(reason)).toBe(true);
    expect(pool.status().queued).toBe(0);
    const accepted = pool.submit(() => 'accepted'); // synchronously, no tick needed
    expect(await rejectionOf(queued.result)).toBe(reason);
    b.release('go');
    expect(await accepted.result).toBe('accepted');
    expect(ran).toBe(false);
  });

  it('cancel() without a reason rejects with TaskCancelledError; cancelling a settled task returns false', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    const queued = pool.submit(() => 1);
    expect(queued.cancel()).toBe(true);
    const error = await rejectionOf(queued.result);
    expect(error).toBeInstanceOf(TaskCancelledError);
    expect((error as TaskCancelledError).taskId).toBe(queued.id);
    expect((error as TaskCancelledError).code).toBe('ERR_TASK_CANCELLED');
    expect(queued.cancel()).toBe(false);
    b.release('x');
    const done = pool.submit(() => 'done');
    expect(await done.result).toBe('done');
    expect(done.cancel(new Error('too late'))).toBe(false);
    expect(await done.result).toBe('done');
    expect(pool.metrics().cancelled).toBe(1);
  });

  it('an abort after the task settled changes nothing', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const controller = new AbortController();
    expect(await pool.run(() => 'v', { signal: controller.signal })).toBe('v');
    controller.abort(new Error('late'));
    await flushMicrotasks();
    expect(pool.metrics()).toMatchObject({ completed: 1, cancelled: 0 });
  });

  it('ctx.signal, read after the task was aborted, is already aborted', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    const handle = pool.submit(async (ctx) => {
      await b.task(ctx); // the signal is not read before the abort
      return ctx.signal.aborted;
    });
    await until(() => b.started.length === 1, 'started');
    handle.cancel();
    await rejectionOf(handle.result);
    const late = b.started[0]!;
    expect(late.signal.aborted).toBe(true);
    expect(late.signal.reason).toBeInstanceOf(TaskCancelledError);
    b.release('x');
  });
});
