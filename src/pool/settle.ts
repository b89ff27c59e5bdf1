import type { Emitter } from 'mitt';
import type { CircuitBreaker } from '../circuit-breaker.js';
import { WorkerCrashError } from '../errors.js';
import { RUNNING, type TaskRecord } from '../task-record.js';
import type { PoolEvents, TaskTimes } from './events.js';
import type { PoolCounters } from './stats.js';

/** What settling a task touches: the pool's counters, breaker and events. */
export interface Ledger {
  readonly name: string;
  readonly counters: PoolCounters;
  readonly breaker: CircuitBreaker | undefined;
  readonly events: Emitter<PoolEvents>;
  /** Whether anyone listens to `type` (per-task events are built only then). */
  hasListeners(type: keyof PoolEvents): boolean;
}

/**
 * How an accepted task ended. `crashed` is a failure the pool decided (its worker was lost, or
 * the task's error was fatal to it); it counts as `failed`.
 */
export type Outcome = 'completed' | 'failed' | 'crashed' | 'timedOut' | 'cancelled';

/**
 * Settles `task` once and does all of its bookkeeping: the counter of its outcome, the breaker
 * (only for a task that ran: a queued task says nothing about the downstream), `ctx.signal`
 * (aborted for every outcome but success and a task's own failure), the handle, and the event.
 * The caller has checked the task is not settled yet.
 *
 * @example
 * ```ts
 * settleTask(ledger, task, 'timedOut', new TaskTimeoutError(task.id, 100), worker.id);
 * ```
 */
export function settleTask(ledger: Ledger, task: TaskRecord, outcome: Outcome, value: unknown, workerId: string): void {
  if (task.state === RUNNING && outcome !== 'cancelled') recordVerdict(ledger, task, outcome, value);
  const counters = ledger.counters;
  if (outcome === 'completed') {
    counters.completed++;
    task.settle(true, value);
    if (ledger.hasListeners('taskSucceeded')) {
      // The common event, built in one literal (a completed task always started).
      const runTime = performance.now() - task.startedAt;
      ledger.events.emit('taskSucceeded', { pool: ledger.name, taskId: task.id, label: task.label, workerId, waitTime: task.startedAt - task.enqueuedAt, runTime });
    }
    return;
  }
  const started = task.state === RUNNING;
  if (outcome === 'failed' || outcome === 'crashed') counters.failed++;
  else if (outcome === 'timedOut') counters.timedOut++;
  else counters.cancelled++;
  if (outcome !== 'failed') task.abort(value);
  task.settle(false, value);
  const pool = ledger.name;
  if (outcome === 'timedOut') {
    if (ledger.hasListeners('taskTimedOut')) {
      ledger.events.emit('taskTimedOut', { pool, taskId: task.id, label: task.label, workerId, timeout: task.timeoutMs as number, ...timesOf(task, started) });
    }
  } else if (outcome === 'cancelled') {
    if (ledger.hasListeners('taskCancelled')) ledger.events.emit('taskCancelled', { pool, taskId: task.id, label: task.label, reason: value, ...timesOf(task, started) });
  } else if (ledger.hasListeners('taskFailed')) {
    ledger.events.emit('taskFailed', { pool, taskId: task.id, label: task.label, workerId, error: value, ...timesOf(task, started) });
  }
}

/**
 * Tells the breaker how a try that ran ended (a retried try counts as any other). Counted once:
 * the ticket is spent, so a timed-out try whose code returns later says nothing more.
 *
 * @example
 * ```ts
 * recordVerdict(ledger, task, 'timedOut', error);
 * ```
 */
export function recordVerdict(ledger: Ledger, task: TaskRecord, outcome: Exclude<Outcome, 'cancelled'>, value: unknown): void {
  const breaker = ledger.breaker;
  if (breaker === undefined) return;
  const failure = outcome === 'timedOut' || outcome === 'crashed' || (outcome === 'failed' && breaker.isFailure(value));
  breaker.record(task, failure ? 'failure' : 'success');
  task.ticket = -1;
}

/** The task's wait and run times for its event: read only when someone listens (one clock read). */
function timesOf(task: TaskRecord, started: boolean): TaskTimes {
  const end = performance.now();
  if (!started) return { waitTime: end - task.enqueuedAt };
  return { waitTime: task.startedAt - task.enqueuedAt, runTime: end - task.startedAt };
}

/**
 * Whether a task's error means its worker's resource is broken: a lost thread always does, and
 * otherwise the pool's `isFatal` option says (a throwing `isFatal` counts as "no").
 *
 * @example
 * ```ts
 * isFatal((e) => e instanceof ConnectionLost, error);
 * ```
 */
export function isFatal(option: ((error: unknown) => boolean) | undefined, error: unknown): boolean {
  if (error instanceof WorkerCrashError) return true;
  if (option === undefined) return false;
  try {
    return option(error);
  } catch {
    return false;
  }
}
