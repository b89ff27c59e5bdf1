import { backoffDelay } from '../backoff.js';
import { QUEUED, WAITING, type TaskRecord } from '../task-record.js';
import { longTimeout } from '../../supervisor/long-timeout.js';
import { recordVerdict, type Ledger } from './settle.js';
import type { PoolPhase } from './stats.js';

/** What retrying needs of the pool. */
export interface RetryHost extends Ledger {
  readonly phase: PoolPhase;
  readonly queue: { push(task: TaskRecord): void };
  /** Starts what can start. */
  dispatch(): void;
  /** Called when a task's own `timeout` passes. */
  timeOut(task: TaskRecord): void;
}

/**
 * The pool's tasks between two tries. A try that failed or timed out is tried again when the
 * task has tries left, the pool still runs (or drains while closing), and `retryIf` agrees; it
 * waits out its backoff off the queue, then joins the queue's tail like a new task. The task's
 * promise settles once, after the last try: everything here happens instead of settling.
 *
 * @example
 * ```ts
 * if (!retries.retryLater(task, 'failed', error, worker.id)) settleTask(core, task, 'failed', error, worker.id);
 * ```
 */
export class Retries {
  /** Tasks waiting for their next try; they count as pending work (close and onIdle wait for them). */
  readonly waiting = new Set<TaskRecord>();

  constructor(private readonly host: RetryHost) {}

  get size(): number {
    return this.waiting.size;
  }

  /**
   * Schedules the next try of `task`, whose current try (running on `workerId`) just failed or
   * timed out with `error`; false when it is not to be tried again (the caller settles it).
   */
  retryLater(task: TaskRecord, outcome: 'failed' | 'timedOut', error: unknown, workerId: string): boolean {
    const state = task.retry;
    const host = this.host;
    if (state === undefined || state.attempt >= state.policy.attempts) return false;
    if (host.phase !== 'running' && host.phase !== 'closing') return false;
    const retryIf = state.policy.retryIf;
    if (retryIf !== undefined) {
      try {
        if (retryIf(error, state.attempt) !== true) return false;
      } catch {
        return false; // a broken predicate must not turn a failure into an endless loop
      }
    }
    recordVerdict(host, task, outcome, error);
    const delay = backoffDelay(state.policy.backoff, state.attempt);
    host.counters.retried++;
    if (host.hasListeners('taskRetried')) {
      host.events.emit('taskRetried', { pool: host.name, taskId: task.id, label: task.label, workerId, attempt: state.attempt, delay, error });
    }
    state.attempt++;
    task.nextAttempt(outcome === 'timedOut' ? error : undefined);
    this.waiting.add(task);
    state.timer = longTimeout(() => this.wakeUp(task), delay);
    return true;
  }

  /** A waiting task is settled (cancelled, the pool stops): its next try is off. */
  forget(task: TaskRecord): void {
    if (!this.waiting.delete(task)) return;
    task.retry?.timer?.cancel();
    if (task.retry !== undefined) task.retry.timer = undefined;
  }

  /** Every waiting task, taken off the list with its timer stopped (the caller settles them). */
  drain(): TaskRecord[] {
    const tasks = [...this.waiting];
    for (const task of tasks) this.forget(task);
    return tasks;
  }

  /** The wait is over: the task joins the queue's tail, with a fresh deadline of its own. */
  private wakeUp(task: TaskRecord): void {
    const host = this.host;
    if (!this.waiting.delete(task) || task.state !== WAITING || (host.phase !== 'running' && host.phase !== 'closing')) return;
    const state = task.retry as NonNullable<TaskRecord['retry']>;
    state.timer = undefined;
    task.state = QUEUED;
    task.enqueuedAt = performance.now();
    if (state.explicitTimeout) task.timer = longTimeout(() => host.timeOut(task), task.timeoutMs as number);
    host.queue.push(task);
    host.dispatch();
  }
}
