import { assign, fromPromise, setup, type AnyActorRef } from 'xstate';
import { nanoid } from 'nanoid';
import { SHUTDOWN_EVENT } from '../supervisor/shutdown.js';

/**
 * What a worker needs from the pool that owns it. The pool passes itself as input, so the
 * worker can report edges (ready, crashed) without the pool subscribing to every snapshot.
 */
export interface WorkerHost<R = unknown> {
  /** Creates the worker's resource (the pool's `worker.init`). */
  initResource(workerId: string): Promise<R>;
  /** Releases it (the pool's `worker.dispose`); errors are the host's to report. */
  disposeResource(resource: R, workerId: string): Promise<void>;
  /** The worker finished `init` and is idle. */
  workerReady(worker: WorkerHandle<R>): void;
}

/** The worker as the pool sees it: its actor plus plain fields read on the hot path. */
export interface WorkerHandle<R = unknown> {
  readonly id: string;
  readonly childId: string;
  readonly resource: R;
  readonly ref: AnyActorRef;
}

export interface WorkerInput<R = unknown> {
  /** The supervisor slot this worker fills; every start gets a fresh id `<slot>.<nanoid>`. */
  slot: string;
  /** The worker supervisor's child id for this slot. */
  childId: string;
  host: WorkerHost<R>;
}

export interface WorkerContext<R = unknown> {
  id: string;
  childId: string;
  host: WorkerHost<R>;
  resource: R | undefined;
  crashed: boolean;
  /** A shutdown request arrived while `init` was still running. */
  stopRequested: boolean;
  error: unknown;
}

/**
 * Events at a worker's edges. A worker that finishes a task while more are queued takes the
 * next one in plain code and gets no event: it simply stays `busy`.
 */
export type WorkerEvent =
  | { type: 'worker.assign' }
  | { type: 'worker.release' }
  | { type: 'worker.crash'; error: unknown }
  | { type: typeof SHUTDOWN_EVENT };

/** Output of a crashed worker: its supervisor reads `exitReason: 'crashed'` as an abnormal exit. */
export interface WorkerExit {
  exitReason: 'crashed' | 'normal';
  error?: unknown;
}

/**
 * One pool worker: `starting → idle ⇄ busy`, and `crashed` or `stopping → stopped`.
 *
 * - `starting` runs the pool's `worker.init`; a failure is a crash (so it counts toward the
 *   worker supervisor's restart intensity).
 * - `crashed` is final with output `{ exitReason: 'crashed', error }`: the supervisor restarts
 *   the slot with a fresh worker (new id). Its resource is disposed on the way in.
 * - `overseer.shutdown` (sent by the supervisor when the pool closes) disposes the resource
 *   and ends in `stopped`.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * const worker = createActor(workerMachine, { input: { slot: 'pool/w0', childId: 'worker-0', host } });
 * worker.start(); // starting → idle once host.initResource resolves
 * ```
 */
export const workerMachine = setup({
  types: {
    context: {} as WorkerContext,
    input: {} as WorkerInput,
    events: {} as WorkerEvent,
    output: {} as WorkerExit,
  },
  actors: {
    init: fromPromise<unknown, { host: WorkerHost; id: string }>(async ({ input, signal }) => {
      const resource = await input.host.initResource(input.id);
      // The worker was stopped by force while init ran: nobody will own this resource, release it.
      if (signal.aborted) await input.host.disposeResource(resource, input.id);
      return resource;
    }),
    dispose: fromPromise<void, { host: WorkerHost; id: string; resource: unknown }>(({ input }) =>
      input.host.disposeResource(input.resource, input.id),
    ),
  },
  actions: {
    recordCrash: assign({ crashed: true, error: ({ event }) => (event as { error?: unknown }).error }),
    disposeInBackground: ({ context }) => {
      if (context.resource !== undefined) void context.host.disposeResource(context.resource, context.id);
    },
  },
}).createMachine({
  id: 'worker',
  context: ({ input }) => ({ id: `${input.slot}.${nanoid(8)}`, childId: input.childId, host: input.host, resource: undefined, crashed: false, stopRequested: false, error: undefined }),
  initial: 'starting',
  states: {
    starting: {
      invoke: {
        src: 'init',
        input: ({ context }) => ({ host: context.host, id: context.id }),
        onDone: [
          {
            // Asked to stop while init ran: release what init just made instead of leaking it.
            guard: ({ context }) => context.stopRequested,
            target: 'stopping',
            actions: assign({ resource: ({ event }) => event.output }),
          },
          {
            target: 'idle',
            actions: [
              assign({ resource: ({ event }) => event.output }),
              ({ context, self }) =>
                context.host.workerReady({ id: context.id, childId: context.childId, resource: context.resource, ref: self }),
            ],
          },
        ],
        onError: [
          { guard: ({ context }) => context.stopRequested, target: 'stopped' },
          { target: 'crashed', actions: 'recordCrash' },
        ],
      },
      // Keep waiting for init (the supervisor bounds the wait with the child's shutdown time).
      on: { [SHUTDOWN_EVENT]: { actions: assign({ stopRequested: true }) } },
    },
    idle: {
      on: {
        'worker.assign': 'busy',
        'worker.crash': { target: 'crashed', actions: 'recordCrash' },
        [SHUTDOWN_EVENT]: 'stopping',
      },
    },
    busy: {
      on: {
        'worker.release': 'idle',
        'worker.crash': { target: 'crashed', actions: 'recordCrash' },
        [SHUTDOWN_EVENT]: 'stopping',
      },
    },
    crashed: {
      type: 'final',
      entry: 'disposeInBackground',
    },
    stopping: {
      invoke: {
        src: 'dispose',
        input: ({ context }) => ({ host: context.host, id: context.id, resource: context.resource }),
        onDone: 'stopped',
        onError: 'stopped',
      },
    },
    stopped: { type: 'final' },
  },
  output: ({ context }) => (context.crashed ? { exitReason: 'crashed', error: context.error } : { exitReason: 'normal' }),
});
