import type { AnyActorRef, EventObject } from 'xstate';
import type { EventListeners } from './emitter.js';
import type { ExitReason } from './exit-reason.js';
import type { PersistenceFailure, PersistenceOutcome } from './persistence/durability.js';

/**
 * Events a supervisor emits on its `events` emitter (a mitt instance whose
 * listeners can never break the supervisor).
 */
export type SupervisorEvents = {
  /**
   * A child was started (initially, by `startChild` or by `restartChild`). `persistence`: how a
   * durable child (one with `persist`) started: from its stored snapshot or fresh.
   */
  childStarted: { supervisor: string; id: string; ref: AnyActorRef; persistence?: PersistenceOutcome };
  /** A child exited on its own; `exit` says why. Not emitted for children the supervisor stops. */
  childExited: { supervisor: string; id: string; ref: AnyActorRef; exit: ExitReason };
  /** A child was started again by the restart strategy. */
  childRestarted: { supervisor: string; id: string; ref: AnyActorRef; persistence?: PersistenceOutcome };
  /** A child was stopped by its supervisor (bystander of a restart, terminate, shutdown). */
  childTerminated: { supervisor: string; id: string; ref: AnyActorRef; outcome: 'exited' | 'killed' };
  /** A restart attempt failed; it counts as another restart. */
  childStartFailed: { supervisor: string; id: string; error: unknown };
  /**
   * A named child will not come back (it exited for good, was terminated or given up, or the
   * supervisor stopped) while events sent to its name were held for it: here they are, undelivered.
   */
  heldEventsDropped: { supervisor: string; id: string; name: string; events: EventObject[] };
  /**
   * A child of a dynamic supervisor went past its own `childRestarts` limit: it was removed, its
   * siblings keep running. `ref` is its last incarnation (`undefined` if its last restart failed to
   * start); `error` the last crash's or failed start's.
   */
  childGaveUp: { supervisor: string; id: string; name: string | undefined; ref: AnyActorRef | undefined; error: unknown; restarts: number };
  /** More than `intensity` restarts happened within `period`: the supervisor is shutting down. */
  gaveUp: { supervisor: string; reason: 'reached_max_restart_intensity'; intensity: number; period: number };
  /**
   * A child sent the supervisor an event of its own (`sendParent`). The supervisor also forwards
   * it to its own parent actor, if it has one (a machine that invokes it, or a parent supervisor).
   */
  messageReceived: { supervisor: string; event: EventObject };
  /** The supervisor has stopped; every child is gone. */
  stopped: { supervisor: string; exit: SupervisorExit };
  /** A durable child's snapshot could not be saved (not serializable, or the store failed); the child runs on. */
  persistenceFailed: { supervisor: string } & PersistenceFailure;
};

/**
 * Every event name of {@link SupervisorEvents}, for checking an `on` option at run time. Typed as
 * a record of the event map's keys, so an event added to the map and not here is a compile error.
 */
export const SUPERVISOR_EVENT_NAMES = Object.keys({
  childStarted: true,
  childExited: true,
  childRestarted: true,
  childTerminated: true,
  childStartFailed: true,
  heldEventsDropped: true,
  childGaveUp: true,
  gaveUp: true,
  messageReceived: true,
  stopped: true,
  persistenceFailed: true,
} satisfies Record<keyof SupervisorEvents, true>) as (keyof SupervisorEvents)[];

/**
 * The `on` option of `startSupervisor` / `startDynamicSupervisor` (and their specs): listeners
 * subscribed before the first child starts, so the initial children's `childStarted` is heard.
 *
 * @example
 * ```ts
 * const on: SupervisorListeners = { childStarted: ({ id }) => console.log('started', id) };
 * await startSupervisor({ on, children });
 * ```
 */
export type SupervisorListeners = EventListeners<SupervisorEvents>;

/** How and why a supervisor stopped; also the output of its final state. */
export interface SupervisorExit {
  reason: 'shutdown';
  /**
   * - `requested`: `stop()` or a shutdown request from its parent;
   * - `reached_max_restart_intensity`: it gave up;
   * - `auto_shutdown`: a significant child exited (see `autoShutdown`);
   * - `killed`: its actor was stopped by force;
   * - `failed_to_start`: an initial child failed to start (the start itself was refused).
   */
  cause: 'requested' | 'reached_max_restart_intensity' | 'auto_shutdown' | 'killed' | 'failed_to_start';
}
