import { OverseerError } from '../errors.js';

/**
 * A durable child's snapshot holds something a store cannot keep: a function, a class instance
 * (a resource such as a socket, a `Map`, a `Date`), a symbol, a bigint, a number JSON cannot
 * spell, or a cycle. Raised at save time, before anything is written; the last good snapshot
 * stays in the store. `path` says where, e.g. `context.socket`.
 *
 * @example
 * ```ts
 * sup.events.on('persistenceFailed', ({ error }) => {
 *   if (error instanceof SnapshotNotSerializableError) console.log(error.path); // 'context.conn'
 * });
 * ```
 */
export class SnapshotNotSerializableError extends OverseerError {
  /** Where in the persisted snapshot the value sits, e.g. `context.items[2].at`. */
  readonly path: string;
  /** What was found there, e.g. `a function`, `an instance of Map`, `a cycle`. */
  readonly found: string;

  constructor(key: string, path: string, found: string) {
    super('ERR_SNAPSHOT_NOT_SERIALIZABLE', `Snapshot of "${key}" cannot be persisted: ${path} is ${found} (only plain objects, arrays, strings, finite numbers, booleans and null can be stored).`);
    this.path = path;
    this.found = found;
  }
}

/**
 * A snapshot store failed to load, save or delete (disk full, permission, database gone).
 * `cause` is the store's own error. A failed save never crashes the child or its supervisor:
 * it is reported as a `persistenceFailed` event; a failed load fails the child's start.
 *
 * @example
 * ```ts
 * sup.events.on('persistenceFailed', ({ key, error }) => {
 *   if (error instanceof SnapshotStoreError) log.warn(`${error.operation} ${key}`, error.cause);
 * });
 * ```
 */
export class SnapshotStoreError extends OverseerError {
  readonly operation: 'load' | 'save' | 'delete' | 'keys';
  readonly key: string | undefined;

  constructor(operation: 'load' | 'save' | 'delete' | 'keys', key: string | undefined, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super('ERR_SNAPSHOT_STORE', `Snapshot store could not ${operation}${key === undefined ? '' : ` "${key}"`}: ${detail}`, { cause });
    this.operation = operation;
    this.key = key;
  }
}

/**
 * `checkpoint(ref)` was given an actor that is not a running durable child (no `persist` in its
 * spec, or an incarnation that has exited).
 *
 * @example
 * ```ts
 * await checkpoint(plainRef).catch((err) => err.code); // 'ERR_NOT_PERSISTED'
 * ```
 */
export class NotPersistedError extends OverseerError {
  constructor(actorId: string) {
    super('ERR_NOT_PERSISTED', `Actor "${actorId}" is not a running durable child (its spec has no "persist", or it has exited).`);
  }
}

/**
 * Two running children asked for the same persistence key in the same store: their snapshots
 * would overwrite each other. The second one's start fails with this error.
 *
 * @example
 * ```ts
 * const r = await dyn.startChild({ id: 'order', logic, persist: { store, key: 'order-1' } });
 * // a second start with key 'order-1' while the first runs: { ok: false, reason: 'start_failed', error: PersistKeyInUseError }
 * ```
 */
export class PersistKeyInUseError extends OverseerError {
  readonly key: string;

  constructor(key: string) {
    super('ERR_PERSIST_KEY_IN_USE', `Persistence key "${key}" is already used by a running child in the same store.`);
    this.key = key;
  }
}
