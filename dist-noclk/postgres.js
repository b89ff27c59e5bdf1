import { checkOptions } from './chunk-VZOJWXSB.js';
import { InvalidOptionError } from './chunk-AESCEPAJ.js';
import pg from 'pg';

var DEFAULT_POSTGRES_STORE_TIMEOUT_MS = 1e4;
var IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
var KNOWN = ["pool", "connectionString", "schema", "table", "timeout"];
var PostgresStore = class {
  /** The schema-qualified, quoted table name. */
  table;
  pool;
  ownsPool;
  schema;
  ready;
  /** Operations not settled yet: `close()` lets them finish before it ends the pool. */
  inFlight = /* @__PURE__ */ new Set();
  closing;
  constructor(options) {
    checkOptions(options, "", KNOWN);
    const schema = options.schema ?? "public";
    const table = options.table ?? "overseer_snapshots";
    if (typeof schema !== "string" || !IDENTIFIER.test(schema)) throw new InvalidOptionError("schema", options.schema, "a PostgreSQL identifier (letters, digits, _; not starting with a digit; at most 63)");
    if (typeof table !== "string" || !IDENTIFIER.test(table)) throw new InvalidOptionError("table", options.table, "a PostgreSQL identifier (letters, digits, _; not starting with a digit; at most 63)");
    if (options.pool !== void 0) {
      if (options.timeout !== void 0) throw new InvalidOptionError("timeout", options.timeout, "nothing when a pool is given (set the pool's own timeouts)");
      if (options.connectionString !== void 0) throw new InvalidOptionError("connectionString", options.connectionString, "nothing when a pool is given");
      if (typeof options.pool.query !== "function") throw new InvalidOptionError("pool", options.pool, "a pg.Pool");
      this.pool = options.pool;
      this.ownsPool = false;
    } else {
      if (typeof options.connectionString !== "string" || options.connectionString === "") {
        throw new InvalidOptionError("connectionString", options.connectionString, "a connection string (or give a pool)");
      }
      const timeout = options.timeout ?? DEFAULT_POSTGRES_STORE_TIMEOUT_MS;
      if (typeof timeout !== "number" || !Number.isInteger(timeout) || timeout <= 0) throw new InvalidOptionError("timeout", options.timeout, "an integer number of ms > 0");
      this.pool = new pg.Pool({
        connectionString: options.connectionString,
        connectionTimeoutMillis: timeout,
        // The server cancels a statement past `timeout` (nothing lands late, out of order); the
        // client gives up a little later on a server that no longer answers at all.
        statement_timeout: timeout,
        query_timeout: timeout + 1e3
      });
      this.ownsPool = true;
      this.pool.on("error", () => void 0);
    }
    this.schema = `"${schema}"`;
    this.table = `"${schema}"."${table}"`;
  }
  load(key) {
    return this.track(async () => {
      await this.prepare();
      const result = await this.pool.query(`SELECT snapshot FROM ${this.table} WHERE key = $1`, [key]);
      return result.rows[0]?.snapshot;
    });
  }
  save(key, snapshot) {
    return this.track(async () => {
      await this.prepare();
      await this.pool.query(
        `INSERT INTO ${this.table} (key, snapshot, saved_at) VALUES ($1, $2::jsonb, now())
         ON CONFLICT (key) DO UPDATE SET snapshot = EXCLUDED.snapshot, saved_at = EXCLUDED.saved_at`,
        [key, JSON.stringify(snapshot)]
      );
    });
  }
  delete(key) {
    return this.track(async () => {
      await this.prepare();
      await this.pool.query(`DELETE FROM ${this.table} WHERE key = $1`, [key]);
    });
  }
  keys() {
    return this.track(async () => {
      await this.prepare();
      const result = await this.pool.query(`SELECT key FROM ${this.table}`);
      return result.rows.map((row) => row.key);
    });
  }
  /**
   * Lets the operations already asked finish (a save in flight is stored or fails), then ends the
   * pool the store made from `connectionString`; a pool given to it is left to its owner. An
   * operation asked after `close()` rejects. Stop the supervisors that use the store first.
   */
  close() {
    this.closing ??= (async () => {
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      if (this.ownsPool) await this.pool.end();
    })();
    return this.closing;
  }
  /** Runs one operation, known to `close()` until it settles; refused once the store is closing. */
  track(operation) {
    if (this.closing !== void 0) return Promise.reject(new Error("PostgresStore is closed"));
    const running = operation();
    this.inFlight.add(running);
    void running.then(
      () => this.inFlight.delete(running),
      () => this.inFlight.delete(running)
    );
    return running;
  }
  /** Creates the schema and table once; a failure (server down) is retried by the next call. */
  prepare() {
    this.ready ??= (async () => {
      await this.pool.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`).catch(createdMeanwhile);
      await this.pool.query(`CREATE TABLE IF NOT EXISTS ${this.table} (key text PRIMARY KEY, snapshot jsonb NOT NULL, saved_at timestamptz NOT NULL DEFAULT now())`).catch(createdMeanwhile);
    })();
    this.ready.catch(() => this.ready = void 0);
    return this.ready;
  }
};
function createdMeanwhile(error) {
  const code = error.code;
  if (code !== "23505" && code !== "42P06" && code !== "42P07") throw error;
}

export { DEFAULT_POSTGRES_STORE_TIMEOUT_MS, PostgresStore };
//# sourceMappingURL=postgres.js.map
//# sourceMappingURL=postgres.js.map