import type { AnyActorRef } from 'xstate';
import type { Emitter } from 'mitt';
import { nanoid } from 'nanoid';
import { createSafeEmitter } from '../../supervisor/emitter.js';
import { CircuitBreaker } from '../circuit-breaker.js';
import { Deadlines } from '../deadlines.js';
import { CircuitOpenError, PoolClosedError, PoolFailedError, QueueFullError, TaskCancelledError, TaskTimeoutError, WorkerCrashError } from '../errors.js';
import type { NormalizedPoolOptions } from '../pool-options.js';
import type { SubmitOptions, Task, TaskHandle } from '../task-context.js';
import { TaskQueue } from '../task-queue.js';
import { QUEUED, RUNNING, SETTLED, TaskRecord, type WorkerRecord } from '../task-record.js';
import type { PoolEvents, RejectionReason } from './events.js';
import { settleTask, type Ledger } from './settle.js';
import { PoolStats, type PoolMetrics, type PoolPhase, type PoolStatus } from './stats.js';
import { PoolWaiters } from './waiters.js';
import { WorkerSlots, type SlotsOwner } from './worker-slots.js';

const SYNC_BURST = 1000; // sync tasks run back to back before yielding to the event loop
const ASSIGNED = { type: 'worker.assigned' } as const;
const RELEASED = { type: 'worker.released' } as const;

/** Reports an edge to a worker's actor, unless the actor is already gone (it would warn). */
function tell(worker: WorkerRecord, event: { type: 'worker.assigned' | 'worker.released' } | { type: 'worker.faulted'; error: unknown }): void {
  if (worker.ref.getSnapshot().status === 'active') worker.ref.send(event);
}

// The global, looked up per call, so fake timers (which replace it) drive the metrics too.
const now = (): number => performance.now();

/**
 * The pool's data plane: the queue, the idle stack, the workers' records and the deadlines,
 * in plain fields. It runs tasks and settles them; it touches actors only at edges (a worker
 * going idle ⇄ busy or faulting) and never moves the pool's lifecycle: `phase` is written by
 * the pool machine's actions (see `lifecycle.ts`). A worker that finishes a task while others
 * are queued takes the next one in plain code.
 */
export class PoolCore<R = unknown> implements Ledger, SlotsOwner<R> {
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

  readonly queue = new TaskQueue<TaskRecord>();
  private readonly deadlines = new Deadlines<TaskRecord>((task) => this.onTimeout(task));
  readonly idle: WorkerRecord[] = [];
  readonly workers = new Map<string, WorkerRecord>();
  private readonly idPrefix = nanoid(10);
  private seq = 0;
  running = 0;
  private syncBurst = 0;
  /** The last clock reading taken when a task finished; the next task on that worker starts then. */
  private stamp = 0;
  private retireTimer: ReturnType<typeof setTimeout> | undefined;
  /** Workers parked idle whose busy → idle is reported on the next macrotask (see `park`). */
  private pendingRelease: WorkerRecord[] = [];
  private releaseTimer: ReturnType<typeof setImmediate> | undefined;

  constructor(readonly options: NormalizedPoolOptions<R>) {
    this.name = options.name;
    this.abortKillsWorker = options.backend.abortKillsWorker === true;
    this.events = createSafeEmitter<PoolEvents>(options.onListenerError);
    this.waiters = new PoolWaiters({
      accepting: () => this.phase === 'running',
      hasRoom: () => this.hasRoom(),
      isIdle: () => this.running === 0 && this.queue.size === 0,
      onDrained: () => {
        if (this.phase !== 'closed') this.events.emit('drained', { pool: this.name });
      },
    });
  }

  /** Links the breaker and the worker supervisor under the pool's actor. */
  start(self: AnyActorRef): void {
    const breakerOptions = this.options.breaker;
    if (breakerOptions !== false) this.breaker = new CircuitBreaker(breakerOptions, (state) => this.onCircuitChange(state), self);
    this.slots = new WorkerSlots(this.options, this, self);
  }

  // ---- submission

