/**
 * Shared fixtures for the thread-pool suite: fixture module locations, pool tracking (every
 * pool is terminated after each test), a census of every worker thread the process starts
 * (via the `worker_threads` diagnostics channel) and event-driven waits. Nothing here guesses
 * how long a thread takes to start: waits are for a condition or an event, bounded by WAIT_MS.
 */
import { subscribe } from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createThreadPool, type PoolEvents, type ThreadPool, type ThreadPoolOptions } from '../../src/index.js';
import { pollUntil, sleep, within as settleWithin } from '../support/timing.js';
import { recordEvents, rejectionOf } from '../support/outcomes.js';

/** Generous bound for anything a test waits for on a loaded 2-core machine. */
export const WAIT_MS = 15_000;

export { sleep, recordEvents, rejectionOf };

// ------------------------------------------------------------------ fixture modules

export const FIXTURES = new URL('../fixtures/', import.meta.url);
export const HANDLERS_URL = new URL('handlers.mjs', FIXTURES);
export const CJS_URL = new URL('cjs-handlers.cjs', FIXTURES);
export const LOAD_FAILS_URL = new URL('load-fails.mjs', FIXTURES);
export const INIT_FAILS_URL = new URL('init-fails.mjs', FIXTURES);
export const LIFECYCLE_URL = new URL('lifecycle.mjs', FIXTURES);

export type Handlers = typeof import('../fixtures/handlers.mjs');
export type CjsHandlers = typeof import('../fixtures/cjs-handlers.cjs');

/** What lifecycle.mjs exports (plain JS, typed here). */
export interface LifecycleHandlers {
  init(info: { workerId: string; threadId: number }): Promise<LifecycleResource>;
  dispose(resource: LifecycleResource): Promise<void>;
  use(ctx: { resource: LifecycleResource; taskId: string; workerId: string; threadId: number }): {
    resource: LifecycleResource;
    taskId: string;
    workerId: string;
    threadId: number;
  };
  whoAmI(): { threadId: number };
}
export interface LifecycleResource {
  threadId: number;
  reported: number;
  workerId: string;
  opened: boolean;
  uses: number;
}

// ------------------------------------------------------------------ thread census

const startedThreads: Worker[] = [];
subscribe('worker_threads', (message) => {
  startedThreads.push((message as { worker: Worker }).worker);
});

/** Every worker thread started by this process since the suite file was loaded. */
export const threads = {
  /** How many threads were started so far. */
  get started(): number {
    return startedThreads.length;
  },
  /** Threads still running (a stopped Worker reports threadId -1). */
  live(): Worker[] {
    return startedThreads.filter((worker) => worker.threadId !== -1);
  },
};

// ------------------------------------------------------------------ pool tracking

type AnyThreadPool = ThreadPool<any>;
const pools: AnyThreadPool[] = [];

/** Registers a pool so it is terminated after the test, even when the test failed half-way. */
export function track<P extends AnyThreadPool>(pool: P): P {
  pools.push(pool);
  return pool;
}

/** `createThreadPool` + `track`. Defaults: 2 threads, no breaker (tests opt in), 10 s task timeout. */
export function makeThreadPool<M = Handlers>(module: string | URL = HANDLERS_URL, options: ThreadPoolOptions = {}): ThreadPool<M> {
  return track(createThreadPool<M>(module, { size: 2, circuitBreaker: false, taskTimeout: 10_000, ...options }));
}

/**
 * Installs the suite's hygiene for one file: tracked pools are terminated after each test,
 * then no thread may still run, and unhandled rejections / uncaught exceptions fail the test.
 */
export function threadSuite(): void {
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
    await within(Promise.all(all.map((pool) => pool.terminate())), WAIT_MS, 'terminate of the test pools');
    // A thread killed fire-and-forget (crash clean-up) may take a moment to report its exit.
    await until(() => threads.live().length === 0, 'every worker thread stopped', 5_000).catch(() => undefined);
    expect(threads.live().map((worker) => worker.threadId), 'threads still running after the test').toEqual([]);
    await sleep(5);
    const errors = seen.splice(0);
    expect(errors, 'unhandled errors / rejections during the test').toEqual([]);
  });
  afterAll(() => {
    process.off('unhandledRejection', collect);
    process.off('uncaughtException', collect);
  });
}

