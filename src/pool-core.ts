import type { AnyActorRef } from 'xstate';
import type { Emitter } from 'mitt';
import { nanoid } from 'nanoid';
import { workerMachine, type WorkerHandle, type WorkerHost } from '../actors/worker.machine.js';
import { normalizeSupervisorOptions } from '../supervisor/options.js';
import { Supervisor, startRootSupervisor } from '../supervisor/supervisor.js';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.js';
import { createSafeEmitter } from './emitter.js';
import {
  CircuitOpenError,
  PoolClosedError,
  PoolFailedError,
  QueueFullError,
  TaskCancelledError,
  TaskTimeoutError,
  WorkerCrashError,
} from './errors.js';
import { Histogram, type Percentiles } from './histogram.js';
import type { NormalizedPoolOptions } from './pool-options.js';
import type { PoolEvents } from './pool-events.js';
import { TaskQueue } from './task-queue.js';
import { Deadlines } from './deadlines.js';
import { QUEUED, RUNNING, SETTLED, TaskRecord, type WorkerRecord } from './task-record.js';
import type { SubmitOptions, Task, TaskHandle } from './task-context.js';

/** Lifecycle of a pool; mirrored by the pool machine. */
export type PoolPhase = 'running' | 'closing' | 'closed' | 'failed';

/** `status()` in the PhoenixGenApi seed's shape. */
export interface PoolStatus {
  idleWorkers: number;
  busyWorkers: number;
  /** Worker slots whose worker crashed and has not been replaced yet. */
  crashedWorkers: number;
  queuedTasks: number;
  circuitOpen: boolean;
  circuit: CircuitState;
  /** Tasks that returned a result. */
  totalTasksExecuted: number;
  /** Tasks that threw, rejected or timed out. */
  totalTasksFailed: number;
}

/** `metrics()`: counters since start plus run-time and wait-time percentiles (ms). */
export interface PoolMetrics {
  size: number;
  queued: number;
  running: number;
  accepted: number;
  completed: number;
  failed: number;
  timedOut: number;
  /** Settled without a result of their own: cancel, abort, close/terminate, pool failure. */
  cancelled: number;
  /** Submissions refused (queue full, circuit open, closed, failed). */
  rejected: number;
  crashes: number;
  restarts: number;
  runTime: Percentiles;
  waitTime: Percentiles;
}

/** Internal events the core sends to the pool machine. */
export type PoolCoreEvent =
  | { type: 'pool.closing' }
  | { type: 'pool.closed' }
  | { type: 'pool.failed'; error: unknown };

interface SpaceWaiter {
  start: () => void;
  fail: (error: unknown) => void;
}

interface ConditionWaiter {
  ready: () => boolean;
  resolve: () => void;
}

const SYNC_BURST = 1000; // sync tasks run back to back before yielding to the event loop

// The global, looked up per call, so fake timers (which replace it) drive the metrics too.
const now = (): number => performance.now();

/**
 * The pool's data plane: queue, workers, breaker counters and metrics in plain fields.
 * Actors are touched only at edges: a worker going idle ⇄ busy or crashing, the breaker
 * changing state, the pool closing or failing. A worker that finishes a task while others
 * are queued takes the next one in plain code.
 */
export class PoolCore<R = unknown> implements WorkerHost<R> {
  readonly name: string;
  readonly events: Emitter<PoolEvents>;
  readonly breaker: CircuitBreaker | undefined;
  phase: PoolPhase = 'running';

  private readonly options: NormalizedPoolOptions<R>;
  private readonly self: AnyActorRef | undefined;
  private readonly queue = new TaskQueue<TaskRecord>();
  private readonly deadlines = new Deadlines<TaskRecord>((task) => this.onTimeout(task));
  private readonly idle: WorkerRecord[] = [];
  private readonly workers = new Map<string, WorkerRecord>();
  private supervisor: Supervisor | undefined;
  private readonly supervisorStarted: Promise<Supervisor | undefined>;
  private readonly idPrefix = nanoid(10);
  private seq = 0;
  private running = 0;
  private crashedSlots = 0;
  private failure: unknown = undefined;
  private closePromise: Promise<void> | undefined;
  private finishClose: (() => void) | undefined;
  private readonly spaceWaiters: SpaceWaiter[] = [];
  private conditionWaiters: ConditionWaiter[] = [];
  private syncBurst = 0;
  /** Workers parked idle whose busy → idle event is deferred to the next macrotask. */
  private pendingRelease: WorkerRecord[] = [];
  private releaseTimer: ReturnType<typeof setImmediate> | undefined;
  /** The last clock reading taken when a task finished; the next task on that worker starts then. */
  private stamp = 0;
  /** Worker slots in use (started, starting or crashed-and-restarting). */
  private slots = 0;
  private nextSlot = 0;
  private readonly freeSlots: number[] = [];
  private retireTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set when a task is accepted, cleared when `drained` fires: one event per busy period. */
  private busySinceDrained = false;
  private readonly removeBaseAbort: (() => void) | undefined;
  private readonly runTime = new Histogram();
  private readonly waitTime = new Histogram();
  private readonly counters = {
    accepted: 0,
    completed: 0,
    failed: 0,
    timedOut: 0,
    cancelled: 0,
    rejected: 0,
    crashes: 0,
    restarts: 0,
  };

