import { AnyActorRef, Observer, InspectionEvent } from 'xstate';
import { S as SupervisorHandle, P as PoolHandle } from './handle-B2PbfEt1.js';
import 'mitt';
import './store-Bc8qgNEI.js';
import 'node:async_hooks';

/**
 * What the adapter needs of a `@statelyai/inspect` inspector (`createInspector`,
 * `createWebSocketInspector`, `createBrowserInspector`, `createSkyInspector` all give one).
 */
interface StatelyInspectorLike {
    /** Registers an actor (its parent is read from the actor itself). */
    actor(actor: AnyActorRef, snapshot?: {
        status?: string;
        value?: unknown;
        context?: unknown;
    }): void;
    /** The inspection observer xstate's `inspect` option takes. */
    inspect: Observer<InspectionEvent>;
}
/** Options of {@link inspectWithStately}. */
interface InspectWithStatelyOptions {
    /**
     * The supervisors and pools to forward (handles or actors). Default: every supervisor and pool
     * alive in the process as a root now, and every root started later, from its start.
     * @default undefined (every live root, now and later)
     */
    watch?: ReadonlyArray<SupervisorHandle | PoolHandle<any> | AnyActorRef>;
}
/** A running forwarder. */
interface StatelyForwarding {
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
declare function inspectWithStately(inspector: StatelyInspectorLike, options?: InspectWithStatelyOptions): StatelyForwarding;

export { type InspectWithStatelyOptions, type StatelyForwarding, type StatelyInspectorLike, inspectWithStately };
