import { assign, fromPromise, setup, type AnyActorRef } from 'xstate';
import { nanoid } from 'nanoid';
import { SHUTDOWN_EVENT, type ShutdownEvent } from '../supervisor/shutdown.js';

/**
 * What a worker needs from the pool that owns it: closures over the pool's data plane. The
 * worker's resource never passes through the machine (not its context, not an event), so no
 * snapshot or inspection event can carry it; the pool keeps it by worker id.
 */
export interface WorkerHost {
  /** Creates the worker's resource (the pool's `worker.init`) and keeps it under `workerId`. */
  initResource(workerId: string, signal: AbortSignal): Promise<void>;
  /** Releases the resource kept under `workerId` (the pool's `worker.dispose`); never rejects. */
  disposeResource(workerId: string): Promise<void>;
  /** The worker finished `init` and is idle: the pool may hand it tasks through `ref`. */
  workerReady(workerId: string, slot: string, ref: AnyActorRef): void;
}

export interface WorkerInput {
  /** The worker supervisor's child id for this slot (`worker-3`); every start gets a fresh id `<pool>/<slot>.<nanoid>`. */
  slot: string;
  /** The pool's name, the prefix of the worker's id. */
  pool: string;
  host: WorkerHost;
}

/** Plain data: the worker's id and slot. */
export interface WorkerContext {
  id: string;
  slot: string;
  /** A shutdown request arrived while `init` was still running. */
  stopRequested: boolean;
}

/**
 * Facts the pool's data plane reports at a worker's edges. A worker that finishes a task while
 * more are queued takes the next one in plain code and gets no event: it simply stays `busy`.
 */
export type WorkerEvent =
  | { type: 'worker.assigned' }
  | { type: 'worker.released' }
  | { type: 'worker.faulted'; error: unknown }
  | ShutdownEvent;

/** Every worker's output when it stops: `crashed` (with the cause) is an abnormal exit, `normal` is not. */
export interface WorkerExit {
  reason: 'crashed' | 'normal';
  error?: unknown;
}

/** The abort of each starting worker's `init`, so a shutdown can cut a slow start short. */
const startups = new WeakMap<AnyActorRef, AbortController>();
const hosts = new WeakMap<AnyActorRef, WorkerHost>();

function hostOf(self: AnyActorRef): WorkerHost {
  return hosts.get(self) as WorkerHost;
}

/**
 * One pool worker: `starting → idle ⇄ busy`, then `crashed` or `stopping → stopped`.
 *
 * - `starting` runs the pool's `worker.init`; a failure is a crash (it counts toward the worker
 *   supervisor's restart intensity).
 * - `idle` and `busy` are the truth: the pool reports `worker.assigned` when an idle worker gets a
 *   task and `worker.released` when a busy one runs out of work (a worker that goes from task to
 *   task without a pause pays no transition).
 * - `worker.faulted` (its task timed out in-process, failed fatally, or its thread died) is a
 *   crash: `crashed` is final with output `{ reason: 'crashed', error }`, the resource is disposed
 *   on the way in, and the worker supervisor restarts the slot with a fresh worker (new id).
 * - `overseer.shutdown` (sent by the supervisor when the pool closes) disposes the resource and
 *   ends in `stopped`.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * const worker = createActor(workerMachine, { input: { slot: 'worker-0', pool: 'images', host } });
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
    init: fromPromise<void, AnyActorRef>(async ({ input, signal }) => {
      const { id } = input.getSnapshot().context as WorkerContext;
      // Asked to stop, or stopped by force, while init runs: init is told through its signal, so a
      // slow start (a connect, a thread or process loading) can be cut short.
      const startup = new AbortController();
      const onStopped = () => startup.abort(signal.reason);
      signal.addEventListener('abort', onStopped, { once: true });
      startups.set(input, startup);
      try {
        await hostOf(input).initResource(id, startup.signal);
      } finally {
        signal.removeEventListener('abort', onStopped);
        startups.delete(input);
      }
      // Stopped by force while init ran: nobody will own this resource, release it.
      if (signal.aborted) await hostOf(input).disposeResource(id);
    }),
    dispose: fromPromise<void, AnyActorRef>(({ input }) => hostOf(input).disposeResource((input.getSnapshot().context as WorkerContext).id)),
  },
  actions: {
    ready: ({ context, self }) => hostOf(self).workerReady(context.id, context.slot, self),
    disposeInBackground: ({ context, self }) => void hostOf(self).disposeResource(context.id),
    abortStartup: ({ self }) => startups.get(self)?.abort(new Error('overseer: the worker was asked to stop while it was starting')),
  },
}).createMachine({
  id: 'worker',
  context: ({ input, self }) => {
    hosts.set(self, input.host);
    return { id: `${input.pool}/${input.slot}.${nanoid(8)}`, slot: input.slot, stopRequested: false };
  },
  initial: 'starting',
  states: {
    starting: {
      invoke: {
        src: 'init',
        input: ({ self }) => self,
        onDone: [
          // Asked to stop while init ran: release what init just made instead of leaking it.
          { guard: ({ context }) => context.stopRequested, target: 'stopping' },
          { target: 'idle', actions: 'ready' },
        ],
        onError: [
          { guard: ({ context }) => context.stopRequested, target: 'stopped' },
          { target: 'crashed' },
        ],
      },
      // Tell init to give up, and wait for it (the supervisor bounds the wait with the child's
      // shutdown time): an init that ignores its signal finishes, and what it made is released.
      on: { [SHUTDOWN_EVENT]: { actions: [assign({ stopRequested: true }), 'abortStartup'] } },
    },
    idle: {
      on: {
        'worker.assigned': 'busy',
        'worker.faulted': 'crashed',
        [SHUTDOWN_EVENT]: 'stopping',
      },
    },
    busy: {
      on: {
        'worker.released': 'idle',
        'worker.faulted': 'crashed',
        [SHUTDOWN_EVENT]: 'stopping',
      },
    },
    crashed: {
      type: 'final',
      entry: 'disposeInBackground',
      output: ({ event }) => ({ reason: 'crashed', error: (event as { error?: unknown }).error }),
    },
    stopping: {
      invoke: { src: 'dispose', input: ({ self }) => self, onDone: 'stopped', onError: 'stopped' },
    },
    stopped: { type: 'final', output: { reason: 'normal' } },
  },
  output: ({ event }) => (event as { output?: WorkerExit }).output ?? { reason: 'normal' },
});
