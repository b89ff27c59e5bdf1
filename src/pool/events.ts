/** Why a submission was refused; the same word as the error it throws (`QueueFullError`, ...). */
export type RejectionReason = 'queue_full' | 'circuit_open' | 'closing' | 'closed' | 'failed';

/**
 * Events a pool emits on its `events` emitter (mitt; listener errors never break the pool).
 * Names are `<subject><PastTense>`; per-task events are only built when someone listens.
 */
export type PoolEvents = {
  taskQueued: { pool: string; taskId: string; queued: number };
  taskStarted: { pool: string; taskId: string; workerId: string };
  taskSucceeded: { pool: string; taskId: string; workerId: string };
  taskFailed: { pool: string; taskId: string; workerId: string; error: unknown };
  /** `workerId` is `''` for a task whose per-task deadline passed while it was still queued. */
  taskTimedOut: { pool: string; taskId: string; workerId: string; timeout: number };
  taskCancelled: { pool: string; taskId: string; reason: unknown };
  /** A submission was refused (counted in `rejected`); the call threw the matching error. */
  taskRejected: { pool: string; reason: RejectionReason };
  workerCrashed: { pool: string; workerId: string; error: unknown };
  workerRestarted: { pool: string; workerId: string };
  /**
   * A worker was stopped without a crash: idle above `min` (dynamic size), or (threads) its
   * running task was aborted or timed out, so its thread was terminated and a fresh one takes the slot.
   */
  workerRetired: { pool: string; workerId: string; reason: 'idle' | 'abort' | 'timeout' };
  disposeFailed: { pool: string; workerId: string; error: unknown };
  circuitOpened: { pool: string; retryAt: number | undefined };
  circuitHalfOpened: { pool: string };
  circuitClosed: { pool: string };
  /** The queue is empty and no task is running. */
  drained: { pool: string };
  closed: { pool: string };
  /** The worker supervisor exhausted its restart intensity. */
  failed: { pool: string; error: unknown };
};
