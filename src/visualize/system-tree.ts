import type { AnyActorRef, StateValue } from 'xstate';
import { breakerMachine } from '../../actors/breaker.machine.js';
import { workerMachine } from '../../actors/worker.machine.js';
import { getDynamicSupervisor } from '../../supervisor/dynamic-supervisor.js';
import { InvalidOptionError } from '../../supervisor/errors.js';
import { SupervisorHandle } from '../../supervisor/handle.js';
import type { Strategy } from '../../supervisor/options.js';
import type { SupervisorPhase } from '../../supervisor/supervisor-core.js';
import type { SupervisorContext } from '../../supervisor/supervisor.machine.js';
import { getSupervisor } from '../../supervisor/supervisor.js';
import { PoolHandle } from '../pool/handle.js';
import { getPool } from '../pool/pool.js';
import type { PoolStatus } from '../pool/stats.js';
import { getThreadPool } from '../threads/thread-pool-spec.js';
import type { ChildHistory, ExitSummary } from './exit-history.js';

/** What a node of the tree is. */
export type TreeNodeKind = 'supervisor' | 'dynamic-supervisor' | 'pool' | 'thread-pool' | 'worker' | 'breaker' | 'actor';

/**
 * The actor's snapshot status (`active`, `done`, `error`, `stopped`), or, for a child with no
 * actor, `terminated` (stopped and kept by its supervisor) or `restarting` (a failed restart is
 * being retried).
 */
export type TreeNodeStatus = 'active' | 'done' | 'error' | 'stopped' | 'terminated' | 'restarting';

