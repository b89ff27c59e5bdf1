import { createActor, type AnyActorLogic, type AnyActorRef, type Subscription } from 'xstate';
import type { ChildEntry } from './child-table.js';
import { noteIncarnation } from './incarnations.js';
import { SupervisorNotRunningError } from './errors.js';
import { exitReasonOfCompleted, type ExitReason } from './exit-reason.js';
import { inputFor, type NormalizedSupervisorOptions } from './options.js';
import { stopActor, terminateActor, type TerminationOutcome } from './shutdown.js';
import { waitUntilStarted } from './started.js';
import { Durability, type PersistenceFailure, type PersistenceOutcome, type Restored } from './persistence/durability.js';
import { idOf } from './child-table.js';

/**
 * How a supervisor starts, watches and stops its children's actors: each child is created
 * linked to the supervisor's actor (its `_parent`, in the same actor system), watched by one
 * observer that reports its exit, and stopped the way its spec says. The supervisor's core
 * decides when; this does the actor work and knows which actors are alive outside the table.
 *
 * @example
 * ```ts
 * const actors = new ChildActors(options, supervisorActor, () => core.finished);
 * const ref = await actors.start(entry, (actor, exit) => core.onChildExit(entry, actor, exit));
 * ```
 */
export class ChildActors {
  /** Children's actors that are alive but not in the table: still starting, or being stopped. */
  private readonly unowned = new Set<AnyActorRef>();
  /** Saves and restores the snapshots of children whose spec has `persist`. */
  private readonly durability: Durability;

  constructor(
    private readonly options: NormalizedSupervisorOptions,
    private readonly parent: AnyActorRef,
    /** The supervisor is gone (stopped by force): a child that starts now is not adopted. */
    private readonly gone: () => boolean,
    onPersistenceFailed: (failure: PersistenceFailure) => void = () => undefined,
  ) {
    this.durability = new Durability(onPersistenceFailed);
  }

  /** How a durable child's current incarnation started (`{ persistence }`), `{}` for other children. */
  persistenceOf(entry: ChildEntry): { persistence?: PersistenceOutcome } {
    return entry.spec.persist === undefined ? {} : this.durability.outcomeOf(entry);
  }

  /**
   * Creates the child's actor, linked to the supervisor's, and starts it; throws its error if it
   * fails to start. Logic with no notion of starting is started at once and returned as is: a
   * restart of a plain machine pays no promise hop. A child still starting is returned as a promise.
   */
  start(entry: ChildEntry, onExit: (actor: AnyActorRef, exit: ExitReason) => void): AnyActorRef | Promise<AnyActorRef> {
    if (this.gone()) throw new SupervisorNotRunningError(this.options.name);
    if (entry.spec.persist === undefined) return this.create(entry, onExit, undefined);
    return this.startDurable(entry, onExit, true);
  }

  /**
   * A durable child starts from its stored snapshot: loading it is the one promise hop. A restored
   * incarnation that fails to start crashed within `freshIfCrashWithin` of its start: it is started
   * again at once, fresh, in the same start (else a new process would be stuck on the snapshot).
   */
  private startDurable(entry: ChildEntry, onExit: (actor: AnyActorRef, exit: ExitReason) => void, retry: boolean): Promise<AnyActorRef> {
    return this.durability.restore(entry).then((restored) => {
      const failed = (error: unknown): Promise<AnyActorRef> => {
        restored.release();
        if (!retry || this.gone() || !this.durability.startsFreshNext(entry)) throw error;
        return this.startDurable(entry, onExit, false);
      };
      try {
        const started = this.create(entry, onExit, restored);
        return started instanceof Promise ? started.catch(failed) : started;
      } catch (error) {
        return failed(error);
      }
    });
  }

