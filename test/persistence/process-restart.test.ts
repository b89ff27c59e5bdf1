import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/index.js';
import { PostgresStore } from '../../src/postgres/index.js';
import { PG_URL, dropSchema, uniqueSchema } from './helpers.js';

/**
 * A tree of durable counters runs in a child process that saves as fast as its store allows; the
 * test kills it with SIGKILL in the middle of its writes, three times, each time starting a new
 * process on the same store. Every new process must resume each child from a whole snapshot (no
 * torn file or row) holding at least the last count the store had acknowledged (nothing lost).
 */

const fixture = fileURLToPath(new URL('./fixtures/durable-tree.ts', import.meta.url));
const IDS = ['a', 'b', 'c'];
const KILLS = 3;
const running = new Set<ChildProcess>();

type Message =
  | { type: 'started'; pid: number; values: Record<string, number>; persistence: Record<string, string | undefined> }
  | { type: 'saved'; id: string; n: number }
  | { type: 'stopped' };

interface Run {
  process: ChildProcess;
  started: Promise<Extract<Message, { type: 'started' }>>;
  /** The highest count the store acknowledged, per child. */
  acked: Record<string, number>;
  saves: number;
  /** Resolves once `count` more saves were acknowledged. */
  savesReached(count: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function launch(target: string): Run {
  const child = fork(fixture, [target], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  running.add(child);
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const run: Run = {
    process: child,
    acked: {},
    saves: 0,
    started: new Promise((resolve, reject) => {
      child.on('message', (message: Message) => {
        if (message.type === 'started') resolve(message);
        if (message.type !== 'saved') return;
        run.acked[message.id] = Math.max(run.acked[message.id] ?? 0, message.n);
        run.saves++;
        for (const waiter of waiters.filter((w) => run.saves >= w.count)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`fixture exited (${code}) before it started`)));
    }),
    savesReached: (count) => new Promise((resolve) => waiters.push({ count: run.saves + count, resolve })),
    exited: new Promise((resolve) => child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    })),
  };
  return run;
}

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Kills the tree `KILLS` times mid-write and checks each resumption; returns the last run's
 * acknowledged counts, after stopping it gracefully.
 */
async function killAndResume(target: string, afterKill: () => Promise<void>): Promise<Record<string, number>> {
  let previous: Record<string, number> | undefined;
  for (let round = 0; round <= KILLS; round++) {
    const run = launch(target);
    const started = await run.started;
    if (previous === undefined) {
      expect(started.persistence).toEqual({ a: 'fresh', b: 'fresh', c: 'fresh' });
    } else {
      expect(started.persistence).toEqual({ a: 'restored', b: 'restored', c: 'restored' });
      // Nothing acknowledged was lost: each child resumes at its last acknowledged count or
      // later (a save may have landed after its acknowledgement could be sent).
      for (const id of IDS) expect(started.values[id]).toBeGreaterThanOrEqual(previous[id]!);
    }
    // Let it write for a while (a different amount each round), then kill it while it writes.
    await run.savesReached(30 + round * 17);
    if (round === KILLS) {
      run.process.send('stop');
      expect((await run.exited).code).toBe(0);
      return run.acked;
    }
    run.process.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    previous = { ...run.acked };
    for (const id of IDS) expect(previous[id]).toBeGreaterThan(0);
    await afterKill();
  }
  throw new Error('unreachable');
}

describe('a tree of durable children survives its process being killed with SIGKILL mid-write', () => {
  it('FileStore: no torn file, no lost snapshot, three kills in a row', { timeout: 90_000 }, async () => {
    const directory = await mkdtemp(join(tmpdir(), 'overseer-kill-'));
    let tempsLeft = 0;
    try {
      const last = await killAndResume(`file:${directory}`, async () => {
        // Every snapshot file on disk parses whole, right after the kill.
        const all = await readdir(directory);
        tempsLeft += all.filter((name) => name.endsWith('.tmp')).length;
        const files = all.filter((name) => name.endsWith('.json'));
        expect(files.sort()).toEqual(['a.json', 'b.json', 'c.json']);
        for (const name of files) expect(JSON.parse(await readFile(join(directory, name), 'utf8'))).toMatchObject({ snapshot: { status: 'active' } });
      });
      // The kills did land mid-write: they left the temporary files of unfinished saves behind.
      expect(tempsLeft).toBeGreaterThan(0);
      const store = new FileStore(directory);
      for (const id of IDS) expect(((await store.load(id)) as { context: { n: number } }).context.n).toBeGreaterThanOrEqual(last[id]!);
      // Temporary files of the killed processes were cleared by the processes after them.
      expect((await readdir(directory)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('PostgresStore: no torn or lost row, three kills in a row', { timeout: 90_000 }, async () => {
    const schema = uniqueSchema();
    const store = new PostgresStore({ connectionString: PG_URL, schema });
    try {
      const last = await killAndResume(`postgres:${schema}`, async () => {
        expect((await store.keys()).sort()).toEqual(IDS);
        for (const id of IDS) expect(await store.load(id)).toMatchObject({ status: 'active', value: 'counting' });
      });
      for (const id of IDS) expect(((await store.load(id)) as { context: { n: number } }).context.n).toBeGreaterThanOrEqual(last[id]!);
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  });
});
