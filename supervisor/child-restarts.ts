import { backoffDelay } from './backoff.js';
import type { ChildEntry } from './child-table.js';
import { longTimeout } from './long-timeout.js';
import { RestartWindow } from './restart-intensity.js';

/**
 * Records a restart of one child in its own window (its `childRestarts.period`, else the
 * supervisor's `period`) and returns how many fall in it, this one included: the `n` of its
 * `restartDelay` backoff, and what its `childRestarts` limit is compared with.
 *
 * @example
 * ```ts
 * const n = recordChildRestart(entry, options.period, Date.now()); // 1, 2, 3 ... within the period
 * ```
 *
 * A child with neither `restartDelay` nor `childRestarts` keeps no window: its restarts cost nothing here.
 */
export function recordChildRestart(entry: ChildEntry, supervisorPeriod: number, now: number): number {
  if (entry.spec.restartDelay === undefined && entry.spec.childRestarts === undefined) return 0;
  entry.window ??= new RestartWindow(entry.spec.childRestarts?.period ?? supervisorPeriod);
  return entry.window.record(now);
}

/**
 * Whether the child went past its own `childRestarts` limit with its `n`-th restart in the period.
 *
 * @example
 * ```ts
 * if (beyondOwnLimit(entry, n)) giveUpChild(entry);
 * ```
 */
export function beyondOwnLimit(entry: ChildEntry, n: number): boolean {
  const limit = entry.spec.childRestarts;
  return limit !== undefined && n > limit.intensity;
}

/**
 * The wait before the child's `n`-th restart in the period, or `undefined` when its spec has no
 * `restartDelay` (restart at once).
 *
 * @example
 * ```ts
 * restartDelayOf(entry, 3); // 400 for { type: 'exponential', delay: 100 }
 * ```
 */
export function restartDelayOf(entry: ChildEntry, n: number): number | undefined {
  const delay = entry.spec.restartDelay;
  return delay === undefined ? undefined : backoffDelay(delay, Math.max(1, n));
}

/**
 * Cancels a restart waiting out its delay (terminated, deleted, started meanwhile, shut down).
 *
 * @example
 * ```ts
 * cancelDelayedRestart(entry);
 * ```
 */
export function cancelDelayedRestart(entry: ChildEntry): void {
  entry.delayed?.cancel();
  entry.delayed = undefined;
}

/**
 * Runs `restart` after `delay` ms (the child's `restartDelay`), replacing a restart already waiting.
 * The timer is kept on the entry, so terminating or shutting down cancels it.
 *
 * @example
 * ```ts
 * scheduleRestart(entry, 400, () => core.enqueue(() => restartGroup(entry)));
 * ```
 */
export function scheduleRestart(entry: ChildEntry, delay: number, restart: () => void): void {
  cancelDelayedRestart(entry);
  entry.delayed = longTimeout(() => {
    entry.delayed = undefined;
    restart();
  }, delay);
}
