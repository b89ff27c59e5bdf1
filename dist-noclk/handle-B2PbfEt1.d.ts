import * as xstate from 'xstate';
import { AnyActorLogic, InputFrom, AnyActorRef, AnyEventObject, ActorRefFromLogic, EventFromLogic, EventObject, Observer, InspectionEvent, Actor } from 'xstate';
import { EventType, Handler as Handler$1, WildcardHandler, Emitter } from 'mitt';
import { S as SnapshotStore } from './store-Bc8qgNEI.js';
import { AsyncResource } from 'node:async_hooks';

/**
 * How long to wait before the n-th try of something that failed: a task's next attempt
 * (`retry.backoff`), a failed pool's next start (`recovery.backoff`). The shape is BullMQ's, so
 * the same words mean the same thing on both sides of a queue.
 *
 * - `fixed`: `delay` every time.
 * - `exponential`: `delay × multiplier^(n − 1)`, capped at `maxDelay`.
 *
 * `jitter` (0..1) takes up to that fraction off each delay at random, so many tasks failing at
 * once do not all come back at once.
 *
 * @example
 * ```ts
 * const backoff: Backoff = { type: 'exponential', delay: 100, maxDelay: 5_000, jitter: 0.5 };
 * ```
 */
type Backoff = {
    type: 'fixed';
    delay: number;
    jitter?: number;
} | {
    type: 'exponential';
    delay: number;
    multiplier?: number;
    maxDelay?: number;
    jitter?: number;
};
/** A checked {@link Backoff}. */
interface NormalizedBackoff {
    delay: number;
    multiplier: number;
    maxDelay: number;
    jitter: number;
}

/** Default bound of the events held for one named child while it restarts. */
declare const DEFAULT_MAX_HELD_EVENTS = 1000;
/** A child's own restart limit under a dynamic supervisor: more than `intensity` restarts within `period` ms and it is given up alone. */
interface ChildRestartLimit {
    intensity: number;
    period: number;
}
/**
 * The wait before a child is restarted: a fixed number of ms, or a {@link Backoff} (the same shape
 * as a pool's `retry.backoff`), whose `n` is the child's restarts within its supervisor's `period`.
 */
type RestartDelay = number | Backoff;
/** The child-spec fields for orchestration: a stable name, restart backoff and a per-child restart limit. */
interface ChildOrchestration {
    /**
     * A stable name: `sup.send(name, event)` and `Registry.send(name, event)` reach the child's
     * current incarnation across restarts, and events sent while it restarts are held for the next one.
     * Unique in the process while the child lives (`NameAlreadyRegisteredError` otherwise).
     * @default none (the child is reached through its current ref only)
     * @example { id: 'payment', name: 'payment', logic: paymentMachine }
     */
    name?: string;
    /**
     * Wait this long before restarting the child (the child shows as `'restarting'` meanwhile). The
     * restart is counted toward the supervisor's intensity when the child exits, as OTP counts it.
     * @default 0 (restart at once)
     * @example { restartDelay: { type: 'exponential', delay: 100, maxDelay: 10_000, jitter: 0.2 } }
     */
    restartDelay?: RestartDelay;
    /**
     * Dynamic supervisors only: the child's own restart limit. A child beyond it is given up alone
     * (removed, `childGaveUp` with its last error); its siblings keep running. Its restarts are
     * counted against this limit instead of the supervisor's intensity.
     * @default none (the supervisor's intensity counts every child's restarts)
     * @example { childRestarts: { intensity: 5, period: 10_000 } }
     */
    childRestarts?: ChildRestartLimit;
    /**
     * Most events held for a named child while it restarts; one more is refused with `HeldEventsFullError`.
     * @default 1000
     * @example { name: 'payment', maxHeldEvents: 100 }
     */
    maxHeldEvents?: number;
}
/** The orchestration fields, checked. */
interface NormalizedChildOrchestration {
    name: string | undefined;
    restartDelay: NormalizedBackoff | undefined;
    childRestarts: ChildRestartLimit | undefined;
    maxHeldEvents: number;
}

/**
 * When a durable child's snapshot is saved:
 * - `'transition'`: after every transition that changed it (nothing is lost; one write per event);
 * - `{ throttle: ms }`: at most once per `ms`: the first change at once, the newest one at the end
 *   of the window, and any pending one when the actor exits; {@link CHECKPOINT_EVENT} saves at once;
 * - `'checkpoint'`: only when the machine emits {@link CHECKPOINT_EVENT} or `checkpoint(ref)` is called.
 */
type SaveMode = 'transition' | {
    throttle: number;
} | 'checkpoint';
/**
 * The `persist` field of a child spec: makes the child durable. Its snapshot is saved to `store`,
 * and every start (a restart, or a new process with the same store) restores the last one.
 *
 * @example
 * ```ts
 * { id: 'order', logic: orderMachine, persist: { store: new FileStore('./state'), save: { throttle: 100 } } }
 * ```
 */
interface PersistOptions {
    /** Where the snapshots live. */
    store: SnapshotStore;
    /**
     * The snapshot's key in the store; unique among the children that share the store.
     * @default the child's name, else its id
     */
    key?: string;
    /**
     * When to save.
     * @default 'transition'
     */
    save?: SaveMode;
    /**
     * A restored child that crashes within this many ms of its start is restarted fresh (from its
     * logic's initial state), not from the snapshot again: the snapshot may be what makes it crash.
     * The start event then says `persistence: 'fresh-after-crash'`. `0` never starts fresh.
     * @default 5000
     */
    freshIfCrashWithin?: number;
}
/** `persist` with its defaults filled in. */
interface NormalizedPersist {
    store: SnapshotStore;
    key: string;
    save: 'transition' | 'checkpoint' | {
        throttle: number;
    };
    freshIfCrashWithin: number;
}
/** Default of `persist.freshIfCrashWithin`, in ms. */
declare const DEFAULT_FRESH_IF_CRASH_WITHIN_MS = 5000;

/** When a child is restarted (OTP `restart`). */
type RestartType = 'permanent' | 'transient' | 'temporary';
/** How a child is stopped: ms to wait after the shutdown request, `'infinity'`, or `'brutal_kill'`. */
type Shutdown = number | 'infinity' | 'brutal_kill';
/** What kind of child this is; supervisors default to `shutdown: 'infinity'`. */
type ChildType = 'worker' | 'supervisor';
/**
 * Describes one supervised child: how to start it and how to treat its exits.
 * Any xstate actor logic works: machines, `fromPromise`, `fromCallback`, other supervisors.
 */
interface ChildSpec<TLogic extends AnyActorLogic = AnyActorLogic> extends ChildOrchestration {
    /** Unique within its supervisor (optional for dynamic supervisors). */
    id: string;
    /** The actor logic to start. */
    logic: TLogic;
    /** Input passed to `createActor(logic, { input })`. */
    input?: InputFrom<TLogic>;
    /** Default `'permanent'`; `'temporary'` for `fromPromise` logic (it finishes on its own, as Elixir's `Task`). */
    restart?: RestartType;
    /** Default `5000` for workers, `'infinity'` for supervisors. */
    shutdown?: Shutdown;
    /** Default `'worker'`. */
    type?: ChildType;
    /** Default `false`. Only transient and temporary children may be significant. */
    significant?: boolean;
    /**
     * Registers the child's actor under this key in the tree's actor system, so
     * `sup.actor.system.get(systemId)` (or `system.get` inside any machine of the tree) finds the
     * current incarnation. Unique within the tree. Default: not registered.
     */
    systemId?: string;
    /**
     * Makes the child durable: its snapshot is saved to a store, and every start (a restart, or a
     * new process with the same store) restores the last one. See docs/durable.md.
     * @default not persisted
     * @example { id: 'order', logic: orderMachine, persist: { store: new FileStore('./state') } }
     */
    persist?: PersistOptions;
}
/** A child spec with every default filled in. */
interface NormalizedChildSpec<TLogic extends AnyActorLogic = AnyActorLogic> extends NormalizedChildOrchestration {
    id: string;
    logic: TLogic;
    input: InputFrom<TLogic> | undefined;
    restart: RestartType;
    shutdown: Shutdown;
    type: ChildType;
    significant: boolean;
    systemId: string | undefined;
    persist: NormalizedPersist | undefined;
}
/** Default graceful-shutdown wait for worker children, as in OTP. */
declare const DEFAULT_WORKER_SHUTDOWN_MS = 5000;
/**
 * The spec fields a builder (`supervisorSpec`, `dynamicSupervisorSpec`, `poolSpec`) takes as its
 * third argument. Not `type`: everything they build supervises children of its own, so the
 * builder sets `type: 'supervisor'` (and `whichChildren()` / `countChildren()` say so).
 *
 * @example
 * ```ts
 * const overrides: SpecOverrides = { restart: 'transient', shutdown: 10_000 };
 * poolSpec('images', { size: 2 }, overrides);
 * ```
 */
type SpecOverrides = Omit<ChildSpec, 'id' | 'logic' | 'input' | 'type' | 'persist'>;

/** What sending to a name did: handed to the running child, or held for its next incarnation. */
type SendResult = 'delivered' | 'held';
/** Where a name points now (from {@link Registry.lookup}). */
interface NameEntry {
    name: string;
    /** The supervisor the child belongs to. */
    supervisor: string;
    /** The child's id in that supervisor. */
    id: string;
    /** `running` with its current actor, or `restarting` (events sent now are held). */
    status: 'running' | 'restarting';
    ref: AnyActorRef | undefined;
    /** Events held for the next incarnation. */
    held: number;
}
/**
 * The process-wide registry of named children (Elixir's unique `Registry`, `{:via, ...}` names):
 * a child whose spec has a `name` is registered while it lives, across restarts, and removed when
 * it exits for good, is terminated, is given up, or its supervisor stops.
 *
 * @example
 * ```ts
 * await startSupervisor({ children: [{ id: 'payment', name: 'payment', logic: paymentMachine }] });
 * Registry.send('payment', { type: 'CHARGE', amount: 42 }); // 'delivered' (or 'held' while it restarts)
 * Registry.whereis('payment');                            // its current actor, or undefined
 * ```
 */
declare const Registry: {
    /**
     * Sends to the named child's current incarnation; while it restarts the event is held (in order,
     * up to its `maxHeldEvents`) for the next one. Throws `NameNotRegisteredError` for an unknown
     * name and `HeldEventsFullError` when the held events are at their bound.
     *
     * @example
     * ```ts
     * if (Registry.send('payment', { type: 'CHARGE' }) === 'held') metrics.inc('held');
     * ```
     */
    send(name: string, event: AnyEventObject): SendResult;
    /**
     * The named child's running actor, or `undefined` (not registered, or restarting).
     *
     * @example
     * ```ts
     * Registry.whereis('payment')?.getSnapshot().value; // 'idle'
     * ```
     */
    whereis(name: string): AnyActorRef | undefined;
    /**
     * Where a name points now, or `undefined` if no child holds it.
     *
     * @example
     * ```ts
     * Registry.lookup('payment'); // { name: 'payment', supervisor: 'orders', id: 'payment', status: 'running', ref, held: 0 }
     * ```
     */
    lookup(name: string): NameEntry | undefined;
    /**
     * The name `ref` is registered under, if `ref` is a named child's running incarnation.
     *
     * @example
     * ```ts
     * Registry.nameOf(sup.whichChildren()[0].ref as AnyActorRef); // 'payment'
     * ```
     */
    nameOf(ref: AnyActorRef): string | undefined;
    /**
     * Every registered name, in registration order.
     *
     * @example
     * ```ts
     * Registry.names(); // ['payment', 'order-42']
     * ```
     */
    names(): string[];
};

/**
 * Why a child stopped, in OTP's terms:
 * - `normal`: it reached a final state on its own;
 * - `shutdown`: its supervisor stopped it, or it reported `{ reason: 'shutdown' }`
 *   as its output (a supervisor that gave up does this);
 * - `crashed`: its snapshot status became `error`, or it reached a final state whose output is
 *   `{ reason: 'crashed', error }` (`error` holds the cause);
 * - `killed`: someone other than its supervisor stopped it.
 */
type ExitReason = {
    reason: 'normal';
} | {
    reason: 'shutdown';
    cause?: string;
} | {
    reason: 'crashed';
    error: unknown;
} | {
    reason: 'killed';
};
/** Whether an exit counts as abnormal (OTP: anything but normal and shutdown). */
declare function isAbnormal(exit: ExitReason): boolean;

/** How a child's last incarnation ended: its exit reason, with the error written as text. */
interface ExitSummary {
    reason: ExitReason['reason'];
    /** Why a `shutdown` happened, when the child said (`requested`, `reached_max_restart_intensity`, ...). */
    cause?: string;
    /** A crash's error as `Name: message` (never the error object: it may hold anything). */
    error?: string;
    /** Epoch ms of the exit. */
    at: number;
}

/** The longest delay `setTimeout` honours (2³¹ − 1 ms, about 24.8 days); a longer one fires after 1 ms. */
declare const MAX_TIMER_MS = 2147483647;
/** A pending {@link longTimeout}; `cancel()` is idempotent. */
interface LongTimeout {
    cancel(): void;
}

/**
 * OTP's restart intensity, counted in plain code (supervisor.erl's `add_restart`): the times of
 * the restarts inside the last `period` ms. The supervisor's core records each restart here and
 * reports how many fall in the window; its machine decides whether that is within the intensity.
 * Recording is amortized O(1): expired times leave from the front, nothing is copied per restart.
 *
 * @example
 * ```ts
 * const window = new RestartWindow(5000);
 * window.record(0); window.record(10); // 2
 * window.record(6000);                 // 1: the first two left the window
 * ```
 */
declare class RestartWindow {
    private readonly period;
    private readonly times;
    private first;
    constructor(period: number);
    /** Records a restart at `now`; returns the restarts in `[now - period, now]`, this one included. */
    record(now: number): number;
    /** The restarts in `[now - period, now]` (OTP keeps `Now - Then =< Period`). */
    count(now: number): number;
}

/** One row of the child table: a spec and the actor of its current incarnation, if any. */
interface ChildEntry {
    /** The table key: the spec id, or `<id>#<n>` under a dynamic supervisor. */
    readonly key: string;
    readonly spec: NormalizedChildSpec;
    actor: AnyActorRef | undefined;
    /** Our exit observer on `actor`; removed before the supervisor stops the child itself. */
    unsubscribe: (() => void) | undefined;
    /** A restart of this child failed and a retry is queued (OTP's `restarting`). Set through `ChildTable.markRestarting`. */
    restarting: boolean;
    /** Restarts of this child by its supervisor since the child was added. */
    restarts: number;
    /** How its previous incarnation ended, or `null`. */
    lastExit: ExitSummary | null;
    /** The last crash's error, for `childGaveUp`. */
    lastError: unknown;
    /** A restart waiting out the child's `restartDelay`. */
    delayed: LongTimeout | undefined;
    /** The child's own restarts within a period (for `restartDelay` and `childRestarts`), made on first use. */
    window: RestartWindow | undefined;
}
/** One row of `whichChildren()`: the ref is `undefined` for a terminated child. */
interface ChildInfo<TRef = AnyActorRef> {
    id: string;
    ref: TRef | 'restarting' | undefined;
    type: ChildType;
    /** The child's stable name, if its spec gives one. */
    name: string | undefined;
    /** Restarts of this child by its supervisor since the child was added (exact: kept by the supervisor). */
    restarts: number;
    /** How its previous incarnation ended (exited, crashed, or stopped by its supervisor), or `null`. */
    lastExit: ExitSummary | null;
}
/** Answer of `countChildren()`, as OTP's `count_children`. */
interface ChildCounts {
    specs: number;
    active: number;
    supervisors: number;
    workers: number;
}
/**
 * The supervisor's children in start order. A plain Map, not xstate's `children`: xstate
 * copies that object on every spawn and stop, which makes a restart cost grow with the number
 * of children (about 3.3 ms at 1,000). Here a restart touches one row.
 *
 * @example
 * ```ts
 * const table = new ChildTable(false);
 * const entry = table.add('db', spec);
 * table.which(); // [{ id: 'db', ref: undefined, type: 'worker', name: undefined, restarts: 0, lastExit: null }]
 * ```
 */
