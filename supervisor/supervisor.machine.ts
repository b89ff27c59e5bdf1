import { assign, enqueueActions, fromCallback, fromPromise, setup, type AnyActorRef, type EventObject } from 'xstate';
import type { SupervisorExit } from './events.js';
import type { AutoShutdown, NormalizedSupervisorOptions, Strategy } from './options.js';
import { SHUTDOWN_EVENT, type ShutdownEvent } from './shutdown.js';
import { STARTING_TAG } from './started.js';
import { FACT, type SupervisorFact } from './facts.js';
import { SupervisorCore } from './supervisor-core.js';

/**
 * The supervisor machine's context: plain data only (ids, settings, counts), so a snapshot is
 * small, JSON-serializable and persistable. The child table lives in the {@link SupervisorCore}
 * bound to the actor, never in the snapshot.
 */
export interface SupervisorContext {
  name: string;
  strategy: Strategy;
  dynamic: boolean;
  intensity: number;
  period: number;
  autoShutdown: AutoShutdown;
  /** Why the supervisor is shutting down, once it is. */
  cause: SupervisorExit['cause'] | undefined;
  /** How it stopped, once it has. */
  exit: SupervisorExit | undefined;
}

const cores = new WeakMap<AnyActorRef, SupervisorCore>();

/** @internal The core bound to a supervisor actor, if `ref` is one. */
export function supervisorCoreOf(ref: AnyActorRef): SupervisorCore | undefined {
  return cores.get(ref);
}

function coreOf(ref: AnyActorRef): SupervisorCore {
  const core = cores.get(ref);
  if (core === undefined) throw new Error('overseer: this supervisor actor has no core (was it restored from a snapshot?)');
  return core;
}

/**
 * The supervisor as an xstate machine: `starting → running ⇄ restarting → shuttingDown → stopped`.
 * It decides the lifecycle from facts its core reports:
 * - a child exited whose restart type asks for a restart: within the intensity it goes
 *   `restarting`, beyond it it gives up (the core counts the restarts in the period and reports the
 *   count with the fact; the count is not kept in the context, so a restart copies no context);
 * - a significant child exited: `autoShutdown` decides whether it shuts down;
 * - a failed restart counts as another restart; every pending restart done: back to `running`;
 * - `overseer.shutdown` (from a parent or `stop()`): `shuttingDown`, then `stopped` (final) with
 *   output `{ reason: 'shutdown', cause }`, which a parent reads as exit reason `shutdown`.
 *
 * A start failure makes the machine error with `FailedToStartChildError`: that is how a parent
 * sees that a nested supervisor failed to start. Children are linked to this actor (their
 * `_parent`) and share its actor system; xstate relays their `xstate.done.actor.*` and
 * `xstate.error.actor.*` events here, where they are acknowledged (the core hears each exit
 * through its own observer, the one source of truth). Any other event a child sends with
 * `sendParent` is emitted as `messageReceived` and forwarded to this supervisor's own parent, so
 * a machine that invokes a supervisor hears what its children say.
 *
 * Input must already be normalized; use `supervisorSpec()` / `startSupervisor()`.
 *
 * @example
 * ```ts
 * const actor = createActor(supervisorMachine, {
 *   input: normalizeSupervisorOptions({ children: [{ id: 'a', logic: worker }] }, 'sup'),
 * });
 * actor.subscribe({ error: () => {} });
 * actor.start();
 * ```
 */
