import { assign, fromCallback, fromPromise, setup, type EventObject } from 'xstate';
import type { SupervisorExit } from './events.js';
import type { NormalizedSupervisorOptions } from './options.js';
import { SupervisorCore, type SupervisorCoreEvent } from './supervisor-core.js';
import { SHUTDOWN_EVENT, type ShutdownEvent } from './shutdown.js';
import { STARTING_TAG } from './started.js';

/** Context of the supervisor machine: the core that owns the child table, and the exit once stopped. */
export interface SupervisorContext {
  core: SupervisorCore;
  exit: SupervisorExit | undefined;
}

/**
 * The supervisor as an xstate machine: `starting → running ⇄ restarting → shuttingDown → stopped`.
 *
 * The child table lives in the {@link SupervisorCore} held in context (a plain Map, so a restart
 * does not copy xstate's `children` object); the core tells the machine about every phase change,
 * so inspecting or visualizing the machine shows what the supervisor is doing.
 *
 * - A start failure makes the machine error (the invoked `init` rejects unhandled), which is
 *   how a parent supervisor sees that a nested supervisor failed to start.
 * - `overseer.shutdown` (from a parent or `stop()`) asks for a graceful stop.
 * - The final state's output is `{ exitReason: 'shutdown', cause }`, which a parent reads as
 *   exit reason `shutdown` (OTP: a supervisor that gives up exits with `shutdown`).
 * - If the actor is stopped by force, the `lifeline` callback's cleanup kills every child.
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
    events: {} as SupervisorCoreEvent | ShutdownEvent,
    output: {} as SupervisorExit,
  },
  actors: {
    init: fromPromise<void, { core: SupervisorCore }>(({ input }) => input.core.init()),
    lifeline: fromCallback<EventObject, { core: SupervisorCore }>(({ input }) => () => input.core.onActorStopped()),
  },
}).createMachine({
  id: 'supervisor',
  context: ({ input, self }) => ({ core: new SupervisorCore(input, self), exit: undefined }),
  invoke: { src: 'lifeline', input: ({ context }) => ({ core: context.core }) },
  on: {
    [SHUTDOWN_EVENT]: { actions: ({ context }) => void context.core.requestShutdown() },
    'supervisor.shutting_down': { target: '.shuttingDown' },
  },
  initial: 'starting',
  states: {
    starting: {
      tags: [STARTING_TAG],
      // No onError: a failed start escalates and the machine errors with FailedToStartChildError.
      invoke: { src: 'init', input: ({ context }) => ({ core: context.core }), onDone: 'running' },
    },
    running: {
      on: { 'supervisor.restarting': 'restarting' },
    },
    restarting: {
      on: { 'supervisor.restarted': 'running' },
    },
    shuttingDown: {
      on: {
        'supervisor.shutting_down': {},
        'supervisor.stopped': { target: 'stopped', actions: assign({ exit: ({ event }) => event.exit }) },
      },
    },
    stopped: { type: 'final' },
  },
  output: ({ context }) => context.exit ?? { exitReason: 'shutdown', cause: 'requested' },
});
