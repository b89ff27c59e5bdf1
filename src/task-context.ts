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
  /** Run-time limit in ms for this task, or `false`; overrides `taskTimeout`. */
  timeout?: number | false;
  /** Higher runs first; FIFO within a priority. Default 0. */
  priority?: number;
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
