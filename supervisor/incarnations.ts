import type { AnyActorRef } from 'xstate';
import type { ChildEntry } from './child-table.js';

/** Every incarnation a supervisor started, to the child-table row it belongs to (the row outlives restarts). */
const rows = new WeakMap<AnyActorRef, ChildEntry>();

/**
 * @internal The supervisor adopted `actor` as the current incarnation of `entry`.
 *
 * @example
 * ```ts
 * noteIncarnation(actor, entry); // currentIncarnation(anyEarlierActor) === actor
 * ```
 */
export function noteIncarnation(actor: AnyActorRef, entry: ChildEntry): void {
  rows.set(actor, entry);
}

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
export function currentIncarnation(actor: AnyActorRef): AnyActorRef {
  const entry = rows.get(actor);
  const current = entry?.actor;
  return current !== undefined && current !== actor && !entry!.restarting ? current : actor;
}
