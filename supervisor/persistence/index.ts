// Durable children: snapshot stores and the pieces a user of `persist` touches.
export { MemoryStore, type SnapshotStore, type JsonValue } from './store.js';
export { FileStore, type FileStoreOptions } from './file-store.js';
export { SnapshotNotSerializableError, SnapshotStoreError, NotPersistedError, PersistKeyInUseError } from './errors.js';
export { DEFAULT_FRESH_IF_CRASH_WITHIN_MS, type PersistOptions, type SaveMode, type NormalizedPersist } from './persist-options.js';
export { checkpoint, CHECKPOINT_EVENT } from './durable-run.js';
export type { PersistenceOutcome, PersistenceFailure } from './durability.js';
export { assertSerializable } from './serializable.js';
