import type { Emitter, Handler } from 'mitt';
import type { PoolHandle } from '../pool/handle.js';
import type { PoolPhase } from '../pool/stats.js';
import type { Instruments } from './instruments.js';
import { POOL_EVENT_HANDLERS, type Recorder } from './pool-events.js';
import type { CircuitValue, PoolSeries } from './pool-series.js';

/** One pool's gauges at a collection, plus its accepted count since it was attached. */
export interface PoolReading {
  accepted: number;
  queued: number;
  running: number;
  retrying: number;
  idle: number;
  busy: number;
  starting: number;
  crashed: number;
  limit: number;
  phase: PoolPhase;
  /** `undefined` for a pool without a circuit breaker. */
  circuit: CircuitValue | undefined;
}

const CIRCUIT: Record<string, CircuitValue> = { closed: 'closed', open: 'open', halfOpen: 'half_open' };

/**
 * The instrumentation attached to one pool (one incarnation: a pool its supervisor restarts is a
 * new pool, and gets a probe of its own). Its listeners count into the pool name's series; its
 * gauges are read from `status()` when a reader collects.
 *
 * @example
 * ```ts
 * const probe = new PoolProbe(pool, series, instruments);
 * probe.read().queued; // at collection
 * probe.detach();      // listeners removed, accepted count carried into the series
 * ```
 */
export class PoolProbe implements Recorder {
  private readonly listeners: [string, Handler<unknown>][] = [];
  /** `status().accepted` when attached: only acceptances since count. */
  private readonly acceptedAtAttach: number;
  private attached = true;

  constructor(
    readonly pool: PoolHandle<any>,
    readonly series: PoolSeries,
    readonly instruments: Instruments,
  ) {
    // Tasks already in flight count as accepted now: each settles under this probe's watch, and
    // settled must never exceed accepted.
    const status = pool.status();
    this.acceptedAtAttach = status.accepted - status.queued - status.running - status.retrying;
    for (const [name, handler] of Object.entries(POOL_EVENT_HANDLERS) as [string, (to: Recorder, event: unknown) => void][]) {
      const listener: Handler<unknown> = (event) => handler(this, event);
      this.events.on(name, listener);
      this.listeners.push([name, listener]);
    }
  }

  /** The pool's emitter, keyed by plain strings: the handler table types each payload. */
  private get events(): Emitter<Record<string, unknown>> {
    return this.pool.events as unknown as Emitter<Record<string, unknown>>;
  }

  /** The pool's gauges now. */
  read(): PoolReading {
    const status = this.pool.status();
    return {
      accepted: status.accepted - this.acceptedAtAttach,
      queued: status.queued,
      running: status.running,
      retrying: status.retrying,
      idle: status.idleWorkers,
      busy: status.busyWorkers,
      starting: status.startingWorkers,
      crashed: status.crashedWorkers,
      limit: status.size,
      phase: status.phase,
      circuit: this.pool.breakerActor === undefined ? undefined : CIRCUIT[status.circuit],
    };
  }

  /** Removes the listeners and keeps the accepted count in the series. Idempotent. */
  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    for (const [name, listener] of this.listeners) this.events.off(name, listener);
    this.listeners.length = 0;
    this.series.acceptedCarried += this.pool.status().accepted - this.acceptedAtAttach;
  }
}
