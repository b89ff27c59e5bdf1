import type { AnyActorLogic, AnyActorRef, Snapshot } from 'xstate';
import { NotPersistedError, SnapshotNotSerializableError, type SnapshotStoreError } from './errors.js';
import type { KeyWriter } from './key-writer.js';
import type { NormalizedPersist } from './persist-options.js';
import { assertSerializable } from './serializable.js';
import type { JsonValue } from './store.js';

/**
 * The event a durable child's machine emits (xstate's `emit` action) to have its snapshot saved
 * now; under `save: 'checkpoint'` this is the only automatic save, under `{ throttle }` it saves
 * at once (an important state need not wait for the window).
 *
 * @example
 * ```ts
 * import { emit } from 'xstate';
 * on: { PAID: { target: 'shipping', actions: emit({ type: CHECKPOINT_EVENT }) } }
 * ```
 */
export const CHECKPOINT_EVENT = 'overseer.checkpoint';

const runs = new WeakMap<AnyActorRef, DurableRun>();

/**
 * Saves a durable child's current snapshot now, whatever its save mode. Resolves once the store
 * has it; rejects with `NotPersistedError` for an actor that is not a running durable child,
 * `SnapshotNotSerializableError` or `SnapshotStoreError` if the save fails (also reported as a
 * `persistenceFailed` event).
 *
 * @example
 * ```ts
 * const ref = sup.whichChildren()[0].ref as AnyActorRef;
 * ref.send({ type: 'PAY', amount: 10 });
 * await checkpoint(ref); // the paid state is in the store
 * ```
 */
export function checkpoint(ref: AnyActorRef): Promise<void> {
  const run = runs.get(ref);
  if (run === undefined || run.ended) return Promise.reject(new NotPersistedError(ref?.id ?? String(ref)));
  return run.save(ref.getSnapshot() as Snapshot<unknown>);
}

/**
 * The persisted form of one of the actor's snapshots, checked to be plain JSON.
 * Throws {@link SnapshotNotSerializableError}.
 *
 * @example
 * ```ts
 * const stored = persistedForm(actor, actor.getSnapshot(), 'order-1');
 * ```
 */
export function persistedForm(actor: AnyActorRef, snapshot: Snapshot<unknown>, key: string): JsonValue {
  let persisted: unknown;
  try {
    // Every child is an xstate `Actor` (made by `createActor`), which holds its logic.
    const { logic } = actor as unknown as { logic: AnyActorLogic };
    persisted = logic.getPersistedSnapshot(snapshot) as unknown;
  } catch (error) {
    throw new SnapshotNotSerializableError(key, 'the snapshot', `unreadable (${error instanceof Error ? error.message : String(error)})`);
  }
  assertSerializable(key, persisted);
  return persisted;
}

/**
 * One incarnation of a durable child: saves its snapshots as `persist.save` says, until it exits.
 * On a crash or a stop, a snapshot held back by a throttle is saved (the last good state); when
 * the actor reaches a final state its snapshot is removed (its work is done: the next start is fresh).
 *
 * @example
 * ```ts
 * new DurableRun(actor, persist, writer, reportFailure, { crashed, ended }); // before actor.start()
 * ```
 */
export class DurableRun {
  ended = false;
  /** Throttle: the newest snapshot not saved yet, and the window's timer. */
  private held: Snapshot<unknown> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The last snapshot seen: an event that changed nothing gives the same object, and no save. */
  private seen: Snapshot<unknown> | undefined;

  constructor(
    private readonly actor: AnyActorRef,
    private readonly persist: NormalizedPersist,
    private readonly writer: KeyWriter,
    private readonly report: (error: SnapshotNotSerializableError | SnapshotStoreError) => void,
    private readonly exits: { crashed: () => void; ended: () => void },
  ) {
    runs.set(actor, this);
    const mode = persist.save;
    actor.subscribe({
      next: mode === 'checkpoint' ? undefined : (snapshot: Snapshot<unknown>) => this.changed(snapshot),
      error: () => this.end(true),
      complete: () => this.end(false),
    });
    // Under 'transition' the checkpoint's transition is saved anyway; under a throttle it is saved at once.
    if (mode !== 'transition') actor.on(CHECKPOINT_EVENT, () => void this.save(actor.getSnapshot() as Snapshot<unknown>).catch(() => undefined));
  }

  /** Saves `snapshot`; resolves when it is stored. A failure is reported, then rejects. */
  save(snapshot: Snapshot<unknown>): Promise<void> {
    if (snapshot.status !== 'active') return Promise.resolve();
    let persisted: JsonValue;
    try {
      persisted = persistedForm(this.actor, snapshot, this.persist.key);
    } catch (error) {
      this.report(error as SnapshotNotSerializableError);
      return Promise.reject(error);
    }
    return this.writer.save(persisted).catch((error: SnapshotStoreError) => {
      this.report(error);
      throw error;
    });
  }

  private changed(snapshot: Snapshot<unknown>): void {
    if (snapshot.status !== 'active' || snapshot === this.seen) return;
    this.seen = snapshot;
    const mode = this.persist.save;
    if (typeof mode !== 'object') {
      this.save(snapshot).catch(() => undefined);
      return;
    }
    if (this.timer !== undefined) {
      this.held = snapshot;
      return;
    }
    this.save(snapshot).catch(() => undefined);
    this.timer = setTimeout(() => this.windowEnded(), mode.throttle);
  }

  private windowEnded(): void {
    this.timer = undefined;
    const held = this.held;
    this.held = undefined;
    // A change held back is saved now and opens a new window; no change: the next one saves at once.
    if (held !== undefined) {
      this.seen = undefined;
      this.changed(held);
    }
  }

  private end(crashed: boolean): void {
    if (this.ended) return;
    this.ended = true;
    runs.delete(this.actor);
    clearTimeout(this.timer);
    const held = this.held;
    this.held = undefined;
    if (crashed) this.exits.crashed();
    if (this.actor.getSnapshot().status === 'done') {
      this.writer.delete().catch((error: SnapshotStoreError) => this.report(error));
    } else if (held !== undefined) this.save(held).catch(() => undefined);
    this.exits.ended();
  }
}
