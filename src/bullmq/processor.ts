/**
 * The BullMQ processor of one worker incarnation: each job becomes one task on the node's pool,
 * with the job's time limit, BullMQ's cancel signal, and progress wired through; the outcome is
 * mapped to what BullMQ expects (a value, or an error that `attempts` retries or not).
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { UnrecoverableError, type Job } from 'bullmq';
import { CircuitOpenError, PoolClosedError, PoolFailedError, TaskTimeoutError, WorkerCrashError } from '../errors.js';
import type { Pool } from '../pool/pool.js';
import type { ThreadPool } from '../threads/thread-pool.js';
import type { TaskContext, TaskHandle } from '../task-context.js';
import { JobCancelledError, JobResultError, JobTimeoutError } from './errors.js';
import type { JobFailure } from './events.js';
import { JobAbandoned, type QueueWorkerNode } from './node.js';
import { jobTimeoutOf, type JobContext } from './options.js';

/** What a thread handler receives after `job.data`. */
export interface ThreadJob {
  id: string;
  name: string;
  attemptsMade: number;
  /** Post a value on it to update the job's progress: `job.progress.postMessage(50)`. */
  progress: MessagePort;
}

type Processor = (job: Job, token: string | undefined, signal?: AbortSignal) => Promise<unknown>;

/**
 * Builds the processor for incarnation `incarnation` of the node's BullMQ worker, on `pool`.
 *
 * @example
 * ```ts
 * const worker = new Worker(queue, makeProcessor(node, pool, 1), { connection, concurrency: node.options.size });
 * ```
 */
export function makeProcessor(node: QueueWorkerNode, pool: Pool<any, any> | ThreadPool<any>, incarnation: number): Processor {
  const threads = node.options.handlers !== undefined;
  // Three parameters: BullMQ passes its cancel signal only to a processor that declares it.
  return async function processJob(job: Job, _token: string | undefined, signal?: AbortSignal): Promise<unknown> {
    const jobId = job.id ?? '?';
    const controller = new AbortController();
    // BullMQ aborts with the reason given to cancelJob, or a plain AbortError without one.
    const onCancel = () => controller.abort(new JobCancelledError(jobId, isPlainAbort(signal?.reason) ? undefined : signal?.reason));
    signal?.addEventListener('abort', onCancel, { once: true });
    node.active.set(jobId, { controller, incarnation });
    const timeout = jobTimeoutOf(job.data, node.options.jobTimeout);
    const started = Date.now();
    // The node's jobTimeout is the pool's taskTimeout (run time: a wait for a thread being replaced
    // does not count); a job's own data.jobTimeout is a deadline from when the node took the job.
    const own = timeout === node.options.jobTimeout ? undefined : timeout;
    let channel: MessageChannel | undefined;
    const progressing = new Set<Promise<unknown>>();
    node.events.emit('jobStarted', { node: node.name, jobId, name: job.name, attempt: job.attemptsMade + 1 });
    try {
      let handle: TaskHandle<unknown>;
      for (;;) {
        try {
          if (threads) {
            channel = new MessageChannel();
            channel.port1.on('message', (value) => {
              const update = job.updateProgress(value).catch(() => undefined);
              progressing.add(update);
              void update.then(() => progressing.delete(update));
            });
            const info: ThreadJob = { id: jobId, name: job.name, attemptsMade: job.attemptsMade, progress: channel.port2 };
            handle = (pool as ThreadPool<any>).submit(job.name, [job.data, info], { timeout: own, signal: controller.signal, label: job.name, transfer: [channel.port2] });
          } else {
            const processor = node.options.processor!;
            handle = (pool as Pool<any, any>).submit((ctx: TaskContext) => processor(job, jobContext(job, ctx)), { timeout: own, signal: controller.signal, label: job.name });
          }
          break;
        } catch (error) {
          channel?.port1.close();
          // The circuit is open (or every half-open probe slot is taken): hold the job, its lock
          // renewed by BullMQ, until the breaker moves on.
          if (!(error instanceof CircuitOpenError) || controller.signal.aborted) throw error;
          // The node is closing (or gave up) with the circuit open: the job cannot run here and
          // must not spend an attempt; it waits to be abandoned to stalled recovery.
          if (node.phase !== 'running') await aborted(controller.signal);
          else await node.circuitChange(controller.signal);
          if (controller.signal.aborted) throw controller.signal.reason;
        }
      }
      const result = await handle.result;
      if (channel !== undefined) {
        // Progress posted just before the result travels on its own port: let it arrive, and be
        // written, before BullMQ marks the job completed.
        await new Promise((resolve) => setImmediate(resolve));
        await Promise.all(progressing);
      }
      // BullMQ stores the result as JSON, and a result it cannot stringify makes its worker report
      // an error (a crash here, abandoning every job beside it): fail this job alone instead.
      checkStorable(jobId, result);
      node.counters.completed++;
      node.events.emit('jobCompleted', { node: node.name, jobId, name: job.name, runTime: Date.now() - started });
      return result;
    } catch (raw) {
      // The pool failed under the job (its threads kept crashing): the node's supervisor restarts
      // the pool and, after it, this BullMQ worker, which abandons the job to stalled recovery
      // rather than spend one of its attempts on a failure that is not its own.
      if ((raw instanceof PoolFailedError || raw instanceof PoolClosedError) && node.phase === 'running') await aborted(controller.signal);
      // Its worker closed: BullMQ writes nothing for this try, and no outcome is counted.
      if (controller.signal.reason instanceof JobAbandoned) throw controller.signal.reason;
      const { error, reason } = classify(node, jobId, raw, controller.signal, timeout);
      const willRetry = reason !== 'fatal' && job.attemptsMade + 1 < (job.opts.attempts ?? 1);
      // One outcome per try, as a pool counts its tasks: completed, failed, timedOut or cancelled.
      if (willRetry) node.counters.retried++;
      if (reason === 'timeout') {
        node.counters.timedOut++;
        node.events.emit('jobTimedOut', { node: node.name, jobId, name: job.name, timeout: (error as JobTimeoutError).timeout, willRetry });
      } else if (reason === 'cancelled') {
        node.counters.cancelled++;
        node.events.emit('jobCancelled', { node: node.name, jobId, name: job.name, reason: (error as JobCancelledError).reason, willRetry });
      } else {
        node.counters.failed++;
        node.events.emit('jobFailed', { node: node.name, jobId, name: job.name, error, reason, willRetry });
      }
      throw error;
    } finally {
      channel?.port1.close();
      signal?.removeEventListener('abort', onCancel);
      if (node.active.get(jobId)?.controller === controller) node.active.delete(jobId);
    }
  };
}

