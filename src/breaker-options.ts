import { InvalidOptionError } from '../supervisor/errors.js';
import { MAX_TIMER_MS } from '../supervisor/long-timeout.js';
import { checkOptions } from '../supervisor/option-keys.js';
import type { CircuitBreakerOptions, NormalizedBreakerOptions } from './circuit-breaker.js';
import { optionalFunction, positiveInteger, timerMs } from './option-checks.js';

const BREAKER_OPTIONS = ['failureThreshold', 'failureRate', 'cooldown', 'backoff', 'halfOpenMaxCalls', 'successThreshold', 'isFailure'];

/**
 * Checks a pool's `circuitBreaker` option and fills in its defaults; `false` turns it off. Throws
 * `InvalidOptionError` naming the field.
 *
 * @example
 * ```ts
 * normalizeBreakerOptions({ failureThreshold: 3 }).cooldown; // 30000
 * ```
 */
export function normalizeBreakerOptions(options: CircuitBreakerOptions | false | undefined): NormalizedBreakerOptions | false {
  if (options === false) return false;
  const o = options ?? {};
  checkOptions(o, 'circuitBreaker', BREAKER_OPTIONS);
  const failureThreshold = positiveInteger('circuitBreaker.failureThreshold', o.failureThreshold ?? 5);
  let rateThreshold: number | undefined;
  let rateWindow = 0;
  let rateMinimumCalls = 0;
  if (o.failureRate !== undefined) {
    const rate = o.failureRate;
    checkOptions(rate, 'circuitBreaker.failureRate', ['threshold', 'window', 'minimumCalls']);
    if (typeof rate.threshold !== 'number' || !(rate.threshold > 0 && rate.threshold <= 1)) {
      throw new InvalidOptionError('circuitBreaker.failureRate.threshold', rate.threshold, 'a number in (0, 1]');
    }
    rateThreshold = rate.threshold;
    rateWindow = positiveInteger('circuitBreaker.failureRate.window', rate.window);
    rateMinimumCalls = positiveInteger('circuitBreaker.failureRate.minimumCalls', rate.minimumCalls ?? Math.min(10, rateWindow));
    if (rateMinimumCalls > rateWindow) {
      throw new InvalidOptionError('circuitBreaker.failureRate.minimumCalls', rateMinimumCalls, `at most the window (${rateWindow})`);
    }
  }
  const cooldown = timerMs('circuitBreaker.cooldown', o.cooldown ?? 30_000);
  let backoffMultiplier = 1;
  let maxCooldown = cooldown;
  if (o.backoff !== undefined && o.backoff !== false) {
    checkOptions(o.backoff, 'circuitBreaker.backoff', ['multiplier', 'maxCooldown']);
    backoffMultiplier = o.backoff.multiplier ?? 2;
    if (typeof backoffMultiplier !== 'number' || !Number.isFinite(backoffMultiplier) || backoffMultiplier < 1) {
      throw new InvalidOptionError('circuitBreaker.backoff.multiplier', o.backoff.multiplier, 'a finite number >= 1');
    }
    maxCooldown = timerMs('circuitBreaker.backoff.maxCooldown', o.backoff.maxCooldown ?? Math.min(cooldown * 10, MAX_TIMER_MS));
    if (maxCooldown < cooldown) throw new InvalidOptionError('circuitBreaker.backoff.maxCooldown', maxCooldown, `at least the cooldown (${cooldown})`);
  }
  return {
    failureThreshold,
    rateThreshold,
    rateWindow,
    rateMinimumCalls,
    cooldown,
    backoffMultiplier,
    maxCooldown,
    halfOpenMaxCalls: positiveInteger('circuitBreaker.halfOpenMaxCalls', o.halfOpenMaxCalls ?? 1),
    successThreshold: positiveInteger('circuitBreaker.successThreshold', o.successThreshold ?? 1),
    isFailure: optionalFunction<(error: unknown) => boolean>('circuitBreaker.isFailure', o.isFailure) ?? (() => true),
  };
}
