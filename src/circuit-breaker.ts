import { createActor, type Actor, type AnyActorRef } from 'xstate';
import { breakerMachine } from '../actors/breaker.machine.js';
import { stopActor } from '../supervisor/shutdown.js';

/** Circuit-breaker options of a pool. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that trip it. Default 5. */
  failureThreshold?: number;
  /** Also trip when the failure rate over the last `window` calls exceeds `threshold` (0..1), once `minimumCalls` were seen. */
  failureRate?: { threshold: number; window: number; minimumCalls?: number };
  /** ms open before going half-open, on a timer. Default 30_000. */
  cooldown?: number;
  /** Exponential backoff for consecutive re-openings: cooldown × multiplier^(n-1), capped at `maxCooldown`. */
  backoff?: { multiplier?: number; maxCooldown?: number } | false;
  /** Probe tasks allowed at once while half-open. Default 1. */
  halfOpenMaxCalls?: number;
  /** Probe successes that close it. Default 1. */
  successThreshold?: number;
  /** Which task errors count as failures (default: all). Excluded errors count as successes. */
  isFailure?: (error: unknown) => boolean;
}

export type CircuitState = 'closed' | 'open' | 'halfOpen';

/** Options after validation. */
export interface NormalizedBreakerOptions {
  failureThreshold: number;
  rateThreshold: number | undefined;
  rateWindow: number;
  rateMinimumCalls: number;
  cooldown: number;
  backoffMultiplier: number;
  maxCooldown: number;
  halfOpenMaxCalls: number;
  successThreshold: number;
  isFailure: (error: unknown) => boolean;
}

/**
 * What the breaker needs to know about a task, in one number: the generation it started in, times
 * two, plus one for a probe; -1 once counted.
 */
export interface BreakerTicket {
  ticket: number;
}

/**
 * The counting half of the pool's circuit breaker. The state lives in a `breakerMachine`
 * actor, a child of the pool's actor; this class keeps the counters in plain fields and reports
 * a fact to the machine only when a threshold is crossed, and the machine decides the state.
 * Every state change bumps `generation`: a result from a task that started in an older
 * generation is ignored (it says nothing about the new state).
 *
 * @example
 * ```ts
 * const breaker = new CircuitBreaker(normalized, (state) => console.log(state), poolActor);
 * const ticket = { ticket: 0 };
 * breaker.onDispatch(ticket);
 * breaker.record(ticket, 'failure');
 * ```
 */
export class CircuitBreaker {
  readonly actor: Actor<typeof breakerMachine>;
  state: CircuitState = 'closed';
  generation = 0;
  private consecutiveFailures = 0;
  private probesInFlight = 0;
  private probeSuccesses = 0;
  private readonly window: Uint8Array;
  private windowNext = 0;
  private windowCount = 0;
  private windowFailures = 0;

  constructor(
    private readonly options: NormalizedBreakerOptions,
    onChange: (state: CircuitState, previous: CircuitState) => void,
    parent: AnyActorRef,
  ) {
    this.window = new Uint8Array(options.rateThreshold === undefined ? 0 : options.rateWindow);
    this.actor = createActor(breakerMachine, {
      parent,
      id: 'breaker',
      input: { cooldown: options.cooldown, backoffMultiplier: options.backoffMultiplier, maxCooldown: options.maxCooldown },
    });
    this.actor.subscribe({
      next: (snapshot) => {
        const next = snapshot.value as CircuitState;
        if (next !== this.state || next === this.pendingTarget) this.pendingTarget = undefined;
        if (next === this.state && snapshot.context.retryAt === this.lastRetryAt) return;
        const previous = this.state;
        this.state = next;
        this.lastRetryAt = snapshot.context.retryAt;
        this.generation++;
        this.consecutiveFailures = 0;
        this.probesInFlight = 0;
        this.probeSuccesses = 0;
        if (next === 'closed') this.clearWindow();
        onChange(next, previous);
      },
      error: () => undefined,
    });
    this.actor.start();
  }

