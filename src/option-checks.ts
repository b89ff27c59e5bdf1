import { InvalidOptionError } from '../supervisor/errors.js';
import { MAX_TIMER_MS } from '../supervisor/long-timeout.js';

// The checks every option normalizer shares: each throws InvalidOptionError naming the option.

/** An integer >= 1. @example positiveInteger('circuitBreaker.failureThreshold', 5) */
export function positiveInteger(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidOptionError(option, value, 'an integer >= 1');
  }
  return value;
}

/** A function, or undefined. @example optionalFunction('isFatal', (e) => true) */
export function optionalFunction<F>(option: string, value: unknown): F | undefined {
  if (value !== undefined && typeof value !== 'function') throw new InvalidOptionError(option, value, 'a function');
  return value as F | undefined;
}

/** `true` or `false`, `fallback` when left out. @example booleanOption('propagateContext', undefined, true) // true */
export function booleanOption(option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidOptionError(option, value, 'true or false');
  return value;
}

/** A finite number of ms > 0. @example positiveMs('period', 5000) */
export function positiveMs(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError(option, value, 'a finite number of ms > 0');
  }
  return value;
}

/**
 * A delay only an xstate timer waits out (the breaker's cooldown): it must fit in one `setTimeout`.
 * @example timerMs('circuitBreaker.cooldown', 30_000)
 */
export function timerMs(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new InvalidOptionError(option, value, `a number of ms > 0 and at most ${MAX_TIMER_MS} (about 24.8 days)`);
  }
  return value;
}
