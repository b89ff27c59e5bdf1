import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CircuitOpenError, TaskTimeoutError, type Pool } from '../../src/index.js';
import {
  Boom,
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

beforeEach(() => {
  vi.useFakeTimers();
});

const fail = (error: unknown = new Boom()) => () => Promise.reject(error);

/** Runs `n` failing tasks one after another and swallows their rejections. */
async function failures(pool: Pool<any, any>, n: number, error?: unknown): Promise<void> {
  for (let i = 0; i < n; i++) await rejectionOf(pool.run(fail(error)));
}

describe('circuit breaker: closed → open', () => {
  it('5 consecutive failures open it: submissions are refused with CircuitOpenError carrying retryAt', async () => {
    const pool = makePool({ size: 2, circuitBreaker: { cooldown: 1000 } });
    const events = recordEvents(pool);
    await ready(pool);
    await failures(pool, 4);
    expect(pool.circuit).toBe('closed');
    expect(await pool.run(() => 'closed still')).toBe('closed still');

    await failures(pool, 4);
    expect(pool.circuit).toBe('closed'); // the success in between reset the streak
    const openedAt = Date.now();
    await failures(pool, 1);
    expect(pool.circuit).toBe('open');
    expect(events.of('circuitOpened')).toEqual([{ pool: pool.name, retryAt: openedAt + 1000 }]);

    const refused = thrownBy(() => pool.submit(() => 'never'));
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect((refused as CircuitOpenError).state).toBe('open');
    expect((refused as CircuitOpenError).retryAt).toBe(openedAt + 1000);
    expect((refused as CircuitOpenError).code).toBe('ERR_CIRCUIT_OPEN');
    expect(await rejectionOf(pool.run(() => 'never'))).toBeInstanceOf(CircuitOpenError);
    expect(pool.status()).toMatchObject({ circuit: 'open', failed: 9, timedOut: 0, completed: 1 });
    expect(pool.metrics().rejected).toBe(2);
  });

  it('uses the defaults: threshold 5, cooldown 30 s', async () => {
    const pool = makePool({ size: 1 });
    await ready(pool);
    await failures(pool, 5);
    expect(pool.circuit).toBe('open');
    const error = thrownBy(() => pool.submit(() => 1)) as CircuitOpenError;
    expect(error.retryAt! - Date.now()).toBe(30_000);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(pool.circuit).toBe('open');
    await vi.advanceTimersByTimeAsync(1);
    expect(pool.circuit).toBe('halfOpen');
  });

  it('timeouts count as failures', async () => {
    const pool = makePool({ size: 2, taskTimeout: 10, circuitBreaker: { failureThreshold: 2, cooldown: 1000 } });
    await ready(pool);
    const a = observe(pool.run(() => new Promise(() => undefined)));
    const b = observe(pool.run(() => new Promise(() => undefined)));
    await vi.advanceTimersByTimeAsync(10);
    expect(a.error).toBeInstanceOf(TaskTimeoutError);
    expect(b.error).toBeInstanceOf(TaskTimeoutError);
    expect(pool.circuit).toBe('open');
  });

  it('fatal errors (worker crashes) count as failures', async () => {
    const pool = makePool({ size: 2, isFatal: () => true, circuitBreaker: { failureThreshold: 2, cooldown: 1000 } });
    await ready(pool);
    await failures(pool, 1);
    expect(pool.circuit).toBe('closed');
    await failures(pool, 1);
    expect(pool.circuit).toBe('open');
  });

  it('the failure-rate window trips it even without a long streak', async () => {
    const pool = makePool({
      size: 1,
      circuitBreaker: { failureThreshold: 100, failureRate: { threshold: 0.5, window: 10, minimumCalls: 4 }, cooldown: 1000 },
    });
    await ready(pool);
    const ok = () => pool.run(() => 'ok');
    // S F F S: 2 of 4 = 50 %, not above the threshold.
    await ok();
    await failures(pool, 2);
    await ok();
    expect(pool.circuit).toBe('closed');
    // S F F S F: 3 of 5 = 60 % > 50 %.
    await failures(pool, 1);
    expect(pool.circuit).toBe('open');
  });

  it('the failure rate needs minimumCalls before it can trip, and old calls slide out of the window', async () => {
    const pool = makePool({
      size: 1,
      circuitBreaker: { failureThreshold: 100, failureRate: { threshold: 0.7, window: 4, minimumCalls: 3 }, cooldown: 1000 },
    });
    await ready(pool);
    await failures(pool, 2); // 100 % of 2 calls, but below minimumCalls
    expect(pool.circuit).toBe('closed');
    // F F S: 67 %; F F S S: 50 %; F S S S: 25 %; S S S F: 25 %; S S F F: 50 %.
    for (const outcome of ['S', 'S', 'S', 'F', 'F']) {
      if (outcome === 'S') await pool.run(() => 1);
      else await failures(pool, 1);
      expect(pool.circuit).toBe('closed');
    }
    // S F F F: 75 % of the last 4 (over all 8 calls it would be 62.5 %).
    await failures(pool, 1);
    expect(pool.circuit).toBe('open');
  });

  it('an isFailure predicate excludes errors from the count (they count as successes)', async () => {
    class ValidationError extends Error {}
    const pool = makePool({
      size: 1,
      circuitBreaker: { failureThreshold: 3, cooldown: 1000, isFailure: (e) => !(e instanceof ValidationError) },
    });
    await ready(pool);
    const invalid = new ValidationError('bad input');
    for (let i = 0; i < 10; i++) expect(await rejectionOf(pool.run(fail(invalid)))).toBe(invalid);
    expect(pool.circuit).toBe('closed');
    await failures(pool, 2);
    await rejectionOf(pool.run(fail(invalid))); // breaks the streak
    await failures(pool, 2);
    expect(pool.circuit).toBe('closed');
    await failures(pool, 1);
    expect(pool.circuit).toBe('open');
    // The excluded errors still count as task failures.
    expect(pool.status()).toMatchObject({ failed: 16, timedOut: 0 });
  });

  it('with circuitBreaker: false failures never refuse anything', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    await failures(pool, 50);
    expect(pool.circuit).toBe('closed');
    expect(pool.breakerActor).toBeUndefined();
    expect(await pool.run(() => 'fine')).toBe('fine');
    pool.openCircuit(); // no-op without a breaker
    expect(await pool.run(() => 'still fine')).toBe('still fine');
  });
});

