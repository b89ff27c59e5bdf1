import { InvalidOptionError } from '../../supervisor/errors.js';
import { SupervisorHandle } from '../../supervisor/handle.js';
import { PoolHandle } from '../pool/handle.js';
import { isNoopMeter } from './instruments.js';
import { normalizeInstrumentOptions, type InstrumentOptions } from './options.js';
import { Registry } from './registry.js';
import { TreeProbe } from './tree-probe.js';

/** What {@link instrument} returns: the one way to take the instrumentation off again. */
export interface Instrumentation {
  /**
   * Removes every event listener and the observable callback: nothing more is recorded or read.
   * (An SDK with cumulative temporality keeps exporting the last values it collected, frozen.)
   * Idempotent.
   *
   * @example
   * ```ts
   * const metrics = instrument(pool);
   * await pool.close();
   * metrics.stop();
   * ```
   */
  stop(): void;
}

/** What can be instrumented: any pool (`createPool`, `createThreadPool`, `getPool`, `getThreadPool`) or supervisor. */
export type Instrumentable = PoolHandle<any> | SupervisorHandle;

/**
 * Records a pool's, or a whole supervision tree's, metrics with OpenTelemetry (names, units and
 * attributes: docs/metrics.md). Given a supervisor, it records the supervisor's child restarts,
 * exits and shutdowns, and every pool and supervisor under it at any depth, including children
 * started or restarted later (a restarted pool is a new pool: its new incarnation is watched and
 * the old one dropped, under the same series).
 *
 * Counters and gauges cost the pool one property increment per event and are read when a reader
 * collects; per task, the wait and run times go to two histograms (`durations: false` leaves them
 * out, the one real per-task cost). With the no-op meter (no SDK
 * registered) nothing is attached at all. Throws {@link InvalidOptionError} for a target that is
 * not a pool or supervisor, or a bad option.
 *
 * @example
 * ```ts
 * import { metrics } from '@opentelemetry/api';
 * import { MeterProvider } from '@opentelemetry/sdk-metrics';
 * import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
 * import { createPool } from 'overseer';
 * import { instrument } from 'overseer/otel';
 *
 * metrics.setGlobalMeterProvider(new MeterProvider({ readers: [new PrometheusExporter({ port: 9464 })] }));
 * const pool = createPool({ name: 'images', size: 4 });
 * const otel = instrument(pool, { attributes: { 'service.area': 'media' } });
 * // ... later
 * otel.stop();
 * ```
 */
export function instrument(target: Instrumentable, options?: InstrumentOptions): Instrumentation {
  if (!(target instanceof PoolHandle) && !(target instanceof SupervisorHandle)) {
    throw new InvalidOptionError('target', target, 'a pool (createPool, createThreadPool, getPool, getThreadPool) or a supervisor (startSupervisor, startDynamicSupervisor, getSupervisor)');
  }
  const { meter, attributes, durations } = normalizeInstrumentOptions(options);
  if (isNoopMeter(meter)) return { stop: () => undefined };
  const registry = new Registry(meter, attributes, durations);
  const tree = target instanceof SupervisorHandle ? new TreeProbe(target, registry) : undefined;
  if (target instanceof PoolHandle) registry.attachPool(target);
  return {
    stop: () => {
      tree?.detach();
      registry.stop();
    },
  };
}
