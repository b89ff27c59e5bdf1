/** Small statistics helpers for latency samples. */

/** Ascending copy of `samples`. */
export function sorted(samples: readonly number[]): number[] {
  return [...samples].sort((a, b) => a - b);
}

/** Nearest-rank percentile (`p` in 0..100) of ascending `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * values.length);
  return values[Math.min(values.length, Math.max(1, rank)) - 1] as number;
}

/** Median of ascending `values` (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (values[mid] as number) : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
}

/** A number with a fixed count of significant-looking decimals for tables. */
export function fmt(value: number, decimals = 1): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Bytes as `12,345 B (12.1 KiB)`. */
export function fmtBytes(bytes: number): string {
  return `${fmt(bytes, 0)} B (${fmt(bytes / 1024, 1)} KiB)`;
}