describe('circuit breaker: open → halfOpen → closed | open', () => {
  async function tripped(options: Record<string, unknown> = {}, size = 2) {
    const pool = makePool({ size, circuitBreaker: { failureThreshold: 2, cooldown: 100, ...options } });
    const events = recordEvents(pool);
    await ready(pool);
    await failures(pool, 2);
    expect(pool.circuit).toBe('open');
    return { pool, events };
  }

  it('goes halfOpen on a timer after the cooldown, without any submit', async () => {
    const { pool, events } = await tripped();
    await vi.advanceTimersByTimeAsync(99);
    expect(events.count('circuitHalfOpened')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(events.of('circuitHalfOpened')).toEqual([{ pool: pool.name }]);
    expect(pool.circuit).toBe('halfOpen');
    expect(pool.status()).toMatchObject({ circuit: 'halfOpen' });
    expect(pool.metrics().accepted).toBe(2);
  });

  it('one probe success closes it', async () => {
    const { pool, events } = await tripped();
    await vi.advanceTimersByTimeAsync(100);
    expect(await pool.run(() => 'probe')).toBe('probe');
    expect(pool.circuit).toBe('closed');
    expect(events.of('circuitClosed')).toEqual([{ pool: pool.name }]);
    expect(events.types().filter((t) => t.startsWith('circuit'))).toEqual(['circuitOpened', 'circuitHalfOpened', 'circuitClosed']);
    // Closed again: the streak starts from zero.
    await failures(pool, 1);
    expect(pool.circuit).toBe('closed');
  });

  it('a probe failure reopens it for another cooldown', async () => {
    const { pool, events } = await tripped();
    await vi.advanceTimersByTimeAsync(100);
    const reopenedAt = Date.now();
    await failures(pool, 1);
    expect(pool.circuit).toBe('open');
    expect(events.count('circuitOpened')).toBe(2);
    expect((thrownBy(() => pool.submit(() => 1)) as CircuitOpenError).retryAt).toBe(reopenedAt + 100);
    await vi.advanceTimersByTimeAsync(100);
    expect(pool.circuit).toBe('halfOpen');
  });

  it('a probe timeout reopens it', async () => {
    const { pool } = await tripped({}, 2);
    await vi.advanceTimersByTimeAsync(100);
    const probe = observe(pool.run(() => new Promise(() => undefined), { timeout: 20 }));
    await vi.advanceTimersByTimeAsync(20);
    expect(probe.error).toBeInstanceOf(TaskTimeoutError);
    expect(pool.circuit).toBe('open');
  });

  it('in halfOpen, callers beyond halfOpenMaxCalls are refused; successThreshold successes close it', async () => {
    const { pool, events } = await tripped({ halfOpenMaxCalls: 2, successThreshold: 2 }, 4);
    await vi.advanceTimersByTimeAsync(100);
    const b = blockers();
    const p1 = pool.submit(b.task);
    const p2 = pool.submit(b.task);
    const refused = thrownBy(() => pool.submit(b.task));
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect((refused as CircuitOpenError).state).toBe('halfOpen');
    expect((refused as CircuitOpenError).retryAt).toBeUndefined();
    expect(b.started).toHaveLength(2);

    b.release('one', 0);
    expect(await p1.result).toBe('one');
    expect(pool.circuit).toBe('halfOpen'); // one success of two
    const p3 = pool.submit(b.task); // the finished probe freed its slot
    expect(thrownBy(() => pool.submit(b.task))).toBeInstanceOf(CircuitOpenError);
    b.release('two', 1);
    expect(await p2.result).toBe('two');
    expect(pool.circuit).toBe('closed');
    expect(events.count('circuitClosed')).toBe(1);
    // p3 started as a probe; its late success in the closed state changes nothing.
    b.release('three', 2);
    expect(await p3.result).toBe('three');
    expect(pool.circuit).toBe('closed');
  });

  it('concurrent callers while halfOpen: only the probe is let through, the rest are refused', async () => {
    const { pool } = await tripped({}, 4);
    await vi.advanceTimersByTimeAsync(100);
    const b = blockers();
    const outcomes = Array.from({ length: 5 }, () => observe(pool.run(b.task)));
    await flushMicrotasks();
    expect(outcomes.filter((o) => o.settled && o.error instanceof CircuitOpenError)).toHaveLength(4);
    expect(b.started).toHaveLength(1);
    b.release('probe');
    await until(() => outcomes[0]!.settled, 'probe');
    expect(outcomes[0]!.value).toBe('probe');
    expect(pool.circuit).toBe('closed');
  });

  it('a cancelled probe frees its probe slot', async () => {
    const { pool } = await tripped({}, 2);
    await vi.advanceTimersByTimeAsync(100);
    const b = blockers();
    const probe = pool.submit(b.task);
    expect(thrownBy(() => pool.submit(() => 1))).toBeInstanceOf(CircuitOpenError);
    probe.cancel();
    await rejectionOf(probe.result);
    b.release('late');
    await flushMicrotasks();
    expect(pool.circuit).toBe('halfOpen');
    expect(await pool.run(() => 'second probe')).toBe('second probe');
    expect(pool.circuit).toBe('closed');
  });

  it('exponential backoff: each consecutive re-opening doubles the cooldown, capped; closing resets it', async () => {
    const { pool } = await tripped({ backoff: { multiplier: 2, maxCooldown: 350 } });
    const cooldownNow = () => (thrownBy(() => pool.submit(() => 1)) as CircuitOpenError).retryAt! - Date.now();
    expect(cooldownNow()).toBe(100);
    await vi.advanceTimersByTimeAsync(100);
    expect(pool.circuit).toBe('halfOpen');

    await failures(pool, 1); // second opening: 200
    expect(cooldownNow()).toBe(200);
    await vi.advanceTimersByTimeAsync(199);
    expect(pool.circuit).toBe('open');
    await vi.advanceTimersByTimeAsync(1);
    expect(pool.circuit).toBe('halfOpen');

    await failures(pool, 1); // third: 400, capped at 350
    expect(cooldownNow()).toBe(350);
    await vi.advanceTimersByTimeAsync(349);
    expect(pool.circuit).toBe('open');
    await vi.advanceTimersByTimeAsync(1);
    expect(pool.circuit).toBe('halfOpen');

    await pool.run(() => 'recovered');
    expect(pool.circuit).toBe('closed');
    await failures(pool, 2); // a fresh opening starts from the base cooldown
    expect(cooldownNow()).toBe(100);
  });

  it('without backoff the cooldown stays the same on re-openings', async () => {
    const { pool } = await tripped();
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(100);
      expect(pool.circuit).toBe('halfOpen');
      await failures(pool, 1);
      expect((thrownBy(() => pool.submit(() => 1)) as CircuitOpenError).retryAt! - Date.now()).toBe(100);
    }
  });
});

