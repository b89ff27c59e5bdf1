/**
 * One queue worker node's state, shared by every incarnation of its BullMQ worker child: the
 * counters, the events, the jobs running now, the circuit as the pool's breaker reports it, and
 * the drain. The children come and go under the node's supervisor; this object stays.
 */
import { Queue, type Worker } from 'bullmq';
import type { Emitter } from 'mitt';
import { createSafeEmitter, listen } from '../../supervisor/emitter.js';
import type { CircuitState } from '../circuit-breaker.js';
import type { PoolHandle } from '../pool/handle.js';
import type { PoolMetrics, PoolStatus } from '../pool/stats.js';
import type { QueueWorkerEvents } from './events.js';
import type { NormalizedQueueWorkerOptions } from './options.js';

/**
 * The node's own counters since it started (its pool's are under `pool`). Each try ends in exactly
 * one of `completed`, `failed`, `timedOut`, `cancelled` (as a pool's tasks do), or is abandoned.
 */
export interface QueueWorkerCounters {
  /** Jobs whose processor returned. */
  completed: number;
  /** Tries that failed with an error, a thread crash or a fatal error (BullMQ also records timeouts and cancels as failed). */
  failed: number;
  /** Tries stopped by their time limit. */
  timedOut: number;
  /** Tries cancelled while they ran. */
  cancelled: number;
  /** Failed, timed-out or cancelled tries that BullMQ's `attempts` try again. */
  retried: number;
  /** Restarts of the BullMQ worker after a crash. */
  restarts: number;
  /** Jobs still running when `close()` ran out of time, left to stalled recovery. */
  abandoned: number;
}

/** The node's lifecycle. */
export type QueueWorkerPhase = 'running' | 'failed' | 'closing' | 'closed';
/** The BullMQ worker child's state. */
export type BullWorkerState = 'starting' | 'running' | 'restarting' | 'stopped';

/** A snapshot of the node: `queueWorker.status()`. */
export interface QueueWorkerStatus {
  node: string;
  queue: string;
  phase: QueueWorkerPhase;
  worker: BullWorkerState;
  /** Whether the BullMQ worker is fetching jobs (false while paused by the circuit or closing). */
  fetching: boolean;
  /** The pool's circuit. */
  circuit: CircuitState;
  /** Epoch ms until which this node rate-limited the queue (0 when it has not). */
  rateLimitedUntil: number;
  /** Jobs running on this node now. */
  active: number;
  /** The pool's status (undefined while the pool restarts). */
  pool: PoolStatus | undefined;
}

/** `queueWorker.metrics()`: the status, the node's counters, and the pool's metrics. */
export interface QueueWorkerMetrics extends Omit<QueueWorkerStatus, 'pool'>, QueueWorkerCounters {
  pool: PoolMetrics | undefined;
}

/** A running job: what cancels it, and which worker incarnation holds it. */
export interface ActiveJob {
  controller: AbortController;
  incarnation: number;
}

const FORCE_CLOSE_MS = 5_000;

/** The abort reason of a job whose worker closed: its outcome is left to BullMQ's stalled recovery. */
export class JobAbandoned extends Error {
  constructor() {
    super('abandoned: the BullMQ worker that held the job closed; stalled recovery will move it back to wait');
    this.name = 'JobAbandoned';
  }
}

