import type { RetryOptions } from './pool/policy-options.js';

/**
 * What a task receives. `signal` aborts on the submitter's signal, the task timeout,
 * `cancel()`, the pool's base signal, and `close({ timeout })` / `terminate()`.
 *
 * @example
 * ```ts
 * pool.run(async ({ signal, resource }) => resource.query('select 1', { signal }));
 * ```
 */
export interface TaskContext<R = unknown> {
  readonly signal: AbortSignal;
  readonly taskId: string;
  readonly workerId: string;
  /** The worker's resource from `worker.init` (undefined without one). */
  readonly resource: R;
}

/** A unit of work for the pool. */
export type Task<T, R = unknown> = (ctx: TaskContext<R>) => T | Promise<T>;

/** Per-task options of `submit` / `run` / `submitWait`. */
export interface SubmitOptions {
  /** Aborting it cancels the task (queued: removed; running: its promise rejects with the reason). */
  signal?: AbortSignal;
  /**
   * Deadline in ms from submission, or `false` for none; overrides `taskTimeout` for this task.
   * It covers the wait in the queue too: a task still queued (or held by an open circuit) when it
   * passes rejects with `TaskTimeoutError` without running; a running one is handled as a timeout.
   * With `retry`, each try gets the whole `timeout` again, from when it joins the queue: bound
   * the total with `signal: AbortSignal.timeout(ms)` instead.
   */
  timeout?: number | false;
  /** Higher runs first; FIFO within a priority (a thread pool with `prefetch` keeps it per thread only: see docs/threads.md). Default 0. */
  priority?: number;
  /**
   * What kind of task this is (a job name, a route): carried by the task's events and used as the
   * `overseer.task.label` attribute of its metrics. Keep the set of labels small: each one is a
   * time series. A thread pool's `call(name)` uses the handler's name unless given one.
   * @default undefined (in-process `call(name)`: the handler's name)
   * @example pool.run(sendMail, { label: 'mail' })
   */
  label?: string;
  /**
   * Tries this task again when it fails or times out; replaces the pool's `retry`, and `false`
   * turns the pool's off for this task. See {@link RetryOptions}.
   * @default the pool's `retry` (none unless set)
   * @example pool.run(charge, { retry: { attempts: 3, backoff: { type: 'fixed', delay: 500 } } })
   */
  retry?: RetryOptions | false;
}

/**
 * A submitted task.
 *
 * @example
 * ```ts
 * const handle = pool.submit(task);
 * handle.cancel(new Error('user left'));
 * await handle.result.catch(() => {});
 * ```
 */
export interface TaskHandle<T> {
  readonly id: string;
  /** Settles exactly once. Created on first access, so fire-and-forget tasks never raise unhandled rejections. */
  readonly result: Promise<T>;
  /** Cancels the task; returns false when it had already settled. */
  cancel(reason?: unknown): boolean;
}
