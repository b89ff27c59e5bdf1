import type { AnyActorRef, InspectionEvent, Observer } from 'xstate';
import { InvalidOptionError } from '../../supervisor/errors.js';
import { SupervisorHandle } from '../../supervisor/handle.js';
import { liveRoots, onLiveRoot } from '../../supervisor/live-roots.js';
import { checkOptions } from '../../supervisor/option-keys.js';
import { walkTree, type WalkEntry } from '../dashboard/walk.js';
import { PoolHandle } from '../pool/handle.js';

/**
 * What the adapter needs of a `@statelyai/inspect` inspector (`createInspector`,
 * `createWebSocketInspector`, `createBrowserInspector`, `createSkyInspector` all give one).
 */
export interface StatelyInspectorLike {
  /** Registers an actor (its parent is read from the actor itself). */
  actor(actor: AnyActorRef, snapshot?: { status?: string; value?: unknown; context?: unknown }): void;
  /** The inspection observer xstate's `inspect` option takes. */
  inspect: Observer<InspectionEvent>;
}

/** Options of {@link inspectWithStately}. */
export interface InspectWithStatelyOptions {
  /**
   * The supervisors and pools to forward (handles or actors). Default: every supervisor and pool
   * alive in the process as a root now, and every root started later, from its start.
   * @default undefined (every live root, now and later)
   */
  watch?: ReadonlyArray<SupervisorHandle | PoolHandle<any> | AnyActorRef>;
}

/** A running forwarder. */
export interface StatelyForwarding {
  /** Stops forwarding (the inspector itself is left to its owner); idempotent. */
  stop(): void;
}

/**
 * Forwards overseer trees to Stately's inspector (`@statelyai/inspect`, an optional peer): every
 * actor already running is registered with its parent — supervisor, nested supervisor, pool,
 * breaker, worker supervisor, worker — so the inspector shows the same tree, then the trees'
 * inspection streams (new actors, events, snapshots: restarts included) are forwarded as they come.
 * Needs network access to Stately's site for its UI; overseer's own dashboard
 * (`overseer/dashboard`) works offline.
 *
 * @example
 * ```ts
 * import { createWebSocketInspector } from '@statelyai/inspect';
 * import { inspectWithStately } from 'overseer/stately';
 * const inspector = createWebSocketInspector({ url: 'ws://localhost:8080' });
 * const forwarding = inspectWithStately(inspector, { watch: [app] });
 * // ... forwarding.stop(); inspector.stop();
 * ```
 */
export function inspectWithStately(inspector: StatelyInspectorLike, options: InspectWithStatelyOptions = {}): StatelyForwarding {
  if (inspector === null || typeof inspector !== 'object' || typeof inspector.actor !== 'function' || typeof inspector.inspect?.next !== 'function') {
    throw new InvalidOptionError('inspector', inspector, "an inspector from @statelyai/inspect (createInspector, createWebSocketInspector, ...)");
  }
  checkOptions(options, '', ['watch']);
  const { watch } = options;
  if (watch !== undefined && !Array.isArray(watch)) throw new InvalidOptionError('watch', watch, 'an array of supervisors and pools');
  const roots = watch === undefined ? liveRoots() : watch.map((item, i) => actorOf(item, `watch[${i}]`));
  const subscriptions: Array<{ unsubscribe(): void }> = [];
  const systems = new Set<unknown>();
  const forward = (root: AnyActorRef): void => {
    if (systems.has(root.system)) return;
    systems.add(root.system);
    subscriptions.push(root.system.inspect(inspector.inspect));
  };
  for (const root of roots) {
    announce(inspector, root);
    forward(root);
  }
  // A root registers before it starts, after xstate announced its creation: announce it here.
  const stopListening =
    watch === undefined
      ? onLiveRoot((root) => {
          inspector.actor(root);
          forward(root);
        })
      : undefined;
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      stopListening?.();
      for (const subscription of subscriptions) subscription.unsubscribe();
    },
  };
}

/** Registers every running actor of the tree, parents before children. */
function announce(inspector: StatelyInspectorLike, root: AnyActorRef): void {
  const entries = new Map<string, WalkEntry>();
  walkTree(root, entries);
  for (const { actor } of entries.values()) {
    if (actor === undefined) continue;
    const snapshot = actor.getSnapshot() as { status?: string; value?: unknown; context?: unknown };
    inspector.actor(actor, { status: snapshot.status, value: snapshot.value, context: snapshot.context });
  }
}

function actorOf(item: unknown, option: string): AnyActorRef {
  if (item instanceof SupervisorHandle || item instanceof PoolHandle) return item.actor;
  if (item !== null && typeof item === 'object' && typeof (item as AnyActorRef).getSnapshot === 'function' && typeof (item as AnyActorRef).system === 'object') {
    return item as AnyActorRef;
  }
  throw new InvalidOptionError(option, item, 'a supervisor or pool (its handle or its actor)');
}
