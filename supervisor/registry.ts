import type { AnyActorRef, AnyEventObject } from 'xstate';
import { NameAlreadyRegisteredError, NameNotRegisteredError } from './name-errors.js';

/** What sending to a name did: handed to the running child, or held for its next incarnation. */
export type SendResult = 'delivered' | 'held';

/** Where a name points now (from {@link Registry.lookup}). */
export interface NameEntry {
  name: string;
  /** The supervisor the child belongs to. */
  supervisor: string;
  /** The child's id in that supervisor. */
  id: string;
  /** `running` with its current actor, or `restarting` (events sent now are held). */
  status: 'running' | 'restarting';
  ref: AnyActorRef | undefined;
  /** Events held for the next incarnation. */
  held: number;
}

/** @internal A named child as its supervisor exposes it to the registry. */
export interface NameBinding {
  readonly name: string;
  readonly supervisor: string;
  readonly id: string;
  /** The running incarnation, or `undefined` while it restarts. */
  current(): AnyActorRef | undefined;
  heldCount(): number;
  send(event: AnyEventObject): SendResult;
}

const bindings = new Map<string, NameBinding>();

/**
 * @internal Claims `binding.name`; throws {@link NameAlreadyRegisteredError} if another child holds it.
 *
 * @example
 * ```ts
 * registerName(binding); // Registry.lookup(binding.name) now finds it
 * ```
 */
export function registerName(binding: NameBinding): void {
  const existing = bindings.get(binding.name);
  if (existing !== undefined && existing !== binding) throw new NameAlreadyRegisteredError(binding.name, existing.supervisor);
  bindings.set(binding.name, binding);
}

/**
 * @internal Releases the name if `binding` still holds it.
 *
 * @example
 * ```ts
 * unregisterName(binding); // Registry.lookup(binding.name) === undefined
 * ```
 */
export function unregisterName(binding: NameBinding): void {
  if (bindings.get(binding.name) === binding) bindings.delete(binding.name);
}

function bound(name: string): NameBinding {
  const binding = bindings.get(name);
  if (binding === undefined) throw new NameNotRegisteredError(name);
  return binding;
}

/**
 * The process-wide registry of named children (Elixir's unique `Registry`, `{:via, ...}` names):
 * a child whose spec has a `name` is registered while it lives, across restarts, and removed when
 * it exits for good, is terminated, is given up, or its supervisor stops.
 *
 * @example
 * ```ts
 * await startSupervisor({ children: [{ id: 'payment', name: 'payment', logic: paymentMachine }] });
 * Registry.send('payment', { type: 'CHARGE', amount: 42 }); // 'delivered' (or 'held' while it restarts)
 * Registry.whereis('payment');                            // its current actor, or undefined
 * ```
 */
export const Registry = {
  /**
   * Sends to the named child's current incarnation; while it restarts the event is held (in order,
   * up to its `maxHeldEvents`) for the next one. Throws `NameNotRegisteredError` for an unknown
   * name and `HeldEventsFullError` when the held events are at their bound.
   *
   * @example
   * ```ts
   * if (Registry.send('payment', { type: 'CHARGE' }) === 'held') metrics.inc('held');
   * ```
   */
  send(name: string, event: AnyEventObject): SendResult {
    return bound(name).send(event);
  },

  /**
   * The named child's running actor, or `undefined` (not registered, or restarting).
   *
   * @example
   * ```ts
   * Registry.whereis('payment')?.getSnapshot().value; // 'idle'
   * ```
   */
  whereis(name: string): AnyActorRef | undefined {
    return bindings.get(name)?.current();
  },

  /**
   * Where a name points now, or `undefined` if no child holds it.
   *
   * @example
   * ```ts
   * Registry.lookup('payment'); // { name: 'payment', supervisor: 'orders', id: 'payment', status: 'running', ref, held: 0 }
   * ```
   */
  lookup(name: string): NameEntry | undefined {
    const binding = bindings.get(name);
    if (binding === undefined) return undefined;
    const ref = binding.current();
    return { name, supervisor: binding.supervisor, id: binding.id, status: ref === undefined ? 'restarting' : 'running', ref, held: binding.heldCount() };
  },

  /**
   * The name `ref` is registered under, if `ref` is a named child's running incarnation.
   *
   * @example
   * ```ts
   * Registry.nameOf(sup.whichChildren()[0].ref as AnyActorRef); // 'payment'
   * ```
   */
  nameOf(ref: AnyActorRef): string | undefined {
    for (const binding of bindings.values()) if (binding.current() === ref) return binding.name;
    return undefined;
  },

  /**
   * Every registered name, in registration order.
   *
   * @example
   * ```ts
   * Registry.names(); // ['payment', 'order-42']
   * ```
   */
  names(): string[] {
    return [...bindings.keys()];
  },
};