  /** See `Pool.submit`. Throws on refusal. */
  submit<T>(fn: Task<T, R>, opts: SubmitOptions | undefined): TaskHandle<T> {
    const { priority, timeout } = this.checkTask(fn, opts);
    if (this.phase !== 'running') {
      if (this.phase === 'failed') throw this.refuse('failed', new PoolFailedError(this.name, this.slots?.failureCause));
      const closing = this.phase === 'closing';
      throw this.refuse(closing ? 'closing' : 'closed', new PoolClosedError(this.name, closing ? 'it is closing and takes no new tasks' : 'it is closed'));
    }
    const breaker = this.breaker;
    if (breaker !== undefined && !breaker.canDispatch()) {
      const open = breaker.state === 'open';
      throw this.refuse('circuit_open', new CircuitOpenError(this.name, open ? 'open' : 'halfOpen', open ? breaker.retryAt : undefined));
    }
    if (!this.hasRoom()) throw this.refuse('queue_full', new QueueFullError(this.name, this.options.maxQueueSize));
    const explicit = opts?.timeout !== undefined && opts.timeout !== false;
    const wrapped = this.options.wrap === undefined ? fn : this.options.wrap(fn);
    const task = new TaskRecord(this.idPrefix, ++this.seq, wrapped as Task<unknown, unknown>, priority, timeout, now(), this.cancelTask);
    this.accept(task, explicit, opts?.signal);
    return task as TaskHandle<unknown> as TaskHandle<T>;
  }

  /** Validates a task and its options; throws `TypeError`. */
  checkTask(fn: unknown, opts: SubmitOptions | undefined): { priority: number; timeout: number | false } {
    if (typeof fn !== 'function') throw new TypeError(`Pool "${this.name}": a task must be a function, got ${typeof fn}.`);
    const priority = opts?.priority ?? 0;
    if (typeof priority !== 'number' || Number.isNaN(priority)) throw new TypeError(`Pool "${this.name}": priority must be a number.`);
    const timeout = opts?.timeout === undefined ? this.options.taskTimeout : opts.timeout;
    if (timeout !== false && (typeof timeout !== 'number' || !(timeout > 0) || !Number.isFinite(timeout))) {
      throw new TypeError(`Pool "${this.name}": timeout must be a finite number of ms > 0 or false.`);
    }
    return { priority, timeout };
  }

  /** Whether a submission now would only wait for room (every other refusal is immediate). */
  onlyRoomIsMissing(): boolean {
    return this.phase === 'running' && this.breakerAllows() && !this.hasRoom();
  }

  private refuse(reason: RejectionReason, error: Error): Error {
    this.counters.rejected++;
    if (this.hasListeners('taskRejected')) this.events.emit('taskRejected', { pool: this.name, reason });
    return error;
  }

  private accept(task: TaskRecord, explicitTimeout: boolean, signal: AbortSignal | undefined): void {
    this.counters.accepted++;
    this.waiters.markBusy();
    if (signal?.aborted) {
      this.finishCancelled(task, signal.reason);
      this.waiters.wake();
      return;
    }
    if (explicitTimeout) {
      // A per-task timeout is a deadline from submission: it also bounds the wait in the queue
      // (a task held there by an open circuit still times out). It needs a timer of its own.
      task.timer = setTimeout(() => this.onTimeout(task), task.timeoutMs as number);
    }
    if (signal !== undefined) {
      const onAbort = () => this.cancelTask(task, signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      task.removeAbortListener = () => signal.removeEventListener('abort', onAbort);
    }
    const worker = this.idle.length > 0 && this.queue.size === 0 && this.breakerAllows() ? this.idle.pop() : undefined;
    if (worker !== undefined) {
      this.assign(worker);
      this.run(worker, task, task.enqueuedAt);
      return;
    }
    this.queue.push(task);
    this.grow();
    if (this.hasListeners('taskQueued')) this.events.emit('taskQueued', { pool: this.name, taskId: task.id, queued: this.queue.size });
  }

  // ---- running

  private breakerAllows(): boolean {
    return this.breaker === undefined || this.breaker.canDispatch();
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
      if (task.timeoutMs !== false && task.timer === undefined) this.deadlines.add(task, task.timeoutMs);
      if (this.hasListeners('taskStarted')) this.events.emit('taskStarted', { pool: this.name, taskId: task.id, workerId: worker.id });
      let result: unknown;
      try {
        result = task.fn(task);
      } catch (error) {
        task = this.finishRun(worker, task, false, error);
        stamp = this.stamp;
        continue;
      }
      if (result !== null && (typeof result === 'object' || typeof result === 'function') && typeof (result as PromiseLike<unknown>).then === 'function') {
        // The worker's own two callbacks (made once per worker): no closures per task.
        (result as PromiseLike<unknown>).then(worker.onFulfilled, worker.onRejected);
        return;
      }
      task = this.finishRun(worker, task, true, result);
      stamp = this.stamp;
    }
  }

