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
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const KNOWN = ['pool', 'connectionString', 'schema', 'table'];

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

  constructor(options: PostgresStoreOptions) {
    checkOptions(options, '', KNOWN);
    const schema = options.schema ?? 'public';
    const table = options.table ?? 'overseer_snapshots';
    if (typeof schema !== 'string' || !IDENTIFIER.test(schema)) throw new InvalidOptionError('schema', options.schema, 'a PostgreSQL identifier (letters, digits, _; not starting with a digit; at most 63)');
    if (typeof table !== 'string' || !IDENTIFIER.test(table)) throw new InvalidOptionError('table', options.table, 'a PostgreSQL identifier (letters, digits, _; not starting with a digit; at most 63)');
    if (options.pool !== undefined) {
      if (options.connectionString !== undefined) throw new InvalidOptionError('connectionString', options.connectionString, 'nothing when a pool is given');
      if (typeof (options.pool as { query?: unknown }).query !== 'function') throw new InvalidOptionError('pool', options.pool, 'a pg.Pool');
      this.pool = options.pool;
      this.ownsPool = false;
    } else {
      if (typeof options.connectionString !== 'string' || options.connectionString === '') {
        throw new InvalidOptionError('connectionString', options.connectionString, 'a connection string (or give a pool)');
      }
      this.pool = new pg.Pool({ connectionString: options.connectionString });
      this.ownsPool = true;
      // An idle client whose server went away must not crash the process; the next query reports it.
      this.pool.on('error', () => undefined);
    }
    this.schema = `"${schema}"`;
    this.table = `"${schema}"."${table}"`;
  }

  async load(key: string): Promise<JsonValue | undefined> {
    await this.prepare();
    const result = await this.pool.query<{ snapshot: JsonValue }>(`SELECT snapshot FROM ${this.table} WHERE key = $1`, [key]);
    return result.rows[0]?.snapshot;
  }

  async save(key: string, snapshot: JsonValue): Promise<void> {
    await this.prepare();
    await this.pool.query(
      `INSERT INTO ${this.table} (key, snapshot, saved_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET snapshot = EXCLUDED.snapshot, saved_at = EXCLUDED.saved_at`,
      [key, JSON.stringify(snapshot)],
    );
  }

  async delete(key: string): Promise<void> {
    await this.prepare();
    await this.pool.query(`DELETE FROM ${this.table} WHERE key = $1`, [key]);
  }

  async keys(): Promise<string[]> {
    await this.prepare();
    const result = await this.pool.query<{ key: string }>(`SELECT key FROM ${this.table}`);
    return result.rows.map((row) => row.key);
  }

  /** Ends the pool the store made from `connectionString`; a pool given to it is left to its owner. */
  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
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
