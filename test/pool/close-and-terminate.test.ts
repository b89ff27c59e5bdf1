import { describe, expect, it, vi } from 'vitest';
import { PoolClosedError, type TaskContext, type TaskHandle } from '../../src/index.js';
import {
  Boom,
  blockers,
  flushMicrotasks,
  hang,
  makePool,
  observe,
  poolSuite,
  ready,
  recordEvents,
  rejectionOf,
  thrownBy,
  until,
  within,
} from './helpers.js';

poolSuite();

describe('close()', () => {
  it('waits for running and queued tasks, refusing new ones meanwhile', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    const events = recordEvents(pool);
    await ready(pool);
    const b = blockers();
    const running = observe(pool.run(b.task));
    const queued = observe(pool.run(b.task));

    const closing = observe(pool.close());
    expect(pool.phase).toBe('closing');
    expect(pool.actor.getSnapshot().value).toBe('closing');
    const refused = thrownBy(() => pool.submit(() => 1));
    expect(refused).toBeInstanceOf(PoolClosedError);
    expect((refused as PoolClosedError).code).toBe('ERR_POOL_CLOSED');
    expect(await rejectionOf(pool.run(() => 1))).toBeInstanceOf(PoolClosedError);

    b.release('first');
    await until(() => b.started.length === 2, 'queued task started during close');
    expect(closing.settled).toBe(false);
    b.release('second');
    await within(closing.promise, undefined, 'close');
    expect(running.value).toBe('first');
    expect(queued.value).toBe('second');
    expect(pool.phase).toBe('closed');
    expect(pool.actor.getSnapshot().value).toBe('closed');
    expect(pool.actor.getSnapshot().status).toBe('done');
    expect(pool.actor.getSnapshot().output).toEqual({ reason: 'normal' });
    expect(events.of('closed')).toEqual([{ pool: pool.name }]);
    expect(pool.metrics()).toMatchObject({ completed: 2, cancelled: 0, rejected: 2 });
  });

  it('an idle pool closes at once and its workers are stopped', async () => {
    const pool = makePool({ size: 3 });
    await ready(pool);
    await within(pool.close(), undefined, 'close');
    expect(pool.phase).toBe('closed');
    expect(pool.workerSupervisor?.phase).toBe('stopped');
    expect(pool.status()).toMatchObject({ idleWorkers: 0, busyWorkers: 0 });
  });

  it('is idempotent: every call returns the same promise', async () => {
    const pool = makePool({ size: 1 });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    const first = pool.close();
    expect(pool.close()).toBe(first);
    expect(pool.close({ timeout: 10 })).toBe(first);
    b.release('x');
    await first;
    expect(pool.close()).toBe(first);
  });

  it('close({ timeout }) aborts running tasks and rejects every unstarted one with PoolClosedError', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 2, taskTimeout: false, circuitBreaker: false });
    await ready(pool);
    const contexts: TaskContext[] = [];
    const running = [0, 1].map(() => observe(pool.run((ctx) => (contexts.push(ctx), hang()))));
    let queuedRan = false;
    const queued = [0, 1, 2].map(() => observe(pool.run(() => (queuedRan = true))));
    const closing = observe(pool.close({ timeout: 1000 }));

    await vi.advanceTimersByTimeAsync(999);
    expect(closing.settled).toBe(false);
    expect(contexts.every((ctx) => !ctx.signal.aborted)).toBe(true);

    await vi.advanceTimersByTimeAsync(1);
    for (const ctx of contexts) {
      expect(ctx.signal.aborted).toBe(true);
      expect(ctx.signal.reason).toBeInstanceOf(PoolClosedError);
    }
    for (const o of [...running, ...queued]) {
      expect(o.settled).toBe(true);
      expect(o.error).toBeInstanceOf(PoolClosedError);
    }
    await until(() => closing.settled, 'close');
    expect(closing.ok).toBe(true);
    expect(queuedRan).toBe(false);
    expect(pool.phase).toBe('closed');
    expect(pool.metrics()).toMatchObject({ accepted: 5, cancelled: 5, completed: 0 });
  });

  it('close({ timeout }) that is not needed resolves as soon as the work is done', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const work = observe(pool.run(() => new Promise((resolve) => setTimeout(() => resolve('done'), 10))));
    const closing = observe(pool.close({ timeout: 60_000 }));
    await vi.advanceTimersByTimeAsync(10);
    await until(() => closing.settled, 'close');
    expect(work.value).toBe('done');
    expect(vi.getTimerCount()).toBe(0); // the close timer was cleared
  });

  it('rejects a bad close timeout', async () => {
    const pool = makePool({ size: 1 });
    expect(await rejectionOf(pool.close({ timeout: -1 }))).toBeInstanceOf(TypeError);
    expect(await rejectionOf(pool.close({ timeout: 'soon' as never }))).toBeInstanceOf(TypeError);
    expect(pool.phase).toBe('running');
  });

  it('disposes every worker resource on close', async () => {
    const disposed: string[] = [];
    const pool = makePool({
      size: 3,
      worker: { init: ({ workerId }) => `res:${workerId}`, dispose: (resource, { workerId }) => void disposed.push(`${resource}@${workerId}`) },
    });
    await ready(pool);
    const used = await Promise.all([0, 1, 2].map(() => pool.run(({ resource, workerId }) => `${resource}@${workerId}`)));
    await pool.close();
    expect(disposed).toHaveLength(3);
    for (const entry of used) expect(disposed).toContain(entry);
  });
});

