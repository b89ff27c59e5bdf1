/** Percentiles read from a {@link Histogram}, in ms. */
export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

const SUB_BUCKETS = 32; // per power of two: about 3 % relative error
const MAX_EXPONENT = 40; // 2^40 µs ≈ 12.7 days; longer values land in the last bucket

/**
 * A log-linear histogram of durations with fixed memory (≈ 1,300 counters whatever
 * the traffic), accurate to about 3 %. Values are recorded in ms, bucketed in µs.
 *
 * @example
 * ```ts
 * const h = new Histogram();
 * h.record(1.5); h.record(20);
 * h.percentiles().p50; // ≈ 1.5
 * ```
 */
export class Histogram {
  private readonly counts = new Float64Array((MAX_EXPONENT + 1) * SUB_BUCKETS);
  private total = 0;
  private maxValue = 0;

  record(ms: number): void {
    if (!(ms >= 0)) return;
    const us = ms * 1000;
    const index = bucketOf(us);
    this.counts[index] = (this.counts[index] as number) + 1;
    this.total++;
    if (ms > this.maxValue) this.maxValue = ms;
  }

  /** The smallest recorded-bucket value at or above quantile `q` (0..1), in ms. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] as number;
      if (seen >= rank) return Math.min(valueOf(i) / 1000, this.maxValue);
    }
    return this.maxValue;
  }

  /**
   * A copy of the bucket counts, to read later what was recorded since with {@link percentilesSince}.
   *
   * @example
   * ```ts
   * const before = h.copyCounts();
   * h.record(3);
   * h.percentilesSince(before).count; // 1
   * ```
   */
  copyCounts(): Float64Array {
    return this.counts.slice();
  }

  /**
   * The percentiles of the values recorded since `earlier` (a {@link copyCounts} result): a
   * window, not the whole history. `max` is the top of the highest bucket hit, capped by the max ever.
   *
   * @example
   * ```ts
   * const before = h.copyCounts();
   * h.record(2); h.record(8);
   * h.percentilesSince(before); // { count: 2, p50: ≈2, p90: ≈8, p99: ≈8, max: ≈8 }
   * ```
   */
  percentilesSince(earlier: Float64Array): Percentiles {
    let total = 0;
    const delta = new Float64Array(this.counts.length);
    for (let i = 0; i < delta.length; i++) {
      const d = (this.counts[i] as number) - (earlier[i] ?? 0);
      if (d > 0) {
        delta[i] = d;
        total += d;
      }
    }
    const at = (q: number): number => {
      if (total === 0) return 0;
      const rank = Math.max(1, Math.ceil(q * total));
      let seen = 0;
      for (let i = 0; i < delta.length; i++) {
        seen += delta[i] as number;
        if (seen >= rank) return Math.min(valueOf(i) / 1000, this.maxValue);
      }
      return this.maxValue;
    };
    return { count: total, p50: toMicros(at(0.5)), p90: toMicros(at(0.9)), p99: toMicros(at(0.99)), max: toMicros(at(1)) };
  }

  /** Rounded to the µs for display: the buckets are not finer than that anyway. */
  percentiles(): Percentiles {
    return { count: this.total, p50: toMicros(this.quantile(0.5)), p90: toMicros(this.quantile(0.9)), p99: toMicros(this.quantile(0.99)), max: toMicros(this.maxValue) };
  }
}

function toMicros(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function bucketOf(us: number): number {
  if (us < SUB_BUCKETS) return Math.floor(us);
  if (us < 4_294_967_296) {
    // Integer path (every duration under ~71 minutes): the top bit gives the power of two.
    // The top six bits are the leading 1 and the sub-bucket: shift, then drop the leading 1.
    const v = us >>> 0;
    const msb = 31 - Math.clz32(v); // >= 5 here
    return (msb - 4) * SUB_BUCKETS + ((v >>> (msb - 5)) & (SUB_BUCKETS - 1));
  }
  const exponent = Math.min(Math.floor(Math.log2(us / SUB_BUCKETS)) + 1, MAX_EXPONENT);
  const base = SUB_BUCKETS * 2 ** (exponent - 1);
  const sub = Math.min(Math.floor((us - base) / (base / SUB_BUCKETS)), SUB_BUCKETS - 1);
  return exponent * SUB_BUCKETS + sub;
}

/** Upper edge of bucket `index`, in µs. */
function valueOf(index: number): number {
  const exponent = Math.floor(index / SUB_BUCKETS);
  const sub = index % SUB_BUCKETS;
  if (exponent === 0) return sub + 1;
  const base = SUB_BUCKETS * 2 ** (exponent - 1);
  return base + (sub + 1) * (base / SUB_BUCKETS);
}
