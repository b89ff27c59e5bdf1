import { assign, fromCallback, fromPromise, setup, type AnyActorRef, type EventObject } from 'xstate';
import { SHUTDOWN_EVENT, type ShutdownEvent } from '../supervisor/shutdown.js';

/**
 * What the pool machine drives: the pool's data plane and its child actors. The machine calls
 * these at its edges; the data plane never moves the lifecycle itself, it only reports facts
 * (`pool.workersFailed`).
 */
export interface PoolHost {
  /** The machine started: link the breaker and the worker supervisor under it, start the workers. */
  start(): void;
  /** `closing` (or `terminating`): take no new tasks; refuse what waits for room. */
  stopAccepting(why: 'closing' | 'terminated'): void;
  /** Resolves `drained` when no task is queued or running, or `timedOut` after `timeout` ms. Never rejects. */
  drain(timeout: number | undefined): Promise<'drained' | 'timedOut'>;
  /** Rejects queued tasks and aborts running ones (`terminate()`, or a close that timed out). */
  abortAll(why: 'terminated' | { closeTimedOut: number }): void;
  /** Stops the worker supervisor (every worker) and the breaker. Never rejects. */
  stopActors(): Promise<void>;
  /** `closed`: everything is stopped. */
  closed(): void;
  /** `failing`: the workers exhausted their restart intensity; reject and refuse everything. */
  failed(error: unknown): void;
  /** Whether this pool backs off and comes back when its workers give up (its `recovery` option). */
  readonly recovers: boolean;
  /** `recovering`: reject what it holds, refuse work until its backoff ends. */
  recovering(error: unknown): void;
  /** Waits out the backoff, then starts fresh workers (a failure to is reported as `pool.workersFailed`); never rejects. Stops early on `signal`. */
  recover(signal: AbortSignal): Promise<void>;
  /** Back to `running` after a recovery. */
  recovered(): void;
  /** The error the pool failed with (its output's `error`). */
  readonly failure: unknown;
  /** The actor was stopped by force: kill the children at once, release their resources. */
  killed(): void;
}

/** The pool machine's input: its name, and how to open a fresh data plane for each incarnation. */
export interface PoolMachineInput {
  name: string;
  /** Creates the data plane of this incarnation (a restart by a parent supervisor opens a new one). */
  open: (self: AnyActorRef) => PoolHost;
}

/** Plain data: the pool's name, the close timeout in force, and whether it recovers by itself. */
export interface PoolContext {
  name: string;
  closeTimeout: number | undefined;
  /** No parent supervisor and `recovery` on: when its workers give up it backs off and comes back. */
  recovers: boolean;
}

/**
 * Commands to the pool (`close()`, `terminate()`), and the one fact its data plane reports.
 */
export type PoolEvent =
  | { type: 'pool.close'; timeout?: number }
  | { type: 'pool.terminate' }
  | { type: 'pool.workersFailed'; error: unknown }
  | ShutdownEvent;

/** Output of the pool machine: a failed pool exits `crashed`, so a parent supervisor restarts it. */
export interface PoolExit {
  reason: 'normal' | 'crashed';
  error?: unknown;
}

const hosts = new WeakMap<AnyActorRef, PoolHost>();

/** @internal The data plane bound to a pool actor, if `ref` is one. */
export function poolHostOf(ref: AnyActorRef): PoolHost | undefined {
  return hosts.get(ref);
}

function hostOf(ref: AnyActorRef): PoolHost {
  const host = hosts.get(ref);
  if (host === undefined) throw new Error('overseer: this pool actor has no data plane (was it restored from a snapshot?)');
  return host;
}

/**
 * The pool as an xstate machine, the owner of its lifecycle:
 * `running → closing → (terminating →) stopping → closed`, `running ⇄ recovering`, or
 * `failing → failed`.
 *
 * - `pool.close` (`close()`) or `overseer.shutdown` (a parent supervisor) → `closing`: new tasks
 *   are refused and queued ones drain; with a timeout, what is left when it passes is aborted.
 * - `pool.terminate` → `terminating`: queued tasks are rejected and running ones aborted at once.
 * - `stopping` stops the worker supervisor and the breaker, then `closed` (output `normal`).
 * - `pool.workersFailed` (the worker supervisor gave up) → `failing`: every task is rejected, and
 *   once the worker supervisor and the breaker are gone, `failed`, final with output
 *   `{ reason: 'crashed', error }`, which a parent supervisor reads as a crash.
 * - A pool with no parent and `recovery` on goes `recovering` instead: every task is rejected
 *   with `PoolRecoveringError`, the backoff is waited out, fresh workers start, and it is
 *   `running` again (close and terminate still work meanwhile).
 *
 * The pool's children, linked to this actor in one actor system, are its breaker (`breaker`)
 * and its worker supervisor (`workers`), whose children are the workers. The queue, the workers'
 * records and the breaker's counters are the data plane ({@link PoolHost}); no transition is paid
 * per task.
 *
 * @example
 * ```ts
 * const pool = createPool({ size: 4 });
 * pool.actor.getSnapshot().value; // 'running'
 * await pool.close();
 * pool.actor.getSnapshot().value; // 'closed'
 * ```
 */
