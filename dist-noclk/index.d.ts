import { m as TaskContext, H as Handler, P as PoolHandle, n as Task, f as SubmitOptions, T as TaskHandle, e as PoolOptions, k as SpecOverrides, l as ChildSpec, p as poolMachine, S as SupervisorHandle, o as StartChildResult, q as TerminateChildResult, D as DynamicSupervisorOptions, s as supervisorMachine, I as InvalidOptionError, O as OverseerError, r as ExitReason, t as PersistenceOutcome, u as ShutdownEvent } from './handle-B2PbfEt1.js';
export { A as AnyChildSpec, v as AutoShutdown, B as Backoff, w as BreakerContext, x as BreakerEvent, y as BreakerInput, z as CheckedChildren, F as ChildCounts, G as ChildEvent, J as ChildInfo, K as ChildKey, M as ChildName, Q as ChildOrchestration, R as ChildRef, U as ChildRestartLimit, V as ChildType, C as CircuitBreakerOptions, h as CircuitState, W as DEFAULT_FRESH_IF_CRASH_WITHIN_MS, X as DEFAULT_INTENSITY, Y as DEFAULT_MAX_HELD_EVENTS, Z as DEFAULT_PERIOD_MS, _ as DEFAULT_WORKER_SHUTDOWN_MS, $ as DeleteChildResult, g as EventListeners, E as ExitSummary, a0 as FailedToStartChildError, a1 as InspectOption, L as ListenerErrorHandler, a2 as MAX_POOL_SIZE, a3 as MAX_QUEUE_SIZE_ENV, a4 as MAX_TIMER_MS, a5 as NameEntry, a6 as NormalizedChildSpec, a7 as NormalizedPersist, a8 as NormalizedSupervisorOptions, a9 as NotPersistedError, aa as POOL_SIZE_ENV, d as Percentiles, ab as PersistKeyInUseError, ac as PersistOptions, ad as PersistenceFailure, ae as PoolContext, af as PoolCounters, ag as PoolEvent, ah as PoolEvents, ai as PoolExit, aj as PoolListeners, ak as PoolMachineInput, i as PoolMetrics, al as PoolPhase, am as PoolSizeRange, c as PoolStatus, an as RateLimitOptions, ao as RecoveryOptions, ap as Registry, aq as RejectionReason, ar as RestartChildResult, as as RestartDelay, at as RestartType, au as RetryOptions, av as SHUTDOWN_EVENT, aw as SaveMode, ax as SendResult, ay as Shutdown, az as SnapshotNotSerializableError, aA as SnapshotStoreError, b as Strategy, j as Supervisor, aB as SupervisorActor, aC as SupervisorContext, aD as SupervisorEvents, aE as SupervisorExit, aF as SupervisorListeners, aG as SupervisorNotRunningError, aH as SupervisorOptions, a as SupervisorPhase, aI as TaskWrapper, aJ as TerminationOutcome, aK as TypedChildInfo, aL as TypedChildSpec, aM as TypedSupervisorOptions, aN as WorkerHooks, aO as breakerMachine, aP as defineChild, aQ as getSupervisor, aR as isAbnormal, aS as normalizeSupervisorOptions, aT as startSupervisor, aU as supervisorSpec, aV as terminateActor } from './handle-B2PbfEt1.js';
import * as xstate from 'xstate';
import { AnyActorRef, AnyActorLogic, ActorRefFromLogic, AnyStateMachine } from 'xstate';
import { S as SnapshotStore, J as JsonValue } from './store-Bc8qgNEI.js';
export { M as MemoryStore } from './store-Bc8qgNEI.js';
export { P as PoolInfo, a as SupervisorInfo, S as SystemTree, b as SystemTreeRoot, T as TreeNode, c as TreeNodeKind, d as TreeNodeStatus, l as liveRoots, s as systemTree } from './live-roots-CYtKyP6D.js';
import { a as ThreadPool, T as ThreadPoolOptions } from './thread-pool-B9TBgTCA.js';
export { C as CircuitOpenError, I as Isolation, P as PoolClosedError, b as PoolFailedError, c as PoolRecoveringError, Q as QueueFullError, d as TaskCancelledError, e as TaskTimeoutError, f as ThreadCallArgs, g as ThreadCallOptions, h as ThreadCallResult, i as ThreadHandlerName, j as ThreadInitInfo, k as ThreadTaskContext, W as WorkerCrashError, l as createThreadPool } from './thread-pool-B9TBgTCA.js';
import 'mitt';
import 'node:async_hooks';
import 'node:worker_threads';

