import { InvalidOptionError } from '../errors.js';
import { checkOptions } from '../option-keys.js';
import type { SnapshotStore } from './store.js';
import type { CHECKPOINT_EVENT } from './durable-run.js';

/**
 * When a durable child's snapshot is saved:
 * - `'transition'`: after every transition that changed it (nothing is lost; one write per event);
 * - `{ throttle: ms }`: at most once per `ms`: the first change at once, the newest one at the end
 *   of the window, and any pending one when the actor exits; {@link CHECKPOINT_EVENT} saves at once;
 * - `'checkpoint'`: only when the machine emits {@link CHECKPOINT_EVENT} or `checkpoint(ref)` is called.
 */
export type SaveMode = 'transition' | { throttle: number } | 'checkpoint';

/**
 * The `persist` field of a child spec: makes the child durable. Its snapshot is saved to `store`,
 * and every start (a restart, or a new process with the same store) restores the last one.
 *
 * @example
 * ```ts
 * { id: 'order', logic: orderMachine, persist: { store: new FileStore('./state'), save: { throttle: 100 } } }
 * ```
 */
export interface PersistOptions {
  /** Where the snapshots live. */
  store: SnapshotStore;
  /**
   * The snapshot's key in the store; unique among the children that share the store.
   * @default the child's name, else its id
   */
  key?: string;
  /**
   * When to save.
   * @default 'transition'
   */
  save?: SaveMode;
  /**
   * A restored child that crashes within this many ms of its start is restarted fresh (from its
   * logic's initial state), not from the snapshot again: the snapshot may be what makes it crash.
   * The start event then says `persistence: 'fresh-after-crash'`. `0` never starts fresh.
   * @default 5000
   */
  freshIfCrashWithin?: number;
}

/** `persist` with its defaults filled in. */
export interface NormalizedPersist {
  store: SnapshotStore;
  key: string;
  save: 'transition' | 'checkpoint' | { throttle: number };
  freshIfCrashWithin: number;
}

/** Default of `persist.freshIfCrashWithin`, in ms. */
export const DEFAULT_FRESH_IF_CRASH_WITHIN_MS = 5000;

const PERSIST_KEYS = ['store', 'key', 'save', 'freshIfCrashWithin'];
const STORE_METHODS = ['load', 'save', 'delete', 'keys'] as const;

/**
 * Checks a child spec's `persist` field and fills in its defaults. Throws
 * {@link InvalidOptionError} naming the field.
 *
 * @example
 * ```ts
 * normalizePersist({ store }, 'order', 'children[0]'); // { store, key: 'order', save: 'transition', freshIfCrashWithin: 5000 }
 * ```
 */
export function normalizePersist(persist: unknown, id: string | undefined, path: string): NormalizedPersist {
  const at = `${path}.persist`;
  checkOptions(persist, at, PERSIST_KEYS);
  const given = persist as PersistOptions;
  const store = given.store as unknown;
  if (store === null || typeof store !== 'object' || STORE_METHODS.some((method) => typeof (store as Record<string, unknown>)[method] !== 'function')) {
    throw new InvalidOptionError(`${at}.store`, store, `a snapshot store (an object with ${STORE_METHODS.join(', ')}: MemoryStore, FileStore, PostgresStore)`);
  }
  const key = given.key ?? id;
  if (typeof key !== 'string' || key.length === 0) {
    throw new InvalidOptionError(`${at}.key`, given.key, 'a non-empty string (required when the child has neither name nor id)');
  }
  const save = given.save ?? 'transition';
  const throttle = typeof save === 'object' && save !== null ? (save as { throttle?: unknown }).throttle : undefined;
  if (save !== 'transition' && save !== 'checkpoint') {
    if (typeof save !== 'object' || save === null || Object.keys(save).join() !== 'throttle' || typeof throttle !== 'number' || !Number.isFinite(throttle) || throttle <= 0) {
      throw new InvalidOptionError(`${at}.save`, save, "'transition', 'checkpoint' or { throttle: ms } with ms > 0");
    }
  }
  const freshIfCrashWithin = given.freshIfCrashWithin ?? DEFAULT_FRESH_IF_CRASH_WITHIN_MS;
  if (typeof freshIfCrashWithin !== 'number' || !Number.isFinite(freshIfCrashWithin) || freshIfCrashWithin < 0) {
    throw new InvalidOptionError(`${at}.freshIfCrashWithin`, given.freshIfCrashWithin, 'a finite number of ms >= 0');
  }
  return { store: store as SnapshotStore, key, save, freshIfCrashWithin };
}