describe('circuit breaker: generations, manual control, held tasks', () => {
  it('a result from a task started before the latest state change does not count', async () => {
    const pool = makePool({ size: 4, circuitBreaker: { failureThreshold: 2, cooldown: 100 } });
    const events = recordEvents(pool);
    await ready(pool);
    const b = blockers();
    const oldSuccess = pool.submit(b.task); // started while closed
    const oldFailure = pool.submit(b.task);
    await failures(pool, 2);
    expect(pool.circuit).toBe('open');
    await vi.advanceTimersByTimeAsync(100);
    expect(pool.circuit).toBe('halfOpen');

    // Results of the closed-era tasks arrive in halfOpen: neither closes nor reopens it.
    b.release('old', 0);
    expect(await oldSuccess.result).toBe('old');
    expect(pool.circuit).toBe('halfOpen');
    b.fail(new Boom('old failure'), 1);
    await rejectionOf(oldFailure.result);
    expect(pool.circuit).toBe('halfOpen');
    expect(events.count('circuitClosed')).toBe(0);
    expect(events.count('circuitOpened')).toBe(1);

    // They did not use up the probe slot either: a real probe decides.
    expect(await pool.run(() => 'probe')).toBe('probe');
    expect(pool.circuit).toBe('closed');
  });

  it('a failure from before a reset does not count toward the new closed period', async () => {
    const pool = makePool({ size: 2, circuitBreaker: { failureThreshold: 1, cooldown: 100 } });
    await ready(pool);
    const b = blockers();
    const old = pool.submit(b.task);
    pool.openCircuit();
    pool.resetCircuit();
    expect(pool.circuit).toBe('closed');
    b.fail(new Boom('stale'), 0);
    await rejectionOf(old.result);
    expect(pool.circuit).toBe('closed'); // threshold 1: it would have tripped if it counted
    await failures(pool, 1);
    expect(pool.circuit).toBe('open'); // a current failure does
  });

  it('openCircuit() forces it open (half-open after the cooldown); resetCircuit() closes it', async () => {
    const pool = makePool({ size: 1, circuitBreaker: { cooldown: 500 } });
    const events = recordEvents(pool);
    await ready(pool);
    pool.openCircuit();
    expect(pool.circuit).toBe('open');
    expect(events.of('circuitOpened')[0]?.retryAt).toBe(Date.now() + 500);
    expect(thrownBy(() => pool.submit(() => 1))).toBeInstanceOf(CircuitOpenError);
    pool.resetCircuit();
    expect(pool.circuit).toBe('closed');
    expect(events.count('circuitClosed')).toBe(1);
    expect(await pool.run(() => 'ok')).toBe('ok');

    pool.openCircuit();
    await vi.advanceTimersByTimeAsync(500);
    expect(pool.circuit).toBe('halfOpen');
    pool.resetCircuit();
    expect(pool.circuit).toBe('closed');
    pool.openCircuit();
    pool.openCircuit(); // forcing again while open restarts the cooldown
    expect(pool.circuit).toBe('open');
    await vi.advanceTimersByTimeAsync(2000);
    expect(pool.circuit).toBe('halfOpen');
    pool.resetCircuit();
    pool.resetCircuit(); // resetting a closed breaker is harmless
    expect(pool.circuit).toBe('closed');
  });

  it('while open, queued tasks are held (not dispatched) and their signals still apply; halfOpen lets one probe out', async () => {
    const pool = makePool({ size: 2, maxQueueSize: 10, circuitBreaker: { cooldown: 100 } });
    await ready(pool);
    const b = blockers();
    const runningA = pool.submit(b.task);
    const runningB = pool.submit(b.task);
    const ran: string[] = [];
    const controller = new AbortController();
    const queued = ['q1', 'q2', 'q3'].map((name) =>
      observe(
        pool.run(async () => {
          ran.push(name);
          return name;
        }, name === 'q2' ? { signal: controller.signal } : {}),
      ),
    );
    expect(pool.status().queued).toBe(3);
    pool.openCircuit();
    b.release('a', 0);
    b.release('b', 1);
    expect(await runningA.result).toBe('a');
    expect(await runningB.result).toBe('b');
    await vi.advanceTimersByTimeAsync(50);
    // Both workers are idle but nothing was dispatched.
    expect(ran).toEqual([]);
    expect(pool.status()).toMatchObject({ idleWorkers: 2, queued: 3, circuit: 'open' });

    // A signal still removes a held task at once.
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await flushMicrotasks();
    expect(queued[1]!.error).toBe(reason);
    expect(pool.status().queued).toBe(2);

    // halfOpen: exactly one probe (halfOpenMaxCalls 1) goes out; its success closes and the rest follow.
    await vi.advanceTimersByTimeAsync(50);
    await until(() => queued[0]!.settled && queued[2]!.settled, 'held tasks');
    expect(ran).toEqual(['q1', 'q3']);
    expect(pool.circuit).toBe('closed');
  });

  it('a held task is dispatched as the halfOpen probe, and if it fails the rest stay held', async () => {
    const pool = makePool({ size: 2, circuitBreaker: { cooldown: 100 } });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    pool.submit(b.task);
    const ran: string[] = [];
    const probe = observe(pool.run(() => (ran.push('probe'), Promise.reject(new Boom('still down')))));
    const held = observe(pool.run(() => (ran.push('held'), 'held')));
    pool.openCircuit();
    b.release('x', 0);
    b.release('y', 1);
    await vi.advanceTimersByTimeAsync(100);
    await until(() => probe.settled, 'probe');
    expect(probe.error).toBeInstanceOf(Boom);
    expect(pool.circuit).toBe('open');
    expect(ran).toEqual(['probe']);
    expect(held.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    await until(() => held.settled, 'held task');
    expect(held.value).toBe('held');
    expect(pool.circuit).toBe('closed');
  });
});
