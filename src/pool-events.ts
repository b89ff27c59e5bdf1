/**
 * Events a pool emits on its `events` emitter (mitt; listener errors never break the pool).
 * Per-task events are only built when someone listens to them.
 */
export type PoolEvents = {
  taskQueued: { pool: string; taskId: string; queued: number };
  taskStarted: { pool: string; taskId: string; workerId: string };
  taskSucceeded: { pool: string; taskId: string; workerId: string };
  taskFailed: { pool: string; taskId: string; workerId: string; error: unknown };
  taskTimedOut: { pool: string; taskId: string; workerId: string; timeout: number };
  taskCancelled: { pool: string; taskId: string; reason: unknown };
  workerCrashed: { pool: string; workerId: string; error: unknown };
  workerRestarted: { pool: string; workerId: string };
  /**
   * A worker was stopped without a crash: idle above `min` (dynamic size), or (threads) its
   * running task was aborted or timed out, so its thread was terminated and a fresh one takes the slot.
   */
  workerRetired: { pool: string; workerId: string; reason: 'idle' | 'abort' | 'timeout' };
  disposeFailed: { pool: string; workerId: string; error: unknown };
  circuitOpen: { pool: string; retryAt: number | undefined };
  circuitHalfOpen: { pool: string };
  circuitClosed: { pool: string };
  queueFull: { pool: string; maxQueueSize: number };
  /** The queue is empty and no task is running. */
  drained: { pool: string };
  closed: { pool: string };
  /** The worker supervisor exhausted its restart intensity. */
  failed: { pool: string; error: unknown };
};
