import type { AnyActorRef } from 'xstate';
import type { Emitter } from 'mitt';
import { poolHostOf, poolMachine, type PoolMachineInput } from '../../actors/pool.machine.js';
import { startRootActor } from '../../supervisor/root.js';
import { currentIncarnation } from '../../supervisor/incarnations.js';
import type { Supervisor } from '../../supervisor/supervisor.js';
import type { CircuitState } from '../circuit-breaker.js';
import type { NormalizedPoolOptions, PoolSizeRange } from '../pool-options.js';
import type { PoolEvents } from './events.js';
import { PoolLifecycle } from './lifecycle.js';
import { pausePool, resizePool, resumePool } from './controls.js';
import { PoolCore } from './pool-core.js';
import { statusOf, type PoolMetrics, type PoolPhase, type PoolStatus } from './stats.js';
import { describeValue } from '../../supervisor/errors.js';
import { checkOptions } from '../../supervisor/option-keys.js';
import { listen } from '../../supervisor/emitter.js';

/**
 * What every pool offers, whatever runs its tasks (in-process functions or threads):
 * lifecycle, status, metrics, events, circuit controls and back-pressure helpers.
 */
export abstract class PoolHandle<R = unknown> {
  /** @internal */
  constructor(
    private readonly originLifecycle: PoolLifecycle<R>,
    private readonly origin: AnyActorRef,
  ) {
    this.supervised = (origin as { _parent?: unknown })._parent !== undefined;
  }

  /** A child of some actor (a supervisor may restart it): its handle follows incarnations. A root pool never has one. */
  private readonly supervised: boolean;

  /**
   * The pool machine's actor; its children are the breaker and the worker supervisor. A handle of
   * a supervised pool follows its restarts: this is always the current incarnation's actor.
   *
   * @example
   * ```ts
   * pool.actor.getSnapshot().value; // 'running'
   * ```
   */
  get actor(): AnyActorRef {
    return currentIncarnation(this.origin);
  }

  /** @internal The current incarnation's lifecycle. */
  protected get lifecycle(): PoolLifecycle<R> {
    if (!this.supervised) return this.originLifecycle;
    const actor = currentIncarnation(this.origin);
    return actor === this.origin ? this.originLifecycle : (lifecycleOf<R>(actor) ?? this.originLifecycle);
  }

  /** @internal */
  protected get core(): PoolCore<R> {
    return this.lifecycle.core;
  }

  /**
   * The pool's name (from options, or `pool-<nanoid>`).
   *
   * @example
   * ```ts
   * createPool({ name: 'images' }).name; // 'images'
   * ```
   */
  get name(): string {
    return this.core.name;
  }

  /**
   * Typed events; see {@link PoolEvents}.
   *
   * @example
   * ```ts
   * pool.events.on('workerCrashed', ({ workerId, error }) => log.warn(workerId, error));
   * ```
   */
  get events(): Emitter<PoolEvents> {
    return this.core.events;
  }

  /**
   * The pool machine's phase: `running`, `closing`, `closed` or `failed`.
   *
   * @example
   * ```ts
   * if (pool.phase === 'failed') await restartSomehow();
   * ```
   */
  get phase(): PoolPhase {
    return this.core.phase;
  }

  /**
   * The breaker machine's actor, a child of `actor` (undefined with `circuitBreaker: false`).
   *
   * @example
   * ```ts
   * pool.breakerActor?.getSnapshot().value; // 'closed'
   * ```
   */
  get breakerActor(): AnyActorRef | undefined {
    return this.core.breaker?.actor;
  }

