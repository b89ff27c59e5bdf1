import type { AnyActorRef } from 'xstate';
import type { NormalizedChildSpec } from '../child-spec.js';
import { PersistKeyInUseError, type SnapshotNotSerializableError, type SnapshotStoreError } from './errors.js';
import { KeyWriter } from './key-writer.js';
import { stopActor } from '../shutdown.js';
import { DurableRun } from './durable-run.js';
import type { JsonValue } from './store.js';

/**
 * How a durable child's incarnation started, on its `childStarted` / `childRestarted` event:
 * - `'restored'`: from the snapshot last saved in its store;
 * - `'fresh'`: from its logic's initial state, as the store had no snapshot;
 * - `'fresh-after-crash'`: from its initial state although the store had one, because the last
 *   restored incarnation crashed within `persist.freshIfCrashWithin` (the snapshot was removed).
 */
export type PersistenceOutcome = 'restored' | 'fresh' | 'fresh-after-crash';

/** A save that failed: reported as the supervisor's `persistenceFailed` event. */
export interface PersistenceFailure {
  /** The child's id. */
  id: string;
  /** Its key in the store. */
  key: string;
  /** Why: the snapshot holds a non-JSON value, or the store failed. */
  error: SnapshotNotSerializableError | SnapshotStoreError;
}

/** What the restore gave the new incarnation. */
export interface Restored {
  snapshot: JsonValue | undefined;
  /** Lets go of the key: the start failed before the actor existed. */
  release(): void;
}

interface ChildState {
  outcome: PersistenceOutcome | undefined;
  /** When the running incarnation was started from a snapshot; `undefined` if it started fresh. */
  restoredAt: number | undefined;
  /** The restored incarnation crashed within the window: the next start is fresh. */
  freshNext: boolean;
}

type Child = { readonly spec: NormalizedChildSpec };

/**
 * The durable side of a supervisor's children: before a persisted child's actor is created, takes
 * its key and loads the snapshot to start from (or decides to start fresh after a crash); once the
 * actor exists, a {@link DurableRun} saves its snapshots the way `persist.save` says.
 *
 * @example
 * ```ts
 * const durability = new Durability((failure) => events.emit('persistenceFailed', { supervisor, ...failure }));
 * const restored = await durability.restore(entry, 'order');
 * const actor = createActor(logic, { snapshot: restored.snapshot });
 * durability.watch(entry, 'order', actor);
 * ```
 */
export class Durability {
  private readonly states = new WeakMap<Child, ChildState>();

  constructor(private readonly onFailed: (failure: PersistenceFailure) => void) {}

  /** How the child's current incarnation started, for its start event; `{}` for a child that is not durable. */
  outcomeOf(child: Child): { persistence?: PersistenceOutcome } {
    const outcome = this.states.get(child)?.outcome;
    return outcome === undefined ? {} : { persistence: outcome };
  }

  /** Takes the child's key and loads its snapshot (after any pending save of it). */
  async restore(child: Child): Promise<Restored> {
    const persist = child.spec.persist!;
    const writer = KeyWriter.for(persist.store, persist.key);
    if (writer.owner !== undefined && writer.owner !== child) throw new PersistKeyInUseError(persist.key);
    writer.owner = child;
    let state = this.states.get(child);
    if (state === undefined) this.states.set(child, (state = { outcome: undefined, restoredAt: undefined, freshNext: false }));
    let snapshot: JsonValue | undefined;
    let outcome: PersistenceOutcome;
    try {
      if (state.freshNext) {
        await writer.delete();
        state.freshNext = false;
        outcome = 'fresh-after-crash';
      } else {
        snapshot = await writer.load();
        outcome = snapshot === undefined ? 'fresh' : 'restored';
      }
    } catch (error) {
      writer.release(child);
      throw error;
    }
    state.outcome = outcome;
    state.restoredAt = outcome === 'restored' ? Date.now() : undefined;
    return { snapshot, release: () => writer.release(child) };
  }

  /**
   * Creates the actor from the restored snapshot. A snapshot its logic refuses (a state that no
   * longer exists) counts as a crash at once: the actor is created fresh instead, and the snapshot removed.
   */
  instantiate(child: Child, restored: Restored, make: (snapshot: JsonValue | undefined) => AnyActorRef): AnyActorRef {
    if (restored.snapshot === undefined) return make(undefined);
    let actor: AnyActorRef | undefined;
    try {
      actor = make(restored.snapshot);
    } catch {
      actor = undefined;
    }
    // xstate keeps a refused snapshot as an actor in `error` status, which would fail the start.
    if (actor !== undefined && actor.getSnapshot().status !== 'error') return actor;
    // Never started: stopping it only takes it out of the actor system (its systemId is free again).
    if (actor !== undefined) stopActor(actor);
    const state = this.states.get(child)!;
    state.outcome = 'fresh-after-crash';
    state.restoredAt = undefined;
    const persist = child.spec.persist!;
    KeyWriter.for(persist.store, persist.key)
      .delete()
      .catch(() => undefined);
    return make(undefined);
  }

  /** Whether the child's next start is fresh: its restored incarnation crashed within `freshIfCrashWithin`. */
  startsFreshNext(child: Child): boolean {
    return this.states.get(child)?.freshNext === true;
  }

  /** Resolves once the child's pending saves (and delete) are in its store; at once for a child that is not durable. */
  settled(child: Child): Promise<void> {
    const persist = child.spec.persist;
    return persist === undefined ? Promise.resolve() : KeyWriter.settled(persist.store, persist.key);
  }

  /** Saves the new incarnation's snapshots; call after creating the actor and before starting it. */
  watch(child: Child, id: string, actor: AnyActorRef): void {
    const persist = child.spec.persist!;
    const writer = KeyWriter.for(persist.store, persist.key);
    const state = this.states.get(child)!;
    new DurableRun(actor, persist, writer, (error) => this.onFailed({ id, key: persist.key, error }), {
      crashed: () => {
        const { restoredAt } = state;
        if (restoredAt !== undefined && Date.now() - restoredAt < persist.freshIfCrashWithin) state.freshNext = true;
      },
      ended: () => writer.release(child),
    });
  }
}
