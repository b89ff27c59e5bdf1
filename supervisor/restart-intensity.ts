/**
 * OTP's restart intensity, counted in plain code (supervisor.erl's `add_restart`): the times of
 * the restarts inside the last `period` ms. The supervisor's core records each restart here and
 * reports how many fall in the window; its machine decides whether that is within the intensity.
 * Recording is amortized O(1): expired times leave from the front, nothing is copied per restart.
 *
 * @example
 * ```ts
 * const window = new RestartWindow(5000);
 * window.record(0); window.record(10); // 2
 * window.record(6000);                 // 1: the first two left the window
 * ```
 */
export class RestartWindow {
  private readonly times: number[] = [];
  private first = 0;

  constructor(private readonly period: number) {}

  /** Records a restart at `now`; returns the restarts in `[now - period, now]`, this one included. */
  record(now: number): number {
    this.times.push(now);
    return this.count(now);
  }

  /** The restarts in `[now - period, now]` (OTP keeps `Now - Then =< Period`). */
  count(now: number): number {
    const times = this.times;
    while (this.first < times.length && (times[this.first] as number) < now - this.period) this.first++;
    if (this.first > 64 && this.first * 2 > times.length) {
      times.splice(0, this.first);
      this.first = 0;
    }
    return times.length - this.first;
  }
}