declare class ChildTable {
    private readonly dynamic;
    private readonly rows;
    /** Rows marked `restarting`, so that "is any restart pending" is O(1) on every restart. */
    private restartingRows;
    constructor(dynamic: boolean);
    get size(): number;
    /** Appends a row for `spec` under `key`, with no actor yet. */
    add(key: string, spec: NormalizedChildSpec): ChildEntry;
    get(key: string): ChildEntry | undefined;
    /** Whether `entry` is still the row under its key (it was not deleted or replaced). */
    holds(entry: ChildEntry): boolean;
    delete(key: string): void;
    clear(): void;
    /** Marks or clears a pending retried restart of `entry`. */
    markRestarting(entry: ChildEntry, restarting: boolean): void;
    /** Rows in start order (a copy: callers may delete while they iterate). */
    entries(): ChildEntry[];
    /** A static child by id, or any child by its current actor. A dynamic child has no id to look up. */
    find(idOrRef: string | AnyActorRef): ChildEntry | undefined;
    /** Some child waits for a retried restart. */
    anyRestarting(): boolean;
    /** Significant children still running or waiting for a restart (for `all_significant`; O(children)). */
    significantLeft(): number;
    which(): ChildInfo[];
    count(): ChildCounts;
    /** A copy of the child's spec with defaults filled in. */
    specOf(id: string): NormalizedChildSpec | undefined;
}

/**
 * A child spec typed by its logic: `input` must be the logic's input (required when the logic
 * declares one that `undefined` does not satisfy), and `id` / `name` keep their literal types, so
 * a supervisor started with such specs knows each child's logic by id and by name.
 */
type TypedChildSpec<TLogic extends AnyActorLogic, TId extends string = string, TName extends string | undefined = string | undefined> = Omit<ChildSpec<TLogic>, 'id' | 'name' | 'input' | 'logic'> & {
    id: TId;
    name?: TName;
    logic: TLogic;
} & (undefined extends InputFrom<TLogic> ? {
    input?: InputFrom<TLogic>;
} : {
    input: InputFrom<TLogic>;
});
/** Any child spec, typed or not. */
type AnyChildSpec = ChildSpec<any>;
/** The logic of a child spec. */
type LogicOfSpec<C> = C extends {
    logic: infer L extends AnyActorLogic;
} ? L : never;
/**
 * Checks each spec of a `children` tuple against its own logic: `input` must be the logic's input
 * (and is required when the logic needs one).
 * Intersected with the inferred tuple, so a wrong input is a compile error on that element.
 */
type CheckedChildren<C extends readonly AnyChildSpec[]> = {
    readonly [K in keyof C]: Checked<C[K]>;
};
/**
 * One spec checked against its logic; distributes over a union (the element type of a spread array).
 * A spec with no `input` field at all (an inline literal) must give one when its logic needs it; a
 * spec typed `ChildSpec` (from `poolSpec`, `supervisorSpec`) has already been checked where it was made.
 */
type Checked<S> = S extends {
    logic: infer L extends AnyActorLogic;
} ? ChildSpec<L> & ('input' extends keyof S ? unknown : InputOf<L>) : S;
/** `input` is required when the logic declares one that neither `undefined` nor `{}` satisfies. */
type InputOf<TLogic extends AnyActorLogic> = undefined extends InputFrom<TLogic> ? unknown : {} extends InputFrom<TLogic> ? unknown : {
    input: InputFrom<TLogic>;
};
/** Whether the children are known by type (a tuple of specs with literal ids), not just `ChildSpec[]`. */
type Known<C extends readonly AnyChildSpec[]> = [C[number]] extends [never] ? false : string extends C[number]['id'] ? false : true;
/** The ids and names a typed supervisor's children answer to. */
type ChildKey<C extends readonly AnyChildSpec[]> = Known<C> extends true ? C[number]['id'] | Exclude<C[number]['name'], undefined> : string;
/** The spec of the child with id or name `K`. */
type SpecOf<C extends readonly AnyChildSpec[], K> = Extract<C[number], {
    id: K;
}> | Extract<C[number], {
    name: K;
}>;
/** The ref of the child with id or name `K`: typed by its logic when the children are known. */
type ChildRef<C extends readonly AnyChildSpec[], K> = Known<C> extends true ? ActorRefFromLogic<LogicOfSpec<SpecOf<C, K>>> : AnyActorRef;
/** The events the child with name `K` accepts. */
type ChildEvent<C extends readonly AnyChildSpec[], K> = Known<C> extends true ? EventFromLogic<LogicOfSpec<SpecOf<C, K>>> : {
    type: string;
    [key: string]: unknown;
};
/** The names a typed supervisor's children are registered under. */
type ChildName<C extends readonly AnyChildSpec[]> = Known<C> extends true ? Exclude<C[number]['name'], undefined> : string;
/** `whichChildren()` of a typed supervisor: one row type per child, its `ref` typed by its logic. */
type TypedChildInfo<C extends readonly AnyChildSpec[]> = Known<C> extends true ? {
    [K in keyof C]: ChildInfo<ActorRefFromLogic<LogicOfSpec<C[K]>>> & {
        id: C[K]['id'];
    };
}[number] : ChildInfo;
/**
 * A child spec checked against its logic: `input` must be what the logic takes, and the spec keeps
 * its logic, id and name in its type, so `sup.child(name)`, `sup.send(name, event)` and
 * `whichChildren()` of the supervisor it is given to are typed by that logic (an event the
 * machine does not accept is a compile error). Returns the spec as given, with `logic` set.
 *
 * @example
 * ```ts
 * const payment = defineChild(paymentMachine, { id: 'payment', name: 'payment', input: { orderId: 'A-1' } });
 * const sup = await startSupervisor({ children: [payment] });
 * sup.send('payment', { type: 'RETRY' }); // checked against paymentMachine's events
 * ```
 */
declare function defineChild<TLogic extends AnyActorLogic, const TId extends string, const TName extends string | undefined = undefined>(logic: TLogic, spec: Omit<TypedChildSpec<TLogic, TId, TName>, 'logic'>): NoInfer<TypedChildSpec<TLogic, TId, TName> & {
    name: TName;
}>;

/**
 * What `onListenerError` is called with: the error a listener threw and the name of the event
 * it was listening to.
 */
type ListenerErrorHandler = (error: unknown, event: PropertyKey) => void;
/**
 * Listeners given with the start options (`on`), subscribed before the first child or worker
 * starts: one per event name, typed by the event map, and `'*'` for every event (called with
 * the event's name and payload, as mitt's wildcard listeners are).
 *
 * @example
 * ```ts
 * const on: EventListeners<SupervisorEvents> = {
 *   childStarted: ({ id }) => console.log('started', id),
 *   '*': (type, event) => log.debug(type, event),
 * };
 * ```
 */
type EventListeners<Events extends Record<EventType, unknown>> = {
    [K in keyof Events]?: Handler$1<Events[K]>;
} & {
    '*'?: WildcardHandler<Events>;
};

/**
 * Typed errors of the supervisor layer, and the base class of every error overseer creates.
 * Every error carries a stable `code`, so callers can branch on it even where `instanceof`
 * cannot reach (another realm, a serialized error).
 */
/**
 * Base class of every error overseer creates.
 *
 * @example
 * ```ts
 * try {
 *   await startSupervisor({ strategy: 'nope' as never, children: [] });
 * } catch (err) {
 *   if (err instanceof OverseerError) console.log(err.code); // 'ERR_INVALID_OPTION'
 * }
 * ```
 */
declare class OverseerError extends Error {
    /** Stable machine-readable code, e.g. `ERR_INVALID_OPTION`. */
    readonly code: string;
    constructor(code: string, message: string, options?: {
        cause?: unknown;
    });
}
/**
 * An option, child-spec field or argument has a bad value. Nothing was started.
 *
 * @example
 * ```ts
 * try {
 *   await startSupervisor({ children: [{ id: 'a', logic, restart: 'sometimes' as never }] });
 * } catch (err) {
 *   (err as InvalidOptionError).option; // 'children[0].restart'
 * }
 * ```
 */
declare class InvalidOptionError extends OverseerError {
    /** Path of the offending field, e.g. `children[1].shutdown`. */
    readonly option: string;
    /** The value that was refused. */
    readonly value: unknown;
    constructor(option: string, value: unknown, expected: string);
}
/**
 * A child could not be started while its supervisor was starting (OTP's
 * `{shutdown, {failed_to_start_child, Id, Reason}}`). The children started before
 * it were terminated first. `cause` is the child's own error.
 *
 * @example
 * ```ts
 * try { await startSupervisor({ children: [badSpec] }); }
 * catch (err) { if (err instanceof FailedToStartChildError) console.log(err.childId, err.cause); }
 * ```
 */
declare class FailedToStartChildError extends OverseerError {
    readonly childId: string;
    constructor(childId: string, cause: unknown);
}
/**
 * The supervisor has stopped (or is stopping) and cannot take the call.
 *
 * @example
 * ```ts
 * await sup.stop();
 * await sup.startChild(spec).catch((err) => err instanceof SupervisorNotRunningError); // true
 * ```
 */
declare class SupervisorNotRunningError extends OverseerError {
    readonly supervisor: string;
    constructor(supervisor: string);
}

/**
 * A durable child's snapshot holds something a store cannot keep: a function, a class instance
 * (a resource such as a socket, a `Map`, a `Date`), a symbol, a bigint, a number JSON cannot
 * spell, or a cycle. Raised at save time, before anything is written; the last good snapshot
 * stays in the store. `path` says where, e.g. `context.socket`.
 *
 * @example
 * ```ts
 * sup.events.on('persistenceFailed', ({ error }) => {
 *   if (error instanceof SnapshotNotSerializableError) console.log(error.path); // 'context.conn'
 * });
 * ```
 */
declare class SnapshotNotSerializableError extends OverseerError {
    /** Where in the persisted snapshot the value sits, e.g. `context.items[2].at`. */
    readonly path: string;
    /** What was found there, e.g. `a function`, `an instance of Map`, `a cycle`. */
    readonly found: string;
    constructor(key: string, path: string, found: string);
}
/**
 * A snapshot store failed to load, save or delete (disk full, permission, database gone).
 * `cause` is the store's own error. A failed save never crashes the child or its supervisor:
 * it is reported as a `persistenceFailed` event; a failed load fails the child's start.
 *
 * @example
 * ```ts
 * sup.events.on('persistenceFailed', ({ key, error }) => {
 *   if (error instanceof SnapshotStoreError) log.warn(`${error.operation} ${key}`, error.cause);
 * });
 * ```
 */
declare class SnapshotStoreError extends OverseerError {
    readonly operation: 'load' | 'save' | 'delete' | 'keys';
    readonly key: string | undefined;
    constructor(operation: 'load' | 'save' | 'delete' | 'keys', key: string | undefined, cause: unknown);
}
/**
 * `checkpoint(ref)` was given an actor that is not a running durable child (no `persist` in its
 * spec, or an incarnation that has exited).
 *
 * @example
 * ```ts
 * await checkpoint(plainRef).catch((err) => err.code); // 'ERR_NOT_PERSISTED'
 * ```
 */
declare class NotPersistedError extends OverseerError {
    constructor(actorId: string);
}
/**
 * Two running children asked for the same persistence key in the same store: their snapshots
 * would overwrite each other. The second one's start fails with this error.
 *
 * @example
 * ```ts
 * const r = await dyn.startChild({ id: 'order', logic, persist: { store, key: 'order-1' } });
 * // a second start with key 'order-1' while the first runs: { ok: false, reason: 'start_failed', error: PersistKeyInUseError }
 * ```
 */
declare class PersistKeyInUseError extends OverseerError {
    readonly key: string;
    constructor(key: string);
}

/**
 * How a durable child's incarnation started, on its `childStarted` / `childRestarted` event:
 * - `'restored'`: from the snapshot last saved in its store;
 * - `'fresh'`: from its logic's initial state, as the store had no snapshot;
 * - `'fresh-after-crash'`: from its initial state although the store had one, because the last
 *   restored incarnation crashed within `persist.freshIfCrashWithin` (the snapshot was removed).
 */
type PersistenceOutcome = 'restored' | 'fresh' | 'fresh-after-crash';
/** A save that failed: reported as the supervisor's `persistenceFailed` event. */
interface PersistenceFailure {
    /** The child's id. */
    id: string;
    /** Its key in the store. */
    key: string;
    /** Why: the snapshot holds a non-JSON value, or the store failed. */
    error: SnapshotNotSerializableError | SnapshotStoreError;
}

/**
 * Events a supervisor emits on its `events` emitter (a mitt instance whose
 * listeners can never break the supervisor).
 */
type SupervisorEvents = {
    /**
     * A child was started (initially, by `startChild` or by `restartChild`). `persistence`: how a
     * durable child (one with `persist`) started: from its stored snapshot or fresh.
     */
    childStarted: {
        supervisor: string;
        id: string;
        ref: AnyActorRef;
        persistence?: PersistenceOutcome;
    };
    /** A child exited on its own; `exit` says why. Not emitted for children the supervisor stops. */
    childExited: {
        supervisor: string;
        id: string;
        ref: AnyActorRef;
        exit: ExitReason;
    };
    /** A child was started again by the restart strategy. */
    childRestarted: {
        supervisor: string;
        id: string;
        ref: AnyActorRef;
        persistence?: PersistenceOutcome;
    };
    /** A child was stopped by its supervisor (bystander of a restart, terminate, shutdown). */
    childTerminated: {
        supervisor: string;
        id: string;
        ref: AnyActorRef;
        outcome: 'exited' | 'killed';
    };
    /** A restart attempt failed; it counts as another restart. */
    childStartFailed: {
        supervisor: string;
        id: string;
        error: unknown;
    };
    /**
     * A named child will not come back (it exited for good, was terminated or given up, or the
     * supervisor stopped) while events sent to its name were held for it: here they are, undelivered.
     */
    heldEventsDropped: {
        supervisor: string;
        id: string;
        name: string;
        events: EventObject[];
    };
    /**
     * A child of a dynamic supervisor went past its own `childRestarts` limit: it was removed, its
     * siblings keep running. `ref` is its last incarnation (`undefined` if its last restart failed to
     * start); `error` the last crash's or failed start's.
     */
    childGaveUp: {
        supervisor: string;
        id: string;
        name: string | undefined;
        ref: AnyActorRef | undefined;
        error: unknown;
        restarts: number;
    };
    /** More than `intensity` restarts happened within `period`: the supervisor is shutting down. */
    gaveUp: {
        supervisor: string;
        reason: 'reached_max_restart_intensity';
        intensity: number;
        period: number;
    };
    /**
     * A child sent the supervisor an event of its own (`sendParent`). The supervisor also forwards
     * it to its own parent actor, if it has one (a machine that invokes it, or a parent supervisor).
     */
    messageReceived: {
        supervisor: string;
        event: EventObject;
    };
    /** The supervisor has stopped; every child is gone. */
    stopped: {
        supervisor: string;
        exit: SupervisorExit;
    };
    /** A durable child's snapshot could not be saved (not serializable, or the store failed); the child runs on. */
    persistenceFailed: {
        supervisor: string;
    } & PersistenceFailure;
};
/**
 * The `on` option of `startSupervisor` / `startDynamicSupervisor` (and their specs): listeners
 * subscribed before the first child starts, so the initial children's `childStarted` is heard.
 *
 * @example
 * ```ts
 * const on: SupervisorListeners = { childStarted: ({ id }) => console.log('started', id) };
 * await startSupervisor({ on, children });
 * ```
 */
type SupervisorListeners = EventListeners<SupervisorEvents>;
/** How and why a supervisor stopped; also the output of its final state. */
interface SupervisorExit {
    reason: 'shutdown';
    /**
     * - `requested`: `stop()` or a shutdown request from its parent;
     * - `reached_max_restart_intensity`: it gave up;
     * - `auto_shutdown`: a significant child exited (see `autoShutdown`);
     * - `killed`: its actor was stopped by force;
     * - `failed_to_start`: an initial child failed to start (the start itself was refused).
     */
    cause: 'requested' | 'reached_max_restart_intensity' | 'auto_shutdown' | 'killed' | 'failed_to_start';
}

/**
 * A supervisor's named children: each name is registered in the process-wide {@link Registry}
 * while its child lives (across restarts). Events sent while the child restarts are held, in
 * order and bounded by the spec's `maxHeldEvents`, and handed to the next incarnation as it
 * starts; if the child is gone for good instead, they are reported by `heldEventsDropped`.
 *
 * @example
 * ```ts
 * const names = new NamedDelivery('orders', events);
 * names.claim(entry);                // before its first start: throws if the name is taken
 * names.started(entry, actor);       // each incarnation: held events go to it
 * names.send('payment', { type: 'CHARGE' }); // 'delivered' | 'held'
 * ```
 */
