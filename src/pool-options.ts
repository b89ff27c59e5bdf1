import { nanoid } from 'nanoid';
import { InvalidOptionError } from '../supervisor/errors.js';
import { validateInspect } from '../supervisor/options.js';
import type { InspectOption } from '../supervisor/root.js';
import type { CircuitBreakerOptions, NormalizedBreakerOptions } from './circuit-breaker.js';
import { normalizeBreakerOptions } from './breaker-options.js';
import { booleanOption, optionalFunction, positiveMs } from './option-checks.js';
import type { TaskContext } from './task-context.js';
import type { TaskRecord } from './task-record.js';
import { checkOptions } from '../supervisor/option-keys.js';
import { normalizePolicies, type NormalizedRecovery, type NormalizedRetry, type RateLimitOptions, type RecoveryOptions, type RetryOptions } from './pool/policy-options.js';
import { checkListeners } from '../supervisor/emitter.js';
import { POOL_EVENT_NAMES, type PoolListeners } from './pool/listeners.js';
import type { PoolEvents } from './pool/events.js';

/** Environment variable read for `size` when the option is not given. */
export const POOL_SIZE_ENV = 'OVERSEER_POOL_SIZE';
/** Environment variable read for `maxQueueSize` when the option is not given. */
export const MAX_QUEUE_SIZE_ENV = 'OVERSEER_MAX_QUEUE_SIZE';

/** Every option of `createPool`. */
export const POOL_OPTIONS = [
  'name',
  'size',
  'maxQueueSize',
  'taskTimeout',
  'circuitBreaker',
  'intensity',
  'period',
  'signal',
  'handlers',
  'worker',
  'isFatal',
  'wrap',
  'inspect',
  'onListenerError',
  'on',
  'propagateContext',
  'timeoutGrace',
  'retry',
  'rateLimit',
  'recovery',
];

/**
 * Whether `value` can be used as an AbortSignal: `aborted`, `reason` and the listener methods.
 * Duck-typed, so a signal from another realm (a test DOM, a vm context) is accepted too.
 *
 * @example
 * ```ts
 * isAbortSignal(AbortSignal.timeout(100)); // true
 * isAbortSignal({ aborted: false });       // false: it can never tell anyone it aborted
 * ```
 */
export function isAbortSignal(value: unknown): value is AbortSignal {
  if (value === null || typeof value !== 'object') return false;
  const signal = value as Partial<AbortSignal>;
  return typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function' && typeof signal.removeEventListener === 'function';
}

/** A named task function: called with the arguments of `call(name, ...args)` and then the task context. */
export type Handler = (...args: any[]) => unknown;

/** Per-worker resource hooks. */
export interface WorkerHooks<R> {
  /**
   * Creates the resource every task on this worker receives as `ctx.resource`. A failure is a worker
   * crash. `signal` aborts if the worker is stopped while `init` still runs (the pool closes or is
   * terminated meanwhile): pass it on to a connect that may hang.
   */
  init?: (info: { workerId: string; signal: AbortSignal }) => R | Promise<R>;
  /** Releases it when the worker stops or crashes. */
  dispose?: (resource: R, info: { workerId: string }) => void | Promise<void>;
}

/** Wraps every task (middleware for instrumentation, tracing, ...). */
export type TaskWrapper<R> = <T>(task: (ctx: TaskContext<R>) => T | Promise<T>) => (ctx: TaskContext<R>) => T | Promise<T>;

