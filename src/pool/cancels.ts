import { TaskCancelledError } from '../errors.js';
import { QUEUED, SETTLED, WAITING, type TaskRecord } from '../task-record.js';
import type { PoolCore } from './pool-core.js';
import { settleReserved } from './reservations.js';
import { settleTask } from './settle.js';

/**
 * `handle.cancel(reason)` and an aborted submit signal: settles the task as cancelled unless it
 * has settled already (then false). No reason: a `TaskCancelledError`.
 *
 * @example
 * ```ts
 * cancelTask(core, task, new Error('user left')); // true
 * ```
 */
export function cancelTask(core: PoolCore<any>, task: TaskRecord, reason: unknown): boolean {
  if (task.state === SETTLED) return false;
  finishCancelled(core, task, reason === undefined ? new TaskCancelledError(task.id) : reason);
  core.wake();
  return true;
}

/**
 * Settles an unsettled task without a result of its own (a cancel, a close, a failure of the
 * pool), wherever it is: queued, sent ahead to a busy thread, waiting to be tried again, or
 * running. A running task keeps its worker until its code returns or times out (never more than
 * `size` run); a thread running it is stopped instead, as threads can be.
 *
 * @example
 * ```ts
 * for (const task of core.queue.drain()) finishCancelled(core, task, new PoolClosedError(core.name, 'it is closed'));
 * ```
 */
export function finishCancelled(core: PoolCore<any>, task: TaskRecord, reason: unknown): void {
  if (task.state === QUEUED && task.worker !== undefined) {
    settleReserved(core, task, 'cancelled', reason);
    return;
  }
  if (task.state === QUEUED) {
    core.queue.remove(task);
    core.clearDeadline(task);
  } else if (task.state === WAITING) core.retries.forget(task);
  settleTask(core, task, 'cancelled', reason, task.worker?.id ?? '');
  const worker = task.worker;
  if (core.abortKillsWorker && worker !== undefined && worker.task === task) core.retire(worker, 'abort');
}
