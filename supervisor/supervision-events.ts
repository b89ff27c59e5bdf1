import type { AnyActorRef } from 'xstate';
import type { ExitReason } from './exit-reason.js';

/**
 * Lifecycle events a supervisor sends to a machine of yours that invokes or spawns it, as xstate
 * events, so the orchestration itself is a state machine. (A supervisor under another supervisor,
 * or a pool's worker supervisor, sends none: their parents hear their exits their own way.)
 *
 * - `overseer.childExited`: a child exited on its own (`exit` says why; `restarts` so far);
 * - `overseer.childRestarted`: it was started again (`restarts` counts this one);
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
  | { type: 'overseer.childRestarted'; supervisor: string; id: string; name: string | undefined; restarts: number }
  | { type: 'overseer.childGaveUp'; supervisor: string; id: string; name: string | undefined; error: unknown; restarts: number }
  | { type: 'overseer.gaveUp'; supervisor: string; intensity: number; period: number };

/** Actors overseer itself linked under a parent (a supervisor's children, a pool's worker supervisor). */
const linkedByOverseer = new WeakSet<AnyActorRef>();

/**
 * @internal Marks an actor whose parent is overseer's own (a supervisor or a pool), not a user's machine.
 *
 * @example
 * ```ts
 * markLinkedByOverseer(workerSupervisorActor); // it sends no overseer.* events to the pool
 * ```
 */
export function markLinkedByOverseer(actor: AnyActorRef): void {
  linkedByOverseer.add(actor);
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
  if (parent === undefined || linkedByOverseer.has(self)) return;
  if ((parent.getSnapshot() as { status: string }).status !== 'active') return;
  parent.send(event);
}
