import { AsyncResource } from 'node:async_hooks';
import type { AnyActorRef } from 'xstate';
import type { Emitter } from 'mitt';
import { nanoid } from 'nanoid';
import { createSafeEmitter } from '../../supervisor/emitter.js';
import { CircuitBreaker } from '../circuit-breaker.js';
import { Deadlines } from '../deadlines.js';
import type { NormalizedPoolOptions } from '../pool-options.js';
import type { SubmitOptions, Task, TaskHandle } from '../task-context.js';
import { TaskQueue } from '../task-queue.js';
import { RUNNING, SETTLED, TaskRecord, type WorkerRecord } from '../task-record.js';
import { admit, hasRoom, type Admitted } from './admission.js';
import { followResult } from './task-result.js';
import type { PoolEvents, RetireReason } from './events.js';
import { isFatal, settleTask, type Ledger } from './settle.js';
import { PoolStats, type PoolPhase } from './stats.js';
import { IdleWorkers } from './idle-workers.js';
import { PoolWaiters } from './waiters.js';
import { WorkerReports } from './worker-reports.js';
import { WorkerSlots } from './worker-slots.js';
import { faultWorker, retireWorker } from './worker-exits.js';
import { timeOutTask, workerCameBack } from './timeouts.js';
import { RateLimiter } from './rate-limiter.js';
import { Retries } from './retries.js';
import { leaveForResize } from './controls.js';
import { followReserved, neverStarted, putBack, reserveNext, stealReserved } from './reservations.js';
import { cancelTask, finishCancelled } from './cancels.js';
import { circuitChanged } from './circuit-change.js';
import { longTimeout } from '../../supervisor/long-timeout.js';

const SYNC_BURST = 1000; // sync tasks run back to back before yielding to the event loop

// The global, looked up per call, so fake timers (which replace it) drive the metrics too.
const now = (): number => performance.now();

/**
 * The pool's data plane: the queue, the idle stack, the workers' records and the deadlines,
 * in plain fields. It runs tasks and settles them; it touches actors only at edges (a worker
 * going idle ⇄ busy or faulting) and never moves the pool's lifecycle: `phase` is written by
 * the pool machine's actions (see `lifecycle.ts`). A worker that finishes a task while others
 * are queued takes the next one in plain code.
 */
export class PoolCore<R = unknown> implements Ledger {
  readonly name: string;
  readonly events: Emitter<PoolEvents>;
  readonly stats = new PoolStats();
  readonly counters = this.stats.counters;
  readonly waiters: PoolWaiters;
  breaker: CircuitBreaker | undefined;
  slots: WorkerSlots<R> | undefined;
  /** Written by the pool machine's actions only. */
  phase: PoolPhase = 'running';
  /** The pool's task-running code (`ctx.resource.call`, ...) must stop: abort kills the worker (threads). */
  readonly abortKillsWorker: boolean;
  /** This incarnation's options: a copy, so `resize` changes this pool only, not a parent's spec. */
  readonly options: NormalizedPoolOptions<R>;
  /** Tasks between two tries (`retry`). */
  readonly retries: Retries = new Retries(this);
  /** `pause()`: no task starts. */
  paused = false;
  /** Workers waiting out a timed-out task's `timeoutGrace` (a close waits for them). */
  lingering = 0;
  /** `resize()` took slots away and workers above the size remain: each leaves when its task ends. */
  shrinking = false;
  readonly limiter: RateLimiter | undefined;

  readonly defaults: Admitted;
  readonly queue = new TaskQueue<TaskRecord>();
  readonly deadlines = new Deadlines<TaskRecord>((task) => timeOutTask(this, task));
  readonly idle: IdleWorkers;
  readonly workers = new Map<string, WorkerRecord>();
  /** The prefix of this pool's task ids. */
  readonly idPrefix = nanoid(10);
  private seq = 0;
  running = 0;
  /** Tasks sent ahead to busy workers (see reservations.ts): still unstarted, counted as queued. */
  reserved = 0;
  private syncBurst = 0;
  /** The last clock reading taken when a task finished; the next task on that worker starts then. */
  private stamp = 0;

