import type { Attributes } from '@opentelemetry/api';

/** One counted series: its attribute set (made once, reused for every record) and its count. */
export interface Series {
  readonly attributes: Attributes;
  value: number;
}

/**
 * Monotonic counts kept in plain numbers and handed to OpenTelemetry only when a reader collects
 * (through observable counters). Counting an event is then one property increment: the SDK's
 * synchronous `add` hashes its attribute set on every call (about 1.4 µs measured with three
 * attributes, more than a whole no-op task costs the pool), so counters never call it per task.
 *
 * Series are kept by a string key the caller builds from the attribute values; each attribute
 * object is made once and reused, so recording allocates nothing after the first time.
 *
 * @example
 * ```ts
 * const tally = new Tally();
 * tally.series('images|completed', () => ({ 'overseer.pool.name': 'images', 'overseer.task.outcome': 'completed' })).value++;
 * for (const { attributes, value } of tally.all()) counter.observe(value, attributes);
 * ```
 */
export class Tally {
  private readonly byKey = new Map<string, Series>();

  /** The series for `key`, made with `attributes()` the first time. */
  series(key: string, attributes: () => Attributes): Series {
    let found = this.byKey.get(key);
    if (found === undefined) {
      found = { attributes: attributes(), value: 0 };
      this.byKey.set(key, found);
    }
    return found;
  }

  /** Adds `by` (default 1) to the series for `key`. */
  add(key: string, attributes: () => Attributes, by = 1): void {
    this.series(key, attributes).value += by;
  }

  /** Every series so far, in the order they were first seen. */
  all(): IterableIterator<Series> {
    return this.byKey.values();
  }
}
