import pg from 'pg';
import { S as SnapshotStore, J as JsonValue } from './store-Bc8qgNEI.js';

/** Options of {@link PostgresStore}. Give `pool` or `connectionString`. */
interface PostgresStoreOptions {
    /**
     * A `pg.Pool` the store uses (and does not end on `close()`; its owner does).
     * @default none: a pool is made from `connectionString`
     * @example new PostgresStore({ pool: new pg.Pool({ max: 4 }) })
     */
    pool?: pg.Pool;
    /**
     * Where to connect when no `pool` is given; the store makes its own pool and `close()` ends it.
     * @default none
     * @example new PostgresStore({ connectionString: 'postgres://app@127.0.0.1:5432/app' })
     */
    connectionString?: string;
    /**
     * The schema of the table; created if missing.
     * @default 'public'
     * @example new PostgresStore({ connectionString, schema: 'overseer' })
     */
    schema?: string;
    /**
     * The table that holds the snapshots (`key text primary key, snapshot jsonb, saved_at timestamptz`); created if missing.
     * @default 'overseer_snapshots'
     * @example new PostgresStore({ connectionString, table: 'order_snapshots' })
     */
    table?: string;
    /**
     * Most ms to wait for a connection, and for each statement (the server cancels a statement past
     * it; the client gives up shortly after), so a server that stops answering (a network partition)
     * fails a load or save with a `SnapshotStoreError` instead of holding the child's start, and its
     * supervisor's `stop()`, forever. Applies to the pool the store makes; a `pool` you give keeps
     * its own `connectionTimeoutMillis`, `statement_timeout` and `query_timeout`.
     * @default 10000
     * @example new PostgresStore({ connectionString, timeout: 2000 })
     */
    timeout?: number;
}
/** Default of {@link PostgresStoreOptions.timeout}, in ms. */
declare const DEFAULT_POSTGRES_STORE_TIMEOUT_MS = 10000;
/**
 * A snapshot store in PostgreSQL, for durable children that must outlive the machine they run on
 * or be seen by other services. One row per key in one table (made on first use, with its schema);
 * a save is one upsert, so a process killed mid-save leaves the old row or the new one. Needs the
 * `pg` package (an optional peer dependency: install it to use this store).
 *
 * @example
 * ```ts
 * import { PostgresStore } from 'overseer/postgres';
 * const store = new PostgresStore({ connectionString: process.env.DATABASE_URL, schema: 'orders' });
 * await startSupervisor({ children: [{ id: 'order', logic: orderMachine, persist: { store } }] });
 * // ... on the way out:
 * await store.close();
 * ```
 */
declare class PostgresStore implements SnapshotStore {
    /** The schema-qualified, quoted table name. */
    readonly table: string;
    private readonly pool;
    private readonly ownsPool;
    private readonly schema;
    private ready;
    /** Operations not settled yet: `close()` lets them finish before it ends the pool. */
    private readonly inFlight;
    private closing;
    constructor(options: PostgresStoreOptions);
    load(key: string): Promise<JsonValue | undefined>;
    save(key: string, snapshot: JsonValue): Promise<void>;
    delete(key: string): Promise<void>;
    keys(): Promise<string[]>;
    /**
     * Lets the operations already asked finish (a save in flight is stored or fails), then ends the
     * pool the store made from `connectionString`; a pool given to it is left to its owner. An
     * operation asked after `close()` rejects. Stop the supervisors that use the store first.
     */
    close(): Promise<void>;
    /** Runs one operation, known to `close()` until it settles; refused once the store is closing. */
    private track;
    /** Creates the schema and table once; a failure (server down) is retried by the next call. */
    private prepare;
}

export { DEFAULT_POSTGRES_STORE_TIMEOUT_MS, PostgresStore, type PostgresStoreOptions };
