import { InvalidOptionError } from './errors.js';
import { MAX_TIMER_MS } from './long-timeout.js';
import { checkOptions } from './option-keys.js';

/**
 * How long to wait before the n-th try of something that failed: a task's next attempt
 * (`retry.backoff`), a failed pool's next start (`recovery.backoff`). The shape is BullMQ's, so
 * the same words mean the same thing on both sides of a queue.
 *
 * - `fixed`: `delay` every time.
 * - `exponential`: `delay × multiplier^(n − 1)`, capped at `maxDelay`.
 *
 * `jitter` (0..1) takes up to that fraction off each delay at random, so many tasks failing at
 * once do not all come back at once.
 *
 * @example
 * ```ts
 * const backoff: Backoff = { type: 'exponential', delay: 100, maxDelay: 5_000, jitter: 0.5 };
 * ```
 */
export type Backoff =
  | { type: 'fixed'; delay: number; jitter?: number }
  | { type: 'exponential'; delay: number; multiplier?: number; maxDelay?: number; jitter?: number };

/** A checked {@link Backoff}. */
export interface NormalizedBackoff {
  delay: number;
  multiplier: number;
  maxDelay: number;
  jitter: number;
}

/**
 * Checks a backoff; throws {@link InvalidOptionError} naming `path` and the bad field.
 *
 * @example
 * ```ts
 * normalizeBackoff({ type: 'exponential', delay: 100 }, 'retry.backoff'); // { delay: 100, multiplier: 2, maxDelay: 2147483647, jitter: 0 }
 * ```
 */
export function normalizeBackoff(value: unknown, path: string): NormalizedBackoff {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidOptionError(path, value, "{ type: 'fixed' | 'exponential', delay, ... }");
  }
  const backoff = value as Record<string, unknown>;
  if (backoff.type !== 'fixed' && backoff.type !== 'exponential') throw new InvalidOptionError(`${path}.type`, backoff.type, "'fixed' or 'exponential'");
  const exponential = backoff.type === 'exponential';
  checkOptions(backoff, path, exponential ? ['type', 'delay', 'multiplier', 'maxDelay', 'jitter'] : ['type', 'delay', 'jitter']);
  const delay = backoff.delay;
  if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0 || delay > MAX_TIMER_MS) {
    throw new InvalidOptionError(`${path}.delay`, delay, `a number of ms from 0 to ${MAX_TIMER_MS}`);
  }
  const multiplier = exponential ? (backoff.multiplier ?? 2) : 1;
  if (typeof multiplier !== 'number' || !Number.isFinite(multiplier) || multiplier < 1) {
    throw new InvalidOptionError(`${path}.multiplier`, multiplier, 'a finite number >= 1');
  }
  const maxDelay = exponential ? (backoff.maxDelay ?? MAX_TIMER_MS) : delay;
  if (typeof maxDelay !== 'number' || !Number.isFinite(maxDelay) || maxDelay < delay || maxDelay > MAX_TIMER_MS) {
    throw new InvalidOptionError(`${path}.maxDelay`, maxDelay, `a number of ms from delay (${delay}) to ${MAX_TIMER_MS}`);
  }
  const jitter = backoff.jitter ?? 0;
  if (typeof jitter !== 'number' || !(jitter >= 0 && jitter <= 1)) throw new InvalidOptionError(`${path}.jitter`, jitter, 'a number from 0 to 1');
  return { delay, multiplier, maxDelay, jitter };
}

/**
 * The wait before try number `n + 1`, after `n` failed tries (`n >= 1`). `random` is injectable
 * for tests; it defaults to `Math.random`.
 *
 * @example
 * ```ts
 * backoffDelay({ delay: 100, multiplier: 2, maxDelay: 1000, jitter: 0 }, 3); // 400
 * ```
 */
export function backoffDelay(backoff: NormalizedBackoff, n: number, random: () => number = Math.random): number {
  const raw = Math.min(backoff.maxDelay, backoff.delay * backoff.multiplier ** Math.max(0, n - 1));
  return backoff.jitter === 0 ? raw : raw - raw * backoff.jitter * random();
}