declare class NamedDelivery {
    private readonly supervisor;
    private readonly events;
    private readonly byName;
    constructor(supervisor: string, events: Emitter<SupervisorEvents>);
    /** Registers the child's name (nothing for an unnamed child); throws `NameAlreadyRegisteredError`. */
    claim(entry: ChildEntry): void;
    /** A new incarnation of the child started: the events held for it are delivered, in order. */
    started(entry: ChildEntry, actor: AnyActorRef): void;
    /** The child will not come back on its own: its name is released and its held events reported. */
    gone(entry: ChildEntry): void;
    /** Every name is released (the supervisor stopped). */
    goneAll(): void;
    /** Sends to one of this supervisor's named children; throws `NameNotRegisteredError` / `HeldEventsFullError`. */
    send(name: string, event: EventObject): SendResult;
    /** The entry of a named child of this supervisor. */
    entryOf(name: string): ChildEntry | undefined;
}

/** What `inspect` options accept: an observer or a function, as xstate's own option. */
type InspectOption = Observer<InspectionEvent> | ((event: InspectionEvent) => void);

/** OTP restart strategies. */
type Strategy = 'one_for_one' | 'one_for_all' | 'rest_for_one';
/** OTP `auto_shutdown`: when significant children exiting shut the supervisor down. */
type AutoShutdown = 'never' | 'any_significant' | 'all_significant';
/** Options of a static supervisor. */
interface SupervisorOptions {
    /** Name used in events and errors. Default `supervisor-<nanoid>`. */
    name?: string;
    /** Default `'one_for_one'`. */
    strategy?: Strategy;
    /** Max restarts within `period` before giving up. Default 3 (as Elixir). */
    intensity?: number;
    /** Window for `intensity`, in ms. Default 5000 (as Elixir). */
    period?: number;
    /** Default `'never'`. */
    autoShutdown?: AutoShutdown;
    /** Started in list order; stopped in reverse order. */
    children?: readonly ChildSpec[];
    /**
     * An xstate inspection observer. Every actor of the tree shares the root's actor system, so on
     * a root supervisor it sees every actor at any depth; on a nested one it joins the same system.
     */
    inspect?: InspectOption;
    /**
     * Listeners subscribed before the first child starts, by event name (`'*'` hears every event),
     * so the initial children's `childStarted` is heard. Typed by the event map: a misspelled event
     * or payload field does not compile. Given to `supervisorSpec`, every incarnation of the nested
     * supervisor starts with them.
     * @default none
     * @example startSupervisor({ on: { childStarted: ({ id }) => console.log('up:', id) }, children })
     */
    on?: SupervisorListeners;
    /**
     * Called when an event listener throws; the supervisor carries on either way.
     * @default console.error
     * @example startSupervisor({ onListenerError: (error, event) => log.warn(String(event), error), children })
     */
    onListenerError?: ListenerErrorHandler;
}
/** Options of a dynamic supervisor (one_for_one, children added at run time). */
interface DynamicSupervisorOptions {
    name?: string;
    intensity?: number;
    period?: number;
    /** Most children at once; `startChild` beyond it answers `max_children`. Default `Infinity`. */
    maxChildren?: number;
    /** Shallow-merged under every child's input (the child's own keys win): OTP's `extra_arguments`. */
    extraInput?: Record<string, unknown>;
    inspect?: SupervisorOptions['inspect'];
    /**
     * Listeners subscribed before the supervisor starts, as for `startSupervisor`.
     * @default none
     * @example startDynamicSupervisor({ on: { childStarted: ({ ref }) => sessions.add(ref), stopped: () => sessions.clear() } })
     */
    on?: SupervisorListeners;
    /**
     * Called when an event listener throws; the supervisor carries on either way.
     * @default console.error
     * @example startDynamicSupervisor({ onListenerError: (error, event) => log.warn(String(event), error) })
     */
    onListenerError?: ListenerErrorHandler;
}
/** Options after validation, defaults filled in. */
interface NormalizedSupervisorOptions {
    name: string;
    strategy: Strategy;
    intensity: number;
    period: number;
    autoShutdown: AutoShutdown;
    children: NormalizedChildSpec[];
    dynamic: boolean;
    maxChildren: number;
    extraInput: Record<string, unknown> | undefined;
    inspect: SupervisorOptions['inspect'];
    on: SupervisorListeners | undefined;
    onListenerError: ListenerErrorHandler | undefined;
}
/** Elixir's defaults: 3 restarts in 5 seconds. */
declare const DEFAULT_INTENSITY = 3;
declare const DEFAULT_PERIOD_MS = 5000;
/**
 * Validates static supervisor options and fills in defaults. Throws
 * {@link InvalidOptionError} naming the field; nothing is started.
 *
 * @example
 * ```ts
 * normalizeSupervisorOptions({ strategy: 'one_for_all', children: [] }, 'sup-1').intensity; // 3
 * ```
 */
declare function normalizeSupervisorOptions(options: SupervisorOptions, defaultName: string): NormalizedSupervisorOptions;

/** Lifecycle phases: the supervisor machine's states. */
type SupervisorPhase = 'starting' | 'running' | 'restarting' | 'shuttingDown' | 'stopped';
type ShutdownCause = SupervisorExit['cause'];
/**
 * The supervisor's mailbox and the work its machine decides on. Every operation that changes
 * the child table (start, terminate, restart, delete, an exit, shutdown) runs one at a time on
 * a promise chain, as an OTP supervisor handles one message at a time. Exits and failed restarts
 * are reported to the machine as facts; the machine decides (restart, give up, shut down) and
 * this core carries the decision out within the same message.
 */
declare class SupervisorCore {
    private readonly self;
    readonly name: string;
    readonly events: Emitter<SupervisorEvents>;
    /** Resolves when the initial children are all started; rejects with the start failure. */
    readonly ready: Promise<void>;
    /** Resolves once the supervisor has stopped and every child is gone. */
    readonly exited: Promise<SupervisorExit>;
    /** @internal */
    readonly options: NormalizedSupervisorOptions;
    /** @internal The named children, and events held for them while they restart. */
    readonly names: NamedDelivery;
    /** The children, in start order. Changed only by this core's mailbox; the handles read it. */
    readonly table: ChildTable;
    /** Restart times inside the period: plain counting; the machine decides on the count. */
    private readonly window;
    private readonly actors;
    private tail;
    private finished;
    private shutdownRequested;
    /** Set while a fact is being sent: a shutdown decided then is carried out by that message. */
    private deciding;
    private decidedShutdown;
    /** @internal The next dynamic child's key suffix. */
    nextKey: number;
    private inspection;
    private resolveReady;
    private rejectReady;
    private resolveExited;
    constructor(options: NormalizedSupervisorOptions, self: AnyActorRef);
    get isDynamic(): boolean;
    /** The machine's state, or `stopped` once every child is gone. */
    get currentPhase(): SupervisorPhase;
    /** The restarts inside the last `period` ms (counted here; the machine compares with the intensity). */
    get restartsInPeriod(): number;
    /** Starts the initial children in order; on a failure terminates the started ones and rejects. */
    init(): Promise<void>;
    /** The machine entered `shuttingDown`. */
    onShuttingDown(cause: ShutdownCause): void;
    /** Our own actor was stopped by force: kill every child at once. */
    onActorStopped(): void;
    /** A child sent the supervisor an event of its own (`sendParent`). */
    onMessage(event: EventObject): void;
    /** Asks for a graceful stop; resolves with the exit. */
    requestShutdown(): Promise<SupervisorExit>;
    /** @internal Runs `op` after every operation queued before it. Rejects once the supervisor stopped. */
    enqueue<T>(op: () => T | Promise<T>): Promise<T>;
    /**
     * Reports a fact (marked as the core's) to the machine. Returns the shutdown it decided on, to
     * be carried out within the same message, or nothing (no promise hop on the restart path).
     */
    private decide;
    /** @internal Starts the child's actor and announces it; a child with no notion of starting is started at once. */
    startEntry(entry: ChildEntry, event: 'childStarted' | 'childRestarted'): AnyActorRef | Promise<AnyActorRef>;
    /** Counts a restart and hands the held events over (first, in order), then announces the child. */
    private started;
    private announceStarted;
    /** @internal Stops a child the way its spec says and announces it; its exit is not treated as an exit on its own. */
    terminateEntry(entry: ChildEntry): Promise<void>;
    private onChildExit;
    /** One exit: report it, then restart the group if the machine decided so. */
    private handleExit;
    /** The child's spec goes, and its name with it. */
    private dropEntry;
    /** A dynamic supervisor's child went past its own limit: it alone is removed; its siblings keep running. */
    private giveUpChild;
    /** Waits out the child's `restartDelay` (shown as `restarting`), then restarts it; false if it has none. */
    private restartLater;
    /**
     * Restarts the group the strategy names, or reports the failed start. A one_for_one restart
     * of a child with no notion of starting is done within this call: no promise hop.
     */
    private restartGroup;
    /** OTP retries a failed restart as a new message, counting it as another restart. */
    private restartFailed;
    /** @internal Back to `running` once no child waits for a retried restart. */
    reportRestartsDone(): void;
    /**
     * one_for_all and rest_for_one: terminates the bystanders the strategy names (reverse start
     * order), then starts the crashed child and them again in start order. Returns the entry that failed to start.
     */
    private restartGroupInOrder;
    /** Terminates every child (reverse start order; in parallel for a dynamic supervisor), then stops. */
    private shutdown;
    private finish;
    private refuseStart;
    /** The supervisor is gone: every promise and observer it holds is released. */
    private settle;
}

/**
 * What every supervisor handle offers, static or dynamic: its actor, name, events, phase,
 * exit, the child listing and a graceful stop. The child admin calls differ (ids vs refs) and
 * live on {@link Supervisor} and {@link DynamicSupervisor}.
 */
declare abstract class SupervisorHandle {
    private readonly originCore;
    private readonly origin;
    /** @internal */
    constructor(originCore: SupervisorCore, origin: AnyActorRef);
    /**
     * The supervisor's actor; its `system` is the whole tree's actor system. A handle of a nested
     * supervisor follows its restarts: this is always the current incarnation's actor.
     *
     * @example
     * ```ts
     * sup.actor.system.get('cache');
     * ```
     */
    get actor(): AnyActorRef;
    /** @internal The current incarnation's core. */
    protected get core(): SupervisorCore;
    /**
     * The supervisor's name (from options, or `supervisor-<nanoid>`).
     *
     * @example
     * ```ts
     * sup.name; // 'root'
     * ```
     */
    get name(): string;
    /**
     * Typed events: childStarted, childExited, childRestarted, childTerminated, childStartFailed,
     * messageReceived, gaveUp, stopped, heldEventsDropped, childGaveUp.
     *
     * @example
     * ```ts
     * sup.events.on('childRestarted', ({ id }) => console.log('restarted', id));
     * ```
     */
    get events(): Emitter<SupervisorEvents>;
    /**
     * The supervisor machine's state: `starting`, `running`, `restarting`, `shuttingDown` or `stopped`.
     *
     * @example
     * ```ts
     * if (sup.phase === 'restarting') console.log('healing');
     * ```
     */
    get phase(): SupervisorPhase;
    /**
     * How much of the restart intensity is used: the restarts inside the last `period` ms. The
     * supervisor gives up when a restart would take this above `intensity`.
     *
     * @example
     * ```ts
     * const sup = await startSupervisor({ intensity: 3, period: 5000, children });
     * if (sup.restartsInPeriod >= 2) console.warn(`${sup.name}: one more crash within 5 s and it gives up`);
     * ```
     */
    get restartsInPeriod(): number;
    /**
     * Resolves once the supervisor stopped, with why: it never rejects.
     *
     * @example
     * ```ts
     * const { cause } = await sup.exited; // 'requested', 'reached_max_restart_intensity', ...
     * ```
     */
    get exited(): Promise<SupervisorExit>;
    /**
     * Lists children in start order: id, current actor (or `undefined` / `'restarting'`), type,
     * name, how often the supervisor restarted it and how its previous incarnation ended.
     *
     * @example
     * ```ts
     * for (const { id, ref } of sup.whichChildren()) console.log(id, ref === undefined ? 'terminated' : 'up');
     * ```
     */
    whichChildren(): ChildInfo[];
    /**
     * Counts specs, running children, supervisors and workers.
     *
     * @example
     * ```ts
     * sup.countChildren(); // { specs: 3, active: 3, supervisors: 1, workers: 2 }
     * ```
     */
    countChildren(): ChildCounts;
    /**
     * Sends `event` to the child named `name` (its spec's `name`): its current incarnation gets it,
     * whatever restarts happened since the call that gave you a ref. While the child restarts, the
     * event is held (in order, up to the spec's `maxHeldEvents`, default 1000) and handed to the next
     * incarnation first. Returns `'delivered'` or `'held'`; throws `NameNotRegisteredError` when no
     * child of this supervisor holds the name (never started, or gone for good) and
     * `HeldEventsFullError` when the held events are at their bound. Never drops an event silently.
     *
     * @example
     * ```ts
     * const sup = await startSupervisor({ children: [{ id: 'payment', name: 'payment', logic: paymentMachine }] });
     * sup.send('payment', { type: 'CHARGE', amount: 42 }); // 'delivered'
     * ```
     */
    send(name: string, event: AnyEventObject): SendResult;
    /**
     * The current actor of a child, by its `name` or (static supervisor) its id; `undefined` while it
     * restarts or once it is gone. Ask again after a restart rather than keeping the ref.
     *
     * @example
     * ```ts
     * sup.child('payment')?.getSnapshot().value; // 'idle'
     * ```
     */
    child(nameOrId: string): AnyActorRef | undefined;
    /**
     * Stops the supervisor gracefully: children are terminated in reverse start order (in parallel
     * for a dynamic supervisor). Idempotent: every call returns the same exit.
     *
     * @example
     * ```ts
     * const exit = await sup.stop(); // { reason: 'shutdown', cause: 'requested' }
     * ```
     */
    stop(): Promise<SupervisorExit>;
}

/** Result of starting a child, in OTP's terms. */
type StartChildResult<TRef = AnyActorRef> = {
    ok: true;
    ref: TRef;
} | {
    ok: false;
    reason: 'already_started';
    ref: TRef;
} | {
    ok: false;
    reason: 'already_present';
} | {
    ok: false;
    reason: 'max_children';
} | {
    ok: false;
    reason: 'start_failed';
    error: unknown;
};
/** Result of terminating a child. Terminating an already terminated child is `ok`. */
type TerminateChildResult = {
    ok: true;
} | {
    ok: false;
    reason: 'not_found';
};
/** Result of restarting a terminated child. */
type RestartChildResult = {
    ok: true;
    ref: AnyActorRef;
} | {
    ok: false;
    reason: 'running' | 'restarting' | 'not_found';
} | {
    ok: false;
    reason: 'start_failed';
    error: unknown;
};
/** Result of deleting a terminated child's spec. */
type DeleteChildResult = {
    ok: true;
} | {
    ok: false;
    reason: 'running' | 'restarting' | 'not_found';
};

/**
 * The shutdown request a supervisor sends before it stops a child by force.
 * A machine that handles this event "traps exits" (OTP): it gets up to its
 * `shutdown` time to clean up and reach a final state. Sent to a supervisor or a pool, it asks for
 * a graceful stop; a child that sends it to its own supervisor (`sendParent`) therefore stops that
 * supervisor, as any process may send an exit signal to its supervisor in OTP.
 *
 * @example
 * ```ts
 * const worker = setup({}).createMachine({
 *   initial: 'working',
 *   states: {
 *     working: { on: { [SHUTDOWN_EVENT]: 'flushing' } },
 *     flushing: { after: { 100: 'done' } },
 *     done: { type: 'final' },
 *   },
 * });
 * ```
 */
