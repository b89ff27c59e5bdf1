import { assign, setup } from 'xstate';

/** Breaker timing, after validation. */
export interface BreakerInput {
  /** ms the breaker stays open before it goes half-open. */
  cooldown: number;
  /** Cooldown multiplier for each consecutive re-opening (1 = no backoff). */
  backoffMultiplier: number;
  /** Cap on the backed-off cooldown, in ms. */
  maxCooldown: number;
}

/** Plain data: the timing, and where the current open period stands. */
export interface BreakerContext extends BreakerInput {
  /** Consecutive openings without a close in between; drives the backoff. */
  openings: number;
  /** The cooldown of the current open period, in ms. */
  currentCooldown: number;
  /** Epoch ms at which the current open period ends. */
  retryAt: number | undefined;
}

/**
 * Events of the breaker. The counting (consecutive failures, failure-rate window, probe
 * outcomes) is plain code in the pool, which reports a fact only when it matters:
 * `breaker.failuresExceeded` (closed: the threshold or rate was crossed), `breaker.probeFailed`
 * and `breaker.probesSucceeded` (half-open). `breaker.forceOpen` and `breaker.reset` are the
 * user's commands (`pool.openCircuit()`, `pool.resetCircuit()`).
 */
export type BreakerEvent =
  | { type: 'breaker.failuresExceeded' }
  | { type: 'breaker.probeFailed' }
  | { type: 'breaker.probesSucceeded' }
  | { type: 'breaker.forceOpen' }
  | { type: 'breaker.reset' };

/**
 * The pool's circuit breaker: `closed → open → halfOpen → closed | open`. It decides every
 * change of state; `open` goes `halfOpen` on its own timer (`after` the current cooldown), not on
 * the next call. Re-opening from `halfOpen` multiplies the cooldown by `backoffMultiplier`, up to
 * `maxCooldown`; closing resets it.
 *
 * @example
 * ```ts
 * const breaker = createActor(breakerMachine, { input: { cooldown: 30_000, backoffMultiplier: 2, maxCooldown: 300_000 } });
 * breaker.start();
 * breaker.send({ type: 'breaker.failuresExceeded' }); // open; half-open in 30 s
 * ```
 */
export const breakerMachine = setup({
  types: {
    context: {} as BreakerContext,
    input: {} as BreakerInput,
    events: {} as BreakerEvent,
  },
  actions: {
    openFor: assign(({ context }) => {
      const openings = context.openings + 1;
      const currentCooldown = Math.min(context.cooldown * context.backoffMultiplier ** (openings - 1), context.maxCooldown);
      return { openings, currentCooldown, retryAt: Date.now() + currentCooldown };
    }),
    closeUp: assign({ openings: 0, retryAt: undefined }),
  },
  delays: {
    cooldown: ({ context }) => context.currentCooldown,
  },
}).createMachine({
  id: 'breaker',
  context: ({ input }) => ({ ...input, openings: 0, currentCooldown: input.cooldown, retryAt: undefined }),
  initial: 'closed',
  states: {
    closed: {
      on: {
        'breaker.failuresExceeded': { target: 'open', actions: 'openFor' },
        'breaker.forceOpen': { target: 'open', actions: 'openFor' },
      },
    },
    open: {
      after: { cooldown: 'halfOpen' },
      on: {
        'breaker.forceOpen': { target: 'open', reenter: true, actions: 'openFor' },
        'breaker.reset': { target: 'closed', actions: 'closeUp' },
      },
    },
    halfOpen: {
      on: {
        'breaker.probesSucceeded': { target: 'closed', actions: 'closeUp' },
        'breaker.probeFailed': { target: 'open', actions: 'openFor' },
        'breaker.forceOpen': { target: 'open', actions: 'openFor' },
        'breaker.reset': { target: 'closed', actions: 'closeUp' },
      },
    },
  },
});