  /** An async task of `worker` settled. A worker holds one task, so `worker.task` is the one. */
  private resume(worker: WorkerRecord, ok: boolean, value: unknown): void {
    const task = worker.task;
    if (task === undefined) return; // abandoned: a late result
    this.syncBurst = 0;
    const next = this.finishRun(worker, task, ok, value);
    if (next !== undefined) this.run(worker, next, this.stamp);
  }

  /** Records how a run ended and returns the worker's next task, if it has one now. */
  private finishRun(worker: WorkerRecord, task: TaskRecord, ok: boolean, value: unknown): TaskRecord | undefined {
    if (worker.task !== task || !worker.alive) return undefined; // abandoned (timeout, crash, pool gone): late result ignored
    this.endRun(worker, task);
    const fatal = !ok && this.isFatal(value);
    if (task.state !== SETTLED) settleTask(this, task, ok ? 'completed' : 'failed', value, worker.id);
    if (fatal) {
      // The task's error says the worker's resource is broken: the worker must go.
      this.fault(worker, value);
      this.waiters.wake();
      return undefined;
    }
    if (++this.syncBurst > SYNC_BURST) {
      // Many synchronous tasks in a row: continue on a fresh tick so timers and I/O still run.
      // The next task stays in the queue meanwhile, where cancel and close can still reach it.
      this.syncBurst = 0;
      setImmediate(() => this.continueWorker(worker));
      this.waiters.wake();
      return undefined;
    }
    const next = this.takeNext();
    if (next === undefined) {
      this.park(worker);
      return undefined;
    }
    // `next` has left the queue but run() counts it only when it starts: count it meanwhile,
    // so onIdle / close / `drained` never see an idle pool in between two tasks.
    this.running++;
    this.waiters.wake();
    this.running--;
    return next;
  }

  /** The run of `task` on `worker` is over (a result, a timeout, a crash): free the worker of it. */
  private endRun(worker: WorkerRecord, task: TaskRecord): void {
    this.clearDeadline(task);
    worker.task = undefined;
    this.running--;
    this.stamp = now();
    this.stats.runTime.record(this.stamp - task.startedAt);
    // Cancelled while it ran: its return frees a half-open probe slot without counting.
    if (task.state === SETTLED) this.breaker?.record(task, 'ignore');
  }

  /** Resumes a worker that yielded after a burst of synchronous tasks. */
  private continueWorker(worker: WorkerRecord): void {
    if (!worker.alive || worker.task !== undefined || this.phase === 'closed' || this.phase === 'failed') return;
    const next = this.takeNext();
    if (next !== undefined) this.run(worker, next, now());
    else this.park(worker);
  }

  /**
   * The worker has nothing to do: busy → idle. The data plane knows at once (`idleWorkers`);
   * its machine hears it one macrotask later, and not at all if a task reaches the worker first,
   * so a caller that awaits each result and submits again pays no transition (two transitions
   * would cost more than the rest of such a call). The machine's `idle` lags by at most one turn
   * of the event loop; `status().idleWorkers` is exact at every moment.
   */
  private park(worker: WorkerRecord): void {
    worker.idleSince = Date.now();
    this.idle.push(worker);
    worker.releasePending = true;
    this.pendingRelease.push(worker);
    if (this.releaseTimer === undefined) this.releaseTimer = setImmediate(this.flushReleases);
    if (this.slots !== undefined && this.slots.size > this.options.minSize) this.scheduleRetire();
    this.waiters.wake();
  }

