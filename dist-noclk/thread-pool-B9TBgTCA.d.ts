import { ResourceLimits, SHARE_ENV, Transferable } from 'node:worker_threads';
import { O as OverseerError, e as PoolOptions, f as SubmitOptions, P as PoolHandle, T as TaskHandle } from './handle-B2PbfEt1.js';

/**
 * The pool's typed errors. They extend {@link OverseerError} from the supervisor layer, so one
 * `instanceof OverseerError` (or a check of `code`) covers every error overseer creates.
 */

/**
 * The pool refused a task because its queue is at `maxQueueSize` (PhoenixGenApi's
 * `queue_full`, ion's `IsQueueFull`, kashvi's `ErrPoolFull`).
 *
 * @example
 * ```ts
 * try { pool.submit(task); } catch (err) { if (err instanceof QueueFullError) reply(429); }
 * ```
 */
declare class QueueFullError extends OverseerError {
    readonly pool: string;
    readonly maxQueueSize: number;
    constructor(pool: string, maxQueueSize: number);
}
/**
 * The pool's circuit breaker is open (or half-open with every probe slot taken).
 * `retryAt` is the epoch ms at which it goes half-open, when known.
 *
 * @example
 * ```ts
 * catch (err) { if (err instanceof CircuitOpenError) setTimeout(retry, err.retryAt! - Date.now()); }
 * ```
 */
declare class CircuitOpenError extends OverseerError {
    readonly pool: string;
    readonly state: 'open' | 'halfOpen';
    readonly retryAt: number | undefined;
    constructor(pool: string, state: 'open' | 'halfOpen', retryAt: number | undefined);
}
/**
 * The pool is closing or closed: the task was refused, or it had not started when
 * `close({ timeout })` ran out or `terminate()` was called.
 *
 * @example
 * ```ts
 * await pool.close();
 * pool.run(task).catch((err) => err instanceof PoolClosedError); // true
 * ```
 */
declare class PoolClosedError extends OverseerError {
    readonly pool: string;
    constructor(pool: string, detail?: string);
}
/**
 * The pool's worker supervisor exhausted its restart intensity: the pool has failed.
 * `cause` is the last worker error (an `init` failure, a fatal task error, ...).
 *
 * @example
 * ```ts
 * pool.events.on('failed', ({ error }) => alert(error));
 * ```
 */
declare class PoolFailedError extends OverseerError {
    readonly pool: string;
    constructor(pool: string, cause: unknown);
}
/**
 * A pool with no parent supervisor exhausted its workers' restart intensity and is backing off
 * (see the pool's `recovery` option): it takes no work until `retryAt` (epoch ms), then starts
 * fresh workers. Tasks it held when it failed are rejected with it too. `attempt` counts the
 * failures in a row (it resets after `recovery.resetAfter` ms without one); `cause` is the last
 * worker error.
 *
 * @example
 * ```ts
 * try { await pool.run(task); }
 * catch (err) { if (err instanceof PoolRecoveringError) reply(503, { retryAfter: err.retryAt - Date.now() }); }
 * ```
 */
declare class PoolRecoveringError extends OverseerError {
    readonly pool: string;
    readonly retryAt: number;
    readonly attempt: number;
    constructor(pool: string, cause: unknown, retryAt: number, attempt: number);
}
/**
 * A task ran longer than its timeout (or waited past its own deadline). Its `ctx.signal` was
 * aborted with this error, and any late result is ignored; its worker is replaced only if the code
 * did not return within the pool's `timeoutGrace` (a thread pool terminates the thread).
 *
 * @example
 * ```ts
 * await pool.run(slow, { timeout: 100 }).catch((err) => err instanceof TaskTimeoutError);
 * ```
 */
