/**
 * Shared fixtures for the supervisor suite: child logics with known behaviour and
 * helpers that wait for supervisor events (never for wall-clock guesses).
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { assign, fromCallback, setup, type AnyActorRef } from 'xstate';
import {
  SHUTDOWN_EVENT,
  STARTING_TAG,
  type DynamicSupervisor,
  type Supervisor,
  type SupervisorEvents,
} from '../../src/index.js';
import { sleep, within as settleWithin } from '../support/timing.js';

export type EventName = keyof SupervisorEvents;
type Events = Supervisor['events'];

/** Generous upper bound for anything the tests wait for; far below vitest's 20 s test timeout. */
export const WAIT_MS = 10_000;

export { sleep };

// ------------------------------------------------------------------ child logics

/** Error thrown by the `CRASH` event of the fixtures. */
export class CrashError extends Error {
  constructor(message = 'crash requested') {
    super(message);
    this.name = 'CrashError';
  }
}

export type WorkerEvent = { type: 'CRASH' } | { type: 'STOP' } | { type: 'EXIT_SHUTDOWN' };

/**
 * A worker that does not trap exits (no transition for the shutdown request):
 * `CRASH` throws (status `error`), `STOP` reaches a final state (exit `normal`),
 * `EXIT_SHUTDOWN` reaches a final state with output `{ reason: 'shutdown' }`.
 * Its context keeps its input.
 */
