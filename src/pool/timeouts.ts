import { TaskTimeoutError } from '../errors.js';
import { QUEUED, SETTLED, type TaskRecord, type WorkerRecord } from '../task-record.js';
import type { PoolCore } from './pool-core.js';
import { settleTask } from './settle.js';
import { lingerWorker, stopLingering } from './worker-exits.js';
import { settleReserved } from './reservations.js';

/**
 * A task's time is up (its deadline list or its own timer fired). Queued: it never runs. Running:
 * it settles as timed out (or is tried again, with `retry`), its `ctx.signal` aborts, and its
 * worker is dealt with by what can be stopped: a thread is terminated and refilled without a
 * crash; in-process code cannot be stopped, so the worker waits `timeoutGrace` for the code to
 * return (then takes work again) and is abandoned as a crash if it does not.
 *
 * @example
 * ```ts
 * const deadlines = new Deadlines<TaskRecord>((task) => timeOutTask(core, task));
 * ```
 */
export function timeOutTask(core: PoolCore<any>, task: TaskRecord): void {
  task.timer = undefined;
  if (core.phase === 'closed' || core.phase === 'failed') return;
  const error = new TaskTimeoutError(task.id, task.timeoutMs as number);
  if (task.state === QUEUED && task.worker !== undefined) {
    // Sent ahead to a busy thread: taken back, or stopped with that thread (see reservations.ts).
    settleReserved(core, task, 'timedOut', error);
    core.wake();
    return;
  }
  if (task.state === QUEUED) {
    // Its deadline passed while it waited: it never runs, and no worker is involved.
    core.queue.remove(task);
    settleTask(core, task, 'timedOut', error, '');
    core.wake();
    return;
  }
  const worker = task.worker;
  if (worker === undefined || worker.task !== task) return;
  core.endRun(worker, task);
  if (task.state !== SETTLED && (task.retry === undefined || !core.retries.retryLater(task, 'timedOut', error, worker.id))) {
    settleTask(core, task, 'timedOut', error, worker.id);
  }
  const grace = core.options.timeoutGrace;
  if (core.abortKillsWorker) core.retire(worker, 'timeout');
  else if (grace > 0) lingerWorker(core, worker, error, grace);
  else core.fault(worker, error);
  core.wake();
}

/**
 * The code of a timed-out task returned within `timeoutGrace`: its worker is free again (no
 * crash, no restart) and takes the next queued task.
 *
 * @example
 * ```ts
 * if (worker.task === undefined && worker.lingering !== undefined) workerCameBack(core, worker);
 * ```
 */
export function workerCameBack(core: PoolCore<any>, worker: WorkerRecord): void {
  stopLingering(core, worker);
  core.continueWorker(worker);
}
