import type { ResourceLimits, SHARE_ENV, Transferable } from 'node:worker_threads';
import { PoolHandle, startPool } from '../pool/handle.js';
import { submitWhenRoom } from '../pool/submit-wait.js';
import type { PoolOptions } from '../pool-options.js';
import type { SubmitOptions, TaskContext, TaskHandle } from '../task-context.js';
import type { TaskRecord } from '../task-record.js';
import { THREAD_CALL, type ThreadChannel, type ThreadTask } from './thread-channel.js';
import { setUpThreadPool } from './thread-pool-setup.js';
import type { Isolation } from './worker-link.js';
import { MAX_THREADS } from './thread-pool-options.js';

/**
 * Context a thread handler receives after its arguments: the same names as an in-process task's
 * context (`taskId`, `workerId`, `resource`), plus the thread's id. There is no `signal`: an
 * aborted, cancelled or timed-out call is stopped by terminating its thread, which no code in
 * the thread can ignore. The module's `init` receives {@link ThreadInitInfo}, as an in-process
 * pool's `worker.init` receives `{ workerId }`.
 */
export interface ThreadTaskContext<R = unknown> {
  taskId: string;
  /** The worker (and so the thread) running the call: the pool's `workerId` in events. */
  workerId: string;
  threadId: number;
  /** What the module's `init` returned in this thread. */
  resource: R;
}

/**
 * What the handlers module's `init` export receives when its thread (or process) starts.
 *
 * @example
 * ```ts
 * // handlers.ts
 * export function init({ workerId, workerData }: ThreadInitInfo<{ model: string }>) {
 *   return loadModel(workerData.model);
 * }
 * ```
 */
export interface ThreadInitInfo<D = unknown> {
  workerId: string;
  /** The thread's `threadId`, or the process's pid. */
  threadId: number;
  /** The pool's `workerData` option (a copy), `undefined` without one. */
  workerData: D;
}

type Fn = (...args: any[]) => unknown;

/** Names of the handlers module's exported functions, minus the `init` / `dispose` hooks. */
export type ThreadHandlerName<M> = {
  [K in keyof M]: M[K] extends Fn ? (K extends 'init' | 'dispose' | 'default' ? never : K) : never;
}[keyof M] &
  string;

/** A handler's arguments without a trailing thread context. */
export type ThreadCallArgs<F> = F extends (...args: infer P) => unknown ? (P extends [...infer A, ThreadTaskContext<any>] ? A : P) : never;
/** What calling a handler resolves to (after structured cloning). */
export type ThreadCallResult<F> = F extends (...args: any[]) => infer T ? Awaited<T> : never;

/** Options of `createThreadPool`: the pool's options plus thread settings. */
export interface ThreadPoolOptions extends Omit<PoolOptions<ThreadChannel>, 'handlers' | 'worker' | 'wrap' | 'isFatal' | 'timeoutGrace'> {
  /** Passed to each `new Worker()`: heap sizes and stack. A thread over its limit crashes. */
  resourceLimits?: ResourceLimits;
  /** ms a thread may take to run the module's `dispose` when the pool closes. Default 5000. */
  disposeTimeout?: number;
  /**
   * Sends a busy thread its next queued call while it still runs one, so that it starts that call
   * the moment the current one succeeds instead of waiting for the host to hear the result (the
   * round trip is most of a small call's cost: about 1.5× the tasks/s of small calls). Each thread
   * still runs one call at a time, and a timeout, a crash or a cancel fails only the call that was
   * running: a call sent ahead that has not started goes back to the queue. What it changes: a
   * call sent ahead is not overtaken by a higher `priority` submitted after it, and its
   * `waitTime` ends when the host hears it began. Threads only (a process pool never prefetches);
   * calls with a `transfer` list are never sent ahead.
   * @default true
   * @example createThreadPool(url, { prefetch: false }) // strict priority order, one message per call
   */
  prefetch?: boolean;
  /**
   * Where the handlers run: `'thread'` (a `worker_thread` per worker) or `'process'` (a child
   * process per worker, behind a real wall: an out-of-memory of any kind, a native crash or
   * `process.abort()` ends only that process; `resourceLimits` then takes the heap sizes only).
   * @default 'thread'
   * @example createThreadPool(url, { isolation: 'process', resourceLimits: { maxOldGenerationSizeMb: 256 } })
   */
  isolation?: Isolation;
  /**
   * A value for every thread or process: the module's `init` receives it as `workerData`, and in a
   * thread `import { workerData } from 'node:worker_threads'` reads it too (a process's
   * `worker_threads.workerData` stays null: it is a main thread). Each worker gets its own copy when
   * it starts, by structured clone (a process: by V8's serializer over its IPC channel), so it must
   * be cloneable; a `SharedArrayBuffer` in it is shared with every thread.
   * @default undefined
   * @example createThreadPool(url, { workerData: { model: '/models/small.onnx', threads: 2 } })
   */
  workerData?: unknown;
  /**
   * The environment each worker sees as `process.env`. In a thread it is Node's `Worker` `env`: this
   * object's variables (copied per thread), or `SHARE_ENV` from `node:worker_threads` to share the
   * host's `process.env` itself (a change on either side is seen by both). In a process it is the
   * child's whole environment. Variables set to `undefined` are left out; the others must be strings.
   * @default a copy of the host's `process.env`, taken when each thread or process starts
   * @example createThreadPool(url, { env: { ...process.env, LOG_LEVEL: 'debug' } })
   */
  env?: Readonly<Record<string, string | undefined>> | typeof SHARE_ENV;
  /**
   * Node flags for each worker. A thread passes them as the `Worker`'s `execArgv` (Node refuses V8
   * and process-wide flags there, such as `--max-old-space-size`: use `resourceLimits`); a process
   * runs `node <execArgv> -e <entry>`, with `resourceLimits`' flags after these. Flags that would run
   * something else (`-e`, `-p`, `--test`, `--watch`, ...) are refused.
   * @default the host's `process.execArgv`: a thread inherits it (Node's default); a process too, as
   * `fork()` does, less the flags that would run something else, the inspector's (the host holds its
   * port) and tsx's loader unless the handlers module is TypeScript
   * @example createThreadPool(url, { isolation: 'process', execArgv: ['--enable-source-maps', '--inspect=9230'] })
   */
  execArgv?: readonly string[];
}

