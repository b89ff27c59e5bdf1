/** Child logics for the orchestration tests: a recorder that keeps the events it got, in order. */
import { assign, setup, type AnyActorRef } from 'xstate';
import { STARTING_TAG, SHUTDOWN_EVENT } from '../../src/index.js';

export type RecorderEvent = { type: 'PUSH'; value: string } | { type: 'CRASH' } | { type: 'STOP' };

/** Keeps every `PUSH` value in `context.log`; `CRASH` throws; `STOP` finishes normally. */
export const recorder = setup({
  types: { context: {} as { log: string[] }, events: {} as RecorderEvent },
  actions: {
    crash: () => {
      throw new Error('recorder crashed');
    },
  },
}).createMachine({
  id: 'recorder',
  context: { log: [] },
  initial: 'running',
  states: {
    running: {
      on: {
        PUSH: { actions: assign({ log: ({ context, event }) => [...context.log, event.value] }) },
        CRASH: { actions: 'crash' },
        STOP: 'done',
      },
    },
    done: { type: 'final' },
  },
});

/**
 * A recorder that stays in a `STARTING_TAG` state until `READY` and stops at once when asked (so
 * its test never waits on a shutdown); `refs` gets each incarnation's actor as it is created.
 */
export function slowRecorder() {
  const refs: AnyActorRef[] = [];
  const logic = setup({
    types: { context: {} as { log: string[] }, events: {} as { type: 'READY' } | { type: 'PUSH'; value: string } | { type: typeof SHUTDOWN_EVENT } },
  }).createMachine({
    id: 'slowRecorder',
    context: { log: [] },
    entry: ({ self }) => {
      refs.push(self);
    },
    on: {
      PUSH: { actions: assign({ log: ({ context, event }) => [...context.log, event.value] }) },
      [SHUTDOWN_EVENT]: '.stopped',
    },
    initial: 'starting',
    states: {
      starting: { tags: [STARTING_TAG], on: { READY: 'ready' } },
      ready: {},
      stopped: { type: 'final' },
    },
  });
  return { logic, refs };
}

/** The `log` of a recorder actor. */
export function logOf(ref: unknown): string[] {
  return ((ref as { getSnapshot(): { context: { log: string[] } } }).getSnapshot().context.log);
}