export const worker = setup({
  types: {
    context: {} as { input: unknown; shutdownExit: boolean },
    input: {} as unknown,
    events: {} as WorkerEvent,
  },
  actions: {
    crash: () => {
      throw new CrashError();
    },
  },
}).createMachine({
  id: 'worker',
  context: ({ input }) => ({ input, shutdownExit: false }),
  initial: 'running',
  states: {
    running: {
      on: {
        CRASH: { actions: 'crash' },
        STOP: 'done',
        EXIT_SHUTDOWN: { target: 'done', actions: assign({ shutdownExit: true }) },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => (context.shutdownExit ? { reason: 'shutdown' } : { reason: 'normal' }),
});

/**
 * Traps exits and cooperates: on the shutdown request it cleans up for `input.delay`
 * ms (default 10) and then reaches a final state. `CRASH` throws.
 */
export const trapExits = setup({
  types: {
    context: {} as { delay: number },
    input: {} as { delay?: number } | undefined,
    events: {} as WorkerEvent | { type: typeof SHUTDOWN_EVENT },
  },
  delays: { cleanup: ({ context }) => context.delay },
  actions: {
    crash: () => {
      throw new CrashError();
    },
  },
}).createMachine({
  id: 'trapExits',
  context: ({ input }) => ({ delay: input?.delay ?? 10 }),
  initial: 'running',
  states: {
    running: { on: { CRASH: { actions: 'crash' }, [SHUTDOWN_EVENT]: 'cleaningUp' } },
    cleaningUp: { after: { cleanup: 'done' } },
    done: { type: 'final' },
  },
});

/** Traps exits but never finishes: it must be killed after its shutdown time. */
export const stubborn = setup({
  types: { events: {} as WorkerEvent | { type: typeof SHUTDOWN_EVENT } },
}).createMachine({
  id: 'stubborn',
  initial: 'running',
  states: {
    running: { on: { [SHUTDOWN_EVENT]: 'draining' } },
    draining: {},
  },
});

/** Callback logic that ignores every event; the supervisor cannot tell whether it traps exits. */
export const ignoring = fromCallback(() => () => undefined);

/** A machine whose entry action throws: it fails to start. */
export function failingEntry(error: Error = new Error('entry failed')) {
  return setup({}).createMachine({
    id: 'failingEntry',
    entry: () => {
      throw error;
    },
  });
}

/**
 * A worker (like {@link worker}) that starts fine the first time and whose entry throws
 * on every later start: its restarts keep failing.
 */
export function failsAfterFirstStart() {
  let starts = 0;
  const logic = setup({
    types: { events: {} as WorkerEvent },
    actions: {
      crash: () => {
        throw new CrashError();
      },
    },
  }).createMachine({
    id: 'failsAfterFirstStart',
    entry: () => {
      starts++;
      if (starts > 1) throw new Error(`start #${starts} failed`);
    },
    initial: 'running',
    states: { running: { on: { CRASH: { actions: 'crash' } } } },
  });
  return { logic, starts: () => starts };
}

/**
 * A worker that records every actor started from it (and the input it got), so
 * tests can see actors that are never exposed through the supervisor's API.
 */
export function trackedWorker() {
  const refs: AnyActorRef[] = [];
  const inputs: unknown[] = [];
  const logic = setup({
    types: { input: {} as unknown, events: {} as WorkerEvent },
    actions: {
      crash: () => {
        throw new CrashError();
      },
    },
  }).createMachine({
    id: 'tracked',
    entry: ({ self }) => {
      refs.push(self);
    },
    context: ({ input }) => {
      inputs.push(input);
      return {};
    },
    initial: 'running',
    states: { running: { on: { CRASH: { actions: 'crash' }, STOP: 'done' } }, done: { type: 'final' } },
  });
  return { logic, refs, inputs };
}

/** A worker that crashes by itself `input.after` ms (default 5) after it starts. */
export const selfCrashing = setup({
  types: { context: {} as { after: number }, input: {} as { after?: number } | undefined },
  delays: { later: ({ context }) => context.after },
  actions: {
    crash: () => {
      throw new CrashError('crashed by itself');
    },
  },
}).createMachine({
  id: 'selfCrashing',
  context: ({ input }) => ({ after: input?.after ?? 5 }),
  initial: 'running',
  states: { running: { after: { later: { actions: 'crash' } } } },
});

/** A worker that stays in a `STARTING_TAG` state until it gets `READY`. */
export function slowStarter() {
  const refs: AnyActorRef[] = [];
  const logic = setup({ types: { events: {} as { type: 'READY' } } }).createMachine({
    id: 'slowStarter',
    entry: ({ self }) => {
      refs.push(self);
    },
    initial: 'starting',
    states: {
      starting: { tags: [STARTING_TAG], on: { READY: 'ready' } },
      ready: {},
    },
  });
  return { logic, refs };
}

// ------------------------------------------------------------------ actor helpers

export function status(ref: AnyActorRef | 'restarting' | undefined): string {
  if (ref === undefined || ref === 'restarting') throw new Error(`no actor: ${String(ref)}`);
  return (ref.getSnapshot() as { status: string }).status;
}

/** Sends `CRASH` to a child ref from `whichChildren()` / an event. */
export function crash(ref: AnyActorRef | 'restarting' | undefined): void {
  if (ref === undefined || ref === 'restarting') throw new Error(`cannot crash ${String(ref)}`);
  ref.send({ type: 'CRASH' });
}

export function send(ref: AnyActorRef | 'restarting' | undefined, type: string): void {
  if (ref === undefined || ref === 'restarting') throw new Error(`cannot send to ${String(ref)}`);
  ref.send({ type });
}

/** The current actor of child `id` (throws if it has none). */
export function refOf(sup: Supervisor, id: string): AnyActorRef {
  const row = sup.whichChildren().find((child) => child.id === id);
  if (row === undefined || row.ref === undefined || row.ref === 'restarting') {
    throw new Error(`child ${id} has no running actor (${String(row?.ref)})`);
  }
  return row.ref;
}

/**
 * Waits until everything the supervisor had queued before now (exits already observed,
 * restarts, admin calls) is done: supervisor calls are serialized, so a no-op call
 * answers only after them.
 */
export async function flush(sup: Supervisor | DynamicSupervisor): Promise<void> {
  if ('deleteChild' in sup) await sup.deleteChild('\u0000flush');
  else await sup.terminateChild({} as AnyActorRef);
}

// ------------------------------------------------------------------ event helpers

/** Resolves with the next `type` event that matches `filter`; rejects after `timeoutMs`. */
export function nextEvent<K extends EventName>(
  events: Events,
  type: K,
  filter: (event: SupervisorEvents[K]) => boolean = () => true,
  timeoutMs = WAIT_MS,
): Promise<SupervisorEvents[K]> {
  return waitForEvents(events, type, 1, filter, timeoutMs).then((all) => all[0] as SupervisorEvents[K]);
}

/** Resolves with the first `count` `type` events that match `filter`. */
export function waitForEvents<K extends EventName>(
  events: Events,
  type: K,
  count: number,
  filter: (event: SupervisorEvents[K]) => boolean = () => true,
  timeoutMs = WAIT_MS,
): Promise<SupervisorEvents[K][]> {
  return new Promise((resolve, reject) => {
    const seen: SupervisorEvents[K][] = [];
    const handler = (event: SupervisorEvents[K]) => {
      if (!filter(event)) return;
      seen.push(event);
      if (seen.length === count) {
        clearTimeout(timer);
        events.off(type, handler);
        resolve(seen);
      }
    };
    const timer = setTimeout(() => {
      events.off(type, handler);
      reject(new Error(`timed out waiting for ${count} "${String(type)}" events (saw ${seen.length})`));
    }, timeoutMs);
    events.on(type, handler);
  });
}

export interface Recorded {
  type: EventName;
  id?: string;
  event: SupervisorEvents[EventName];
}

/** Records every event in order; `of(type)` lists the ids of one kind. */
export function recordEvents(events: Events) {
  const log: Recorded[] = [];
  events.on('*', (type, event) => {
    log.push({ type, id: (event as { id?: string }).id, event });
  });
  return {
    log,
    ids: (type: EventName) => log.filter((entry) => entry.type === type).map((entry) => entry.id),
    count: (type: EventName) => log.filter((entry) => entry.type === type).length,
  };
}

/** Rejects if `promise` does not settle within `ms` (real time). */
export function within<T>(promise: Promise<T>, ms = WAIT_MS, what = 'promise'): Promise<T> {
  return settleWithin(promise, ms, what);
}

// ------------------------------------------------------------------ hygiene

/**
 * Registers collectors for unhandled rejections and uncaught exceptions for the whole
 * file and fails the test after which one showed up. (vitest also reports them.)
 */
export function guardUnhandledErrors(): void {
  const seen: unknown[] = [];
  const collect = (error: unknown) => {
    seen.push(error);
  };
  beforeAll(() => {
    process.on('unhandledRejection', collect);
    process.on('uncaughtException', collect);
  });
  afterEach(async () => {
    // xstate reports unhandled actor errors from a timer; give them a chance to surface.
    await sleep(5);
    const errors = seen.splice(0);
    expect(errors, 'unhandled errors / rejections during the test').toEqual([]);
  });
  afterAll(() => {
    process.off('unhandledRejection', collect);
    process.off('uncaughtException', collect);
  });
}

/** Stops every supervisor a test started, even when it failed half-way. */
export function stopAllAfterEach(): { track<T extends Supervisor | DynamicSupervisor>(sup: T): T } {
  const started: Array<Supervisor | DynamicSupervisor> = [];
  afterEach(async () => {
    const all = started.splice(0);
    await Promise.all(all.map((sup) => within(sup.stop(), WAIT_MS, `stop of ${sup.name}`)));
  });
  return {
    track(sup) {
      started.push(sup);
      return sup;
    },
  };
}

/**
 * Stops a supervised child behind its supervisor's back (exit reason `killed`). Children are
 * linked to their supervisor's actor, and xstate lets only a parent stop a child, so there is no
 * public way to do this: it calls the same internal `_stop` xstate's own `stopChild` does.
 */
export function kill(ref: AnyActorRef): void {
  (ref as AnyActorRef & { _stop(): void })._stop();
}
