import { WorkerCrashError } from '../errors.js';
import { SETTLED, type TaskRecord, type WorkerRecord } from '../task-record.js';
import { tell } from './idle-workers.js';
import type { PoolCore } from './pool-core.js';
import { settleTask } from './settle.js';
import type { RetireReason } from './events.js';
import { longTimeout } from '../../supervisor/long-timeout.js';
import { dropReserved } from './reservations.js';

/**
 * Takes a worker out of service: no longer alive, idle or listed, and no longer counted as
 * running its task. Returns the task it held (unsettled if the caller must settle it).
 *
 * @example
 * ```ts
 * const task = letGo(core, worker);
 * ```
 */
export function letGo(core: PoolCore<any>, worker: WorkerRecord): TaskRecord | undefined {
  worker.alive = false;
  if (worker.reserved !== undefined) {
    dropReserved(core, worker);
    // Back in the queue: another worker may be idle.
    if (core.queue.size > 0) queueMicrotask(() => core.dispatchIfRunning());
  }
  stopLingering(core, worker);
  core.workers.delete(worker.id);
  core.idle.remove(worker);
  const task = worker.task;
  worker.task = undefined;
  if (task !== undefined) {
    core.running--;
    core.clearDeadline(task);
    if (task.state === SETTLED) core.breaker?.record(task, 'ignore');
  }
  return task;
}

/**
 * The pool gives up on a worker (a timeout in-process, a fatal error, a dead thread): the task it
 * ran fails with `WorkerCrashError`, and its machine hears `worker.faulted` (it goes `crashed`,
 * its supervisor restarts it and counts the restart).
 *
 * @example
 * ```ts
 * faultWorker(core, worker, new Error('connection lost'));
 * ```
 */
export function faultWorker(core: PoolCore<any>, worker: WorkerRecord, error: unknown): void {
  if (!worker.alive) return;
  if (worker.task !== undefined) core.options.backend.kill?.(worker.resource);
  const task = letGo(core, worker);
  if (task !== undefined && task.state !== SETTLED) settleTask(core, task, 'crashed', new WorkerCrashError(worker.id, task.id, error), worker.id);
  tell(worker, { type: 'worker.faulted', error });
}

/**
 * A worker's task timed out in-process and its signal aborted: the worker waits `grace` ms for
 * the task's code to return (the pool's `comeBack` then frees it, no crash). If it does not, the
 * worker is abandoned as a crash with the timeout's `error`. It takes no task meanwhile.
 *
 * @example
 * ```ts
 * lingerWorker(core, worker, new TaskTimeoutError(task.id, 100), 1000);
 * ```
 */
export function lingerWorker(core: PoolCore<any>, worker: WorkerRecord, error: unknown, grace: number): void {
  core.lingering++;
  worker.lingering = longTimeout(() => {
    stopLingering(core, worker);
    faultWorker(core, worker, error);
    core.wake();
  }, grace);
}

/**
 * The worker's grace is over (its code came back, the grace ran out, or the pool let it go):
 * its timer stops and it no longer holds up a close.
 *
 * @example
 * ```ts
 * stopLingering(core, worker);
 * ```
 */
export function stopLingering(core: PoolCore<any>, worker: WorkerRecord): void {
  if (worker.lingering === undefined) return;
  worker.lingering.cancel();
  worker.lingering = undefined;
  core.lingering--;
}

/**
 * A worker is gone without the pool having let it go (its actor died, its thread exited): as a
 * fault, if the pool still lists it.
 *
 * @example
 * ```ts
 * loseWorker(core, workerId, new Error('thread exited'));
 * ```
 */
export function loseWorker(core: PoolCore<any>, workerId: string, error: unknown): void {
  const worker = core.workers.get(workerId);
  if (worker === undefined) return;
  faultWorker(core, worker, error);
  core.wake();
}

/**
 * Stops a worker without counting a crash: its slot is freed (idle past `idleTimeout`) or
 * refilled with a fresh worker (threads: a running task was aborted or timed out and its code
 * must stop). Returns whether the worker was still in service.
 *
 * @example
 * ```ts
 * retireWorker(core, worker, 'idle');
 * ```
 */
export function retireWorker(core: PoolCore<any>, worker: WorkerRecord, reason: RetireReason): boolean {
  const slots = core.slots;
  if (!worker.alive || slots === undefined) return false;
  letGo(core, worker);
  if (reason === 'abort' || reason === 'timeout') core.options.backend.kill?.(worker.resource);
  core.events.emit('workerRetired', { pool: core.name, workerId: worker.id, reason });
  // Refill while the pool still has work for the slot: running, or closing with queued tasks to drain.
  if (reason === 'idle' || reason === 'resize') slots.retireIdle(worker.slot);
  else slots.refill(worker.slot, () => core.phase === 'running' || (core.phase === 'closing' && core.queue.size > 0));
  return true;
}
