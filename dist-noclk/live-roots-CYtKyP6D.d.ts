import { StateValue, AnyActorRef } from 'xstate';
import { E as ExitSummary, a as SupervisorPhase, b as Strategy, c as PoolStatus, S as SupervisorHandle, P as PoolHandle } from './handle-B2PbfEt1.js';

/** What a node of the tree is. */
type TreeNodeKind = 'supervisor' | 'dynamic-supervisor' | 'pool' | 'thread-pool' | 'worker' | 'breaker' | 'actor';
/**
 * The actor's snapshot status (`active`, `done`, `error`, `stopped`), or, for a child with no
 * actor, `terminated` (stopped and kept by its supervisor) or `restarting` (a failed restart is
 * being retried).
 */
type TreeNodeStatus = 'active' | 'done' | 'error' | 'stopped' | 'terminated' | 'restarting';
/** A supervisor's settings and how much of its restart intensity is used. */
interface SupervisorInfo {
    name: string;
    phase: SupervisorPhase;
    strategy: Strategy;
    /** Restarts inside the last `period` ms; one more than `intensity` and it gives up. */
    restartsInPeriod: number;
    intensity: number;
    period: number;
    /** Child specs, and how many of them run. */
    specs: number;
    active: number;
}
/**
 * A pool's `status()`: phase, circuit, workers by state (`idleWorkers`, `busyWorkers`,
 * `startingWorkers`, `crashedWorkers`), `queued`, `running`, and the counters since it started
 * (`completed`, `failed`, `rejected`, `crashes`, ...). Throughput is the difference of
 * `completed` between two trees divided by the difference of their `at`.
 */
interface PoolInfo extends PoolStatus {
    name: string;
}
/** One actor of the live system, or one child slot with no actor now. */
interface TreeNode {
    /** The child's id in its supervisor; for the root, the supervisor's or pool's name. */
    id: string;
    /**
     * Ids from the root to this node joined by `/`: unique in the tree (children of a dynamic
     * supervisor started under one id are told apart by `#2`, `#3`...).
     */
    path: string;
    kind: TreeNodeKind;
    /** The child's stable name (its spec's `name`, the key it is registered and reached by), if it has one. */
    name?: string;
    /** The current actor's `sessionId` (what inspection events name it by); absent with no actor. */
    sessionId?: string;
    /** The machine's current state value; `null` for an actor that is not a machine, or no actor. */
    state: StateValue | null;
    status: TreeNodeStatus;
    /** Restarts of this child by its supervisor since it was first started (kept by the supervisor). */
    restarts: number;
    /** How the child's previous incarnation ended, or `null`. */
    lastExit: ExitSummary | null;
    supervisor?: SupervisorInfo;
    pool?: PoolInfo;
    children: TreeNode[];
}
/** A picture of the live tree, taken at `at` (epoch ms). */
interface SystemTree {
    at: number;
    root: TreeNode;
}
/** What `systemTree` takes: a supervisor or pool handle, or the actor of one. */
type SystemTreeRoot = SupervisorHandle | PoolHandle<any> | AnyActorRef;
/**
 * The live system under `root` (a supervisor, dynamic supervisor, pool or thread pool, or its
 * actor) as plain JSON: every supervisor with its strategy and intensity use, every pool with its
 * status and its breaker and workers, every child with its state, restarts and last exit. It
 * holds no actor, resource, function or task argument: `JSON.stringify` it as it is.
 *
 * Restarts and last exits are the supervisors' own records (`whichChildren()`), exact from each
 * child's first start whenever the tree is first looked at. Throughput
 * is left to the reader: `completed` is a counter, `at` the time (see docs/visualize.md).
 * Throws `InvalidOptionError` for anything else.
 *
 * @example
 * ```ts
 * const root = await startSupervisor({ name: 'app', children: [poolSpec('images', { size: 2 })] });
 * const { root: tree } = systemTree(root);
 * tree.children[0]; // { id: 'images', kind: 'pool', state: 'running', pool: { queued: 0, idleWorkers: 2, ... }, children: [breaker, workers] }
 * setInterval(() => send(JSON.stringify(systemTree(root))), 250);
 * ```
 */
declare function systemTree(root: SystemTreeRoot): SystemTree;

/**
 * The actors of every supervisor and pool alive in this process that was started as a root
 * (`startSupervisor`, `startDynamicSupervisor`, `createPool`, `createThreadPool`), oldest first.
 * Each is a root: its children (nested supervisors, pools, workers) are reached from it, e.g.
 * with `systemTree(actor)`.
 *
 * @example
 * ```ts
 * import { liveRoots, systemTree } from 'overseer';
 * for (const root of liveRoots()) console.log(JSON.stringify(systemTree(root)));
 * ```
 */
declare function liveRoots(): AnyActorRef[];

export { type PoolInfo as P, type SystemTree as S, type TreeNode as T, type SupervisorInfo as a, type SystemTreeRoot as b, type TreeNodeKind as c, type TreeNodeStatus as d, liveRoots as l, systemTree as s };