export class QueueWorkerNode {
  readonly events: Emitter<QueueWorkerEvents>;
  readonly counters: QueueWorkerCounters = { completed: 0, failed: 0, timedOut: 0, cancelled: 0, retried: 0, restarts: 0, abandoned: 0 };
  readonly active = new Map<string, ActiveJob>();
  phase: QueueWorkerPhase = 'running';
  /** `QueueWorker.close()`'s one run, shared by every handle of this node. */
  closing: Promise<number> | undefined;
  /** Set by `QueueWorker.close()`: such a node never runs again. */
  closedByHandle = false;
  workerState: BullWorkerState = 'starting';
  worker: Worker | undefined;
  pool: PoolHandle<any> | undefined;
  incarnation = 0;
  crashStreak = 0;
  circuit: CircuitState = 'closed';
  fetching = false;
  rateLimitedUntil = 0;
  private circuitWaiters = new Set<() => void>();
  private queueClient: Queue | undefined;
  private drainPromise: Promise<number> | undefined;
  private drainFinished = false;
  private closingController = new AbortController();
  private markDrained: () => void = () => undefined;
  private drained = new Promise<void>((resolve) => (this.markDrained = resolve));
  private markStarted: () => void = () => undefined;
  /** Resolves when the first BullMQ worker is ready, or has failed and waits to restart. */
  readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));

  constructor(readonly options: NormalizedQueueWorkerOptions) {
    this.events = listen(createSafeEmitter<QueueWorkerEvents>(options.onListenerError), options.on);
  }

  get name(): string {
    return this.options.name;
  }

  /** The concurrency BullMQ should run with in the current circuit state. */
  get concurrency(): number {
    return this.circuit === 'halfOpen' ? Math.min(this.options.halfOpenMaxCalls, this.options.size) : this.options.size;
  }

  /** Whether a new worker should hold off fetching (the circuit is open and this node pauses). */
  get holdFetching(): boolean {
    return this.circuit === 'open' && this.options.onCircuitOpen === 'pauseNode';
  }

  /** A worker incarnation began consuming. */
  attach(worker: Worker): void {
    this.worker = worker;
    this.workerState = 'running';
    this.fetching = true;
    this.events.emit('workerStarted', { node: this.name, queue: this.options.queue, incarnation: this.incarnation });
    this.markStarted();
  }

  /** The pool's breaker changed state: pause, resume or rate-limit as `onCircuitOpen` says. */
  onCircuit(state: CircuitState, retryAt?: number): void {
    this.circuit = state;
    if (state === 'open') this.events.emit('circuitOpened', { node: this.name, retryAt });
    else if (state === 'halfOpen') this.events.emit('circuitHalfOpened', { node: this.name });
    else this.events.emit('circuitClosed', { node: this.name });
    const waiters = [...this.circuitWaiters];
    this.circuitWaiters.clear();
    for (const wake of waiters) wake();
    if (this.phase !== 'running') return;
    const worker = this.worker;
    if (this.options.onCircuitOpen === 'rateLimitQueue') {
      if (state === 'open') void this.rateLimitQueue(retryAt);
      return;
    }
    if (worker === undefined || this.workerState !== 'running') return;
    if (state === 'open') {
      if (!this.fetching) return;
      this.fetching = false;
      // `true`: do not wait for the jobs it holds; they finish (or wait for the circuit) on their own.
      worker.pause(true).catch(() => undefined);
      this.events.emit('fetchPaused', { node: this.name, queue: this.options.queue, reason: 'circuitOpen' });
      return;
    }
    worker.concurrency = this.concurrency;
    if (!this.fetching) {
      this.fetching = true;
      worker.resume();
    }
    this.events.emit('fetchResumed', { node: this.name, queue: this.options.queue, concurrency: this.concurrency });
  }

  private async rateLimitQueue(retryAt: number | undefined): Promise<void> {
    const fallback = this.options.circuitBreaker === false ? 30_000 : (this.options.circuitBreaker.cooldown ?? 30_000);
    const duration = Math.max(1, retryAt === undefined ? fallback : retryAt - Date.now());
    this.rateLimitedUntil = Date.now() + duration;
    try {
      if (this.queueClient === undefined) {
        this.queueClient = new Queue(this.options.queue, { connection: this.options.connection, ...(this.options.prefix === undefined ? {} : { prefix: this.options.prefix }) });
        this.queueClient.on('error', () => undefined);
      }
      await this.queueClient.rateLimit(duration);
      this.events.emit('queueRateLimited', { node: this.name, queue: this.options.queue, duration });
    } catch {
      // Redis is away: the breaker stays open and this node holds its jobs at the pool anyway.
    }
  }

  /** Resolves at the next circuit change, or when `signal` aborts. */
  circuitChange(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const wake = () => {
        signal.removeEventListener('abort', wake);
        this.circuitWaiters.delete(wake);
        resolve();
      };
      this.circuitWaiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  private dropController = new AbortController();

  /** A fresh signal for a starting worker incarnation: aborted by {@link dropWorker}. */
  dropSignal(): AbortSignal {
    if (this.dropController.signal.aborted) this.dropController = new AbortController();
    return this.dropController.signal;
  }

  /** Ends the current worker incarnation at once (closed by force, jobs abandoned), without closing the node. */
  dropWorker(): void {
    this.dropController.abort();
  }

  /** The node's supervisor gave up (past `intensity`): nothing runs until a parent restarts it. */
  gaveUp(): void {
    if (this.phase !== 'running') return;
    this.phase = 'failed';
    this.workerState = 'stopped';
    this.fetching = false;
    this.events.emit('failed', { node: this.name, reason: 'reached_max_restart_intensity' });
    this.markStarted();
  }

  /** The BullMQ worker failed: it restarts after `restartIn` ms. */
  crashed(error: unknown, restartIn: number): void {
    this.crashStreak++;
    this.counters.restarts++;
    this.workerState = 'restarting';
    this.fetching = false;
    this.events.emit('workerCrashed', { node: this.name, queue: this.options.queue, error, restartIn });
    this.markStarted();
  }

  /** Aborts the running jobs of one worker incarnation (or all): their results can no longer be written. */
  abandon(incarnation?: number): number {
    let count = 0;
    for (const job of this.active.values()) {
      if (incarnation !== undefined && job.incarnation !== incarnation) continue;
      job.controller.abort(new JobAbandoned());
      count++;
    }
    return count;
  }

  /**
   * Stops fetching, lets the running jobs finish within `timeout` ms, then closes the BullMQ worker
   * (by force past the timeout, so no result is written) and aborts what still runs. Resolves to
   * the number of jobs abandoned to stalled recovery. Called once; later calls share the first.
   */
  drain(timeout: number): Promise<number> {
    this.drainPromise ??= this.drainOnce(timeout);
    return this.drainPromise;
  }

  /**
   * Makes a node that a parent supervisor drained ready to run again, when that parent restarts it
   * (`restartChild`, or a restart of a tree above). A node closed by its own `close()` stays closed.
   */
  reopenIfDrained(): void {
    if (this.closedByHandle) return;
    if (this.phase === 'failed') {
      this.phase = 'running';
      this.workerState = 'starting';
    }
    if (!this.drainFinished) return;
    this.drainFinished = false;
    this.drainPromise = undefined;
    this.closingController = new AbortController();
    this.drained = new Promise<void>((resolve) => (this.markDrained = resolve));
    this.phase = 'running';
    this.workerState = 'starting';
  }

  /** Aborts when the node starts closing. */
  get closingSignal(): AbortSignal {
    return this.closingController.signal;
  }

  /** Resolves when a drain has closed the BullMQ worker. */
  drainDone(): Promise<void> {
    return this.drained;
  }

  private async drainOnce(timeout: number): Promise<number> {
    // A node that gave up stays `failed` while its supervisor stops it.
    if (this.phase === 'running') this.phase = 'closing';
    this.closingController.abort();
    this.events.emit('closing', { node: this.name, timeout });
    for (const wake of [...this.circuitWaiters]) wake();
    const worker = this.worker;
    let abandoned = 0;
    if (worker !== undefined) {
      this.fetching = false;
      const finished = await within(worker.pause(false).then(() => true, () => false), timeout);
      if (finished === true) {
        await within(worker.close().catch(() => undefined), FORCE_CLOSE_MS);
      } else {
        // Past the timeout: close without waiting, so BullMQ writes no result for what still runs,
        // then stop that work. Its jobs stay active in Redis until their locks expire.
        await within(worker.close(true).catch(() => undefined), FORCE_CLOSE_MS);
        abandoned = this.abandon();
      }
    }
    this.workerState = 'stopped';
    this.counters.abandoned += abandoned;
    await this.queueClient?.close().catch(() => undefined);
    this.drainFinished = true;
    this.markDrained();
    this.markStarted();
    return abandoned;
  }

  /** The node's status. */
  status(): QueueWorkerStatus {
    return {
      node: this.name,
      queue: this.options.queue,
      phase: this.phase,
      worker: this.workerState,
      fetching: this.fetching,
      circuit: this.pool?.circuit ?? this.circuit,
      rateLimitedUntil: this.rateLimitedUntil,
      active: this.active.size,
      pool: this.pool?.status(),
    };
  }

  /** The node's status, counters and its pool's metrics. */
  metrics(): QueueWorkerMetrics {
    const status = this.status();
    return { ...status, ...this.counters, pool: this.pool?.metrics() };
  }
}

/**
 * `promise`'s value, or `undefined` if it rejects or takes longer than `ms`.
 *
 * @example
 * ```ts
 * await within(worker.close(true), 5_000); // never waits more than 5 s, never throws
 * ```
 */
export function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}
