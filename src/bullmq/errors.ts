/**
 * The queue worker's typed errors. They extend {@link OverseerError}, so `instanceof OverseerError`
 * or a check of `code` covers them with the rest of overseer's errors. BullMQ stores a failed job's
 * `failedReason` as the error's message, so each message names the job and what happened.
 */
import { OverseerError } from '../../supervisor/errors.js';

/**
 * A job ran past its time limit (`jobTimeout`, or the job's own `data.jobTimeout`). The code
 * running it was stopped: its thread terminated (threads), or its `ctx.signal` aborted and the
 * worker abandoned after `timeoutGrace` (in process). BullMQ's `attempts` / `backoff` decide
 * whether the job is tried again.
 *
 * @example
 * ```ts
 * queueWorker.on('jobFailed', ({ error }) => { if (error instanceof JobTimeoutError) log.warn(error.message); });
 * ```
 */
export class JobTimeoutError extends OverseerError {
  readonly jobId: string;
  readonly timeout: number;

  constructor(jobId: string, timeout: number, cause?: unknown) {
    super('ERR_JOB_TIMEOUT', `Job ${jobId} timed out after ${timeout} ms.`, { cause });
    this.jobId = jobId;
    this.timeout = timeout;
  }
}

/**
 * A job was cancelled while it ran (BullMQ's `worker.cancelJob(id)` / `cancelAllJobs()`, which the
 * queue worker's `cancelJob` calls): `ctx.signal` aborted and, on threads, the thread running it
 * was terminated. BullMQ's `attempts` decide whether it is tried again.
 *
 * @example
 * ```ts
 * await queueWorker.cancelJob(job.id!, 'user asked'); // the job fails with JobCancelledError
 * ```
 */
export class JobCancelledError extends OverseerError {
  readonly jobId: string;
  readonly reason: unknown;

  constructor(jobId: string, reason: unknown) {
    const why = reason === undefined ? '' : `: ${reason instanceof Error ? reason.message : String(reason)}`;
    super('ERR_JOB_CANCELLED', `Job ${jobId} was cancelled${why}.`, { cause: reason });
    this.jobId = jobId;
    this.reason = reason;
  }
}

/**
 * The queue worker is closing or closed: `close()` was called while the call ran.
 *
 * @example
 * ```ts
 * await queueWorker.close();
 * await queueWorker.cancelJob('1'); // throws QueueWorkerClosedError
 * ```
 */
export class QueueWorkerClosedError extends OverseerError {
  readonly node: string;

  constructor(node: string) {
    super('ERR_QUEUE_WORKER_CLOSED', `Queue worker "${node}" is closed.`);
    this.node = node;
  }
}

/**
 * A job's processor returned a value BullMQ cannot store: BullMQ writes a job's return value as
 * JSON, so a circular object, a `BigInt` or anything else `JSON.stringify` refuses fails the job
 * (that job alone: the node's BullMQ worker keeps running). `attempts` decide a retry; make it
 * fatal with `isFatal` if a retry cannot help.
 *
 * @example
 * ```ts
 * isFatal: (error) => error instanceof JobResultError,
 * ```
 */
export class JobResultError extends OverseerError {
  readonly jobId: string;

  constructor(jobId: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super('ERR_JOB_RESULT', `Job ${jobId} returned a value BullMQ cannot store as JSON: ${why}`, { cause });
    this.jobId = jobId;
  }
}
