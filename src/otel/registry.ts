import type { Attributes, BatchObservableCallback, Meter } from '@opentelemetry/api';
import type { PoolHandle } from '../pool/handle.js';
import { createInstruments, type Instruments } from './instruments.js';
import { observe } from './observe.js';
import { PoolProbe } from './pool-probe.js';
import { PoolSeries } from './pool-series.js';
import { SupervisorSeries } from './supervisor-series.js';

/**
 * The state of one `instrument()` call: its instruments, the series counted so far (by pool and
 * supervisor name, so they outlive the incarnations that fed them), the pools watched now, and
 * the one batch callback that reports it all when a reader collects.
 *
 * @example
 * ```ts
 * const registry = new Registry(meter, {}, true);
 * const probe = registry.attachPool(pool);
 * registry.detachPool(probe); // the pool's restart replaced it
 * registry.stop();
 * ```
 */
export class Registry {
  readonly instruments: Instruments;
  private readonly pools = new Map<string, PoolSeries>();
  private readonly supervisors = new Map<string, SupervisorSeries>();
  private readonly probes = new Set<PoolProbe>();
  private readonly callback: BatchObservableCallback;
  private stopped = false;

  constructor(
    private readonly meter: Meter,
    private readonly attributes: Attributes,
    durations = true,
  ) {
    this.instruments = createInstruments(meter, durations);
    this.callback = (result) =>
      observe(result, this.instruments, { pools: this.pools.values(), probes: this.probes, supervisors: this.supervisors.values() });
    meter.addBatchObservableCallback(this.callback, Object.values(this.instruments.observables));
  }

  /** Starts watching `pool`; its counts go to the series of its name. */
  attachPool(pool: PoolHandle<any>): PoolProbe {
    let series = this.pools.get(pool.name);
    if (series === undefined) this.pools.set(pool.name, (series = new PoolSeries(pool.name, this.attributes)));
    const probe = new PoolProbe(pool, series, this.instruments);
    if (this.stopped) probe.detach();
    else this.probes.add(probe);
    return probe;
  }

  /** Stops watching a pool (it stopped, or a restart replaced it); its counts stay reported. */
  detachPool(probe: PoolProbe): void {
    probe.detach();
    this.probes.delete(probe);
  }

  /** The series of the supervisor named `name`. */
  supervisorSeries(name: string): SupervisorSeries {
    let series = this.supervisors.get(name);
    if (series === undefined) this.supervisors.set(name, (series = new SupervisorSeries(name, this.attributes)));
    return series;
  }

  /** Whether `stop()` was called. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** Detaches every pool and removes the batch callback: nothing more is recorded or reported. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const probe of this.probes) probe.detach();
    this.probes.clear();
    this.meter.removeBatchObservableCallback(this.callback, Object.values(this.instruments.observables));
  }
}
