/**
 * The options of `createQueueWorker` / `queueWorkerSpec`, checked before anything starts: a bad
 * value throws `InvalidOptionError` naming the option, an unknown key `UnknownOptionError`.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ConnectionOptions, Job, WorkerOptions } from 'bullmq';
import { nanoid } from 'nanoid';
import { InvalidOptionError } from '../../supervisor/errors.js';
import { checkListeners, type EventListeners, type ListenerErrorHandler } from '../../supervisor/emitter.js';
import { checkOptions } from '../../supervisor/option-keys.js';
import { normalizeBackoff, type Backoff, type NormalizedBackoff } from '../backoff.js';
import type { CircuitBreakerOptions } from '../circuit-breaker.js';
import { optionalFunction, positiveInteger, positiveMs } from '../option-checks.js';
import type { ThreadPoolOptions } from '../threads/thread-pool.js';
import { isTypeScriptModule } from '../threads/typescript-loader.js';
import { QUEUE_WORKER_EVENTS, type QueueWorkerEvents } from './events.js';

/**
 * What an in-process `processor` receives after the job: the pool's task context plus the job's
 * channels back to BullMQ.
 */
export interface JobContext {
  /** Aborts when the job times out, is cancelled (`cancelJob`), or the node gives it up on close. */
  readonly signal: AbortSignal;
  /** The pool's id of this try (as in the pool's events). */
  readonly taskId: string;
  /** The pool worker running it. */
  readonly workerId: string;
  /** `job.updateProgress(value)`: BullMQ's `progress` event and the job's `progress` field. */
  progress(value: number | object): Promise<void>;
  /** `job.log(line)`: a line in the job's log. */
  log(line: string): Promise<number>;
}

/** An in-process processor: BullMQ's `Job` in, the job's return value out. */
export type JobProcessor<T = any, R = any> = (job: Job<T, R>, ctx: JobContext) => R | Promise<R>;

/** The settings of the thread pool that runs a handlers module (`handlers`). */
export type QueueWorkerThreadOptions = Pick<ThreadPoolOptions, 'isolation' | 'resourceLimits' | 'workerData' | 'env' | 'execArgv' | 'disposeTimeout'>;

/** BullMQ `Worker` options the queue worker passes through (it sets the others itself). */
export type PassedWorkerOptions = Omit<WorkerOptions, 'connection' | 'concurrency' | 'autorun' | 'prefix' | 'name'>;

/** What a trip of this node's breaker does to the queue. */
export type OnCircuitOpen = 'pauseNode' | 'rateLimitQueue';