export const supervisorMachine = setup({
  types: {
    context: {} as SupervisorContext,
    input: {} as NormalizedSupervisorOptions,
    events: {} as SupervisorFact | ShutdownEvent,
    output: {} as SupervisorExit,
  },
  actors: {
    init: fromPromise<void, AnyActorRef>(({ input }) => coreOf(input).init()),
    // Hears a forced stop. A supervisor restored from a persisted snapshot has no core (no child
    // table): it fails as it starts, rather than on its first event.
    lifeline: fromCallback<EventObject>(({ self }) => {
      const core = coreOf(self._parent as AnyActorRef);
      return () => core.onActorStopped();
    }),
  },
  guards: {
    // Every fact carries the core's mark; an event a child sent under a fact's name is ignored.
    fromCore: ({ event }) => FACT in event,
    restartWanted: ({ event }) => FACT in event && event.type === 'supervisor.childExited' && event.restart,
    restartWithinIntensity: ({ context, event }) =>
      FACT in event && event.type === 'supervisor.childExited' && event.restart && event.restarts <= context.intensity,
    withinIntensity: ({ context, event }) => FACT in event && 'restarts' in event && event.restarts <= context.intensity,
    autoShutdown: ({ context, event }) =>
      FACT in event &&
      event.type === 'supervisor.childExited' &&
      !event.restart &&
      event.significant &&
      (context.autoShutdown === 'any_significant' || (context.autoShutdown === 'all_significant' && event.significantLeft === 0)),
    shutdownPending: ({ context }) => context.cause !== undefined,
  },
  actions: {
    requestedBy: assign({ cause: ({ context }) => context.cause ?? 'requested' }),
    gaveUp: assign({ cause: 'reached_max_restart_intensity' }),
    autoShutdown: assign({ cause: 'auto_shutdown' }),
    shutDown: ({ context, self }) => coreOf(self).onShuttingDown(context.cause ?? 'requested'),
    announce: ({ event, self }) => cores.get(self)?.onMessage(event),
    forward: enqueueActions(({ enqueue, event, self }) => {
      const parent = self._parent;
      if (parent !== undefined) enqueue.sendTo(parent, event);
    }),
    rethrow: ({ event }) => {
      // A failed start errors the machine, so a parent waiting for this child to start sees it.
      throw (event as { error?: unknown }).error;
    },
  },
}).createMachine({
  id: 'supervisor',
  context: ({ input, self }) => {
    cores.set(self, new SupervisorCore(input, self));
    return {
      name: input.name,
      strategy: input.strategy,
      dynamic: input.dynamic,
      intensity: input.intensity,
      period: input.period,
      autoShutdown: input.autoShutdown,
      cause: undefined,
      exit: undefined,
    };
  },
  invoke: { src: 'lifeline', onError: { actions: 'rethrow' } },
  on: {
    // Children's done/error events and facts that arrive after the decision they could change.
    'xstate.*': {},
    'supervisor.*': {},
    [SHUTDOWN_EVENT]: {},
    '*': { actions: ['announce', 'forward'] },
  },
  initial: 'starting',
  states: {
    starting: {
      tags: [STARTING_TAG],
      invoke: {
        src: 'init',
        input: ({ self }) => self,
        onDone: [{ guard: 'shutdownPending', target: 'shuttingDown' }, { target: 'running' }],
        onError: { actions: 'rethrow' },
      },
      // Asked to stop while the initial children start: finish starting, then shut down.
      on: { [SHUTDOWN_EVENT]: { actions: 'requestedBy' } },
    },
    running: {
      on: {
        [SHUTDOWN_EVENT]: { target: 'shuttingDown', actions: 'requestedBy' },
        'supervisor.childExited': [
          { guard: 'restartWithinIntensity', target: 'restarting' },
          { guard: 'restartWanted', target: 'shuttingDown', actions: 'gaveUp' },
          { guard: 'autoShutdown', target: 'shuttingDown', actions: 'autoShutdown' },
        ],
      },
    },
    restarting: {
      on: {
        [SHUTDOWN_EVENT]: { target: 'shuttingDown', actions: 'requestedBy' },
        'supervisor.childExited': [
          { guard: 'restartWithinIntensity' },
          { guard: 'restartWanted', target: 'shuttingDown', actions: 'gaveUp' },
          { guard: 'autoShutdown', target: 'shuttingDown', actions: 'autoShutdown' },
        ],
        // OTP counts a failed restart as another restart, and retries it.
        'supervisor.restartFailed': [
          { guard: 'withinIntensity' },
          { guard: 'fromCore', target: 'shuttingDown', actions: 'gaveUp' },
        ],
        'supervisor.restarted': { guard: 'fromCore', target: 'running' },
      },
    },
    shuttingDown: {
      entry: 'shutDown',
      on: { 'supervisor.stopped': { guard: 'fromCore', target: 'stopped', actions: assign({ exit: ({ event }) => event.exit }) } },
    },
    stopped: { type: 'final' },
  },
  output: ({ context }) => context.exit ?? { reason: 'shutdown', cause: 'requested' },
});
