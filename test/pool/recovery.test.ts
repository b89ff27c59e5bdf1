import { describe, expect, it, vi } from 'vitest';
import { InvalidOptionError, PoolFailedError, PoolRecoveringError, getPool, poolSpec, startSupervisor } from '../../src/index.js';
import { makePool, poolSuite, recordEvents, rejectionOf, until } from './helpers.js';

poolSuite();

/** A pool whose workers' `init` fails while `broken()` says so (a database that is down). */
function flakyPool(options: Parameters<typeof makePool>[0] = {}) {
  let broken = true;
  const pool = makePool({
    size: 1,
    intensity: 1,
    period: 10_000,
    circuitBreaker: false,
    worker: {
      init: () => {
        if (broken) throw new Error('database is down');
        return 'conn';
      },
    },
    ...options,
  });
  return { pool, heal: () => (broken = false), breakAgain: () => (broken = true) };
}

describe('recovery: a pool with no parent backs off and comes back', () => {
  it('refuses work with PoolRecoveringError (retryAt, attempt) meanwhile, then runs again', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { pool, heal } = flakyPool({ recovery: { backoff: { type: 'fixed', delay: 5_000 } } });
    const events = recordEvents(pool);
    await until(() => pool.phase === 'recovering', 'recovering');
    expect(pool.status().phase).toBe('recovering');
    const recovering = events.of('recovering')[0]!;
    expect(recovering).toMatchObject({ attempt: 1, retryAt: Date.now() + 5_000 });
    expect((recovering.error as Error).message).toBe('database is down');

    const refused = (() => {
      try {
        pool.submit(() => 1);
      } catch (error) {
        return error;
      }
    })() as PoolRecoveringError;
    expect(refused).toBeInstanceOf(PoolRecoveringError);
    expect(refused).toMatchObject({ code: 'ERR_POOL_RECOVERING', retryAt: recovering.retryAt, attempt: 1 });
    expect((refused.cause as Error).message).toBe('database is down');
    expect(events.of('taskRejected').map((e) => e.reason)).toEqual(['recovering']);

    heal();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(pool.phase).toBe('recovering');
    await vi.advanceTimersByTimeAsync(1);
    await until(() => pool.phase === 'running', 'running again');
    expect(events.of('recovered')).toEqual([{ pool: pool.name, attempt: 1 }]);
    await expect(pool.run(({ resource }) => resource)).resolves.toBe('conn');
    expect(events.count('failed')).toBe(0);
  });

  it('tasks it held when its workers gave up are rejected with the way back, each exactly once', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, intensity: 0, circuitBreaker: false, isFatal: () => true });
    await until(() => pool.status().idleWorkers === 1, 'ready');
    const running = rejectionOf(pool.run(() => Promise.reject(new Error('connection reset'))));
    const queued = rejectionOf(pool.run(() => 'never'));
    const error = await running;
    expect(error).toBeInstanceOf(Error); // the fatal task's own failure
    expect(await queued).toBeInstanceOf(PoolRecoveringError);
    expect(pool.phase).toBe('recovering');
    const status = pool.status();
    expect(status.accepted).toBe(status.completed + status.failed + status.cancelled + status.timedOut);
  });

  it('backs off exponentially while failures come in a row, and starts over after resetAfter', async () => {
    vi.useFakeTimers({ now: 0 });
    const { pool, heal, breakAgain } = flakyPool({
      recovery: { backoff: { type: 'exponential', delay: 100, maxDelay: 350 }, resetAfter: 10_000 },
      isFatal: (error) => (error as Error).message === 'connection lost',
    });
    const events = recordEvents(pool);
    const delays = () => events.of('recovering').map((e) => [e.attempt, e.retryAt]);
    await until(() => events.count('recovering') === 1, 'first');
    await vi.advanceTimersByTimeAsync(100);
    await until(() => events.count('recovering') === 2, 'second');
    await vi.advanceTimersByTimeAsync(200);
    await until(() => events.count('recovering') === 3, 'third');
    await vi.advanceTimersByTimeAsync(350);
    await until(() => events.count('recovering') === 4, 'fourth (capped)');
    const seen = delays();
    expect(seen.map(([attempt]) => attempt)).toEqual([1, 2, 3, 4]);
    const gaps = seen.slice(1).map(([, retryAt], i) => (retryAt as number) - (seen[i]![1] as number));
    expect(gaps).toEqual([200, 350, 350]); // 100 × 2^(n-1), capped at 350 (each new init fails at once)
    heal();
    await vi.advanceTimersByTimeAsync(350);
    await until(() => pool.phase === 'running', 'back');
    // Healthy for longer than resetAfter: the next failure waits the first delay again.
    await vi.advanceTimersByTimeAsync(10_001);
    breakAgain();
    // A fatal error crashes the worker; its replacement cannot connect: the workers give up again.
    await rejectionOf(pool.run(() => Promise.reject(new Error('connection lost'))));
    await until(() => events.count('recovering') === 5, 'fifth');
    expect(events.of('recovering')[4]).toMatchObject({ attempt: 1 });
  });

  it('under a supervisor it keeps OTP semantics: it fails and its parent restarts it', async () => {
    let broken = true;
    const root = await startSupervisor({
      intensity: 5,
      children: [
        poolSpec('db', {
          size: 1,
          intensity: 0,
          circuitBreaker: false,
          worker: {
            init: () => {
              if (broken) throw new Error('down');
              return 'conn';
            },
          },
        }),
      ],
    });
    const first = getPool(root.whichChildren()[0]!.ref)!;
    const failed = new Promise((resolve) => first.events.on('failed', resolve));
    await failed;
    expect(first.phase).toBe('failed');
    broken = false;
    await until(() => {
      const ref = root.whichChildren()[0]?.ref;
      return ref !== undefined && ref !== 'restarting' && getPool(ref)?.phase === 'running' && getPool(ref)!.status().idleWorkers === 1;
    }, 'restarted by its parent');
    await root.stop();
  });

  it('recovery: false fails for good, as before', async () => {
    const { pool } = flakyPool({ recovery: false });
    await until(() => pool.phase === 'failed', 'failed');
    expect(() => pool.submit(() => 1)).toThrow(PoolFailedError);
  });

  it('close() and terminate() during the backoff end the pool without starting workers', async () => {
    vi.useFakeTimers();
    const { pool, heal } = flakyPool({ recovery: { backoff: { type: 'fixed', delay: 60_000 } } });
    await until(() => pool.phase === 'recovering', 'recovering');
    heal();
    let closed = false;
    void pool.close().then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(closed).toBe(true);
    expect(pool.phase).toBe('closed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pool.workerSupervisor?.countChildren().active ?? 0).toBe(0);

    const second = flakyPool({ recovery: { backoff: { type: 'fixed', delay: 60_000 } } });
    await until(() => second.pool.phase === 'recovering', 'recovering');
    await second.pool.terminate();
    expect(second.pool.phase).toBe('closed');
  });

  it('refuses bad recovery options before starting anything', () => {
    for (const recovery of [true, { backoff: { type: 'linear', delay: 1 } }, { backoff: { type: 'fixed', delay: -1 } }, { resetAfter: -5 }, { bakoff: {} }]) {
      expect(() => makePool({ recovery: recovery as never })).toThrow(InvalidOptionError);
    }
  });
});