  private lastRetryAt: number | undefined = undefined;

  /** Epoch ms at which an open breaker goes half-open. */
  get retryAt(): number | undefined {
    return this.actor.getSnapshot().context.retryAt;
  }

  /** Whether a task may start now (closed, or half-open with a free probe slot). */
  canDispatch(): boolean {
    if (this.pendingTarget !== undefined) return false;
    return this.state === 'closed' || (this.state === 'halfOpen' && this.probesInFlight < this.options.halfOpenMaxCalls);
  }

  /** Stamps a task as it starts. */
  onDispatch(ticket: BreakerTicket): void {
    const probe = this.state === 'halfOpen';
    ticket.ticket = this.generation * 2 + (probe ? 1 : 0);
    if (probe) this.probesInFlight++;
  }

  /** Records how a started task ended. `ignore` frees a probe slot without counting (a cancel). */
  record(ticket: BreakerTicket, outcome: 'success' | 'failure' | 'ignore'): void {
    const stamp = ticket.ticket;
    if (stamp < 0 || Math.floor(stamp / 2) !== this.generation) return;
    if (stamp % 2 === 1) this.probesInFlight--;
    if (outcome === 'ignore') return;
    if (this.state === 'closed') {
      if (outcome === 'failure') this.consecutiveFailures++;
      else this.consecutiveFailures = 0;
      if (this.consecutiveFailures >= this.options.failureThreshold || this.recordInWindow(outcome === 'failure')) {
        this.report({ type: 'breaker.failuresExceeded' });
      }
    } else if (this.state === 'halfOpen') {
      if (outcome === 'failure') this.report({ type: 'breaker.probeFailed' });
      else if (++this.probeSuccesses >= this.options.successThreshold) this.report({ type: 'breaker.probesSucceeded' });
    }
  }

  /**
   * Reports a crossed threshold to the machine. The pool reacts to a state change inside the
   * machine's own update (half-open → dispatch → a probe that fails at once → record), and there
   * xstate only queues the event: until it is processed no further task may start, or a half-open
   * circuit would let every queued task through as a "probe".
   */
  private report(event: { type: 'breaker.failuresExceeded' | 'breaker.probeFailed' | 'breaker.probesSucceeded' }): void {
    if (this.pendingTarget !== undefined || this.actor.getSnapshot().status !== 'active') return;
    this.pendingTarget = event.type === 'breaker.probesSucceeded' ? 'closed' : 'open';
    this.actor.send(event);
  }

  /** The state a sent-but-not-yet-processed change leads to. */
  private pendingTarget: CircuitState | undefined = undefined;

  /** Classifies a task error. */
  isFailure(error: unknown): boolean {
    try {
      return this.options.isFailure(error);
    } catch {
      return true;
    }
  }

  forceOpen(): void {
    if (this.actor.getSnapshot().status === 'active') this.actor.send({ type: 'breaker.forceOpen' });
  }

  reset(): void {
    if (this.actor.getSnapshot().status === 'active') this.actor.send({ type: 'breaker.reset' });
  }

  stop(): void {
    stopActor(this.actor);
  }

  /** Pushes one outcome into the sliding window; true when the rate condition trips. */
  private recordInWindow(failed: boolean): boolean {
    const size = this.window.length;
    if (size === 0 || this.options.rateThreshold === undefined) return false;
    if (this.windowCount === size) this.windowFailures -= this.window[this.windowNext] as number;
    else this.windowCount++;
    this.window[this.windowNext] = failed ? 1 : 0;
    this.windowFailures += failed ? 1 : 0;
    this.windowNext = (this.windowNext + 1) % size;
    return this.windowCount >= this.options.rateMinimumCalls && this.windowFailures / this.windowCount > this.options.rateThreshold;
  }

  private clearWindow(): void {
    this.window.fill(0);
    this.windowNext = 0;
    this.windowCount = 0;
    this.windowFailures = 0;
  }
}