  constructor(options: NormalizedPoolOptions<R>, self?: AnyActorRef) {
    this.options = options;
    this.name = options.name;
    this.self = self;
    this.events = createSafeEmitter<PoolEvents>(options.onListenerError);
    if (options.breaker !== false) {
      this.breaker = new CircuitBreaker(options.breaker, (state, previous) => this.onCircuitChange(state, previous), options.inspect);
    }
    this.supervisorStarted = this.startWorkers();
    const base = options.signal;
    if (base !== undefined) {
      const onAbort = () => this.onBaseAbort(base.reason);
      if (base.aborted) queueMicrotask(onAbort);
      else {
        base.addEventListener('abort', onAbort, { once: true });
        this.removeBaseAbort = () => base.removeEventListener('abort', onAbort);
      }
    }
  }

  // ------------------------------------------------------------------ submission

  /** See `Pool.submit`. Throws on refusal. */
  submit<T>(fn: Task<T, R>, opts: SubmitOptions | undefined): TaskHandle<T> {
    const { priority, timeout } = this.checkTask(fn, opts);
    this.checkAccepting();
    const breaker = this.breaker;
    if (breaker !== undefined && !breaker.canDispatch()) {
      this.counters.rejected++;
      throw new CircuitOpenError(this.name, breaker.state === 'open' ? 'open' : 'halfOpen', breaker.state === 'open' ? breaker.retryAt : undefined);
    }
    const canStart = this.idle.length > 0 && this.queue.size === 0;
    if (!canStart && this.queue.size >= this.options.maxQueueSize) {
      this.counters.rejected++;
      this.events.emit('queueFull', { pool: this.name, maxQueueSize: this.options.maxQueueSize });
      throw new QueueFullError(this.name, this.options.maxQueueSize);
    }
    const explicit = opts?.timeout !== undefined && opts.timeout !== false;
    return this.accept(fn as Task<unknown, unknown>, priority, timeout, explicit, opts?.signal) as unknown as TaskHandle<T>;
  }

  /** Validates a task and its options; throws `TypeError`. */
  private checkTask(fn: unknown, opts: SubmitOptions | undefined): { priority: number; timeout: number | false } {
    if (typeof fn !== 'function') throw new TypeError(`Pool "${this.name}": a task must be a function, got ${typeof fn}.`);
    const priority = opts?.priority ?? 0;
    if (typeof priority !== 'number' || Number.isNaN(priority)) throw new TypeError(`Pool "${this.name}": priority must be a number.`);
    const timeout = opts?.timeout === undefined ? this.options.taskTimeout : opts.timeout;
    if (timeout !== false && (typeof timeout !== 'number' || !(timeout > 0) || !Number.isFinite(timeout))) {
      throw new TypeError(`Pool "${this.name}": timeout must be a finite number of ms > 0 or false.`);
    }
    return { priority, timeout };
  }

