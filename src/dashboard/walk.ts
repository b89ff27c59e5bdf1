import type { AnyActorRef } from 'xstate';
import { DynamicSupervisor, getDynamicSupervisor } from '../../supervisor/dynamic-supervisor.js';
import type { SupervisorHandle } from '../../supervisor/handle.js';
import { getSupervisor } from '../../supervisor/supervisor.js';
import type { PoolHandle } from '../pool/handle.js';
import { getPool } from '../pool/pool.js';
import { getThreadPool } from '../threads/thread-pool-spec.js';

/**
 * The live actors behind a tree's paths: the same paths `systemTree` gives its nodes
 * (`app/images/workers/worker-0`, `sessions/ada#2`), each with what the dashboard needs to act
 * on it or to listen to it — its actor, its supervisor and id there, its own handle.
 */
export interface WalkEntry {
  path: string;
  /** The current actor; absent for a terminated or restarting child. */
  actor?: AnyActorRef;
  /** The supervisor that holds it, and its id there (absent for a root and a pool's breaker). */
  parent?: SupervisorHandle;
  childId?: string;
  /** A pool's worker: the pool manages it (it may be killed, not terminated or restarted). */
  poolWorker?: true;
  /** Its own handle when it is a supervisor or a pool. */
  supervisor?: SupervisorHandle;
  pool?: PoolHandle<any>;
}

/**
 * Walks the tree under a root actor into `into` (path → entry), as `systemTree` walks it.
 *
 * @example
 * ```ts
 * const entries = new Map<string, WalkEntry>();
 * walkTree(sup.actor, entries);
 * entries.get('app/db')?.actor; // the db child's actor
 * ```
 */
export function walkTree(root: AnyActorRef, into: Map<string, WalkEntry>): void {
  visit(root, undefined, undefined, '', undefined, into);
}

function visit(
  actor: AnyActorRef,
  parent: SupervisorHandle | undefined,
  childId: string | undefined,
  parentPath: string,
  pathId: string | undefined,
  into: Map<string, WalkEntry>,
): void {
  const supervisor = getDynamicSupervisor(actor) ?? getSupervisor(actor);
  const pool = supervisor === undefined ? (getThreadPool(actor) ?? getPool(actor)) : undefined;
  const id = pathId ?? supervisor?.name ?? pool?.name;
  if (id === undefined) return;
  const path = parentPath === '' ? id : `${parentPath}/${id}`;
  const entry: WalkEntry = { path, actor, ...(parent === undefined ? {} : { parent, childId }) };
  if (supervisor !== undefined) entry.supervisor = supervisor;
  if (pool !== undefined) entry.pool = pool;
  into.set(path, entry);
  if (supervisor !== undefined) visitChildren(supervisor, path, into);
  if (pool !== undefined) {
    const breaker = pool.breakerActor;
    if (breaker !== undefined) into.set(`${path}/breaker`, { path: `${path}/breaker`, actor: breaker });
    const workers = pool.workerSupervisor;
    if (workers !== undefined) {
      const workersPath = `${path}/workers`;
      into.set(workersPath, { path: workersPath, actor: workers.actor, supervisor: workers });
      visitChildren(workers, workersPath, into, true);
    }
  }
}

/** A supervisor's children, paths told apart by `#2`, `#3`... as `systemTree` does. */
function visitChildren(supervisor: SupervisorHandle, path: string, into: Map<string, WalkEntry>, leaves = false): void {
  const counts = new Map<string, number>();
  for (const { id, ref } of supervisor.whichChildren()) {
    const n = (counts.get(id) ?? 0) + 1;
    counts.set(id, n);
    const pathId = n === 1 ? id : `${id}#${n}`;
    if (ref === undefined || ref === 'restarting' || leaves) {
      const childPath = `${path}/${pathId}`;
      const entry: WalkEntry = { path: childPath, parent: supervisor, childId: id };
      if (typeof ref === 'object') entry.actor = ref;
      if (leaves) entry.poolWorker = true;
      into.set(childPath, entry);
      continue;
    }
    visit(ref, supervisor, id, path, pathId, into);
  }
}

/**
 * Whether the handle is a dynamic supervisor (its children are addressed by actor, not by id).
 *
 * @example
 * ```ts
 * if (isDynamic(entry.parent)) await entry.parent.terminateChild(entry.actor);
 * ```
 */
export function isDynamic(handle: SupervisorHandle): handle is DynamicSupervisor {
  return handle instanceof DynamicSupervisor;
}