declare const SHUTDOWN_EVENT: "overseer.shutdown";
/** The event object sent as the shutdown request. */
interface ShutdownEvent {
    type: typeof SHUTDOWN_EVENT;
}
/** How a termination ended: the child finished on its own, or it was stopped by force. */
type TerminationOutcome = 'exited' | 'killed';
/**
 * Stops `actor` the way OTP's supervisor does:
 * - `brutal_kill`: stop at once;
 * - a number of ms: send {@link SHUTDOWN_EVENT}, wait that long for the actor to finish, then stop it;
 * - `infinity`: send the request and wait as long as it takes.
 *
 * A machine whose current state has no transition for the request does not trap exits
 * and is stopped at once, as an OTP process that does not trap exits dies at once.
 * Logic that cannot report this (`fromPromise`, `fromCallback`, ...) is given the full time.
 *
 * @example
 * ```ts
 * const outcome = await terminateActor(actor, 5000); // 'exited' or 'killed'
 * ```
 */
declare function terminateActor(actor: AnyActorRef, shutdown: Shutdown): Promise<TerminationOutcome>;

/**
 * Marks a fact as reported by the core: a child can `sendParent` any event, and one named like a
 * fact must not move its supervisor. A symbol key: it never reaches JSON or an inspector's payload.
 */
declare const FACT: unique symbol;

/**
 * The supervisor machine's context: plain data only (ids, settings, counts), so a snapshot is
 * small, JSON-serializable and persistable. The child table lives in the {@link SupervisorCore}
 * bound to the actor, never in the snapshot.
 */
interface SupervisorContext {
    name: string;
    strategy: Strategy;
    dynamic: boolean;
    intensity: number;
    period: number;
    autoShutdown: AutoShutdown;
    /** Why the supervisor is shutting down, once it is. */
    cause: SupervisorExit['cause'] | undefined;
    /** How it stopped, once it has. */
    exit: SupervisorExit | undefined;
}
/**
 * The supervisor as an xstate machine: `starting → running ⇄ restarting → shuttingDown → stopped`.
 * It decides the lifecycle from facts its core reports:
 * - a child exited whose restart type asks for a restart: within the intensity it goes
 *   `restarting`, beyond it it gives up (the core counts the restarts in the period and reports the
 *   count with the fact; the count is not kept in the context, so a restart copies no context);
 * - a significant child exited: `autoShutdown` decides whether it shuts down;
 * - a failed restart counts as another restart; every pending restart done: back to `running`;
 * - `overseer.shutdown` (from a parent or `stop()`): `shuttingDown`, then `stopped` (final) with
 *   output `{ reason: 'shutdown', cause }`, which a parent reads as exit reason `shutdown`.
 *
 * A start failure makes the machine error with `FailedToStartChildError`: that is how a parent
 * sees that a nested supervisor failed to start. Children are linked to this actor (their
 * `_parent`) and share its actor system; xstate relays their `xstate.done.actor.*` and
 * `xstate.error.actor.*` events here, where they are acknowledged (the core hears each exit
 * through its own observer, the one source of truth). Any other event a child sends with
 * `sendParent` is emitted as `messageReceived` and forwarded to this supervisor's own parent, so
 * a machine that invokes a supervisor hears what its children say.
 *
 * Input must already be normalized; use `supervisorSpec()` / `startSupervisor()`.
 *
 * @example
 * ```ts
 * const actor = createActor(supervisorMachine, {
 *   input: normalizeSupervisorOptions({ children: [{ id: 'a', logic: worker }] }, 'sup'),
 * });
 * actor.subscribe({ error: () => {} });
 * actor.start();
 * ```
 */
declare const supervisorMachine: xstate.StateMachine<SupervisorContext, ShutdownEvent | ({
    [FACT]?: true;
} & {
    type: "supervisor.childExited";
    restart: boolean;
    restarts: number;
    significant: boolean;
    significantLeft: number;
}) | ({
    [FACT]?: true;
} & {
    type: "supervisor.restartFailed";
    restarts: number;
}) | ({
    [FACT]?: true;
} & {
    type: "supervisor.restarted";
}) | ({
    [FACT]?: true;
} & {
    type: "supervisor.stopped";
    exit: SupervisorExit;
}), {
    [x: string]: xstate.ActorRefFromLogic<xstate.PromiseActorLogic<void, AnyActorRef, EventObject> | xstate.CallbackActorLogic<EventObject, xstate.NonReducibleUnknown, EventObject>> | undefined;
}, {
    src: "init";
    logic: xstate.PromiseActorLogic<void, AnyActorRef, EventObject>;
    id: string | undefined;
} | {
    src: "lifeline";
    logic: xstate.CallbackActorLogic<EventObject, xstate.NonReducibleUnknown, EventObject>;
    id: string | undefined;
}, {
    type: "gaveUp";
    params: xstate.NonReducibleUnknown;
} | {
    type: "autoShutdown";
    params: xstate.NonReducibleUnknown;
} | {
    type: "requestedBy";
    params: xstate.NonReducibleUnknown;
} | {
    type: "shutDown";
    params: unknown;
} | {
    type: "announce";
    params: unknown;
} | {
    type: "forward";
    params: xstate.NonReducibleUnknown;
} | {
    type: "rethrow";
    params: unknown;
}, {
    type: "autoShutdown";
    params: unknown;
} | {
    type: "fromCore";
    params: unknown;
} | {
    type: "restartWanted";
    params: unknown;
} | {
    type: "restartWithinIntensity";
    params: unknown;
} | {
    type: "withinIntensity";
    params: unknown;
} | {
    type: "shutdownPending";
    params: unknown;
}, never, "running" | "restarting" | "stopped" | "starting" | "shuttingDown", string, NormalizedSupervisorOptions, SupervisorExit, EventObject, xstate.MetaObject, {
    id: "supervisor";
    states: {
        readonly starting: {};
        readonly running: {};
        readonly restarting: {};
        readonly shuttingDown: {};
        readonly stopped: {};
    };
}, xstate.MetaObject>;

/** The running supervisor machine actor. */
type SupervisorActor = Actor<typeof supervisorMachine>;
/**
 * Handle on a running static supervisor. Every method that changes the child table is
 * serialized with the supervisor's own restart work, as calls to an OTP supervisor are.
 */
declare class Supervisor<out C extends readonly AnyChildSpec[] = readonly ChildSpec[]> extends SupervisorHandle {
    /**
     * The current actor of a child by name or id, typed by the child's logic when the supervisor was
     * started with typed children (`defineChild`, or an inline `children` array); `undefined` while
     * it restarts or once it is gone.
     *
     * @example
     * ```ts
     * sup.child('payment')?.send({ type: 'RETRY' }); // a compile error for an event paymentMachine does not take
     * ```
     */
    child<K extends ChildKey<C>>(nameOrId: K): ChildRef<C, K> | undefined;
    /**
     * Sends to a named child's current incarnation (held while it restarts); the event is checked
     * against the child's logic when the children are typed. See {@link SupervisorHandle.send}.
     *
     * @example
     * ```ts
     * sup.send('payment', { type: 'CHARGE', amount: 42 }); // 'delivered' | 'held'
     * ```
     */
    send<K extends ChildName<C>>(name: K, event: ChildEvent<C, K>): SendResult;
    /**
     * The children in start order; with typed children each row's `ref` is typed by its logic
     * (narrow on `id`). See {@link SupervisorHandle.whichChildren}.
     *
     * @example
     * ```ts
     * for (const row of sup.whichChildren()) if (row.id === 'payment' && typeof row.ref === 'object') row.ref.send({ type: 'RETRY' });
     * ```
     */
    whichChildren(): TypedChildInfo<C>[];
    /**
     * Starts a new child and appends it to the start order.
     *
     * @example
     * ```ts
     * const r = await sup.startChild({ id: 'cache', logic: cacheMachine });
     * if (!r.ok && r.reason === 'already_started') console.log('running as', r.ref.id);
     * ```
     */
    startChild<TLogic extends AnyActorLogic>(spec: ChildSpec<TLogic>): Promise<StartChildResult<ActorRefFromLogic<TLogic>>>;
    /**
     * Stops a child by id (per its `shutdown`) and keeps its spec, unless it is temporary.
     * Terminating a terminated child is fine.
     *
     * @example
     * ```ts
     * await sup.terminateChild('cache'); // { ok: true }
     * ```
     */
    terminateChild(id: string): Promise<TerminateChildResult>;
    /**
     * Starts a terminated child again from its kept spec.
     *
     * @example
     * ```ts
     * await sup.terminateChild('cache');
     * const r = await sup.restartChild('cache'); // { ok: true, ref: <new actor> }
     * ```
     */
    restartChild(id: string): Promise<RestartChildResult>;
    /**
     * Deletes a terminated child's spec.
     *
     * @example
     * ```ts
     * await sup.deleteChild('cache'); // { ok: false, reason: 'running' } while it runs
     * ```
     */
    deleteChild(id: string): Promise<DeleteChildResult>;
    /**
     * The child's spec with defaults filled in, or `undefined`.
     *
     * @example
     * ```ts
     * sup.getChildSpec('cache')?.shutdown; // 5000
     * ```
     */
    getChildSpec(id: string): NormalizedChildSpec | undefined;
}
/**
 * Starts a root supervisor and resolves once every initial child has started (OTP's
 * `start_link`). Rejects with {@link InvalidOptionError} on bad options (nothing started)
 * or {@link FailedToStartChildError} when a child fails to start (the ones started before
 * it are terminated first). The returned supervisor never throws into the host process:
 * when it gives up, `exited` resolves and `gaveUp` / `stopped` events fire.
 *
 * @example
 * ```ts
 * const sup = await startSupervisor({
 *   strategy: 'one_for_one',
 *   children: [
 *     { id: 'db', logic: dbMachine },
 *     { id: 'jobs', logic: fromPromise(async () => runJobs()), restart: 'transient' },
 *   ],
 * });
 * sup.events.on('childRestarted', (e) => console.log('restarted', e.id));
 * ```
 */
declare function startSupervisor<const C extends readonly AnyChildSpec[] = readonly ChildSpec[]>(options: TypedSupervisorOptions<C>): Promise<Supervisor<NoInfer<C>>>;
/** {@link SupervisorOptions} whose `children` are checked one by one against their own logic. */
type TypedSupervisorOptions<C extends readonly AnyChildSpec[]> = Omit<SupervisorOptions, 'children'> & {
    children?: C & CheckedChildren<C>;
};
/**
 * A child spec that runs a nested supervisor (type `supervisor`, shutdown `infinity`
 * by default). Options are validated now, so a bad tree fails before anything starts.
 *
 * @example
 * ```ts
 * const root = await startSupervisor({
 *   children: [supervisorSpec('workers', { strategy: 'one_for_all', children: [a, b] })],
 * });
 * ```
 */
declare function supervisorSpec(id: string, options: SupervisorOptions, spec?: SpecOverrides): ChildSpec<typeof supervisorMachine>;
/**
 * The handle of a supervisor running as a child (from `whichChildren()` or a
 * `childStarted` event), or `undefined` if `ref` is not a supervisor.
 *
 * @example
 * ```ts
 * const inner = getSupervisor(root.whichChildren()[0].ref);
 * await inner?.startChild(spec);
 * ```
 */
declare function getSupervisor(ref: AnyActorRef | 'restarting' | undefined): Supervisor | undefined;

/** Breaker timing, after validation. */
interface BreakerInput {
    /** ms the breaker stays open before it goes half-open. */
    cooldown: number;
    /** Cooldown multiplier for each consecutive re-opening (1 = no backoff). */
    backoffMultiplier: number;
    /** Cap on the backed-off cooldown, in ms. */
    maxCooldown: number;
}
/** Plain data: the timing, and where the current open period stands. */
interface BreakerContext extends BreakerInput {
    /** Consecutive openings without a close in between; drives the backoff. */
    openings: number;
    /** The cooldown of the current open period, in ms. */
    currentCooldown: number;
    /** Epoch ms at which the current open period ends. */
    retryAt: number | undefined;
}
/**
 * Events of the breaker. The counting (consecutive failures, failure-rate window, probe
 * outcomes) is plain code in the pool, which reports a fact only when it matters:
 * `breaker.failuresExceeded` (closed: the threshold or rate was crossed), `breaker.probeFailed`
 * and `breaker.probesSucceeded` (half-open). `breaker.forceOpen` and `breaker.reset` are the
 * user's commands (`pool.openCircuit()`, `pool.resetCircuit()`).
 */
type BreakerEvent = {
    type: 'breaker.failuresExceeded';
} | {
    type: 'breaker.probeFailed';
} | {
    type: 'breaker.probesSucceeded';
} | {
    type: 'breaker.forceOpen';
} | {
    type: 'breaker.reset';
};
/**
 * The pool's circuit breaker: `closed → open → halfOpen → closed | open`. It decides every
 * change of state; `open` goes `halfOpen` on its own timer (`after` the current cooldown), not on
 * the next call. Re-opening from `halfOpen` multiplies the cooldown by `backoffMultiplier`, up to
 * `maxCooldown`; closing resets it.
 *
 * @example
 * ```ts
 * const breaker = createActor(breakerMachine, { input: { cooldown: 30_000, backoffMultiplier: 2, maxCooldown: 300_000 } });
 * breaker.start();
 * breaker.send({ type: 'breaker.failuresExceeded' }); // open; half-open in 30 s
 * ```
 */
declare const breakerMachine: xstate.StateMachine<BreakerContext, {
    type: "breaker.failuresExceeded";
} | {
    type: "breaker.probeFailed";
} | {
    type: "breaker.probesSucceeded";
} | {
    type: "breaker.forceOpen";
} | {
    type: "breaker.reset";
}, {}, never, {
    type: "openFor";
    params: xstate.NonReducibleUnknown;
} | {
    type: "closeUp";
    params: xstate.NonReducibleUnknown;
}, never, "cooldown", "open" | "halfOpen" | "closed", string, BreakerInput, xstate.NonReducibleUnknown, xstate.EventObject, xstate.MetaObject, {
    id: "breaker";
    states: {
        readonly closed: {};
        readonly open: {};
        readonly halfOpen: {};
    };
}, xstate.MetaObject>;

/** Circuit-breaker options of a pool. */
interface CircuitBreakerOptions {
    /** Consecutive failures that trip it. Default 5. */
    failureThreshold?: number;
    /** Also trip when the failure rate over the last `window` calls exceeds `threshold` (0..1), once `minimumCalls` were seen. */
    failureRate?: {
        threshold: number;
        window: number;
        minimumCalls?: number;
    };
    /** ms open before going half-open, on a timer. Default 30_000. */
    cooldown?: number;
    /** Exponential backoff for consecutive re-openings: cooldown × multiplier^(n-1), capped at `maxCooldown`. */
    backoff?: {
        multiplier?: number;
        maxCooldown?: number;
    } | false;
    /** Probe tasks allowed at once while half-open. Default 1. */
    halfOpenMaxCalls?: number;
    /** Probe successes that close it. Default 1. */
    successThreshold?: number;
    /** Which task errors count as failures (default: all). Excluded errors count as successes. */
    isFailure?: (error: unknown) => boolean;
}
type CircuitState = 'closed' | 'open' | 'halfOpen';
/** Options after validation. */
interface NormalizedBreakerOptions {
    failureThreshold: number;
    rateThreshold: number | undefined;
    rateWindow: number;
    rateMinimumCalls: number;
    cooldown: number;
    backoffMultiplier: number;
    maxCooldown: number;
    halfOpenMaxCalls: number;
    successThreshold: number;
    isFailure: (error: unknown) => boolean;
}
/** What the breaker needs to know about a task: the generation it started in and whether it is a probe. */
interface BreakerTicket {
    generation: number;
    probe: boolean;
}
/**
 * The counting half of the pool's circuit breaker. The state lives in a `breakerMachine`
 * actor, a child of the pool's actor; this class keeps the counters in plain fields and reports
 * a fact to the machine only when a threshold is crossed, and the machine decides the state.
 * Every state change bumps `generation`: a result from a task that started in an older
 * generation is ignored (it says nothing about the new state).
 *
 * @example
 * ```ts
 * const breaker = new CircuitBreaker(normalized, (state) => console.log(state), poolActor);
 * const ticket = { generation: 0, probe: false };
 * breaker.onDispatch(ticket);
 * breaker.record(ticket, 'failure');
 * ```
 */