// ------------------------------------------------------------------ latch

/** A latch threads block on (the fixtures' `blockUntil`) until the main thread opens it. */
export function latch() {
  const shared = new SharedArrayBuffer(8);
  const flags = new Int32Array(shared);
  return {
    shared,
    /** How many calls reached the latch so far. */
    get waiting(): number {
      return Atomics.load(flags, 1);
    },
    /** Blocks the main thread (its event loop hears nothing meanwhile) until a thread waits here. */
    awaitBlocked(): void {
      Atomics.wait(flags, 1, 0, 10_000);
    },
    open(): void {
      Atomics.store(flags, 0, 1);
      Atomics.notify(flags, 0);
    },
  };
}

// ------------------------------------------------------------------ prefetch

/** Tasks sent ahead to busy threads right now (the pool's own count: what the prefetch suites are about). */
export function reservedIn(pool: ThreadPool<any>): number {
  return (pool as unknown as { core: { reserved: number } }).core.reserved;
}

/**
 * One thread: `a` ran, `b` blocks on its latch, `c` (blocking too) is sent ahead. Then `b` is let
 * go and the main thread waits, deaf, until the thread has started `c` by itself: the reservation
 * is "taken" and the pool has not heard `b` end yet.
 */
export async function takenBehind(pool: ThreadPool<Handlers>) {
  const first = latch();
  const second = latch();
  const third = latch();
  const a = pool.call('blockUntil', first.shared);
  const b = pool.submit('blockUntil', [second.shared]);
  const c = pool.submit('blockUntil', [third.shared]);
  const outcomes = [b, c].map((handle) => {
    const seen = { settled: 0, error: undefined as unknown };
    handle.result.then(
      () => void seen.settled++,
      (error: unknown) => {
        seen.settled++;
        seen.error = error;
      },
    );
    return seen;
  });
  await until(() => first.waiting === 1, 'the first call to block');
  first.open();
  await within(a);
  await until(() => second.waiting === 1 && reservedIn(pool) === 1, 'the second call to block, the third sent ahead');
  second.open();
  third.awaitBlocked();
  expect(third.waiting).toBe(1);
  return { b, c, outcomes, third };
}

// ------------------------------------------------------------------ waiting

/** Rejects if `promise` does not settle within `ms` (real time). */
export function within<T>(promise: Promise<T>, ms = WAIT_MS, what = 'promise'): Promise<T> {
  return settleWithin(promise, ms, what);
}

/** Waits until `condition()` holds, polling every few ms. */
export async function until(condition: () => boolean, what = 'condition', limit = WAIT_MS): Promise<void> {
  await pollUntil(condition, what, limit, 2);
}

/** Waits until `count` threads of `pool` have started and sit idle. */
export async function ready(pool: AnyThreadPool, count = pool.metrics().size): Promise<void> {
  await until(() => pool.status().idleWorkers === count, `${count} idle threads in ${pool.name}`);
}

/** Resolves with the next `type` event that matches `filter`; rejects after `timeoutMs`. */
export function nextEvent<K extends keyof PoolEvents>(
  pool: AnyThreadPool,
  type: K,
  filter: (event: PoolEvents[K]) => boolean = () => true,
  timeoutMs = WAIT_MS,
): Promise<PoolEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pool.events.off(type, handler);
      reject(new Error(`timed out waiting for "${String(type)}" of ${pool.name}`));
    }, timeoutMs);
    const handler = (event: PoolEvents[K]) => {
      if (!filter(event)) return;
      clearTimeout(timer);
      pool.events.off(type, handler);
      resolve(event);
    };
    pool.events.on(type, handler);
  });
}



// ------------------------------------------------------------------ a log file threads write to

/** A fresh temp file for fixtures that record init / dispose, and its lines. */
export function threadLog() {
  const dir = mkdtempSync(join(tmpdir(), 'overseer-threads-'));
  const path = join(dir, 'log.txt');
  return {
    path,
    lines(): string[] {
      try {
        return readFileSync(path, 'utf8').split('\n').filter((line) => line.length > 0);
      } catch {
        return [];
      }
    },
    remove(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