describe('terminate()', () => {
  it('rejects queued tasks, aborts running ones, and nothing hangs', async () => {
    const pool = makePool({ size: 2, taskTimeout: false, circuitBreaker: false });
    const events = recordEvents(pool);
    await ready(pool);
    const contexts: TaskContext[] = [];
    const running = [0, 1].map(() => observe(pool.run((ctx) => (contexts.push(ctx), hang()))));
    const queued = [0, 1, 2].map(() => observe(pool.run(() => 'never')));
    const waiting = observe(pool.onIdle());

    await within(pool.terminate(), undefined, 'terminate');
    await flushMicrotasks();
    for (const o of [...running, ...queued]) expect(o.error).toBeInstanceOf(PoolClosedError);
    for (const ctx of contexts) expect(ctx.signal.aborted).toBe(true);
    expect(pool.phase).toBe('closed');
    expect(events.count('closed')).toBe(1);
    expect(events.count('taskCancelled')).toBe(5);
    expect(thrownBy(() => pool.submit(() => 1))).toBeInstanceOf(PoolClosedError);
    expect(pool.actor.getSnapshot().status).toBe('done');
    // onIdle waiters are not left hanging by a terminated pool.
    expect(waiting.settled).toBe(true);
  });

  it('N fire-and-forget tasks then terminate: exactly N settlements and no unhandled rejection', async () => {
    const pool = makePool({ size: 3, maxQueueSize: Infinity, circuitBreaker: false });
    const events = recordEvents(pool);
    await ready(pool);
    const n = 200;
    const handles: TaskHandle<unknown>[] = [];
    for (let i = 0; i < n; i++) {
      const kind = i % 4;
      handles.push(
        pool.submit(
          kind === 0
            ? () => i
            : kind === 1
              ? () => Promise.reject(new Boom(`fire-and-forget ${i}`))
              : kind === 2
                ? () => {
                    throw new Boom('sync');
                  }
                : () => new Promise((resolve) => setTimeout(resolve, 1)),
        ),
      );
    }
    // Let some of them run, then pull the plug. Nobody ever reads `result`.
    await until(() => pool.metrics().completed + pool.metrics().failed > 20, 'some tasks done');
    await within(pool.terminate(), undefined, 'terminate');
    await flushMicrotasks();

    const m = pool.metrics();
    const settledByEvents =
      events.count('taskSucceeded') + events.count('taskFailed') + events.count('taskCancelled') + events.count('taskTimedOut');
    expect(settledByEvents).toBe(n);
    expect(m.accepted).toBe(n);
    expect(m.completed + m.failed + m.cancelled + m.timedOut).toBe(n);
    expect(m.cancelled).toBeGreaterThan(0);
    const ids = events.log
      .filter((e) => ['taskSucceeded', 'taskFailed', 'taskCancelled', 'taskTimedOut'].includes(e.type))
      .map((e) => e.event.taskId);
    expect(new Set(ids).size).toBe(n);
    // Late timer completions after terminate change nothing.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pool.metrics()).toMatchObject({ completed: m.completed, failed: m.failed, cancelled: m.cancelled });
    // The poolSuite hook fails the test if any rejection went unhandled.
  });

  it('terminate during close: the close promise resolves too', async () => {
    const pool = makePool({ size: 1, taskTimeout: false, circuitBreaker: false });
    await ready(pool);
    const stuck = observe(pool.run(hang));
    const closing = pool.close();
    const terminating = pool.terminate();
    await within(Promise.all([closing, terminating]), undefined, 'close + terminate');
    expect(stuck.error).toBeInstanceOf(PoolClosedError);
    expect(pool.phase).toBe('closed');
  });

  it('terminate is idempotent and fine after close', async () => {
    const pool = makePool({ size: 1 });
    await ready(pool);
    await pool.close();
    await within(pool.terminate(), undefined, 'terminate after close');
    await within(pool.terminate(), undefined, 'second terminate');
    expect(pool.phase).toBe('closed');
  });

  it('terminate right after createPool (workers still starting) does not hang', async () => {
    let inits = 0;
    const pool = makePool({ size: 4, worker: { init: async () => ++inits } });
    const queued = observe(pool.run(() => 'never'));
    await within(pool.terminate(), undefined, 'terminate');
    await flushMicrotasks();
    expect(queued.error).toBeInstanceOf(PoolClosedError);
    expect(pool.phase).toBe('closed');
  });

  it('stopping the pool actor by force terminates the pool', async () => {
    const pool = makePool({ size: 1, taskTimeout: false, circuitBreaker: false });
    await ready(pool);
    const stuck = observe(pool.run(hang));
    pool.actor.stop();
    await until(() => stuck.settled, 'running task rejected');
    expect(stuck.error).toBeInstanceOf(PoolClosedError);
    await until(() => pool.phase === 'closed', 'pool closed');
  });
});