/** Options of `createQueueWorker` and `queueWorkerSpec`. */
export interface QueueWorkerOptions<T = any, R = any> {
  /** The BullMQ queue's name. Required. */
  queue: string;
  /**
   * The Redis connection: an ioredis instance (shared: the node never closes it; BullMQ makes one
   * blocking duplicate per worker) or ioredis options. An instance must have
   * `maxRetriesPerRequest: null`, as BullMQ requires of workers. Required.
   */
  connection: ConnectionOptions;
  /**
   * Runs each job in process: `(job, ctx) => result`. Give this or `handlers`, not both.
   * @example processor: async (job, { signal, progress }) => { await progress(50); return fetchThing(job.data.url, { signal }); }
   */
  processor?: JobProcessor<T, R>;
  /**
   * Runs each job on a worker thread: a handlers module (URL or path, as `createThreadPool`
   * takes); the job's `name` picks the exported function, which receives `(job.data, job, ctx)`,
   * `job` being `{ id, name, attemptsMade, progress }` with `progress` a `MessagePort`
   * (`job.progress.postMessage(50)` updates the job's progress). Give this or `processor`.
   * @example handlers: new URL('./jobs.mjs', import.meta.url)
   */
  handlers?: string | URL;
  /** Names the node in events, status and its supervisor. @default `<queue>-<nanoid>` */
  name?: string;
  /**
   * Pool workers, and so BullMQ's `concurrency`: jobs this node runs at once.
   * @default the machine's available parallelism with `handlers`, 10 with `processor`
   */
  size?: number;
  /**
   * ms a job may run before it is stopped and failed with `JobTimeoutError`, or `false`: run time
   * on its pool worker (the pool's `taskTimeout`). A job's own `data.jobTimeout` (ms, or `false`)
   * overrides it, counted from when this node took the job (a wait for a thread being replaced counts).
   * @default 30_000
   */
  jobTimeout?: number | false;
  /** In-process only: ms a timed-out or cancelled job's code has to return before its pool worker is replaced. @default 1000 */
  timeoutGrace?: number;
  /** The node's circuit breaker (the pool's `circuitBreaker` options), or `false`. @default {} */
  circuitBreaker?: CircuitBreakerOptions | false;
  /**
   * What an open circuit does: `'pauseNode'` stops this node fetching jobs (`worker.pause()`, held
   * jobs keep their locks and wait), `'rateLimitQueue'` rate-limits the whole queue for the cooldown
   * (`queue.rateLimit`), for a downstream every node shares.
   * @default 'pauseNode'
   */
  onCircuitOpen?: OnCircuitOpen;
  /** Errors that must not be retried: the job fails as BullMQ's `UnrecoverableError` does. */
  isFatal?: (error: unknown) => boolean;
  /** BullMQ's key prefix. @default 'bull' */
  prefix?: string;
  /** Other BullMQ `Worker` options (`lockDuration`, `stalledInterval`, `maxStalledCount`, `limiter`, ...). @default {} */
  workerOptions?: PassedWorkerOptions;
  /** Thread pool settings, with `handlers`. @default {} */
  threads?: QueueWorkerThreadOptions;
  /**
   * The pool's restart limits (its `intensity` / `period`): past `intensity` worker restarts within
   * `period` ms the pool fails, and the node's supervisor restarts the pool and the BullMQ worker.
   * A job that crashes its thread costs one restart, so the default allows a crash-prone job mix.
   * @default { intensity: max(50, 10 × size), period: 5_000 }
   */
  pool?: { intensity?: number; period?: number };
  /** Wait before each restart of a BullMQ worker that failed. @default { type: 'exponential', delay: 250, maxDelay: 10_000 } */
  restartBackoff?: Backoff;
  /** Restarts of the node's children (BullMQ worker, pool) allowed within `period`, past which the node fails. @default 10 */
  intensity?: number;
  /** The window of `intensity`, ms. @default 60_000 */
  period?: number;
  /** ms a graceful stop by a parent supervisor (`queueWorkerSpec`) lets active jobs finish. @default 10_000 */
  closeTimeout?: number;
  /** Listeners subscribed before anything starts, by event name. */
  on?: EventListeners<QueueWorkerEvents>;
  /** Called when an event listener throws. @default console.error */
  onListenerError?: ListenerErrorHandler;
}

/** The checked options. */
export interface NormalizedQueueWorkerOptions {
  queue: string;
  connection: ConnectionOptions;
  processor: JobProcessor | undefined;
  handlers: string | URL | undefined;
  name: string;
  size: number;
  jobTimeout: number | false;
  timeoutGrace: number | undefined;
  circuitBreaker: CircuitBreakerOptions | false;
  halfOpenMaxCalls: number;
  onCircuitOpen: OnCircuitOpen;
  isFatal: ((error: unknown) => boolean) | undefined;
  prefix: string | undefined;
  workerOptions: PassedWorkerOptions;
  threads: QueueWorkerThreadOptions;
  restartBackoff: NormalizedBackoff;
  pool: { intensity: number; period: number };
  intensity: number;
  period: number;
  closeTimeout: number;
  on: EventListeners<QueueWorkerEvents> | undefined;
  onListenerError: ListenerErrorHandler | undefined;
}

const KEYS = [
  'queue', 'connection', 'processor', 'handlers', 'name', 'size', 'jobTimeout', 'timeoutGrace', 'circuitBreaker', 'onCircuitOpen',
  'isFatal', 'prefix', 'workerOptions', 'threads', 'pool', 'restartBackoff', 'intensity', 'period', 'closeTimeout', 'on', 'onListenerError',
];
const ELSEWHERE: Record<string, string> = {
  breaker: 'the option is "circuitBreaker", as on a pool',
  concurrency: 'BullMQ\'s concurrency is the pool\'s "size"',
  taskTimeout: 'a job\'s time limit is "jobTimeout"',
};
const SET_BY_NODE = ['connection', 'concurrency', 'autorun', 'prefix', 'name'];
const THREAD_KEYS = ['isolation', 'resourceLimits', 'workerData', 'env', 'execArgv', 'disposeTimeout'];

/**
 * Checks `createQueueWorker`'s options and fills in the defaults.
 *
 * @example
 * ```ts
 * normalizeQueueWorkerOptions({ queue: 'images', connection, handlers: url }).size; // availableParallelism()
 * normalizeQueueWorkerOptions({ queue: 'images', connection }); // throws: give processor or handlers
 * ```
 */