declare class TaskTimeoutError extends OverseerError {
    readonly taskId: string;
    readonly timeout: number;
    constructor(taskId: string, timeout: number);
}
/**
 * The default reason of `handle.cancel()` when none is given.
 *
 * @example
 * ```ts
 * const h = pool.submit(task); h.cancel();
 * await h.result.catch((err) => err instanceof TaskCancelledError); // true
 * ```
 */
declare class TaskCancelledError extends OverseerError {
    readonly taskId: string;
    constructor(taskId: string);
}
/**
 * A worker crashed while it held a task (for example its resource was reported
 * broken by `isFatal`, or the worker machinery errored).
 *
 * @example
 * ```ts
 * pool.events.on('workerCrashed', ({ workerId, error }) => log(workerId, error));
 * ```
 */
declare class WorkerCrashError extends OverseerError {
    readonly workerId: string;
    readonly taskId: string | undefined;
    /** The exit code of a thread-pool worker's thread or process that exited. */
    readonly exitCode: number | undefined;
    /** The signal that killed a thread-pool worker's process (`isolation: 'process'`), e.g. `SIGSEGV`. */
    readonly signal: string | undefined;
    constructor(workerId: string, taskId: string | undefined, cause: unknown, exitCode?: number, signal?: string, isolation?: 'thread' | 'process');
}

/** A module a thread imports before its handlers, and the export it then calls, if any. */
interface PreloadStep {
    url: string;
    call?: string;
}

/** Where a thread-pool worker runs its handlers: a thread of this process, or a process of its own. */
type Isolation = 'thread' | 'process';
/** How every worker of a pool starts (checked by the pool's options). */
interface WorkerSettings {
    /** file: (or data:) URL of the handlers module. */
    url: string;
    resourceLimits: ResourceLimits | undefined;
    /** The user's value: a thread's `workerData`, a process's first message; `init` receives it. */
    workerData: unknown;
    /** The worker's environment; undefined: the host's (copied when each worker starts). */
    env: Readonly<Record<string, string>> | typeof SHARE_ENV | undefined;
    /** Node flags; undefined: a thread inherits the host's (Node's default), a process `inherited`. */
    execArgv: readonly string[] | undefined;
    /** What a process runs with when no `execArgv` was given: the host's flags, filtered. */
    inherited: readonly string[];
    /** Modules a thread imports before its handlers (tsx's hooks for TypeScript handlers). */
    preload: readonly PreloadStep[];
}

/** How to start one pool thread: its module, limits, data, environment and flags, and more. */
interface ThreadSpawnOptions extends WorkerSettings {
    /** A thread of this process (default) or a process of its own. */
    isolation: Isolation;
    /** ms a thread may take to run its module's `dispose` before it is terminated. */
    disposeTimeout: number;
    /** Called when the thread dies while it holds no task (idle, or after its result was delivered). */
    onBroken: (workerId: string, error: WorkerCrashError) => void;
}
/** A task as the channel sees it: its number names the call, its prefix makes its id. */
interface CallTask {
    idPrefix: string;
    seq: number;
    readonly id: string;
}
/**
 * The host's end of one pool thread (or, with `isolation: 'process'`, one child process): the
 * resource of a thread-pool worker. It holds at most one call at a time (a worker never holds two
 * tasks). If the thread or process exits while a call is pending, the call rejects with
 * {@link WorkerCrashError}, which the pool treats as fatal: the worker goes `crashed` and its
 * supervisor starts a fresh one.
 *
 * @example
 * ```ts
 * const channel = await ThreadChannel.start('w1', { url, resourceLimits: undefined, workerData: undefined, env: undefined, execArgv: undefined, inherited: [], preload: [], isolation: 'thread', disposeTimeout: 5000, onBroken });
 * await channel.call('add', [1, 2], undefined, 't1'); // 3
 * await channel.dispose();
 * ```
 */
