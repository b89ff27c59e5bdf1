/**
 * Shared fixtures for the pool suite: pool tracking (every pool is terminated after each
 * test), controllable tasks, event waits and fake-timer-aware polling. Nothing here
 * guesses wall-clock durations: waits are for a condition or an event, bounded by WAIT_MS.
 */
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { createPool, type Handler, type Pool, type PoolEvents, type PoolOptions, type TaskContext } from '../../src/index.js';
import { pollUntil, sleep, within as settleWithin } from '../support/timing.js';
import { recordEvents, rejectionOf } from '../support/outcomes.js';

/** Generous upper bound for anything a test waits for; far below vitest's 20 s test timeout. */
export const WAIT_MS = 10_000;

export { sleep, recordEvents, rejectionOf };

type AnyPool = Pool<any, any>;

// ------------------------------------------------------------------ pool tracking

const pools: AnyPool[] = [];

/** Registers a pool so it is terminated after the test, even when the test failed half-way. */
export function track<P extends AnyPool>(pool: P): P {
  pools.push(pool);
  return pool;
}

/** `createPool` + `track`. */
export function makePool<R = undefined, H extends Record<string, Handler> = Record<string, Handler>>(
  options: PoolOptions<R, H> = {},
): Pool<R, H> {
  return track(createPool<R, H>(options));
}

/**
 * Installs the suite's hygiene for one file: every tracked pool is terminated (and must
 * finish) after each test, timers are restored, and unhandled rejections / uncaught
 * exceptions fail the test during which they appeared.
 */
export function poolSuite(): void {
  const seen: unknown[] = [];
  const collect = (error: unknown) => {
    seen.push(error);
  };
  beforeAll(() => {
    process.on('unhandledRejection', collect);
    process.on('uncaughtException', collect);
  });
  afterEach(async () => {
    const all = pools.splice(0);
    const done = Promise.all(all.map((pool) => pool.terminate()));
    if (vi.isFakeTimers()) {
      let finished = false;
      void done.then(
        () => (finished = true),
        () => (finished = true),
      );
      for (let i = 0; i < 400 && !finished; i++) await vi.advanceTimersByTimeAsync(25);
      vi.useRealTimers();
    }
    await within(done, WAIT_MS, 'terminate of the test pools');
    vi.unstubAllEnvs();
    // Rejections are reported after a macrotask; give them a chance to surface.
    await sleep(5);
    const errors = seen.splice(0);
    expect(errors, 'unhandled errors / rejections during the test').toEqual([]);
  });
  afterAll(() => {
    process.off('unhandledRejection', collect);
    process.off('uncaughtException', collect);
  });
}

// ------------------------------------------------------------------ waiting

/** Rejects if `promise` does not settle within `ms` (real time). */
export function within<T>(promise: Promise<T>, ms = WAIT_MS, what = 'promise'): Promise<T> {
  return settleWithin(promise, ms, what);
}

/** Lets pending promise callbacks run (no timers move). */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/**
 * Waits until `condition()` holds. With fake timers it lets microtasks and 0 ms timers run
 * without moving the clock further; with real timers it polls every millisecond.
 */
export async function until(condition: () => boolean, what = 'condition', limit = WAIT_MS): Promise<void> {
  if (vi.isFakeTimers()) {
    for (let i = 0; i < 500; i++) {
      if (condition()) return;
      await vi.advanceTimersByTimeAsync(0);
    }
    throw new Error(`${what} did not become true (fake timers, clock not advanced)`);
  }
  await pollUntil(condition, what, limit);
}

/** Waits until every worker of `pool` has started (its `init` resolved) and is idle. */
export async function ready(pool: AnyPool): Promise<void> {
  const size = pool.metrics().size;
  await until(() => pool.status().idleWorkers === size, `all ${size} workers of ${pool.name} idle`);
}

/** Resolves with the next `type` event that matches `filter`; rejects after `timeoutMs` (real time). */
export function nextEvent<K extends keyof PoolEvents>(
  pool: AnyPool,
  type: K,
  filter: (event: PoolEvents[K]) => boolean = () => true,
  timeoutMs = WAIT_MS,
): Promise<PoolEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = vi.isFakeTimers()
      ? undefined
      : setTimeout(() => {
          pool.events.off(type, handler);
          reject(new Error(`timed out waiting for "${String(type)}" of ${pool.name}`));
        }, timeoutMs);
    const handler = (event: PoolEvents[K]) => {
      if (!filter(event)) return;
      if (timer !== undefined) clearTimeout(timer);
      pool.events.off(type, handler);
      resolve(event);
    };
    pool.events.on(type, handler);
  });
}


// ------------------------------------------------------------------ outcomes

export interface Observed<T> {
  settled: boolean;
  ok: boolean | undefined;
  value: T | undefined;
  error: unknown;
  promise: Promise<void>;
}

/** Watches a promise synchronously (flags are set when it settles) without leaving it unhandled. */
export function observe<T>(promise: Promise<T>): Observed<T> {
  const o: Observed<T> = { settled: false, ok: undefined, value: undefined, error: undefined, promise: Promise.resolve() };
  o.promise = promise.then(
    (value) => {
      o.settled = true;
      o.ok = true;
      o.value = value;
    },
    (error: unknown) => {
      o.settled = true;
      o.ok = false;
      o.error = error;
    },
  );
  return o;
}


/** What `fn()` throws synchronously (fails the test if it does not throw). */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a synchronous throw');
}

// ------------------------------------------------------------------ tasks

/** A latch a task can wait on; `open(value)` releases every waiter. */
export interface Gate<T = void> {
  readonly wait: Promise<T>;
  open(value: T): void;
  fail(error: unknown): void;
  readonly opened: boolean;
}

export function gate<T = void>(): Gate<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  let opened = false;
  const wait = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  wait.catch(() => undefined);
  return {
    wait,
    open: (value: T) => {
      opened = true;
      resolve(value);
    },
    fail: (error: unknown) => {
      opened = true;
      reject(error);
    },
    get opened() {
      return opened;
    },
  };
}

/**
 * A task that blocks until released; records its context. `blocker.task` can be
 * submitted many times: each run gets its own gate, released in start order.
 */
export function blockers<T = string>() {
  const started: TaskContext<any>[] = [];
  const gates: Gate<T>[] = [];
  return {
    started,
    task: (ctx: TaskContext<any>): Promise<T> => {
      started.push(ctx);
      const g = gate<T>();
      gates.push(g);
      return g.wait;
    },
    /** Releases the i-th started run (default: the oldest still blocked). */
    release(value: T, index?: number): void {
      const g = index === undefined ? gates.find((candidate) => !candidate.opened) : gates[index];
      if (g === undefined) throw new Error('no blocked run to release');
      g.open(value);
    },
    fail(error: unknown, index: number): void {
      (gates[index] as Gate<T>).fail(error);
    },
    get blocked(): number {
      return gates.filter((g) => !g.opened).length;
    },
  };
}

/** A task that never settles on its own (it only watches its signal). */
export const hang = (): Promise<never> => new Promise<never>(() => undefined);

export class Boom extends Error {
  constructor(message = 'boom') {
    super(message);
    this.name = 'Boom';
  }
}

/** A task that runs until its signal aborts, then rejects with the abort's reason. */
export function untilAborted(ctx: TaskContext<any>): Promise<never> {
  const signal = ctx.signal;
  return new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
