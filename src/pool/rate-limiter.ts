/**
 * At most `limit` task starts per `interval` ms, in fixed windows: a window opens at the first
 * start after the last one closed. A start refused for the window arms one timer for the
 * window's end, which calls `reopened` (the pool dispatches what waits). Plain fields and one
 * clock read per start; a pool without `rateLimit` has none of this.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter(10, 1_000, () => pool.dispatch());
 * if (limiter.take()) startTask();
 * ```
 */
export class RateLimiter {
  private windowEnd = 0;
  private used = 0;
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(
    private readonly limit: number,
    private readonly interval: number,
    private readonly reopened: () => void,
  ) {}

  /** Takes one start from the window; false when it is used up (the timer is then armed). */
  take(): boolean {
    // The global, looked up per call, so fake timers drive it.
    const now = performance.now();
    if (now >= this.windowEnd) {
      this.windowEnd = now + this.interval;
      this.used = 0;
    }
    if (this.used < this.limit) {
      this.used++;
      return true;
    }
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.reopened();
      }, this.windowEnd - now);
    }
    return false;
  }

  /** When the current window closes (epoch ms), for a caller that wants to know when to retry. */
  get nextWindowAt(): number {
    return Date.now() + Math.max(0, this.windowEnd - performance.now());
  }

  /** Stops the timer (the pool is stopping). */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
