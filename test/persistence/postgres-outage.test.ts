import { afterEach, describe, expect, it } from 'vitest';
import { startSupervisor, checkpoint, SnapshotStoreError } from '../../src/index.js';
import { PostgresStore } from '../../src/postgres/index.js';
import { InvalidOptionError } from '../../supervisor/errors.js';
import { guardUnhandledErrors, nextEvent, refOf, within } from '../supervisor/helpers.js';
import { PG_URL, contextOf, counter, dropSchema, uniqueSchema } from './helpers.js';
import { pgProxy } from './pg-proxy.js';

guardUnhandledErrors();
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('PostgresStore when the server stops answering', () => {
  it('a restart waiting on a load fails with a store error after `timeout`, and the supervisor still stops', { timeout: 30_000 }, async () => {
    const schema = uniqueSchema();
    cleanups.push(() => dropSchema(schema));
    const proxy = await pgProxy();
    cleanups.push(() => proxy.close());
    const store = new PostgresStore({ connectionString: `postgres://postgres@127.0.0.1:${proxy.port}/test`, schema, timeout: 500 });
    cleanups.push(() => store.close());
    const sup = await startSupervisor({ intensity: 100, children: [{ id: 'c', name: 'outage-c', logic: counter, persist: { store }, restartDelay: 50 }] });
    refOf(sup, 'c').send({ type: 'INC' });
    await checkpoint(refOf(sup, 'c'));
    proxy.blackhole();
    // Connections already open hear nothing back either.
    const failed = nextEvent(sup.events, 'childStartFailed');
    refOf(sup, 'c').send({ type: 'CRASH' });
    const { error } = await within(failed, 10_000);
    expect(error).toBeInstanceOf(SnapshotStoreError);
    expect(error).toMatchObject({ operation: 'load' });
    // Held events wait meanwhile; the stop is not held up forever by the store.
    expect(sup.send('outage-c', { type: 'INC' })).toBe('held');
    const exit = await within(sup.stop(), 10_000, 'stop');
    expect(exit).toEqual({ reason: 'shutdown', cause: 'requested' });
  });

  it("close() lets a save in flight finish before it ends its pool; later calls reject", async () => {
    const schema = uniqueSchema();
    cleanups.push(() => dropSchema(schema));
    const store = new PostgresStore({ connectionString: PG_URL, schema });
    await store.save('k', { n: 1 });
    const saving = store.save('k', { n: 2 });
    const closed = store.close();
    await expect(within(saving, 5000, 'save in flight')).resolves.toBeUndefined();
    await within(closed, 5000, 'close');
    await expect(store.load('k')).rejects.toThrow('closed');
    const reader = new PostgresStore({ connectionString: PG_URL, schema });
    cleanups.push(() => reader.close());
    expect(await reader.load('k')).toEqual({ n: 2 });
  });

  it('refuses a bad timeout, and a timeout next to a pool of your own', () => {
    expect(() => new PostgresStore({ connectionString: PG_URL, timeout: 0 })).toThrow(InvalidOptionError);
    expect(() => new PostgresStore({ connectionString: PG_URL, timeout: 1.5 })).toThrow(InvalidOptionError);
    expect(() => new PostgresStore({ pool: { query() {} } as never, timeout: 100 })).toThrow(InvalidOptionError);
  });

  it('a supervisor stopped before the store closes has its last snapshot stored', async () => {
    const schema = uniqueSchema();
    cleanups.push(() => dropSchema(schema));
    const store = new PostgresStore({ connectionString: PG_URL, schema });
    const sup = await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store } }] });
    for (let i = 0; i < 30; i++) refOf(sup, 'c').send({ type: 'INC' });
    const n = contextOf(refOf(sup, 'c')).n;
    await sup.stop();
    await store.close();
    const reader = new PostgresStore({ connectionString: PG_URL, schema });
    cleanups.push(() => reader.close());
    expect(await reader.load('c')).toMatchObject({ context: { n } });
  });
});