declare class ThreadChannel {
    readonly workerId: string;
    private readonly thread;
    private readonly options;
    /** The thread's `threadId`, or the process's pid. */
    readonly threadId: number;
    private pending;
    private exitCode;
    private exitSignal;
    private lastError;
    private disposing;
    /** The task id prefix the thread knows (sent with the first call, and again if it changes). */
    private prefix;
    private onDisposed;
    /**
     * Threads only: the prefetch gate. Slot `ticket & 1` holds the ticket of a call the thread may
     * start (0: none). Two slots, because the pool adopts a call before the thread may have taken its
     * ticket, and may reserve the next one at once: consecutive tickets never share a slot.
     */
    private readonly gate;
    private tickets;
    private reservation;
    private constructor();
    /**
     * Spawns the thread (or process) and resolves once its module is loaded and its `init` returned.
     * If `signal` aborts first (the worker was stopped meanwhile), it is killed and this rejects: a
     * module whose `init` never settles cannot keep a pool from closing.
     */
    static start(workerId: string, options: ThreadSpawnOptions, signal?: AbortSignal): Promise<ThreadChannel>;
    /** Whether the thread is still running. */
    get alive(): boolean;
    /**
     * Runs the module's function `name` with `args` in the thread. `transfer` lists
     * ArrayBuffers / MessagePorts to move instead of copy (they are detached here).
     */
    call(name: string, args: unknown[], transfer: readonly Transferable[] | undefined, task: CallTask): Promise<unknown>;
    /**
     * Sends `task`'s call ahead while the thread still runs another: the thread starts it the
     * moment its current call succeeds, without waiting for the host to hear of it (the host's
     * wake-up is the larger part of a small call). The pool adopts it with {@link call} once the
     * current call's result is in, or takes it back with {@link release}. False when it cannot be
     * sent ahead (a process, a transfer list, a call already reserved, a thread going away).
     *
     * @example
     * ```ts
     * if (channel.reserve('resize', [image], undefined, next)) worker.reserved = next;
     * ```
     */
    reserve(name: string, args: unknown[], transfer: readonly Transferable[] | undefined, task: CallTask): boolean;
    /**
     * Takes the reserved call back. True: the thread will never start it (or nothing was reserved).
     * False: the thread has started it; it stays reserved, for the pool to adopt or to stop the thread.
     *
     * @example
     * ```ts
     * if (!channel.release()) console.log('already running on the thread');
     * ```
     */
    release(): boolean;
    /** The reserved call is the pool's running task now: its answer settles it. */
    private adopt;
    private post;
    /** Runs the module's `dispose` (bounded by `disposeTimeout`), then terminates the thread. */
    dispose(): Promise<void>;
    /** Stops the thread now (a timeout, an abort, a crash). */
    terminate(): Promise<void>;
    private onMessage;
    private onExit;
    private get what();
    private get how();
    private crashError;
}

/**
 * Context a thread handler receives after its arguments: the same names as an in-process task's
 * context (`taskId`, `workerId`, `resource`), plus the thread's id. There is no `signal`: an
 * aborted, cancelled or timed-out call is stopped by terminating its thread, which no code in
 * the thread can ignore. The module's `init` receives {@link ThreadInitInfo}, as an in-process
 * pool's `worker.init` receives `{ workerId }`.
 */
