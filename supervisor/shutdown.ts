import type { AnyActorRef } from 'xstate';
import type { Shutdown } from './child-spec.js';
import { longTimeout, type LongTimeout } from './long-timeout.js';

/**
 * The shutdown request a supervisor sends before it stops a child by force.
 * A machine that handles this event "traps exits" (OTP): it gets up to its
 * `shutdown` time to clean up and reach a final state. Sent to a supervisor or a pool, it asks for
 * a graceful stop; a child that sends it to its own supervisor (`sendParent`) therefore stops that
 * supervisor, as any process may send an exit signal to its supervisor in OTP.
 *
 * @example
 * ```ts
 * const worker = setup({}).createMachine({
 *   initial: 'working',
 *   states: {
 *     working: { on: { [SHUTDOWN_EVENT]: 'flushing' } },
 *     flushing: { after: { 100: 'done' } },
 *     done: { type: 'final' },
 *   },
 * });
 * ```
 */
export const SHUTDOWN_EVENT = 'overseer.shutdown' as const;

/** The event object sent as the shutdown request. */
export interface ShutdownEvent {
  type: typeof SHUTDOWN_EVENT;
}

/** How a termination ended: the child finished on its own, or it was stopped by force. */
export type TerminationOutcome = 'exited' | 'killed';

/**
 * Stops `actor` the way OTP's supervisor does:
 * - `brutal_kill`: stop at once;
 * - a number of ms: send {@link SHUTDOWN_EVENT}, wait that long for the actor to finish, then stop it;
 * - `infinity`: send the request and wait as long as it takes.
 *
 * A machine whose current state has no transition for the request does not trap exits
 * and is stopped at once, as an OTP process that does not trap exits dies at once.
 * Logic that cannot report this (`fromPromise`, `fromCallback`, ...) is given the full time.
 *
 * @example
 * ```ts
 * const outcome = await terminateActor(actor, 5000); // 'exited' or 'killed'
 * ```
 */
export function terminateActor(actor: AnyActorRef, shutdown: Shutdown): Promise<TerminationOutcome> {
  const snapshot = actor.getSnapshot() as { status: string; can?: (event: ShutdownEvent) => boolean };
  if (snapshot.status !== 'active') {
    stopActor(actor);
    return Promise.resolve('exited');
  }
  const request: ShutdownEvent = { type: SHUTDOWN_EVENT };
  if (shutdown === 'brutal_kill' || (typeof snapshot.can === 'function' && !safeCan(snapshot, request))) {
    stopActor(actor);
    return Promise.resolve('killed');
  }

  return new Promise<TerminationOutcome>((resolve) => {
    let timer: LongTimeout | undefined;
    let settled = false;
    const finish = (outcome: TerminationOutcome) => {
      if (settled) return;
      settled = true;
      timer?.cancel();
      subscription.unsubscribe();
      stopActor(actor);
      resolve(outcome);
    };
    const subscription = actor.subscribe({
      complete: () => finish('exited'),
      error: () => finish('exited'),
    });
    if (settled) return;
    if (shutdown !== 'infinity') {
      timer = longTimeout(() => finish('killed'), shutdown);
    }
    try {
      actor.send(request);
    } catch {
      // Sending can only fail if the actor is already gone; the observers above settle it.
    }
    // The request may have finished the actor synchronously, before observers could run.
    if ((actor.getSnapshot() as { status: string }).status !== 'active') finish('exited');
  });
}

function safeCan(snapshot: { can?: (event: ShutdownEvent) => boolean }, event: ShutdownEvent): boolean {
  try {
    return snapshot.can?.(event) ?? true;
  } catch {
    return true;
  }
}

/**
 * Stops an actor overseer created, whether it is a root actor or a child linked to a parent.
 * xstate refuses `stop()` on a child (its parent is meant to own it) and its parent's
 * `stopChild` only reaches children listed in the parent's snapshot; ours live in the
 * supervisor's own table instead, so this calls the same internal `_stop` that xstate's own
 * `stopChild` calls. Errors are swallowed: stopping a stopped actor is a no-op.
 *
 * @example
 * ```ts
 * stopActor(child); // idempotent
 * ```
 */
export function stopActor(actor: AnyActorRef): void {
  const linked = actor as AnyActorRef & { _parent?: unknown; _stop?: () => void };
  try {
    if (linked._parent !== undefined && typeof linked._stop === 'function') linked._stop();
    else (actor as { stop?: () => void }).stop?.();
  } catch {
    // Already stopped, or not an actor we can stop: nothing left to do.
  }
}
