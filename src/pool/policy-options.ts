import { InvalidOptionError } from '../../supervisor/errors.js';
import { MAX_TIMER_MS } from '../../supervisor/long-timeout.js';
import { checkOptions } from '../../supervisor/option-keys.js';
import { normalizeBackoff, type Backoff, type NormalizedBackoff } from '../backoff.js';

/**
 * Per-task retries: a task that fails or times out is tried again, up to `attempts` tries in
 * all, and its promise settles once, after the last. A fatal error (`isFatal`, a lost thread), a
 * cancel and a refusal are never retried. Each try gets a fresh `ctx.signal` and its own timeout.
 *
 * @example
 * ```ts
 * pool.run(fetchRates, { retry: { attempts: 5, backoff: { type: 'exponential', delay: 200, jitter: 0.5 } } });
 * ```
 */
export interface RetryOptions {
  /** Tries in all, the first one included (BullMQ's `attempts`): `3` = one try and two retries. */
  attempts: number;
  /**
   * The wait before each retry.
   * @default { type: 'fixed', delay: 0 }
   * @example { type: 'exponential', delay: 100, maxDelay: 10_000 }
   */
  backoff?: Backoff;
  /**
   * Whether this failure is worth another try; `attempt` is the try that just failed (1 = the
   * first). A `TaskTimeoutError` is passed for a timed-out try. A predicate that throws means no.
   * @default every failure and timeout
   * @example { retryIf: (error) => !(error instanceof ValidationError) }
   */
  retryIf?: (error: unknown, attempt: number) => boolean;
}

/** At most `limit` task starts per `interval` ms (p-queue's `intervalCap` / `interval`). */
export interface RateLimitOptions {
  /** Starts allowed per window. */
  limit: number;
  /** The window, in ms. */
  interval: number;
}

/**
 * How a pool with no parent supervisor comes back after its workers exhausted their restart
 * intensity: it refuses work with `PoolRecoveringError` (which carries `retryAt`), waits, starts
 * fresh workers and runs again.
 */
export interface RecoveryOptions {
  /**
   * The wait before each comeback; the n-th failure in a row waits the n-th delay.
   * @default { type: 'exponential', delay: 1_000, maxDelay: 30_000 }
   * @example { backoff: { type: 'fixed', delay: 5_000 } }
   */
  backoff?: Backoff;
  /**
   * A pool that runs this long after a comeback without failing again starts its next backoff
   * over from the first delay.
   * @default 60_000
   */
  resetAfter?: number;
}

export interface NormalizedRetry {
  attempts: number;
  backoff: NormalizedBackoff;
  retryIf: ((error: unknown, attempt: number) => boolean) | undefined;
}

export interface NormalizedRecovery {
  backoff: NormalizedBackoff;
  resetAfter: number;
}

/** The pool's policies for failing tasks and workers, checked. */
export interface NormalizedPolicies {
  timeoutGrace: number;
  retry: NormalizedRetry | undefined;
  rateLimit: { limit: number; interval: number } | undefined;
  recovery: NormalizedRecovery | false;
}

const NO_WAIT: NormalizedBackoff = Object.freeze({ delay: 0, multiplier: 1, maxDelay: 0, jitter: 0 });
const RECOVERY_BACKOFF: Backoff = { type: 'exponential', delay: 1_000, maxDelay: 30_000 };

/**
 * Checks `retry` (of a pool or of one task); `false` means none. Throws {@link InvalidOptionError}.
 *
 * @example
 * ```ts
 * normalizeRetry({ attempts: 3 }, 'retry'); // { attempts: 3, backoff: { delay: 0, ... }, retryIf: undefined }
 * ```
 */
export function normalizeRetry(value: unknown, path: string): NormalizedRetry | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidOptionError(path, value, '{ attempts, backoff?, retryIf? } or false');
  const retry = value as Partial<RetryOptions>;
  checkOptions(retry, path, ['attempts', 'backoff', 'retryIf']);
  const attempts = retry.attempts;
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 1 || attempts > 1_000_000) {
    throw new InvalidOptionError(`${path}.attempts`, attempts, 'an integer from 1 to 1000000 (tries in all, the first included)');
  }
  if (retry.retryIf !== undefined && typeof retry.retryIf !== 'function') throw new InvalidOptionError(`${path}.retryIf`, retry.retryIf, 'a function');
  const backoff = retry.backoff === undefined ? NO_WAIT : normalizeBackoff(retry.backoff, `${path}.backoff`);
  return { attempts, backoff, retryIf: retry.retryIf };
}

/**
 * Checks the pool options that say what happens when tasks and workers fail or come too fast.
 *
 * @example
 * ```ts
 * normalizePolicies({ rateLimit: { limit: 10, interval: 1000 } }).timeoutGrace; // 1000
 * ```
 */
export function normalizePolicies(options: {
  timeoutGrace?: unknown;
  retry?: unknown;
  rateLimit?: unknown;
  recovery?: unknown;
}): NormalizedPolicies {
  const timeoutGrace = options.timeoutGrace ?? 1_000;
  if (typeof timeoutGrace !== 'number' || !(timeoutGrace >= 0) || timeoutGrace > MAX_TIMER_MS) {
    throw new InvalidOptionError('timeoutGrace', timeoutGrace, `a number of ms from 0 to ${MAX_TIMER_MS}`);
  }
  return { timeoutGrace, retry: normalizeRetry(options.retry, 'retry'), rateLimit: normalizeRateLimit(options.rateLimit), recovery: normalizeRecovery(options.recovery) };
}

function normalizeRateLimit(value: unknown): NormalizedPolicies['rateLimit'] {
  if (value === undefined || value === false) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidOptionError('rateLimit', value, '{ limit, interval } or false');
  const rate = value as Partial<RateLimitOptions>;
  checkOptions(rate, 'rateLimit', ['limit', 'interval']);
  if (typeof rate.limit !== 'number' || !Number.isInteger(rate.limit) || rate.limit < 1) throw new InvalidOptionError('rateLimit.limit', rate.limit, 'an integer >= 1');
  if (typeof rate.interval !== 'number' || !Number.isFinite(rate.interval) || rate.interval <= 0 || rate.interval > MAX_TIMER_MS) {
    throw new InvalidOptionError('rateLimit.interval', rate.interval, `a number of ms > 0 and at most ${MAX_TIMER_MS}`);
  }
  return { limit: rate.limit, interval: rate.interval };
}

function normalizeRecovery(value: unknown): NormalizedRecovery | false {
  if (value === false) return false;
  const recovery = (value ?? {}) as Partial<RecoveryOptions>;
  if (recovery === null || typeof recovery !== 'object' || Array.isArray(recovery)) throw new InvalidOptionError('recovery', value, '{ backoff?, resetAfter? } or false');
  checkOptions(recovery, 'recovery', ['backoff', 'resetAfter']);
  const resetAfter = recovery.resetAfter ?? 60_000;
  if (typeof resetAfter !== 'number' || !(resetAfter >= 0) || resetAfter > MAX_TIMER_MS) {
    throw new InvalidOptionError('recovery.resetAfter', resetAfter, `a number of ms from 0 to ${MAX_TIMER_MS}`);
  }
  return { backoff: normalizeBackoff(recovery.backoff ?? RECOVERY_BACKOFF, 'recovery.backoff'), resetAfter };
}