export const poolMachine = setup({
  types: {
    context: {} as PoolContext,
    input: {} as PoolMachineInput,
    events: {} as PoolEvent,
    output: {} as PoolExit,
  },
  actors: {
    drain: fromPromise<'drained' | 'timedOut', { self: AnyActorRef; timeout: number | undefined }>(({ input }) =>
      hostOf(input.self).drain(input.timeout),
    ),
    stopActors: fromPromise<void, AnyActorRef>(({ input }) => hostOf(input).stopActors()),
    recover: fromPromise<void, AnyActorRef>(({ input, signal }) => hostOf(input).recover(signal)),
    // Starts the data plane when the machine starts and hears a forced stop. An invoked actor,
    // not an entry action: creating the child actors inside an action would run their setup in
    // the middle of this machine's transition.
    lifeline: fromCallback<EventObject>(({ self }) => {
      const host = hostOf(self._parent as AnyActorRef);
      host.start();
      return () => host.killed();
    }),
  },
  actions: {
    stopAccepting: ({ self, event }) => hostOf(self).stopAccepting(event.type === 'pool.terminate' ? 'terminated' : 'closing'),
    abortTerminated: ({ self }) => hostOf(self).abortAll('terminated'),
    closed: ({ self }) => hostOf(self).closed(),
    failed: ({ self, event }) => hostOf(self).failed((event as { error?: unknown }).error),
    recovering: ({ self, event }) => hostOf(self).recovering((event as { error?: unknown }).error),
    recovered: ({ self }) => hostOf(self).recovered(),
    rethrow: ({ event }) => {
      throw (event as { error?: unknown }).error;
    },
  },
  guards: {
    recovers: ({ context }) => context.recovers,
  },
}).createMachine({
  id: 'pool',
  context: ({ input, self }) => {
    const host = input.open(self);
    hosts.set(self, host);
    // OTP: a child that gives up lets its parent decide. Only a pool nobody supervises comes back by itself.
    return { name: input.name, closeTimeout: undefined, recovers: self._parent === undefined && host.recovers };
  },
  // A pool restored from a persisted snapshot has no data plane: it fails as it starts.
  invoke: { src: 'lifeline', onError: { actions: 'rethrow' } },
  on: {
    // Already closing: a parent's shutdown request waits for the close under way.
    [SHUTDOWN_EVENT]: {},
    // The breaker's and the worker supervisor's done/error events: the data plane hears them itself.
    'xstate.*': {},
  },
  initial: 'running',
  states: {
    running: {
      on: {
        'pool.close': { target: 'closing', actions: assign({ closeTimeout: ({ event }) => event.timeout }) },
        [SHUTDOWN_EVENT]: 'closing',
        'pool.terminate': 'terminating',
        'pool.workersFailed': [{ guard: 'recovers', target: 'recovering' }, { target: 'failing' }],
      },
    },
    recovering: {
      entry: 'recovering',
      invoke: {
        src: 'recover',
        input: ({ self }) => self,
        // It never rejects: a new worker supervisor that cannot start reports `pool.workersFailed`.
        onDone: { target: 'running', actions: 'recovered' },
      },
      on: {
        'pool.close': { target: 'closing', actions: assign({ closeTimeout: ({ event }) => event.timeout }) },
        [SHUTDOWN_EVENT]: 'closing',
        'pool.terminate': 'terminating',
      },
    },
    closing: {
      entry: 'stopAccepting',
      invoke: {
        src: 'drain',
        input: ({ context, self }) => ({ self, timeout: context.closeTimeout }),
        onDone: [
          {
            guard: ({ event }) => event.output === 'timedOut',
            target: 'stopping',
            actions: ({ context, self }) => hostOf(self).abortAll({ closeTimedOut: context.closeTimeout ?? 0 }),
          },
          { target: 'stopping' },
        ],
      },
      on: { 'pool.terminate': 'terminating', 'pool.workersFailed': 'failing' },
    },
    terminating: {
      entry: ['stopAccepting', 'abortTerminated'],
      always: 'stopping',
    },
    stopping: {
      invoke: { src: 'stopActors', input: ({ self }) => self, onDone: 'closed' },
      // Work abandoned by a timed-out close may still be aborted by a terminate meanwhile.
      on: { 'pool.terminate': { actions: 'abortTerminated' } },
    },
    closed: { type: 'final', entry: 'closed', output: { reason: 'normal' } },
    failing: {
      entry: 'failed',
      invoke: { src: 'stopActors', input: ({ self }) => self, onDone: 'failed' },
    },
    failed: {
      type: 'final',
      output: ({ self }) => ({ reason: 'crashed', error: hosts.get(self)?.failure }),
    },
  },
  output: ({ event }) => (event as { output?: PoolExit }).output ?? { reason: 'normal' },
});
