/**
 * OTP's restart intensity as two pure functions over the list of recent restart times
 * (supervisor.erl's `add_restart`): at most `intensity` restarts within any `period` ms.
 * The supervisor machine keeps the list in its context, so a snapshot shows how much of the
 * intensity is used; only the times still inside the window are kept (O(intensity) memory).
 */

/**
 * Records a restart at `now` and drops the times that fell out of the window
 * `[now - period, now]` (OTP keeps `Now - Then =< Period`). Returns a new list of at most
 * `intensity + 1` times: older ones cannot change a decision.
 *
 * @example
 * ```ts
 * addRestart([0, 10], 101, 100); // [10, 101]
 * ```
 */
export function addRestart(restarts: readonly number[], now: number, period: number, intensity = Infinity): number[] {
  let first = Math.max(0, restarts.length - intensity);
  while (first < restarts.length && (restarts[first] as number) < now - period) first++;
  const kept = restarts.slice(first);
  kept.push(now);
  return kept;
}

/**
 * Whether a restart at `now` stays within the intensity.
 *
 * @example
 * ```ts
 * allowsRestart([0, 10], 20, 2, 100);  // false: a 3rd restart within 100 ms exceeds 2
 * allowsRestart([0, 10], 101, 2, 100); // true: the restart at 0 left the window
 * ```
 */
export function allowsRestart(restarts: readonly number[], now: number, intensity: number, period: number): boolean {
  let inWindow = 1;
  for (let i = restarts.length - 1; i >= 0 && inWindow <= intensity && (restarts[i] as number) >= now - period; i--) inWindow++;
  return inWindow <= intensity;
}
