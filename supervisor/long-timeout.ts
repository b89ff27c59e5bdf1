/** The longest delay `setTimeout` honours (2³¹ − 1 ms, about 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/** A pending {@link longTimeout}; `cancel()` is idempotent. */
export interface LongTimeout {
  cancel(): void;
}

const NEVER: LongTimeout = { cancel: () => undefined };

/**
 * `setTimeout` for any delay: a delay above {@link MAX_TIMER_MS} is waited out in steps (Node
 * would fire it after 1 ms), and `Infinity` never fires. Driven by the global timers, so fake
 * timers drive it too.
 *
 * @example
 * ```ts
 * const timer = longTimeout(() => console.log('30 days later'), 30 * 86_400_000);
 * timer.cancel();
 * ```
 */
export function longTimeout(callback: () => void, ms: number): LongTimeout {
  if (ms === Number.POSITIVE_INFINITY) return NEVER;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (left: number): void => {
    timer = left > MAX_TIMER_MS ? setTimeout(() => arm(left - MAX_TIMER_MS), MAX_TIMER_MS) : setTimeout(callback, Math.max(0, left));
  };
  arm(ms);
  return {
    cancel: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