export function normalizeQueueWorkerOptions(options: QueueWorkerOptions): NormalizedQueueWorkerOptions {
  checkOptions(options, '', KEYS, ELSEWHERE);
  const o = options as QueueWorkerOptions & Record<string, unknown>;
  if (typeof o.queue !== 'string' || o.queue.length === 0) throw new InvalidOptionError('queue', o.queue, 'the queue name, a non-empty string');
  if (o.connection === undefined || typeof o.connection !== 'object') {
    throw new InvalidOptionError('connection', o.connection, 'an ioredis instance or ioredis connection options');
  }
  checkConnection(o.connection);
  const processor = optionalFunction<JobProcessor>('processor', o.processor);
  const handlers = o.handlers;
  if (handlers !== undefined && typeof handlers !== 'string' && !(handlers instanceof URL)) {
    throw new InvalidOptionError('handlers', handlers, 'a module URL or path');
  }
  if (handlers !== undefined) checkHandlersExist(handlers);
  if ((processor === undefined) === (handlers === undefined)) {
    throw new InvalidOptionError('processor', processor, 'either processor (in process) or handlers (a module for threads), exactly one');
  }
  const name = o.name ?? `${o.queue}-${nanoid(6)}`;
  if (typeof name !== 'string' || name.length === 0) throw new InvalidOptionError('name', o.name, 'a non-empty string');
  const size = positiveInteger('size', o.size ?? (handlers === undefined ? 10 : availableParallelism()));
  const jobTimeout = o.jobTimeout === false ? false : positiveMs('jobTimeout', o.jobTimeout ?? 30_000);
  if (o.timeoutGrace !== undefined && handlers !== undefined) {
    throw new InvalidOptionError('timeoutGrace', o.timeoutGrace, 'no value with handlers (a timed-out job\'s thread is terminated at once)');
  }
  const onCircuitOpen = o.onCircuitOpen ?? 'pauseNode';
  if (onCircuitOpen !== 'pauseNode' && onCircuitOpen !== 'rateLimitQueue') {
    throw new InvalidOptionError('onCircuitOpen', o.onCircuitOpen, "'pauseNode' or 'rateLimitQueue'");
  }
  const circuitBreaker = o.circuitBreaker ?? {};
  if (circuitBreaker !== false && (typeof circuitBreaker !== 'object' || Array.isArray(circuitBreaker))) {
    throw new InvalidOptionError('circuitBreaker', circuitBreaker, 'circuit breaker options or false');
  }
  const halfOpenMaxCalls = circuitBreaker === false ? size : (circuitBreaker.halfOpenMaxCalls ?? 1);
  const prefix = o.prefix;
  if (prefix !== undefined && (typeof prefix !== 'string' || prefix.length === 0)) throw new InvalidOptionError('prefix', prefix, 'a non-empty string');
  const workerOptions = (o.workerOptions ?? {}) as Record<string, unknown>;
  if (typeof workerOptions !== 'object' || Array.isArray(workerOptions)) throw new InvalidOptionError('workerOptions', workerOptions, 'BullMQ Worker options');
  for (const key of SET_BY_NODE) {
    if (key in workerOptions) throw new InvalidOptionError(`workerOptions.${key}`, workerOptions[key], `no value: the queue worker sets it (${key === 'concurrency' ? 'use size' : `use the ${key} option`})`);
  }
  checkWorkerNumbers(workerOptions);
  const threads = o.threads ?? {};
  checkOptions(threads, 'threads', THREAD_KEYS);
  if (handlers === undefined && Object.keys(threads).length > 0) throw new InvalidOptionError('threads', threads, 'no value without handlers');
  const restartBackoff = normalizeBackoff(o.restartBackoff ?? { type: 'exponential', delay: 250, maxDelay: 10_000 }, 'restartBackoff');
  const pool = o.pool ?? {};
  checkOptions(pool, 'pool', ['intensity', 'period']);
  const poolIntensity = pool.intensity ?? Math.max(50, 10 * size);
  if (typeof poolIntensity !== 'number' || !Number.isInteger(poolIntensity) || poolIntensity < 0) throw new InvalidOptionError('pool.intensity', poolIntensity, 'an integer >= 0');
  const poolPeriod = positiveMs('pool.period', pool.period ?? 5_000);
  const intensity = o.intensity ?? 10;
  if (typeof intensity !== 'number' || !Number.isInteger(intensity) || intensity < 0) throw new InvalidOptionError('intensity', intensity, 'an integer >= 0');
  const period = positiveMs('period', o.period ?? 60_000);
  const closeTimeout = o.closeTimeout ?? 10_000;
  if (typeof closeTimeout !== 'number' || !(closeTimeout >= 0)) throw new InvalidOptionError('closeTimeout', closeTimeout, 'a number of ms >= 0');
  const on = checkListeners<QueueWorkerEvents>(o.on, 'on', QUEUE_WORKER_EVENTS);
  const onListenerError = optionalFunction<ListenerErrorHandler>('onListenerError', o.onListenerError);
  return {
    queue: o.queue, connection: o.connection, processor, handlers, name, size, jobTimeout,
    timeoutGrace: o.timeoutGrace, circuitBreaker, halfOpenMaxCalls, onCircuitOpen,
    isFatal: optionalFunction('isFatal', o.isFatal), prefix, workerOptions: workerOptions as PassedWorkerOptions,
    threads, pool: { intensity: poolIntensity, period: poolPeriod }, restartBackoff, intensity, period, closeTimeout, on, onListenerError,
  };
}

