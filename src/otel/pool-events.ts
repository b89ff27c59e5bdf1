import type { PoolEvents, TaskTimes } from '../pool/events.js';
import type { Instruments } from './instruments.js';
import type { CircuitValue, PoolSeries, TaskOutcome } from './pool-series.js';

/** What a pool event's handler records into: the pool's series and the histograms. */
export interface Recorder {
  readonly series: PoolSeries;
  readonly instruments: Instruments;
}

/** A handler per pool event the instrumentation records; events left out are not listened to. */
export type PoolEventHandlers = { [K in keyof PoolEvents]?: (to: Recorder, event: PoolEvents[K]) => void };

/**
 * Counts a settled task under its label and outcome, and records its wait and run time in seconds
 * with the same attribute object. A task that never started has no run time.
 */
function settled(to: Recorder, label: string | undefined, outcome: TaskOutcome, times: TaskTimes): void {
  const series = to.series.outcome(label, outcome);
  series.value++;
  const { attributes } = series;
  to.instruments.waitDuration.record(times.waitTime / 1000, attributes);
  if (times.runTime !== undefined) to.instruments.runDuration.record(times.runTime / 1000, attributes);
}

function transition(to: Recorder, state: CircuitValue): void {
  to.series.transitions[state].value++;
}

/**
 * What each pool event records. A new event is one line here (its payload is typed by
 * {@link PoolEvents}, so a misspelled event or field does not compile); `instrument` subscribes to
 * exactly the events listed, so the pool builds no per-task event nobody records.
 *
 * @example
 * ```ts
 * for (const [name, handler] of Object.entries(POOL_EVENT_HANDLERS)) pool.events.on(name, (e) => handler(recorder, e));
 * ```
 */
export const POOL_EVENT_HANDLERS: PoolEventHandlers = {
  taskSucceeded: (to, e) => settled(to, e.label, 'completed', e),
  taskFailed: (to, e) => settled(to, e.label, 'failed', e),
  taskTimedOut: (to, e) => settled(to, e.label, 'timed_out', e),
  taskCancelled: (to, e) => settled(to, e.label, 'cancelled', e),
  taskRetried: (to, e) => void to.series.retries(e.label).value++,
  taskRejected: (to, e) => void to.series.rejected(e.label, e.reason).value++,
  workerCrashed: (to) => void to.series.crashes.value++,
  workerRestarted: (to) => void to.series.restarts.value++,
  circuitOpened: (to) => transition(to, 'open'),
  circuitHalfOpened: (to) => transition(to, 'half_open'),
  circuitClosed: (to) => transition(to, 'closed'),
  recovering: (to) => void to.series.recoveries.value++,
};
