/**
 * Shared helpers for the property-based and model-based pool tests.
 */

/** Error a task throws on purpose; counted as a task failure (the worker stays). */
export class TaskError extends Error {
  constructor(message = 'task failed on purpose') {
    super(message);
    this.name = 'TaskError';
  }
}

/** Error the pools under test mark fatal through `isFatal`: the task fails and its worker crashes. */
export class FatalError extends Error {
  constructor(message = 'resource broken on purpose') {
    super(message);
    this.name = 'FatalError';
  }
}

export const isFatal = (error: unknown): boolean => error instanceof FatalError;

/** Real-time sleep. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface Deferred<T = unknown> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
  readonly settled: boolean;
}

/** A promise settled from the outside: tasks, `init` and `dispose` that the test finishes at will. */
export function deferred<T = unknown>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  let settled = false;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return {
    promise,
    resolve: (value) => {
      settled = true;
      resolve(value);
    },
    reject: (error) => {
      settled = true;
      reject(error);
    },
    get settled() {
      return settled;
    },
  };
}

/**
 * Yields to the event loop (`setImmediate`, never faked in these tests) until `ready()` holds,
 * so promise chains and supervisor steps run. Throws after `turns` turns with `what` in the message:
 * the bound is on work done, not on wall-clock time.
 */
export async function until(ready: () => boolean, what: string | (() => string), turns = 2000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (ready()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (!ready()) throw new Error(`gave up waiting for ${typeof what === 'string' ? what : what()}`);
}

/** Lets pending promise callbacks and immediates run (a few event-loop turns). */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