declare class CircuitBreaker {
    private readonly options;
    readonly actor: Actor<typeof breakerMachine>;
    state: CircuitState;
    generation: number;
    private consecutiveFailures;
    private probesInFlight;
    private probeSuccesses;
    private readonly window;
    private windowNext;
    private windowCount;
    private windowFailures;
    constructor(options: NormalizedBreakerOptions, onChange: (state: CircuitState, previous: CircuitState) => void, parent: AnyActorRef);
    private lastRetryAt;
    /** Epoch ms at which an open breaker goes half-open. */
    get retryAt(): number | undefined;
    /** Whether a task may start now (closed, or half-open with a free probe slot). */
    canDispatch(): boolean;
    /** Stamps a task as it starts. */
    onDispatch(ticket: BreakerTicket): void;
    /** Records how a started task ended. `ignore` frees a probe slot without counting (a cancel). */
    record(ticket: BreakerTicket, outcome: 'success' | 'failure' | 'ignore'): void;
    /**
     * Reports a crossed threshold to the machine. The pool reacts to a state change inside the
     * machine's own update (half-open → dispatch → a probe that fails at once → record), and there
     * xstate only queues the event: until it is processed no further task may start, or a half-open
     * circuit would let every queued task through as a "probe".
     */
    private report;
    /** The state a sent-but-not-yet-processed change leads to. */
    private pendingTarget;
    /** Classifies a task error. */
    isFailure(error: unknown): boolean;
    forceOpen(): void;
    reset(): void;
    stop(): void;
    /** Pushes one outcome into the sliding window; true when the rate condition trips. */
    private recordInWindow;
    private clearWindow;
}

/**
 * What the pool machine drives: the pool's data plane and its child actors. The machine calls
 * these at its edges; the data plane never moves the lifecycle itself, it only reports facts
 * (`pool.workersFailed`).
 */
interface PoolHost {
    /** The machine started: link the breaker and the worker supervisor under it, start the workers. */
    start(): void;
    /** `closing` (or `terminating`): take no new tasks; refuse what waits for room. */
    stopAccepting(why: 'closing' | 'terminated'): void;
    /** Resolves `drained` when no task is queued or running, or `timedOut` after `timeout` ms. Never rejects. */
    drain(timeout: number | undefined): Promise<'drained' | 'timedOut'>;
    /** Rejects queued tasks and aborts running ones (`terminate()`, or a close that timed out). */
    abortAll(why: 'terminated' | {
        closeTimedOut: number;
    }): void;
    /** Stops the worker supervisor (every worker) and the breaker. Never rejects. */
    stopActors(): Promise<void>;
    /** `closed`: everything is stopped. */
    closed(): void;
    /** `failing`: the workers exhausted their restart intensity; reject and refuse everything. */
    failed(error: unknown): void;
    /** Whether this pool backs off and comes back when its workers give up (its `recovery` option). */
    readonly recovers: boolean;
    /** `recovering`: reject what it holds, refuse work until its backoff ends. */
    recovering(error: unknown): void;
    /** Waits out the backoff, then starts fresh workers (a failure to is reported as `pool.workersFailed`); never rejects. Stops early on `signal`. */
    recover(signal: AbortSignal): Promise<void>;
    /** Back to `running` after a recovery. */
    recovered(): void;
    /** The error the pool failed with (its output's `error`). */
    readonly failure: unknown;
    /** The actor was stopped by force: kill the children at once, release their resources. */
    killed(): void;
}
/** The pool machine's input: its name, and how to open a fresh data plane for each incarnation. */
interface PoolMachineInput {
    name: string;
    /** Creates the data plane of this incarnation (a restart by a parent supervisor opens a new one). */
    open: (self: AnyActorRef) => PoolHost;
}
/** Plain data: the pool's name, the close timeout in force, and whether it recovers by itself. */
interface PoolContext {
    name: string;
    closeTimeout: number | undefined;
    /** No parent supervisor and `recovery` on: when its workers give up it backs off and comes back. */
    recovers: boolean;
}
/**
 * Commands to the pool (`close()`, `terminate()`), and the one fact its data plane reports.
 */
type PoolEvent = {
    type: 'pool.close';
    timeout?: number;
} | {
    type: 'pool.terminate';
} | {
    type: 'pool.workersFailed';
    error: unknown;
} | ShutdownEvent;
/** Output of the pool machine: a failed pool exits `crashed`, so a parent supervisor restarts it. */
interface PoolExit {
    reason: 'normal' | 'crashed';
    error?: unknown;
}
/**
 * The pool as an xstate machine, the owner of its lifecycle:
 * `running → closing → (terminating →) stopping → closed`, `running ⇄ recovering`, or
 * `failing → failed`.
 *
 * - `pool.close` (`close()`) or `overseer.shutdown` (a parent supervisor) → `closing`: new tasks
 *   are refused and queued ones drain; with a timeout, what is left when it passes is aborted.
 * - `pool.terminate` → `terminating`: queued tasks are rejected and running ones aborted at once.
 * - `stopping` stops the worker supervisor and the breaker, then `closed` (output `normal`).
 * - `pool.workersFailed` (the worker supervisor gave up) → `failing`: every task is rejected, and
 *   once the worker supervisor and the breaker are gone, `failed`, final with output
 *   `{ reason: 'crashed', error }`, which a parent supervisor reads as a crash.
 * - A pool with no parent and `recovery` on goes `recovering` instead: every task is rejected
 *   with `PoolRecoveringError`, the backoff is waited out, fresh workers start, and it is
 *   `running` again (close and terminate still work meanwhile).
 *
 * The pool's children, linked to this actor in one actor system, are its breaker (`breaker`)
 * and its worker supervisor (`workers`), whose children are the workers. The queue, the workers'
 * records and the breaker's counters are the data plane ({@link PoolHost}); no transition is paid
 * per task.
 *
 * @example
 * ```ts
 * const pool = createPool({ size: 4 });
 * pool.actor.getSnapshot().value; // 'running'
 * await pool.close();
 * pool.actor.getSnapshot().value; // 'closed'
 * ```
 */
declare const poolMachine: xstate.StateMachine<PoolContext, ShutdownEvent | {
    type: "pool.close";
    timeout?: number;
} | {
    type: "pool.terminate";
} | {
    type: "pool.workersFailed";
    error: unknown;
}, {
    [x: string]: xstate.ActorRefFromLogic<xstate.PromiseActorLogic<void, AnyActorRef, EventObject> | xstate.CallbackActorLogic<EventObject, xstate.NonReducibleUnknown, EventObject> | xstate.PromiseActorLogic<"drained" | "timedOut", {
        self: AnyActorRef;
        timeout: number | undefined;
    }, EventObject>> | undefined;
}, {
    src: "lifeline";
    logic: xstate.CallbackActorLogic<EventObject, xstate.NonReducibleUnknown, EventObject>;
    id: string | undefined;
} | {
    src: "drain";
    logic: xstate.PromiseActorLogic<"drained" | "timedOut", {
        self: AnyActorRef;
        timeout: number | undefined;
    }, EventObject>;
    id: string | undefined;
} | {
    src: "stopActors";
    logic: xstate.PromiseActorLogic<void, AnyActorRef, EventObject>;
    id: string | undefined;
} | {
    src: "recover";
    logic: xstate.PromiseActorLogic<void, AnyActorRef, EventObject>;
    id: string | undefined;
}, {
    type: "rethrow";
    params: unknown;
} | {
    type: "stopAccepting";
    params: unknown;
} | {
    type: "abortTerminated";
    params: unknown;
} | {
    type: "closed";
    params: unknown;
} | {
    type: "failed";
    params: unknown;
} | {
    type: "recovering";
    params: unknown;
} | {
    type: "recovered";
    params: unknown;
}, {
    type: "recovers";
    params: unknown;
}, never, "running" | "closing" | "closed" | "failed" | "recovering" | "terminating" | "failing" | "stopping", string, PoolMachineInput, PoolExit, EventObject, xstate.MetaObject, {
    id: "pool";
    states: {
        readonly running: {};
        readonly recovering: {};
        readonly closing: {};
        readonly terminating: {};
        readonly stopping: {};
        readonly closed: {};
        readonly failing: {};
        readonly failed: {};
    };
}, xstate.MetaObject>;

/**
 * Per-task retries: a task that fails or times out is tried again, up to `attempts` tries in
 * all, and its promise settles once, after the last. A fatal error (`isFatal`, a lost thread), a
 * cancel and a refusal are never retried. Each try gets a fresh `ctx.signal` and its own timeout.
 *
 * @example
 * ```ts
 * pool.run(fetchRates, { retry: { attempts: 5, backoff: { type: 'exponential', delay: 200, jitter: 0.5 } } });
 * ```
 */
interface RetryOptions {
    /** Tries in all, the first one included (BullMQ's `attempts`): `3` = one try and two retries. */
    attempts: number;
    /**
     * The wait before each retry.
     * @default { type: 'fixed', delay: 0 }
     * @example { type: 'exponential', delay: 100, maxDelay: 10_000 }
     */
    backoff?: Backoff;
    /**
     * Whether this failure is worth another try; `attempt` is the try that just failed (1 = the
     * first). A `TaskTimeoutError` is passed for a timed-out try. A predicate that throws means no.
     * @default every failure and timeout
     * @example { retryIf: (error) => !(error instanceof ValidationError) }
     */
    retryIf?: (error: unknown, attempt: number) => boolean;
}
/** At most `limit` task starts per `interval` ms (p-queue's `intervalCap` / `interval`). */
interface RateLimitOptions {
    /** Starts allowed per window. */
    limit: number;
    /** The window, in ms. */
    interval: number;
}
/**
 * How a pool with no parent supervisor comes back after its workers exhausted their restart
 * intensity: it refuses work with `PoolRecoveringError` (which carries `retryAt`), waits, starts
 * fresh workers and runs again.
 */
interface RecoveryOptions {
    /**
     * The wait before each comeback; the n-th failure in a row waits the n-th delay.
     * @default { type: 'exponential', delay: 1_000, maxDelay: 30_000 }
     * @example { backoff: { type: 'fixed', delay: 5_000 } }
     */
    backoff?: Backoff;
    /**
     * A pool that runs this long after a comeback without failing again starts its next backoff
     * over from the first delay.
     * @default 60_000
     */
    resetAfter?: number;
}
interface NormalizedRetry {
    attempts: number;
    backoff: NormalizedBackoff;
    retryIf: ((error: unknown, attempt: number) => boolean) | undefined;
}
interface NormalizedRecovery {
    backoff: NormalizedBackoff;
    resetAfter: number;
}

/**
 * What a task receives. `signal` aborts on the submitter's signal, the task timeout,
 * `cancel()`, the pool's base signal, and `close({ timeout })` / `terminate()`.
 *
 * @example
 * ```ts
 * pool.run(async ({ signal, resource }) => resource.query('select 1', { signal }));
 * ```
 */
