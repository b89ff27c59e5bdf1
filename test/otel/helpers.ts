/**
 * The OpenTelemetry side of the otel suite: a real SDK MeterProvider whose reader is collected on
 * demand, and lookups of one data point by its exact attribute set.
 */
import type { Attributes } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type DataPoint, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, expect, vi, type MockInstance } from 'vitest';

/** A reader that exports nothing by itself: the test calls `collect()`. */
export class TestReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/** One collection: every metric by name. */
export class Collected {
  constructor(private readonly byName: Map<string, MetricData>) {}

  /** The names of every metric collected. */
  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  metric(name: string): MetricData {
    const found = this.byName.get(name);
    if (found === undefined) throw new Error(`no metric ${name}; collected: ${this.names().join(', ')}`);
    return found;
  }

  /** Every data point of `name` as [attributes, value] (histograms: their count). */
  points(name: string): [Attributes, number][] {
    return (this.metric(name).dataPoints as DataPoint<number | Histogram>[]).map((p) => [
      p.attributes,
      typeof p.value === 'number' ? p.value : p.value.count,
    ]);
  }

  /** The value of the data point of `name` whose attributes are exactly `attributes`, or undefined. */
  value(name: string, attributes: Attributes): number | undefined {
    const point = this.point(name, attributes);
    return point === undefined ? undefined : (point.value as number);
  }

  /** The histogram data point of `name` with exactly `attributes`, or undefined (also when nothing was recorded to `name`). */
  histogram(name: string, attributes: Attributes): Histogram | undefined {
    if (!this.byName.has(name)) return undefined;
    return this.point(name, attributes)?.value as Histogram | undefined;
  }

  /** Sum of the values of `name` over the points whose attributes include `where`. */
  sum(name: string, where: Attributes = {}): number {
    let total = 0;
    for (const [attributes, value] of this.points(name)) {
      if (Object.entries(where).every(([k, v]) => attributes[k] === v)) total += value;
    }
    return total;
  }

  private point(name: string, attributes: Attributes): DataPoint<unknown> | undefined {
    const wanted = JSON.stringify(sorted(attributes));
    return (this.metric(name).dataPoints as DataPoint<unknown>[]).find((p) => JSON.stringify(sorted(p.attributes)) === wanted);
  }
}

const sorted = (attributes: Attributes): [string, unknown][] => Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b));

/** A real SDK: provider, its on-demand reader, and a meter. Shut down after each test. */
export interface Sdk {
  provider: MeterProvider;
  reader: TestReader;
  meter: ReturnType<MeterProvider['getMeter']>;
  collect(): Promise<Collected>;
}

const providers: MeterProvider[] = [];

/** Makes an SDK for this test; call {@link sdkSuite} once per file so it is shut down. */
export function makeSdk(): Sdk {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  providers.push(provider);
  return {
    provider,
    reader,
    meter: provider.getMeter('overseer-test'),
    async collect() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw new AggregateError(errors, 'collection errors');
      const byName = new Map<string, MetricData>();
      for (const scope of resourceMetrics.scopeMetrics) for (const metric of scope.metrics) byName.set(metric.descriptor.name, metric);
      return new Collected(byName);
    },
  };
}

/**
 * Shuts every SDK of the file down after each test, and fails a test during which one of the
 * instrumentation's listeners threw (pools and supervisors report that to `console.error`).
 */
export function sdkSuite(): void {
  let spy: MockInstance<typeof console.error>;
  beforeEach(() => {
    spy = vi.spyOn(console, 'error');
  });
  afterEach(async () => {
    await Promise.all(providers.splice(0).map((p) => p.shutdown()));
    const thrown = spy.mock.calls.filter((args) => String(args[0]).includes('listener'));
    spy.mockRestore();
    expect(thrown, 'listeners that threw').toEqual([]);
  });
}

/** How many listeners `emitter` holds, over every event. */
export function listenerCount(emitter: { all: Map<unknown, unknown[] | undefined> }): number {
  let n = 0;
  for (const list of emitter.all.values()) n += list?.length ?? 0;
  return n;
}
