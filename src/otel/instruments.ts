import { createNoopMeter, type Histogram, type Meter, type Observable } from '@opentelemetry/api';
import { DURATION_BUCKETS, METRICS, type MetricKey } from './names.js';

const NOOP_METER = createNoopMeter();

/** The histograms recorded per task, and every observable instrument read at collection. */
export interface Instruments {
  readonly runDuration: Histogram;
  readonly waitDuration: Histogram;
  readonly observables: Record<Exclude<MetricKey, 'runDuration' | 'waitDuration'>, Observable>;
}

/**
 * Creates every instrument from `meter`. Histograms are synchronous (there is no asynchronous
 * histogram); counters and UpDownCounters are asynchronous: their values are kept in plain numbers
 * and observed when a reader collects, which semantic conventions allow ("compliant implementations
 * MAY use the asynchronous equivalent") and which keeps the SDK off the per-task path. Without
 * `durations`, the histograms are not created (no-op stand-ins take their place).
 *
 * @example
 * ```ts
 * const { runDuration } = createInstruments(metrics.getMeter('overseer'));
 * runDuration.record(0.004, { 'overseer.pool.name': 'images' });
 * ```
 */
export function createInstruments(meter: Meter, durations = true): Instruments {
  const observables = {} as Record<string, Observable>;
  let runDuration: Histogram | undefined;
  let waitDuration: Histogram | undefined;
  for (const [key, spec] of Object.entries(METRICS)) {
    const options = { description: spec.description, unit: spec.unit };
    if (spec.kind === 'histogram') {
      const from = durations ? meter : NOOP_METER;
      const histogram = from.createHistogram(spec.name, { ...options, advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] } });
      if (key === 'runDuration') runDuration = histogram;
      else waitDuration = histogram;
    } else if (spec.kind === 'counter') {
      observables[key] = meter.createObservableCounter(spec.name, options);
    } else {
      observables[key] = meter.createObservableUpDownCounter(spec.name, options);
    }
  }
  return {
    runDuration: runDuration as Histogram,
    waitDuration: waitDuration as Histogram,
    observables: observables as Instruments['observables'],
  };
}

const NoopMeter = NOOP_METER.constructor;

/**
 * Whether `meter` is OpenTelemetry's no-op meter (what `metrics.getMeter` returns while no SDK is
 * registered). Nothing it is given is ever read, so the instrumentation attaches nothing at all:
 * the pool keeps building no per-task events.
 *
 * @example
 * ```ts
 * isNoopMeter(metrics.getMeter('overseer')); // true until an SDK registers a MeterProvider
 * ```
 */
export function isNoopMeter(meter: Meter): boolean {
  return meter instanceof NoopMeter;
}

const METER_METHODS = [
  'createHistogram',
  'createObservableCounter',
  'createObservableUpDownCounter',
  'addBatchObservableCallback',
  'removeBatchObservableCallback',
] as const;

/**
 * The first method a meter needs that `value` lacks, or `undefined` if it has them all.
 *
 * @example
 * ```ts
 * missingMeterMethod({}); // 'createHistogram'
 * ```
 */
export function missingMeterMethod(value: object): string | undefined {
  return METER_METHODS.find((name) => typeof (value as Record<string, unknown>)[name] !== 'function');
}