  /** idle → busy: a worker whose release is still pending never left `busy`, so it needs no event. */
  private assign(worker: WorkerRecord): void {
    if (worker.releasePending) worker.releasePending = false;
    else tell(worker, ASSIGNED);
  }

  /** Sends the deferred busy → idle of every worker still parked. */
  readonly flushReleases = (): void => {
    if (this.releaseTimer !== undefined) clearImmediate(this.releaseTimer);
    this.releaseTimer = undefined;
    const workers = this.pendingRelease;
    this.pendingRelease = [];
    for (const worker of workers) {
      if (!worker.releasePending) continue;
      worker.releasePending = false;
      if (worker.alive) tell(worker, RELEASED);
    }
  };

  private takeNext(): TaskRecord | undefined {
    if (this.queue.size === 0 || !this.breakerAllows()) return undefined;
    return this.queue.shift();
  }

  private isFatal(error: unknown): boolean {
    if (error instanceof WorkerCrashError) return true; // the worker's resource (a thread) is gone
    if (this.options.isFatal === undefined) return false;
    try {
      return this.options.isFatal(error);
    } catch {
      return false;
    }
  }

  /** Stops watching a task's time (it finished, or its worker was let go). */
  clearDeadline(task: TaskRecord): void {
    this.deadlines.remove(task);
    if (task.timer !== undefined) {
      clearTimeout(task.timer);
      task.timer = undefined;
    }
  }

  private onTimeout(task: TaskRecord): void {
    task.timer = undefined;
    if (this.phase === 'closed' || this.phase === 'failed') return;
    const error = new TaskTimeoutError(task.id, task.timeoutMs as number);
    if (task.state === QUEUED) {
      // Its deadline passed while it waited: it never runs, and no worker is involved.
      this.queue.remove(task);
      settleTask(this, task, 'timedOut', error, '');
      this.waiters.wake();
      return;
    }
    const worker = task.worker;
    if (worker === undefined || worker.task !== task) return;
    this.endRun(worker, task);
    if (task.state !== SETTLED) settleTask(this, task, 'timedOut', error, worker.id);
    // A thread can really be stopped: replace it without counting a crash. In-process code
    // cannot be stopped: the worker is abandoned and its supervisor starts a fresh one.
    if (this.abortKillsWorker) this.retire(worker, 'timeout');
    else this.fault(worker, error);
    this.waiters.wake();
  }

  /** Starts queued tasks on idle workers, as far as the breaker allows. */
  dispatch(): void {
    this.grow();
    while (this.idle.length > 0 && this.queue.size > 0 && this.breakerAllows()) {
      const worker = this.idle.pop() as WorkerRecord;
      const task = this.queue.shift() as TaskRecord;
      this.assign(worker);
      this.run(worker, task, now());
    }
    this.waiters.wake();
  }

  private grow(): void {
    if (this.queue.size > 0 && this.idle.length === 0 && (this.phase === 'running' || this.phase === 'closing')) {
      this.slots?.grow(this.queue.size, this.workers.size);
    }
  }

  // ---- cancel

  /** Handles `cancel()` and aborted signals. Arrow: it is passed to every record. */
  private readonly cancelTask = (task: TaskRecord, reason: unknown): boolean => {
    if (task.state === SETTLED) return false;
    this.finishCancelled(task, reason === undefined ? new TaskCancelledError(task.id) : reason);
    this.waiters.wake();
    return true;
  };

  /** Settles a queued or running task without a result of its own. */
  finishCancelled(task: TaskRecord, reason: unknown): void {
    if (task.state === QUEUED) {
      this.queue.remove(task);
      this.clearDeadline(task);
    }
    // A running task keeps its worker until its code returns (or times out): never more than `size` run.
    settleTask(this, task, 'cancelled', reason, task.worker?.id ?? '');
    const worker = task.worker;
    if (this.abortKillsWorker && worker !== undefined && worker.task === task) this.retire(worker, 'abort');
  }

