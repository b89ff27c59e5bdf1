import type { AnyActorRef, AnyEventObject } from 'xstate';
import type { SendResult } from './registry.js';
import type { Emitter } from 'mitt';
import type { ChildCounts, ChildInfo } from './child-table.js';
import type { SupervisorEvents, SupervisorExit } from './events.js';
import type { SupervisorCore, SupervisorPhase } from './supervisor-core.js';
import { currentIncarnation } from './incarnations.js';
import { supervisorCoreOf } from './supervisor.machine.js';

/**
 * What every supervisor handle offers, static or dynamic: its actor, name, events, phase,
 * exit, the child listing and a graceful stop. The child admin calls differ (ids vs refs) and
 * live on {@link Supervisor} and {@link DynamicSupervisor}.
 */
export abstract class SupervisorHandle {
  /** @internal */
  constructor(
    private readonly originCore: SupervisorCore,
    private readonly origin: AnyActorRef,
  ) {}

  /**
   * The supervisor's actor; its `system` is the whole tree's actor system. A handle of a nested
   * supervisor follows its restarts: this is always the current incarnation's actor.
   *
   * @example
   * ```ts
   * sup.actor.system.get('cache');
   * ```
   */
  get actor(): AnyActorRef {
    return currentIncarnation(this.origin);
  }

  /** @internal The current incarnation's core. */
  protected get core(): SupervisorCore {
    const actor = currentIncarnation(this.origin);
    return actor === this.origin ? this.originCore : (supervisorCoreOf(actor) ?? this.originCore);
  }

  /**
   * The supervisor's name (from options, or `supervisor-<nanoid>`).
   *
   * @example
   * ```ts
   * sup.name; // 'root'
   * ```
   */
  get name(): string {
    return this.core.name;
  }

  /**
   * Typed events: childStarted, childExited, childRestarted, childTerminated, childStartFailed,
   * messageReceived, gaveUp, stopped, heldEventsDropped, childGaveUp.
   *
   * @example
   * ```ts
   * sup.events.on('childRestarted', ({ id }) => console.log('restarted', id));
   * ```
   */
  get events(): Emitter<SupervisorEvents> {
    return this.core.events;
  }

  /**
   * The supervisor machine's state: `starting`, `running`, `restarting`, `shuttingDown` or `stopped`.
   *
   * @example
   * ```ts
   * if (sup.phase === 'restarting') console.log('healing');
   * ```
   */
  get phase(): SupervisorPhase {
    return this.core.currentPhase;
  }

  /**
   * How much of the restart intensity is used: the restarts inside the last `period` ms. The
   * supervisor gives up when a restart would take this above `intensity`.
   *
   * @example
   * ```ts
   * const sup = await startSupervisor({ intensity: 3, period: 5000, children });
   * if (sup.restartsInPeriod >= 2) console.warn(`${sup.name}: one more crash within 5 s and it gives up`);
   * ```
   */
  get restartsInPeriod(): number {
    return this.core.restartsInPeriod;
  }

  /**
   * Resolves once the supervisor stopped, with why: it never rejects.
   *
   * @example
   * ```ts
   * const { cause } = await sup.exited; // 'requested', 'reached_max_restart_intensity', ...
   * ```
   */
  get exited(): Promise<SupervisorExit> {
    return this.core.exited;
  }

  /**
   * Lists children in start order: id, current actor (or `undefined` / `'restarting'`), type,
   * name, how often the supervisor restarted it and how its previous incarnation ended.
   *
   * @example
   * ```ts
   * for (const { id, ref } of sup.whichChildren()) console.log(id, ref === undefined ? 'terminated' : 'up');
   * ```
   */
  whichChildren(): ChildInfo[] {
    return this.core.table.which();
  }

  /**
   * Counts specs, running children, supervisors and workers.
   *
   * @example
   * ```ts
   * sup.countChildren(); // { specs: 3, active: 3, supervisors: 1, workers: 2 }
   * ```
   */
  countChildren(): ChildCounts {
    return this.core.table.count();
  }

  /**
   * Sends `event` to the child named `name` (its spec's `name`): its current incarnation gets it,
   * whatever restarts happened since the call that gave you a ref. While the child restarts, the
   * event is held (in order, up to the spec's `maxHeldEvents`, default 1000) and handed to the next
   * incarnation first. Returns `'delivered'` or `'held'`; throws `NameNotRegisteredError` when no
   * child of this supervisor holds the name (never started, or gone for good) and
   * `HeldEventsFullError` when the held events are at their bound. Never drops an event silently.
   *
   * @example
   * ```ts
   * const sup = await startSupervisor({ children: [{ id: 'payment', name: 'payment', logic: paymentMachine }] });
   * sup.send('payment', { type: 'CHARGE', amount: 42 }); // 'delivered'
   * ```
   */
  send(name: string, event: AnyEventObject): SendResult {
    return this.core.names.send(name, event);
  }

  /**
   * The current actor of a child, by its `name` or (static supervisor) its id; `undefined` while it
   * restarts or once it is gone. Ask again after a restart rather than keeping the ref.
   *
   * @example
   * ```ts
   * sup.child('payment')?.getSnapshot().value; // 'idle'
   * ```
   */
  child(nameOrId: string): AnyActorRef | undefined {
    const entry = this.core.names.entryOf(nameOrId) ?? this.core.table.find(nameOrId);
    return entry === undefined || entry.restarting ? undefined : entry.actor;
  }

  /**
   * Stops the supervisor gracefully: children are terminated in reverse start order (in parallel
   * for a dynamic supervisor). Idempotent: every call returns the same exit.
   *
   * @example
   * ```ts
   * const exit = await sup.stop(); // { reason: 'shutdown', cause: 'requested' }
   * ```
   */
  stop(): Promise<SupervisorExit> {
    return this.core.requestShutdown();
  }
}