  constructor(spec: NormalizedPoolOptions<R>) {
    const options = (this.options = { ...spec });
    this.name = options.name;
    this.defaults = Object.freeze({ priority: 0, timeout: options.taskTimeout, explicitTimeout: false, label: undefined, retry: options.retry });
    const rate = options.rateLimit;
    this.limiter = rate === undefined ? undefined : new RateLimiter(rate.limit, rate.interval, () => this.dispatchIfRunning());
    this.abortKillsWorker = options.backend.abortKillsWorker === true;
    this.events = createSafeEmitter<PoolEvents>(options.onListenerError);
    this.idle = new IdleWorkers({
      get minSize() {
        return options.minSize;
      },
      get idleTimeout() {
        return options.idleTimeout;
      },
      started: () => this.workers.size,
      mayRetire: () => this.phase === 'running' && this.queue.size === 0,
      retire: (worker) => this.retire(worker, 'idle'),
    });
    this.waiters = new PoolWaiters({
      accepting: () => this.phase === 'running',
      hasRoom: () => this.hasRoom(),
      onDrained: () => {
        if (this.phase !== 'closed') this.events.emit('drained', { pool: this.name });
      },
    });
  }

  /** Links the breaker and the worker supervisor under the pool's actor. */
  start(self: AnyActorRef): void {
    const breakerOptions = this.options.breaker;
    if (breakerOptions !== false) this.breaker = new CircuitBreaker(breakerOptions, (state) => circuitChanged(this, state), self);
    this.openSlots(self);
  }

  /** Starts a worker supervisor with fresh workers (at start, and after a recovery's backoff). */
  openSlots(self: AnyActorRef): void {
    this.reports?.silence();
    this.reports = new WorkerReports(this);
    this.slots = new WorkerSlots(this.options, this.reports, self);
  }

  private reports: WorkerReports<R> | undefined;

  /** While `recovering`: when the pool takes work again, and why it stopped. */
  recovery: { retryAt: number; attempt: number; cause: unknown } | undefined = undefined;

  /** See `Pool.submit`; `defaultLabel` is the handler's name of a `call`. Throws on refusal (see admission.ts). */
  submit<T>(fn: Task<T, R>, opts: SubmitOptions | undefined, defaultLabel?: string): TaskHandle<T> {
    const admitted = admit(this, fn, opts, defaultLabel);
    const { priority, timeout, explicitTimeout, retry } = admitted;
    const label = admitted.label ?? defaultLabel;
    const wrapped = this.options.wrap === undefined ? fn : this.options.wrap(fn);
    const task = new TaskRecord(this, ++this.seq, wrapped as Task<unknown, unknown>, priority, timeout, now());
    if (label !== undefined) task.label = label;
    if (retry !== undefined && retry.attempts > 1) task.retry = { policy: retry, attempt: 1, explicitTimeout, timer: undefined };
    this.accept(task, explicitTimeout, opts?.signal);
    return task as TaskHandle<unknown> as TaskHandle<T>;
  }