/** Options of `createPool`. */
export interface PoolOptions<R = undefined, H extends Record<string, Handler> = Record<string, Handler>> {
  /** Default `pool-<nanoid>`. */
  name?: string;
  /**
   * Workers: a number (default 10, or `OVERSEER_POOL_SIZE`), or `{ min, max, idleTimeout }` to add
   * workers under load up to `max` and retire the extra ones after `idleTimeout` ms idle, down to `min`.
   */
  size?: number | PoolSizeRange;
  /** Queued tasks beyond the busy workers. Default 1000, or `OVERSEER_MAX_QUEUE_SIZE`; 0 = hand-off only; `Infinity` allowed. */
  maxQueueSize?: number;
  /** Run-time limit per task in ms, or `false`. Default 30_000. A task past it rejects with `TaskTimeoutError` and its `ctx.signal` aborts; see `timeoutGrace`. */
  taskTimeout?: number | false;
  /** Default `{}` (enabled with defaults); `false` disables it. */
  circuitBreaker?: CircuitBreakerOptions | false;
  /**
   * Restart intensity of the worker supervisor, spelled as a supervisor's: at most `intensity`
   * worker restarts within `period` ms, or the pool fails.
   * @default max(3, 2 × size)
   * @example createPool({ size: 4, intensity: 20, period: 10_000 })
   */
  intensity?: number;
  /**
   * The window of `intensity`, in ms.
   * @default 5000
   * @example createPool({ intensity: 5, period: 60_000 })
   */
  period?: number;
  /** Aborting it closes the pool (like `close()`), and aborts every task's `ctx.signal`. */
  signal?: AbortSignal;
  /** Named task functions for `call(name, ...args)`. */
  handlers?: H;
  /** Per-worker resource hooks. */
  worker?: WorkerHooks<R>;
  /** Errors that mean the worker's resource is broken: the task fails and its worker crashes. */
  isFatal?: (error: unknown) => boolean;
  /** Middleware applied to every task at submit time. */
  wrap?: TaskWrapper<R>;
  /**
   * An xstate inspection observer for the pool's actor system: the pool, its breaker, its worker
   * supervisor and every worker. Under a supervisor the pool joins the tree's system, and this
   * observer then sees the whole tree (as the root's `inspect` does).
   * @example createPool({ inspect: (event) => console.log(event.type, event.actorRef.id) })
   */
  inspect?: InspectOption;
  /**
   * Called when an event listener throws; the pool carries on either way.
   * @default console.error
   * @example createPool({ onListenerError: (error, event) => log.warn(String(event), error) })
   */
  onListenerError?: (error: unknown, event: PropertyKey) => void;
  /**
   * Listeners subscribed to the pool's events before its first worker starts, by event name
   * (`'*'` hears every event). Typed by the event map: a misspelled event or payload field does
   * not compile. Given to `poolSpec`, every incarnation of the pool starts with them.
   * @default none
   * @example createPool({ on: { workerCrashed: ({ workerId, error }) => log.warn(workerId, error) } })
   */
  on?: PoolListeners;
  /**
   * Run each task in its submitter's async context, so an `AsyncLocalStorage` store (a request id,
   * an OpenTelemetry span) set around `submit` / `run` is the one the task sees. A task that waits
   * in the queue otherwise starts from the continuation of the task before it, in that task's
   * context. Costs one `AsyncResource` per queued task (see docs/pool.md for the measured price).
   * @default true
   * @example createPool({ propagateContext: false }) // a pool that never reads async context
   */
  propagateContext?: boolean;
  /**
   * ms a timed-out task has, once its `ctx.signal` aborted, to return and give its worker back:
   * a task that stops on its signal costs no crash and no restart. A worker whose task has not
   * returned by then is abandoned and replaced (counted as a crash). Thread pools stop a
   * timed-out call by terminating its thread and do not wait.
   * @default 1000
   * @example createPool({ taskTimeout: 2_000, timeoutGrace: 250 })
   */
  timeoutGrace?: number;
  /**
   * Retries for every task of the pool (a task's own `retry` option replaces it; `false` there
   * turns it off for that task). See {@link RetryOptions}.
   * @default undefined (no retries)
   * @example createPool({ retry: { attempts: 3, backoff: { type: 'exponential', delay: 100 } } })
   */
  retry?: RetryOptions | false;
  /**
   * At most `limit` task starts per `interval` ms; tasks wait in the queue meanwhile (and
   * `maxQueueSize` still bounds it).
   * @default undefined (no limit)
   * @example createPool({ rateLimit: { limit: 50, interval: 1_000 } }) // 50 starts a second
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * What a pool with **no parent supervisor** does when its workers crash more often than
   * `intensity` allows: back off, refusing work with `PoolRecoveringError` (its `retryAt` says
   * when to come back), then start fresh workers. `false`: it fails for good (`PoolFailedError`).
   * A pool under a supervisor always fails and lets its parent decide, as in OTP.
   * @default { backoff: { type: 'exponential', delay: 1_000, maxDelay: 30_000 }, resetAfter: 60_000 }
   * @example createPool({ recovery: { backoff: { type: 'fixed', delay: 5_000 } } })
   */
  recovery?: RecoveryOptions | false;
}

