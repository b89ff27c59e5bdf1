/**
 * The pool's typed errors. They extend {@link OverseerError} from the supervisor layer, so one
 * `instanceof OverseerError` (or a check of `code`) covers every error overseer creates.
 */
import { OverseerError } from '../supervisor/errors.js';

/**
 * The pool refused a task because its queue is at `maxQueueSize` (PhoenixGenApi's
 * `queue_full`, ion's `IsQueueFull`, kashvi's `ErrPoolFull`).
 *
 * @example
 * ```ts
 * try { pool.submit(task); } catch (err) { if (err instanceof QueueFullError) reply(429); }
 * ```
 */
export class QueueFullError extends OverseerError {
  readonly pool: string;
  readonly maxQueueSize: number;

  constructor(pool: string, maxQueueSize: number) {
    super('ERR_QUEUE_FULL', `Pool "${pool}" refused the task: its queue is full (maxQueueSize ${maxQueueSize}).`);
    this.pool = pool;
    this.maxQueueSize = maxQueueSize;
  }
}

/**
 * The pool's circuit breaker is open (or half-open with every probe slot taken).
 * `retryAt` is the epoch ms at which it goes half-open, when known.
 *
 * @example
 * ```ts
 * catch (err) { if (err instanceof CircuitOpenError) setTimeout(retry, err.retryAt! - Date.now()); }
 * ```
 */
export class CircuitOpenError extends OverseerError {
  readonly pool: string;
  readonly state: 'open' | 'halfOpen';
  readonly retryAt: number | undefined;

  constructor(pool: string, state: 'open' | 'halfOpen', retryAt: number | undefined) {
    const when = retryAt === undefined ? '' : ` until ${new Date(retryAt).toISOString()}`;
    super(
      'ERR_CIRCUIT_OPEN',
      state === 'open'
        ? `Pool "${pool}" refused the task: its circuit breaker is open${when}.`
        : `Pool "${pool}" refused the task: its circuit breaker is half-open and every probe slot is taken.`,
    );
    this.pool = pool;
    this.state = state;
    this.retryAt = retryAt;
  }
}

/**
 * The pool is closing or closed: the task was refused, or it had not started when
 * `close({ timeout })` ran out or `terminate()` was called.
 *
 * @example
 * ```ts
 * await pool.close();
 * pool.run(task).catch((err) => err instanceof PoolClosedError); // true
 * ```
 */
export class PoolClosedError extends OverseerError {
  readonly pool: string;

  constructor(pool: string, detail = 'it is closed') {
    super('ERR_POOL_CLOSED', `Pool "${pool}": ${detail}.`);
    this.pool = pool;
  }
}

/**
 * The pool's worker supervisor exhausted its restart intensity: the pool has failed.
 * `cause` is the last worker error (an `init` failure, a fatal task error, ...).
 *
 * @example
 * ```ts
 * pool.events.on('failed', ({ error }) => alert(error));
 * ```
 */
export class PoolFailedError extends OverseerError {
  readonly pool: string;

  constructor(pool: string, cause: unknown) {
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    super('ERR_POOL_FAILED', `Pool "${pool}" has failed: its workers crashed more often than the restart intensity allows${detail}.`, { cause });
    this.pool = pool;
  }
}

/**
 * A pool with no parent supervisor exhausted its workers' restart intensity and is backing off
 * (see the pool's `recovery` option): it takes no work until `retryAt` (epoch ms), then starts
 * fresh workers. Tasks it held when it failed are rejected with it too. `attempt` counts the
 * failures in a row (it resets after `recovery.resetAfter` ms without one); `cause` is the last
 * worker error.
 *
 * @example
 * ```ts
 * try { await pool.run(task); }
 * catch (err) { if (err instanceof PoolRecoveringError) reply(503, { retryAfter: err.retryAt - Date.now() }); }
 * ```
 */
export class PoolRecoveringError extends OverseerError {
  readonly pool: string;
  readonly retryAt: number;
  readonly attempt: number;

  constructor(pool: string, cause: unknown, retryAt: number, attempt: number) {
    const detail = cause instanceof Error ? ` (${cause.message})` : '';
    super(
      'ERR_POOL_RECOVERING',
      `Pool "${pool}" is recovering: its workers crashed more often than the restart intensity allows${detail}; it takes work again from ${new Date(retryAt).toISOString()}.`,
      { cause },
    );
    this.pool = pool;
    this.retryAt = retryAt;
    this.attempt = attempt;
  }
}

/**
 * A task ran longer than its timeout (or waited past its own deadline). Its `ctx.signal` was
 * aborted with this error, and any late result is ignored; its worker is replaced only if the code
 * did not return within the pool's `timeoutGrace` (a thread pool terminates the thread).
 *
 * @example
 * ```ts
 * await pool.run(slow, { timeout: 100 }).catch((err) => err instanceof TaskTimeoutError);
 * ```
 */
export class TaskTimeoutError extends OverseerError {
  readonly taskId: string;
  readonly timeout: number;

  constructor(taskId: string, timeout: number) {
    super('ERR_TASK_TIMEOUT', `Task ${taskId} timed out after ${timeout} ms.`);
    this.taskId = taskId;
    this.timeout = timeout;
  }
}

/**
 * The default reason of `handle.cancel()` when none is given.
 *
 * @example
 * ```ts
 * const h = pool.submit(task); h.cancel();
 * await h.result.catch((err) => err instanceof TaskCancelledError); // true
 * ```
 */
export class TaskCancelledError extends OverseerError {
  readonly taskId: string;

  constructor(taskId: string) {
    super('ERR_TASK_CANCELLED', `Task ${taskId} was cancelled.`);
    this.taskId = taskId;
  }
}

/**
 * A worker crashed while it held a task (for example its resource was reported
 * broken by `isFatal`, or the worker machinery errored).
 *
 * @example
 * ```ts
 * pool.events.on('workerCrashed', ({ workerId, error }) => log(workerId, error));
 * ```
 */
export class WorkerCrashError extends OverseerError {
  readonly workerId: string;
  readonly taskId: string | undefined;
  /** The exit code of a thread-pool worker's thread or process that exited. */
  readonly exitCode: number | undefined;
  /** The signal that killed a thread-pool worker's process (`isolation: 'process'`), e.g. `SIGSEGV`. */
  readonly signal: string | undefined;

  constructor(
    workerId: string,
    taskId: string | undefined,
    cause: unknown,
    exitCode?: number,
    signal?: string,
    isolation: 'thread' | 'process' = 'thread',
  ) {
    const how =
      signal !== undefined
        ? `crashed (${isolation} killed by ${signal})`
        : exitCode === undefined
          ? 'crashed'
          : `crashed (${isolation} exit code ${exitCode})`;
    super('ERR_WORKER_CRASH', `Worker ${workerId} ${how}${taskId === undefined ? '' : ` while running task ${taskId}`}.`, { cause });
    this.workerId = workerId;
    this.taskId = taskId;
    this.exitCode = exitCode;
    this.signal = signal;
  }
}