  /** Settles every queued task and every running one with `reason`. */
  cancelAll(reason: unknown, running: 'settle' | 'abortOnly'): void {
    for (const task of this.queue.drain()) this.finishCancelled(task, reason);
    for (const worker of [...this.workers.values()]) {
      const task = worker.task;
      if (task === undefined || task.state === SETTLED) continue;
      if (running === 'settle') this.finishCancelled(task, reason);
      else task.abort(reason);
    }
    this.waiters.wake();
  }

  // ---- workers

  /** The pool gives up on a worker (timeout in-process, fatal error, dead thread): its machine goes `crashed`. */
  private fault(worker: WorkerRecord, error: unknown): void {
    if (!worker.alive) return;
    if (worker.task !== undefined) this.options.backend.kill?.(worker.resource as R);
    const task = this.letGo(worker);
    if (task !== undefined && task.state !== SETTLED) settleTask(this, task, 'crashed', new WorkerCrashError(worker.id, task.id, error), worker.id);
    tell(worker, { type: 'worker.faulted', error });
  }

  /** Takes a worker out of service: no longer alive, idle or listed; returns the task it held. */
  private letGo(worker: WorkerRecord): TaskRecord | undefined {
    worker.alive = false;
    this.workers.delete(worker.id);
    const index = this.idle.indexOf(worker);
    if (index >= 0) this.idle.splice(index, 1);
    const task = worker.task;
    worker.task = undefined;
    if (task !== undefined) {
      this.running--;
      this.clearDeadline(task);
      if (task.state === SETTLED) this.breaker?.record(task, 'ignore');
    }
    return task;
  }

  /**
   * Stops a worker without counting a crash: its slot is freed (idle) or refilled with a fresh
   * worker (threads: a running task was aborted and its code must stop).
   */
  private retire(worker: WorkerRecord, reason: 'idle' | 'abort' | 'timeout'): boolean {
    const slots = this.slots;
    if (!worker.alive || slots === undefined) return false;
    this.letGo(worker);
    if (reason !== 'idle') this.options.backend.kill?.(worker.resource as R);
    this.events.emit('workerRetired', { pool: this.name, workerId: worker.id, reason });
    // Refill while the pool still has work for the slot: running, or closing with queued tasks to drain.
    if (reason === 'idle') slots.retireIdle(worker.slot);
    else slots.refill(worker.slot, () => this.phase === 'running' || (this.phase === 'closing' && this.queue.size > 0));
    return true;
  }

  /** Retires extra workers that stayed idle for `idleTimeout` (oldest idle first). */
  private scheduleRetire(): void {
    // Count started workers, not slots: a slot still starting must not let the last started worker go.
    if (this.retireTimer !== undefined || this.workers.size <= this.options.minSize || this.idle.length === 0) return;
    const delay = Math.max(0, (this.idle[0] as WorkerRecord).idleSince + this.options.idleTimeout - Date.now());
    this.retireTimer = setTimeout(() => {
      this.retireTimer = undefined;
      const cutoff = Date.now() - this.options.idleTimeout;
      // Never retire while tasks wait (e.g. held by an open circuit): they need the workers. Nor
      // re-arm then: the next park() (the queue drained, the circuit closed) schedules again.
      if (this.phase !== 'running' || this.queue.size > 0) return;
      while (this.workers.size > this.options.minSize && this.idle.length > 0 && (this.idle[0] as WorkerRecord).idleSince <= cutoff) {
        if (!this.retire(this.idle[0] as WorkerRecord, 'idle')) break;
      }
      this.scheduleRetire();
    }, delay);
  }

  /** Nothing may be retired or reparked any more: the pool is stopping. */
  stopTimers(): void {
    if (this.retireTimer !== undefined) clearTimeout(this.retireTimer);
    this.retireTimer = undefined;
    if (this.releaseTimer !== undefined) clearImmediate(this.releaseTimer);
    this.releaseTimer = undefined;
    this.deadlines.clear();
  }

  /** Every worker is out of service (the pool closed or failed); their late results are ignored. */
  letGoAll(): void {
    for (const worker of this.workers.values()) {
      worker.alive = false;
      if (worker.task !== undefined) this.clearDeadline(worker.task);
    }
    this.idle.length = 0;
  }