  private accept(task: TaskRecord, explicitTimeout: boolean, signal: AbortSignal | undefined): void {
    this.counters.accepted++;
    this.waiters.markBusy();
    if (signal?.aborted) {
      finishCancelled(this, task, signal.reason);
      this.wake();
      return;
    }
    if (explicitTimeout) {
      // A per-task timeout is a deadline from submission: it also bounds the wait in the queue
      // (a task held there by an open circuit still times out). It needs a timer of its own.
      task.timer = longTimeout(() => timeOutTask(this, task), task.timeoutMs as number);
    }
    if (signal !== undefined) {
      const onAbort = () => this.cancel(task, signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      task.removeAbortListener = () => signal.removeEventListener('abort', onAbort);
    }
    const worker = this.idle.size > 0 && this.queue.size === 0 && this.mayStart() ? this.idle.pop() : undefined;
    if (worker !== undefined) {
      this.idle.assign(worker);
      this.run(worker, task, task.enqueuedAt);
      return;
    }
    // It will start from another task's continuation: keep the submitter's async context for it.
    if (this.options.propagateContext) task.scope = new AsyncResource('overseer.task');
    this.queue.push(task);
    this.grow();
    if (this.hasListeners('taskQueued')) this.events.emit('taskQueued', { pool: this.name, taskId: task.id, label: task.label, queued: this.queued });
  }

  /** Tasks accepted and not started yet: in the queue, or sent ahead to a busy worker. */
  get queued(): number {
    return this.queue.size + this.reserved;
  }

  /** Whether a task may start now: not paused, the circuit lets it through, the rate window has room (taken). */
  private mayStart(): boolean {
    return !this.paused && (this.breaker === undefined || this.breaker.canDispatch()) && (this.limiter === undefined || this.limiter.take());
  }

  /**
   * Runs `task` on `worker`, then keeps the worker busy with queued tasks in plain code.
   * `startedAt` is a clock reading taken just before (the previous task's finish time, or the
   * submit time): reading the clock is a measurable share of the per-task cost.
   */
  private run(worker: WorkerRecord, first: TaskRecord, startedAt: number): void {
    let task: TaskRecord | undefined = first;
    let stamp = startedAt;
    this.syncBurst = 0; // count synchronous tasks within one chain only
    while (task !== undefined) {
      if (task.state === SETTLED) {
        // Cancelled while being handed to this worker (a listener ran in between): it never runs.
        task = this.takeNext();
        if (task === undefined) return this.park(worker);
        continue;
      }
      task.state = RUNNING;
      task.worker = worker;
      worker.task = task;
      this.running++;
      task.startedAt = stamp;
      this.stats.waitTime.record(stamp - task.enqueuedAt);
      this.breaker?.onDispatch(task);
      if (task.timeoutMs !== false && task.timer === undefined) this.deadlines.add(task, task.timeoutMs, stamp);
      if (this.hasListeners('taskStarted')) {
        this.events.emit('taskStarted', { pool: this.name, taskId: task.id, label: task.label, workerId: worker.id });
        // A listener cancelled the task or stopped the pool: its code must not run.
        if (!worker.alive || worker.task !== task) return;
        if (task.state === SETTLED) {
          task = this.finishRun(worker, task, true, undefined);
          stamp = this.stamp;
          continue;
        }
      }
      let result: unknown;
      try {
        result = task.scope === undefined ? task.fn(task) : task.scope.runInAsyncScope(task.fn, undefined, task);
      } catch (error) {
        task = this.finishRun(worker, task, false, error);
        stamp = this.stamp;
        continue;
      }
      // Async: the worker's own two callbacks (made once per worker) hear it, no closure per task.
      if (followResult(result, worker)) return reserveNext(this, worker);
      task = this.finishRun(worker, task, true, result);
      stamp = this.stamp;
    }
  }

  /** An async task of `worker` settled. A worker holds one task, so `worker.task` is the one. */
  readonly resume = (worker: WorkerRecord, ok: boolean, value: unknown): void => {
    const task = worker.task;
    if (task === undefined) {
      // A timed-out task's code returned within its grace: the worker is free again, no crash.
      if (worker.lingering !== undefined) workerCameBack(this, worker);
      return; // otherwise abandoned: a late result
    }
    this.syncBurst = 0;
    const next = this.finishRun(worker, task, ok, value);
    if (next !== undefined) this.run(worker, next, this.stamp);
  };

  /** Records how a run ended and returns the worker's next task, if it has one now. */
  private finishRun(worker: WorkerRecord, task: TaskRecord, ok: boolean, value: unknown): TaskRecord | undefined {
    if (worker.task !== task || !worker.alive) return undefined; // abandoned (timeout, crash, pool gone): late result ignored
    if (!ok && task.state !== SETTLED && neverStarted(value)) return void putBack(this, worker, task, value);
    this.endRun(worker, task);
    const fatal = !ok && isFatal(this.options.isFatal, value);
    if (task.state !== SETTLED && (ok || fatal || task.retry === undefined || !this.retries.retryLater(task, 'failed', value, worker.id))) {
      settleTask(this, task, ok ? 'completed' : 'failed', value, worker.id);
    }
    if (fatal) {
      // The task's error says the worker's resource is broken: the worker must go.
      this.fault(worker, value);
      this.wake();
      return undefined;
    }
    if (worker.reserved !== undefined) {
      const reserved = followReserved(this, worker, ok);
      if (reserved !== undefined) return this.handOver(reserved);
      if (!worker.alive) {
        this.wake();
        return undefined;
      }
    }
    if (++this.syncBurst > SYNC_BURST) {
      // Many synchronous tasks in a row: continue on a fresh tick so timers and I/O still run.
      // The next task stays in the queue meanwhile, where cancel and close can still reach it.
      this.syncBurst = 0;
      setImmediate(() => this.continueWorker(worker));
      this.wake();
      return undefined;
    }
    if (this.shrinking && leaveForResize(this, worker)) {
      this.wake();
      return undefined;
    }
    const next = this.takeNext();
    if (next === undefined) {
      this.park(worker);
      return undefined;
    }
    return this.handOver(next);
  }

  /** `next` is the worker's next task: waiters hear that the queue moved, not that the pool idles. */
  private handOver(next: TaskRecord): TaskRecord {
    // `next` has left the queue but run() counts it only when it starts: count it meanwhile,
    // so onIdle / close / `drained` never see an idle pool in between two tasks.
    this.running++;
    this.waiters.wake(false);
    this.running--;
    return next;
  }

  /** The run of `task` on `worker` is over (a result, a timeout, a crash): free the worker of it. */
  endRun(worker: WorkerRecord, task: TaskRecord): void {
    this.clearDeadline(task);
    worker.task = undefined;
    this.running--;
    this.stamp = now();
    this.stats.runTime.record(this.stamp - task.startedAt);
    // Cancelled while it ran: its return frees a half-open probe slot without counting.
    if (task.state === SETTLED) this.breaker?.record(task, 'ignore');
  }

  /** Gives a free worker its next task, or parks it (after a burst of synchronous tasks, or a grace). */
  continueWorker(worker: WorkerRecord): void {
    if (!worker.alive || worker.task !== undefined || this.phase === 'closed' || this.phase === 'failed') return;
    if (this.shrinking && leaveForResize(this, worker)) return this.wake();
    const next = this.takeNext();
    if (next !== undefined) this.run(worker, next, now());
    else this.park(worker);
  }

  /** The worker has nothing to do: it goes on the idle stack (its machine hears it shortly). */
  private park(worker: WorkerRecord): void {
    if (this.shrinking && leaveForResize(this, worker)) return this.wake();
    this.idle.park(worker);
    this.wake();
  }

  private takeNext(): TaskRecord | undefined {
    // Nothing queued, but a task waits ahead on a busy worker: this free one takes it over.
    if (this.queue.size === 0 && (this.reserved === 0 || !stealReserved(this))) return undefined;
    if (!this.mayStart()) return undefined;
    return this.queue.shift();
  }

  /** A task's own `timeout` passed (see timeouts.ts). */
  timeOut(task: TaskRecord): void {
    timeOutTask(this, task);
  }

  /** Stops watching a task's time (it finished, or its worker was let go). */
  clearDeadline(task: TaskRecord): void {
    this.deadlines.remove(task);
    if (task.timer !== undefined) {
      task.timer.cancel();
      task.timer = undefined;
    }
  }

  /** Starts queued tasks on idle workers, as far as the breaker allows. */
  dispatch(): void {
    this.grow();
    for (let task: TaskRecord | undefined; this.idle.size > 0 && (task = this.takeNext()) !== undefined; ) {
      const worker = this.idle.pop() as WorkerRecord;
      this.idle.assign(worker);
      this.run(worker, task, now());
    }
    this.wake();
  }

  /** Asks the slots for more workers while tasks wait and some slot is free (a field read when all are used). */
  private grow(): void {
    const slots = this.slots;
    if (slots === undefined || slots.size >= this.options.size || this.queue.size === 0 || this.idle.size > 0) return;
    if (this.phase === 'running' || this.phase === 'closing') slots.grow(this.queue.size, this.workers.size);
  }

  /** Handles `cancel()` and aborted signals (see cancels.ts); every record of this pool calls it. */
  cancel(task: TaskRecord, reason: unknown): boolean {
    return cancelTask(this, task, reason);
  }

  /** The pool gives up on a worker (timeout in-process, fatal error, dead thread): its machine goes `crashed`. */
  fault(worker: WorkerRecord, error: unknown): void {
    faultWorker(this, worker, error);
  }

  retire(worker: WorkerRecord, reason: RetireReason): boolean {
    return retireWorker(this, worker, reason);
  }

  /** Set by the lifecycle: reports the fact to the pool machine. */
  onWorkersFailed: ((error: unknown) => void) | undefined;

  /** Wakes the waiters after a change, telling them whether the pool is now idle. */
  wake(): void {
    this.waiters.wake(this.running === 0 && this.queued === 0 && this.retries.size === 0);
  }

  /** Starts what waits, if the pool still runs (a rate window reopened, a pause ended). */
  dispatchIfRunning(): void {
    if (this.phase === 'running' || this.phase === 'closing') this.dispatch();
  }

  /** Room for one more task (see admission.ts). */
  hasRoom(): boolean {
    return hasRoom(this);
  }

  hasListeners(type: keyof PoolEvents): boolean {
    const all = this.events.all;
    return all.size > 0 && ((all.get(type)?.length ?? 0) > 0 || (all.get('*')?.length ?? 0) > 0);
  }
}
