import type { AnyActorRef } from 'xstate';

/**
 * The process-wide list of live roots: every supervisor and pool started on its own (not as a
 * child) registers its actor here as it starts. The list holds them weakly — a root nobody else
 * keeps can still be collected — and forgets a root as soon as it stops, errors or completes.
 * A dashboard or an inspector adapter reads it to show "everything alive in this process".
 */

const roots = new Set<WeakRef<AnyActorRef>>();
const listeners = new Set<(actor: AnyActorRef) => void>();
/** Drops the entry of a root that was collected without stopping. */
const collected = new FinalizationRegistry<WeakRef<AnyActorRef>>((ref) => roots.delete(ref));

/**
 * Adds a root's actor to the list, until it stops. Called by `startRootActor`; no one else needs to.
 *
 * @example
 * ```ts
 * const actor = createActor(supervisorMachine, { input });
 * registerLiveRoot(actor);
 * actor.start();
 * ```
 */
export function registerLiveRoot(actor: AnyActorRef): void {
  const ref = new WeakRef(actor);
  roots.add(ref);
  collected.register(actor, ref, ref);
  const forget = (): void => {
    roots.delete(ref);
    collected.unregister(ref);
  };
  // Done or errored: gone. A stop by force is caught by the status check in liveRoots().
  actor.subscribe({ complete: forget, error: forget });
  for (const listener of listeners) {
    try {
      listener(actor);
    } catch {
      // A listener's error must not stop a root from starting.
    }
  }
}

/**
 * Calls `listener` with each root's actor as it registers, before it starts: an inspection
 * observer attached then (`actor.system.inspect`) sees the whole tree from its first event.
 * Returns the function that stops listening.
 *
 * @example
 * ```ts
 * const stop = onLiveRoot((actor) => actor.system.inspect((event) => log(event.type)));
 * ```
 */
export function onLiveRoot(listener: (actor: AnyActorRef) => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/**
 * The actors of every supervisor and pool alive in this process that was started as a root
 * (`startSupervisor`, `startDynamicSupervisor`, `createPool`, `createThreadPool`), oldest first.
 * Each is a root: its children (nested supervisors, pools, workers) are reached from it, e.g.
 * with `systemTree(actor)`.
 *
 * @example
 * ```ts
 * import { liveRoots, systemTree } from 'overseer';
 * for (const root of liveRoots()) console.log(JSON.stringify(systemTree(root)));
 * ```
 */
export function liveRoots(): AnyActorRef[] {
  const alive: AnyActorRef[] = [];
  for (const ref of roots) {
    const actor = ref.deref();
    if (actor !== undefined && actor.getSnapshot().status === 'active') alive.push(actor);
    else {
      roots.delete(ref);
      collected.unregister(ref);
    }
  }
  return alive;
}