  // ---- SlotsOwner

  workerReady(workerId: string, slot: string, ref: AnyActorRef, resource: R): void {
    if (this.phase === 'closed' || this.phase === 'failed') return;
    const worker: WorkerRecord = {
      id: workerId,
      slot,
      ref,
      resource,
      idleSince: Date.now(),
      task: undefined,
      alive: true,
      releasePending: false,
      onFulfilled: (value: unknown) => this.resume(worker, true, value),
      onRejected: (error: unknown) => this.resume(worker, false, error),
    };
    this.workers.set(workerId, worker);
    this.idle.push(worker);
    // Called from the worker machine's action: run tasks (user code) after it, not inside it.
    queueMicrotask(() => {
      if (!worker.alive) return;
      this.dispatch(); // also wakes ready() waiters
      this.scheduleRetire();
    });
  }

  workerExited(workerId: string, error: unknown): void {
    this.counters.crashes++;
    // A crash the pool did not cause itself (the machinery errored): clean up its task.
    const worker = this.workers.get(workerId);
    if (worker !== undefined) {
      this.fault(worker, error);
      this.waiters.wake();
    }
    this.events.emit('workerCrashed', { pool: this.name, workerId, error });
  }

  workerRestarted(workerId: string): void {
    this.counters.restarts++;
    this.events.emit('workerRestarted', { pool: this.name, workerId });
  }

  workersFailed(error: unknown): void {
    this.onWorkersFailed?.(error);
  }

  workersStarted(): void {
    if (this.phase === 'closed' || this.phase === 'failed') void this.slots?.stop();
    else this.dispatch();
  }

  disposeFailed(workerId: string, error: unknown): void {
    this.events.emit('disposeFailed', { pool: this.name, workerId, error });
  }

  /** Set by the lifecycle: reports the fact to the pool machine. */
  onWorkersFailed: ((error: unknown) => void) | undefined;

  /** A backend reports that an idle worker's resource died (a thread exited): replace the worker. */
  reportBroken(workerId: string, error: unknown): void {
    const worker = this.workers.get(workerId);
    if (worker === undefined) return;
    this.fault(worker, error);
    this.waiters.wake();
  }

  // ---- circuit, status

  private onCircuitChange(state: 'closed' | 'open' | 'halfOpen'): void {
    if (state === 'open') this.events.emit('circuitOpened', { pool: this.name, retryAt: this.breaker?.retryAt });
    else if (state === 'halfOpen') this.events.emit('circuitHalfOpened', { pool: this.name });
    else this.events.emit('circuitClosed', { pool: this.name });
    if (state !== 'open' && this.phase !== 'failed' && this.phase !== 'closed') this.dispatch();
  }

  hasRoom(): boolean {
    return this.queue.size < this.options.maxQueueSize || (this.idle.length > 0 && this.queue.size === 0);
  }

  hasListeners(type: keyof PoolEvents): boolean {
    const all = this.events.all;
    return all.size > 0 && ((all.get(type)?.length ?? 0) > 0 || (all.get('*')?.length ?? 0) > 0);
  }

  /** The initial workers are up (or the pool is past running). */
  get isReady(): boolean {
    return (this.slots?.workerSupervisor !== undefined && this.workers.size >= this.options.minSize) || this.phase !== 'running';
  }

  status(): PoolStatus {
    const gone = this.phase === 'failed' || this.phase === 'closed';
    const crashed = this.slots?.crashed ?? 0;
    return this.stats.status({
      phase: this.phase,
      circuit: this.breaker?.state ?? 'closed',
      size: this.options.size,
      idleWorkers: this.idle.length,
      busyWorkers: gone ? 0 : this.workers.size - this.idle.length,
      startingWorkers: gone ? 0 : Math.max(0, (this.slots?.size ?? 0) - this.workers.size - crashed),
      crashedWorkers: crashed,
      queued: this.queue.size,
      running: this.running,
    });
  }

  metrics(): PoolMetrics {
    return this.stats.metrics(this.status());
  }
}
