import { AnyActorRef } from 'xstate';
import { Emitter, Handler, WildcardHandler } from 'mitt';
import { C as CircuitBreakerOptions, N as NormalizedBackoff, g as EventListeners, L as ListenerErrorHandler, B as Backoff, P as PoolHandle, h as CircuitState, c as PoolStatus, i as PoolMetrics, j as Supervisor, k as SpecOverrides, l as ChildSpec, O as OverseerError } from './handle-B2PbfEt1.js';
import { Job, WorkerOptions, ConnectionOptions, Worker } from 'bullmq';
import { T as ThreadPoolOptions } from './thread-pool-B9TBgTCA.js';
import { MessagePort } from 'node:worker_threads';
import './store-Bc8qgNEI.js';
import 'node:async_hooks';

/**
 * What a queue worker node reports: its BullMQ worker's starts and crashes, every job's outcome,
 * and what its circuit breaker does to fetching. Every payload names the `node`.
 */
/** Why a try failed, as `jobFailed` reports it (timeouts and cancels have events of their own). */
type JobFailure = 'error' | 'crash' | 'fatal';
/** The events of a queue worker, by name. */
type QueueWorkerEvents = {
    /** A BullMQ worker started consuming (`incarnation` 1 is the first; each restart adds one). */
    workerStarted: {
        node: string;
        queue: string;
        incarnation: number;
    };
    /** The BullMQ worker failed (a lost connection, a worker error); it restarts after `restartIn` ms. */
    workerCrashed: {
        node: string;
        queue: string;
        error: unknown;
        restartIn: number;
    };
    /** A job began on the pool. */
    jobStarted: {
        node: string;
        jobId: string;
        name: string;
        attempt: number;
    };
    /** A job's processor returned; BullMQ stores the result. */
    jobCompleted: {
        node: string;
        jobId: string;
        name: string;
        runTime: number;
    };
    /** A try failed (an error, a crash, a fatal error); `willRetry` says whether BullMQ's `attempts` leave another try. */
    jobFailed: {
        node: string;
        jobId: string;
        name: string;
        error: unknown;
        reason: JobFailure;
        willRetry: boolean;
    };
    /** A try ran past its time limit and was stopped; BullMQ records it as failed with `JobTimeoutError`. */
    jobTimedOut: {
        node: string;
        jobId: string;
        name: string;
        timeout: number;
        willRetry: boolean;
    };
    /** A try was cancelled while it ran; BullMQ records it as failed with `JobCancelledError`. */
    jobCancelled: {
        node: string;
        jobId: string;
        name: string;
        reason: unknown;
        willRetry: boolean;
    };
    /** This node stopped fetching jobs (its circuit opened, `onCircuitOpen: 'pauseNode'`). */
    fetchPaused: {
        node: string;
        queue: string;
        reason: 'circuitOpen';
    };
    /** This node fetches again: `concurrency` jobs at once (the probe limit while half-open). */
    fetchResumed: {
        node: string;
        queue: string;
        concurrency: number;
    };
    /** The circuit opened and rate-limited the whole queue for `duration` ms (`'rateLimitQueue'`). */
    queueRateLimited: {
        node: string;
        queue: string;
        duration: number;
    };
    /** The node's circuit (its pool's breaker) opened: it half-opens at `retryAt` (ms since the epoch). As the pool's event. */
    circuitOpened: {
        node: string;
        retryAt: number | undefined;
    };
    /** The node's circuit half-opened: probes go through. As the pool's event. */
    circuitHalfOpened: {
        node: string;
    };
    /** The node's circuit closed: jobs flow again. As the pool's event. */
    circuitClosed: {
        node: string;
    };
    /** The node's supervisor went past `intensity` restarts in `period` and stopped: nothing runs until a parent restarts it. */
    failed: {
        node: string;
        reason: 'reached_max_restart_intensity';
    };
    /** `close()` began: no more fetching. */
    closing: {
        node: string;
        timeout: number;
    };
    /** The node stopped; `abandoned` jobs were still running at the timeout and are left to BullMQ's stalled recovery. */
    closed: {
        node: string;
        abandoned: number;
    };
};

/**
 * What an in-process `processor` receives after the job: the pool's task context plus the job's
 * channels back to BullMQ.
 */
