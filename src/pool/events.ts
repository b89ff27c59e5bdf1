/** Why a worker was stopped without a crash: idle above `min`, its thread's task aborted or timed out, or `resize()` took its slot away. */
export type RetireReason = 'idle' | 'abort' | 'timeout' | 'resize';

/** Why a submission was refused; the same word as the error it throws (`QueueFullError`, ...). */
export type RejectionReason = 'queue_full' | 'circuit_open' | 'closing' | 'closed' | 'failed' | 'recovering';

/**
 * How long a settled task waited and ran, in ms (the same measures as `metrics().waitTime` and
 * `runTime`). `runTime` is absent for a task that never started.
 */
export interface TaskTimes {
  /** From acceptance to start, or to settling for a task that never started. */
  waitTime: number;
  /** From start to settling. */
  runTime?: number;
}

/**
 * Events a pool emits on its `events` emitter (mitt; listener errors never break the pool).
 * Names are `<subject><PastTense>`; per-task events are only built when someone listens.
 */
export type PoolEvents = {
  taskQueued: { pool: string; taskId: string; label: string | undefined; queued: number };
  taskStarted: { pool: string; taskId: string; label: string | undefined; workerId: string };
  taskSucceeded: { pool: string; taskId: string; label: string | undefined; workerId: string } & TaskTimes;
  taskFailed: { pool: string; taskId: string; label: string | undefined; workerId: string; error: unknown } & TaskTimes;
  /** `workerId` is `''` (and `runTime` absent) for a task whose per-task deadline passed while it was still queued. */
  taskTimedOut: { pool: string; taskId: string; label: string | undefined; workerId: string; timeout: number } & TaskTimes;
  taskCancelled: { pool: string; taskId: string; label: string | undefined; reason: unknown } & TaskTimes;
  /**
   * Try `attempt` of a task with `retry` failed (or timed out) with `error`; the next try joins
   * the queue after `delay` ms. The task's promise is still pending.
   */
  taskRetried: { pool: string; taskId: string; label: string | undefined; workerId: string; attempt: number; delay: number; error: unknown };
  /** A submission was refused (counted in `rejected`); the call threw the matching error. */
  taskRejected: { pool: string; reason: RejectionReason; label: string | undefined };
  workerCrashed: { pool: string; workerId: string; error: unknown };
  workerRestarted: { pool: string; workerId: string };
  /**
   * A worker was stopped without a crash: idle above `min` (dynamic size), or (threads) its
   * running task was aborted or timed out, so its thread was terminated and a fresh one takes the slot.
   */
  workerRetired: { pool: string; workerId: string; reason: RetireReason };
  disposeFailed: { pool: string; workerId: string; error: unknown };
  circuitOpened: { pool: string; retryAt: number | undefined };
  circuitHalfOpened: { pool: string };
  circuitClosed: { pool: string };
  /** The queue is empty and no task is running. */
  drained: { pool: string };
  closed: { pool: string };
  /** The worker supervisor exhausted its restart intensity (and the pool does not recover: see `recovery`). */
  failed: { pool: string; error: unknown };
  /**
   * A pool with no parent exhausted its workers' restart intensity: it refuses work until
   * `retryAt` (epoch ms), then starts fresh workers. `attempt` counts the failures in a row.
   */
  recovering: { pool: string; error: unknown; attempt: number; retryAt: number };
  /** Fresh workers were started after `recovering`: the pool takes work again. */
  recovered: { pool: string; attempt: number };
  /** `pause()`: queued tasks wait, running ones finish. */
  paused: { pool: string };
  /** `resume()`. */
  resumed: { pool: string };
  /** `resize()` changed the most workers at once from `previous` to `size`. */
  resized: { pool: string; size: number; previous: number };
};
