import { metrics, type Attributes, type Meter } from '@opentelemetry/api';
import { InvalidOptionError } from '../../supervisor/errors.js';
import { checkOptions } from '../../supervisor/option-keys.js';
import { missingMeterMethod } from './instruments.js';
import { OVERSEER_VERSION } from './version.js';

/** Options of {@link instrument}. */
export interface InstrumentOptions {
  /**
   * The meter to record with. The default is read from the global API when `instrument` is
   * called, so register the SDK's `MeterProvider` first (or pass its meter here); while no SDK is
   * registered it is the no-op meter, and the instrumentation attaches nothing at all.
   * @default metrics.getMeter('overseer', <overseer's version>)
   * @example instrument(pool, { meter: meterProvider.getMeter('overseer') })
   */
  meter?: Meter;
  /**
   * Attributes added to every data point (a service area, a shard): strings, numbers, booleans
   * or arrays of them. Keep them constant and low-cardinality; the instrumentation's own keys
   * (`overseer.pool.name`, ...) win over them.
   * @default {}
   * @example instrument(pool, { attributes: { 'deployment.environment.name': 'prod' } })
   */
  attributes?: Attributes;
  /**
   * Record the run-time and wait-time histograms. They are the instrumentation's one real per-task
   * cost: the SDK hashes a histogram record's attribute set on every call (about 1 µs each, two per
   * task), more than a no-op task costs the pool (docs/metrics.md, "Overhead"). Turn them off for a
   * pool that runs hundreds of thousands of tiny tasks a second; the counters and gauges stay.
   * @default true
   * @example instrument(pool, { durations: false })
   */
  durations?: boolean;
}

/** Options after checking, defaults filled in. */
export interface NormalizedInstrumentOptions {
  meter: Meter;
  attributes: Attributes;
  durations: boolean;
}

const OPTION_KEYS = ['meter', 'attributes', 'durations'];

/**
 * Checks `instrument`'s options and fills in the defaults. Throws `UnknownOptionError` for a key
 * that names no option and {@link InvalidOptionError} naming the option for a bad value.
 *
 * @example
 * ```ts
 * normalizeInstrumentOptions({ meter: 42 as never }); // throws InvalidOptionError: option "meter"
 * ```
 */
export function normalizeInstrumentOptions(options: unknown): NormalizedInstrumentOptions {
  if (options === undefined) return { meter: metrics.getMeter('overseer', OVERSEER_VERSION), attributes: {}, durations: true };
  checkOptions(options, '', OPTION_KEYS);
  const { meter, attributes, durations } = options as InstrumentOptions;
  if (durations !== undefined && typeof durations !== 'boolean') throw new InvalidOptionError('durations', durations, 'a boolean');
  return { meter: checkMeter(meter), attributes: checkAttributes(attributes), durations: durations ?? true };
}

function checkMeter(meter: unknown): Meter {
  if (meter === undefined) return metrics.getMeter('overseer', OVERSEER_VERSION);
  if (typeof meter !== 'object' || meter === null) throw new InvalidOptionError('meter', meter, 'an OpenTelemetry Meter (meterProvider.getMeter(name))');
  const missing = missingMeterMethod(meter);
  if (missing !== undefined) throw new InvalidOptionError('meter', meter, `an OpenTelemetry Meter (this one has no ${missing}())`);
  return meter as Meter;
}

const isPrimitive = (value: unknown): boolean =>
  typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

function checkAttributes(attributes: unknown): Attributes {
  if (attributes === undefined) return {};
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
    throw new InvalidOptionError('attributes', attributes, 'an object of attribute values');
  }
  const copy: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    const ok = isPrimitive(value) || (Array.isArray(value) && value.every((item) => item === null || item === undefined || isPrimitive(item)));
    if (!ok) throw new InvalidOptionError(`attributes.${key}`, value, 'a string, a finite number, a boolean or an array of them');
    copy[key] = value as Attributes[string];
  }
  return copy;
}