interface JobContext {
    /** Aborts when the job times out, is cancelled (`cancelJob`), or the node gives it up on close. */
    readonly signal: AbortSignal;
    /** The pool's id of this try (as in the pool's events). */
    readonly taskId: string;
    /** The pool worker running it. */
    readonly workerId: string;
    /** `job.updateProgress(value)`: BullMQ's `progress` event and the job's `progress` field. */
    progress(value: number | object): Promise<void>;
    /** `job.log(line)`: a line in the job's log. */
    log(line: string): Promise<number>;
}
/** An in-process processor: BullMQ's `Job` in, the job's return value out. */
type JobProcessor<T = any, R = any> = (job: Job<T, R>, ctx: JobContext) => R | Promise<R>;
/** The settings of the thread pool that runs a handlers module (`handlers`). */
type QueueWorkerThreadOptions = Pick<ThreadPoolOptions, 'isolation' | 'resourceLimits' | 'workerData' | 'env' | 'execArgv' | 'disposeTimeout'>;
/** BullMQ `Worker` options the queue worker passes through (it sets the others itself). */
type PassedWorkerOptions = Omit<WorkerOptions, 'connection' | 'concurrency' | 'autorun' | 'prefix' | 'name'>;
/** What a trip of this node's breaker does to the queue. */
type OnCircuitOpen = 'pauseNode' | 'rateLimitQueue';
/** Options of `createQueueWorker` and `queueWorkerSpec`. */
interface QueueWorkerOptions<T = any, R = any> {
    /** The BullMQ queue's name. Required. */
    queue: string;
    /**
     * The Redis connection: an ioredis instance (shared: the node never closes it; BullMQ makes one
     * blocking duplicate per worker) or ioredis options. An instance must have
     * `maxRetriesPerRequest: null`, as BullMQ requires of workers. Required.
     */
    connection: ConnectionOptions;
    /**
     * Runs each job in process: `(job, ctx) => result`. Give this or `handlers`, not both.
     * @example processor: async (job, { signal, progress }) => { await progress(50); return fetchThing(job.data.url, { signal }); }
     */
    processor?: JobProcessor<T, R>;
    /**
     * Runs each job on a worker thread: a handlers module (URL or path, as `createThreadPool`
     * takes); the job's `name` picks the exported function, which receives `(job.data, job, ctx)`,
     * `job` being `{ id, name, attemptsMade, progress }` with `progress` a `MessagePort`
     * (`job.progress.postMessage(50)` updates the job's progress). Give this or `processor`.
     * @example handlers: new URL('./jobs.mjs', import.meta.url)
     */
    handlers?: string | URL;
    /** Names the node in events, status and its supervisor. @default `<queue>-<nanoid>` */
    name?: string;
    /**
     * Pool workers, and so BullMQ's `concurrency`: jobs this node runs at once.
     * @default the machine's available parallelism with `handlers`, 10 with `processor`
     */
    size?: number;
    /**
     * ms a job may run before it is stopped and failed with `JobTimeoutError`, or `false`: run time
     * on its pool worker (the pool's `taskTimeout`). A job's own `data.jobTimeout` (ms, or `false`)
     * overrides it, counted from when this node took the job (a wait for a thread being replaced counts).
     * @default 30_000
     */
    jobTimeout?: number | false;
    /** In-process only: ms a timed-out or cancelled job's code has to return before its pool worker is replaced. @default 1000 */
    timeoutGrace?: number;
    /** The node's circuit breaker (the pool's `circuitBreaker` options), or `false`. @default {} */
    circuitBreaker?: CircuitBreakerOptions | false;
    /**
     * What an open circuit does: `'pauseNode'` stops this node fetching jobs (`worker.pause()`, held
     * jobs keep their locks and wait), `'rateLimitQueue'` rate-limits the whole queue for the cooldown
     * (`queue.rateLimit`), for a downstream every node shares.
     * @default 'pauseNode'
     */
    onCircuitOpen?: OnCircuitOpen;
    /** Errors that must not be retried: the job fails as BullMQ's `UnrecoverableError` does. */
    isFatal?: (error: unknown) => boolean;
    /** BullMQ's key prefix. @default 'bull' */
    prefix?: string;
    /** Other BullMQ `Worker` options (`lockDuration`, `stalledInterval`, `maxStalledCount`, `limiter`, ...). @default {} */
    workerOptions?: PassedWorkerOptions;
    /** Thread pool settings, with `handlers`. @default {} */
    threads?: QueueWorkerThreadOptions;
    /**
     * The pool's restart limits (its `intensity` / `period`): past `intensity` worker restarts within
     * `period` ms the pool fails, and the node's supervisor restarts the pool and the BullMQ worker.
     * A job that crashes its thread costs one restart, so the default allows a crash-prone job mix.
     * @default { intensity: max(50, 10 × size), period: 5_000 }
     */
    pool?: {
        intensity?: number;
        period?: number;
    };
    /** Wait before each restart of a BullMQ worker that failed. @default { type: 'exponential', delay: 250, maxDelay: 10_000 } */
    restartBackoff?: Backoff;
    /** Restarts of the node's children (BullMQ worker, pool) allowed within `period`, past which the node fails. @default 10 */
    intensity?: number;
    /** The window of `intensity`, ms. @default 60_000 */
    period?: number;
    /** ms a graceful stop by a parent supervisor (`queueWorkerSpec`) lets active jobs finish. @default 10_000 */
    closeTimeout?: number;
    /** Listeners subscribed before anything starts, by event name. */
    on?: EventListeners<QueueWorkerEvents>;
    /** Called when an event listener throws. @default console.error */
    onListenerError?: ListenerErrorHandler;
}
/** The checked options. */
interface NormalizedQueueWorkerOptions {
    queue: string;
    connection: ConnectionOptions;
    processor: JobProcessor | undefined;
    handlers: string | URL | undefined;
    name: string;
    size: number;
    jobTimeout: number | false;
    timeoutGrace: number | undefined;
    circuitBreaker: CircuitBreakerOptions | false;
    halfOpenMaxCalls: number;
    onCircuitOpen: OnCircuitOpen;
    isFatal: ((error: unknown) => boolean) | undefined;
    prefix: string | undefined;
    workerOptions: PassedWorkerOptions;
    threads: QueueWorkerThreadOptions;
    restartBackoff: NormalizedBackoff;
    pool: {
        intensity: number;
        period: number;
    };
    intensity: number;
    period: number;
    closeTimeout: number;
    on: EventListeners<QueueWorkerEvents> | undefined;
    onListenerError: ListenerErrorHandler | undefined;
}

