import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidOptionError, TaskCancelledError, TaskTimeoutError, PoolClosedError } from '../../src/index.js';
import { makePool, observe, poolSuite, ready, recordEvents, rejectionOf, until } from './helpers.js';

poolSuite();
afterEach(() => vi.restoreAllMocks());

class Transient extends Error {}
class Permanent extends Error {}

describe('retry: a failed or timed-out try is tried again, and the task settles once', () => {
  it('retries until a try succeeds, with each attempt in events, and resolves once', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const events = recordEvents(pool);
    let tries = 0;
    const result = observe(
      pool.run(
        () => {
          tries++;
          if (tries < 3) throw new Transient(`try ${tries}`);
          return 'ok';
        },
        { retry: { attempts: 5, backoff: { type: 'fixed', delay: 100 } }, label: 'charge' },
      ),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(tries).toBe(1);
    expect(pool.status()).toMatchObject({ retrying: 1, queued: 0, running: 0 });
    await vi.advanceTimersByTimeAsync(100);
    expect(tries).toBe(2);
    await vi.advanceTimersByTimeAsync(100);
    await until(() => result.settled, 'settled');
    expect(result.value).toBe('ok');
    expect(tries).toBe(3);
    expect(events.of('taskRetried').map((e) => [e.attempt, e.delay, (e.error as Error).message, e.label])).toEqual([
      [1, 100, 'try 1', 'charge'],
      [2, 100, 'try 2', 'charge'],
    ]);
    expect(events.count('taskSucceeded')).toBe(1);
    expect(events.count('taskFailed')).toBe(0);
    expect(pool.status()).toMatchObject({ accepted: 1, completed: 1, failed: 0, retried: 2, retrying: 0 });
  });

  it('rejects with the last error after the last attempt; exponential backoff with jitter', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const pool = makePool({ size: 1, circuitBreaker: false, retry: { attempts: 4, backoff: { type: 'exponential', delay: 100, jitter: 0.5 } } });
    await ready(pool);
    const events = recordEvents(pool);
    let tries = 0;
    const error = rejectionOf(pool.run(() => Promise.reject(new Transient(`try ${++tries}`))));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(((await error) as Error).message).toBe('try 4');
    // 100, 200, 400, each less a quarter (jitter 0.5 × random 0.5).
    expect(events.of('taskRetried').map((e) => e.delay)).toEqual([75, 150, 300]);
    expect(events.count('taskFailed')).toBe(1);
    expect(pool.status()).toMatchObject({ accepted: 1, failed: 1, retried: 3 });
  });

  it('retryIf decides; a throwing predicate means no; fatal errors and cancels are never retried', async () => {
    const pool = makePool({
      size: 1,
      circuitBreaker: false,
      isFatal: (e) => e instanceof Permanent && e.message === 'fatal',
      retry: { attempts: 3, retryIf: (error, attempt) => error instanceof Transient && attempt < 2 },
    });
    await ready(pool);
    let a = 0;
    await expect(pool.run(() => Promise.reject(new Transient(`t${++a}`)))).rejects.toThrow('t2'); // attempt 2: retryIf says no
    let b = 0;
    await expect(pool.run(() => Promise.reject(new Permanent(`p${++b}`)))).rejects.toThrow('p1');
    let c = 0;
    await expect(pool.run(() => (c++, Promise.reject(new Permanent('fatal'))), { retry: { attempts: 5 } })).rejects.toThrow('fatal');
    expect(c).toBe(1);
    let d = 0;
    await expect(pool.run(() => Promise.reject(new Transient(`d${++d}`)), { retry: { attempts: 3, retryIf: () => { throw new Error('bug'); } } })).rejects.toThrow('d1');
    let e = 0;
    await expect(pool.run(() => Promise.reject(new Transient(`e${++e}`)), { retry: false })).rejects.toThrow('e1');
    expect(pool.status().retried).toBe(1);
  });

  it('a timed-out try is retried with a fresh signal; the old one is aborted', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, circuitBreaker: false, taskTimeout: 50, timeoutGrace: 0 });
    await ready(pool);
    const signals: AbortSignal[] = [];
    const result = observe(
      pool.run(
        ({ signal }) => {
          signals.push(signal);
          return signals.length === 1 ? new Promise(() => undefined) : 'second';
        },
        { retry: { attempts: 2 } },
      ),
    );
    await vi.advanceTimersByTimeAsync(50);
    await vi.advanceTimersByTimeAsync(10); // the abandoned worker's replacement starts
    await until(() => result.settled, 'settled');
    expect(result.value).toBe('second');
    expect(signals).toHaveLength(2);
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[0]!.reason).toBeInstanceOf(TaskTimeoutError);
    expect(signals[1]!.aborted).toBe(false);
    expect(pool.status()).toMatchObject({ completed: 1, timedOut: 0, retried: 1 });
  });

  it('cancel() during the backoff settles the task at once; nothing runs again', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    let tries = 0;
    const handle = pool.submit(() => Promise.reject(new Transient(String(++tries))), { retry: { attempts: 3, backoff: { type: 'fixed', delay: 1000 } } });
    const error = rejectionOf(handle.result);
    await vi.advanceTimersByTimeAsync(10);
    expect(pool.status().retrying).toBe(1);
    expect(handle.cancel()).toBe(true);
    expect(await error).toBeInstanceOf(TaskCancelledError);
    await vi.advanceTimersByTimeAsync(5000);
    expect(tries).toBe(1);
    expect(pool.status()).toMatchObject({ retrying: 0, cancelled: 1 });
  });

  it('close() waits for tasks between tries; terminate() rejects them', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, circuitBreaker: false, retry: { attempts: 2, backoff: { type: 'fixed', delay: 500 } } });
    await ready(pool);
    let tries = 0;
    const result = observe(pool.run(() => (++tries === 1 ? Promise.reject(new Transient('once')) : 'second')));
    await vi.advanceTimersByTimeAsync(10);
    let closed = false;
    void pool.close().then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(closed).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    await until(() => closed, 'closed');
    expect(result.value).toBe('second');

    const other = makePool({ size: 1, circuitBreaker: false, retry: { attempts: 2, backoff: { type: 'fixed', delay: 500 } } });
    await ready(other);
    const failing = rejectionOf(other.run(() => Promise.reject(new Transient('x'))));
    await vi.advanceTimersByTimeAsync(10);
    await other.terminate();
    expect(await failing).toBeInstanceOf(PoolClosedError);
  });

  it('each failed try counts for the circuit breaker', async () => {
    const pool = makePool({ size: 1, circuitBreaker: { failureThreshold: 3, cooldown: 60_000 } });
    await ready(pool);
    await expect(pool.run(() => Promise.reject(new Transient('x')), { retry: { attempts: 3 } })).rejects.toThrow('x');
    expect(pool.circuit).toBe('open');
  });

  it('refuses bad retry options before accepting the task', async () => {
    const pool = makePool({ size: 1 });
    for (const retry of [{}, { attempts: 0 }, { attempts: 1.5 }, { attempts: 2, backoff: { type: 'fixed' } }, { attempts: 2, retryIf: 1 }, { attempts: 2, tries: 3 }, 'yes']) {
      expect(() => pool.submit(() => 1, { retry: retry as never })).toThrow(InvalidOptionError);
    }
    expect(() => makePool({ retry: { attempts: -1 } })).toThrow(InvalidOptionError);
    expect(pool.status().accepted).toBe(0);
  });
});
