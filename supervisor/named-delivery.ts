import type { AnyActorRef, EventObject } from 'xstate';
import type { Emitter } from 'mitt';
import { idOf, type ChildEntry } from './child-table.js';
import type { SupervisorEvents } from './events.js';
import { HeldEventsFullError, NameNotRegisteredError } from './name-errors.js';
import { registerName, unregisterName, type NameBinding, type SendResult } from './registry.js';

/** One named child of this supervisor: it reaches the entry's current actor, or holds events until the next one. */
class Binding implements NameBinding {
  readonly held: EventObject[] = [];

  constructor(
    readonly name: string,
    readonly supervisor: string,
    readonly entry: ChildEntry,
  ) {}

  get id(): string {
    return idOf(this.entry);
  }

  current(): AnyActorRef | undefined {
    const actor = this.entry.actor;
    // An actor that already stopped (its exit not yet handled) is not current: its next one is.
    if (actor === undefined || this.entry.restarting || (actor.getSnapshot() as { status: string }).status !== 'active') return undefined;
    return actor;
  }

  heldCount(): number {
    return this.held.length;
  }

  send(event: EventObject): SendResult {
    const actor = this.current();
    // Held events go first: nothing overtakes them.
    if (actor !== undefined && this.held.length === 0) {
      actor.send(event);
      return 'delivered';
    }
    if (this.held.length >= this.entry.spec.maxHeldEvents) throw new HeldEventsFullError(this.name, this.entry.spec.maxHeldEvents);
    this.held.push(event);
    return 'held';
  }
}

/**
 * A supervisor's named children: each name is registered in the process-wide {@link Registry}
 * while its child lives (across restarts). Events sent while the child restarts are held, in
 * order and bounded by the spec's `maxHeldEvents`, and handed to the next incarnation as it
 * starts; if the child is gone for good instead, they are reported by `heldEventsDropped`.
 *
 * @example
 * ```ts
 * const names = new NamedDelivery('orders', events);
 * names.claim(entry);                // before its first start: throws if the name is taken
 * names.started(entry, actor);       // each incarnation: held events go to it
 * names.send('payment', { type: 'CHARGE' }); // 'delivered' | 'held'
 * ```
 */
export class NamedDelivery {
  private readonly byName = new Map<string, Binding>();

  constructor(
    private readonly supervisor: string,
    private readonly events: Emitter<SupervisorEvents>,
  ) {}

  /** Registers the child's name (nothing for an unnamed child); throws `NameAlreadyRegisteredError`. */
  claim(entry: ChildEntry): void {
    const name = entry.spec.name;
    if (name === undefined || this.byName.get(name)?.entry === entry) return;
    const binding = new Binding(name, this.supervisor, entry);
    registerName(binding);
    this.byName.set(name, binding);
  }

  /** A new incarnation of the child started: the events held for it are delivered, in order. */
  started(entry: ChildEntry, actor: AnyActorRef): void {
    const name = entry.spec.name;
    if (name === undefined) return;
    const binding = this.byName.get(name);
    if (binding === undefined || binding.entry !== entry) return;
    if (binding.held.length === 0) return;
    const held = binding.held.splice(0);
    for (const event of held) actor.send(event);
  }

  /** The child will not come back on its own: its name is released and its held events reported. */
  gone(entry: ChildEntry): void {
    const name = entry.spec.name;
    if (name === undefined) return;
    const binding = this.byName.get(name);
    if (binding === undefined || binding.entry !== entry) return;
    this.byName.delete(name);
    unregisterName(binding);
    if (binding.held.length > 0) {
      this.events.emit('heldEventsDropped', { supervisor: this.supervisor, id: binding.id, name, events: binding.held.splice(0) });
    }
  }

  /** Every name is released (the supervisor stopped). */
  goneAll(): void {
    for (const binding of [...this.byName.values()]) this.gone(binding.entry);
  }

  /** Sends to one of this supervisor's named children; throws `NameNotRegisteredError` / `HeldEventsFullError`. */
  send(name: string, event: EventObject): SendResult {
    const binding = this.byName.get(name);
    if (binding === undefined) throw new NameNotRegisteredError(name);
    return binding.send(event);
  }

  /** The entry of a named child of this supervisor. */
  entryOf(name: string): ChildEntry | undefined {
    return this.byName.get(name)?.entry;
  }
}
