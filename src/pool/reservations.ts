import { WorkerCrashError } from '../errors.js';
import { QUEUED, SETTLED, type TaskRecord, type WorkerRecord } from '../task-record.js';
import type { PoolCore } from './pool-core.js';
import { settleTask, type Outcome } from './settle.js';

/*
 * Prefetch, the pool's side. A worker whose backend can take a task ahead (a thread: see
 * `ThreadChannel.reserve`) is sent the next queued task while it still runs one, so that its
 * thread starts it the moment the current one succeeds instead of sleeping until the host has
 * heard the result and sent the next call (that round trip is most of a small call's cost).
 *
 * The task sent ahead is *reserved*: out of the queue, still counted as queued (status, room),
 * held in `worker.reserved` with `task.worker` naming the worker. A worker holds at most one
 * reservation, and only while it runs a task. A reservation ends in exactly one way:
 * - adopted: the worker's task ended and the pool runs the reserved one next (`followReserved`);
 * - released: the backend took it back before its thread started it; it returns to the head of
 *   the queue (or is settled there, by a cancel or a timeout), also when another worker goes idle
 *   with nothing queued (`stealReserved`);
 * - taken: the thread started it although the pool no longer wanted it (it was cancelled, timed
 *   out, or the pool paused as the thread began it). It is running there: the pool adopts it, or,
 *   if it is already settled, stops the thread once the task before it is done.
 * A task therefore runs at most once and settles exactly once, as any other.
 */

/**
 * Sends the next queued task ahead to `worker`, which has just started an asynchronous task.
 * Nothing is sent while the pool holds tasks back (paused, circuit not closed, rate limit,
 * shrinking) or stops taking work, nor while another worker could take the task sooner: one is
 * idle, or starting, or the pool may still grow (a task sent ahead waits for the one before it,
 * however long that runs).
 *
 * @example
 * ```ts
 * if (followResult(result, worker)) reserveNext(core, worker);
 * ```
 */
export function reserveNext(core: PoolCore<any>, worker: WorkerRecord): void {
  const reserve = core.options.backend.reserve;
  if (reserve === undefined || worker.reserved !== undefined || core.queue.size === 0 || !mayReserve(core) || !allBusy(core)) return;
  const task = core.queue.shift() as TaskRecord;
  if (!reserve(worker.resource, task)) {
    core.queue.unshift(task);
    return;
  }
  task.worker = worker;
  worker.reserved = task;
  core.reserved++;
}

/** Every worker the pool may have is started and busy. */
function allBusy(core: PoolCore<any>): boolean {
  const slots = core.slots;
  return core.idle.size === 0 && slots !== undefined && slots.size >= core.options.size && core.workers.size >= slots.size;
}

function mayReserve(core: PoolCore<any>): boolean {
  return (
    !core.paused &&
    !core.shrinking &&
    core.limiter === undefined &&
    (core.breaker === undefined || core.breaker.state === 'closed') &&
    (core.phase === 'running' || core.phase === 'closing')
  );
}

/**
 * The worker's task has ended (`ok`: it succeeded). Returns the reserved task to run next, or
 * undefined if the worker has none (it was released to the queue, or its thread was stopped:
 * then `stopped` is set on the result object).
 *
 * @example
 * ```ts
 * const next = worker.reserved === undefined ? takeNext() : followReserved(core, worker, ok);
 * ```
 */
export function followReserved(core: PoolCore<any>, worker: WorkerRecord, ok: boolean): TaskRecord | undefined {
  const task = worker.reserved as TaskRecord;
  // After a success the thread starts the reserved call by itself: the pool adopts it if it still may.
  if (ok && task.state !== SETTLED && mayAdopt(core)) return adopt(core, worker, task);
  if (release(core, worker, true)) return undefined;
  // Started there already.
  if (task.state !== SETTLED) return adopt(core, worker, task);
  // Cancelled or timed out while its thread began it: the thread must stop.
  unlinkReservation(core, worker, task);
  core.retire(worker, 'abort');
  return undefined;
}

function mayAdopt(core: PoolCore<any>): boolean {
  return !core.paused && !core.shrinking && (core.breaker === undefined || core.breaker.canDispatch()) && (core.phase === 'running' || core.phase === 'closing');
}

function adopt(core: PoolCore<any>, worker: WorkerRecord, task: TaskRecord): TaskRecord {
  unlinkReservation(core, worker, task);
  return task;
}

/** Marks a backend's error for a call that its thread never began (see `putBack`). */
export const NOT_STARTED: unique symbol = Symbol('overseer.notStarted');

/** Whether `error` says the call never began (see {@link NOT_STARTED}). */
export function neverStarted(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { [NOT_STARTED]?: boolean })[NOT_STARTED] === true;
}

