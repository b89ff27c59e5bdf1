import { describe, expect, it } from 'vitest';
import { InvalidOptionError, PoolClosedError, TaskCancelledError, TaskTimeoutError, WorkerCrashError, type ThreadPool } from '../../src/index.js';
import { HANDLERS_URL, latch, makeThreadPool, recordEvents, reservedIn, sleep, takenBehind, threadSuite, until, within, type Handlers } from './helpers.js';

threadSuite();

/** What `stamp` calls write: how many ran, and their ids in the order they ran. */
function stampLog() {
  const shared = new SharedArrayBuffer(4 * 64);
  const flags = new Int32Array(shared);
  return {
    shared,
    get ran(): number[] {
      return Array.from({ length: Atomics.load(flags, 0) }, (_, i) => Atomics.load(flags, i + 1));
    },
  };
}


/**
 * One thread runs `second` (held at `gate`) with the `stamp` call `id` sent ahead to it: the first
 * call is released, so the second one starts on the thread and the third is reserved at that moment.
 */
async function reservedBehind(pool: ThreadPool<Handlers>, second: 'blockUntil' | 'blockThenExit' | 'blockThenFail', log: ReturnType<typeof stampLog>, id: number) {
  const first = latch();
  const gate = latch();
  const a = pool.call('blockUntil', first.shared);
  const b = pool.run(second, [gate.shared]).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const c = pool.submit('stamp', [log.shared, id]);
  await until(() => first.waiting === 1, 'the first call to block');
  first.open();
  await within(a);
  await until(() => gate.waiting === 1, 'the second call to block');
  await until(() => reservedIn(pool) === 1, 'the third call to be sent ahead');
  return { gate, b, c };
}

