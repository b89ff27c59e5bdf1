import type { Attributes, BatchObservableResult } from '@opentelemetry/api';
import type { Instruments } from './instruments.js';
import type { PoolPhase } from '../pool/stats.js';
import { ATTR } from './names.js';
import type { PoolProbe, PoolReading } from './pool-probe.js';
import { CIRCUIT_VALUES, type CircuitValue, type PoolSeries } from './pool-series.js';
import type { SupervisorSeries } from './supervisor-series.js';
import type { Series } from './tally.js';

/** What one collection reads: every pool name's series, the pools watched now, every supervisor's series. */
export interface ObservedState {
  readonly pools: Iterable<PoolSeries>;
  readonly probes: Iterable<PoolProbe>;
  readonly supervisors: Iterable<SupervisorSeries>;
}

/** The gauges of every pool sharing one name, summed (and the pools in each circuit state counted). */
interface Totals extends Omit<PoolReading, 'circuit' | 'phase'> {
  circuit: Record<CircuitValue, number> | undefined;
  phase: Record<PoolPhase, number>;
}

const PHASES: readonly PoolPhase[] = ['running', 'recovering', 'closing', 'closed', 'failed'];
const WORKER_STATES = ['idle', 'busy', 'starting', 'crashed'] as const;
const TASK_STATES = ['queued', 'running', 'retrying'] as const;
const SUMMED = ['accepted', ...TASK_STATES, ...WORKER_STATES, 'limit'] as const;

const zero = (): Totals => ({
  accepted: 0,
  queued: 0,
  running: 0,
  retrying: 0,
  idle: 0,
  busy: 0,
  starting: 0,
  crashed: 0,
  limit: 0,
  circuit: undefined,
  phase: { running: 0, recovering: 0, closing: 0, closed: 0, failed: 0 },
});

/** Per-state attribute objects, made once per pool name and state. */
const stateAttributes = new WeakMap<PoolSeries, Map<string, Attributes>>();

function withState(series: PoolSeries, key: string, value: string): Attributes {
  let byState = stateAttributes.get(series);
  if (byState === undefined) stateAttributes.set(series, (byState = new Map()));
  const id = `${key}=${value}`;
  let attributes = byState.get(id);
  if (attributes === undefined) byState.set(id, (attributes = { ...series.attributes, [key]: value }));
  return attributes;
}

/**
 * Reports every observable instrument at one collection: the counters kept in plain numbers, and
 * each watched pool's gauges read once from `status()`. Pools that share a name are summed, so
 * each attribute set is observed once.
 *
 * @example
 * ```ts
 * meter.addBatchObservableCallback((result) => observe(result, instruments, state), Object.values(instruments.observables));
 * ```
 */
export function observe(result: BatchObservableResult, instruments: Instruments, state: ObservedState): void {
  const o = instruments.observables;
  const totals = new Map<PoolSeries, Totals>();
  for (const probe of state.probes) {
    const reading = probe.read();
    let sum = totals.get(probe.series);
    if (sum === undefined) totals.set(probe.series, (sum = zero()));
    for (const key of SUMMED) sum[key] += reading[key];
    sum.phase[reading.phase]++;
    if (reading.circuit !== undefined) {
      sum.circuit ??= { closed: 0, open: 0, half_open: 0 };
      sum.circuit[reading.circuit]++;
    }
  }
  const each = (observable: Instruments['observables'][keyof Instruments['observables']], all: Iterable<Series>): void => {
    for (const { value, attributes } of all) result.observe(observable, value, attributes);
  };
  for (const pool of state.pools) {
    const live = totals.get(pool);
    result.observe(o.accepted, pool.acceptedCarried + (live?.accepted ?? 0), pool.attributes);
    each(o.settled, pool.settled());
    each(o.rejected, pool.rejections());
    each(o.retries, pool.retried());
    result.observe(o.crashes, pool.crashes.value, pool.attributes);
    result.observe(o.restarts, pool.restarts.value, pool.attributes);
    result.observe(o.recoveries, pool.recoveries.value, pool.attributes);
    each(o.circuitTransitions, Object.values(pool.transitions));
    if (live === undefined) continue; // no pool of that name is watched now: no gauges
    for (const state of TASK_STATES) result.observe(o.tasks, live[state], withState(pool, ATTR.taskState, state));
    for (const state of WORKER_STATES) result.observe(o.workers, live[state], withState(pool, ATTR.workerState, state));
    result.observe(o.workerLimit, live.limit, pool.attributes);
    for (const phase of PHASES) result.observe(o.status, live.phase[phase], withState(pool, ATTR.poolPhase, phase));
    if (live.circuit !== undefined) {
      for (const state of CIRCUIT_VALUES) result.observe(o.circuitStatus, live.circuit[state], withState(pool, ATTR.circuitState, state));
    }
  }
  for (const supervisor of state.supervisors) {
    each(o.childRestarts, supervisor.restarts.all());
    each(o.childExits, supervisor.exits.all());
    each(o.shutdowns, supervisor.shutdowns.all());
  }
}
