import { normalizeBackoff, type Backoff, type NormalizedBackoff } from './backoff.js';
import { InvalidOptionError } from './errors.js';
import { MAX_TIMER_MS } from './long-timeout.js';
import { checkOptions } from './option-keys.js';

/** Default bound of the events held for one named child while it restarts. */
export const DEFAULT_MAX_HELD_EVENTS = 1000;

/** A child's own restart limit under a dynamic supervisor: more than `intensity` restarts within `period` ms and it is given up alone. */
export interface ChildRestartLimit {
  intensity: number;
  period: number;
}

/**
 * The wait before a child is restarted: a fixed number of ms, or a {@link Backoff} (the same shape
 * as a pool's `retry.backoff`), whose `n` is the child's restarts within its supervisor's `period`.
 */
export type RestartDelay = number | Backoff;

/** The child-spec fields for orchestration: a stable name, restart backoff and a per-child restart limit. */
export interface ChildOrchestration {
  /**
   * A stable name: `sup.send(name, event)` and `Registry.send(name, event)` reach the child's
   * current incarnation across restarts, and events sent while it restarts are held for the next one.
   * Unique in the process while the child lives (`NameAlreadyRegisteredError` otherwise).
   * @default none (the child is reached through its current ref only)
   * @example { id: 'payment', name: 'payment', logic: paymentMachine }
   */
  name?: string;
  /**
   * Wait this long before restarting the child (the child shows as `'restarting'` meanwhile). The
   * restart is counted toward the supervisor's intensity when the child exits, as OTP counts it.
   * @default 0 (restart at once)
   * @example { restartDelay: { type: 'exponential', delay: 100, maxDelay: 10_000, jitter: 0.2 } }
   */
  restartDelay?: RestartDelay;
  /**
   * Dynamic supervisors only: the child's own restart limit. A child beyond it is given up alone
   * (removed, `childGaveUp` with its last error); its siblings keep running. Its restarts are
   * counted against this limit instead of the supervisor's intensity.
   * @default none (the supervisor's intensity counts every child's restarts)
   * @example { childRestarts: { intensity: 5, period: 10_000 } }
   */
  childRestarts?: ChildRestartLimit;
  /**
   * Most events held for a named child while it restarts; one more is refused with `HeldEventsFullError`.
   * @default 1000
   * @example { name: 'payment', maxHeldEvents: 100 }
   */
  maxHeldEvents?: number;
}

/** The orchestration fields, checked. */
export interface NormalizedChildOrchestration {
  name: string | undefined;
  restartDelay: NormalizedBackoff | undefined;
  childRestarts: ChildRestartLimit | undefined;
  maxHeldEvents: number;
}

/** The keys {@link ChildOrchestration} adds to a child spec. */
export const ORCHESTRATION_SPEC_KEYS = ['name', 'restartDelay', 'childRestarts', 'maxHeldEvents'];

/**
 * Checks the orchestration fields of a child spec; throws {@link InvalidOptionError} naming `<path>.<field>`.
 *
 * @example
 * ```ts
 * normalizeOrchestration({ name: 'payment', restartDelay: 500 }, 'children[0]').restartDelay; // { delay: 500, multiplier: 1, maxDelay: 500, jitter: 0 }
 * ```
 */
export function normalizeOrchestration(spec: ChildOrchestration, path: string): NormalizedChildOrchestration {
  const { name, restartDelay, childRestarts } = spec;
  if (name !== undefined && (typeof name !== 'string' || name.length === 0)) throw new InvalidOptionError(`${path}.name`, name, 'a non-empty string');
  let delay: NormalizedBackoff | undefined;
  if (typeof restartDelay === 'number') {
    if (!Number.isFinite(restartDelay) || restartDelay < 0 || restartDelay > MAX_TIMER_MS) {
      throw new InvalidOptionError(`${path}.restartDelay`, restartDelay, `a number of ms from 0 to ${MAX_TIMER_MS}, or a backoff`);
    }
    delay = restartDelay === 0 ? undefined : { delay: restartDelay, multiplier: 1, maxDelay: restartDelay, jitter: 0 };
  } else if (restartDelay !== undefined) {
    delay = normalizeBackoff(restartDelay, `${path}.restartDelay`);
  }
  if (childRestarts !== undefined) {
    checkOptions(childRestarts, `${path}.childRestarts`, ['intensity', 'period']);
    const { intensity, period } = childRestarts;
    if (typeof intensity !== 'number' || !Number.isInteger(intensity) || intensity < 0) {
      throw new InvalidOptionError(`${path}.childRestarts.intensity`, intensity, 'a finite integer >= 0');
    }
    if (typeof period !== 'number' || !Number.isFinite(period) || period <= 0) {
      throw new InvalidOptionError(`${path}.childRestarts.period`, period, 'a finite number of ms > 0');
    }
  }
  const maxHeldEvents = spec.maxHeldEvents ?? DEFAULT_MAX_HELD_EVENTS;
  if (typeof maxHeldEvents !== 'number' || !Number.isInteger(maxHeldEvents) || maxHeldEvents < 0) {
    throw new InvalidOptionError(`${path}.maxHeldEvents`, maxHeldEvents, 'an integer >= 0');
  }
  return {
    name,
    restartDelay: delay,
    childRestarts: childRestarts === undefined ? undefined : { intensity: childRestarts.intensity, period: childRestarts.period },
    maxHeldEvents,
  };
}

/**
 * Refuses `childRestarts` under a static supervisor: a static child given up alone would leave
 * a hole in a strategy's start order. Throws {@link InvalidOptionError} naming `<path>.childRestarts`.
 *
 * @example
 * ```ts
 * checkChildRestarts({ intensity: 3, period: 1000 }, false, 'children[0]'); // throws
 * ```
 */
export function checkChildRestarts(limit: unknown, dynamic: boolean, path: string): void {
  if (limit !== undefined && !dynamic) {
    throw new InvalidOptionError(`${path}.childRestarts`, limit, 'no per-child limit under a static supervisor (childRestarts is for dynamic supervisors)');
  }
}
