import { backoffDelay } from '../backoff.js';
import { QUEUED, SETTLED, WAITING, type TaskRecord } from '../task-record.js';
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
   * timed out with `error`. Returns false when the caller must settle it (no try left, the pool
   * stopping, `retryIf` said no), true when it took the task: waiting for its next try, or
   * already settled by user code that `retryIf` ran (a cancel).
   *
   * User code runs here twice (`retryIf`, then the `taskRetried` listeners) and may cancel the
   * task or stop the pool. So the predicate runs before anything changes and its effect is
   * checked after it; the event is emitted last, when the task is already in `waiting` with its
   * timer, where a cancel or a stop finds it.
   */
  retryLater(task: TaskRecord, outcome: 'failed' | 'timedOut', error: unknown, workerId: string): boolean {
    const state = task.retry;
    if (state === undefined || state.attempt >= state.policy.attempts || !this.accepting()) return false;
    const attempt = state.attempt;
    const retryIf = state.policy.retryIf;
    if (retryIf !== undefined) {
      let again = false;
      try {
        again = retryIf(error, attempt) === true;
      } catch {
        // A broken predicate must not turn a failure into an endless loop: no retry.
      }
      if (task.state === SETTLED) {
        // The predicate cancelled it: settled once. The try still failed, and says so to the breaker
        // (a half-open probe must free its slot).
        recordVerdict(this.host, task, outcome, error);
        return true;
      }
      if (!again || !this.accepting()) return false;
    }
    const host = this.host;
    recordVerdict(host, task, outcome, error);
    const delay = backoffDelay(state.policy.backoff, attempt);
    host.counters.retried++;
    state.attempt = attempt + 1;
    task.nextAttempt(outcome === 'timedOut' ? error : undefined);
    this.waiting.add(task);
    state.timer = longTimeout(() => this.wakeUp(task), delay);
    if (host.hasListeners('taskRetried')) {
      host.events.emit('taskRetried', { pool: host.name, taskId: task.id, label: task.label, workerId, attempt, delay, error });
    }
    return true;
  }

  /** Tries are scheduled while the pool runs or drains for a close. */
  private accepting(): boolean {
    return this.host.phase === 'running' || this.host.phase === 'closing';
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
    // Every way out of running/closing settles the waiting tasks first (`drain`): a task still
    // here then is left where that finds it.
    if (task.state !== WAITING || !this.accepting() || !this.waiting.delete(task)) return;
    const state = task.retry as NonNullable<TaskRecord['retry']>;
    state.timer = undefined;
    task.state = QUEUED;
    task.enqueuedAt = performance.now();
    if (state.explicitTimeout) task.timer = longTimeout(() => host.timeOut(task), task.timeoutMs as number);
    host.queue.push(task);
    host.dispatch();
  }
}