/**
 * One queue worker node's state, shared by every incarnation of its BullMQ worker child: the
 * counters, the events, the jobs running now, the circuit as the pool's breaker reports it, and
 * the drain. The children come and go under the node's supervisor; this object stays.
 */

/**
 * The node's own counters since it started (its pool's are under `pool`). Each try ends in exactly
 * one of `completed`, `failed`, `timedOut`, `cancelled` (as a pool's tasks do), or is abandoned.
 */
interface QueueWorkerCounters {
    /** Jobs whose processor returned. */
    completed: number;
    /** Tries that failed with an error, a thread crash or a fatal error (BullMQ also records timeouts and cancels as failed). */
    failed: number;
    /** Tries stopped by their time limit. */
    timedOut: number;
    /** Tries cancelled while they ran. */
    cancelled: number;
    /** Failed, timed-out or cancelled tries that BullMQ's `attempts` try again. */
    retried: number;
    /** Restarts of the BullMQ worker after a crash. */
    restarts: number;
    /** Jobs still running when `close()` ran out of time, left to stalled recovery. */
    abandoned: number;
}
/** The node's lifecycle. */
type QueueWorkerPhase = 'running' | 'failed' | 'closing' | 'closed';
/** The BullMQ worker child's state. */
type BullWorkerState = 'starting' | 'running' | 'restarting' | 'stopped';
/** A snapshot of the node: `queueWorker.status()`. */
interface QueueWorkerStatus {
    node: string;
    queue: string;
    phase: QueueWorkerPhase;
    worker: BullWorkerState;
    /** Whether the BullMQ worker is fetching jobs (false while paused by the circuit or closing). */
    fetching: boolean;
    /** The pool's circuit. */
    circuit: CircuitState;
    /** Epoch ms until which this node rate-limited the queue (0 when it has not). */
    rateLimitedUntil: number;
    /** Jobs running on this node now. */
    active: number;
    /** The pool's status (undefined while the pool restarts). */
    pool: PoolStatus | undefined;
}
/** `queueWorker.metrics()`: the status, the node's counters, and the pool's metrics. */
interface QueueWorkerMetrics extends Omit<QueueWorkerStatus, 'pool'>, QueueWorkerCounters {
    pool: PoolMetrics | undefined;
}
/** A running job: what cancels it, and which worker incarnation holds it. */
interface ActiveJob {
    controller: AbortController;
    incarnation: number;
}
declare class QueueWorkerNode {
    readonly options: NormalizedQueueWorkerOptions;
    readonly events: Emitter<QueueWorkerEvents>;
    readonly counters: QueueWorkerCounters;
    readonly active: Map<string, ActiveJob>;
    phase: QueueWorkerPhase;
    /** `QueueWorker.close()`'s one run, shared by every handle of this node. */
    closing: Promise<number> | undefined;
    /** Set by `QueueWorker.close()`: such a node never runs again. */
    closedByHandle: boolean;
    workerState: BullWorkerState;
    worker: Worker | undefined;
    pool: PoolHandle<any> | undefined;
    incarnation: number;
    crashStreak: number;
    circuit: CircuitState;
    fetching: boolean;
    rateLimitedUntil: number;
    private circuitWaiters;
    private queueClient;
    private drainPromise;
    private drainFinished;
    private closingController;
    private markDrained;
    private drained;
    private markStarted;
    /** Resolves when the first BullMQ worker is ready, or has failed and waits to restart. */
    readonly started: Promise<void>;
    constructor(options: NormalizedQueueWorkerOptions);
    get name(): string;
    /** The concurrency BullMQ should run with in the current circuit state. */
    get concurrency(): number;
    /** Whether a new worker should hold off fetching (the circuit is open and this node pauses). */
    get holdFetching(): boolean;
    /** A worker incarnation began consuming. */
    attach(worker: Worker): void;
    /** The pool's breaker changed state: pause, resume or rate-limit as `onCircuitOpen` says. */
    onCircuit(state: CircuitState, retryAt?: number): void;
    private rateLimitQueue;
    /** Resolves at the next circuit change, or when `signal` aborts. */
    circuitChange(signal: AbortSignal): Promise<void>;
    private dropController;
    /** A fresh signal for a starting worker incarnation: aborted by {@link dropWorker}. */
    dropSignal(): AbortSignal;
    /** Ends the current worker incarnation at once (closed by force, jobs abandoned), without closing the node. */
    dropWorker(): void;
    /** The node's supervisor gave up (past `intensity`): nothing runs until a parent restarts it. */
    gaveUp(): void;
    /** The BullMQ worker failed: it restarts after `restartIn` ms. */
    crashed(error: unknown, restartIn: number): void;
    /** Aborts the running jobs of one worker incarnation (or all): their results can no longer be written. */
    abandon(incarnation?: number): number;
    /**
     * Stops fetching, lets the running jobs finish within `timeout` ms, then closes the BullMQ worker
     * (by force past the timeout, so no result is written) and aborts what still runs. Resolves to
     * the number of jobs abandoned to stalled recovery. Called once; later calls share the first.
     */
    drain(timeout: number): Promise<number>;
    /**
     * Makes a node that a parent supervisor drained ready to run again, when that parent restarts it
     * (`restartChild`, or a restart of a tree above). A node closed by its own `close()` stays closed.
     */
    reopenIfDrained(): void;
    /** Aborts when the node starts closing. */
    get closingSignal(): AbortSignal;
    /** Resolves when a drain has closed the BullMQ worker. */
    drainDone(): Promise<void>;
    private drainOnce;
    /** The node's status. */
    status(): QueueWorkerStatus;
    /** The node's status, counters and its pool's metrics. */
    metrics(): QueueWorkerMetrics;
}