  private create(entry: ChildEntry, onExit: (actor: AnyActorRef, exit: ExitReason) => void, restored: Restored | undefined): AnyActorRef | Promise<AnyActorRef> {
    if (this.gone()) throw new SupervisorNotRunningError(this.options.name);
    const make = (snapshot: unknown): AnyActorRef =>
      createActor(entry.spec.logic as AnyActorLogic, {
        parent: this.parent,
        // xstate names a child's relayed done/error events after its id and memoizes the machine's
        // transitions per event name for the life of the process. A dynamic child's table key grows
        // without bound (`<id>#<n>`), so its actor id is the spec's id: the names stay few.
        id: this.options.dynamic ? (entry.spec.id ?? 'child') : entry.key,
        input: inputFor(this.options, entry.spec),
        systemId: entry.spec.systemId,
        snapshot: snapshot as never,
      });
    const actor = restored === undefined ? make(undefined) : this.durability.instantiate(entry, restored, make);
    // Subscribe before start: the observer is how the supervisor hears this incarnation exit.
    const subscription = actor.subscribe({
      error: (error) => onExit(actor, { reason: 'crashed', error }),
      complete: () => onExit(actor, exitReasonOfCompleted(actor)),
    });
    if (restored !== undefined) this.durability.watch(entry, idOf(entry), actor);
    // Alive but not yet in the table: a forced stop meanwhile must still find it.
    this.unowned.add(actor);
    let starting: Promise<void> | void;
    try {
      actor.start();
      starting = waitUntilStarted(actor);
    } catch (error) {
      throw this.abandon(actor, subscription, error);
    }
    if (starting === undefined) return this.adopt(entry, actor, subscription);
    return starting.then(
      () => this.adopt(entry, actor, subscription),
      (error: unknown) => {
        throw this.abandon(actor, subscription, error);
      },
    );
  }

  /** The child started: the entry holds it, unless the supervisor was stopped by force meanwhile (which stopped it too). */
  private adopt(entry: ChildEntry, actor: AnyActorRef, subscription: Subscription): AnyActorRef {
    this.unowned.delete(actor);
    if (this.gone()) throw this.abandon(actor, subscription, new SupervisorNotRunningError(this.options.name));
    entry.actor = actor;
    noteIncarnation(actor, entry);
    entry.unsubscribe = () => subscription.unsubscribe();
    return actor;
  }

  /** A child that failed to start: no longer watched, stopped; returns the error to throw. */
  private abandon(actor: AnyActorRef, subscription: Subscription, error: unknown): unknown {
    this.unowned.delete(actor);
    subscription.unsubscribe();
    stopActor(actor);
    return error;
  }

  /** Removes the exit observer and forgets the actor; returns it if it was running. */
  detach(entry: ChildEntry): AnyActorRef | undefined {
    const actor = entry.actor;
    entry.unsubscribe?.();
    entry.unsubscribe = undefined;
    entry.actor = undefined;
    return actor;
  }

  /** Stops a child the way its spec says (a durable one: and waits for its pending saves); its exit is not reported. Resolves with the actor stopped and how. */
  async terminate(entry: ChildEntry): Promise<{ actor: AnyActorRef; outcome: TerminationOutcome } | undefined> {
    const actor = this.detach(entry);
    if (actor === undefined) {
      // Crashed and waiting for its restart: the crash's last save may still be on its way.
      await this.durability.settled(entry);
      return undefined;
    }
    this.unowned.add(actor);
    const outcome = await terminateActor(actor, entry.spec.shutdown).finally(() => this.unowned.delete(actor));
    // A durable child is stopped once its last snapshot is stored: a process that exits after
    // `stop()` or `terminateChild()` resolves must not lose it.
    await this.durability.settled(entry);
    return { actor, outcome };
  }

  /** Stops every child at once, the newest first: one starting or stopping now, then `entries` in reverse. */
  killAll(entries: ChildEntry[]): void {
    for (const actor of this.unowned) stopActor(actor);
    for (const entry of entries.reverse()) {
      const actor = this.detach(entry);
      if (actor !== undefined) stopActor(actor);
    }
  }
}
