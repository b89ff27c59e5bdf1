import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { FailedToStartChildError, FileStore, InvalidOptionError, SnapshotStoreError, UnknownOptionError, checkpoint, startSupervisor } from '../../src/index.js';
import { PostgresStore } from '../../src/postgres/index.js';
import { guardUnhandledErrors, nextEvent, refOf, stopAllAfterEach, within } from '../supervisor/helpers.js';
import { PG_URL, contextOf, counter, dropSchema, uniqueSchema } from './helpers.js';

guardUnhandledErrors();
const sups = stopAllAfterEach();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'overseer-files-'));
  cleanups.push(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

describe('FileStore', () => {
  it('removes temporary files of dead processes on first use, keeps a live one, and never takes one for a key', async () => {
    const directory = await tempDirectory();
    // pid 2^22 + 1 is above Linux's pid_max: no such process.
    await writeFile(join(directory, 'a.json.4194305.0.tmp'), '{"key":"a","snap');
    await writeFile(join(directory, `b.json.${process.ppid}.3.tmp`), '{"key":"b"');
    const store = new FileStore(directory);
    expect(await store.keys()).toEqual([]);
    expect(await store.load('a')).toBeUndefined();
    expect((await readdir(directory)).sort()).toEqual([`b.json.${process.ppid}.3.tmp`]);
  });

  it('creates its directory, and with fsync: false still writes by rename (no temporary file left)', async () => {
    const directory = join(await tempDirectory(), 'nested', 'state');
    const store = new FileStore(directory, { fsync: false });
    await store.save('k', { n: 1 });
    await store.save('k', { n: 2 });
    expect(await readdir(directory)).toEqual(['k.json']);
    expect(await new FileStore(directory).load('k')).toEqual({ n: 2 });
  });

  it('a directory it cannot write is a store error: persistenceFailed for a save, a failed start for a load', async () => {
    const parent = await tempDirectory();
    const blocked = join(parent, 'not-a-directory');
    await writeFile(blocked, 'a file where the directory should be');
    const error = await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store: new FileStore(blocked) } }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FailedToStartChildError);
    expect((error as Error).cause).toMatchObject({ code: 'ERR_SNAPSHOT_STORE', operation: 'load' });
    // Loads fine, then the directory goes away under it: saves fail, the child runs on.
    const directory = join(parent, 'state');
    const sup = sups.track(await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store: new FileStore(directory) } }] }));
    await checkpoint(refOf(sup, 'c'));
    await rm(directory, { recursive: true });
    await writeFile(directory, 'blocked');
    const failed = nextEvent(sup.events, 'persistenceFailed');
    refOf(sup, 'c').send({ type: 'INC' });
    expect((await within(failed)).error).toMatchObject({ operation: 'save', key: 'c' });
    expect(contextOf(refOf(sup, 'c')).n).toBe(1);
  });
});

describe('PostgresStore', () => {
  it('creates its own schema and table, one row per key, upserted', async () => {
    const schema = uniqueSchema();
    cleanups.push(() => dropSchema(schema));
    const pool = new pg.Pool({ connectionString: PG_URL });
    cleanups.push(() => pool.end());
    const store = new PostgresStore({ pool, schema, table: 'order_snapshots' });
    await store.save('order-1', { status: 'active', context: { n: 1 } });
    await store.save('order-1', { status: 'active', context: { n: 2 } });
    const rows = await pool.query(`SELECT key, snapshot FROM "${schema}"."order_snapshots"`);
    expect(rows.rows).toEqual([{ key: 'order-1', snapshot: { status: 'active', context: { n: 2 } } }]);
    // A second store on the same table (another process, say) sees the same rows.
    const other = new PostgresStore({ connectionString: PG_URL, schema, table: 'order_snapshots' });
    cleanups.push(() => other.close());
    expect(await other.load('order-1')).toEqual({ status: 'active', context: { n: 2 } });
    // close() leaves a pool it was given to its owner.
    await store.close();
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it.each([
    [{ connectionString: PG_URL, schema: 'bad-name' }, 'schema', InvalidOptionError],
    [{ connectionString: PG_URL, table: '1table' }, 'table', InvalidOptionError],
    [{ connectionString: PG_URL, table: 'x"; DROP TABLE y; --' }, 'table', InvalidOptionError],
    [{}, 'connectionString', InvalidOptionError],
    [{ connectionString: PG_URL, pool: {} }, 'connectionString', InvalidOptionError],
    [{ pool: {} }, 'pool', InvalidOptionError],
    [{ connectionString: PG_URL, tableName: 'x' }, 'tableName', UnknownOptionError],
  ])('refuses %j', (options, option, type) => {
    let error: unknown;
    try {
      new PostgresStore(options as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ option });
  });

  it('a server that cannot be reached fails the start with a store error', async () => {
    const store = new PostgresStore({ connectionString: 'postgres://postgres@127.0.0.1:1/test', schema: uniqueSchema() });
    cleanups.push(() => store.close());
    const error = await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store } }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FailedToStartChildError);
    expect((error as Error).cause).toBeInstanceOf(SnapshotStoreError);
    expect(((error as Error).cause as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('the server dropping its connections costs no crash: the pool reconnects and saves go on', async () => {
    const schema = uniqueSchema();
    cleanups.push(() => dropSchema(schema));
    const store = new PostgresStore({ connectionString: `${PG_URL}?application_name=${schema}`, schema });
    cleanups.push(() => store.close());
    const failures: unknown[] = [];
    const sup = sups.track(await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store } }], on: { persistenceFailed: ({ error }) => failures.push(error) } }));
    refOf(sup, 'c').send({ type: 'INC' });
    await checkpoint(refOf(sup, 'c'));
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    cleanups.push(() => admin.end());
    const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [schema]);
    expect(killed.rowCount).toBeGreaterThan(0);
    // The idle connection it held is gone; the next saves get a new one.
    await expect.poll(async () => {
      refOf(sup, 'c').send({ type: 'INC' });
      return checkpoint(refOf(sup, 'c')).then(() => true, () => false);
    }, { timeout: 10_000 }).toBe(true);
    expect(failures.every((error) => error instanceof SnapshotStoreError)).toBe(true);
    const n = contextOf(refOf(sup, 'c')).n;
    expect(await store.load('c')).toMatchObject({ context: { n } });
  });
});