/**
 * Refuses a connection BullMQ's Worker would refuse when it starts (there, each restart would fail
 * the same way): an ioredis instance needs `maxRetriesPerRequest: null` and no `keyPrefix`.
 *
 * @example
 * ```ts
 * checkConnection(new Redis()); // throws InvalidOptionError: maxRetriesPerRequest must be null
 * ```
 */
function checkConnection(connection: object): void {
  const own = (connection as { options?: { maxRetriesPerRequest?: unknown; keyPrefix?: unknown } }).options;
  if (typeof (connection as { duplicate?: unknown }).duplicate !== 'function' || own === undefined) return;
  if (own.maxRetriesPerRequest) {
    throw new InvalidOptionError('connection', own.maxRetriesPerRequest, 'an ioredis instance made with maxRetriesPerRequest: null, as BullMQ workers need');
  }
  if (own.keyPrefix !== undefined && own.keyPrefix !== '') {
    throw new InvalidOptionError('connection', own.keyPrefix, 'an ioredis instance without keyPrefix (use the prefix option)');
  }
}

/**
 * Refuses a handlers file that is not there (nor its TypeScript twin): every thread would fail to
 * load it, the pool and then the node would fail, and each job taken meanwhile would wait out its lock.
 *
 * @example
 * ```ts
 * checkHandlersExist(new URL('./jobs.mjs', import.meta.url)); // throws InvalidOptionError when missing
 * ```
 */
function checkHandlersExist(handlers: string | URL): void {
  const href = handlers instanceof URL ? handlers.href : /^[a-z][a-z0-9+.-]*:/i.test(handlers) ? handlers : pathToFileURL(isAbsolute(handlers) ? handlers : resolve(handlers)).href;
  if (!href.startsWith('file:')) return;
  if (existsSync(fileURLToPath(href)) || isTypeScriptModule(href)) return;
  throw new InvalidOptionError('handlers', String(handlers), 'a handlers module that exists');
}

/**
 * Refuses the `workerOptions` numbers BullMQ's Worker constructor throws on.
 *
 * @example
 * ```ts
 * checkWorkerNumbers({ stalledInterval: 0 }); // throws InvalidOptionError naming workerOptions.stalledInterval
 * ```
 */
function checkWorkerNumbers(workerOptions: Record<string, unknown>): void {
  const limits: [string, number, boolean][] = [['maxStalledCount', 0, true], ['maxStartedAttempts', 0, true], ['stalledInterval', 0, false], ['drainDelay', 0, false], ['lockDuration', 0, false]];
  for (const [key, least, orEqual] of limits) {
    const value = workerOptions[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || Number.isNaN(value) || (orEqual ? value < least : value <= least)) {
      throw new InvalidOptionError(`workerOptions.${key}`, value, `a number ${orEqual ? '>=' : '>'} ${least}`);
    }
  }
}

/**
 * A job's time limit: its own `data.jobTimeout` (ms > 0, or `false`) when set, else the node's.
 *
 * @example
 * ```ts
 * jobTimeoutOf({ jobTimeout: 5_000 }, 30_000); // 5000
 * ```
 */
export function jobTimeoutOf(data: unknown, fallback: number | false): number | false {
  if (data === null || typeof data !== 'object') return fallback;
  const own = (data as { jobTimeout?: unknown }).jobTimeout;
  if (own === false) return false;
  if (typeof own === 'number' && Number.isFinite(own) && own > 0) return own;
  return fallback;
}
