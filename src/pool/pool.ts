import type { AnyActorRef } from 'xstate';
import { poolMachine } from '../../actors/pool.machine.js';
import { checkSpecArguments, DEFAULT_WORKER_SHUTDOWN_MS, type ChildSpec, type SpecOverrides } from '../../supervisor/child-spec.js';
import { normalizePoolOptions, type Handler, type PoolOptions } from '../pool-options.js';
import type { SubmitOptions, Task, TaskContext, TaskHandle } from '../task-context.js';
import { PoolHandle, lifecycleOf, poolInput, startPool } from './handle.js';
import { submitWhenRoom } from './submit-wait.js';

/** Arguments of `call(name, ...args)`: the handler's parameters without a trailing task context. */
export type CallArgs<F> = F extends (...args: infer P) => unknown ? (P extends [...infer A, TaskContext<any>] ? A : P) : never;
/** What `call(name, ...)` resolves to. */
export type CallResult<F> = F extends (...args: any[]) => infer T ? Awaited<T> : never;

/**
 * A supervised worker pool. Create it with {@link createPool}.
 * `R` is the per-worker resource type, `H` the named handlers.
 */
export class Pool<R = undefined, H extends Record<string, Handler> = Record<string, Handler>> extends PoolHandle<R> {
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
    return submitWhenRoom(this.core, () => this.core.submit(task, options), task, options);
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
    const handlers = this.core.options.handlers;
    const handler = Object.prototype.hasOwnProperty.call(handlers, name) ? handlers[name] : undefined;
    if (typeof handler !== 'function') {
      return Promise.reject(new TypeError(`Pool "${this.name}" has no handler named ${JSON.stringify(name)}.`));
    }
    try {
      return this.core.submit((ctx) => handler(...(args as unknown[]), ctx), undefined, name).result as Promise<CallResult<H[K]>>;
    } catch (error) {
      return Promise.reject(error);
    }
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
  return startPool(normalizePoolOptions<R>(options), Pool<R, H>);
}

/**
 * A child spec that runs a pool under a supervisor: when the pool fails (its workers
 * exhausted their restart intensity) it exits `crashed` and the parent restarts it.
 * Its type is `'supervisor'` (a pool supervises its workers). Its `shutdown` defaults to 5000 ms
 * all the same, not to a supervisor's `'infinity'`: a pool asked to stop first drains its queue,
 * which no child's shutdown bounds, so past that time it is stopped at once (running tasks are
 * aborted, queued ones rejected, workers stopped and their resources released). Give
 * `shutdown: 'infinity'` to let every queued task finish.
 *
 * @example
 * ```ts
 * const root = await startSupervisor({ children: [poolSpec('images', { size: 2 })] });
 * const images = getPool(root.whichChildren()[0].ref)!;
 * root.countChildren(); // { specs: 1, active: 1, supervisors: 1, workers: 0 }
 * ```
 */
export function poolSpec<R = undefined>(
  id: string,
  options: PoolOptions<R>,
  spec: SpecOverrides = {},
): ChildSpec<typeof poolMachine> {
  checkSpecArguments(id, options, spec);
  const input = poolInput(normalizePoolOptions<R>({ name: id, ...options }));
  return { ...spec, shutdown: spec.shutdown ?? DEFAULT_WORKER_SHUTDOWN_MS, type: 'supervisor', id, logic: poolMachine, input };
}

/**
 * The `Pool` handle of an in-process pool actor running under a supervisor (`undefined` for any other
 * actor, a thread pool's included: its handle is `getThreadPool`).
 *
 * @example
 * ```ts
 * const pool = getPool(sup.whichChildren().find((c) => c.id === 'images')?.ref);
 * ```
 */
export function getPool<R = undefined, H extends Record<string, Handler> = Record<string, Handler>>(
  ref: AnyActorRef | 'restarting' | undefined,
): Pool<R, H> | undefined {
  if (ref === undefined || ref === 'restarting') return undefined;
  const lifecycle = lifecycleOf<R>(ref);
  // A thread pool's tasks are named calls into its threads: `getThreadPool` is its handle.
  if (lifecycle === undefined || lifecycle.core.options.backend.kind !== undefined) return undefined;
  return new Pool<R, H>(lifecycle, ref);
}
