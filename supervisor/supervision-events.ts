import type { AnyActorRef } from 'xstate';
import type { ExitReason } from './exit-reason.js';
import type { PersistenceOutcome } from './persistence/durability.js';

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
export type SupervisionEvent =
  | { type: 'overseer.childExited'; supervisor: string; id: string; name: string | undefined; exit: ExitReason; restarts: number }
  | {
      type: 'overseer.childRestarted';
      supervisor: string;
      id: string;
      name: string | undefined;
      restarts: number;
      /** A durable child only: how it came back (`'fresh-after-crash'`: its stored state is gone). */
      persistence?: PersistenceOutcome;
    }
  | { type: 'overseer.childGaveUp'; supervisor: string; id: string; name: string | undefined; error: unknown; restarts: number }
  | { type: 'overseer.gaveUp'; supervisor: string; intensity: number; period: number };

/** Actors that are overseer's own parents (supervisors, pools): their children send them no lifecycle events. */
const overseerParents = new WeakSet<AnyActorRef>();

/**
 * @internal Marks an actor as one of overseer's own parents (a supervisor, a pool): a supervisor
 * under it sends it no `overseer.*` events (it hears its children's exits its own way).
 *
 * @example
 * ```ts
 * markOverseerParent(poolActor); // its worker supervisor sends it no overseer.* events
 * ```
 */
export function markOverseerParent(actor: AnyActorRef): void {
  overseerParents.add(actor);
}

/**
 * Sends `event` to the user's machine that invoked or spawned the supervisor `self`, if one did
 * and it still runs. Read at send time: a supervisor's parent is known only once it is created.
 *
 * @example
 * ```ts
 * tellParent(self, { type: 'overseer.gaveUp', supervisor: 'orders', intensity: 3, period: 5000 });
 * ```
 */
export function tellParent(self: AnyActorRef, event: SupervisionEvent): void {
  const parent = self._parent;
  if (parent === undefined || overseerParents.has(parent)) return;
  if ((parent.getSnapshot() as { status: string }).status !== 'active') return;
  parent.send(event);
}
