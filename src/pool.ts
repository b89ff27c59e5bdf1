import { createActor, type Actor, type AnyActorRef } from 'xstate';
import type { Emitter } from 'mitt';
import { poolMachine } from '../actors/pool.machine.js';
import type { ChildSpec } from '../supervisor/child-spec.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import type { CircuitState } from './circuit-breaker.js';
import type { PoolCore, PoolMetrics, PoolPhase, PoolStatus } from './pool-core.js';
import type { PoolEvents } from './pool-events.js';
import { normalizePoolOptions, type Handler, type PoolOptions } from './pool-options.js';
import type { SubmitOptions, Task, TaskContext, TaskHandle } from './task-context.js';

/** Arguments of `call(name, ...args)`: the handler's parameters without a trailing task context. */
export type CallArgs<F> = F extends (...args: infer P) => unknown ? (P extends [...infer A, TaskContext<any>] ? A : P) : never;
/** What `call(name, ...)` resolves to. */
export type CallResult<F> = F extends (...args: any[]) => infer T ? Awaited<T> : never;

/**
 * A supervised worker pool. Create it with {@link createPool}.
 * `R` is the per-worker resource type, `H` the named handlers.
 */
export class Pool<R = undefined, H extends Record<string, Handler> = Record<string, Handler>> {
  /** @internal */
  constructor(
    private readonly core: PoolCore<R>,
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
   * Submits a task without waiting. Throws synchronously `QueueFullError`, `CircuitOpenError`,
   * `PoolClosedError`, `PoolFailedError`, or a `TypeError` for a non-function.
   *
   * @example
   * ```ts
   * const handle = pool.submit(async ({ signal }) => fetch(url, { signal }), { priority: 1 });
   * const response = await handle.result;
   * ```
   */
  submit<T>(task: Task<T, R>, options?: SubmitOptions): TaskHandle<T> {
    return this.core.submit(task, options);
  }

  /**
   * Submits and awaits the result; every refusal arrives as a rejection.
   *
   * @example
   * ```ts
   * const n = await pool.run(() => 40 + 2); // 42
   * ```
   */
  run<T>(task: Task<T, R>, options?: SubmitOptions): Promise<T> {
    try {
      return this.core.submit(task, options).result;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Waits (FIFO among waiters) until the queue has room, then submits. Rejects with
   * `PoolClosedError` if the pool closes first, or the signal's reason if it aborts.
   *
   * @example
   * ```ts
   * for (const job of jobs) await pool.submitWait(() => handle(job)); // back-pressure, never QueueFullError
   * ```
   */
  submitWait<T>(task: Task<T, R>, options?: SubmitOptions): Promise<TaskHandle<T>> {
    return this.core.submitWait(task, options);
  }

  /**
   * Runs a named handler with `args` (the task context is passed after them).
   *
   * @example
   * ```ts
   * const pool = createPool({ handlers: { add: (a: number, b: number) => a + b } });
   * await pool.call('add', 1, 2); // 3
   * ```
   */
  call<K extends keyof H & string>(name: K, ...args: CallArgs<H[K]>): Promise<CallResult<H[K]>> {
    const handlers = this.core.handlers;
    const handler = Object.prototype.hasOwnProperty.call(handlers, name) ? handlers[name] : undefined;
    if (typeof handler !== 'function') {
      return Promise.reject(new TypeError(`Pool "${this.name}" has no handler named ${JSON.stringify(name)}.`));
    }
    return this.run((ctx) => handler(...(args as unknown[]), ctx)) as Promise<CallResult<H[K]>>;
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

/**
 * Creates and starts a supervised worker pool. Invalid options throw an
 * `InvalidOptionError` naming the option; nothing is started.
 *
 * @example
 * ```ts
 * const pool = createPool({
 *   size: 4,
 *   taskTimeout: 5_000,
 *   circuitBreaker: { failureThreshold: 5, cooldown: 10_000 },
 *   worker: { init: () => openConnection(), dispose: (conn) => conn.close() },
 * });
 * const rows = await pool.run(({ resource, signal }) => resource.query('select 1', { signal }));
 * await pool.close();
 * ```
 */
export function createPool<R = undefined, H extends Record<string, Handler> = Record<string, Handler>>(
  options: PoolOptions<R, H> = {},
): Pool<R, H> {
  const normalized = normalizePoolOptions<R>(options);
  const actor: Actor<typeof poolMachine> = createActor(poolMachine, {
    input: normalized as never,
    ...(normalized.inspect === undefined ? {} : { inspect: normalized.inspect }),
  });
  actor.subscribe({ error: () => undefined }); // never rethrow into the host
  actor.start();
  return new Pool<R, H>(actor.getSnapshot().context.core as unknown as PoolCore<R>, actor);
}

/**
 * A child spec that runs a pool under a supervisor: when the pool fails (its workers
 * exhausted their restart intensity) it exits `crashed` and the parent restarts it.
 *
 * @example
 * ```ts
 * const root = await startSupervisor({ children: [poolSpec('images', { size: 2 })] });
 * const images = getPool(root.whichChildren()[0].ref)!;
 * ```
 */
export function poolSpec<R = undefined>(
  id: string,
  options: PoolOptions<R>,
  spec: Omit<ChildSpec, 'id' | 'logic' | 'input'> = {},
): ChildSpec<typeof poolMachine> {
  const input = normalizePoolOptions<R>({ name: id, ...options });
  return { ...spec, id, logic: poolMachine, input: input as never };
}

/**
 * The `Pool` handle of a pool actor running under a supervisor.
 *
 * @example
 * ```ts
 * const pool = getPool(sup.whichChildren().find((c) => c.id === 'images')?.ref);
 * ```
 */
export function getPool<R = undefined, H extends Record<string, Handler> = Record<string, Handler>>(
  ref: AnyActorRef | 'restarting' | undefined,
): Pool<R, H> | undefined {
  if (ref === undefined || ref === 'restarting' || (ref as { logic?: unknown }).logic !== poolMachine) return undefined;
  const core = (ref.getSnapshot() as { context?: { core?: PoolCore<R> } }).context?.core;
  return core === undefined ? undefined : new Pool<R, H>(core, ref);
}