describe('the base signal', () => {
  it('aborting it closes the pool: queued tasks reject with its reason, running ones see their signal abort', async () => {
    const base = new AbortController();
    const pool = makePool({ size: 1, signal: base.signal, taskTimeout: false, circuitBreaker: false });
    const events = recordEvents(pool);
    await ready(pool);
    let ctx: TaskContext | undefined;
    const running = observe(
      pool.run((c) => {
        ctx = c;
        return new Promise((_, reject) => c.signal.addEventListener('abort', () => reject(c.signal.reason)));
      }),
    );
    let queuedRan = false;
    const queued = observe(pool.run(() => (queuedRan = true)));
    await until(() => ctx !== undefined, 'task started');

    const reason = new Error('service shutting down');
    base.abort(reason);
    expect(pool.phase).not.toBe('running');
    expect(thrownBy(() => pool.submit(() => 1))).toBeInstanceOf(PoolClosedError);
    await until(() => pool.phase === 'closed', 'pool closed');
    expect(ctx!.signal.aborted).toBe(true);
    expect(ctx!.signal.reason).toBe(reason);
    expect(running.error).toBe(reason); // the cooperative task rejected with it
    expect(queued.error).toBe(reason);
    expect(queuedRan).toBe(false);
    expect(events.count('closed')).toBe(1);
  });

  it('a base signal that is already aborted closes the pool right away', async () => {
    const pool = makePool({ size: 1, signal: AbortSignal.abort(new Error('too late')) });
    await until(() => pool.phase === 'closed', 'pool closed');
    expect(thrownBy(() => pool.submit(() => 1))).toBeInstanceOf(PoolClosedError);
  });

  it('closing the pool first detaches it from the base signal', async () => {
    const base = new AbortController();
    const pool = makePool({ size: 1, signal: base.signal });
    await ready(pool);
    await pool.close();
    base.abort(new Error('later'));
    await flushMicrotasks();
    expect(pool.phase).toBe('closed');
    expect(pool.metrics().cancelled).toBe(0);
  });
});