/** Arguments of `call(name, ...args)`: the handler's parameters without a trailing task context. */
type CallArgs<F> = F extends (...args: infer P) => unknown ? (P extends [...infer A, TaskContext<any>] ? A : P) : never;
/** What `call(name, ...)` resolves to. */
type CallResult<F> = F extends (...args: any[]) => infer T ? Awaited<T> : never;
/**
 * A supervised worker pool. Create it with {@link createPool}.
 * `R` is the per-worker resource type, `H` the named handlers.
 */
declare class Pool<R = undefined, H extends Record<string, Handler> = Record<string, Handler>> extends PoolHandle<R> {
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
    submit<T>(task: Task<T, R>, options?: SubmitOptions): TaskHandle<T>;
    /**
     * Submits and awaits the result; every refusal arrives as a rejection.
     *
     * @example
     * ```ts
     * const n = await pool.run(() => 40 + 2); // 42
     * ```
     */
    run<T>(task: Task<T, R>, options?: SubmitOptions): Promise<T>;
    /**
     * Waits (FIFO among waiters) until the queue has room, then submits. Rejects with
     * `PoolClosedError` if the pool closes first, or the signal's reason if it aborts.
     *
     * @example
     * ```ts
     * for (const job of jobs) await pool.submitWait(() => handle(job)); // back-pressure, never QueueFullError
     * ```
     */
    submitWait<T>(task: Task<T, R>, options?: SubmitOptions): Promise<TaskHandle<T>>;
    /**
     * Runs a named handler with `args` (the task context is passed after them).
     *
     * @example
     * ```ts
     * const pool = createPool({ handlers: { add: (a: number, b: number) => a + b } });
     * await pool.call('add', 1, 2); // 3
     * ```
     */
    call<K extends keyof H & string>(name: K, ...args: CallArgs<H[K]>): Promise<CallResult<H[K]>>;
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
declare function createPool<R = undefined, H extends Record<string, Handler> = Record<string, Handler>>(options?: PoolOptions<R, H>): Pool<R, H>;
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
declare function poolSpec<R = undefined>(id: string, options: PoolOptions<R>, spec?: SpecOverrides): ChildSpec<typeof poolMachine>;
/**
 * The `Pool` handle of an in-process pool actor running under a supervisor (`undefined` for any other
 * actor, a thread pool's included: its handle is `getThreadPool`).
 *
 * @example
 * ```ts
 * const pool = getPool(sup.whichChildren().find((c) => c.id === 'images')?.ref);
 * ```
 */
declare function getPool<R = undefined, H extends Record<string, Handler> = Record<string, Handler>>(ref: AnyActorRef | 'restarting' | undefined): Pool<R, H> | undefined;

/** A child spec for a dynamic supervisor: the id is optional. */
type DynamicChildSpec<TLogic extends AnyActorLogic = AnyActorLogic> = Omit<ChildSpec<TLogic>, 'id' | 'significant'> & {
    id?: string;
};
/**
 * Handle on a running dynamic supervisor (Elixir's `DynamicSupervisor`): one_for_one,
 * children added at run time, identified by their actor ref, stopped in parallel.
 */
declare class DynamicSupervisor extends SupervisorHandle {
    /**
     * Starts a child; answers `max_children` when the limit is reached.
     *
     * @example
     * ```ts
     * const r = await dyn.startChild({ logic: sessionMachine, input: { user: 'ada' } });
     * if (r.ok) sessions.set('ada', r.ref);
     * ```
     */
    startChild<TLogic extends AnyActorLogic>(spec: DynamicChildSpec<TLogic>): Promise<StartChildResult<ActorRefFromLogic<TLogic>>>;
    /**
     * Stops the child whose actor is `ref` and forgets it.
     *
     * @example
     * ```ts
     * await dyn.terminateChild(ref); // { ok: true }, then { ok: false, reason: 'not_found' }
     * ```
     */
    terminateChild(ref: AnyActorRef): Promise<TerminateChildResult>;
}
/**
 * Starts a root dynamic supervisor.
 *
 * @example
 * ```ts
 * const dyn = await startDynamicSupervisor({ maxChildren: 1000, extraInput: { region: 'eu' } });
 * await dyn.startChild({ logic: connectionMachine, input: { host: 'a' } }); // input { region: 'eu', host: 'a' }
 * ```
 */
declare function startDynamicSupervisor(options?: DynamicSupervisorOptions): Promise<DynamicSupervisor>;
/**
 * A child spec that runs a dynamic supervisor inside a supervision tree.
 *
 * @example
 * ```ts
 * const root = await startSupervisor({ children: [dynamicSupervisorSpec('sessions', { maxChildren: 500 })] });
 * const sessions = getDynamicSupervisor(root.whichChildren()[0].ref)!;
 * ```
 */
declare function dynamicSupervisorSpec(id: string, options?: DynamicSupervisorOptions, spec?: SpecOverrides): ChildSpec<typeof supervisorMachine>;
/**
 * The handle of a dynamic supervisor running as a child, or `undefined`.
 *
 * @example
 * ```ts
 * const dyn = getDynamicSupervisor(ref);
 * ```
 */
declare function getDynamicSupervisor(ref: AnyActorRef | 'restarting' | undefined): DynamicSupervisor | undefined;

/**
 * An options object had a key no option is named after (a typo, or an option of another API).
 * `suggestion` is the known option closest to it, if one is close.
 *
 * @example
 * ```ts
 * try { createPool({ maxQueue: 5 } as never); }
 * catch (err) { (err as UnknownOptionError).suggestion; // 'maxQueueSize' }
 * ```
 */
declare class UnknownOptionError extends InvalidOptionError {
    readonly suggestion: string | undefined;
    constructor(option: string, value: unknown, suggestion: string | undefined, hint?: string);
}

/**
 * A child's `name` is already held by another live child (names are unique in the process, as
 * Elixir's unique `Registry`). The child was not started.
 *
 * @example
 * ```ts
 * await dyn.startChild({ name: 'order-42', logic: order }).catch((err) => err instanceof NameAlreadyRegisteredError); // true
 * ```
 */
declare class NameAlreadyRegisteredError extends OverseerError {
    readonly childName: string;
    /** The supervisor whose child holds the name. */
    readonly heldBy: string;
    constructor(childName: string, heldBy: string);
}
/**
 * No live child holds this name: it was never registered, or its child exited for good (or was
 * terminated, or its supervisor stopped). The event was not sent.
 *
 * @example
 * ```ts
 * try { Registry.send('nobody', { type: 'PING' }); } catch (err) { (err as NameNotRegisteredError).childName; // 'nobody' }
 * ```
 */
declare class NameNotRegisteredError extends OverseerError {
    readonly childName: string;
    constructor(childName: string);
}
/**
 * The named child is restarting and already holds `maxHeldEvents` events for its next
 * incarnation: this one was refused (not held, not sent). Retry later, or raise `maxHeldEvents`.
 *
 * @example
 * ```ts
 * try { sup.send('payment', event); } catch (err) { if (err instanceof HeldEventsFullError) await later(); }
 * ```
 */
declare class HeldEventsFullError extends OverseerError {
    readonly childName: string;
    readonly maxHeldEvents: number;
    constructor(childName: string, maxHeldEvents: number);
}

/**
 * Lifecycle events a supervisor sends to a machine of yours that invokes or spawns it, as xstate
 * events, so the orchestration itself is a state machine. (A supervisor under another supervisor,
 * or a pool's worker supervisor, sends none: their parents hear their exits their own way.)
 *
 * - `overseer.childExited`: a child exited on its own (`exit` says why; `restarts` so far);
 * - `overseer.childRestarted`: it was started again (`restarts` counts this one; a durable child's `persistence` says how);
 * - `overseer.childGaveUp`: a dynamic supervisor's child went past its `childRestarts` limit and was removed;
 * - `overseer.gaveUp`: the supervisor itself went past its intensity and is shutting down.
 *
 * @example
 * ```ts
 * const order = setup({ types: { events: {} as SupervisionEvent } }).createMachine({
 *   invoke: { src: supervisorMachine, input: normalizeSupervisorOptions({ children }, 'order-sup') },
 *   on: { 'overseer.childRestarted': { guard: ({ event }) => event.id === 'payment' && event.restarts >= 3, target: '.manualReview' } },
 * });
 * ```
 */
type SupervisionEvent = {
    type: 'overseer.childExited';
    supervisor: string;
    id: string;
    name: string | undefined;
    exit: ExitReason;
    restarts: number;
} | {
    type: 'overseer.childRestarted';
    supervisor: string;
    id: string;
    name: string | undefined;
    restarts: number;
    /** A durable child only: how it came back (`'fresh-after-crash'`: its stored state is gone). */
    persistence?: PersistenceOutcome;
} | {
    type: 'overseer.childGaveUp';
    supervisor: string;
    id: string;
    name: string | undefined;
    error: unknown;
    restarts: number;
} | {
    type: 'overseer.gaveUp';
    supervisor: string;
    intensity: number;
    period: number;
};

/**
 * The current incarnation of the child `actor` was (or is) an incarnation of: `actor` itself if
 * it is still current, its successor once its supervisor restarted it, or `actor` when there is
 * none (not a supervised child, restarting now, or gone for good). Handles made by `getSupervisor`,
 * `getDynamicSupervisor`, `getPool` and `getThreadPool` resolve through it on every call, so a
 * handle kept across its parent's restart of the child keeps working, as a stable name does.
 *
 * @example
 * ```ts
 * const pool = getPool(root.whichChildren()[0].ref)!; // kept
 * // ... the root restarts the pool ...
 * currentIncarnation(pool.actor) === root.whichChildren()[0].ref; // true
 * ```
 */
declare function currentIncarnation(actor: AnyActorRef): AnyActorRef;

/**
 * Tag a machine puts on the states in which it is still starting up. A supervisor
 * waits until a child has left every such state before it counts the child as
 * started (OTP's `init/1` returning), and treats an error before then as a failed
 * start. Supervisors tag their own `starting` state with it, which is how a nested
 * supervisor's start failure reaches its parent.
 *
 * @example
 * ```ts
 * const conn = createMachine({
 *   initial: 'connecting',
 *   states: {
 *     connecting: { tags: [STARTING_TAG], invoke: { src: 'connect', onDone: 'ready' } },
 *     ready: {},
 *   },
 * });
 * ```
 */
declare const STARTING_TAG = "overseer.starting";

/** Options of {@link FileStore}. */
interface FileStoreOptions {
    /**
     * Flush each snapshot file and its directory to the disk (`fsync`) before a save resolves, so a
     * power loss cannot take a save that was reported done. Without it a `kill -9` still leaves no
     * torn file (the rename is atomic); only a machine crash can lose the last saves.
     * @default true
     * @example new FileStore('./state', { fsync: false })
     */
    fsync?: boolean;
}
/**
 * The embedded default store: one JSON file per key in one directory. A save writes a temporary
 * file, flushes it, and renames it over the old one (then flushes the directory), so a process
 * killed at any moment (`kill -9`) leaves either the old snapshot or the new one, never a torn
 * file. Keys may be any string: they are encoded into safe file names (letters other than
 * `a-z`, digits, `-` and `_` are escaped, so names differ on case-insensitive disks too).
 * Temporary files left by a killed process are ignored and removed on first use.
 *
 * @example
 * ```ts
 * const store = new FileStore('./var/overseer');
 * await startSupervisor({ children: [{ id: 'order', logic: orderMachine, persist: { store } }] });
 * ```
 */
declare class FileStore implements SnapshotStore {
    readonly directory: string;
    private readonly fsync;
    private ready;
    private sequence;
    constructor(directory: string, options?: FileStoreOptions);
    load(key: string): Promise<JsonValue | undefined>;
    save(key: string, snapshot: JsonValue): Promise<void>;
    delete(key: string): Promise<void>;
    keys(): Promise<string[]>;
    /**
     * The file that holds `key`'s snapshot.
     *
     * @example
     * ```ts
     * new FileStore('/var/state').pathOf('Order/1'); // '/var/state/%4frder%2f1.json'
     * ```
     */
    pathOf(key: string): string;
    /** Creates the directory once, and removes temporary files of processes that no longer run. */
    private prepare;
    private syncDirectory;
}

/**
 * The event a durable child's machine emits (xstate's `emit` action) to have its snapshot saved
 * now; under `save: 'checkpoint'` this is the only automatic save, under `{ throttle }` it saves
 * at once (an important state need not wait for the window).
 *
 * @example
 * ```ts
 * import { emit } from 'xstate';
 * on: { PAID: { target: 'shipping', actions: emit({ type: CHECKPOINT_EVENT }) } }
 * ```
 */
declare const CHECKPOINT_EVENT = "overseer.checkpoint";
/**
 * Saves a durable child's current snapshot now, whatever its save mode. Resolves once the store
 * has it; rejects with `NotPersistedError` for an actor that is not a running durable child,
 * `SnapshotNotSerializableError` or `SnapshotStoreError` if the save fails (also reported as a
 * `persistenceFailed` event).
 *
 * @example
 * ```ts
 * const ref = sup.whichChildren()[0].ref as AnyActorRef;
 * ref.send({ type: 'PAY', amount: 10 });
 * await checkpoint(ref); // the paid state is in the store
 * ```
 */
declare function checkpoint(ref: AnyActorRef): Promise<void>;

/**
 * Checks that a persisted snapshot is plain JSON data, so that what a store gives back equals what
 * was saved: plain objects, arrays, strings, finite numbers, booleans, `null` (and `undefined`
 * object fields, which are left out). Anything else - a function, a class instance (a resource, a
 * `Map`, a `Date`), a symbol, a bigint, `NaN` / `Infinity`, a cycle - throws
 * {@link SnapshotNotSerializableError} naming the path.
 *
 * @example
 * ```ts
 * assertSerializable('order-1', { context: { n: 1 } });          // fine
 * assertSerializable('order-1', { context: { at: new Date() } }); // throws: context.at is an instance of Date
 * ```
 */
declare function assertSerializable(key: string, value: unknown): asserts value is JsonValue;

/**
 * What a worker needs from the pool that owns it: closures over the pool's data plane. The
 * worker's resource never passes through the machine (not its context, not an event), so no
 * snapshot or inspection event can carry it; the pool keeps it by worker id.
 */
interface WorkerHost {
    /** Creates the worker's resource (the pool's `worker.init`) and keeps it under `workerId`. */
    initResource(workerId: string, signal: AbortSignal): Promise<void>;
    /** Releases the resource kept under `workerId` (the pool's `worker.dispose`); never rejects. */
    disposeResource(workerId: string): Promise<void>;
    /** The worker finished `init` and is idle: the pool may hand it tasks through `ref`. */
    workerReady(workerId: string, slot: string, ref: AnyActorRef): void;
}
interface WorkerInput {
    /** The worker supervisor's child id for this slot (`worker-3`); every start gets a fresh id `<pool>/<slot>.<nanoid>`. */
    slot: string;
    /** The pool's name, the prefix of the worker's id. */
    pool: string;
    host: WorkerHost;
}
/** Plain data: the worker's id and slot. */
interface WorkerContext {
    id: string;
    slot: string;
    /** A shutdown request arrived while `init` was still running. */
    stopRequested: boolean;
}
/**
 * Facts the pool's data plane reports at a worker's edges. A worker that finishes a task while
 * more are queued takes the next one in plain code and gets no event: it simply stays `busy`.
 */
type WorkerEvent = {
    type: 'worker.assigned';
} | {
    type: 'worker.released';
} | {
    type: 'worker.faulted';
    error: unknown;
} | ShutdownEvent;
/** Every worker's output when it stops: `crashed` (with the cause) is an abnormal exit, `normal` is not. */
interface WorkerExit {
    reason: 'crashed' | 'normal';
    error?: unknown;
}
/**
 * One pool worker: `starting → idle ⇄ busy`, then `crashed` or `stopping → stopped`.
 *
 * - `starting` runs the pool's `worker.init`; a failure is a crash (it counts toward the worker
 *   supervisor's restart intensity).
 * - `idle` and `busy` are the truth: the pool reports `worker.assigned` when an idle worker gets a
 *   task and `worker.released` when a busy one runs out of work (a worker that goes from task to
 *   task without a pause pays no transition).
 * - `worker.faulted` (its task timed out in-process, failed fatally, or its thread died) is a
 *   crash: `crashed` is final with output `{ reason: 'crashed', error }`, the resource is disposed
 *   on the way in, and the worker supervisor restarts the slot with a fresh worker (new id).
 * - `overseer.shutdown` (sent by the supervisor when the pool closes) disposes the resource and
 *   ends in `stopped`.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * const worker = createActor(workerMachine, { input: { slot: 'worker-0', pool: 'images', host } });
 * worker.start(); // starting → idle once host.initResource resolves
 * ```
 */
declare const workerMachine: xstate.StateMachine<WorkerContext, ShutdownEvent | {
    type: "worker.assigned";
} | {
    type: "worker.released";
} | {
    type: "worker.faulted";
    error: unknown;
}, {
    [x: string]: xstate.ActorRefFromLogic<xstate.PromiseActorLogic<void, AnyActorRef, xstate.EventObject>> | undefined;
}, {
    src: "init";
    logic: xstate.PromiseActorLogic<void, AnyActorRef, xstate.EventObject>;
    id: string | undefined;
} | {
    src: "dispose";
    logic: xstate.PromiseActorLogic<void, AnyActorRef, xstate.EventObject>;
    id: string | undefined;
}, {
    type: "ready";
    params: unknown;
} | {
    type: "disposeInBackground";
    params: unknown;
} | {
    type: "abortStartup";
    params: unknown;
}, never, never, "crashed" | "stopped" | "starting" | "stopping" | "idle" | "busy", string, WorkerInput, WorkerExit, xstate.EventObject, xstate.MetaObject, {
    id: "worker";
    states: {
        readonly starting: {};
        readonly idle: {};
        readonly busy: {};
        readonly crashed: {};
        readonly stopping: {};
        readonly stopped: {};
    };
}, xstate.MetaObject>;

/**
 * A thread pool as a child of a supervisor, as `poolSpec` / `getPool` are for in-process pools.
 */

type Fn = (...args: any[]) => unknown;
/**
 * A child spec that runs a thread pool (or, with `isolation: 'process'`, a process pool) under a
 * supervisor. When the pool fails (its workers exhausted their restart intensity: a module that
 * cannot load, an `init` that keeps throwing, threads that keep crashing) it exits `crashed`, and
 * the parent restarts it by its own strategy and intensity: a fresh pool, fresh threads, the same
 * module and options. A graceful stop of the parent closes the pool: running and queued calls
 * finish within the spec's `shutdown` (default 5000 ms, as for `poolSpec`); past it the pool is
 * stopped at once (running calls' threads terminated, queued calls rejected). Give
 * `shutdown: 'infinity'` to let every queued call finish. Its `type` is `'supervisor'` (a pool
 * supervises its workers), set by the builder as for `poolSpec`.
 *
 * The arguments are checked as `poolSpec` checks them, and the module and options as
 * `createThreadPool` does: `InvalidOptionError` / `UnknownOptionError` naming what is wrong.
 * The pool's `name` defaults to `id`. Get the running pool's handle with {@link getThreadPool}.
 *
 * @example
 * ```ts
 * const root = await startSupervisor({
 *   children: [threadPoolSpec('hash', new URL('./hash.js', import.meta.url), { size: 2 }, { systemId: 'hash' })],
 * });
 * const hash = getThreadPool<typeof import('./hash.js')>(root.actor.system.get('hash'))!;
 * console.log(await hash.call('sha256', 'hello'));
 * ```
 */
declare function threadPoolSpec(id: string, module: string | URL, options?: ThreadPoolOptions, spec?: SpecOverrides): ChildSpec<typeof poolMachine>;
/**
 * The `ThreadPool` handle of a thread pool running under a supervisor (made by
 * {@link threadPoolSpec}); `undefined` for any other actor, an in-process pool included, and for
 * a child that is not running (`undefined` or `'restarting'` from `whichChildren()`). Look it up
 * again after a restart: the old handle belongs to the failed pool.
 *
 * @example
 * ```ts
 * const ref = sup.whichChildren().find((child) => child.id === 'hash')?.ref;
 * const hash = getThreadPool<typeof import('./hash.js')>(ref);
 * await hash?.call('sha256', 'hello');
 * ```
 */
declare function getThreadPool<M = Record<string, Fn>>(ref: AnyActorRef | 'restarting' | undefined): ThreadPool<M> | undefined;

/** An error as it crosses a thread boundary: name, message, stack and own enumerable properties. */
interface SerializedError {
    name: string;
    message: string;
    stack: string | undefined;
    props: Record<string, unknown>;
    /** The thrown value was not an Error (a string, a number, ...). */
    value?: unknown;
    isError: boolean;
}
/**
 * Rebuilds a thread's error on the main thread: an `Error` (or a `TypeError`, `RangeError`, ...)
 * with the original name, message, stack and own enumerable properties such as `code`.
 * A non-Error thrown value comes back as itself.
 *
 * @example
 * ```ts
 * const err = deserializeError({ name: 'ValidationError', message: 'bad', stack: '...', props: { code: 'E1' }, isError: true });
 * err.name; // 'ValidationError'
 * (err as any).code; // 'E1'
 * ```
 */
declare function deserializeError(serialized: SerializedError): unknown;

/** The most threads (or processes) a thread pool may have. */
declare const MAX_THREADS = 1024;

/** A state node's kind, as xstate names it. */
type GraphNodeType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
/** One state node of a machine: the root first, then every descendant in document order. */
interface GraphNode {
    /** The state node's xstate id: `<machine>.<path>` (`pool.running`), or its own `id` option. */
    id: string;
    /** Its key in its parent's `states` (the machine id for the root). */
    key: string;
    /** The parent node's id; absent for the root. */
    parent?: string;
    type: GraphNodeType;
    /** The id of the child entered first (compound nodes only). */
    initial?: string;
    /** `true` on final states. */
    final?: true;
    /** `shallow` or `deep` on history nodes. */
    history?: 'shallow' | 'deep';
    tags: string[];
    /** What the node invokes while it is active: the actor's name (`init`), or `inline` for inline logic. */
    invoke?: string[];
}
/** One transition, from the node that declares it to one target (a multi-target transition gives one edge per target). */
interface GraphEdge {
    /** The id of the node that declares the transition. */
    source: string;
    /** The target node's id; the source's own id for a targetless transition (`targetless: true`). */
    target: string;
    /**
     * The event descriptor exactly as xstate matches it: `pool.close`, `*`, `xstate.*`,
     * `xstate.done.actor.<invokeId>`, `xstate.after.<delay>.<nodeId>`; `''` for an eventless (`always`) one.
     */
    event: string;
    /** A short human label: the event, `always`, `after 1000ms`, `done: init`, `error: init`. */
    label: string;
    /** The guard: its name, `inline` for a function, combinators spelled out (`!a && (b || c)`). */
    guard?: string;
    /** The delay of an `after` transition: ms, or the name of a delay from `setup({ delays })`. */
    delayed?: number | string;
    /** An `always` transition. */
    eventless?: true;
    /** No target: it runs actions (or swallows the event) and stays where it is. */
    targetless?: true;
    /** Exits and re-enters its target (`reenter: true`). */
    reenter?: true;
}
/** A machine as plain JSON: `JSON.stringify` safe, and in a stable order for snapshots. */
interface MachineGraph {
    /** The machine's id. */
    id: string;
    nodes: GraphNode[];
    edges: GraphEdge[];
}
/**
 * Whether `value` is an xstate v5 machine (from any copy of xstate: it is recognized by shape).
 *
 * @example
 * ```ts
 * isMachine(poolMachine);          // true
 * isMachine(fromPromise(fetchIt)); // false: actor logic, not a machine
 * ```
 */
declare function isMachine(value: unknown): value is AnyStateMachine;
/**
 * Every state node and transition of an xstate v5 machine, as plain JSON in document order:
 * nodes depth-first as declared, and each node's transitions in xstate's own order (its `on`
 * keys, `onDone`, each invoke's done/error/snapshot, `after`, then `always`), with a guarded
 * list kept in priority order. Targetless transitions are included and flagged `targetless`.
 * Throws `InvalidOptionError` when `machine` is not a machine.
 *
 * @example
 * ```ts
 * import { toGraph, breakerMachine } from 'overseer';
 * const graph = toGraph(breakerMachine);
 * graph.nodes.map((n) => n.key);  // ['breaker', 'closed', 'open', 'halfOpen']
 * graph.edges.find((e) => e.delayed !== undefined);
 * // { source: 'breaker.open', target: 'breaker.halfOpen', event: 'xstate.after.cooldown.breaker.open', label: 'after cooldown', delayed: 'cooldown' }
 * ```
 */
declare function toGraph(machine: AnyStateMachine): MachineGraph;

/**
 * A machine as a Mermaid `stateDiagram-v2`:
 * - every state is declared `state "<key>" as <id>`, where `<id>` is the xstate id made safe for
 *   Mermaid (`pool.running` → `pool_running`; clashes and Mermaid keywords get a suffix);
 * - compound and parallel states are composite states, parallel regions split by `--`;
 * - `[*] --> s` marks each initial state, `s --> [*]` each final one;
 * - transitions read `event [guard]`, with `always`, `after 1000ms`, `done: init`, `error: init`
 *   for eventless, delayed and invoke transitions, and one arrow per target;
 * - targetless transitions (actions only, or an event swallowed) are not drawn: they change no
 *   state. `toGraph` lists them, flagged `targetless`;
 * - a parallel root, or a transition declared on the machine's root with a target, makes the
 *   whole chart one composite state named after the machine (Mermaid takes no `--` at the top
 *   level, and such an arrow needs a source to start from);
 * - each edge is written inside the innermost composite holding both ends (Mermaid draws an
 *   arrow between two regions of a parallel state from the state's parent);
 * - characters outside a safe set are written as Mermaid entity codes (`#35;` for `#`), which
 *   Mermaid shows as the character.
 *
 * Throws `InvalidOptionError` when `machine` is not a machine.
 *
 * @example
 * ```ts
 * import { toMermaid, breakerMachine } from 'overseer';
 * console.log(toMermaid(breakerMachine));
 * // stateDiagram-v2
 * //   state "closed" as breaker_closed
 * //   ...
 * //   breaker_open --> breaker_halfOpen: after cooldown
 * ```
 */
declare function toMermaid(machine: AnyStateMachine): string;

export { CHECKPOINT_EVENT, type CallArgs, type CallResult, ChildSpec, type DynamicChildSpec, DynamicSupervisor, DynamicSupervisorOptions, ExitReason, FileStore, type FileStoreOptions, type GraphEdge, type GraphNode, type GraphNodeType, Handler, HeldEventsFullError, InvalidOptionError, JsonValue, MAX_THREADS, type MachineGraph, NameAlreadyRegisteredError, NameNotRegisteredError, OverseerError, PersistenceOutcome, Pool, PoolOptions, STARTING_TAG, type SerializedError, ShutdownEvent, SnapshotStore, SpecOverrides, StartChildResult, SubmitOptions, type SupervisionEvent, SupervisorHandle, Task, TaskContext, TaskHandle, TerminateChildResult, ThreadPool, ThreadPoolOptions, UnknownOptionError, type WorkerContext, type WorkerEvent, type WorkerExit, type WorkerInput, assertSerializable, checkpoint, createPool, currentIncarnation, deserializeError, dynamicSupervisorSpec, getDynamicSupervisor, getPool, getThreadPool, isMachine, poolMachine, poolSpec, startDynamicSupervisor, supervisorMachine, threadPoolSpec, toGraph, toMermaid, workerMachine };