/** Per-call options: the task options plus `transfer`. */
export interface ThreadCallOptions extends SubmitOptions {
  /** ArrayBuffers / MessagePorts to move into the thread instead of copying (detached here afterwards). */
  transfer?: readonly Transferable[];
}

/**
 * A supervised pool of `worker_threads`: each worker actor owns one thread that runs the
 * handlers module. Same lifecycle, breaker, supervisor, metrics and events as `Pool`; tasks are
 * named calls because functions cannot cross a thread boundary. A thread that exits mid-task
 * fails that task with `WorkerCrashError` and is replaced; a timeout or an abort terminates it.
 */
export class ThreadPool<M = Record<string, Fn>> extends PoolHandle<ThreadChannel> {
  /** @internal `resize()` holds a thread pool to `MAX_THREADS`, as `createThreadPool` does. */
  protected override get sizeCap(): number {
    return MAX_THREADS;
  }

  /**
   * Calls the module's function `name` in a thread.
   *
   * @example
   * ```ts
   * const pool = createThreadPool<typeof import('./hash.js')>(new URL('./hash.js', import.meta.url));
   * const digest = await pool.call('sha256', 'hello'); // typed from the module
   * ```
   */
  call<K extends ThreadHandlerName<M>>(name: K, ...args: ThreadCallArgs<M[K]>): Promise<ThreadCallResult<M[K]>> {
    return this.run(name, args);
  }

  /**
   * Like `call`, with task options (`signal`, `timeout`, `priority`, `transfer`).
   *
   * @example
   * ```ts
   * const buf = new ArrayBuffer(1 << 20);
   * await pool.run('checksum', [buf], { transfer: [buf], timeout: 1000 }); // buf is detached now
   * ```
   */
  run<K extends ThreadHandlerName<M>>(name: K, args: ThreadCallArgs<M[K]>, options?: ThreadCallOptions): Promise<ThreadCallResult<M[K]>> {
    try {
      return this.submit(name, args, options).result;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Submits a call without waiting; throws synchronously on refusal, as `Pool.submit`.
   *
   * @example
   * ```ts
   * const handle = pool.submit('resize', [image]);
   * handle.cancel(); // terminates the thread if it already runs
   * ```
   */
  submit<K extends ThreadHandlerName<M>>(name: K, args: ThreadCallArgs<M[K]>, options?: ThreadCallOptions): TaskHandle<ThreadCallResult<M[K]>> {
    return this.core.submit(this.taskFor(name, args, options?.transfer), options, name) as TaskHandle<ThreadCallResult<M[K]>>;
  }

  /**
   * Waits for room in the queue, then submits (as `Pool.submitWait`).
   *
   * @example
   * ```ts
   * for (const file of files) await pool.submitWait('hashFile', [file]);
   * ```
   */
  submitWait<K extends ThreadHandlerName<M>>(
    name: K,
    args: ThreadCallArgs<M[K]>,
    options?: ThreadCallOptions,
  ): Promise<TaskHandle<ThreadCallResult<M[K]>>> {
    try {
      const task = this.taskFor(name, args, options?.transfer);
      return submitWhenRoom(this.core, () => this.core.submit(task, options, name) as TaskHandle<ThreadCallResult<M[K]>>, task, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private taskFor(name: string, args: readonly unknown[], transfer: readonly Transferable[] | undefined) {
    if (typeof name !== 'string') throw new TypeError(`Thread pool "${this.name}": a handler name must be a string.`);
    if (!Array.isArray(args)) throw new TypeError(`Thread pool "${this.name}": args must be an array.`);
    // The context a pool hands its task is the task's own record: the call is named by its number.
    const task = (ctx: TaskContext<ThreadChannel>) => ctx.resource.call(name, args as unknown[], transfer, ctx as unknown as TaskRecord);
    // What a reservation sends ahead (see thread-pool-setup.ts).
    (task as ThreadTask)[THREAD_CALL] = { name, args: args as unknown[], transfer };
    return task;
  }
}

/**
 * Creates a pool of worker threads running `module` (an ESM or CJS file, or TypeScript when the
 * application runs under tsx: a `URL` or a path, relative paths resolved from the current
 * directory). Its exported functions are the handlers; optional `init` / `dispose` exports create
 * and release a per-thread resource. `size` defaults to the machine's available parallelism (or
 * `OVERSEER_POOL_SIZE`). Bad options throw `InvalidOptionError` naming the option; nothing starts.
 *
 * @example
 * ```ts
 * import type * as Handlers from './handlers.js';
 * const pool = createThreadPool<typeof Handlers>(new URL('./handlers.js', import.meta.url), { size: { min: 1, max: 4, idleTimeout: 10_000 } });
 * console.log(await pool.call('fib', 30));
 * await pool.close();
 * ```
 */
export function createThreadPool<M = Record<string, Fn>>(module: string | URL, options: ThreadPoolOptions = {}): ThreadPool<M> {
  const { normalized, onOpen } = setUpThreadPool(module, options as Record<string, unknown>);
  return startPool(normalized, ThreadPool<M>, onOpen);
}
