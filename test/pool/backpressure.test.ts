import { describe, expect, it } from 'vitest';
import { CircuitOpenError, PoolClosedError, QueueFullError, type TaskHandle } from '../../src/index.js';
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

describe('submitWait', () => {
  it('resolves at once with a handle when there is room', async () => {
    const pool = makePool({ size: 1, maxQueueSize: 1 });
    await ready(pool);
    const handle = await pool.submitWait(() => 'now');
    expect(await handle.result).toBe('now');
  });

  it('waits for room, FIFO among waiters, and never raises QueueFullError', async () => {
    const pool = makePool({ size: 1, maxQueueSize: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers<string>();
    const a = pool.submit(b.task);
    const q = pool.submit(b.task);
    expect(thrownBy(() => pool.submit(b.task))).toBeInstanceOf(QueueFullError);
    const w1 = observe(pool.submitWait(b.task));
    const w2 = observe(pool.submitWait(b.task));
    const w3 = observe(pool.submitWait(b.task));
    await flushMicrotasks();
    expect([w1.settled, w2.settled, w3.settled]).toEqual([false, false, false]);

    b.release('a'); // a done → q starts → one place in the queue → the first waiter gets it
    await until(() => w1.settled, 'first waiter');
    expect(w2.settled).toBe(false);
    expect(pool.status().queued).toBe(1);

    b.release('q');
    await until(() => w2.settled, 'second waiter');
    expect(w3.settled).toBe(false);
    b.release('w1');
    await until(() => w3.settled, 'third waiter');
    await until(() => b.started.length === 4, 'w2 started');
    b.release('w2');
    await until(() => b.started.length === 5, 'w3 started');
    b.release('w3');
    const results = await Promise.all([a.result, q.result, ...[w1, w2, w3].map((w) => (w.value as TaskHandle<string>).result)]);
    expect(results).toEqual(['a', 'q', 'w1', 'w2', 'w3']);
    // Waiting is not a refusal.
    expect(pool.metrics()).toMatchObject({ rejected: 1, accepted: 5, completed: 5 });
  });

  it('a waiter whose signal aborts rejects with the reason and gives up its turn', async () => {
    const pool = makePool({ size: 1, maxQueueSize: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    pool.submit(b.task);
    const controller = new AbortController();
    const first = observe(pool.submitWait(() => 'first', { signal: controller.signal }));
    const second = observe(pool.submitWait(() => 'second'));
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await flushMicrotasks();
    expect(first.error).toBe(reason);
    b.release('a');
    await until(() => second.settled, 'second waiter');
    expect(pool.status().queued).toBe(1);
    b.release('b');
    expect(await (second.value as TaskHandle<string>).result).toBe('second');
    expect(pool.metrics().accepted).toBe(3); // the aborted waiter never submitted
  });

  it('an already-aborted signal rejects at once while the queue is full', async () => {
    const pool = makePool({ size: 1, maxQueueSize: 0, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    const reason = new Error('already aborted');
    expect(await rejectionOf(pool.submitWait(() => 1, { signal: AbortSignal.abort(reason) }))).toBe(reason);
    b.release('x');
  });

  it('waiters reject with PoolClosedError when the pool closes, and on terminate', async () => {
    const pool = makePool({ size: 1, maxQueueSize: 0, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    const running = pool.submit(b.task);
    const waiter = observe(pool.submitWait(() => 'never'));
    const closing = pool.close();
    await flushMicrotasks();
    expect(waiter.error).toBeInstanceOf(PoolClosedError);
    b.release('done');
    await closing;
    expect(await running.result).toBe('done');

    const other = makePool({ size: 1, maxQueueSize: 0, circuitBreaker: false });
    await ready(other);
    const b2 = blockers();
    other.submit(b2.task);
    const waiter2 = observe(other.submitWait(() => 'never'));
    await other.terminate();
    await flushMicrotasks();
    expect(waiter2.error).toBeInstanceOf(PoolClosedError);
  });

  it('other refusals (circuit open, closed, non-function) reject at once', async () => {
    const pool = makePool({ size: 1, circuitBreaker: { cooldown: 60_000 } });
    await ready(pool);
    pool.openCircuit();
    expect(await rejectionOf(pool.submitWait(() => 1))).toBeInstanceOf(CircuitOpenError);
    expect(await rejectionOf(pool.submitWait(42 as never))).toBeInstanceOf(TypeError);
  });
});

describe('onIdle, onEmpty, onSizeLessThan', () => {
  it('each resolves at once when already true', async () => {
    const pool = makePool({ size: 2 });
    await ready(pool);
    const idle = observe(pool.onIdle());
    const empty = observe(pool.onEmpty());
    const less = observe(pool.onSizeLessThan(1));
    await flushMicrotasks(2);
    expect([idle.settled, empty.settled, less.settled]).toEqual([true, true, true]);

    const b = blockers();
    pool.submit(b.task); // running, nothing queued
    const empty2 = observe(pool.onEmpty());
    const less2 = observe(pool.onSizeLessThan(1));
    const idle2 = observe(pool.onIdle());
    await flushMicrotasks(2);
    expect([empty2.settled, less2.settled, idle2.settled]).toEqual([true, true, false]);
    b.release('x');
    await until(() => idle2.settled, 'onIdle');
  });

  it('onIdle resolves only when the queue is empty and the last task has finished', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    const events = recordEvents(pool);
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    pool.submit(b.task);
    pool.submit(b.task);
    const idle = observe(pool.onIdle());
    b.release('1');
    await until(() => b.started.length === 2, 'second started');
    expect(idle.settled).toBe(false);
    b.release('2');
    await until(() => b.started.length === 3, 'third started');
    // The queue is empty but the last task still runs.
    expect(pool.status().queued).toBe(0);
    await flushMicrotasks();
    expect(idle.settled).toBe(false);
    expect(events.count('drained')).toBe(0);
    b.release('3');
    await until(() => idle.settled, 'onIdle');
    expect(events.of('drained')).toEqual([{ pool: pool.name }]);
  });

  it('onIdle waits through a chain of synchronous tasks that leave the queue one by one', async () => {
    const pool = makePool({ size: 1, maxQueueSize: Infinity, circuitBreaker: false });
    const events = recordEvents(pool);
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    let done = 0;
    const n = 2500; // more than one synchronous burst
    for (let i = 0; i < n; i++) pool.submit(() => void done++);
    const idle = observe(pool.onIdle());
    b.release('go');
    await until(() => idle.settled, 'onIdle');
    expect(done).toBe(n);
    expect(events.count('drained')).toBe(1);
  });

  it('onEmpty resolves when the queue empties even though tasks still run', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    pool.submit(b.task);
    const empty = observe(pool.onEmpty());
    const idle = observe(pool.onIdle());
    await flushMicrotasks();
    expect(empty.settled).toBe(false);
    b.release('1');
    await until(() => empty.settled, 'onEmpty');
    expect(idle.settled).toBe(false);
    expect(pool.status().busyWorkers).toBe(1);
    b.release('2');
    await until(() => idle.settled, 'onIdle');
  });

  it('onSizeLessThan(n) resolves as soon as fewer than n tasks are queued', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    for (let i = 0; i < 5; i++) pool.submit(b.task); // 1 running, 4 queued
    const below3 = observe(pool.onSizeLessThan(3));
    const below5 = observe(pool.onSizeLessThan(5));
    const below1 = observe(pool.onSizeLessThan(1));
    await flushMicrotasks();
    expect([below3.settled, below5.settled, below1.settled]).toEqual([false, true, false]);
    b.release('1'); // 3 queued
    await until(() => b.started.length === 2, 'second started');
    await flushMicrotasks();
    expect(below3.settled).toBe(false);
    b.release('2'); // 2 queued
    await until(() => below3.settled, 'onSizeLessThan(3)');
    expect(pool.status().queued).toBe(2);
    expect(below1.settled).toBe(false);
    b.release('3');
    await until(() => b.started.length === 4, 'fourth started');
    b.release('4');
    await until(() => below1.settled, 'onSizeLessThan(1)');
    await until(() => b.started.length === 5, 'fifth started');
    b.release('5');
    await pool.onIdle();
  });

  it('a cancel that empties the queue wakes onEmpty', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    const queued = pool.submit(() => 1);
    const empty = observe(pool.onEmpty());
    queued.cancel();
    await rejectionOf(queued.result);
    await flushMicrotasks();
    expect(empty.settled).toBe(true);
    b.release('x');
  });

  it('drained fires once per busy period', async () => {
    const pool = makePool({ size: 2, circuitBreaker: false });
    const events = recordEvents(pool);
    await ready(pool);
    await Promise.all([pool.run(async () => 1), pool.run(async () => 2), pool.run(async () => 3), pool.run(async () => 4)]);
    await pool.onIdle();
    expect(events.count('drained')).toBe(1);
    await pool.run(async () => 5);
    expect(events.count('drained')).toBe(2);
    // A synchronous task finishes inside submit(): the pool was idle before and after it.
    pool.submit(() => 6);
    expect(events.count('drained')).toBe(3);
  });
});

describe('waiters refused by a close count as refusals', () => {
  it('a submitWait still waiting when the pool closes rejects, is counted in rejected and announced as taskRejected', async () => {
    const pool = makePool({ size: 1, maxQueueSize: 1, circuitBreaker: false });
    await ready(pool);
    const rejected: unknown[] = [];
    pool.events.on('taskRejected', (event) => rejected.push(event));
    const b = blockers();
    pool.submit(b.task);
    pool.submit(b.task);
    const waiting = observe(pool.submitWait(b.task));
    await flushMicrotasks();
    expect(waiting.settled).toBe(false);
    const closed = pool.close();
    await until(() => waiting.settled, 'waiter refused');
    expect(waiting.error).toBeInstanceOf(PoolClosedError);
    expect(rejected).toEqual([{ pool: pool.name, reason: 'closing' }]);
    expect(pool.metrics()).toMatchObject({ rejected: 1, accepted: 2 });
    b.release('a');
    await until(() => b.started.length === 2, 'the queued task started');
    b.release('b');
    await closed;
  });
});
