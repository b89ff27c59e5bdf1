import type { AnyActorRef } from 'xstate';
import { describeValue } from '../../supervisor/errors.js';
import { isMachine } from '../visualize/machine-graph.js';
import type { ActionRequest, ActionResult } from './payload.js';
import { isDynamic, type WalkEntry } from './walk.js';

/**
 * The dashboard's actions, each through the public API a program would use:
 * - `kill`: injects a crash, as Erlang observer's "Kill process": the child's actor is sent an
 *   unhandled `xstate.error.actor.*` event — what xstate does when a linked actor fails — so the
 *   machine errors and its supervisor sees it crash (`lastExit.reason: 'crashed'`) and applies
 *   its restart strategy. Only for machines that do not trap such events: supervisors and pools
 *   do (they are stopped with `terminate`), and non-machine logic cannot be crashed from outside;
 * - `terminate` / `restart`: the parent supervisor's `terminateChild` / `restartChild` (a running
 *   child is terminated first; under a dynamic supervisor `restart` does not exist: its children
 *   are not kept once stopped);
 * - `openCircuit` / `closeCircuit`: the pool's `openCircuit()` / `resetCircuit()`.
 */

/** The event `kill` sends; its name is one no invoke of a user's machine uses. */
export const KILL_EVENT_TYPE = 'xstate.error.actor.overseer.dashboard.kill';

const ACTIONS: ReadonlySet<string> = new Set(['kill', 'terminate', 'restart', 'openCircuit', 'closeCircuit']);

/**
 * Reads an action request from a parsed JSON body, or says what is wrong with it.
 *
 * @example
 * ```ts
 * parseAction({ action: 'kill', target: 'app/db' }); // { action: 'kill', target: 'app/db' }
 * parseAction({ action: 'nope' }); // 'action must be one of kill, terminate, restart, openCircuit, closeCircuit'
 * ```
 */
export function parseAction(body: unknown): ActionRequest | string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object { action, target }';
  const { action, target } = body as Record<string, unknown>;
  if (typeof action !== 'string' || !ACTIONS.has(action)) return `action must be one of ${[...ACTIONS].join(', ')}, got ${describeValue(action)}`;
  if (typeof target !== 'string' || target === '') return `target must be a node's path, got ${describeValue(target)}`;
  return { action: action as ActionRequest['action'], target };
}

/**
 * Performs `request` on the node `entry` (found by its path).
 *
 * @example
 * ```ts
 * await performAction({ action: 'terminate', target: 'app/db' }, entries.get('app/db'));
 * ```
 */
export async function performAction(request: ActionRequest, entry: WalkEntry | undefined): Promise<ActionResult> {
  if (entry === undefined) return { ok: false, detail: `no node at ${request.target}` };
  switch (request.action) {
    case 'kill':
      return kill(entry);
    case 'terminate':
      return terminate(entry);
    case 'restart':
      return restart(entry);
    case 'openCircuit':
    case 'closeCircuit': {
      const pool = entry.pool;
      if (pool === undefined || pool.breakerActor === undefined) return { ok: false, detail: `${entry.path} is not a pool with a circuit breaker` };
      if (request.action === 'openCircuit') pool.openCircuit();
      else pool.resetCircuit();
      return { ok: true, detail: pool.circuit };
    }
  }
}

function kill(entry: WalkEntry): ActionResult {
  const actor = entry.actor;
  if (actor === undefined || entry.parent === undefined) return { ok: false, detail: `${entry.path} has no running child actor to kill` };
  if (entry.supervisor !== undefined) return { ok: false, detail: `${entry.path} is a supervisor: it traps exits; terminate or restart it instead` };
  if (!isMachine((actor as AnyActorRef & { logic?: unknown }).logic)) {
    return { ok: false, detail: `${entry.path} is not a state machine: only machines can be crashed from outside` };
  }
  if (actor.getSnapshot().status !== 'active') return { ok: false, detail: `${entry.path} is not running` };
  actor.send({ type: KILL_EVENT_TYPE, error: new Error(`killed from the dashboard (${entry.path})`) });
  const status = actor.getSnapshot().status;
  return status === 'active' ? { ok: false, detail: `${entry.path} handled the crash event itself (it traps xstate.* events)` } : { ok: true, detail: 'crashed' };
}

async function terminate(entry: WalkEntry): Promise<ActionResult> {
  const { parent, childId, actor } = entry;
  if (parent === undefined || childId === undefined) return { ok: false, detail: `${entry.path} is not a supervisor's child` };
  if (entry.poolWorker) return { ok: false, detail: `${entry.path} is a pool's worker: the pool manages it (kill it, or resize the pool)` };
  if (isDynamic(parent)) {
    if (actor === undefined) return { ok: false, detail: `${entry.path} is not running` };
    return resultOf(await parent.terminateChild(actor));
  }
  return resultOf(await (parent as import('../../supervisor/supervisor.js').Supervisor).terminateChild(childId));
}

async function restart(entry: WalkEntry): Promise<ActionResult> {
  const { parent, childId } = entry;
  if (parent === undefined || childId === undefined) return { ok: false, detail: `${entry.path} is not a supervisor's child` };
  if (entry.poolWorker) return { ok: false, detail: `${entry.path} is a pool's worker: the pool manages it (kill it, or resize the pool)` };
  if (isDynamic(parent)) return { ok: false, detail: `${entry.path} is under a dynamic supervisor: its children are not kept once stopped` };
  const supervisor = parent as import('../../supervisor/supervisor.js').Supervisor;
  if (entry.actor !== undefined) {
    const stopped = await supervisor.terminateChild(childId);
    if (!stopped.ok) return resultOf(stopped);
  }
  return resultOf(await supervisor.restartChild(childId));
}

function resultOf(result: { ok: boolean; reason?: string }): ActionResult {
  return result.ok ? { ok: true } : { ok: false, detail: result.reason ?? 'refused' };
}
