import type { WorkerRecord } from '../task-record.js';

/**
 * Hands the value a task's code returned to its worker's settle callbacks once it settles, and
 * says whether it will: `false` for a plain value (the caller finishes the run at once).
 *
 * A native promise calls one callback once, so it is followed directly. Anything else with a
 * `then` is adopted by a native promise first: a foreign thenable may call both of its callbacks,
 * call one twice or throw, and a worker's callbacks must hear exactly one outcome, or a stray
 * second call would settle the worker's next task. A `then` getter that throws fails the task.
 *
 * @example
 * ```ts
 * const result = task.fn(task);
 * if (!followResult(result, worker)) finishRun(worker, task, true, result);
 * ```
 */
export function followResult(result: unknown, worker: WorkerRecord): boolean {
  if (result instanceof Promise && result.constructor === Promise) {
    result.then(worker.onFulfilled, worker.onRejected);
    return true;
  }
  if (result === null || (typeof result !== 'object' && typeof result !== 'function')) return false;
  let then: unknown;
  try {
    then = (result as { then?: unknown }).then;
  } catch (error) {
    Promise.reject(error).then(undefined, worker.onRejected);
    return true;
  }
  if (typeof then !== 'function') return false;
  new Promise<unknown>((resolve, reject) => {
    (then as (onFulfilled: (value: unknown) => void, onRejected: (error: unknown) => void) => unknown).call(result, resolve, reject);
  }).then(worker.onFulfilled, worker.onRejected);
  return true;
}