/** A pool that grows under load and shrinks when idle. */
export interface PoolSizeRange {
  /** Workers always kept. Default 1. */
  min?: number;
  /** Most workers at once. */
  max: number;
  /** ms a worker above `min` may stay idle before it is retired. Default 30_000. */
  idleTimeout?: number;
}

/** Hooks a backend (the thread pool) plugs into the core. Not part of the user-facing options. */
export interface BackendHooks<R> {
  /** Which backend runs the tasks: `getPool` gives an in-process handle only to an in-process pool. */
  kind?: 'threads';
  /** Stops a worker's resource at once because its code must not keep running (timeout, abort). */
  kill?: (resource: R) => void;
  /** Aborting a running task replaces its worker (threads can really be stopped). */
  abortKillsWorker?: boolean;
  /**
   * Sends `task` ahead to a busy worker's resource, to start when its current task succeeds
   * (threads: prefetch, see pool/reservations.ts). True when it went.
   */
  reserve?: (resource: R, task: TaskRecord) => boolean;
  /** Takes the task sent ahead back: false when the resource has already started it. */
  release?: (resource: R) => boolean;
}

/** Options after validation. */
export interface NormalizedPoolOptions<R = unknown> {
  name: string;
  /** Most workers at once. */
  size: number;
  /** Workers started up front and never retired. */
  minSize: number;
  /** ms before an extra idle worker is retired (only when minSize < size). */
  idleTimeout: number;
  backend: BackendHooks<R>;
  maxQueueSize: number;
  taskTimeout: number | false;
  breaker: NormalizedBreakerOptions | false;
  intensity: number;
  period: number;
  signal: AbortSignal | undefined;
  handlers: Record<string, Handler>;
  init: ((info: { workerId: string; signal: AbortSignal }) => R | Promise<R>) | undefined;
  dispose: ((resource: R, info: { workerId: string }) => void | Promise<void>) | undefined;
  isFatal: ((error: unknown) => boolean) | undefined;
  wrap: TaskWrapper<R> | undefined;
  inspect: PoolOptions['inspect'];
  onListenerError: ((error: unknown, event: PropertyKey) => void) | undefined;
  on: PoolListeners | undefined;
  propagateContext: boolean;
  timeoutGrace: number;
  retry: NormalizedRetry | undefined;
  rateLimit: { limit: number; interval: number } | undefined;
  recovery: NormalizedRecovery | false;
}

function fromEnv(variable: string): number | undefined {
  const raw = typeof process !== 'undefined' ? process.env?.[variable] : undefined;
  if (raw === undefined || raw.trim() === '') return undefined;
  const text = raw.trim();
  if (text.toLowerCase() === 'infinity') return Infinity;
  // Decimal digits only: Number() would also read "0x10", "1e1" and "0b11".
  if (!/^\d+$/.test(text)) throw new InvalidOptionError(variable, raw, 'a whole number in decimal digits (or Infinity)');
  return Number(text);
}

/**
 * The most workers a pool may have. Each worker is an actor with its own resource (a thread, in a
 * thread pool); far beyond this a size is a mistake, and `2 ** 31` would exhaust the heap.
 */
export const MAX_POOL_SIZE = 10_000;

function poolSize(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_POOL_SIZE) {
    throw new InvalidOptionError(option, value, `an integer from 1 to ${MAX_POOL_SIZE}`);
  }
  return value;
}

/**
 * Validates pool options, reads the environment fallbacks and fills in defaults.
 * Throws {@link InvalidOptionError} naming the option and the bad value.
 *
 * @example
 * ```ts
 * normalizePoolOptions({ size: 4 }).maxQueueSize; // 1000
 * ```
 */
