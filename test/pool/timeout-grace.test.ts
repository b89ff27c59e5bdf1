import { describe, expect, it, vi } from 'vitest';
import { InvalidOptionError, TaskTimeoutError } from '../../src/index.js';
import { makePool, poolSuite, ready, recordEvents, rejectionOf, until } from './helpers.js';

poolSuite();

/** A task that sleeps `ms` but stops as soon as its signal aborts, as a well-behaved query does. */
const politeSleep =
  (ms: number) =>
  ({ signal }: { signal: AbortSignal }): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve('done'), ms);
      signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
    });

describe('timeoutGrace: a timed-out task that stops on its signal keeps its worker', () => {
  it('the README setup survives a slow downstream: three waves of tasks past their timeout, no crash, no failure', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 2, taskTimeout: 20, circuitBreaker: false });
    await ready(pool);
    const events = recordEvents(pool);
    const workers = new Set(pool.workerSupervisor!.whichChildren().map((c) => c.id));
    for (let wave = 0; wave < 3; wave++) {
      const tasks = [rejectionOf(pool.run(politeSleep(100))), rejectionOf(pool.run(politeSleep(100)))];
      await vi.advanceTimersByTimeAsync(20);
      for (const task of tasks) expect(await task).toBeInstanceOf(TaskTimeoutError);
    }
    await vi.advanceTimersByTimeAsync(1);
    expect(pool.phase).toBe('running');
    expect(pool.status()).toMatchObject({ timedOut: 6, crashes: 0, restarts: 0, idleWorkers: 2, busyWorkers: 0 });
    expect(events.count('workerCrashed')).toBe(0);
    // The downstream is back: the same workers serve.
    await expect(pool.run(() => 'ok')).resolves.toBe('ok');
    expect(new Set(pool.workerSupervisor!.whichChildren().map((c) => c.id))).toEqual(workers);
  });

  it('a worker whose timed-out task returns within the grace takes the next queued task; none starts on it before', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, taskTimeout: 50, timeoutGrace: 100, circuitBreaker: false });
    await ready(pool);
    let release!: () => void;
    const stuck = pool.submit(({ signal }) => new Promise<void>((resolve) => (release = resolve, signal.addEventListener('abort', () => undefined))));
    const started: number[] = [];
    const next = pool.run(() => (started.push(Date.now()), 'next'));
    const stuckError = rejectionOf(stuck.result);
    await vi.advanceTimersByTimeAsync(50);
    expect(await stuckError).toBeInstanceOf(TaskTimeoutError);
    await vi.advanceTimersByTimeAsync(60);
    expect(started).toEqual([]); // the worker is still held by the timed-out code
    expect(pool.status()).toMatchObject({ queued: 1, busyWorkers: 1, running: 0 });
    release();
    await expect(next).resolves.toBe('next');
    expect(pool.status()).toMatchObject({ crashes: 0, restarts: 0, completed: 1, timedOut: 1 });
  });

  it('a task that ignores its signal past the grace is abandoned: its worker crashes and is replaced', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, taskTimeout: 50, timeoutGrace: 200, circuitBreaker: false });
    await ready(pool);
    const events = recordEvents(pool);
    const stuck = rejectionOf(pool.run(() => new Promise(() => undefined)));
    await vi.advanceTimersByTimeAsync(50);
    expect(await stuck).toBeInstanceOf(TaskTimeoutError);
    await vi.advanceTimersByTimeAsync(199);
    expect(events.count('workerCrashed')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(events.of('workerCrashed')[0]?.error).toBeInstanceOf(TaskTimeoutError);
    await until(() => pool.status().restarts === 1, 'replacement');
    await expect(pool.run(() => 'fresh')).resolves.toBe('fresh');
    expect(pool.status()).toMatchObject({ timedOut: 1, crashes: 1 });
  });

  it('timeoutGrace: 0 abandons the worker at once', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, taskTimeout: 50, timeoutGrace: 0, circuitBreaker: false });
    await ready(pool);
    const events = recordEvents(pool);
    const polite = rejectionOf(pool.run(politeSleep(1000)));
    await vi.advanceTimersByTimeAsync(50);
    expect(await polite).toBeInstanceOf(TaskTimeoutError);
    await until(() => events.count('workerCrashed') === 1, 'crash');
  });

  it('close({ timeout }) ends a pool whose worker is still in its grace', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, taskTimeout: 50, timeoutGrace: 10_000, circuitBreaker: false });
    await ready(pool);
    const stuck = rejectionOf(pool.run(() => new Promise(() => undefined)));
    await vi.advanceTimersByTimeAsync(50);
    expect(await stuck).toBeInstanceOf(TaskTimeoutError);
    let closed = false;
    void pool.close({ timeout: 100 }).then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(150);
    expect(closed).toBe(true);
    expect(pool.phase).toBe('closed');
  });

  it('refuses a bad timeoutGrace before starting anything', () => {
    for (const bad of [-1, Number.NaN, '100', Infinity]) {
      expect(() => makePool({ timeoutGrace: bad as number })).toThrow(InvalidOptionError);
    }
  });
});
