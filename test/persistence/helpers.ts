/**
 * Fixtures of the persistence suite: a counter machine that can crash, finish, checkpoint and
 * hold a value no store can keep, and the three stores (memory, file, PostgreSQL) made fresh
 * for each test and cleaned up after it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { assign, emit, setup } from 'xstate';
import { CHECKPOINT_EVENT, FileStore, MemoryStore, type JsonValue, type SnapshotStore } from '../../src/index.js';
import { PostgresStore } from '../../src/postgres/index.js';

export const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

export type CounterEvent =
  | { type: 'INC' }
  | { type: 'CRASH' }
  | { type: 'FINISH' }
  | { type: 'HOLD_FUNCTION' }
  | { type: 'CHECKPOINT' };

/**
 * `INC` adds one (and moves `counting` → `counting`), `CRASH` throws, `FINISH` reaches a final
 * state, `HOLD_FUNCTION` puts a function in the context, `CHECKPOINT` emits the checkpoint event.
 */
export const counter = setup({
  types: { context: {} as { n: number; held?: unknown }, events: {} as CounterEvent, input: {} as { start?: number } | undefined },
}).createMachine({
  id: 'counter',
  context: ({ input }) => ({ n: input?.start ?? 0 }),
  initial: 'counting',
  states: {
    counting: {
      on: {
        INC: { actions: assign({ n: ({ context }) => context.n + 1 }) },
        CRASH: {
          actions: () => {
            throw new Error('counter crashed');
          },
        },
        FINISH: 'finished',
        HOLD_FUNCTION: { actions: assign({ held: () => () => 'not data' }) },
        CHECKPOINT: { actions: emit({ type: CHECKPOINT_EVENT }) },
      },
    },
    finished: { type: 'final' },
  },
});

export interface StoreKind {
  name: 'memory' | 'file' | 'postgres';
  /** A fresh, empty store, and how to get rid of it. */
  make(): Promise<{ store: SnapshotStore; cleanup: () => Promise<void> }>;
}

let schemas = 0;

/** A schema of this test process's own, so parallel test files and runs never meet. */
export function uniqueSchema(): string {
  return `overseer_test_${process.pid}_${Date.now() % 1e6}_${schemas++}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export const STORE_KINDS: StoreKind[] = [
  { name: 'memory', make: () => Promise.resolve({ store: new MemoryStore(), cleanup: () => Promise.resolve() }) },
  {
    name: 'file',
    async make() {
      const directory = await mkdtemp(join(tmpdir(), 'overseer-store-'));
      return { store: new FileStore(directory), cleanup: () => rm(directory, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    make() {
      const schema = uniqueSchema();
      const store = new PostgresStore({ connectionString: PG_URL, schema });
      return Promise.resolve({
        store,
        async cleanup() {
          await store.close();
          await dropSchema(schema);
        },
      });
    },
  },
];

/** Context of a child's current actor. */
export function contextOf(ref: unknown): { n: number; held?: unknown } {
  return (ref as { getSnapshot(): { context: { n: number } } }).getSnapshot().context;
}

/**
 * A memory store that records every save (the counter's `n`, or the whole snapshot) and can be
 * told to hold saves back (`gate`) or to fail (`fail`).
 */
export class RecordingStore extends MemoryStore {
  readonly saved: unknown[] = [];
  fail: { load?: unknown; save?: unknown; saveThrows?: unknown } = {};
  private gates: Array<() => void> = [];
  holding = false;

  private loadGate: Promise<void> | undefined;

  override async load(key: string) {
    if (this.fail.load !== undefined) throw this.fail.load;
    await this.loadGate;
    return super.load(key);
  }

  override async delete(key: string) {
    await this.loadGate;
    return super.delete(key);
  }

  /** Holds every load and delete (what a restart does before it starts the child) back until the returned function is called. */
  holdRestores(): () => void {
    let open!: () => void;
    this.loadGate = new Promise<void>((resolve) => (open = resolve));
    return () => {
      this.loadGate = undefined;
      open();
    };
  }

  override save(key: string, snapshot: JsonValue): Promise<void> {
    if (this.fail.saveThrows !== undefined) throw this.fail.saveThrows;
    if (this.fail.save !== undefined) return Promise.reject(this.fail.save);
    const context = (snapshot as { context?: { n?: unknown } }).context;
    this.saved.push(context?.n ?? snapshot);
    if (!this.holding) return super.save(key, snapshot);
    return new Promise<void>((resolve) => this.gates.push(resolve)).then(() => super.save(key, snapshot));
  }

  /** Lets every held save through, and stops holding. */
  release(): void {
    this.holding = false;
    for (const open of this.gates.splice(0)) open();
  }
}