/**
 * `createQueueWorker` and `queueWorkerSpec`: a BullMQ worker whose jobs run on an overseer pool,
 * both under one `rest_for_one` supervisor (the pool first, the BullMQ worker after it), so a
 * worker that loses Redis restarts alone and a pool that fails takes a fresh worker with it.
 */

/**
 * A running queue worker node: its status, metrics and events, BullMQ's cancel, and `close`.
 */
declare class QueueWorker {
    private readonly node;
    /** The node's supervisor (`rest_for_one` over its pool and its BullMQ worker), when it owns one. */
    readonly supervisor: Supervisor | undefined;
    /** @internal */
    constructor(node: QueueWorkerNode, 
    /** The node's supervisor (`rest_for_one` over its pool and its BullMQ worker), when it owns one. */
    supervisor: Supervisor | undefined);
    /** The node's name. */
    get name(): string;
    /**
     * The node now: phase, BullMQ worker state, whether it fetches, the circuit, active jobs, the pool.
     *
     * @example
     * ```ts
     * queueWorker.status(); // { node: 'images-1', phase: 'running', worker: 'running', fetching: true, circuit: 'closed', active: 3, ... }
     * ```
     */
    status(): QueueWorkerStatus;
    /**
     * The status plus the node's counters (completed, failed, timedOut, cancelled, retried,
     * restarts, abandoned) and the pool's metrics.
     *
     * @example
     * ```ts
     * const { completed, failed, pool } = queueWorker.metrics();
     * ```
     */
    metrics(): QueueWorkerMetrics;
    /**
     * Subscribes to an event (`'*'` for all); returns the unsubscribe function.
     *
     * @example
     * ```ts
     * const off = queueWorker.on('jobFailed', ({ jobId, reason }) => log.warn(jobId, reason));
     * ```
     */
    on<K extends keyof QueueWorkerEvents>(type: K, listener: Handler<QueueWorkerEvents[K]>): () => void;
    on(type: '*', listener: WildcardHandler<QueueWorkerEvents>): () => void;
    /**
     * Cancels a job running on this node (BullMQ's `worker.cancelJob`): its `ctx.signal` aborts, its
     * thread is terminated, and it fails with `JobCancelledError` (BullMQ's `attempts` decide a retry).
     * Resolves to `false` when this node does not run the job.
     *
     * @example
     * ```ts
     * await queueWorker.cancelJob(job.id!, 'superseded');
     * ```
     */
    cancelJob(jobId: string, reason?: string): Promise<boolean>;
    /**
     * Stops the node: no more fetching; active jobs get `timeout` ms to finish (their results are
     * written); past it the BullMQ worker closes without writing results, the jobs' threads are
     * terminated, and those jobs stay `active` in Redis until their locks expire, when BullMQ's
     * stalled check (on any node) moves them back to wait. Then the pool and the supervisor stop.
     * Resolves to the number of jobs so abandoned. Calling it again waits for the first close. A
     * `timeout` that is not a number of ms >= 0 rejects with `InvalidOptionError` (nothing closes).
     *
     * @example
     * ```ts
     * process.once('SIGTERM', () => void queueWorker.close({ timeout: 20_000 }).then(() => process.exit(0)));
     * ```
     */
    close(options?: {
        timeout?: number;
    }): Promise<number>;
    private closeOnce;
}
/**
 * Starts a queue worker node: a BullMQ `Worker` on `queue` whose jobs run on an overseer pool (in
 * process with `processor`, on threads with `handlers`), with per-job timeouts that stop the work,
 * a circuit breaker that pauses this node, restarts of the BullMQ worker with backoff, and a
 * graceful `close`. Bad options throw `InvalidOptionError` / `UnknownOptionError`; nothing starts.
 *
 * @example
 * ```ts
 * import { createQueueWorker } from 'overseer/bullmq';
 * const node = await createQueueWorker({
 *   queue: 'images', connection: new IORedis({ maxRetriesPerRequest: null }),
 *   handlers: new URL('./jobs.mjs', import.meta.url), size: 4, jobTimeout: 60_000,
 * });
 * process.once('SIGTERM', () => void node.close({ timeout: 20_000 }));
 * ```
 */
