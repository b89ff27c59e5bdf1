/** A JSON value: what a snapshot store keeps. */
type JsonValue = null | boolean | number | string | JsonValue[] | {
    [key: string]: JsonValue | undefined;
};
/**
 * Where durable children's snapshots live: one small interface, so any database can back it.
 * Overseer ships {@link MemoryStore}, `FileStore` (the embedded default) and `PostgresStore`
 * (`overseer/postgres`). Every snapshot handed to `save` has already been checked to be plain
 * JSON; a store must return from `load` what the last completed `save` of that key gave it.
 * Overseer never runs two operations on one key at once (writes to a key are serialized, the
 * last one wins), so a store needs no locking of its own for a single process.
 *
 * @example
 * ```ts
 * const store: SnapshotStore = new MemoryStore();
 * await store.save('order-1', { status: 'active', value: 'paid', context: {} });
 * await store.load('order-1'); // { status: 'active', value: 'paid', context: {} }
 * ```
 */
interface SnapshotStore {
    /** The snapshot last saved under `key`, or `undefined` if there is none. */
    load(key: string): Promise<JsonValue | undefined>;
    /** Replaces the snapshot under `key`; resolves once it is durable (as durable as the store is). */
    save(key: string, snapshot: JsonValue): Promise<void>;
    /** Removes the snapshot under `key`; resolves even if there was none. */
    delete(key: string): Promise<void>;
    /** Every key that has a snapshot, in no particular order. */
    keys(): Promise<string[]>;
}
/**
 * A store in this process's memory: for tests, and for restarts of a child within one process
 * (a crashed order machine comes back where it was) when surviving the process is not needed.
 * Each snapshot is kept as a JSON string, so what `load` returns is a fresh copy, as from disk.
 *
 * @example
 * ```ts
 * const store = new MemoryStore();
 * await startSupervisor({ children: [{ id: 'order', logic: orderMachine, persist: { store } }] });
 * ```
 */
declare class MemoryStore implements SnapshotStore {
    private readonly entries;
    load(key: string): Promise<JsonValue | undefined>;
    save(key: string, snapshot: JsonValue): Promise<void>;
    delete(key: string): Promise<void>;
    keys(): Promise<string[]>;
}

export { type JsonValue as J, MemoryStore as M, type SnapshotStore as S };