function checkStorable(jobId: string, result: unknown): void {
  try {
    JSON.stringify(result);
  } catch (error) {
    throw new JobResultError(jobId, error);
  }
}

function jobContext(job: Job, ctx: TaskContext): JobContext {
  return {
    signal: ctx.signal,
    taskId: ctx.taskId,
    workerId: ctx.workerId,
    progress: (value) => job.updateProgress(value),
    log: (line) => job.log(line),
  };
}

/** The error BullMQ gets for a failed try, and why it failed. */
function classify(node: QueueWorkerNode, jobId: string, raw: unknown, signal: AbortSignal, timeout: number | false): { error: unknown; reason: JobFailure | 'timeout' | 'cancelled' } {
  if (raw instanceof TaskTimeoutError) return { error: new JobTimeoutError(jobId, typeof timeout === 'number' ? timeout : raw.timeout, raw), reason: 'timeout' };
  if (signal.aborted && signal.reason instanceof JobCancelledError) return { error: signal.reason, reason: 'cancelled' };
  if (isUnrecoverable(raw)) return { error: raw, reason: 'fatal' };
  if (node.options.isFatal !== undefined && safeFatal(node.options.isFatal, raw)) {
    const fatal = new UnrecoverableError(raw instanceof Error ? raw.message : String(raw));
    (fatal as Error & { cause?: unknown }).cause = raw;
    return { error: fatal, reason: 'fatal' };
  }
  if (raw instanceof WorkerCrashError) return { error: raw, reason: 'crash' };
  return { error: raw instanceof Error ? raw : new Error(String(raw)), reason: 'error' };
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function isPlainAbort(reason: unknown): boolean {
  return reason instanceof Error && reason.name === 'AbortError';
}

function isUnrecoverable(error: unknown): boolean {
  return error instanceof UnrecoverableError || (error instanceof Error && error.name === 'UnrecoverableError');
}

function safeFatal(isFatal: (error: unknown) => boolean, error: unknown): boolean {
  try {
    return isFatal(error) === true;
  } catch {
    return false;
  }
}
