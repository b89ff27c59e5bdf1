import type { Attributes } from '@opentelemetry/api';
import type { ExitReason } from '../../supervisor/exit-reason.js';
import type { SupervisorExit } from '../../supervisor/events.js';
import { ATTR } from './names.js';
import { Tally } from './tally.js';

/**
 * The low-cardinality name of an error, for `error.type`: its `name` (an overseer error's class
 * name), else its constructor's name, else `_OTHER` as semantic conventions spell "unknown".
 *
 * @example
 * ```ts
 * errorType(new TypeError('x')); // 'TypeError'
 * errorType('boom');             // '_OTHER'
 * ```
 */
export function errorType(error: unknown): string {
  if (error instanceof Error && error.name !== '') return error.name;
  const ctor = (error as { constructor?: { name?: unknown } } | null | undefined)?.constructor?.name;
  return typeof ctor === 'string' && ctor !== '' && ctor !== 'Object' ? ctor : '_OTHER';
}

/**
 * Everything counted for one supervisor name: child restarts, child exits and its own shutdowns.
 * Supervisor events are rare (they are restarts and exits), so series are found by a string key.
 *
 * @example
 * ```ts
 * const root = new SupervisorSeries('root', {});
 * root.childRestarted('db', undefined);
 * root.stopped({ reason: 'shutdown', cause: 'reached_max_restart_intensity' });
 * ```
 */
export class SupervisorSeries {
  readonly restarts = new Tally();
  readonly exits = new Tally();
  readonly shutdowns = new Tally();
  private readonly attributes: Attributes;

  constructor(name: string, extra: Attributes) {
    this.attributes = { ...extra, [ATTR.supervisorName]: name };
  }

  /** A restart of child `id` (`undefined` under a dynamic supervisor), failed with `error` if given. */
  childRestarted(id: string | undefined, failedWith: string | undefined): void {
    this.restarts.add(`${id ?? ''}\u0000${failedWith ?? ''}`, () => {
      const attributes = this.child(id);
      return failedWith === undefined ? attributes : { ...attributes, [ATTR.errorType]: failedWith };
    });
  }

  /** Child `id` exited on its own. */
  childExited(id: string | undefined, exit: ExitReason): void {
    this.exits.add(`${id ?? ''}\u0000${exit.reason}`, () => ({ ...this.child(id), [ATTR.exitReason]: exit.reason }));
  }

  /** The supervisor stopped. */
  stopped(exit: SupervisorExit): void {
    this.shutdowns.add(exit.cause, () => ({ ...this.attributes, [ATTR.shutdownCause]: exit.cause }));
  }

  private child(id: string | undefined): Attributes {
    return id === undefined ? this.attributes : { ...this.attributes, [ATTR.childId]: id };
  }
}
