import type { AnyActorRef } from 'xstate';

/**
 * Tag a machine puts on the states in which it is still starting up. A supervisor
 * waits until a child has left every such state before it counts the child as
 * started (OTP's `init/1` returning), and treats an error before then as a failed
 * start. Supervisors tag their own `starting` state with it, which is how a nested
 * supervisor's start failure reaches its parent.
 *
 * @example
 * ```ts
 * const conn = createMachine({
 *   initial: 'connecting',
 *   states: {
 *     connecting: { tags: [STARTING_TAG], invoke: { src: 'connect', onDone: 'ready' } },
 *     ready: {},
 *   },
 * });
 * ```
 */
export const STARTING_TAG = 'overseer.starting';

interface TaggedSnapshot {
  status: string;
  error?: unknown;
  hasTag?: (tag: string) => boolean;
}

function stillStarting(snapshot: TaggedSnapshot): boolean {
  return snapshot.status === 'active' && typeof snapshot.hasTag === 'function' && snapshot.hasTag(STARTING_TAG);
}

/**
 * Resolves when `actor` has finished starting; rejects with its error if it errors first.
 * Returns at once for logic that has no notion of starting.
 */
export function waitUntilStarted(actor: AnyActorRef): Promise<void> | void {
  const snapshot = actor.getSnapshot() as TaggedSnapshot;
  if (snapshot.status === 'error') throw snapshot.error;
  if (!stillStarting(snapshot)) return;
  return new Promise<void>((resolve, reject) => {
    const subscription = actor.subscribe({
      next: (next) => {
        if (!stillStarting(next as TaggedSnapshot)) {
          subscription.unsubscribe();
          resolve();
        }
      },
      error: reject,
      complete: () => resolve(),
    });
  });
}