/** A supervisor's settings and how much of its restart intensity is used. */
export interface SupervisorInfo {
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
export interface PoolInfo extends PoolStatus {
  name: string;
}

/** One actor of the live system, or one child slot with no actor now. */
export interface TreeNode {
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
export interface SystemTree {
  at: number;
  root: TreeNode;
}

/** What `systemTree` takes: a supervisor or pool handle, or the actor of one. */
export type SystemTreeRoot = SupervisorHandle | PoolHandle<any> | AnyActorRef;

const NO_HISTORY: ChildHistory = { restarts: 0, lastExit: null };

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
export function systemTree(root: SystemTreeRoot): SystemTree {
  const at = Date.now();
  const actor = actorOf(root);
  if (actor === undefined) {
    throw new InvalidOptionError('root', root, 'a supervisor, dynamic supervisor, pool or thread pool (its handle or its actor)');
  }
  const node = liveNode(actor, undefined, '', NO_HISTORY, undefined);
  if (node === undefined) throw new InvalidOptionError('root', root, 'a supervisor, dynamic supervisor, pool or thread pool (its handle or its actor)');
  return { at, root: node };
}

function actorOf(root: unknown): AnyActorRef | undefined {
  if (root instanceof SupervisorHandle || root instanceof PoolHandle) return root.actor;
  if (root !== null && typeof root === 'object' && typeof (root as AnyActorRef).getSnapshot === 'function' && typeof (root as AnyActorRef).send === 'function') {
    return root as AnyActorRef;
  }
  return undefined;
}

/**
 * The node of a running actor. With no `id` it is the root, which must be a supervisor or a
 * pool (else `undefined`); a child of a pool's worker supervisor is a worker whatever it runs.
 */
function liveNode(
  actor: AnyActorRef,
  id: string | undefined,
  parentPath: string,
  history: ChildHistory,
  hint: TreeNodeKind | undefined,
  pathId = id,
): TreeNode | undefined {
  const dynamic = getDynamicSupervisor(actor);
  const supervisor = dynamic ?? getSupervisor(actor);
  if (supervisor !== undefined) {
    const kind = dynamic === undefined ? 'supervisor' : 'dynamic-supervisor';
    const node = nodeOf(actor, id ?? supervisor.name, parentPath, history, kind, { supervisor: supervisorInfo(supervisor) }, pathId);
    addChildren(node, supervisor, undefined);
    return node;
  }
  const threadPool = getThreadPool(actor);
  const pool = threadPool ?? getPool(actor);
  if (pool !== undefined) {
    const kind = threadPool === undefined ? 'pool' : 'thread-pool';
    const node = nodeOf(actor, id ?? pool.name, parentPath, history, kind, { pool: { name: pool.name, ...pool.status() } }, pathId);
    addPoolChildren(node, pool);
    return node;
  }
  if (id === undefined) return undefined;
  const logic = (actor as { logic?: unknown }).logic;
  const kind = hint ?? (logic === workerMachine ? 'worker' : logic === breakerMachine ? 'breaker' : 'actor');
  return nodeOf(actor, id, parentPath, history, kind, undefined, pathId);
}

/** A node with the actor's state and status, and no children yet (`info` before them, for a readable JSON). */
function nodeOf(
  actor: AnyActorRef,
  id: string,
  parentPath: string,
  history: ChildHistory,
  kind: TreeNodeKind,
  info?: Pick<TreeNode, 'supervisor' | 'pool'>,
  pathId = id,
): TreeNode {
  const snapshot = actor.getSnapshot() as { status: TreeNodeStatus; value?: StateValue };
  return {
    id,
    path: parentPath === '' ? pathId : `${parentPath}/${pathId}`,
    kind,
    sessionId: actor.sessionId,
    state: snapshot.value ?? null,
    status: snapshot.status,
    restarts: history.restarts,
    lastExit: copyOf(history.lastExit),
    ...info,
    children: [],
  };
}

function supervisorInfo(supervisor: SupervisorHandle): SupervisorInfo {
  const context = (supervisor.actor.getSnapshot() as { context: SupervisorContext }).context;
  const { specs, active } = supervisor.countChildren();
  return {
    name: supervisor.name,
    phase: supervisor.phase,
    strategy: context.strategy,
    restartsInPeriod: supervisor.restartsInPeriod,
    intensity: context.intensity,
    period: context.period,
    specs,
    active,
  };
}

/** The caller gets its own copy: the record keeps changing. */
function copyOf(exit: ExitSummary | null): ExitSummary | null {
  return exit === null ? null : { ...exit };
}

/**
 * The supervisor's children, in start order; `childHint` names their kind (a pool's workers).
 * Children of a dynamic supervisor started under one `id` keep it as `id`, and their paths get
 * `#2`, `#3`... so that every path is unique.
 */
function addChildren(node: TreeNode, supervisor: SupervisorHandle, childHint: TreeNodeKind | undefined): void {
  const ids = new Set<string>();
  let repeats: Map<string, number> | undefined;
  for (const { id, ref, type, name, restarts, lastExit } of supervisor.whichChildren()) {
    let pathId = id;
    if (ids.has(id)) {
      repeats ??= new Map();
      const n = (repeats.get(id) ?? 1) + 1;
      repeats.set(id, n);
      pathId = `${id}#${n}`;
    }
    ids.add(id);
    const record: ChildHistory = { restarts, lastExit };
    if (ref === undefined || ref === 'restarting') {
      node.children.push({
        id,
        path: `${node.path}/${pathId}`,
        kind: childHint ?? (type === 'supervisor' ? 'supervisor' : 'actor'),
        ...(name === undefined ? {} : { name }),
        state: null,
        status: ref === undefined ? 'terminated' : 'restarting',
        restarts: record.restarts,
        lastExit: copyOf(record.lastExit),
        children: [],
      });
      continue;
    }
    const child = liveNode(ref, id, node.path, record, childHint, pathId);
    if (child === undefined) continue;
    node.children.push(name === undefined ? child : withName(child, name));
  }
}

/** The node with its name after its kind (the key order of the JSON a reader sees). */
function withName(node: TreeNode, name: string): TreeNode {
  const { id, path, kind, ...rest } = node;
  return { id, path, kind, name, ...rest };
}

/** A pool's breaker and its worker supervisor, whose children are the workers. */
function addPoolChildren(node: TreeNode, pool: PoolHandle<any>): void {
  const breaker = pool.breakerActor;
  if (breaker !== undefined) node.children.push(nodeOf(breaker, 'breaker', node.path, NO_HISTORY, 'breaker'));
  const workers = pool.workerSupervisor;
  if (workers !== undefined) {
    const child = nodeOf(workers.actor, 'workers', node.path, NO_HISTORY, 'supervisor', { supervisor: supervisorInfo(workers) });
    // Its children are the pool's workers, whatever logic they run.
    addChildren(child, workers, 'worker');
    node.children.push(child);
  }
}
