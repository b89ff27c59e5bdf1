import { fromCallback, setup, type EventObject } from 'xstate';
import { SHUTDOWN_EVENT, type ShutdownEvent } from '../supervisor/shutdown.js';
import { PoolCore, type PoolCoreEvent } from '../src/pool-core.js';
import type { NormalizedPoolOptions } from '../src/pool-options.js';

export interface PoolContext {
  core: PoolCore<unknown>;
}

/** Output of the pool machine: a failed pool exits `crashed`, so a parent supervisor restarts it. */
export interface PoolExit {
  exitReason: 'normal' | 'crashed';
  error?: unknown;
}

/**
 * The pool as an xstate machine: `running → closing → closed`, or `failed` when the worker
 * supervisor exhausts its restart intensity. The queue, workers and breaker counters live in
 * the {@link PoolCore} held in context (the data plane); this machine is the control plane and
 * only sees edges. `overseer.shutdown` (from a parent supervisor) closes the pool gracefully;
 * stopping the actor by force terminates it.
 *
 * @example
 * ```ts
 * const pool = createPool({ size: 4 });
 * pool.actor.getSnapshot().value; // 'running'
 * ```
 */
export const poolMachine = setup({
  types: {
    context: {} as PoolContext,
    input: {} as NormalizedPoolOptions<unknown>,
    events: {} as PoolCoreEvent | ShutdownEvent,
    output: {} as PoolExit,
  },
  actors: {
    lifeline: fromCallback<EventObject, { core: PoolCore<unknown> }>(({ input }) => () => input.core.onActorStopped()),
  },
}).createMachine({
  id: 'pool',
  context: ({ input, self }) => ({ core: new PoolCore(input, self) }),
  invoke: { src: 'lifeline', input: ({ context }) => ({ core: context.core }) },
  on: {
    [SHUTDOWN_EVENT]: { actions: ({ context }) => void context.core.close() },
    'pool.failed': { target: '.failed' },
  },
  initial: 'running',
  states: {
    running: { on: { 'pool.closing': 'closing' } },
    closing: { on: { 'pool.closed': 'closed' } },
    closed: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) =>
    context.core.phase === 'failed' ? { exitReason: 'crashed', error: context.core.failureCause } : { exitReason: 'normal' },
});
