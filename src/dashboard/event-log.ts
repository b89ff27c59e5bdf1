import type { Emitter } from 'mitt';
import type { SupervisorEvents } from '../../supervisor/events.js';
import type { SupervisorHandle } from '../../supervisor/handle.js';
import type { PoolEvents } from '../pool/events.js';
import type { PoolHandle } from '../pool/handle.js';
import { summarize } from '../visualize/exit-history.js';
import type { LogEvent } from './payload.js';

/** Events kept for the next batch at most; the oldest are dropped past it (a crash loop must not grow memory). */
const MAX_PENDING = 500;

/**
 * The event log's source: listens to the events of the supervisors and pools it is given —
 * only while someone watches — and turns them into plain {@link LogEvent}s (errors as text).
 *
 * @example
 * ```ts
 * const log = new EventLog();
 * log.watchSupervisor(sup, 'app');
 * log.take(); // [{ at, kind: 'childRestarted', source: 'app', child: 'db' }]
 * log.detachAll();
 * ```
 */
export class EventLog {
  private pending: LogEvent[] = [];
  private readonly attached = new Map<object, () => void>();

  /** Adds one event (an action the page asked for, e.g.). */
  push(event: LogEvent): void {
    if (this.pending.length >= MAX_PENDING) this.pending.shift();
    this.pending.push(event);
  }

  /** The events since the last call. */
  take(): LogEvent[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }

  /** Whether `key` (a supervisor's or pool's actor) is listened to. */
  has(key: object): boolean {
    return this.attached.has(key);
  }

  /** Listens to a supervisor's events, naming it `source`. */
  watchSupervisor(key: object, supervisor: SupervisorHandle, source: string): void {
    const handlers: Partial<{ [K in keyof SupervisorEvents]: (event: SupervisorEvents[K]) => void }> = {
      childExited: ({ id, exit }) => this.push({ at: Date.now(), kind: 'childExited', source, child: id, detail: exitText(summarize(exit)) }),
      childRestarted: ({ id }) => this.push({ at: Date.now(), kind: 'childRestarted', source, child: id }),
      childTerminated: ({ id, outcome }) => this.push({ at: Date.now(), kind: 'childTerminated', source, child: id, detail: outcome }),
      childStartFailed: ({ id, error }) => this.push({ at: Date.now(), kind: 'childStartFailed', source, child: id, detail: errorText(error) }),
      gaveUp: ({ intensity, period }) =>
        this.push({ at: Date.now(), kind: 'gaveUp', source, detail: `reached_max_restart_intensity: more than ${intensity} restarts in ${period} ms` }),
      stopped: ({ exit }) => this.push({ at: Date.now(), kind: 'stopped', source, detail: exit.cause }),
    };
    this.attach(key, supervisor.events as unknown as Emitter<Record<string, unknown>>, handlers as Record<string, (event: never) => void>);
  }

  /** Listens to a pool's events (not its per-task ones), naming it `source`. */
  watchPool(key: object, pool: PoolHandle<any>, source: string): void {
    const handlers: Partial<{ [K in keyof PoolEvents]: (event: PoolEvents[K]) => void }> = {
      workerCrashed: ({ workerId, error }) => this.push({ at: Date.now(), kind: 'workerCrashed', source, child: workerId, detail: errorText(error) }),
      workerRestarted: ({ workerId }) => this.push({ at: Date.now(), kind: 'workerRestarted', source, child: workerId }),
      circuitOpened: ({ retryAt }) =>
        this.push({ at: Date.now(), kind: 'circuitOpened', source, ...(retryAt === undefined ? {} : { detail: `half-opens at ${new Date(retryAt).toISOString()}` }) }),
      circuitHalfOpened: () => this.push({ at: Date.now(), kind: 'circuitHalfOpened', source }),
      circuitClosed: () => this.push({ at: Date.now(), kind: 'circuitClosed', source }),
      recovering: ({ error, attempt }) => this.push({ at: Date.now(), kind: 'recovering', source, detail: `attempt ${attempt}: ${errorText(error)}` }),
      recovered: ({ attempt }) => this.push({ at: Date.now(), kind: 'recovered', source, detail: `after ${attempt} attempt(s)` }),
      failed: ({ error }) => this.push({ at: Date.now(), kind: 'failed', source, detail: errorText(error) }),
    };
    this.attach(key, pool.events as unknown as Emitter<Record<string, unknown>>, handlers as Record<string, (event: never) => void>);
  }

  /** Stops listening to every source not in `seen`. */
  detachOthers(seen: ReadonlySet<object>): void {
    for (const [key, detach] of this.attached) {
      if (!seen.has(key)) {
        detach();
        this.attached.delete(key);
      }
    }
  }

  /** Stops listening to everything, and drops what was not taken. */
  detachAll(): void {
    for (const detach of this.attached.values()) detach();
    this.attached.clear();
    this.pending = [];
  }

  private attach(key: object, emitter: Emitter<Record<string, unknown>>, handlers: Record<string, (event: never) => void>): void {
    if (this.attached.has(key)) return;
    const entries = Object.entries(handlers) as Array<[string, (event: unknown) => void]>;
    for (const [name, handler] of entries) emitter.on(name, handler);
    this.attached.set(key, () => {
      for (const [name, handler] of entries) emitter.off(name, handler);
    });
  }
}

function exitText(exit: ReturnType<typeof summarize>): string {
  return [exit.reason, exit.cause, exit.error].filter((part) => part !== undefined).join(': ');
}

/**
 * An error as `Name: message`, cut to 200 characters: never the error object.
 *
 * @example
 * ```ts
 * errorText(new TypeError('bad')); // 'TypeError: bad'
 * ```
 */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : typeof error === 'string' ? error : Object.prototype.toString.call(error);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
