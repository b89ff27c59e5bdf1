/**
 * OTP's restart intensity: at most `intensity` restarts within any `period` ms.
 * Keeps only the timestamps still inside the window, so memory is O(intensity).
 *
 * @example
 * ```ts
 * const limit = new RestartIntensity(3, 5000);
 * limit.allow(0); limit.allow(1); limit.allow(2); // true, true, true
 * limit.allow(3); // false: a 4th restart within 5 s exceeds the intensity
 * ```
 */
export class RestartIntensity {
  private readonly stamps: number[] = [];

  constructor(
    readonly intensity: number,
    readonly period: number,
  ) {}

  /** Records one restart at `now` and says whether it stays within the limit. */
  allow(now: number): boolean {
    const stamps = this.stamps;
    stamps.push(now);
    // Drop restarts that fell out of the window [now - period, now] (OTP keeps Now - Then =< Period).
    let expired = 0;
    while (expired < stamps.length && (stamps[expired] as number) < now - this.period) expired++;
    if (expired > 0) stamps.splice(0, expired);
    return stamps.length <= this.intensity;
  }

  /** Restarts counted inside the current window. */
  get count(): number {
    return this.stamps.length;
  }
}