/**
 * The backend says a task's call never began (its thread died right after the task before it
 * answered, or was already dead): the task has not run, so it waits again, first in the queue, and
 * the worker goes as after any crash. Its own `timeout` keeps running (it counts from submission).
 *
 * @example
 * ```ts
 * if (!ok && neverStarted(error)) return putBack(core, worker, task, error);
 * ```
 */
export function putBack(core: PoolCore<any>, worker: WorkerRecord, task: TaskRecord, error: unknown): void {
  worker.task = undefined;
  core.running--;
  core.deadlines.remove(task);
  core.breaker?.record(task, 'ignore');
  task.state = QUEUED;
  task.worker = undefined;
  // The worker's own reservation (sent after this one) goes back first, so this one ends up ahead of it.
  core.fault(worker, error);
  core.queue.unshift(task);
  queueMicrotask(() => core.dispatchIfRunning());
  core.wake();
}

/**
 * Takes `worker`'s reserved task back from its thread: true if the thread never started it (it is
 * back at the head of the queue when `requeue`), false if it did (it stays reserved).
 *
 * @example
 * ```ts
 * if (release(core, worker, true)) core.dispatch();
 * ```
 */
export function release(core: PoolCore<any>, worker: WorkerRecord, requeue: boolean): boolean {
  const task = worker.reserved;
  if (task === undefined) return true;
  if (!(core.options.backend.release as (resource: unknown) => boolean)(worker.resource)) return false;
  unlinkReservation(core, worker, task);
  if (requeue) core.queue.unshift(task);
  return true;
}

/**
 * A worker is free and the queue is empty: takes back a task sent ahead to a busy worker, if one's
 * thread has not started it, so that it runs now instead of after a task of unknown length.
 * True when one is at the head of the queue again.
 *
 * @example
 * ```ts
 * if (core.queue.size === 0 && core.reserved > 0) stealReserved(core);
 * ```
 */
export function stealReserved(core: PoolCore<any>): boolean {
  for (const worker of core.workers.values()) {
    const task = worker.reserved;
    if (task !== undefined && task.state !== SETTLED && release(core, worker, true)) return true;
  }
  return false;
}

/**
 * Takes back every reservation it can (the pool paused, or its circuit opened): those tasks wait
 * in the queue again. Reservations already started by their threads run.
 *
 * @example
 * ```ts
 * pausePool(core); releaseAll(core);
 * ```
 */
export function releaseAll(core: PoolCore<any>): void {
  if (core.reserved === 0) return;
  for (const worker of core.workers.values()) if (worker.reserved !== undefined) release(core, worker, true);
}

/**
 * Settles a queued task that may be reserved (a cancel, a queued timeout, a close): released, it
 * is settled as any queued task; started by its thread, it is settled all the same and its thread
 * is stopped after the task before it (see `followReserved`).
 *
 * @example
 * ```ts
 * settleReserved(core, task, 'cancelled', reason);
 * ```
 */
export function settleReserved(core: PoolCore<any>, task: TaskRecord, outcome: Outcome, value: unknown): void {
  const worker = task.worker as WorkerRecord;
  const released = release(core, worker, false);
  core.clearDeadline(task);
  settleTask(core, task, outcome, value, released ? '' : worker.id);
}

/**
 * The worker leaves service (crash, timeout, retire): its reservation is released to the queue,
 * or, if its thread had started it, fails with the worker as a running task would.
 *
 * @example
 * ```ts
 * dropReserved(core, worker); // in letGo
 * ```
 */
export function dropReserved(core: PoolCore<any>, worker: WorkerRecord): void {
  const task = worker.reserved;
  if (task === undefined || release(core, worker, true)) return;
  unlinkReservation(core, worker, task);
  if (task.state !== SETTLED) {
    settleTask(core, task, 'crashed', new WorkerCrashError(worker.id, task.id, new Error('the worker was stopped while its thread ran this task')), worker.id);
  }
}

/**
 * Every worker has been let go at once (the pool failed, or recovers): the reservations their
 * threads had started are abandoned with them (already settled by the caller's `cancelAll`), so
 * none stays counted as queued into the next incarnation of the workers.
 *
 * @example
 * ```ts
 * letGoAll(); cancelAll(reason); forgetReservations(core);
 * ```
 */
export function forgetReservations(core: PoolCore<any>): void {
  if (core.reserved === 0) return;
  for (const worker of core.workers.values()) {
    const task = worker.reserved;
    if (task !== undefined) unlinkReservation(core, worker, task);
  }
}

function unlinkReservation(core: PoolCore<any>, worker: WorkerRecord, task: TaskRecord): void {
  worker.reserved = undefined;
  task.worker = undefined;
  core.reserved--;
}