describe('prefetch: a busy thread is sent its next call', () => {
  it('runs every call once, in order, one at a time per thread', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const log = stampLog();
    let most = 0;
    pool.events.on('taskStarted', () => (most = Math.max(most, pool.status().running)));
    const results = await within(Promise.all(Array.from({ length: 60 }, (_, i) => pool.call('stamp', log.shared, i + 1))));
    expect(results).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(log.ran).toEqual(results);
    expect(most).toBe(1);
    const status = pool.status();
    expect([status.completed, status.queued, status.running]).toEqual([60, 0, 0]);
  });

  it('a call sent ahead is counted as queued until it starts, and keeps its place before a later higher priority', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const log = stampLog();
    const { gate, b, c } = await reservedBehind(pool, 'blockUntil', log, 3);
    const urgent = pool.run('stamp', [log.shared, 5], { priority: 10 });
    expect(pool.status().queued).toBe(2);
    gate.open();
    await within(Promise.all([b, c.result, urgent]));
    expect(log.ran).toEqual([3, 5]);
  });

  it('with prefetch: false a later higher priority goes first', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1, prefetch: false });
    const first = latch();
    const log = stampLog();
    const a = pool.call('blockUntil', first.shared);
    const c = pool.run('stamp', [log.shared, 3]);
    await until(() => first.waiting === 1, 'the first call to block');
    const urgent = pool.run('stamp', [log.shared, 5], { priority: 10 });
    expect(reservedIn(pool)).toBe(0);
    first.open();
    await within(Promise.all([a, c, urgent]));
    expect(log.ran).toEqual([5, 3]);
  });

  it('a call sent ahead that is cancelled never runs, and its thread serves on', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const events = recordEvents(pool);
    const log = stampLog();
    const { gate, b, c } = await reservedBehind(pool, 'blockUntil', log, 3);
    expect(c.cancel()).toBe(true);
    await expect(c.result).rejects.toBeInstanceOf(TaskCancelledError);
    expect(reservedIn(pool)).toBe(0);
    gate.open();
    expect((await within(b)).ok).toBe(true);
    expect(await within(pool.call('stamp', log.shared, 9))).toBe(9);
    expect(log.ran).toEqual([9]);
    expect(events.of('workerRetired')).toEqual([]);
    expect(pool.status().cancelled).toBe(1);
  });

  it('a call sent ahead whose own timeout passes never runs, and no thread is stopped for it', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const events = recordEvents(pool);
    const log = stampLog();
    const first = latch();
    const gate = latch();
    const a = pool.call('blockUntil', first.shared);
    const b = pool.run('blockUntil', [gate.shared]);
    const c = pool.run('stamp', [log.shared, 3], { timeout: 400 });
    await until(() => first.waiting === 1, 'the first call to block');
    first.open();
    await within(a);
    await until(() => reservedIn(pool) === 1, 'the third call to be sent ahead');
    await expect(within(c)).rejects.toBeInstanceOf(TaskTimeoutError);
    gate.open();
    await within(b);
    await sleep(20);
    expect(log.ran).toEqual([]);
    expect(events.of('workerRetired')).toEqual([]);
  });

  it('when the running call crashes its thread, the call sent ahead is not failed: it runs on the next thread', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const log = stampLog();
    const { gate, b, c } = await reservedBehind(pool, 'blockThenExit', log, 3);
    gate.open();
    const second = await within(b);
    expect(second.ok).toBe(false);
    expect(second.ok ? undefined : second.error).toBeInstanceOf(WorkerCrashError);
    expect(await within(c.result)).toBe(3);
    expect(log.ran).toEqual([3]);
    expect(pool.status().failed).toBe(1);
  });

  it('when the running call times out, its thread is stopped and the call sent ahead runs on a fresh one', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const first = latch();
    const log = stampLog();
    const a = pool.call('blockUntil', first.shared);
    const b = pool.run('spin', [], { timeout: 300 });
    const c = pool.run('stamp', [log.shared, 3]);
    await until(() => first.waiting === 1, 'the first call to block');
    first.open();
    await within(a);
    await until(() => reservedIn(pool) === 1, 'the third call to be sent ahead');
    await expect(within(b)).rejects.toBeInstanceOf(TaskTimeoutError);
    expect(await within(c)).toBe(3);
    expect(log.ran).toEqual([3]);
  });

  it('after a failure the thread leaves the call sent ahead to the pool: an opened breaker holds it back', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1, circuitBreaker: { failureThreshold: 1, cooldown: 300 } });
    const log = stampLog();
    const { gate, b, c } = await reservedBehind(pool, 'blockThenFail', log, 3);
    gate.open();
    expect((await within(b)).ok).toBe(false);
    expect(pool.status().circuit).toBe('open');
    await sleep(100);
    expect(log.ran).toEqual([]);
    expect(pool.status().queued).toBe(1);
    // Half-open after the cooldown: it runs as the probe, and the circuit closes.
    expect(await within(c.result)).toBe(3);
    expect(log.ran).toEqual([3]);
    await until(() => pool.status().circuit === 'closed', 'the circuit to close');
  });

  it('pause() takes the call sent ahead back; resume() runs it', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const log = stampLog();
    const { gate, b, c } = await reservedBehind(pool, 'blockUntil', log, 3);
    pool.pause();
    expect(reservedIn(pool)).toBe(0);
    expect(pool.status().queued).toBe(1);
    gate.open();
    await within(b);
    await sleep(50);
    expect(log.ran).toEqual([]);
    pool.resume();
    expect(await within(c.result)).toBe(3);
  });

  it('terminate() settles a call sent ahead exactly once, without running it', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const log = stampLog();
    const { b, c } = await reservedBehind(pool, 'blockUntil', log, 3);
    let settled = 0;
    const outcome = c.result.then(
      () => settled++,
      (error: unknown) => {
        settled++;
        return error;
      },
    );
    await within(pool.terminate());
    expect(await outcome).toBeInstanceOf(PoolClosedError);
    expect((await within(b)).ok).toBe(false);
    await sleep(20);
    expect(settled).toBe(1);
    expect(log.ran).toEqual([]);
  });

  it('close() runs the call sent ahead before the pool closes', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const log = stampLog();
    const { gate, b, c } = await reservedBehind(pool, 'blockUntil', log, 3);
    const closed = pool.close();
    gate.open();
    await within(closed);
    expect((await b).ok).toBe(true);
    expect(await c.result).toBe(3);
    expect(log.ran).toEqual([3]);
  });

  it('a call with a transfer list is never sent ahead', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const first = latch();
    const second = latch();
    const a = pool.call('blockUntil', first.shared);
    const b = pool.call('blockUntil', second.shared);
    const buffer = new Uint8Array([1, 2, 3]).buffer;
    const c = pool.run('sumBytes', [buffer], { transfer: [buffer] });
    await until(() => first.waiting === 1, 'the first call to block');
    first.open();
    await within(a);
    await until(() => second.waiting === 1, 'the second call to block');
    expect(reservedIn(pool)).toBe(0);
    expect(buffer.byteLength).toBe(3); // still here: not sent
    second.open();
    await within(b);
    expect((await within(c)).sum).toBe(6);
  });

  it('a call sent ahead that its thread has already started when it is cancelled: settled once, and that thread is replaced', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const events = recordEvents(pool);
    // The thread has started the third call on its own while the pool has not heard the second end.
    const { b, c } = await takenBehind(pool);
    expect(c.cancel()).toBe(true);
    await expect(c.result).rejects.toBeInstanceOf(TaskCancelledError);
    expect((await within(b.result)).outcome).toBe('ok');
    await until(() => events.of('workerRetired').length === 1, 'the thread running the cancelled call to be replaced');
    expect(events.of('workerRetired')[0]?.reason).toBe('abort');
    expect(await within(pool.call('inc', 1))).toBe(2);
    const status = pool.status();
    expect([status.completed, status.cancelled, status.queued, status.running]).toEqual([3, 1, 0, 0]);
  });

  it('prefetch must be a boolean', () => {
    expect(() => makeThreadPool(HANDLERS_URL, { prefetch: 'yes' as never })).toThrow(InvalidOptionError);
  });
});