  /**
   * The supervisor that restarts crashed workers one_for_one (once started), a child of `actor`.
   *
   * @example
   * ```ts
   * pool.workerSupervisor?.countChildren().active; // started workers
   * ```
   */
  get workerSupervisor(): Supervisor | undefined {
    return this.core.slots?.workerSupervisor;
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
    // A bad argument rejects (never throws): `close` is awaited in shutdown paths.
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      return Promise.reject(new TypeError(`close options must be an object like { timeout }, got ${describeValue(options)}.`));
    }
    try {
      checkOptions(options, 'close options', ['timeout']);
    } catch (error) {
      return Promise.reject(error);
    }
    const timeout = options.timeout;
    if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout >= 0))) {
      return Promise.reject(new TypeError(`close timeout must be a number of ms >= 0 (Infinity: wait for ever), got ${describeValue(timeout)}.`));
    }
    this.command({ type: 'pool.close', ...(timeout === undefined ? {} : { timeout }) });
    return this.lifecycle.stopped;
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
    this.command({ type: 'pool.terminate' });
    return this.lifecycle.stopped;
  }

  /** Sends the pool machine a command, unless it has already stopped (closed or failed). */
  private command(event: { type: 'pool.close'; timeout?: number } | { type: 'pool.terminate' }): void {
    if (this.actor.getSnapshot().status === 'active') this.actor.send(event);
  }

  /**
   * What the pool is doing now: phase, circuit, workers by state, queued and running tasks.
   * The same keys mean the same things in `metrics()`.
   *
   * @example
   * ```ts
   * pool.status(); // { phase: 'running', circuit: 'closed', size: 10, idleWorkers: 3, busyWorkers: 7, queued: 12, ... }
   * ```
   */
  status(): PoolStatus {
    return statusOf(this.core);
  }

  /**
   * `status()` plus the counters since start (accepted, completed, failed, timedOut, cancelled,
   * rejected, crashes, restarts) and run/wait-time percentiles (ms) from a fixed-memory histogram.
   *
   * @example
   * ```ts
   * const { completed, runTime } = pool.metrics();
   * console.log(completed, runTime.p99);
   * ```
   */
  metrics(): PoolMetrics {
    return this.core.stats.metrics(statusOf(this.core));
  }

  /**
   * The circuit's state (`closed` when the breaker is disabled).
   *
   * @example
   * ```ts
   * if (pool.circuit === 'open') return reply(503);
   * ```
   */
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
   * Holds every queued task until `resume()`: no task starts, running ones finish, and
   * submissions still queue (up to `maxQueueSize`). `close()` resumes a paused pool to drain it.
   * Emits `paused`; a second call does nothing. `status().paused` tells.
   *
   * @example
   * ```ts
   * pool.pause();   // the downstream is being migrated
   * await migrate();
   * pool.resume();
   * ```
   */
  pause(): void {
    pausePool(this.core);
  }

  /**
   * Lets queued tasks start again after `pause()`. Emits `resumed`; does nothing if not paused.
   *
   * @example
   * ```ts
   * pool.resume();
   * ```
   */
  resume(): void {
    resumePool(this.core);
  }

  /**
   * Changes the pool's size at run time, as the `size` option: a number (a fixed pool: new
   * workers start now) or `{ min, max, idleTimeout }`. Shrinking retires idle workers now and
   * busy ones when their task ends; no task is cut short. Emits `resized`. Throws
   * `InvalidOptionError` for a bad size and `PoolClosedError` once the pool is closing.
   *
   * @example
   * ```ts
   * pool.resize(32);             // peak hours
   * pool.resize({ min: 2, max: 8 });
   * ```
   */
  resize(size: number | PoolSizeRange): void {
    resizePool(this.core, size, this.sizeCap);
  }

  /** @internal The most workers this kind of pool may have (a thread pool caps its threads). */
  protected get sizeCap(): number {
    return Infinity;
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
   * if the pool is past running: recovering (it refuses work until its backoff ends), closing,
   * closed or failed. Tasks submitted before then simply queue; a
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
    const core = this.core;
    // The initial workers are up, or the pool is past running.
    const isReady = () => (core.slots?.workerSupervisor !== undefined && core.workers.size >= core.options.minSize) || core.phase !== 'running';
    return new Promise((resolve) => core.waiters.waitFor(isReady, resolve));
  }

  /**
   * Resolves when the queue is empty, no task runs and none waits to be tried again (at once if so already).
   *
   * @example
   * ```ts
   * await pool.onIdle();
   * ```
   */
  onIdle(): Promise<void> {
    const core = this.core;
    return new Promise((resolve) => core.waiters.waitFor(() => core.queue.size === 0 && core.running === 0 && core.retries.size === 0, resolve));
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
    return new Promise((resolve) => this.core.waiters.waitFor(() => this.core.queued === 0, resolve));
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
    // A limit the queue can never go below would wait for ever.
    if (typeof limit !== 'number' || !(limit >= 1)) {
      return Promise.reject(new TypeError(`onSizeLessThan: limit must be a number >= 1, got ${describeValue(limit)}.`));
    }
    return new Promise((resolve) => this.core.waiters.waitFor(() => this.core.queued < limit, resolve));
  }
}

/**
 * The pool machine's input for `normalized`: every incarnation (a restart by a parent supervisor
 * opens a new one) gets a fresh data plane, with the `on` listeners subscribed before its first
 * worker starts. `onOpen` sees each new core (the thread backend wires its thread-exit reports to it).
 */
export function poolInput<R>(normalized: NormalizedPoolOptions<R>, onOpen?: (core: PoolCore<R>) => void): PoolMachineInput {
  return {
    name: normalized.name,
    open: (self) => {
      const core = new PoolCore(normalized);
      listen(core.events, normalized.on);
      onOpen?.(core);
      return new PoolLifecycle(core, self);
    },
  };
}

/** Starts a pool as a root actor and returns its handle: the one bootstrap of every pool. */
export function startPool<R, P>(
  normalized: NormalizedPoolOptions<R>,
  Handle: new (lifecycle: PoolLifecycle<R>, actor: AnyActorRef) => P,
  onOpen?: (core: PoolCore<R>) => void,
): P {
  const actor = startRootActor(poolMachine, poolInput(normalized, onOpen), normalized.inspect);
  return new Handle(lifecycleOf<R>(actor) as PoolLifecycle<R>, actor);
}

/** The lifecycle behind a pool actor, or undefined for any other actor. */
export function lifecycleOf<R>(ref: AnyActorRef): PoolLifecycle<R> | undefined {
  const host = poolHostOf(ref);
  return host instanceof PoolLifecycle ? (host as PoolLifecycle<R>) : undefined;
}
