/**
 * What a queue worker node reports: its BullMQ worker's starts and crashes, every job's outcome,
 * and what its circuit breaker does to fetching. Every payload names the `node`.
 */

/** Why a try failed, as `jobFailed` reports it (timeouts and cancels have events of their own). */
export type JobFailure = 'error' | 'crash' | 'fatal';

/** The events of a queue worker, by name. */
export type QueueWorkerEvents = {
  /** A BullMQ worker started consuming (`incarnation` 1 is the first; each restart adds one). */
  workerStarted: { node: string; queue: string; incarnation: number };
  /** The BullMQ worker failed (a lost connection, a worker error); it restarts after `restartIn` ms. */
  workerCrashed: { node: string; queue: string; error: unknown; restartIn: number };
  /** A job began on the pool. */
  jobStarted: { node: string; jobId: string; name: string; attempt: number };
  /** A job's processor returned; BullMQ stores the result. */
  jobCompleted: { node: string; jobId: string; name: string; runTime: number };
  /** A try failed (an error, a crash, a fatal error); `willRetry` says whether BullMQ's `attempts` leave another try. */
  jobFailed: { node: string; jobId: string; name: string; error: unknown; reason: JobFailure; willRetry: boolean };
  /** A try ran past its time limit and was stopped; BullMQ records it as failed with `JobTimeoutError`. */
  jobTimedOut: { node: string; jobId: string; name: string; timeout: number; willRetry: boolean };
  /** A try was cancelled while it ran; BullMQ records it as failed with `JobCancelledError`. */
  jobCancelled: { node: string; jobId: string; name: string; reason: unknown; willRetry: boolean };
  /** This node stopped fetching jobs (its circuit opened, `onCircuitOpen: 'pauseNode'`). */
  fetchPaused: { node: string; queue: string; reason: 'circuitOpen' };
  /** This node fetches again: `concurrency` jobs at once (the probe limit while half-open). */
  fetchResumed: { node: string; queue: string; concurrency: number };
  /** The circuit opened and rate-limited the whole queue for `duration` ms (`'rateLimitQueue'`). */
  queueRateLimited: { node: string; queue: string; duration: number };
  /** The node's circuit (its pool's breaker) opened: it half-opens at `retryAt` (ms since the epoch). As the pool's event. */
  circuitOpened: { node: string; retryAt: number | undefined };
  /** The node's circuit half-opened: probes go through. As the pool's event. */
  circuitHalfOpened: { node: string };
  /** The node's circuit closed: jobs flow again. As the pool's event. */
  circuitClosed: { node: string };
  /** The node's supervisor went past `intensity` restarts in `period` and stopped: nothing runs until a parent restarts it. */
  failed: { node: string; reason: 'reached_max_restart_intensity' };
  /** `close()` began: no more fetching. */
  closing: { node: string; timeout: number };
  /** The node stopped; `abandoned` jobs were still running at the timeout and are left to BullMQ's stalled recovery. */
  closed: { node: string; abandoned: number };
};

/** The names of every queue worker event (for `on` checks). */
export const QUEUE_WORKER_EVENTS: readonly (keyof QueueWorkerEvents)[] = [
  'workerStarted', 'workerCrashed', 'jobStarted', 'jobCompleted', 'jobFailed', 'jobTimedOut', 'jobCancelled',
  'fetchPaused', 'fetchResumed', 'queueRateLimited', 'circuitOpened', 'circuitHalfOpened', 'circuitClosed', 'failed', 'closing', 'closed',
];
