import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { assign, setup, type AnyActorRef } from 'xstate';
import { FileStore, MemoryStore, startSupervisor, type JsonValue, type SnapshotStore } from '../../src/index.js';
import { PostgresStore } from '../../src/postgres/index.js';
import { inFreshProcess } from '../isolate.js';
import { fmt, median, percentile, sorted } from '../stats.js';
import type { Metric, Suite } from '../types.js';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** An order-like machine: a counter in a context with a few fields, persisted after every transition. */
const order = setup({ types: { context: {} as { n: number; id: string; lines: Array<{ sku: string; qty: number }> } } }).createMachine({
  id: 'order',
  context: { n: 0, id: 'order-1', lines: [{ sku: 'A-1', qty: 2 }, { sku: 'B-7', qty: 1 }] },
  on: { INC: { actions: assign({ n: ({ context }) => context.n + 1 }) } },
});

type Contender = 'none' | 'memory' | 'file-no-fsync' | 'file-fsync' | 'postgres';
const CONTENDERS: Contender[] = ['none', 'memory', 'file-no-fsync', 'file-fsync', 'postgres'];
const LABEL: Record<Contender, string> = {
  none: 'not durable',
  memory: 'MemoryStore',
  'file-no-fsync': 'FileStore, fsync: false',
  'file-fsync': 'FileStore (fsync)',
  postgres: 'PostgresStore',
};

interface Plan {
  /** Events per burst, sent in chunks of `CHUNK` with a turn of the event loop between chunks. */
  burst: number;
  /** Bursts; the median rate is reported. */
  rounds: number;
  serial: number;
  warmup: number;
}
const FULL: Plan = { burst: 20_000, rounds: 7, serial: 2_000, warmup: 200 };
const SMOKE: Plan = { burst: 200, rounds: 1, serial: 20, warmup: 5 };
const CHUNK = 100;
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Measured {
  /** Events per second, sent in a burst, until the store holds the last one's snapshot. */
  burstPerSecond: number;
  /** Writes the store performed during the burst (coalesced: the newest snapshot wins). */
  burstWrites: number;
  /** send → snapshot saved, one event at a time, in µs (sorted). */
  latencies: number[];
}

/** A store that tells who waits for a count when the snapshot holding it is saved. */
class Watched implements SnapshotStore {
  writes = 0;
  private waiting: { n: number; resolve: () => void } | undefined;
  constructor(private readonly inner: SnapshotStore) {}
  load(key: string) {
    return this.inner.load(key);
  }
  async save(key: string, snapshot: JsonValue) {
    await this.inner.save(key, snapshot);
    this.writes++;
    const n = (snapshot as { context: { n: number } }).context.n;
    if (this.waiting !== undefined && n >= this.waiting.n) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve();
    }
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
  keys() {
    return this.inner.keys();
  }
  savedAt(n: number): Promise<void> {
    return new Promise((resolve) => (this.waiting = { n, resolve }));
  }
}

/** Runs in a fresh process: one contender's burst throughput and per-event save latency. */
export async function measureDurable(args: { contender: Contender; smoke: boolean }): Promise<Measured> {
  const plan = args.smoke ? SMOKE : FULL;
  let inner: SnapshotStore | undefined;
  let cleanup = async (): Promise<void> => undefined;
  if (args.contender === 'memory') inner = new MemoryStore();
  if (args.contender === 'file-fsync' || args.contender === 'file-no-fsync') {
    const directory = await mkdtemp(join(tmpdir(), 'overseer-bench-'));
    inner = new FileStore(directory, { fsync: args.contender === 'file-fsync' });
    cleanup = () => rm(directory, { recursive: true, force: true });
  }
  if (args.contender === 'postgres') {
    const schema = `overseer_bench_${process.pid}`;
    const store = new PostgresStore({ connectionString: PG_URL, schema });
    inner = store;
    cleanup = async () => {
      await store.close();
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    };
  }
  const store = inner === undefined ? undefined : new Watched(inner);
  const sup = await startSupervisor({ children: [{ id: 'order', logic: order, ...(store === undefined ? {} : { persist: { store } }) }] });
  const ref = sup.whichChildren()[0]!.ref as AnyActorRef;
  const count = (): number => (ref.getSnapshot() as { context: { n: number } }).context.n;
  try {
    // Bursts: events sent in chunks, the event loop turning between chunks (so the store writes
    // meanwhile); each timed until the store holds the last count.
    const rates: number[] = [];
    const writes: number[] = [];
    for (let round = 0; round < plan.rounds; round++) {
      const writesBefore = store?.writes ?? 0;
      const start = performance.now();
      const saved = store?.savedAt(count() + plan.burst);
      for (let i = 0; i < plan.burst; i += CHUNK) {
        for (let j = 0; j < CHUNK; j++) ref.send({ type: 'INC' });
        await turn();
      }
      await saved;
      rates.push(plan.burst / ((performance.now() - start) / 1000));
      writes.push((store?.writes ?? 0) - writesBefore);
    }
    const burstPerSecond = median(sorted(rates));
    const burstWrites = median(sorted(writes));
    // Serial: one event at a time, timed from send until its snapshot is saved (not durable: processed).
    const latencies: number[] = [];
    for (let i = 0; i < plan.warmup + plan.serial; i++) {
      const target = count() + 1;
      const done = store?.savedAt(target);
      const at = performance.now();
      ref.send({ type: 'INC' });
      await done;
      if (i >= plan.warmup) latencies.push((performance.now() - at) * 1000);
    }
    return { burstPerSecond, burstWrites, latencies: sorted(latencies) };
  } finally {
    await sup.stop();
    await cleanup();
  }
}

