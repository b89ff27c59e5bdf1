import { describe, expect, it } from 'vitest';
import { PoolClosedError, QueueFullError, type TaskContext } from '../../src/index.js';
import {
  blockers,
  makePool,
  poolSuite,
  ready,
  recordEvents,
  rejectionOf,
  sleep,
  thrownBy,
  until,
} from './helpers.js';

poolSuite();

describe('submit, run and the bounded queue', () => {
  it('runs a task and hands back its value, a nanoid-style id and the task context', async () => {
    const pool = makePool({ size: 2, circuitBreaker: false });
    await ready(pool);
    let seen: TaskContext | undefined;
    const handle = pool.submit((ctx) => {
      seen = ctx;
      return 42;
    });
    expect(typeof handle.id).toBe('string');
    expect(handle.id.length).toBeGreaterThan(5);
    expect(await handle.result).toBe(42);
    expect(seen?.taskId).toBe(handle.id);
    expect(seen?.workerId).toMatch(/\S/);
    expect(seen?.signal).toBeInstanceOf(AbortSignal);
    expect(seen?.signal.aborted).toBe(false);
    expect(await pool.run(async () => 'async')).toBe('async');
  });

  it('ids are unique per task', async () => {
    const pool = makePool({ size: 2 });
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) ids.add(pool.submit(() => i).id);
    expect(ids.size).toBe(50);
    await pool.onIdle();
  });

  it('tasks submitted before the workers have started are queued and run once they are up', async () => {
    const pool = makePool({ size: 2 });
    const results = [pool.run(() => 1), pool.run(async () => 2), pool.run(() => 3)];
    expect(await Promise.all(results)).toEqual([1, 2, 3]);
  });

  it('3 workers, queue of 5: 3 blocking tasks run, 5 queue, the 9th is refused with QueueFullError', async () => {
    const pool = makePool({ size: 3, maxQueueSize: 5, circuitBreaker: false });
    const events = recordEvents(pool);
    await ready(pool);
    const b = blockers<number>();
    const handles = Array.from({ length: 8 }, () => pool.submit(b.task));
    expect(b.started).toHaveLength(3);

    const error = thrownBy(() => pool.submit(b.task));
    expect(error).toBeInstanceOf(QueueFullError);
    expect((error as QueueFullError).maxQueueSize).toBe(5);
    expect((error as QueueFullError).code).toBe('ERR_QUEUE_FULL');
    // run() turns the refusal into a rejection.
    expect(await rejectionOf(pool.run(b.task))).toBeInstanceOf(QueueFullError);

    expect(pool.status()).toMatchObject({ idleWorkers: 0, busyWorkers: 3, queued: 5, crashedWorkers: 0 });
    expect(pool.metrics()).toMatchObject({ running: 3, queued: 5, accepted: 8, rejected: 2 });
    expect(events.of('taskRejected')).toEqual([
      { pool: pool.name, reason: 'queue_full' },
      { pool: pool.name, reason: 'queue_full' },
    ]);
    expect(events.count('taskQueued')).toBe(5);
    expect(events.of('taskQueued').map((e) => e.queued)).toEqual([1, 2, 3, 4, 5]);

    // Releasing runs frees the queue in order; every task gets its own value.
    for (let i = 0; i < 8; i++) {
      await until(() => b.started.length > i, `task ${i} started`);
      b.release(i, i);
    }
    expect(await Promise.all(handles.map((h) => h.result))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(pool.status()).toMatchObject({ idleWorkers: 3, busyWorkers: 0, queued: 0, completed: 8 });
    // With room again, a submission is accepted.
    expect(await pool.run(() => 'again')).toBe('again');
  });

  it('hand-off only (maxQueueSize 0): accepted while a worker is idle, refused at once when all are busy', async () => {
    const pool = makePool({ size: 2, maxQueueSize: 0, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    const first = pool.submit(b.task);
    const second = pool.submit(b.task);
    expect(b.started).toHaveLength(2);
    expect(thrownBy(() => pool.submit(b.task))).toBeInstanceOf(QueueFullError);
    expect(pool.status().queued).toBe(0);
    b.release('a');
    await first.result;
    await until(() => pool.status().idleWorkers === 1, 'a worker idle again');
    const third = pool.submit(async () => 'handed off');
    expect(await third.result).toBe('handed off');
    b.release('b');
    expect(await second.result).toBe('b');
  });

  it('maxQueueSize Infinity never refuses', async () => {
    const pool = makePool({ size: 1, maxQueueSize: Infinity, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    const handles = Array.from({ length: 5000 }, (_, i) => pool.submit(() => i));
    expect(pool.status().queued).toBe(5000);
    b.release('go');
    const results = await Promise.all(handles.map((h) => h.result));
    expect(results[4999]).toBe(4999);
  });

  it('submit with a non-function throws a TypeError synchronously; run rejects with it', async () => {
    const pool = makePool({ size: 1 });
    for (const bad of [undefined, null, 42, 'task', {}, Promise.resolve(1)]) {
      expect(thrownBy(() => pool.submit(bad as never))).toBeInstanceOf(TypeError);
      expect(await rejectionOf(pool.run(bad as never))).toBeInstanceOf(TypeError);
    }
    expect(pool.metrics().accepted).toBe(0);
  });

  it('bad per-task options throw a TypeError synchronously', () => {
    const pool = makePool({ size: 1 });
    expect(thrownBy(() => pool.submit(() => 1, { priority: Number.NaN }))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => pool.submit(() => 1, { priority: 'high' as never }))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => pool.submit(() => 1, { timeout: 0 }))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => pool.submit(() => 1, { timeout: -5 }))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => pool.submit(() => 1, { timeout: Infinity }))).toBeInstanceOf(TypeError);
    expect(pool.metrics().accepted).toBe(0);
  });

  it('one completion is counted per task, never twice (PhoenixGenApi counts each success twice)', async () => {
    const pool = makePool({ size: 3, circuitBreaker: false });
    const events = recordEvents(pool);
    await ready(pool);
    const n = 57;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => pool.run(i % 2 === 0 ? () => i : async () => i)),
    );
    expect(results).toHaveLength(n);
    expect(pool.status().completed).toBe(n);
    expect(pool.status()).toMatchObject({ failed: 0, timedOut: 0 });
    expect(pool.metrics()).toMatchObject({ accepted: n, completed: n, failed: 0, cancelled: 0, timedOut: 0 });
    expect(events.count('taskSucceeded')).toBe(n);
    expect(events.count('taskStarted')).toBe(n);
    expect(new Set(events.of('taskSucceeded').map((e) => e.taskId)).size).toBe(n);
  });

  it('a worker never holds two tasks and never more than `size` run at once (100 tasks, random delays)', async () => {
    const size = 4;
    const pool = makePool({ size, maxQueueSize: Infinity, circuitBreaker: false });
    await ready(pool);
    const perWorker = new Map<string, number>();
    let active = 0;
    let maxActive = 0;
    let maxPerWorker = 0;
    const workers = new Set<string>();
    const task = async (ctx: TaskContext) => {
      const now = (perWorker.get(ctx.workerId) ?? 0) + 1;
      perWorker.set(ctx.workerId, now);
      workers.add(ctx.workerId);
      maxPerWorker = Math.max(maxPerWorker, now);
      active++;
      maxActive = Math.max(maxActive, active);
      try {
        // A mix of synchronous-looking and timer-based completions.
        const delay = Math.floor(Math.random() * 4);
        if (delay === 0) await Promise.resolve();
        else await sleep(delay);
        return ctx.taskId;
      } finally {
        active--;
        perWorker.set(ctx.workerId, (perWorker.get(ctx.workerId) ?? 1) - 1);
      }
    };
    const handles = Array.from({ length: 100 }, () => pool.submit(task));
    const ids = await Promise.all(handles.map((h) => h.result));
    expect(ids).toEqual(handles.map((h) => h.id));
    expect(maxActive).toBeLessThanOrEqual(size);
    expect(maxActive).toBeGreaterThan(1); // the pool did run tasks in parallel
    expect(maxPerWorker).toBe(1);
    expect(workers.size).toBe(size);
    expect(pool.status().completed).toBe(100);
  });

  it('synchronous tasks in a long burst yield to the event loop, and all complete', async () => {
    const pool = makePool({ size: 1, maxQueueSize: Infinity, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    let sum = 0;
    let done = 0;
    const n = 5000;
    const handles = Array.from({ length: n }, (_, i) => pool.submit(() => ((sum += i), done++)));
    let doneWhenTheLoopTurned = -1;
    setImmediate(() => (doneWhenTheLoopTurned = done));
    b.release('go');
    await Promise.all(handles.map((h) => h.result));
    expect(sum).toBe(((n - 1) * n) / 2);
    expect(pool.metrics().completed).toBe(n + 1);
    // The event loop got a turn while the queue was being worked through.
    expect(doneWhenTheLoopTurned).toBeGreaterThan(0);
    expect(doneWhenTheLoopTurned).toBeLessThan(n);
  });

  it('a handle result read after settlement still gives the outcome', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const ok = pool.submit(() => 'v');
    const bad = pool.submit(() => {
      throw new Error('late reader');
    });
    await pool.onIdle();
    expect(await ok.result).toBe('v');
    expect(((await rejectionOf(bad.result)) as Error).message).toBe('late reader');
    expect(ok.result).toBe(ok.result); // the same promise every time
  });

  it('a pool that closed refuses submit, run and submitWait with PoolClosedError', async () => {
    const pool = makePool({ size: 1 });
    await pool.close();
    expect(thrownBy(() => pool.submit(() => 1))).toBeInstanceOf(PoolClosedError);
    expect(await rejectionOf(pool.run(() => 1))).toBeInstanceOf(PoolClosedError);
    expect(await rejectionOf(pool.submitWait(() => 1))).toBeInstanceOf(PoolClosedError);
    expect(pool.metrics().rejected).toBe(3);
  });
});
