import { SnapshotStoreError } from './errors.js';
import type { JsonValue, SnapshotStore } from './store.js';

type Operation =
  | { kind: 'save'; snapshot: JsonValue; done: Array<Settle<void>>; promise: Promise<void> }
  | { kind: 'delete'; done: Array<Settle<void>> }
  | { kind: 'load'; done: Array<Settle<JsonValue | undefined>> };

interface Settle<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/**
 * The one queue of store operations for one key of one store: operations run one at a time in
 * the order asked, so saves never land out of order and a load sees every save asked before it.
 * A save asked while another waits replaces it (the newest snapshot wins; both callers resolve
 * when it is written), so a slow store costs memory for one snapshot per key, not one per event.
 * Also records which running child holds the key.
 *
 * @example
 * ```ts
 * const writer = KeyWriter.for(store, 'order-1');
 * writer.save(a); writer.save(b); // a is written; b replaces nothing (a is in flight)...
 * writer.save(c);                  // ...c replaces b: a, then c, are written
 * ```
 */
export class KeyWriter {
  private static readonly writers = new WeakMap<SnapshotStore, Map<string, KeyWriter>>();

  /** The running child that holds the key, if any. */
  owner: object | undefined;
  private readonly queue: Operation[] = [];
  private running = false;
  /** Callers of {@link idle} waiting for the queue to empty. */
  private idleWaiters: Array<() => void> = [];

  private constructor(
    private readonly store: SnapshotStore,
    readonly key: string,
  ) {}

  /** The writer of `key` in `store`, shared by every incarnation of the child that uses it. */
  static for(store: SnapshotStore, key: string): KeyWriter {
    let byKey = KeyWriter.writers.get(store);
    if (byKey === undefined) KeyWriter.writers.set(store, (byKey = new Map()));
    let writer = byKey.get(key);
    if (writer === undefined) byKey.set(key, (writer = new KeyWriter(store, key)));
    return writer;
  }

  /**
   * Resolves once every operation asked so far on `key` in `store` is done (failures are reported
   * by their own callers); at once when there are none.
   *
   * @example
   * ```ts
   * await KeyWriter.settled(store, 'order-1'); // the last save of order-1 is in the store
   * ```
   */
  static settled(store: SnapshotStore, key: string): Promise<void> {
    return KeyWriter.writers.get(store)?.get(key)?.idle() ?? Promise.resolve();
  }

  /** Resolves once the queue is empty and nothing runs. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  save(snapshot: JsonValue): Promise<void> {
    const last = this.queue.at(-1);
    if (last?.kind === 'save') {
      // Not started yet: the newer snapshot takes its place, and its callers wait for the same write.
      last.snapshot = snapshot;
      return last.promise;
    }
    const done: Array<Settle<void>> = [];
    const promise = new Promise<void>((resolve, reject) => done.push({ resolve, reject }));
    this.push({ kind: 'save', snapshot, done, promise });
    return promise;
  }

  delete(): Promise<void> {
    return new Promise((resolve, reject) => this.push({ kind: 'delete', done: [{ resolve, reject }] }));
  }

  load(): Promise<JsonValue | undefined> {
    return new Promise((resolve, reject) => this.push({ kind: 'load', done: [{ resolve, reject }] }));
  }

  /** Lets go of the key; the writer is forgotten once its queue is empty too. */
  release(owner: object): void {
    if (this.owner === owner) this.owner = undefined;
    this.forgetIfIdle();
  }

  private push(operation: Operation): void {
    this.queue.push(operation);
    if (!this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    for (let operation = this.queue.shift(); operation !== undefined; operation = this.queue.shift()) {
      try {
        const result = await this.perform(operation);
        for (const { resolve } of operation.done as Array<Settle<unknown>>) resolve(result);
      } catch (error) {
        const failure = error instanceof SnapshotStoreError ? error : new SnapshotStoreError(operation.kind, this.key, error);
        for (const { reject } of operation.done) reject(failure);
      }
    }
    this.running = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
    this.forgetIfIdle();
  }

  private perform(operation: Operation): Promise<unknown> {
    // A store that throws instead of rejecting is caught by `run` all the same.
    if (operation.kind === 'save') return this.store.save(this.key, operation.snapshot);
    if (operation.kind === 'delete') return this.store.delete(this.key);
    return this.store.load(this.key);
  }

  private forgetIfIdle(): void {
    if (this.owner !== undefined || this.running || this.queue.length > 0) return;
    const byKey = KeyWriter.writers.get(this.store);
    if (byKey?.get(this.key) === this) byKey.delete(this.key);
  }
}