/** What saving a snapshot after every transition costs, per store, against a child that is not durable. */
export const durablePersistSuite: Suite = {
  name: 'durable-persist',
  description: "cost of persist: { save: 'transition' } per store (memory, file with and without fsync, PostgreSQL) vs a child that is not durable",
  async run(context) {
    const plan = context.smoke ? SMOKE : FULL;
    const results = new Map<Contender, Measured>();
    for (const contender of CONTENDERS) {
      context.progress(`durable-persist: ${LABEL[contender]}`);
      results.set(contender, await inFreshProcess<Measured>(new URL(import.meta.url), 'measureDurable', { contender, smoke: context.smoke }));
    }
    const baseline = results.get('none')!.burstPerSecond;
    const rows: string[][] = [];
    const metrics: Metric[] = [];
    for (const [contender, measured] of results) {
      const p50 = median(measured.latencies);
      const p99 = percentile(measured.latencies, 99);
      const ratio = measured.burstPerSecond / baseline;
      rows.push([LABEL[contender], fmt(measured.burstPerSecond, 0), `${fmt(ratio, 2)}×`, contender === 'none' ? '-' : String(measured.burstWrites), fmt(p50), fmt(p99)]);
      metrics.push(
        { key: `durable.${contender}.burst_per_s`, label: `events/s in a burst, ${LABEL[contender]}`, value: measured.burstPerSecond, unit: 'events/s' },
        { key: `durable.${contender}.vs_none`, label: `burst throughput vs not durable, ${LABEL[contender]}`, value: ratio, unit: '×' },
        { key: `durable.${contender}.saved_p50`, label: `send → saved p50, ${LABEL[contender]}`, value: p50, unit: 'µs' },
        { key: `durable.${contender}.saved_p99`, label: `send → saved p99, ${LABEL[contender]}`, value: p99, unit: 'µs' },
      );
    }
    return {
      suite: this.name,
      title: 'What persisting a durable child costs, per store',
      method:
        "One supervised machine (a counter in an order-like context) with `persist: { store, save: 'transition' }`, against the same " +
        `machine not durable; each configuration in a fresh process. Burst: ${plan.burst} events sent in chunks of ${CHUNK} with a ` +
        'turn of the event loop between chunks, timed until the store holds the snapshot of the last one; the median of ' +
        `${plan.rounds} bursts. Writes to one key are serialized and coalesced, so a slower store writes fewer, newer snapshots ` +
        '(the "writes" column: median writes per burst). ' +
        `Serial: ${plan.serial} events one at a time (after ${plan.warmup} warm-up), ` +
        'each timed from `send` until the store has saved its snapshot (not durable: until processed). PostgreSQL is the local ' +
        'server over TCP; the file stores write to the temp directory.',
      table: { columns: ['store', 'burst events/s', 'vs not durable', 'writes in burst', 'send → saved p50 µs', 'p99 µs'], rows },
      metrics,
      notes: [
        "The serial latency is what `save: 'transition'` adds to each event when the caller waits for the save; the burst shows " +
          'that a child does not wait for its store: it keeps processing, and the store gets the newest snapshot when it is ready. ' +
          "`{ throttle: ms }` and `'checkpoint'` bound the writes instead (docs/durable.md).",
      ],
    };
  },
};