  /** See `Pool.submitWait`. */
  submitWait<T>(fn: Task<T, R>, opts: SubmitOptions | undefined): Promise<TaskHandle<T>> {
    try {
      this.checkTask(fn, opts);
      // Only a full queue makes it wait; every other refusal is immediate.
      if (this.phase !== 'running' || !this.breakerAllows() || this.hasRoom()) return Promise.resolve(this.submit(fn, opts));
    } catch (error) {
      return Promise.reject(error);
    }
    const signal = opts?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<TaskHandle<T>>((resolve, reject) => {
      let onAbort: (() => void) | undefined;
      const waiter: SpaceWaiter = {
        start: () => {
          if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
          try {
            resolve(this.submit(fn, opts));
          } catch (error) {
            reject(error);
          }
        },
        fail: (error) => {
          if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      if (signal !== undefined) {
        onAbort = () => {
          const index = this.spaceWaiters.indexOf(waiter);
          if (index >= 0) this.spaceWaiters.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
      }
      this.spaceWaiters.push(waiter);
    });
  }

  private checkAccepting(): void {
    if (this.phase === 'running') return;
    this.counters.rejected++;
    if (this.phase === 'failed') throw new PoolFailedError(this.name, this.failure);
    throw new PoolClosedError(this.name, this.phase === 'closing' ? 'it is closing and takes no new tasks' : 'it is closed');
  }

  private accept(
    fn: Task<unknown, unknown>,
    priority: number,
    timeout: number | false,
    explicitTimeout: boolean,
    signal: AbortSignal | undefined,
  ): TaskRecord {
    const wrapped = this.options.wrap === undefined ? fn : (this.options.wrap(fn as Task<unknown, R>) as Task<unknown, unknown>);
    const task = new TaskRecord(this.idPrefix, ++this.seq, wrapped, priority, timeout, signal, now(), this.cancelTask);
    this.counters.accepted++;
    this.busySinceDrained = true;
    if (signal?.aborted) {
      this.finishCancelled(task, signal.reason);
      this.afterChange();
      return task;
    }
    if (explicitTimeout) {
      // A per-task timeout is a deadline from submission: it also bounds the wait in the queue
      // (a task held there by an open circuit still times out). It needs a timer of its own.
      task.timer = setTimeout(() => this.onTimeout(task), timeout as number);
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
    } else {
      this.queue.push(task);
      if (this.slots < this.options.size) this.grow();
      if (this.hasListeners('taskQueued')) this.events.emit('taskQueued', { pool: this.name, taskId: task.id, queued: this.queue.size });
    }
    return task;
  }

  // ------------------------------------------------------------------ running

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
        if (task === undefined) {
          this.park(worker);
          this.afterChange();
          return;
        }
        continue;
      }
      task.state = RUNNING;
      task.worker = worker;
      worker.task = task;
      this.running++;
      task.startedAt = stamp;
      this.waitTime.record(task.startedAt - task.enqueuedAt);
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

  /**
   * Records how a run ended and picks the worker's next task (or parks it idle).
   * Returns the next task to run on this worker, if any.
   */
  private finishRun(worker: WorkerRecord, task: TaskRecord, ok: boolean, value: unknown): TaskRecord | undefined {
    if (worker.task !== task || !worker.alive) return undefined; // abandoned (timeout, crash, pool gone): late result ignored
    this.clearDeadline(task);
    worker.task = undefined;
    this.running--;
    const finishedAt = now();
    this.stamp = finishedAt;
    this.runTime.record(finishedAt - task.startedAt);
    let fatal = false;
    if (task.state !== SETTLED) {
      if (ok) {
        this.breaker?.record(task, 'success');
        this.counters.completed++;
        task.settle(true, value);
        if (this.hasListeners('taskSucceeded')) this.events.emit('taskSucceeded', { pool: this.name, taskId: task.id, workerId: worker.id });
      } else {
        this.breaker?.record(task, this.breaker.isFailure(value) ? 'failure' : 'success');
        this.counters.failed++;
        fatal = this.isFatal(value);
        task.settle(false, value);
        if (this.hasListeners('taskFailed')) this.events.emit('taskFailed', { pool: this.name, taskId: task.id, workerId: worker.id, error: value });
      }
    } else {
      this.breaker?.record(task, 'ignore'); // cancelled while running: frees a probe slot
      fatal = !ok && this.isFatal(value); // its resource may still be broken
    }
    if (fatal) {
      this.crashWorker(worker, value);
      this.afterChange();
      return undefined;
    }
    if (++this.syncBurst > SYNC_BURST) {
      // Many synchronous tasks in a row: continue on a fresh tick so timers and I/O still run.
      // The next task stays in the queue meanwhile, where cancel and close can still reach it.
      this.syncBurst = 0;
      setImmediate(() => this.continueWorker(worker));
      this.afterChange();
      return undefined;
    }
    const next = this.takeNext();
    if (next === undefined) {
      this.park(worker);
      this.afterChange();
    } else {
      // `next` has left the queue but run() counts it only when it starts: count it meanwhile,
      // so onIdle / close / `drained` never see an idle pool in between two tasks.
      this.running++;
      this.afterChange();
      this.running--;
    }
    return next;
  }

  /** idle → busy: a worker whose release is still pending never left `busy`, so it needs no event. */
  private assign(worker: WorkerRecord): void {
    if (worker.releasePending) worker.releasePending = false;
    else worker.send({ type: 'worker.assign' });
  }

  /** Sends the deferred busy → idle events of workers that are still idle. */
  private readonly flushReleases = (): void => {
    this.releaseTimer = undefined;
    const workers = this.pendingRelease;
    this.pendingRelease = [];
    for (const worker of workers) {
      if (!worker.releasePending) continue;
      worker.releasePending = false;
      worker.send({ type: 'worker.release' });
    }
  };

  /** Resumes a worker that yielded after a burst of synchronous tasks. */
  private continueWorker(worker: WorkerRecord): void {
    if (!worker.alive || worker.task !== undefined || this.phase === 'closed' || this.phase === 'failed') return;
    const next = this.takeNext();
    if (next !== undefined) {
      this.run(worker, next, now());
      return;
    }
    this.park(worker);
    this.afterChange();
  }

  /** The worker has nothing to do: busy → idle. */
  private park(worker: WorkerRecord): void {
    // busy → idle is reported on the next macrotask, not now: a caller that awaits each result and
    // submits again (one task at a time) reuses the worker before then, and the worker simply
    // stays `busy` with no transition at all (two transitions are ~15 µs of a thread round trip).
    worker.releasePending = true;
    this.pendingRelease.push(worker);
    if (this.releaseTimer === undefined) this.releaseTimer = setImmediate(this.flushReleases);
    worker.idleSince = Date.now();
    this.idle.push(worker);
    if (this.slots > this.options.minSize) this.scheduleRetire();
  }

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
  private clearDeadline(task: TaskRecord): void {
    this.deadlines.remove(task);
    if (task.timer !== undefined) {
      clearTimeout(task.timer);
      task.timer = undefined;
    }
  }

  private onTimeout(task: TaskRecord): void {
    task.timer = undefined;
    if (this.phase === 'closed' || this.phase === 'failed') return;
    if (task.state === QUEUED) {
      // Its deadline passed while it waited: it never runs, and no worker is involved.
      this.queue.remove(task);
      const error = new TaskTimeoutError(task.id, task.timeoutMs as number);
      this.counters.timedOut++;
      task.abort(error);
      task.settle(false, error);
      if (this.hasListeners('taskTimedOut')) {
        this.events.emit('taskTimedOut', { pool: this.name, taskId: task.id, workerId: '', timeout: task.timeoutMs as number });
      }
      this.afterChange();
      return;
    }
    const worker = task.worker;
    if (worker === undefined || worker.task !== task) return;
    const error = new TaskTimeoutError(task.id, task.timeoutMs as number);
    worker.task = undefined;
    this.running--;
    this.runTime.record(now() - task.startedAt);
    if (task.state !== SETTLED) {
      this.breaker?.record(task, 'failure');
      this.counters.timedOut++;
      task.abort(error);
      task.settle(false, error);
      if (this.hasListeners('taskTimedOut')) {
        this.events.emit('taskTimedOut', { pool: this.name, taskId: task.id, workerId: worker.id, timeout: task.timeoutMs as number });
      }
    } else {
      this.breaker?.record(task, 'ignore'); // cancelled earlier but its code never returned
    }
    if (this.options.backend.abortKillsWorker) {
      // A thread can really be stopped: replace it without counting a crash.
      this.retire(worker, 'timeout');
    } else {
      // In-process code cannot be stopped: abandon the worker, its supervisor starts a fresh one.
      this.crashWorker(worker, error);
    }
    this.afterChange();
  }

  /** Starts queued tasks on idle workers, as far as the breaker allows. */
  private dispatch(): void {
    if (this.queue.size > 0 && this.idle.length === 0 && this.slots < this.options.size) this.grow();
    while (this.idle.length > 0 && this.queue.size > 0 && this.breakerAllows()) {
      const worker = this.idle.pop() as WorkerRecord;
      const task = this.queue.shift() as TaskRecord;
      this.assign(worker);
      this.run(worker, task, now());
    }
    this.afterChange();
  }

  // ------------------------------------------------------------------ cancel / settle

  /** Handle `cancel()` and aborted signals. Arrow: it is passed to every record. */
  private readonly cancelTask = (task: TaskRecord, reason: unknown): boolean => {
    if (task.state === SETTLED) return false;
    this.finishCancelled(task, reason === undefined ? new TaskCancelledError(task.id) : reason);
    this.afterChange();
    return true;
  };

  /** Settles a queued or running task without a result of its own. */
  private finishCancelled(task: TaskRecord, reason: unknown): void {
    if (task.state === QUEUED) {
      this.queue.remove(task);
      this.clearDeadline(task);
    }
    // A running task keeps its worker until its code returns (or times out): never more than `size` run.
    this.counters.cancelled++;
    task.abort(reason);
    task.settle(false, reason);
    if (this.hasListeners('taskCancelled')) this.events.emit('taskCancelled', { pool: this.name, taskId: task.id, reason });
    const worker = task.worker;
    if (this.options.backend.abortKillsWorker && worker !== undefined && worker.task === task) {
      this.breaker?.record(task, 'ignore');
      this.retire(worker, 'abort');
    }
  }

  // ------------------------------------------------------------------ workers (WorkerHost)

  async initResource(workerId: string): Promise<R> {
    return this.options.init === undefined ? (undefined as R) : await this.options.init({ workerId });
  }

  async disposeResource(resource: R, workerId: string): Promise<void> {
    if (this.options.dispose === undefined) return;
    try {
      await this.options.dispose(resource, { workerId });
    } catch (error) {
      this.events.emit('disposeFailed', { pool: this.name, workerId, error });
    }
  }

  workerReady(handle: WorkerHandle<R>): void {
    if (this.phase === 'closed' || this.phase === 'failed') return;
    const ref = handle.ref;
    const worker: WorkerRecord = {
      id: handle.id,
      childId: handle.childId,
      idleSince: Date.now(),
      resource: handle.resource,
      // Only a live worker's actor takes events (a stopped actor would warn).
      send: (event) => {
        if (worker.alive && (ref.getSnapshot() as { status: string }).status === 'active') ref.send(event);
      },
      task: undefined,
      alive: true,
      releasePending: false,
      onFulfilled: (value: unknown) => this.resume(worker, true, value),
      onRejected: (error: unknown) => this.resume(worker, false, error),
    };
    this.workers.set(worker.id, worker);
    this.idle.push(worker);
    this.dispatch(); // also wakes ready() waiters
    this.scheduleRetire();
  }

  /** The pool abandons a worker (timeout, fatal error): its actor goes `crashed` and is replaced. */
  private crashWorker(worker: WorkerRecord, error: unknown): void {
    if (!worker.alive) return;
    if (worker.task !== undefined) this.options.backend.kill?.(worker.resource as R);
    worker.send({ type: 'worker.crash', error });
    const task = this.letGo(worker);
    if (task !== undefined && task.state !== SETTLED) {
      this.breaker?.record(task, 'failure');
      this.counters.failed++;
      const crash = new WorkerCrashError(worker.id, task.id, error);
      task.abort(crash);
      task.settle(false, crash);
      if (this.hasListeners('taskFailed')) this.events.emit('taskFailed', { pool: this.name, taskId: task.id, workerId: worker.id, error: crash });
    }
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
    }
    return task;
  }

  /** The child spec of worker slot `index`. */
  private workerSpec(index: number) {
    return {
      id: `worker-${index}`,
      logic: workerMachine,
      input: { slot: `${this.name}/w${index}`, childId: `worker-${index}`, host: this as WorkerHost<unknown> },
    };
  }

  private async startWorkers(): Promise<Supervisor | undefined> {
    const children = Array.from({ length: this.options.minSize }, (_, i) => this.workerSpec(i));
    this.slots = this.options.minSize;
    this.nextSlot = this.options.minSize;
    const normalized = normalizeSupervisorOptions(
      {
        name: `${this.name}/workers`,
        strategy: 'one_for_one',
        intensity: this.options.intensity,
        period: this.options.period,
        children,
        ...(this.options.inspect === undefined ? {} : { inspect: this.options.inspect }),
      },
      `${this.name}/workers`,
    );
    try {
      const supervisor = await startRootSupervisor(normalized, Supervisor);
      this.supervisor = supervisor;
      supervisor.events.on('childExited', ({ ref, exit }) => {
        if (exit.reason !== 'crashed' && exit.reason !== 'killed') return;
        const workerId = workerIdOf(ref);
        const error = exit.reason === 'crashed' ? exit.error : new Error('worker actor was stopped');
        this.counters.crashes++;
        this.crashedSlots++;
        this.failure = error;
        // A crash the pool did not cause itself (the machinery errored): clean up its task.
        const worker = this.workers.get(workerId);
        if (worker !== undefined) {
          this.crashWorker(worker, error);
          this.afterChange();
        }
        this.events.emit('workerCrashed', { pool: this.name, workerId, error });
      });
      supervisor.events.on('childStartFailed', ({ error }) => (this.failure = error));
      supervisor.events.on('childRestarted', ({ ref }) => {
        this.counters.restarts++;
        if (this.crashedSlots > 0) this.crashedSlots--;
        this.events.emit('workerRestarted', { pool: this.name, workerId: workerIdOf(ref) });
      });
      supervisor.events.on('gaveUp', () => this.fail(this.failure));
      if (this.phase === 'closed' || this.phase === 'failed') void supervisor.stop();
      else {
        this.grow();
        this.afterChange(); // wakes ready() waiters
      }
      return supervisor;
    } catch (error) {
      this.fail(error);
      return undefined;
    }
  }

  // ------------------------------------------------------------------ dynamic size

  /** Adds workers (up to `size`) while queued tasks outnumber the workers still starting. */
  private grow(): void {
    const supervisor = this.supervisor;
    if (supervisor === undefined || (this.phase !== 'running' && this.phase !== 'closing')) return;
    while (this.slots < this.options.size && this.queue.size > this.slots - this.workers.size - this.crashedSlots) {
      const index = this.freeSlots.pop() ?? this.nextSlot++;
      this.slots++;
      supervisor.startChild(this.workerSpec(index)).then(
        (result) => {
          if (!result.ok) this.releaseSlot(index);
        },
        () => this.releaseSlot(index),
      );
    }
  }

  private releaseSlot(index: number): void {
    this.slots--;
    this.freeSlots.push(index);
  }

  /** Retires extra workers that stayed idle for `idleTimeout` (oldest idle first). */
  private scheduleRetire(): void {
    // Count started workers, not slots: a slot still starting must not let the last started worker go.
    if (this.retireTimer !== undefined || this.workers.size <= this.options.minSize || this.idle.length === 0) return;
    const oldest = this.idle[0] as WorkerRecord;
    const delay = Math.max(0, oldest.idleSince + this.options.idleTimeout - Date.now());
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

  /**
   * Stops a worker without counting a crash: its slot is freed (idle) or refilled with a fresh
   * worker (a running task was aborted and its code must stop: threads only).
   */
  private retire(worker: WorkerRecord, reason: 'idle' | 'abort' | 'timeout'): boolean {
    const supervisor = this.supervisor;
    if (!worker.alive || supervisor === undefined) return false;
    this.letGo(worker);
    if (reason !== 'idle') this.options.backend.kill?.(worker.resource as R);
    this.events.emit('workerRetired', { pool: this.name, workerId: worker.id, reason });
    const childId = worker.childId;
    if (reason === 'idle') {
      this.slots--;
      void supervisor
        .terminateChild(childId)
        .then(() => supervisor.deleteChild(childId))
        .then(() => this.freeSlots.push(Number(childId.slice('worker-'.length))), () => undefined);
    } else {
      // Refill the slot while the pool still has work for it: running, or closing with tasks
      // queued that must drain (terminate / close timeout empty the queue first, so no refill).
      void supervisor
        .terminateChild(childId)
        .then(() => (this.phase === 'running' || (this.phase === 'closing' && this.queue.size > 0) ? supervisor.restartChild(childId) : undefined))
        .catch(() => undefined);
    }
    return true;
  }

  /** A backend reports that an idle worker's resource died (a thread exited): replace the worker. */
  reportBroken(workerId: string, error: unknown): void {
    const worker = this.workers.get(workerId);
    if (worker === undefined) return;
    this.crashWorker(worker, error);
    this.afterChange();
  }

  // ------------------------------------------------------------------ lifecycle

  /** See `Pool.close`. */
  close(timeout?: number): Promise<void> {
    if (this.closePromise !== undefined) return this.closePromise;
    if (this.phase === 'failed') return (this.closePromise = this.shutdownActors());
    this.phase = 'closing';
    this.notify({ type: 'pool.closing' });
    this.failWaiters(new PoolClosedError(this.name, 'it closed while the task waited for room'));
    this.closePromise = (async () => {
      const drained = this.whenIdle();
      if (timeout === undefined) {
        await drained;
      } else {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeout)));
        const outcome = await Promise.race([drained, timedOut]);
        clearTimeout(timer);
        if (outcome === 'timeout') this.abortEverything(new PoolClosedError(this.name, `close timed out after ${timeout} ms`));
      }
      await this.shutdownActors();
    })();
    return this.closePromise;
  }

  /** See `Pool.terminate`. */
  terminate(): Promise<void> {
    if (this.phase === 'running') {
      this.phase = 'closing';
      this.notify({ type: 'pool.closing' });
    }
    this.failWaiters(new PoolClosedError(this.name, 'it was terminated'));
    this.abortEverything(new PoolClosedError(this.name, 'it was terminated'));
    if (this.closePromise === undefined) this.closePromise = this.shutdownActors();
    else this.finishClose?.();
    return this.closePromise;
  }

  /** The base signal aborted: close, reject what has not started, abort what runs. */
  private onBaseAbort(reason: unknown): void {
    if (this.phase !== 'running') return;
    void this.close();
    for (const task of this.queue.drain()) this.finishCancelled(task, reason);
    for (const worker of [...this.workers.values()]) {
      const task = worker.task;
      if (task === undefined || task.state === SETTLED) continue;
      // Threads can be stopped: the call rejects with the reason and its thread is terminated.
      // In-process code only sees its signal abort and finishes as it decides.
      if (this.options.backend.abortKillsWorker) this.finishCancelled(task, reason);
      else task.abort(reason);
    }
    this.afterChange();
  }

  /** The pool actor itself was stopped by force. */
  onActorStopped(): void {
    if (this.phase !== 'closed') void this.terminate();
  }

  private whenIdle(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.finishClose = resolve;
      this.waitFor(() => this.queue.size === 0 && this.running === 0, resolve);
    });
  }

  private abortEverything(reason: unknown): void {
    for (const task of this.queue.drain()) this.finishCancelled(task, reason);
    for (const worker of this.workers.values()) {
      const task = worker.task;
      if (task !== undefined && task.state !== SETTLED) this.finishCancelled(task, reason);
    }
    this.afterChange();
  }

  private failWaiters(error: unknown): void {
    for (const waiter of this.spaceWaiters.splice(0)) waiter.fail(error);
  }

  private async shutdownActors(): Promise<void> {
    // Nothing may be retired or reparked once shutting down starts.
    if (this.retireTimer !== undefined) clearTimeout(this.retireTimer);
    this.retireTimer = undefined;
    const supervisor = await this.supervisorStarted;
    this.idle.length = 0;
    // Workers still running abandoned code are stopped with the supervisor; their late results are ignored.
    for (const worker of this.workers.values()) {
      worker.alive = false;
      if (worker.task !== undefined) this.clearDeadline(worker.task);
    }
    if (supervisor !== undefined) await supervisor.stop();
    this.removeBaseAbort?.();
    this.breaker?.stop();
    this.deadlines.clear();
    if (this.retireTimer !== undefined) clearTimeout(this.retireTimer);
    if (this.releaseTimer !== undefined) clearImmediate(this.releaseTimer);
    this.releaseTimer = undefined;
    if (this.phase !== 'failed') {
      this.phase = 'closed';
      this.idle.length = 0;
      // Tasks aborted by terminate / close timeout whose code never returned are abandoned with
      // their workers: nothing runs any more, so onIdle / onEmpty waiters must not hang.
      this.running = 0;
      this.afterChange();
      this.events.emit('closed', { pool: this.name });
      this.notify({ type: 'pool.closed' });
    }
  }

  /** The worker supervisor gave up: reject what waits, refuse what comes. */
  private fail(error: unknown): void {
    if (this.phase === 'failed' || this.phase === 'closed') return;
    this.phase = 'failed';
    const reason = new PoolFailedError(this.name, error);
    this.failWaiters(reason);
    for (const task of this.queue.drain()) this.finishCancelled(task, reason);
    for (const worker of this.workers.values()) {
      const task = worker.task;
      worker.alive = false;
      if (task !== undefined) this.clearDeadline(task);
      if (task !== undefined && task.state !== SETTLED) this.finishCancelled(task, reason);
    }
    this.workers.clear();
    this.idle.length = 0;
    this.running = 0;
    this.deadlines.clear();
    if (this.retireTimer !== undefined) clearTimeout(this.retireTimer);
    if (this.releaseTimer !== undefined) clearImmediate(this.releaseTimer);
    this.releaseTimer = undefined;
    this.events.emit('failed', { pool: this.name, error });
    this.afterChange();
    this.breaker?.stop();
    this.removeBaseAbort?.();
    this.notify({ type: 'pool.failed', error });
  }

  private notify(event: PoolCoreEvent): void {
    if (this.self !== undefined && (this.self.getSnapshot() as { status: string }).status === 'active') this.self.send(event);
  }

  // ------------------------------------------------------------------ circuit

  private onCircuitChange(state: CircuitState, _previous: CircuitState): void {
    if (state === 'open') this.events.emit('circuitOpen', { pool: this.name, retryAt: this.breaker?.retryAt });
    else if (state === 'halfOpen') this.events.emit('circuitHalfOpen', { pool: this.name });
    else this.events.emit('circuitClosed', { pool: this.name });
    if (state !== 'open' && this.phase !== 'failed' && this.phase !== 'closed') this.dispatch();
  }

  // ------------------------------------------------------------------ waiting helpers

  /** Resolves when `ready()` holds; at once if it already does. */
  waitFor(ready: () => boolean, resolve: () => void): void {
    if (ready()) resolve();
    else this.conditionWaiters.push({ ready, resolve });
  }

  /** After anything that can free room or settle tasks: wake waiters. */
  private afterChange(): void {
    while (this.spaceWaiters.length > 0 && this.phase === 'running' && this.hasRoom()) {
      (this.spaceWaiters.shift() as SpaceWaiter).start();
    }
    if (this.conditionWaiters.length > 0) {
      const still: ConditionWaiter[] = [];
      const ready: ConditionWaiter[] = [];
      for (const waiter of this.conditionWaiters) (waiter.ready() ? ready : still).push(waiter);
      this.conditionWaiters = still;
      for (const waiter of ready) waiter.resolve();
    }
    if (this.busySinceDrained && this.running === 0 && this.queue.size === 0) {
      this.busySinceDrained = false;
      if (this.phase !== 'closed') this.events.emit('drained', { pool: this.name });
    }
  }

  private hasRoom(): boolean {
    return this.queue.size < this.options.maxQueueSize || (this.idle.length > 0 && this.queue.size === 0);
  }

  private hasListeners(type: keyof PoolEvents): boolean {
    const all = this.events.all;
    return all.size > 0 && ((all.get(type)?.length ?? 0) > 0 || (all.get('*')?.length ?? 0) > 0);
  }

  /** The initial workers are up (or the pool is past running). */
  get isReady(): boolean {
    return (this.supervisor !== undefined && this.workers.size >= this.options.minSize) || this.phase !== 'running';
  }

  get queuedCount(): number {
    return this.queue.size;
  }

  get runningCount(): number {
    return this.running;
  }

  status(): PoolStatus {
    const state = this.breaker?.state ?? 'closed';
    return {
      idleWorkers: this.idle.length,
      busyWorkers: this.phase === 'failed' || this.phase === 'closed' ? 0 : this.workers.size - this.idle.length,
      crashedWorkers: this.crashedSlots,
      queuedTasks: this.queue.size,
      circuitOpen: state === 'open',
      circuit: state,
      totalTasksExecuted: this.counters.completed,
      totalTasksFailed: this.counters.failed + this.counters.timedOut,
    };
  }

  metrics(): PoolMetrics {
    return {
      size: this.options.size,
      queued: this.queue.size,
      running: this.running,
      ...this.counters,
      runTime: this.runTime.percentiles(),
      waitTime: this.waitTime.percentiles(),
    };
  }

  get handlers(): Record<string, (...args: unknown[]) => unknown> {
    return this.options.handlers;
  }

  /** The last worker error once the pool failed. */
  get failureCause(): unknown {
    return this.failure;
  }

  /** The worker supervisor, once started. */
  get workerSupervisor(): Supervisor | undefined {
    return this.supervisor;
  }
}

function workerIdOf(ref: AnyActorRef): string {
  return (ref.getSnapshot() as { context?: { id?: string } }).context?.id ?? ref.id;
}