interface ThreadTaskContext<R = unknown> {
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
interface ThreadInitInfo<D = unknown> {
    workerId: string;
    /** The thread's `threadId`, or the process's pid. */
    threadId: number;
    /** The pool's `workerData` option (a copy), `undefined` without one. */
    workerData: D;
}
type Fn = (...args: any[]) => unknown;
/** Names of the handlers module's exported functions, minus the `init` / `dispose` hooks. */
type ThreadHandlerName<M> = {
    [K in keyof M]: M[K] extends Fn ? (K extends 'init' | 'dispose' | 'default' ? never : K) : never;
}[keyof M] & string;
/** A handler's arguments without a trailing thread context. */
type ThreadCallArgs<F> = F extends (...args: infer P) => unknown ? (P extends [...infer A, ThreadTaskContext<any>] ? A : P) : never;
/** What calling a handler resolves to (after structured cloning). */
type ThreadCallResult<F> = F extends (...args: any[]) => infer T ? Awaited<T> : never;
/** Options of `createThreadPool`: the pool's options plus thread settings. */
interface ThreadPoolOptions extends Omit<PoolOptions<ThreadChannel>, 'handlers' | 'worker' | 'wrap' | 'isFatal' | 'timeoutGrace'> {
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
interface ThreadCallOptions extends SubmitOptions {
    /** ArrayBuffers / MessagePorts to move into the thread instead of copying (detached here afterwards). */
    transfer?: readonly Transferable[];
}
/**
 * A supervised pool of `worker_threads`: each worker actor owns one thread that runs the
 * handlers module. Same lifecycle, breaker, supervisor, metrics and events as `Pool`; tasks are
 * named calls because functions cannot cross a thread boundary. A thread that exits mid-task
 * fails that task with `WorkerCrashError` and is replaced; a timeout or an abort terminates it.
 */
declare class ThreadPool<M = Record<string, Fn>> extends PoolHandle<ThreadChannel> {
    /** @internal `resize()` holds a thread pool to `MAX_THREADS`, as `createThreadPool` does. */
    protected get sizeCap(): number;
    /**
     * Calls the module's function `name` in a thread.
     *
     * @example
     * ```ts
     * const pool = createThreadPool<typeof import('./hash.js')>(new URL('./hash.js', import.meta.url));
     * const digest = await pool.call('sha256', 'hello'); // typed from the module
     * ```
     */
    call<K extends ThreadHandlerName<M>>(name: K, ...args: ThreadCallArgs<M[K]>): Promise<ThreadCallResult<M[K]>>;
    /**
     * Like `call`, with task options (`signal`, `timeout`, `priority`, `transfer`).
     *
     * @example
     * ```ts
     * const buf = new ArrayBuffer(1 << 20);
     * await pool.run('checksum', [buf], { transfer: [buf], timeout: 1000 }); // buf is detached now
     * ```
     */
    run<K extends ThreadHandlerName<M>>(name: K, args: ThreadCallArgs<M[K]>, options?: ThreadCallOptions): Promise<ThreadCallResult<M[K]>>;
    /**
     * Submits a call without waiting; throws synchronously on refusal, as `Pool.submit`.
     *
     * @example
     * ```ts
     * const handle = pool.submit('resize', [image]);
     * handle.cancel(); // terminates the thread if it already runs
     * ```
     */
    submit<K extends ThreadHandlerName<M>>(name: K, args: ThreadCallArgs<M[K]>, options?: ThreadCallOptions): TaskHandle<ThreadCallResult<M[K]>>;
    /**
     * Waits for room in the queue, then submits (as `Pool.submitWait`).
     *
     * @example
     * ```ts
     * for (const file of files) await pool.submitWait('hashFile', [file]);
     * ```
     */
    submitWait<K extends ThreadHandlerName<M>>(name: K, args: ThreadCallArgs<M[K]>, options?: ThreadCallOptions): Promise<TaskHandle<ThreadCallResult<M[K]>>>;
    private taskFor;
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
declare function createThreadPool<M = Record<string, Fn>>(module: string | URL, options?: ThreadPoolOptions): ThreadPool<M>;

export { CircuitOpenError as C, type Isolation as I, PoolClosedError as P, QueueFullError as Q, type ThreadPoolOptions as T, WorkerCrashError as W, ThreadPool as a, PoolFailedError as b, PoolRecoveringError as c, TaskCancelledError as d, TaskTimeoutError as e, type ThreadCallArgs as f, type ThreadCallOptions as g, type ThreadCallResult as h, type ThreadHandlerName as i, type ThreadInitInfo as j, type ThreadTaskContext as k, createThreadPool as l };
