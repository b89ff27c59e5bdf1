import { OverseerError } from './errors.js';

/**
 * A child's `name` is already held by another live child (names are unique in the process, as
 * Elixir's unique `Registry`). The child was not started.
 *
 * @example
 * ```ts
 * await dyn.startChild({ name: 'order-42', logic: order }).catch((err) => err instanceof NameAlreadyRegisteredError); // true
 * ```
 */
export class NameAlreadyRegisteredError extends OverseerError {
  readonly childName: string;
  /** The supervisor whose child holds the name. */
  readonly heldBy: string;

  constructor(childName: string, heldBy: string) {
    super('ERR_NAME_ALREADY_REGISTERED', `The name "${childName}" is already registered (a child of supervisor "${heldBy}").`);
    this.childName = childName;
    this.heldBy = heldBy;
  }
}

/**
 * No live child holds this name: it was never registered, or its child exited for good (or was
 * terminated, or its supervisor stopped). The event was not sent.
 *
 * @example
 * ```ts
 * try { Registry.send('nobody', { type: 'PING' }); } catch (err) { (err as NameNotRegisteredError).childName; // 'nobody' }
 * ```
 */
export class NameNotRegisteredError extends OverseerError {
  readonly childName: string;

  constructor(childName: string) {
    super('ERR_NAME_NOT_REGISTERED', `No running child is registered under the name "${childName}".`);
    this.childName = childName;
  }
}

/**
 * The named child is restarting and already holds `maxHeldEvents` events for its next
 * incarnation: this one was refused (not held, not sent). Retry later, or raise `maxHeldEvents`.
 *
 * @example
 * ```ts
 * try { sup.send('payment', event); } catch (err) { if (err instanceof HeldEventsFullError) await later(); }
 * ```
 */
export class HeldEventsFullError extends OverseerError {
  readonly childName: string;
  readonly maxHeldEvents: number;

  constructor(childName: string, maxHeldEvents: number) {
    super('ERR_HELD_EVENTS_FULL', `Child "${childName}" is restarting and already holds ${maxHeldEvents} events (maxHeldEvents): event refused.`);
    this.childName = childName;
    this.maxHeldEvents = maxHeldEvents;
  }
}