interface TaskContext<R = unknown> {
    readonly signal: AbortSignal;
    readonly taskId: string;
    readonly workerId: string;
    /** The worker's resource from `worker.init` (undefined without one). */
    readonly resource: R;
}
/** A unit of work for the pool. */
type Task<T, R = unknown> = (ctx: TaskContext<R>) => T | Promise<T>;
/** Per-task options of `submit` / `run` / `submitWait`. */
interface SubmitOptions {
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
    /** Higher runs first; FIFO within a priority. Default 0. */
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
interface TaskHandle<T> {
    readonly id: string;
    /** Settles exactly once. Created on first access, so fire-and-forget tasks never raise unhandled rejections. */
    readonly result: Promise<T>;
    /** Cancels the task; returns false when it had already settled. */
    cancel(reason?: unknown): boolean;
}

/** A node that links itself into a list: the task record is the node, so linking allocates nothing. */
interface Linked {
    prev: Linked | undefined;
    next: Linked | undefined;
}
/**
 * One doubly linked list of {@link Linked} nodes. Every list has this one shape, so that the
 * helpers below see a single hidden class on the hot path: `key` says what the list is for (a
 * queue level's priority, a deadline list's timeout in ms), `timer` is a deadline list's own.
 */
interface ListEnds {
    head: Linked | undefined;
    tail: Linked | undefined;
    readonly key: number;
    timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * A node the queue links in place: the task record itself, so enqueueing allocates
 * nothing and cancelling is an O(1) unlink.
 */
interface QueueNode extends Linked {
    priority: number;
    /** The level the node is linked into, or undefined when it is not queued. */
    level: PriorityLevel | undefined;
}
/** One FIFO per distinct priority (its `key`). */
type PriorityLevel = ListEnds;
/**
 * A priority queue of intrusive doubly linked FIFOs: higher priority first, FIFO within
 * a priority. push, shift and remove are O(1) (plus a binary search when a priority is
 * seen for the first time; levels are kept and reused, and real workloads use a handful).
 *
 * @example
 * ```ts
 * const q = new TaskQueue<MyNode>();
 * q.push(a); q.push(b);
 * q.remove(a); // O(1)
 * q.shift();   // b
 * ```
 */
declare class TaskQueue<T extends QueueNode> {
    /** Levels sorted by descending priority. */
    private readonly levels;
    private readonly byPriority;
    private count;
    private lastLevel;
    get size(): number;
    push(node: T): void;
    /** Puts `node` back first among its priority (a task taken out that must not lose its place). */
    unshift(node: T): void;
    /** Removes and returns the first node of the highest non-empty priority. */
    shift(): T | undefined;
    /** Unlinks `node` if it is queued here; returns whether it was. */
    remove(node: T): boolean;
    /** Removes and returns every node, highest priority first. */
    drain(): T[];
    private unlink;
    private levelFor;
}

/** A task as the deadline lists see it; its links are free while it runs (it left the queue). */
interface DeadlineNode extends Linked {
    deadline: number;
    deadlineList: DeadlineList | undefined;
}
/** Running tasks that share one timeout (its `key`, in ms), in start order = deadline order. */
type DeadlineList = ListEnds;
/**
 * Task timeouts without a timer per task. Tasks with the same timeout start in order, so
 * their deadlines are ordered too: each timeout value keeps a FIFO of running tasks and one
 * timer armed for its head. Starting and finishing a task are O(1) unlinks; a finished
 * head is skipped lazily when the timer fires. Uses `Date.now()` so fake timers drive it.
 *
 * @example
 * ```ts
 * const deadlines = new Deadlines((task) => console.log('timed out', task));
 * deadlines.add(task, 30_000);
 * deadlines.remove(task); // finished in time
 * ```
 */
declare class Deadlines<T extends DeadlineNode> {
    private readonly onExpire;
    private readonly lists;
    private last;
    constructor(onExpire: (node: T) => void);
    add(node: T, timeoutMs: number): void;
    remove(node: T): void;
    /** Cancels every timer (the pool is gone). */
    clear(): void;
    private arm;
    private fire;
}

/** A task's retries so far (only a task with `retry` has one). */
interface RetryState {
    readonly policy: NormalizedRetry;
    /** The try under way or next (1 = the first). */
    attempt: number;
    /** The task's own `timeout`: each try gets a timer of its own from when it is queued. */
    readonly explicitTimeout: boolean;
    /** The wait before the next try. */
    timer: LongTimeout | undefined;
}
/** The pool's view of a worker on the hot path: plain fields; its actor hears only edges. */
interface WorkerRecord {
    readonly id: string;
    /** The worker supervisor's child id of its slot (`worker-3`). */
    readonly slot: string;
    /** The worker's actor (a child of the worker supervisor). */
    readonly ref: AnyActorRef;
    readonly resource: unknown;
    /** Date.now() when it last went idle. */
    idleSince: number;
    task: TaskRecord | undefined;
    /** In service: false once the pool let it go (crash, retire, close); late results are ignored. */
    alive: boolean;
    /** Parked idle, but its machine still says `busy` until the deferred release is sent. */
    releasePending: boolean;
    /** The task sent ahead to it while it runs `task` (threads: see pool/reservations.ts). */
    reserved: TaskRecord | undefined;
    /**
     * Its task timed out and the worker waits for that task's code to return (`timeoutGrace`): the
     * timer that abandons it if it does not. The worker takes no task meanwhile.
     */
    lingering: LongTimeout | undefined;
    /** Settle callbacks for the worker's async tasks, made once per worker. */
    readonly onFulfilled: (value: unknown) => void;
    readonly onRejected: (error: unknown) => void;
}
/**
 * One accepted task: queue node, task context and handle at once, so accepting a task
 * allocates one object (plus a promise only if someone asks for the result).
 * The promise is lazy: a fire-and-forget task that fails raises no unhandled rejection.
 */
declare class TaskRecord implements QueueNode, DeadlineNode, TaskContext<unknown>, TaskHandle<unknown>, BreakerTicket {
    /** The pool's prefix of task ids. */
    readonly idPrefix: string;
    /** The task's number in its pool; its id is `<idPrefix>-<seq>`. */
    readonly seq: number;
    readonly fn: Task<unknown, unknown>;
    readonly timeoutMs: number | false;
    private readonly onCancel;
    priority: number;
    prev: any;
    next: any;
    level: QueueNode['level'];
    deadline: number;
    deadlineList: DeadlineNode['deadlineList'];
    generation: number;
    probe: boolean;
    state: number;
    worker: WorkerRecord | undefined;
    /** Timer of a per-task `timeout` (a deadline from submission); default timeouts use deadline lists. */
    timer: LongTimeout | undefined;
    enqueuedAt: number;
    startedAt: number;
    /** `SubmitOptions.label`. */
    label: string | undefined;
    /** Set when the task may be tried again (`retry`). */
    retry: RetryState | undefined;
    removeAbortListener: (() => void) | undefined;
    /** The submitter's async context, for a task that waits in the queue (see `propagateContext`). */
    scope: AsyncResource | undefined;
    private ok;
    private value;
    private promise;
    private resolveFn;
    private rejectFn;
    private controller;
    private abortReason;
    private aborted;
    constructor(
    /** The pool's prefix of task ids. */
    idPrefix: string, 
    /** The task's number in its pool; its id is `<idPrefix>-<seq>`. */
    seq: number, fn: Task<unknown, unknown>, priority: number, timeoutMs: number | false, now: number, onCancel: (task: TaskRecord, reason: unknown) => boolean);
    /** Built on demand: most tasks never need their id as a string. */
    get id(): string;
    get signal(): AbortSignal;
    get workerId(): string;
    get resource(): unknown;
    get taskId(): string;
    get result(): Promise<unknown>;
    cancel(reason?: unknown): boolean;
    /** Aborts `ctx.signal` (creating it lazily later if nobody has read it yet). */
    abort(reason: unknown): void;
    /**
     * Readies the task for its next try: off its worker, waiting, and with a fresh `ctx.signal`
     * (the failed try's signal is aborted with `abortReason` when given: a timed-out try must stop).
     */
    nextAttempt(abortReason: unknown): void;
    /** Settles the handle; the caller has already checked `state !== SETTLED`. */
    settle(ok: boolean, value: unknown): void;
}

/** Why a worker was stopped without a crash: idle above `min`, its thread's task aborted or timed out, or `resize()` took its slot away. */
type RetireReason = 'idle' | 'abort' | 'timeout' | 'resize';
/** Why a submission was refused; the same word as the error it throws (`QueueFullError`, ...). */
type RejectionReason = 'queue_full' | 'circuit_open' | 'closing' | 'closed' | 'failed' | 'recovering';
/**
 * How long a settled task waited and ran, in ms (the same measures as `metrics().waitTime` and
 * `runTime`). `runTime` is absent for a task that never started.
 */
interface TaskTimes {
    /** From acceptance to start, or to settling for a task that never started. */
    waitTime: number;
    /** From start to settling. */
    runTime?: number;
}
/**
 * Events a pool emits on its `events` emitter (mitt; listener errors never break the pool).
 * Names are `<subject><PastTense>`; per-task events are only built when someone listens.
 */
type PoolEvents = {
    taskQueued: {
        pool: string;
        taskId: string;
        label: string | undefined;
        queued: number;
    };
    taskStarted: {
        pool: string;
        taskId: string;
        label: string | undefined;
        workerId: string;
    };
    taskSucceeded: {
        pool: string;
        taskId: string;
        label: string | undefined;
        workerId: string;
    } & TaskTimes;
    taskFailed: {
        pool: string;
        taskId: string;
        label: string | undefined;
        workerId: string;
        error: unknown;
    } & TaskTimes;
    /** `workerId` is `''` (and `runTime` absent) for a task whose per-task deadline passed while it was still queued. */
    taskTimedOut: {
        pool: string;
        taskId: string;
        label: string | undefined;
        workerId: string;
        timeout: number;
    } & TaskTimes;
    taskCancelled: {
        pool: string;
        taskId: string;
        label: string | undefined;
        reason: unknown;
    } & TaskTimes;
    /**
     * Try `attempt` of a task with `retry` failed (or timed out) with `error`; the next try joins
     * the queue after `delay` ms. The task's promise is still pending.
     */
    taskRetried: {
        pool: string;
        taskId: string;
        label: string | undefined;
        workerId: string;
        attempt: number;
        delay: number;
        error: unknown;
    };
    /** A submission was refused (counted in `rejected`); the call threw the matching error. */
    taskRejected: {
        pool: string;
        reason: RejectionReason;
        label: string | undefined;
    };
    workerCrashed: {
        pool: string;
        workerId: string;
        error: unknown;
    };
    workerRestarted: {
        pool: string;
        workerId: string;
    };
    /**
     * A worker was stopped without a crash: idle above `min` (dynamic size), or (threads) its
     * running task was aborted or timed out, so its thread was terminated and a fresh one takes the slot.
     */
    workerRetired: {
        pool: string;
        workerId: string;
        reason: RetireReason;
    };
    disposeFailed: {
        pool: string;
        workerId: string;
        error: unknown;
    };
    circuitOpened: {
        pool: string;
        retryAt: number | undefined;
    };
    circuitHalfOpened: {
        pool: string;
    };
    circuitClosed: {
        pool: string;
    };
    /** The queue is empty and no task is running. */
    drained: {
        pool: string;
    };
    closed: {
        pool: string;
    };
    /** The worker supervisor exhausted its restart intensity (and the pool does not recover: see `recovery`). */
    failed: {
        pool: string;
        error: unknown;
    };
    /**
     * A pool with no parent exhausted its workers' restart intensity: it refuses work until
     * `retryAt` (epoch ms), then starts fresh workers. `attempt` counts the failures in a row.
     */
    recovering: {
        pool: string;
        error: unknown;
        attempt: number;
        retryAt: number;
    };
    /** Fresh workers were started after `recovering`: the pool takes work again. */
    recovered: {
        pool: string;
        attempt: number;
    };
    /** `pause()`: queued tasks wait, running ones finish. */
    paused: {
        pool: string;
    };
    /** `resume()`. */
    resumed: {
        pool: string;
    };
    /** `resize()` changed the most workers at once from `previous` to `size`. */
    resized: {
        pool: string;
        size: number;
        previous: number;
    };
};

/**
 * The `on` option of `createPool`, `createThreadPool` and `poolSpec`: listeners subscribed to the
 * pool's events before its first worker starts. Under a supervisor, every incarnation of the pool
 * (a restart opens a fresh one) starts with them.
 *
 * @example
 * ```ts
 * const on: PoolListeners = { workerCrashed: ({ workerId, error }) => log.warn(workerId, error) };
 * const pool = createPool({ size: 2, on });
 * ```
 */
type PoolListeners = EventListeners<PoolEvents>;

/** Environment variable read for `size` when the option is not given. */
declare const POOL_SIZE_ENV = "OVERSEER_POOL_SIZE";
/** Environment variable read for `maxQueueSize` when the option is not given. */
declare const MAX_QUEUE_SIZE_ENV = "OVERSEER_MAX_QUEUE_SIZE";
/** A named task function: called with the arguments of `call(name, ...args)` and then the task context. */
type Handler = (...args: any[]) => unknown;
/** Per-worker resource hooks. */
interface WorkerHooks<R> {
    /**
     * Creates the resource every task on this worker receives as `ctx.resource`. A failure is a worker
     * crash. `signal` aborts if the worker is stopped while `init` still runs (the pool closes or is
     * terminated meanwhile): pass it on to a connect that may hang.
     */
    init?: (info: {
        workerId: string;
        signal: AbortSignal;
    }) => R | Promise<R>;
    /** Releases it when the worker stops or crashes. */
    dispose?: (resource: R, info: {
        workerId: string;
    }) => void | Promise<void>;
}
/** Wraps every task (middleware for instrumentation, tracing, ...). */
type TaskWrapper<R> = <T>(task: (ctx: TaskContext<R>) => T | Promise<T>) => (ctx: TaskContext<R>) => T | Promise<T>;
/** Options of `createPool`. */
interface PoolOptions<R = undefined, H extends Record<string, Handler> = Record<string, Handler>> {
    /** Default `pool-<nanoid>`. */
    name?: string;
    /**
     * Workers: a number (default 10, or `OVERSEER_POOL_SIZE`), or `{ min, max, idleTimeout }` to add
     * workers under load up to `max` and retire the extra ones after `idleTimeout` ms idle, down to `min`.
     */
    size?: number | PoolSizeRange;
    /** Queued tasks beyond the busy workers. Default 1000, or `OVERSEER_MAX_QUEUE_SIZE`; 0 = hand-off only; `Infinity` allowed. */
    maxQueueSize?: number;
    /** Run-time limit per task in ms, or `false`. Default 30_000. A task past it rejects with `TaskTimeoutError` and its `ctx.signal` aborts; see `timeoutGrace`. */
    taskTimeout?: number | false;
    /** Default `{}` (enabled with defaults); `false` disables it. */
    circuitBreaker?: CircuitBreakerOptions | false;
    /**
     * Restart intensity of the worker supervisor, spelled as a supervisor's: at most `intensity`
     * worker restarts within `period` ms, or the pool fails.
     * @default max(3, 2 × size)
     * @example createPool({ size: 4, intensity: 20, period: 10_000 })
     */
    intensity?: number;
    /**
     * The window of `intensity`, in ms.
     * @default 5000
     * @example createPool({ intensity: 5, period: 60_000 })
     */
    period?: number;
    /** Aborting it closes the pool (like `close()`), and aborts every task's `ctx.signal`. */
    signal?: AbortSignal;
    /** Named task functions for `call(name, ...args)`. */
    handlers?: H;
    /** Per-worker resource hooks. */
    worker?: WorkerHooks<R>;
    /** Errors that mean the worker's resource is broken: the task fails and its worker crashes. */
    isFatal?: (error: unknown) => boolean;
    /** Middleware applied to every task at submit time. */
    wrap?: TaskWrapper<R>;
    /**
     * An xstate inspection observer for the pool's actor system: the pool, its breaker, its worker
     * supervisor and every worker. Under a supervisor the pool joins the tree's system, and this
     * observer then sees the whole tree (as the root's `inspect` does).
     * @example createPool({ inspect: (event) => console.log(event.type, event.actorRef.id) })
     */
    inspect?: InspectOption;
    /**
     * Called when an event listener throws; the pool carries on either way.
     * @default console.error
     * @example createPool({ onListenerError: (error, event) => log.warn(String(event), error) })
     */
    onListenerError?: (error: unknown, event: PropertyKey) => void;
    /**
     * Listeners subscribed to the pool's events before its first worker starts, by event name
     * (`'*'` hears every event). Typed by the event map: a misspelled event or payload field does
     * not compile. Given to `poolSpec`, every incarnation of the pool starts with them.
     * @default none
     * @example createPool({ on: { workerCrashed: ({ workerId, error }) => log.warn(workerId, error) } })
     */
    on?: PoolListeners;
    /**
     * Run each task in its submitter's async context, so an `AsyncLocalStorage` store (a request id,
     * an OpenTelemetry span) set around `submit` / `run` is the one the task sees. A task that waits
     * in the queue otherwise starts from the continuation of the task before it, in that task's
     * context. Costs one `AsyncResource` per queued task (see docs/pool.md for the measured price).
     * @default true
     * @example createPool({ propagateContext: false }) // a pool that never reads async context
     */
    propagateContext?: boolean;
    /**
     * ms a timed-out task has, once its `ctx.signal` aborted, to return and give its worker back:
     * a task that stops on its signal costs no crash and no restart. A worker whose task has not
     * returned by then is abandoned and replaced (counted as a crash). Thread pools stop a
     * timed-out call by terminating its thread and do not wait.
     * @default 1000
     * @example createPool({ taskTimeout: 2_000, timeoutGrace: 250 })
     */
    timeoutGrace?: number;
    /**
     * Retries for every task of the pool (a task's own `retry` option replaces it; `false` there
     * turns it off for that task). See {@link RetryOptions}.
     * @default undefined (no retries)
     * @example createPool({ retry: { attempts: 3, backoff: { type: 'exponential', delay: 100 } } })
     */
    retry?: RetryOptions | false;
    /**
     * At most `limit` task starts per `interval` ms; tasks wait in the queue meanwhile (and
     * `maxQueueSize` still bounds it).
     * @default undefined (no limit)
     * @example createPool({ rateLimit: { limit: 50, interval: 1_000 } }) // 50 starts a second
     */
    rateLimit?: RateLimitOptions | false;
    /**
     * What a pool with **no parent supervisor** does when its workers crash more often than
     * `intensity` allows: back off, refusing work with `PoolRecoveringError` (its `retryAt` says
     * when to come back), then start fresh workers. `false`: it fails for good (`PoolFailedError`).
     * A pool under a supervisor always fails and lets its parent decide, as in OTP.
     * @default { backoff: { type: 'exponential', delay: 1_000, maxDelay: 30_000 }, resetAfter: 60_000 }
     * @example createPool({ recovery: { backoff: { type: 'fixed', delay: 5_000 } } })
     */
    recovery?: RecoveryOptions | false;
}
/** A pool that grows under load and shrinks when idle. */
interface PoolSizeRange {
    /** Workers always kept. Default 1. */
    min?: number;
    /** Most workers at once. */
    max: number;
    /** ms a worker above `min` may stay idle before it is retired. Default 30_000. */
    idleTimeout?: number;
}
/** Hooks a backend (the thread pool) plugs into the core. Not part of the user-facing options. */
interface BackendHooks<R> {
    /** Which backend runs the tasks: `getPool` gives an in-process handle only to an in-process pool. */
    kind?: 'threads';
    /** Stops a worker's resource at once because its code must not keep running (timeout, abort). */
    kill?: (resource: R) => void;
    /** Aborting a running task replaces its worker (threads can really be stopped). */
    abortKillsWorker?: boolean;
    /**
     * Sends `task` ahead to a busy worker's resource, to start when its current task succeeds
     * (threads: prefetch, see pool/reservations.ts). True when it went.
     */
    reserve?: (resource: R, task: TaskRecord) => boolean;
    /** Takes the task sent ahead back: false when the resource has already started it. */
    release?: (resource: R) => boolean;
}
/** Options after validation. */
interface NormalizedPoolOptions<R = unknown> {
    name: string;
    /** Most workers at once. */
    size: number;
    /** Workers started up front and never retired. */
    minSize: number;
    /** ms before an extra idle worker is retired (only when minSize < size). */
    idleTimeout: number;
    backend: BackendHooks<R>;
    maxQueueSize: number;
    taskTimeout: number | false;
    breaker: NormalizedBreakerOptions | false;
    intensity: number;
    period: number;
    signal: AbortSignal | undefined;
    handlers: Record<string, Handler>;
    init: ((info: {
        workerId: string;
        signal: AbortSignal;
    }) => R | Promise<R>) | undefined;
    dispose: ((resource: R, info: {
        workerId: string;
    }) => void | Promise<void>) | undefined;
    isFatal: ((error: unknown) => boolean) | undefined;
    wrap: TaskWrapper<R> | undefined;
    inspect: PoolOptions['inspect'];
    onListenerError: ((error: unknown, event: PropertyKey) => void) | undefined;
    on: PoolListeners | undefined;
    propagateContext: boolean;
    timeoutGrace: number;
    retry: NormalizedRetry | undefined;
    rateLimit: {
        limit: number;
        interval: number;
    } | undefined;
    recovery: NormalizedRecovery | false;
}
/**
 * The most workers a pool may have. Each worker is an actor with its own resource (a thread, in a
 * thread pool); far beyond this a size is a mistake, and `2 ** 31` would exhaust the heap.
 */
declare const MAX_POOL_SIZE = 10000;

/** Percentiles read from a {@link Histogram}, in ms. */
interface Percentiles {
    count: number;
    p50: number;
    p90: number;
    p99: number;
    max: number;
}
/**
 * A log-linear histogram of durations with fixed memory (≈ 1,300 counters whatever
 * the traffic), accurate to about 3 %. Values are recorded in ms, bucketed in µs.
 *
 * @example
 * ```ts
 * const h = new Histogram();
 * h.record(1.5); h.record(20);
 * h.percentiles().p50; // ≈ 1.5
 * ```
 */
declare class Histogram {
    private readonly counts;
    private total;
    private maxValue;
    record(ms: number): void;
    /** The smallest recorded-bucket value at or above quantile `q` (0..1), in ms. */
    quantile(q: number): number;
    /**
     * A copy of the bucket counts, to read later what was recorded since with {@link percentilesSince}.
     *
     * @example
     * ```ts
     * const before = h.copyCounts();
     * h.record(3);
     * h.percentilesSince(before).count; // 1
     * ```
     */
    copyCounts(): Float64Array;
    /**
     * The percentiles of the values recorded since `earlier` (a {@link copyCounts} result): a
     * window, not the whole history. `max` is the top of the highest bucket hit, capped by the max ever.
     *
     * @example
     * ```ts
     * const before = h.copyCounts();
     * h.record(2); h.record(8);
     * h.percentilesSince(before); // { count: 2, p50: ≈2, p90: ≈8, p99: ≈8, max: ≈8 }
     * ```
     */
    percentilesSince(earlier: Float64Array): Percentiles;
    /** Rounded to the µs for display: the buckets are not finer than that anyway. */
    percentiles(): Percentiles;
}

/** Lifecycle of a pool: the pool machine's phase. */
type PoolPhase = 'running' | 'recovering' | 'closing' | 'closed' | 'failed';
/** What the pool is doing now: its phase, circuit, workers by state, and tasks in flight. */
interface PoolGauges {
    phase: PoolPhase;
    circuit: CircuitState;
    /** Most workers at once (`size`, or `size.max`). */
    size: number;
    /** Started workers with no task. */
    idleWorkers: number;
    /** Started workers running a task. */
    busyWorkers: number;
    /** Worker slots whose worker is still running `init`. */
    startingWorkers: number;
    /** Worker slots whose worker crashed and has not been replaced yet. */
    crashedWorkers: number;
    /** Tasks waiting in the queue. */
    queued: number;
    /** Tasks running on a worker. */
    running: number;
    /** Tasks waiting out a retry's backoff (`retry`): accepted, in no queue yet. */
    retrying: number;
    /** `pause()` holds queued tasks. */
    paused: boolean;
}
/** Counters since the pool started. Every accepted task ends in exactly one of the four outcomes. */
interface PoolCounters {
    /** Tasks the pool took (`submit` did not throw). */
    accepted: number;
    /** Tasks that returned a value. */
    completed: number;
    /** Tasks that threw or rejected, or whose worker crashed under them. */
    failed: number;
    /** Tasks that ran past their timeout (running, or still queued when a per-task deadline passed). */
    timedOut: number;
    /** Tasks settled without an outcome of their own: cancel, abort, close timeout, terminate, pool failure. */
    cancelled: number;
    /** Submissions refused: queue full, circuit open, closing, closed, failed. Not accepted. */
    rejected: number;
    /** Worker crashes. */
    crashes: number;
    /** Workers restarted after a crash. */
    restarts: number;
    /** Failed or timed-out tries that were tried again (`retry`); not outcomes: the task is still pending. */
    retried: number;
}
/**
 * `status()`: the gauges and the counters, cheap to read. Every key has the same name and
 * meaning in `metrics()`, the events and the docs.
 */
interface PoolStatus extends PoolGauges, PoolCounters {
}
/** `metrics()`: the status plus run-time and wait-time percentiles (ms). */
interface PoolMetrics extends PoolStatus {
    runTime: Percentiles;
    waitTime: Percentiles;
}
/**
 * The pool's counters and histograms: plain fields, bumped on the hot path.
 *
 * @example
 * ```ts
 * const stats = new PoolStats();
 * stats.counters.accepted++;
 * stats.runTime.record(1.5);
 * ```
 */
declare class PoolStats {
    readonly counters: PoolCounters;
    readonly runTime: Histogram;
    readonly waitTime: Histogram;
    /** The status for the given gauges. */
    status(gauges: PoolGauges): PoolStatus;
    /** The metrics for the given status. */
    metrics(status: PoolStatus): PoolMetrics;
}

/** A task's checked options. */
interface Admitted {
    priority: number;
    timeout: number | false;
    /** A per-task `timeout` was given: a deadline from submission, with a timer of its own. */
    explicitTimeout: boolean;
    label: string | undefined;
    retry: NormalizedRetry | undefined;
}

/** What settling a task touches: the pool's counters, breaker and events. */
interface Ledger {
    readonly name: string;
    readonly counters: PoolCounters;
    readonly breaker: CircuitBreaker | undefined;
    readonly events: Emitter<PoolEvents>;
    /** Whether anyone listens to `type` (per-task events are built only then). */
    hasListeners(type: keyof PoolEvents): boolean;
}

/** What the idle stack asks the pool before it retires an extra idle worker. */
interface RetireView {
    /** Workers above which an idle one may be retired (`size.min`). */
    readonly minSize: number;
    /** ms an extra worker may stay idle (`size.idleTimeout`). */
    readonly idleTimeout: number;
    /** Started workers (not slots: one still starting must not let the last started worker go). */
    started(): number;
    /** Retiring is allowed now (running, nothing queued: queued tasks need the workers). */
    mayRetire(): boolean;
    /** Retires `worker`; false if it could not. */
    retire(worker: WorkerRecord): boolean;
}
/**
 * The pool's idle workers: a stack (the most recently used worker is reused first, the oldest
 * idle one retires first), the deferred busy → idle edge, and the idle-retire timer of a pool
 * with a dynamic size.
 *
 * A parked worker's machine hears `worker.released` one macrotask later, and not at all if a
 * task reaches the worker first, so a caller that awaits each result and submits again pays no
 * transition (the two would cost more than the rest of such a call). The machine's `idle` lags
 * the data plane by at most one turn of the event loop; `status().idleWorkers` is exact.
 *
 * @example
 * ```ts
 * const idle = new IdleWorkers(view);
 * idle.park(worker);           // busy → idle (the machine hears it on the next macrotask)
 * idle.assign(idle.pop()!);    // idle → busy (no event if its release was still pending)
 * ```
 */
declare class IdleWorkers {
    private readonly view;
    private readonly stack;
    private pending;
    private releaseTimer;
    private retireTimer;
    constructor(view: RetireView);
    get size(): number;
    /** The most recently parked worker. */
    pop(): WorkerRecord | undefined;
    /** A worker that just finished `init` joins the stack; its machine is already `idle`. */
    add(worker: WorkerRecord): void;
    /** The worker has nothing to do: busy → idle. */
    park(worker: WorkerRecord): void;
    /** idle → busy: a worker whose release is still pending never left `busy`, so it needs no event. */
    assign(worker: WorkerRecord): void;
    /** Takes `worker` off the stack if it is there. */
    remove(worker: WorkerRecord): void;
    /** Empties the stack and stops both timers (the pool is stopping). */
    clear(): void;
    /** Retires extra workers that stayed idle for `idleTimeout` (oldest idle first). */
    scheduleRetire(): void;
    /** Sends the deferred busy → idle of every worker still parked. */
    private readonly flush;
}

/** What the waiters read from the pool after each change. */
interface WaitersView {
    /** The pool takes new tasks (phase `running`). */
    accepting(): boolean;
    /** A submission now would not be refused for want of room. */
    hasRoom(): boolean;
    /** A busy period ended (the first idle moment after a task was accepted). */
    onDrained(): void;
}
/**
 * Everyone waiting on the pool: `submitWait` callers waiting for room (FIFO), and the
 * `ready` / `onIdle` / `onEmpty` / `onSizeLessThan` promises. The pool calls {@link wake}
 * after anything that can free room or settle tasks (through `PoolCore.wake`, which says whether
 * the pool is idle: a field read on the hot path, not a callback).
 *
 * @example
 * ```ts
 * const waiters = new PoolWaiters(view);
 * waiters.waitFor(() => queue.size === 0, resolve);
 * waiters.wake(false); // resolves it once the condition holds
 * ```
 */
declare class PoolWaiters {
    private readonly view;
    private readonly space;
    private conditions;
    /** Set when a task is accepted, cleared when `drained` fires: one event per busy period. */
    private busy;
    constructor(view: WaitersView);
    /** A task was accepted: the pool is busy until it next drains. */
    markBusy(): void;
    /** Resolves when `ready()` holds; at once if it already does. */
    waitFor(ready: () => boolean, resolve: () => void): void;
    /** Waits for room: `start` runs when there is some, `fail` if the pool stops accepting first. */
    waitForRoom(start: () => void, fail: (error: unknown) => void, signal: AbortSignal | undefined, reject: (error: unknown) => void): void;
    /** The pool stopped accepting: every `submitWait` caller still waiting rejects with `error`. Returns how many. */
    failRoomWaiters(error: unknown): number;
    /** After anything that can free room or settle tasks: wake who can go on. `idle`: nothing is queued or running. */
    wake(idle: boolean): void;
}

/** What the slots report to the pool's data plane. */
interface SlotsOwner<R> {
    /** A worker finished `init`: it is idle and may take tasks. */
    workerReady(workerId: string, slot: string, ref: AnyActorRef, resource: R): void;
    /** A worker's actor exited abnormally: the one place a worker crash is counted. */
    workerExited(workerId: string, error: unknown): void;
    /** A crashed worker's slot has a fresh worker (still starting). */
    workerRestarted(workerId: string): void;
    /** The worker supervisor gave up (or could not start): the pool fails with `error`. */
    workersFailed(error: unknown): void;
    /** The worker supervisor is up: queued tasks may need more workers. */
    workersStarted(): void;
    /** A worker's `dispose` threw. */
    disposeFailed(workerId: string, error: unknown): void;
}
/**
 * The pool's worker slots and the only part of it that speaks to the supervisor layer. The
 * slots are the children of a `one_for_one` supervisor linked under the pool's actor (child id
 * `workers`), one child id per slot (`worker-0`, `worker-1`, ...), under the pool's restart
 * intensity. Resources live here, by worker id, never in a machine.
 *
 * @example
 * ```ts
 * const slots = new WorkerSlots(options, owner, poolActor);
 * slots.grow(queued, started); // starts workers while queued tasks outnumber the ones starting
 * ```
 */
declare class WorkerSlots<R> {
    private readonly options;
    private readonly owner;
    private supervisor;
    private readonly started;
    private readonly resources;
    private readonly host;
    /** Slots in use (started, starting, or crashed and restarting). */
    private inUse;
    private nextSlot;
    private readonly freeSlots;
    /** Slots whose worker crashed and has not been replaced yet. */
    crashed: number;
    /** Slots started by `grow` for queued tasks whose worker is not ready yet. */
    private readonly growing;
    private lastError;
    constructor(options: NormalizedPoolOptions<R>, owner: SlotsOwner<R>, parent: AnyActorRef);
    /** Slots in use, starting ones included. */
    get size(): number;
    /** Workers being started for tasks that wait for them (see `grow`). */
    get growingWorkers(): number;
    /** The worker supervisor, once started. */
    get workerSupervisor(): Supervisor | undefined;
    /** The last worker error, the cause of a pool failure. */
    get failureCause(): unknown;
    /** Adds workers (up to `size`) while queued tasks outnumber the workers still starting. */
    grow(queued: number, startedWorkers: number): void;
    /** Starts workers until `count` slots are in use (`resize()` raised the minimum). */
    fill(count: number): void;
    private startSlot;
    /** Frees an idle worker's slot for good (dynamic size going down). */
    retireIdle(slot: string): void;
    /** Replaces a worker without counting a crash (threads: its running task was aborted). */
    refill(slot: string, stillNeeded: () => boolean): void;
    /** Stops every worker (reverse start order, each per its shutdown), then the supervisor. */
    stop(): Promise<void>;
    /** Stops the worker supervisor and every worker at once, then releases every resource left. */
    kill(): Promise<void>;
    private killed;
    private free;
    private dispose;
    /** The child spec of worker slot `index`. */
    private spec;
    private start;
}

/**
 * At most `limit` task starts per `interval` ms, in fixed windows: a window opens at the first
 * start after the last one closed. A start refused for the window arms one timer for the
 * window's end, which calls `reopened` (the pool dispatches what waits). Plain fields and one
 * clock read per start; a pool without `rateLimit` has none of this.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter(10, 1_000, () => pool.dispatch());
 * if (limiter.take()) startTask();
 * ```
 */
declare class RateLimiter {
    private readonly limit;
    private readonly interval;
    private readonly reopened;
    private windowEnd;
    private used;
    private timer;
    constructor(limit: number, interval: number, reopened: () => void);
    /** Takes one start from the window; false when it is used up (the timer is then armed). */
    take(): boolean;
    /** When the current window closes (epoch ms), for a caller that wants to know when to retry. */
    get nextWindowAt(): number;
    /** Stops the timer (the pool is stopping). */
    stop(): void;
}

/** What retrying needs of the pool. */
interface RetryHost extends Ledger {
    readonly phase: PoolPhase;
    readonly queue: {
        push(task: TaskRecord): void;
    };
    /** Starts what can start. */
    dispatch(): void;
    /** Called when a task's own `timeout` passes. */
    timeOut(task: TaskRecord): void;
}
/**
 * The pool's tasks between two tries. A try that failed or timed out is tried again when the
 * task has tries left, the pool still runs (or drains while closing), and `retryIf` agrees; it
 * waits out its backoff off the queue, then joins the queue's tail like a new task. The task's
 * promise settles once, after the last try: everything here happens instead of settling.
 *
 * @example
 * ```ts
 * if (!retries.retryLater(task, 'failed', error, worker.id)) settleTask(core, task, 'failed', error, worker.id);
 * ```
 */
declare class Retries {
    private readonly host;
    /** Tasks waiting for their next try; they count as pending work (close and onIdle wait for them). */
    readonly waiting: Set<TaskRecord>;
    constructor(host: RetryHost);
    get size(): number;
    /**
     * Schedules the next try of `task`, whose current try (running on `workerId`) just failed or
     * timed out with `error`. Returns false when the caller must settle it (no try left, the pool
     * stopping, `retryIf` said no), true when it took the task: waiting for its next try, or
     * already settled by user code that `retryIf` ran (a cancel).
     *
     * User code runs here twice (`retryIf`, then the `taskRetried` listeners) and may cancel the
     * task or stop the pool. So the predicate runs before anything changes and its effect is
     * checked after it; the event is emitted last, when the task is already in `waiting` with its
     * timer, where a cancel or a stop finds it.
     */
    retryLater(task: TaskRecord, outcome: 'failed' | 'timedOut', error: unknown, workerId: string): boolean;
    /** Tries are scheduled while the pool runs or drains for a close. */
    private accepting;
    /** A waiting task is settled (cancelled, the pool stops): its next try is off. */
    forget(task: TaskRecord): void;
    /** Every waiting task, taken off the list with its timer stopped (the caller settles them). */
    drain(): TaskRecord[];
    /** The wait is over: the task joins the queue's tail, with a fresh deadline of its own. */
    private wakeUp;
}

/**
 * The pool's data plane: the queue, the idle stack, the workers' records and the deadlines,
 * in plain fields. It runs tasks and settles them; it touches actors only at edges (a worker
 * going idle ⇄ busy or faulting) and never moves the pool's lifecycle: `phase` is written by
 * the pool machine's actions (see `lifecycle.ts`). A worker that finishes a task while others
 * are queued takes the next one in plain code.
 */
declare class PoolCore<R = unknown> implements Ledger {
    readonly name: string;
    readonly events: Emitter<PoolEvents>;
    readonly stats: PoolStats;
    readonly counters: PoolCounters;
    readonly waiters: PoolWaiters;
    breaker: CircuitBreaker | undefined;
    slots: WorkerSlots<R> | undefined;
    /** Written by the pool machine's actions only. */
    phase: PoolPhase;
    /** The pool's task-running code (`ctx.resource.call`, ...) must stop: abort kills the worker (threads). */
    readonly abortKillsWorker: boolean;
    /** This incarnation's options: a copy, so `resize` changes this pool only, not a parent's spec. */
    readonly options: NormalizedPoolOptions<R>;
    /** Tasks between two tries (`retry`). */
    readonly retries: Retries;
    /** `pause()`: no task starts. */
    paused: boolean;
    /** Workers waiting out a timed-out task's `timeoutGrace` (a close waits for them). */
    lingering: number;
    /** `resize()` took slots away and workers above the size remain: each leaves when its task ends. */
    shrinking: boolean;
    readonly limiter: RateLimiter | undefined;
    readonly defaults: Admitted;
    readonly queue: TaskQueue<TaskRecord>;
    readonly deadlines: Deadlines<TaskRecord>;
    readonly idle: IdleWorkers;
    readonly workers: Map<string, WorkerRecord>;
    private readonly idPrefix;
    private seq;
    running: number;
    /** Tasks sent ahead to busy workers (see reservations.ts): still unstarted, counted as queued. */
    reserved: number;
    /** The backend can send a task ahead to a busy worker (threads). */
    private readonly prefetch;
    private syncBurst;
    /** The last clock reading taken when a task finished; the next task on that worker starts then. */
    private stamp;
    constructor(spec: NormalizedPoolOptions<R>);
    /** Links the breaker and the worker supervisor under the pool's actor. */
    start(self: AnyActorRef): void;
    /** Starts a worker supervisor with fresh workers (at start, and after a recovery's backoff). */
    openSlots(self: AnyActorRef): void;
    private reports;
    /** While `recovering`: when the pool takes work again, and why it stopped. */
    recovery: {
        retryAt: number;
        attempt: number;
        cause: unknown;
    } | undefined;
    /** See `Pool.submit`; `defaultLabel` is the handler's name of a `call`. Throws on refusal (see admission.ts). */
    submit<T>(fn: Task<T, R>, opts: SubmitOptions | undefined, defaultLabel?: string): TaskHandle<T>;
    private accept;
    /** Tasks accepted and not started yet: in the queue, or sent ahead to a busy worker. */
    get queued(): number;
    /** Whether a task may start now: not paused, the circuit lets it through, the rate window has room (taken). */
    private mayStart;
    /**
     * Runs `task` on `worker`, then keeps the worker busy with queued tasks in plain code.
     * `startedAt` is a clock reading taken just before (the previous task's finish time, or the
     * submit time): reading the clock is a measurable share of the per-task cost.
     */
    private run;
    /** An async task of `worker` settled. A worker holds one task, so `worker.task` is the one. */
    readonly resume: (worker: WorkerRecord, ok: boolean, value: unknown) => void;
    /** Records how a run ended and returns the worker's next task, if it has one now. */
    private finishRun;
    /** `next` is the worker's next task: waiters hear that the queue moved, not that the pool idles. */
    private handOver;
    /** The run of `task` on `worker` is over (a result, a timeout, a crash): free the worker of it. */
    endRun(worker: WorkerRecord, task: TaskRecord): void;
    /** Gives a free worker its next task, or parks it (after a burst of synchronous tasks, or a grace). */
    continueWorker(worker: WorkerRecord): void;
    /** The worker has nothing to do: it goes on the idle stack (its machine hears it shortly). */
    private park;
    private takeNext;
    /** A task's own `timeout` passed (see timeouts.ts). */
    timeOut(task: TaskRecord): void;
    /** Stops watching a task's time (it finished, or its worker was let go). */
    clearDeadline(task: TaskRecord): void;
    /** Starts queued tasks on idle workers, as far as the breaker allows. */
    dispatch(): void;
    /** Asks the slots for more workers while tasks wait and some slot is free (a field read when all are used). */
    private grow;
    /** Handles `cancel()` and aborted signals. Arrow: it is passed to every record. */
    private readonly cancelTask;
    /** Settles a queued or running task without a result of its own. */
    finishCancelled(task: TaskRecord, reason: unknown): void;
    /** The pool gives up on a worker (timeout in-process, fatal error, dead thread): its machine goes `crashed`. */
    fault(worker: WorkerRecord, error: unknown): void;
    retire(worker: WorkerRecord, reason: RetireReason): boolean;
    /** Set by the lifecycle: reports the fact to the pool machine. */
    onWorkersFailed: ((error: unknown) => void) | undefined;
    private onCircuitChange;
    /** Wakes the waiters after a change, telling them whether the pool is now idle. */
    wake(): void;
    /** Starts what waits, if the pool still runs (a rate window reopened, a pause ended). */
    dispatchIfRunning(): void;
    /** Room for one more task (see admission.ts). */
    hasRoom(): boolean;
    hasListeners(type: keyof PoolEvents): boolean;
}

/**
 * What the pool machine drives ({@link PoolHost}): each method carries out one step of the
 * lifecycle the machine decided on, over the data plane ({@link PoolCore}) and its children.
 * It also holds the pool's `stopped` promise, which resolves once every one of its actors is gone.
 *
 * @example
 * ```ts
 * const lifecycle = new PoolLifecycle(core, actor); // `open` of the pool machine's input
 * ```
 */
declare class PoolLifecycle<R> implements PoolHost {
    readonly core: PoolCore<R>;
    private readonly self;
    /** Resolves when the pool has closed or failed and every one of its actors has stopped. */
    readonly stopped: Promise<void>;
    private resolveStopped;
    private removeBaseAbort;
    private stopping;
    private inspection;
    constructor(core: PoolCore<R>, self: AnyActorRef);
    start(): void;
    stopAccepting(why: 'closing' | 'terminated'): void;
    private stopAcceptingNow;
    /** `submitWait` callers still waiting for room are refused: counted and announced as any refusal. */
    private refuseWaiting;
    drain(timeout: number | undefined): Promise<'drained' | 'timedOut'>;
    abortAll(why: 'terminated' | {
        closeTimedOut: number;
    }): void;
    private abortAllNow;
    /** Stops the workers and the breaker; shared by close, failure and a forced stop. */
    stopActors(): Promise<void>;
    closed(): void;
    private closedNow;
    failed(error: unknown): void;
    private failedNow;
    failure: unknown;
    /** The workers gave up: refuse what waits for room, let every worker go, reject every task it held. */
    private dropEverything;
    get recovers(): boolean;
    /** Failures in a row (one within `resetAfter` of the last comeback continues the streak). */
    private streak;
    private lastRecoveredAt;
    recovering(error: unknown): void;
    private recoveringNow;
    recover(signal: AbortSignal): Promise<void>;
    recovered(): void;
    killed(): void;
    /**
     * Runs `work` (called from a pool machine's action) with the pool's events held back, then emits
     * them on the next microtask: listeners are user code, and user code must not run in the middle
     * of a machine's transition (it could start actors there, and it would see a half-taken step).
     * Tasks still settle and counters still move at once.
     */
    private afterTransition;
    /** Settles every queued task and every running one with `reason` (or only aborts the running ones). */
    private cancelAll;
    /** Nothing may be retired, reparked or timed out any more: the pool is stopping. */
    private stopTimers;
    /** Every worker is out of service (the pool closed or failed); their late results are ignored. */
    private letGoAll;
    /** The base signal aborted: close, reject what has not started, abort what runs. */
    private onBaseAbort;
}

/**
 * What every pool offers, whatever runs its tasks (in-process functions or threads):
 * lifecycle, status, metrics, events, circuit controls and back-pressure helpers.
 */
declare abstract class PoolHandle<R = unknown> {
    private readonly originLifecycle;
    private readonly origin;
    /** @internal */
    constructor(originLifecycle: PoolLifecycle<R>, origin: AnyActorRef);
    /**
     * The pool machine's actor; its children are the breaker and the worker supervisor. A handle of
     * a supervised pool follows its restarts: this is always the current incarnation's actor.
     *
     * @example
     * ```ts
     * pool.actor.getSnapshot().value; // 'running'
     * ```
     */
    get actor(): AnyActorRef;
    /** @internal The current incarnation's lifecycle. */
    protected get lifecycle(): PoolLifecycle<R>;
    /** @internal */
    protected get core(): PoolCore<R>;
    /**
     * The pool's name (from options, or `pool-<nanoid>`).
     *
     * @example
     * ```ts
     * createPool({ name: 'images' }).name; // 'images'
     * ```
     */
    get name(): string;
    /**
     * Typed events; see {@link PoolEvents}.
     *
     * @example
     * ```ts
     * pool.events.on('workerCrashed', ({ workerId, error }) => log.warn(workerId, error));
     * ```
     */
    get events(): Emitter<PoolEvents>;
    /**
     * The pool machine's phase: `running`, `closing`, `closed` or `failed`.
     *
     * @example
     * ```ts
     * if (pool.phase === 'failed') await restartSomehow();
     * ```
     */
    get phase(): PoolPhase;
    /**
     * The breaker machine's actor, a child of `actor` (undefined with `circuitBreaker: false`).
     *
     * @example
     * ```ts
     * pool.breakerActor?.getSnapshot().value; // 'closed'
     * ```
     */
    get breakerActor(): AnyActorRef | undefined;
    /**
     * The supervisor that restarts crashed workers one_for_one (once started), a child of `actor`.
     *
     * @example
     * ```ts
     * pool.workerSupervisor?.countChildren().active; // started workers
     * ```
     */
    get workerSupervisor(): Supervisor | undefined;
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
    close(options?: {
        timeout?: number;
    }): Promise<void>;
    /**
     * Rejects queued tasks, aborts running ones, stops the workers: now.
     *
     * @example
     * ```ts
     * await pool.terminate();
     * ```
     */
    terminate(): Promise<void>;
    /** Sends the pool machine a command, unless it has already stopped (closed or failed). */
    private command;
    /**
     * What the pool is doing now: phase, circuit, workers by state, queued and running tasks.
     * The same keys mean the same things in `metrics()`.
     *
     * @example
     * ```ts
     * pool.status(); // { phase: 'running', circuit: 'closed', size: 10, idleWorkers: 3, busyWorkers: 7, queued: 12, ... }
     * ```
     */
    status(): PoolStatus;
    /**
     * `status()` plus the counters since start (accepted, completed, failed, timedOut, cancelled,
     * rejected, crashes, restarts) and run/wait-time percentiles (ms) from a fixed-memory histogram.
     *
     * @example
     * ```ts
     * const { completed, runTime } = pool.metrics();
     * console.log(completed, runTime.p99);
     * ```
     */
    metrics(): PoolMetrics;
    /**
     * The circuit's state (`closed` when the breaker is disabled).
     *
     * @example
     * ```ts
     * if (pool.circuit === 'open') return reply(503);
     * ```
     */
    get circuit(): CircuitState;
    /**
     * Forces the circuit open (e.g. a deploy of the downstream); it half-opens after the cooldown.
     *
     * @example
     * ```ts
     * pool.openCircuit();
     * ```
     */
    openCircuit(): void;
    /**
     * Holds every queued task until `resume()`: no task starts, running ones finish, and
     * submissions still queue (up to `maxQueueSize`). `close()` resumes a paused pool to drain it.
     * Emits `paused`; a second call does nothing. `status().paused` tells.
     *
     * @example
     * ```ts
     * pool.pause();   // the downstream is being migrated
     * await migrate();
     * pool.resume();
     * ```
     */
    pause(): void;
    /**
     * Lets queued tasks start again after `pause()`. Emits `resumed`; does nothing if not paused.
     *
     * @example
     * ```ts
     * pool.resume();
     * ```
     */
    resume(): void;
    /**
     * Changes the pool's size at run time, as the `size` option: a number (a fixed pool: new
     * workers start now) or `{ min, max, idleTimeout }`. Shrinking retires idle workers now and
     * busy ones when their task ends; no task is cut short. Emits `resized`. Throws
     * `InvalidOptionError` for a bad size and `PoolClosedError` once the pool is closing.
     *
     * @example
     * ```ts
     * pool.resize(32);             // peak hours
     * pool.resize({ min: 2, max: 8 });
     * ```
     */
    resize(size: number | PoolSizeRange): void;
    /** @internal The most workers this kind of pool may have (a thread pool caps its threads). */
    protected get sizeCap(): number;
    /**
     * Resets the circuit to closed.
     *
     * @example
     * ```ts
     * pool.resetCircuit();
     * ```
     */
    resetCircuit(): void;
    /**
     * Resolves once the initial workers (`size`, or `size.min`) have finished `init` — or at once
     * if the pool is past running: recovering (it refuses work until its backoff ends), closing,
     * closed or failed. Tasks submitted before then simply queue; a
     * hand-off pool (`maxQueueSize: 0`) refuses them, so await this first.
     *
     * @example
     * ```ts
     * const pool = createPool({ size: 4, maxQueueSize: 0 });
     * await pool.ready();
     * pool.submit(task); // runs at once on an idle worker
     * ```
     */
    ready(): Promise<void>;
    /**
     * Resolves when the queue is empty, no task runs and none waits to be tried again (at once if so already).
     *
     * @example
     * ```ts
     * await pool.onIdle();
     * ```
     */
    onIdle(): Promise<void>;
    /**
     * Resolves when the queue is empty (tasks may still run).
     *
     * @example
     * ```ts
     * await pool.onEmpty();
     * ```
     */
    onEmpty(): Promise<void>;
    /**
     * Resolves when fewer than `limit` tasks are queued.
     *
     * @example
     * ```ts
     * await pool.onSizeLessThan(100); // then submit more
     * ```
     */
    onSizeLessThan(limit: number): Promise<void>;
}

export { type DeleteChildResult as $, type AnyChildSpec as A, type Backoff as B, type CircuitBreakerOptions as C, type DynamicSupervisorOptions as D, type ExitSummary as E, type ChildCounts as F, type ChildEvent as G, type Handler as H, InvalidOptionError as I, type ChildInfo as J, type ChildKey as K, type ListenerErrorHandler as L, type ChildName as M, type NormalizedBackoff as N, OverseerError as O, PoolHandle as P, type ChildOrchestration as Q, type ChildRef as R, SupervisorHandle as S, type TaskHandle as T, type ChildRestartLimit as U, type ChildType as V, DEFAULT_FRESH_IF_CRASH_WITHIN_MS as W, DEFAULT_INTENSITY as X, DEFAULT_MAX_HELD_EVENTS as Y, DEFAULT_PERIOD_MS as Z, DEFAULT_WORKER_SHUTDOWN_MS as _, type SupervisorPhase as a, FailedToStartChildError as a0, type InspectOption as a1, MAX_POOL_SIZE as a2, MAX_QUEUE_SIZE_ENV as a3, MAX_TIMER_MS as a4, type NameEntry as a5, type NormalizedChildSpec as a6, type NormalizedPersist as a7, type NormalizedSupervisorOptions as a8, NotPersistedError as a9, SnapshotStoreError as aA, type SupervisorActor as aB, type SupervisorContext as aC, type SupervisorEvents as aD, type SupervisorExit as aE, type SupervisorListeners as aF, SupervisorNotRunningError as aG, type SupervisorOptions as aH, type TaskWrapper as aI, type TerminationOutcome as aJ, type TypedChildInfo as aK, type TypedChildSpec as aL, type TypedSupervisorOptions as aM, type WorkerHooks as aN, breakerMachine as aO, defineChild as aP, getSupervisor as aQ, isAbnormal as aR, normalizeSupervisorOptions as aS, startSupervisor as aT, supervisorSpec as aU, terminateActor as aV, POOL_SIZE_ENV as aa, PersistKeyInUseError as ab, type PersistOptions as ac, type PersistenceFailure as ad, type PoolContext as ae, type PoolCounters as af, type PoolEvent as ag, type PoolEvents as ah, type PoolExit as ai, type PoolListeners as aj, type PoolMachineInput as ak, type PoolPhase as al, type PoolSizeRange as am, type RateLimitOptions as an, type RecoveryOptions as ao, Registry as ap, type RejectionReason as aq, type RestartChildResult as ar, type RestartDelay as as, type RestartType as at, type RetryOptions as au, SHUTDOWN_EVENT as av, type SaveMode as aw, type SendResult as ax, type Shutdown as ay, SnapshotNotSerializableError as az, type Strategy as b, type PoolStatus as c, type Percentiles as d, type PoolOptions as e, type SubmitOptions as f, type EventListeners as g, type CircuitState as h, type PoolMetrics as i, Supervisor as j, type SpecOverrides as k, type ChildSpec as l, type TaskContext as m, type Task as n, type StartChildResult as o, poolMachine as p, type TerminateChildResult as q, type ExitReason as r, supervisorMachine as s, type PersistenceOutcome as t, type ShutdownEvent as u, type AutoShutdown as v, type BreakerContext as w, type BreakerEvent as x, type BreakerInput as y, type CheckedChildren as z };