declare function createQueueWorker<T = any, R = any>(options: QueueWorkerOptions<T, R>): Promise<QueueWorker>;
/**
 * A child spec that runs a queue worker node under your supervisor: its own `rest_for_one`
 * supervisor of the pool and the BullMQ worker. A graceful stop of the parent drains the node
 * (`closeTimeout`, then the same outcome as `close`). Get its handle with {@link getQueueWorker}.
 *
 * @example
 * ```ts
 * const root = await startSupervisor({ children: [queueWorkerSpec('images', { queue: 'images', connection, handlers: url })] });
 * const node = getQueueWorker(root.whichChildren().find((c) => c.id === 'images')?.ref);
 * ```
 */
declare function queueWorkerSpec<T = any, R = any>(id: string, options: QueueWorkerOptions<T, R>, spec?: SpecOverrides): ChildSpec;
/**
 * The handle of a queue worker node running under a supervisor (made by {@link queueWorkerSpec});
 * `undefined` for any other child. Its `close` drains the node and stops its supervisor, which
 * the parent sees as a normal exit.
 *
 * @example
 * ```ts
 * const node = getQueueWorker(root.whichChildren().find((c) => c.id === 'images')?.ref);
 * node?.status().active;
 * ```
 */
declare function getQueueWorker(ref: AnyActorRef | 'restarting' | undefined): QueueWorker | undefined;

