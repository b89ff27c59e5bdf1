import type { ChildSpec } from './child-spec.js';
import { normalizeChild } from './child-normalize.js';
import { checkChildRestarts } from './child-orchestration.js';
import { InvalidOptionError } from './errors.js';
import { checkSignificant, inputFor } from './options.js';
import type { DeleteChildResult, RestartChildResult, StartChildResult, TerminateChildResult } from './results.js';
import type { SupervisorCore } from './supervisor-core.js';
import type { AnyActorRef } from 'xstate';

/**
 * The child admin calls of a supervisor (OTP's `start_child`, `terminate_child`, `restart_child`,
 * `delete_child`), each run on the supervisor's mailbox, one at a time with its restart work.
 * A named child's name is claimed before it starts and released when it is gone for good.
 *
 * @example
 * ```ts
 * const result = await startChild(core, { id: 'cache', name: 'cache', logic: cacheMachine });
 * ```
 */
export function startChild(core: SupervisorCore, spec: ChildSpec): Promise<StartChildResult> {
  const normalized = normalizeChild(spec, 'child', { requireId: !core.isDynamic });
  checkSignificant(normalized, core.options.autoShutdown, 'child');
  if (core.isDynamic && normalized.significant) {
    throw new InvalidOptionError('child.significant', true, 'false (a dynamic supervisor has no significant children)');
  }
  checkChildRestarts(normalized.childRestarts, core.isDynamic, 'child');
  inputFor(core.options, normalized); // validate extraInput merging before queueing
  return core.enqueue(async () => {
    const { table } = core;
    if (!core.isDynamic) {
      const existing = table.get(normalized.id);
      if (existing !== undefined) {
        return existing.actor !== undefined ? { ok: false, reason: 'already_started', ref: existing.actor } : { ok: false, reason: 'already_present' };
      }
    } else if (table.size >= core.options.maxChildren) {
      return { ok: false, reason: 'max_children' };
    }
    const key = core.isDynamic ? `${normalized.id ?? 'child'}#${core.nextKey++}` : normalized.id;
    const entry = table.add(key, normalized);
    try {
      // A name held by another child refuses the start (a rejection: the spec is wrong, not the child).
      core.names.claim(entry);
    } catch (error) {
      table.delete(key);
      throw error;
    }
    try {
      return { ok: true, ref: await core.startEntry(entry, 'childStarted') };
    } catch (error) {
      table.delete(key);
      core.names.gone(entry);
      return { ok: false, reason: 'start_failed', error };
    }
  });
}

/**
 * Stops a child per its `shutdown`; a dynamic or temporary child's spec goes with it, and its
 * name is released (held events reported by `heldEventsDropped`).
 *
 * @example
 * ```ts
 * await terminateChild(core, 'cache'); // { ok: true }
 * ```
 */
export function terminateChild(core: SupervisorCore, idOrRef: string | AnyActorRef): Promise<TerminateChildResult> {
  return core.enqueue(async () => {
    const entry = core.table.find(idOrRef);
    if (entry === undefined) return { ok: false, reason: 'not_found' };
    core.table.markRestarting(entry, false);
    await core.terminateEntry(entry);
    core.names.gone(entry);
    if (core.isDynamic || entry.spec.restart === 'temporary') core.table.delete(entry.key);
    // It may have been the last child waiting for a retried restart.
    core.reportRestartsDone();
    return { ok: true };
  });
}

/**
 * Starts a terminated static child again from its kept spec (claiming its name again).
 *
 * @example
 * ```ts
 * await restartChild(core, 'cache'); // { ok: true, ref }
 * ```
 */
export function restartChild(core: SupervisorCore, id: string): Promise<RestartChildResult> {
  return core.enqueue(async () => {
    const entry = core.table.get(id);
    if (entry === undefined) return { ok: false, reason: 'not_found' };
    if (entry.actor !== undefined) return { ok: false, reason: 'running' };
    if (entry.restarting) return { ok: false, reason: 'restarting' };
    try {
      core.names.claim(entry);
      return { ok: true, ref: await core.startEntry(entry, 'childStarted') };
    } catch (error) {
      core.names.gone(entry);
      return { ok: false, reason: 'start_failed', error };
    }
  });
}

/**
 * Deletes a terminated static child's spec.
 *
 * @example
 * ```ts
 * await deleteChild(core, 'cache'); // { ok: false, reason: 'running' } while it runs
 * ```
 */
export function deleteChild(core: SupervisorCore, id: string): Promise<DeleteChildResult> {
  return core.enqueue(async () => {
    const entry = core.table.get(id);
    if (entry === undefined) return { ok: false, reason: 'not_found' };
    if (entry.actor !== undefined) return { ok: false, reason: 'running' };
    if (entry.restarting) return { ok: false, reason: 'restarting' };
    core.table.delete(id);
    return { ok: true };
  });
}
