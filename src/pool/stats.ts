import type { CircuitState } from '../circuit-breaker.js';
import { Histogram, type Percentiles } from '../histogram.js';
/** What a status is read from (the pool's data plane satisfies it). */
export interface GaugeSource {
  readonly phase: PoolPhase;
  readonly breaker: { readonly state: CircuitState } | undefined;
  readonly options: { readonly size: number };
  readonly idle: { readonly size: number };
  readonly workers: { readonly size: number };
  readonly slots: { readonly crashed: number; readonly size: number } | undefined;
  /** Accepted tasks not started yet (queued, or sent ahead to a busy worker). */
  readonly queued: number;
  readonly running: number;
  readonly paused: boolean;
  readonly retries: { readonly size: number };
  readonly stats: PoolStats;
}

/** Lifecycle of a pool: the pool machine's phase. */
export type PoolPhase = 'running' | 'recovering' | 'closing' | 'closed' | 'failed';

/** What the pool is doing now: its phase, circuit, workers by state, and tasks in flight. */
export interface PoolGauges {
  phase: PoolPhase;
  circuit: CircuitState;
  /** Most workers at once (`size`, or `size.max`). */
  size: number;
  /** Started workers with no task. */
  idleWorkers: number;
  /** Started workers running a task. */
  busyWorkers: number;
  /** Worker slots whose worker is still running `init`. */
  startingWorkers: number;
  /** Worker slots whose worker crashed and has not been replaced yet. */
  crashedWorkers: number;
  /** Tasks accepted and not started: waiting in the queue, or sent ahead to a busy thread (a thread pool's prefetch). */
  queued: number;
  /** Tasks running on a worker. */
  running: number;
  /** Tasks waiting out a retry's backoff (`retry`): accepted, in no queue yet. */
  retrying: number;
  /** `pause()` holds queued tasks. */
  paused: boolean;
}

/** Counters since the pool started. Every accepted task ends in exactly one of the four outcomes. */
export interface PoolCounters {
  /** Tasks the pool took (`submit` did not throw). */
  accepted: number;
  /** Tasks that returned a value. */
  completed: number;
  /** Tasks that threw or rejected, or whose worker crashed under them. */
  failed: number;
  /** Tasks that ran past their timeout (running, or still queued when a per-task deadline passed). */
  timedOut: number;
  /** Tasks settled without an outcome of their own: cancel, abort, close timeout, terminate, pool failure. */
  cancelled: number;
  /** Submissions refused: queue full, circuit open, closing, closed, failed. Not accepted. */
  rejected: number;
  /** Worker crashes. */
  crashes: number;
  /** Workers restarted after a crash. */
  restarts: number;
  /** Failed or timed-out tries that were tried again (`retry`); not outcomes: the task is still pending. */
  retried: number;
}

/**
 * `status()`: the gauges and the counters, cheap to read. Every key has the same name and
 * meaning in `metrics()`, the events and the docs.
 */
export interface PoolStatus extends PoolGauges, PoolCounters {}

/** `metrics()`: the status plus run-time and wait-time percentiles (ms). */
export interface PoolMetrics extends PoolStatus {
  runTime: Percentiles;
  waitTime: Percentiles;
}

/**
 * The pool's counters and histograms: plain fields, bumped on the hot path.
 *
 * @example
 * ```ts
 * const stats = new PoolStats();
 * stats.counters.accepted++;
 * stats.runTime.record(1.5);
 * ```
 */
export class PoolStats {
  readonly counters: PoolCounters = {
    accepted: 0,
    completed: 0,
    failed: 0,
    timedOut: 0,
    cancelled: 0,
    rejected: 0,
    crashes: 0,
    restarts: 0,
    retried: 0,
  };
  readonly runTime = new Histogram();
  readonly waitTime = new Histogram();

  /** The status for the given gauges. */
  status(gauges: PoolGauges): PoolStatus {
    return { ...gauges, ...this.counters };
  }

  /** The metrics for the given status. */
  metrics(status: PoolStatus): PoolMetrics {
    return { ...status, runTime: this.runTime.percentiles(), waitTime: this.waitTime.percentiles() };
  }
}

/** A pool's status: its gauges read from the data plane, and its counters. */
export function statusOf(core: GaugeSource): PoolStatus {
  // A failed or closed pool has no workers; a recovering one has let its workers go and starts fresh ones.
  const gone = core.phase === 'failed' || core.phase === 'closed' || core.phase === 'recovering';
  const crashed = core.phase === 'recovering' ? 0 : (core.slots?.crashed ?? 0);
  return core.stats.status({
    phase: core.phase,
    circuit: core.breaker?.state ?? 'closed',
    size: core.options.size,
    idleWorkers: core.idle.size,
    busyWorkers: gone ? 0 : core.workers.size - core.idle.size,
    startingWorkers: gone ? 0 : Math.max(0, (core.slots?.size ?? 0) - core.workers.size - crashed),
    crashedWorkers: crashed,
    queued: core.queued,
    running: core.running,
    retrying: core.retries.size,
    paused: core.paused,
  });
}
