/**
 * Attacks on the slimmed task record (18ab3f9): the one list link shared by the queue levels and the
 * deadline lists, priorities with cancels, and the timeouts kept in the extras object.
 * Everything here is observable through the public API only.
 */
import { describe, expect, it, vi } from 'vitest';
import { TaskCancelledError, TaskTimeoutError } from '../../src/index.js';
import { TaskQueue } from '../../src/task-queue.js';
import { Deadlines } from '../../src/deadlines.js';
import { blockers, Boom, makePool, observe, poolSuite, ready, recordEvents, rejectionOf, until, untilAborted } from './helpers.js';

poolSuite();


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
