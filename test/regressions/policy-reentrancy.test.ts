/**
 * What the adversarial review of issue 10 found, each pinned: user code that runs while a retry is
 * being set up (`retryIf`, a `taskRetried` listener) cancelling the task or stopping the pool; a
 * close that disposed a resource under a timed-out task still in its grace; waiting retries
 * refusing work with idle workers; in-flight tasks when `instrument()` attaches; stale worker
 * gauges while a pool recovers.
 */
import { describe, expect, it, vi } from 'vitest';
import { PoolClosedError, TaskCancelledError, createPool } from '../../src/index.js';
import { instrument } from '../../src/otel/index.js';
import { makePool, poolSuite, ready, rejectionOf, until } from '../pool/helpers.js';
import { makeSdk, sdkSuite } from '../otel/helpers.js';

poolSuite();
sdkSuite();

const sum = (s: ReturnType<ReturnType<typeof createPool>['status']>) => s.completed + s.failed + s.timedOut + s.cancelled;

describe('user code during a retry', () => {
  for (const stop of ['terminate', 'close({ timeout })', 'close'] as const) {
    it(`${stop} from a taskRetried listener settles the task once`, async () => {
      const pool = makePool({ size: 1, circuitBreaker: false, retry: { attempts: 2, backoff: { type: 'fixed', delay: 20 } } });
      await ready(pool);
      let tries = 0;
      pool.events.on('taskRetried', () => {
        if (stop === 'terminate') void pool.terminate();
        else if (stop === 'close') void pool.close();
        else void pool.close({ timeout: 5 });
      });
      const outcome = pool.run(() => (++tries === 1 ? Promise.reject(new Error('first try')) : 'second try')).then(
        (value) => ({ ok: true, value }),
        (error: unknown) => ({ ok: false, value: error }),
      );
      const settled = await outcome;
      // A plain close lets the retry run; terminate and a close that times out cancel it.
      if (stop === 'close') expect(settled).toEqual({ ok: true, value: 'second try' });
      else expect(settled.value).toBeInstanceOf(PoolClosedError);
      await until(() => pool.phase === 'closed', 'closed');
      expect(sum(pool.status())).toBe(pool.status().accepted);
    });
  }

  it('cancel() from a taskRetried listener: cancelled once, never run again', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false, retry: { attempts: 3 } });
    await ready(pool);
    let tries = 0;
    const handle = pool.submit(() => Promise.reject(new Error(`try ${++tries}`)));
    pool.events.on('taskRetried', () => handle.cancel());
    expect(await rejectionOf(handle.result)).toBeInstanceOf(TaskCancelledError);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tries).toBe(1);
    expect(pool.status()).toMatchObject({ accepted: 1, cancelled: 1, failed: 0, retrying: 0 });
  });

  it('a cancel from retryIf (the task settles in the predicate): cancelled once, never run again', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    let tries = 0;
    const controller = new AbortController();
    const error = rejectionOf(
      pool.run(() => Promise.reject(new Error(`try ${++tries}`)), {
        signal: controller.signal,
        retry: { attempts: 3, retryIf: () => (controller.abort(new Error('user left')), true) },
      }),
    );
    expect(((await error) as Error).message).toBe('user left');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tries).toBe(1);
    expect(pool.status()).toMatchObject({ accepted: 1, cancelled: 1, failed: 0, retried: 0 });
  });
});

describe('close() and the timeout grace', () => {
  it('waits for a timed-out task still in its grace before disposing its resource', async () => {
    const order: string[] = [];
    const pool = makePool({
      size: 1,
      taskTimeout: 30,
      circuitBreaker: false,
      worker: { init: () => ({ open: true }), dispose: (conn) => void order.push(`dispose (open: ${conn.open})`) },
    });
    await ready(pool);
    const task = rejectionOf(
      pool.run(async ({ resource, signal }) => {
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        await new Promise((resolve) => setTimeout(resolve, 100)); // slow to stop, within the 1 s grace
        order.push(`code returned (open: ${resource.open})`);
        resource.open = false;
      }),
    );
    await task;
    await pool.close();
    expect(order).toEqual(['code returned (open: true)', 'dispose (open: false)']);
  });
});

describe('waiting retries and room', () => {
  it('a task waiting to be tried again does not refuse work while workers are idle', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 2, maxQueueSize: 0, circuitBreaker: false, retry: { attempts: 2, backoff: { type: 'fixed', delay: 1000 } } });
    await ready(pool);
    const flaky = rejectionOf(pool.run(() => Promise.reject(new Error('x'))));
    await vi.advanceTimersByTimeAsync(1);
    expect(pool.status()).toMatchObject({ retrying: 1, idleWorkers: 2 });
    await expect(pool.run(() => 'hand-off')).resolves.toBe('hand-off');
    await vi.advanceTimersByTimeAsync(1000);
    expect(await flaky).toBeInstanceOf(Error);
  });
});

describe('instrument() and tasks in flight', () => {
  it('counts tasks already running when it attaches as accepted, so settled never exceeds accepted', async () => {
    const sdk = makeSdk();
    const pool = makePool({ name: 'inflight', size: 4, circuitBreaker: false });
    await ready(pool);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = Array.from({ length: 4 }, () => pool.run(() => gate));
    await until(() => pool.status().running === 4, 'running');
    const probe = instrument(pool, { meter: sdk.meter });
    release();
    await Promise.all(running);
    const collected = await sdk.collect();
    expect(collected.sum('overseer.pool.settled_tasks')).toBe(4);
    expect(collected.sum('overseer.pool.accepted_tasks')).toBe(4);
    probe.stop();
  });
});

describe('status() while recovering', () => {
  it('shows no starting or crashed workers for workers the pool has let go', async () => {
    const pool = makePool({
      size: 2,
      intensity: 1,
      recovery: { backoff: { type: 'fixed', delay: 60_000 } },
      worker: {
        init: () => {
          throw new Error('down');
        },
      },
    });
    await until(() => pool.phase === 'recovering', 'recovering');
    expect(pool.status()).toMatchObject({ idleWorkers: 0, busyWorkers: 0, startingWorkers: 0, crashedWorkers: 0 });
  });
});

describe('the breaker hears a try cancelled by retryIf', () => {
  it('a half-open probe cancelled from retryIf frees its slot: the next task is a probe again', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, circuitBreaker: { failureThreshold: 1, cooldown: 100 } });
    await ready(pool);
    await rejectionOf(pool.run(() => Promise.reject(new Error('trip'))));
    expect(pool.circuit).toBe('open');
    await vi.advanceTimersByTimeAsync(100);
    expect(pool.circuit).toBe('halfOpen');
    const controller = new AbortController();
    const probe = rejectionOf(
      pool.run(() => Promise.reject(new Error('probe failed')), {
        signal: controller.signal,
        retry: { attempts: 2, retryIf: () => (controller.abort(new Error('gave up')), true) },
      }),
    );
    expect(((await probe) as Error).message).toBe('gave up');
    // The failed probe reopened the circuit (it did not leave a probe slot taken for ever).
    expect(pool.circuit).toBe('open');
    await vi.advanceTimersByTimeAsync(100);
    expect(pool.circuit).toBe('halfOpen');
    await expect(pool.run(() => 'ok')).resolves.toBe('ok');
    expect(pool.circuit).toBe('closed');
  });
});
