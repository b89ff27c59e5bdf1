import type { ActorRefFromLogic, AnyActorLogic, AnyActorRef } from 'xstate';
import { nanoid } from 'nanoid';
import { checkSpecArguments, type ChildSpec, type SpecOverrides } from './child-spec.js';
import { SupervisorHandle } from './handle.js';
import { startChild, terminateChild } from './child-admin.js';
import { normalizeDynamicSupervisorOptions, type DynamicSupervisorOptions } from './options.js';
import type { StartChildResult, TerminateChildResult } from './results.js';
import { startSupervisorActor } from './supervisor.js';
import { supervisorCoreOf, supervisorMachine } from './supervisor.machine.js';

/** A child spec for a dynamic supervisor: the id is optional. */
export type DynamicChildSpec<TLogic extends AnyActorLogic = AnyActorLogic> = Omit<ChildSpec<TLogic>, 'id' | 'significant'> & { id?: string };

/**
 * Handle on a running dynamic supervisor (Elixir's `DynamicSupervisor`): one_for_one,
 * children added at run time, identified by their actor ref, stopped in parallel.
 */
export class DynamicSupervisor extends SupervisorHandle {
  /**
   * Starts a child; answers `max_children` when the limit is reached.
   *
   * @example
   * ```ts
   * const r = await dyn.startChild({ logic: sessionMachine, input: { user: 'ada' } });
   * if (r.ok) sessions.set('ada', r.ref);
   * ```
   */
  startChild<TLogic extends AnyActorLogic>(spec: DynamicChildSpec<TLogic>): Promise<StartChildResult<ActorRefFromLogic<TLogic>>> {
    try {
      return startChild(this.core, spec as unknown as ChildSpec) as Promise<StartChildResult<ActorRefFromLogic<TLogic>>>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Stops the child whose actor is `ref` and forgets it.
   *
   * @example
   * ```ts
   * await dyn.terminateChild(ref); // { ok: true }, then { ok: false, reason: 'not_found' }
   * ```
   */
  terminateChild(ref: AnyActorRef): Promise<TerminateChildResult> {
    return terminateChild(this.core, ref);
  }
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
export function startDynamicSupervisor(options: DynamicSupervisorOptions = {}): Promise<DynamicSupervisor> {
  try {
    const normalized = normalizeDynamicSupervisorOptions(options, `dynamic-supervisor-${nanoid(8)}`);
    return startSupervisorActor(normalized, DynamicSupervisor);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * A child spec that runs a dynamic supervisor inside a supervision tree.
 *
 * @example
 * ```ts
 * const root = await startSupervisor({ children: [dynamicSupervisorSpec('sessions', { maxChildren: 500 })] });
 * const sessions = getDynamicSupervisor(root.whichChildren()[0].ref)!;
 * ```
 */
export function dynamicSupervisorSpec(
  id: string,
  options: DynamicSupervisorOptions = {},
  spec: SpecOverrides = {},
): ChildSpec<typeof supervisorMachine> {
  checkSpecArguments(id, options, spec);
  const input = normalizeDynamicSupervisorOptions(options, options.name ?? id);
  return { ...spec, type: 'supervisor', id, logic: supervisorMachine, input };
}

/**
 * The handle of a dynamic supervisor running as a child, or `undefined`.
 *
 * @example
 * ```ts
 * const dyn = getDynamicSupervisor(ref);
 * ```
 */
export function getDynamicSupervisor(ref: AnyActorRef | 'restarting' | undefined): DynamicSupervisor | undefined {
  if (ref === undefined || ref === 'restarting') return undefined;
  const core = supervisorCoreOf(ref);
  return core !== undefined && core.isDynamic ? new DynamicSupervisor(core, ref) : undefined;
}
