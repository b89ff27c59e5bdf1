/**
 * Attacks on the slimmed task record (18ab3f9): the rare fields in the extras object (labels,
 * ctx.signal, retries with timeouts) and the breaker ticket in one number.
 * Everything here is observable through the public API only.
 */
import { describe, expect, it, vi } from 'vitest';
import { CircuitOpenError, TaskCancelledError, TaskTimeoutError, type TaskContext } from '../../src/index.js';
import { blockers, Boom, makePool, observe, poolSuite, ready, recordEvents, rejectionOf, thrownBy, until, untilAborted } from './helpers.js';

poolSuite();


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