/**
 * The queue worker's typed errors. They extend {@link OverseerError}, so `instanceof OverseerError`
 * or a check of `code` covers them with the rest of overseer's errors. BullMQ stores a failed job's
 * `failedReason` as the error's message, so each message names the job and what happened.
 */

/**
 * A job ran past its time limit (`jobTimeout`, or the job's own `data.jobTimeout`). The code
 * running it was stopped: its thread terminated (threads), or its `ctx.signal` aborted and the
 * worker abandoned after `timeoutGrace` (in process). BullMQ's `attempts` / `backoff` decide
 * whether the job is tried again.
 *
 * @example
 * ```ts
 * queueWorker.on('jobFailed', ({ error }) => { if (error instanceof JobTimeoutError) log.warn(error.message); });
 * ```
 */
declare class JobTimeoutError extends OverseerError {
    readonly jobId: string;
    readonly timeout: number;
    constructor(jobId: string, timeout: number, cause?: unknown);
}
/**
 * A job was cancelled while it ran (BullMQ's `worker.cancelJob(id)` / `cancelAllJobs()`, which the
 * queue worker's `cancelJob` calls): `ctx.signal` aborted and, on threads, the thread running it
 * was terminated. BullMQ's `attempts` decide whether it is tried again.
 *
 * @example
 * ```ts
 * await queueWorker.cancelJob(job.id!, 'user asked'); // the job fails with JobCancelledError
 * ```
 */
declare class JobCancelledError extends OverseerError {
    readonly jobId: string;
    readonly reason: unknown;
    constructor(jobId: string, reason: unknown);
}
/**
 * The queue worker is closing or closed: `close()` was called while the call ran.
 *
 * @example
 * ```ts
 * await queueWorker.close();
 * await queueWorker.cancelJob('1'); // throws QueueWorkerClosedError
 * ```
 */
declare class QueueWorkerClosedError extends OverseerError {
    readonly node: string;
    constructor(node: string);
}
/**
 * A job's processor returned a value BullMQ cannot store: BullMQ writes a job's return value as
 * JSON, so a circular object, a `BigInt` or anything else `JSON.stringify` refuses fails the job
 * (that job alone: the node's BullMQ worker keeps running). `attempts` decide a retry; make it
 * fatal with `isFatal` if a retry cannot help.
 *
 * @example
 * ```ts
 * isFatal: (error) => error instanceof JobResultError,
 * ```
 */
declare class JobResultError extends OverseerError {
    readonly jobId: string;
    constructor(jobId: string, cause: unknown);
}

/**
 * The BullMQ processor of one worker incarnation: each job becomes one task on the node's pool,
 * with the job's time limit, BullMQ's cancel signal, and progress wired through; the outcome is
 * mapped to what BullMQ expects (a value, or an error that `attempts` retries or not).
 */

/** What a thread handler receives after `job.data`. */
interface ThreadJob {
    id: string;
    name: string;
    attemptsMade: number;
    /** Post a value on it to update the job's progress: `job.progress.postMessage(50)`. */
    progress: MessagePort;
}

export { type BullWorkerState, JobCancelledError, type JobContext, type JobFailure, type JobProcessor, JobResultError, JobTimeoutError, type OnCircuitOpen, type PassedWorkerOptions, QueueWorker, QueueWorkerClosedError, type QueueWorkerCounters, type QueueWorkerEvents, type QueueWorkerMetrics, type QueueWorkerOptions, type QueueWorkerPhase, type QueueWorkerStatus, type QueueWorkerThreadOptions, type ThreadJob, createQueueWorker, getQueueWorker, queueWorkerSpec };
