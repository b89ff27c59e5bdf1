import type { AnyActorRef } from 'xstate';
import type { Emitter } from 'mitt';
import type { Supervisor } from '../supervisor/supervisor.js';
import type { CircuitState } from './circuit-breaker.js';
import type { PoolCore, PoolMetrics, PoolPhase, PoolStatus } from './pool-core.js';
import type { PoolEvents } from './pool-events.js';

/**
 * What every pool offers, whatever runs its tasks (in-process functions or threads):
 * lifecycle, status, metrics, events, circuit controls and back-pressure helpers.
 */
export abstract class PoolBase<R = unknown> {
  /** @internal */
  constructor(
    protected readonly core: PoolCore<R>,
    /** The pool's root actor (the pool machine), for inspection. */
    readonly actor: AnyActorRef,
  ) {}


  get name(): string {
    return this.core.name;
  }

  /** Typed events; see {@link PoolEvents}. */
  get events(): Emitter<PoolEvents> {
    return this.core.events;
  }

  /** `running`, `closing`, `closed` or `failed`. */
  get phase(): PoolPhase {
    return this.core.phase;
  }

  /** The breaker machine's actor (undefined with `circuitBreaker: false`). */
  get breakerActor(): AnyActorRef | undefined {
    return this.core.breaker?.actor;
  }

  /** The supervisor that restarts crashed workers one_for_one (once started). */
  get workerSupervisor(): Supervisor | undefined {
    return this.core.workerSupervisor;
  }

  /**
   * Stops accepting, lets running and queued tasks finish, then stops the workers. With
   * `timeout`, running tasks are aborted and unstarted ones rejected with `PoolClosedError`
   * when it passes. Idempotent: a second call returns the same promise.
   *
   * @example
   * ```ts
   * process.on('SIGTERM', () => pool.close({ timeout: 10_000 }));
   * ```
   */
  close(options: { timeout?: number } = {}): Promise<void> {
    const timeout = options.timeout;
    if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout >= 0))) {
      return Promise.reject(new TypeError(`close timeout must be a number of ms >= 0, got ${String(timeout)}.`));
    }
    return this.core.close(timeout);
  }

  /**
   * Rejects queued tasks, aborts running ones, stops the workers: now.
   *
   * @example
   * ```ts
   * await pool.terminate();
   * ```
   */
  terminate(): Promise<void> {
    return this.core.terminate();
  }

  /**
   * A snapshot in the PhoenixGenApi seed's shape.
   *
   * @example
   * ```ts
   * pool.status(); // { idleWorkers: 3, busyWorkers: 7, crashedWorkers: 0, queuedTasks: 12, circuit: 'closed', ... }
   * ```
   */
  status(): PoolStatus {
    return this.core.status();
  }

  /**
   * Counters and run/wait-time percentiles (ms) from a fixed-memory histogram.
   *
   * @example
   * ```ts
   * const { completed, runTime } = pool.metrics();
   * console.log(completed, runTime.p99);
   * ```
   */
  metrics(): PoolMetrics {
    return this.core.metrics();
  }

  /** The circuit's state (`closed` when the breaker is disabled). */
  get circuit(): CircuitState {
    return this.core.breaker?.state ?? 'closed';
  }

  /**
   * Forces the circuit open (e.g. a deploy of the downstream); it half-opens after the cooldown.
   *
   * @example
   * ```ts
   * pool.openCircuit();
   * ```
   */
  openCircuit(): void {
    this.core.breaker?.forceOpen();
  }

  /**
   * Resets the circuit to closed.
   *
   * @example
   * ```ts
   * pool.resetCircuit();
   * ```
   */
  resetCircuit(): void {
    this.core.breaker?.reset();
  }

  /**
   * Resolves once the initial workers (`size`, or `size.min`) have finished `init` — or at once
   * if the pool has already closed or failed. Tasks submitted before then simply queue; a
   * hand-off pool (`maxQueueSize: 0`) refuses them, so await this first.
   *
   * @example
   * ```ts
   * const pool = createPool({ size: 4, maxQueueSize: 0 });
   * await pool.ready();
   * pool.submit(task); // runs at once on an idle worker
   * ```
   */
  ready(): Promise<void> {
    return new Promise((resolve) => this.core.waitFor(() => this.core.isReady, resolve));
  }

  /**
   * Resolves when the queue is empty and no task runs (at once if so already).
   *
   * @example
   * ```ts
   * await pool.onIdle();
   * ```
   */
  onIdle(): Promise<void> {
    return new Promise((resolve) => this.core.waitFor(() => this.core.queuedCount === 0 && this.core.runningCount === 0, resolve));
  }

  /**
   * Resolves when the queue is empty (tasks may still run).
   *
   * @example
   * ```ts
   * await pool.onEmpty();
   * ```
   */
  onEmpty(): Promise<void> {
    return new Promise((resolve) => this.core.waitFor(() => this.core.queuedCount === 0, resolve));
  }

  /**
   * Resolves when fewer than `limit` tasks are queued.
   *
   * @example
   * ```ts
   * await pool.onSizeLessThan(100); // then submit more
   * ```
   */
  onSizeLessThan(limit: number): Promise<void> {
    return new Promise((resolve) => this.core.waitFor(() => this.core.queuedCount < limit, resolve));
  }
}
