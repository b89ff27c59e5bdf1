import pg from 'pg';
import { InvalidOptionError } from '../../supervisor/errors.js';
import { checkOptions } from '../../supervisor/option-keys.js';
import type { JsonValue, SnapshotStore } from '../../supervisor/persistence/store.js';

/** Options of {@link PostgresStore}. Give `pool` or `connectionString`. */
export interface PostgresStoreOptions {
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
export const DEFAULT_POSTGRES_STORE_TIMEOUT_MS = 10_000;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const KNOWN = ['pool', 'connectionString', 'schema', 'table', 'timeout'];

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
export class PostgresStore implements SnapshotStore {
  /** The schema-qualified, quoted table name. */
  readonly table: string;
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly schema: string;
  private ready: Promise<void> | undefined;
  /** Operations not settled yet: `close()` lets them finish before it ends the pool. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  constructor(options: PostgresStoreOptions) {
    checkOptions(options, '', KNOWN);
    const schema = options.schema ?? 'public';
    const table = options.table ?? 'overseer_snapshots';
    if (typeof schema !== 'string' || !IDENTIFIER.test(schema)) throw new InvalidOptionError('schema', options.schema, 'a PostgreSQL identifier (letters, digits, _; not starting with a digit; at most 63)');
    if (typeof table !== 'string' || !IDENTIFIER.test(table)) throw new InvalidOptionError('table', options.table, 'a PostgreSQL identifier (letters, digits, _; not starting with a digit; at most 63)');
    if (options.pool !== undefined) {
      if (options.timeout !== undefined) throw new InvalidOptionError('timeout', options.timeout, "nothing when a pool is given (set the pool's own timeouts)");
      if (options.connectionString !== undefined) throw new InvalidOptionError('connectionString', options.connectionString, 'nothing when a pool is given');
      if (typeof (options.pool as { query?: unknown }).query !== 'function') throw new InvalidOptionError('pool', options.pool, 'a pg.Pool');
      this.pool = options.pool;
      this.ownsPool = false;
    } else {
      if (typeof options.connectionString !== 'string' || options.connectionString === '') {
        throw new InvalidOptionError('connectionString', options.connectionString, 'a connection string (or give a pool)');
      }
      const timeout = options.timeout ?? DEFAULT_POSTGRES_STORE_TIMEOUT_MS;
      if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout <= 0) throw new InvalidOptionError('timeout', options.timeout, 'an integer number of ms > 0');
      this.pool = new pg.Pool({
        connectionString: options.connectionString,
        connectionTimeoutMillis: timeout,
        // The server cancels a statement past `timeout` (nothing lands late, out of order); the
        // client gives up a little later on a server that no longer answers at all.
        statement_timeout: timeout,
        query_timeout: timeout + 1000,
      });
      this.ownsPool = true;
      // An idle client whose server went away must not crash the process; the next query reports it.
      this.pool.on('error', () => undefined);
    }
    this.schema = `"${schema}"`;
    this.table = `"${schema}"."${table}"`;
  }

  load(key: string): Promise<JsonValue | undefined> {
    return this.track(async () => {
      await this.prepare();
      const result = await this.pool.query<{ snapshot: JsonValue }>(`SELECT snapshot FROM ${this.table} WHERE key = $1`, [key]);
      return result.rows[0]?.snapshot;
    });
  }

  save(key: string, snapshot: JsonValue): Promise<void> {
    return this.track(async () => {
      await this.prepare();
      await this.pool.query(
        `INSERT INTO ${this.table} (key, snapshot, saved_at) VALUES ($1, $2::jsonb, now())
         ON CONFLICT (key) DO UPDATE SET snapshot = EXCLUDED.snapshot, saved_at = EXCLUDED.saved_at`,
        [key, JSON.stringify(snapshot)],
      );
    });
  }

  delete(key: string): Promise<void> {
    return this.track(async () => {
      await this.prepare();
      await this.pool.query(`DELETE FROM ${this.table} WHERE key = $1`, [key]);
    });
  }

  keys(): Promise<string[]> {
    return this.track(async () => {
      await this.prepare();
      const result = await this.pool.query<{ key: string }>(`SELECT key FROM ${this.table}`);
      return result.rows.map((row) => row.key);
    });
  }

  /**
   * Lets the operations already asked finish (a save in flight is stored or fails), then ends the
   * pool the store made from `connectionString`; a pool given to it is left to its owner. An
   * operation asked after `close()` rejects. Stop the supervisors that use the store first.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      if (this.ownsPool) await this.pool.end();
    })();
    return this.closing;
  }

  /** Runs one operation, known to `close()` until it settles; refused once the store is closing. */
  private track<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closing !== undefined) return Promise.reject(new Error('PostgresStore is closed'));
    const running = operation();
    this.inFlight.add(running);
    void running.then(
      () => this.inFlight.delete(running),
      () => this.inFlight.delete(running),
    );
    return running;
  }

  /** Creates the schema and table once; a failure (server down) is retried by the next call. */
  private prepare(): Promise<void> {
    this.ready ??= (async () => {
      await this.pool.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`).catch(createdMeanwhile);
      await this.pool
        .query(`CREATE TABLE IF NOT EXISTS ${this.table} (key text PRIMARY KEY, snapshot jsonb NOT NULL, saved_at timestamptz NOT NULL DEFAULT now())`)
        .catch(createdMeanwhile);
    })();
    this.ready.catch(() => (this.ready = undefined));
    return this.ready;
  }
}

/** Two processes creating the same schema or table at once: one of them gets a duplicate error, and the object exists. */
function createdMeanwhile(error: unknown): void {
  const code = (error as { code?: unknown }).code;
  if (code !== '23505' && code !== '42P06' && code !== '42P07') throw error;
}