export function normalizePoolOptions<R>(options: PoolOptions<R, any> = {}): NormalizedPoolOptions<R> {
  checkOptions(options, '', POOL_OPTIONS);
  const name = options.name ?? `pool-${nanoid(8)}`;
  if (typeof name !== 'string' || name.length === 0) throw new InvalidOptionError('name', options.name, 'a non-empty string');

  const { size, minSize, idleTimeout } = normalizeSize(options.size);
  const maxQueueSize = options.maxQueueSize ?? fromEnv(MAX_QUEUE_SIZE_ENV) ?? 1000;
  if (typeof maxQueueSize !== 'number' || maxQueueSize < 0 || (maxQueueSize !== Infinity && !Number.isInteger(maxQueueSize))) {
    throw new InvalidOptionError(options.maxQueueSize === undefined ? MAX_QUEUE_SIZE_ENV : 'maxQueueSize', maxQueueSize, 'an integer >= 0 or Infinity');
  }
  const taskTimeout = options.taskTimeout ?? 30_000;
  if (taskTimeout !== false) positiveMs('taskTimeout', taskTimeout);

  const intensity = options.intensity ?? Math.max(3, 2 * size);
  if (typeof intensity !== 'number' || !Number.isInteger(intensity) || intensity < 0) {
    throw new InvalidOptionError('intensity', options.intensity, 'a finite integer >= 0');
  }
  const period = positiveMs('period', options.period ?? 5000);
  validateInspect(options.inspect);

  const signal = options.signal;
  if (signal !== undefined && !isAbortSignal(signal)) throw new InvalidOptionError('signal', signal, 'an AbortSignal');
  const handlers = options.handlers ?? {};
  if (handlers === null || typeof handlers !== 'object') throw new InvalidOptionError('handlers', handlers, 'an object of functions');
  for (const [key, fn] of Object.entries(handlers)) {
    if (typeof fn !== 'function') throw new InvalidOptionError(`handlers.${key}`, fn, 'a function');
  }
  const worker = options.worker ?? {};
  checkOptions(worker, 'worker', ['init', 'dispose']);

  return {
    name,
    size,
    minSize,
    idleTimeout,
    backend: {},
    maxQueueSize,
    taskTimeout,
    breaker: normalizeBreakerOptions(options.circuitBreaker),
    intensity,
    period,
    signal,
    handlers: handlers as Record<string, Handler>,
    init: optionalFunction('worker.init', worker.init),
    dispose: optionalFunction('worker.dispose', worker.dispose),
    isFatal: optionalFunction('isFatal', options.isFatal),
    wrap: optionalFunction('wrap', options.wrap),
    inspect: options.inspect,
    onListenerError: optionalFunction('onListenerError', options.onListenerError),
    on: checkListeners<PoolEvents>(options.on, 'on', POOL_EVENT_NAMES),
    propagateContext: booleanOption('propagateContext', options.propagateContext, true),
    ...normalizePolicies(options),
  };
}

/**
 * Checks a pool's `size` (a number, or `{ min, max, idleTimeout }`); `undefined` reads
 * `OVERSEER_POOL_SIZE`, then 10. Used by `createPool` and `resize`.
 *
 * @example
 * ```ts
 * normalizeSize({ max: 8 }); // { size: 8, minSize: 1, idleTimeout: 30000 }
 * ```
 */
export function normalizeSize(size: number | PoolSizeRange | undefined): { size: number; minSize: number; idleTimeout: number } {
  if (size === undefined || typeof size === 'number') {
    const fixed = poolSize(size === undefined ? POOL_SIZE_ENV : 'size', size ?? fromEnv(POOL_SIZE_ENV) ?? 10);
    return { size: fixed, minSize: fixed, idleTimeout: 30_000 };
  }
  if (size === null || typeof size !== 'object' || Array.isArray(size)) throw new InvalidOptionError('size', size, 'a number or { min, max, idleTimeout }');
  checkOptions(size, 'size', ['min', 'max', 'idleTimeout']);
  const max = poolSize('size.max', size.max);
  const min = size.min ?? 1;
  if (typeof min !== 'number' || !Number.isInteger(min) || min < 0 || min > max) {
    throw new InvalidOptionError('size.min', size.min, `an integer from 0 to max (${max})`);
  }
  const idleTimeout = positiveMs('size.idleTimeout', size.idleTimeout ?? 30_000);
  return { size: max, minSize: min, idleTimeout };
}
