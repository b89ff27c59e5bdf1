import { createActor, type Actor, type AnyActorLogic, type AnyActorRef, type InputFrom, type InspectionEvent, type Observer } from 'xstate';
import { registerLiveRoot } from './live-roots.js';

import { markOverseerParent } from './supervision-events.js';

/** What `inspect` options accept: an observer or a function, as xstate's own option. */
export type InspectOption = Observer<InspectionEvent> | ((event: InspectionEvent) => void);

/**
 * Creates and starts the root actor of a tree (a supervisor or a pool started on its own).
 * Every other actor of the tree is linked under it and shares its actor system, so the one
 * `inspect` observer given here sees them all. An error observer is attached before start:
 * xstate rethrows an unobserved root error from a timer, which would kill the host process.
 *
 * @example
 * ```ts
 * const actor = startRootActor(supervisorMachine, normalized, normalized.inspect);
 * ```
 */
export function startRootActor<TLogic extends AnyActorLogic>(
  logic: TLogic,
  input: InputFrom<TLogic>,
  inspect: InspectOption | undefined,
): Actor<TLogic> {
  const actor = createActor(logic, { input, ...(inspect === undefined ? {} : { inspect }) });
  actor.subscribe({ error: () => undefined });
  registerLiveRoot(actor);
  actor.start();
  return actor;
}

/**
 * Creates and starts an actor linked under `parent`: it joins the parent's actor system (its
 * `inspect` observers, `system.get`), its `_parent` is `parent`, and xstate relays its done and
 * error events there. It is not listed in the parent's xstate `children`; whoever creates it
 * keeps it. An error observer is attached before start, as for a root.
 *
 * @example
 * ```ts
 * const workers = startLinkedActor(supervisorMachine, normalized, poolActor, 'workers');
 * ```
 */
export function startLinkedActor<TLogic extends AnyActorLogic>(
  logic: TLogic,
  input: InputFrom<TLogic>,
  parent: AnyActorRef,
  id: string,
): Actor<TLogic> {
  const actor = createActor(logic, { input, parent, id });
  markOverseerParent(parent);
  actor.subscribe({ error: () => undefined });
  actor.start();
  return actor;
}
