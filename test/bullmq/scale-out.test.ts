// The scale-out test: three node processes consume one queue of 2,000 mixed jobs (ok, CPU-bound,
// throwing, hanging, thread-crashing); one node is killed with SIGKILL mid-run. Every job must end
// completed or failed with its expected reason, none stays active, each side effect happens at most
// once per start of the job, hung jobs fail within their timeout plus a margin, and the dead
// node's jobs are picked up by the others through BullMQ's stalled recovery.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Job } from 'bullmq';
import { afterAll, expect, it } from 'vitest';
import { cleanKeys, uniqueQueue, waitFor } from './support.js';

const TOTAL = 2_000;
const TIMEOUT = 500;
const MIX: [kind: string, count: number, data: Record<string, unknown>][] = [
  ['ok', 1_330, {}],
  ['cpu', 500, { ms: 15 }],
  ['fail', 100, {}],
  ['hang', 30, {}],
  ['crash', 40, {}],
];
const EXPECTED: Record<string, (job: Job) => boolean> = {
  ok: (job) => job.finishedOn !== undefined && job.returnvalue === job.data.key,
  cpu: (job) => job.returnvalue === job.data.key,
  fail: (job) => job.failedReason === `boom ${job.data.key}`,
  hang: (job) => job.failedReason === `Job ${job.id} timed out after ${TIMEOUT} ms.`,
  crash: (job) => /crashed \(thread exit code 7\)/.test(job.failedReason ?? ''),
};

const q = uniqueQueue('scale');
const dir = mkdtempSync(join(tmpdir(), 'overseer-scale-'));
const effects = join(dir, 'effects.log');
const nodes: ChildProcess[] = [];
afterAll(async () => {
  for (const child of nodes) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await q.queue.close();
  q.connection.disconnect();
  await cleanKeys(q.prefix);
  rmSync(dir, { recursive: true, force: true });
});

function startNode(name: string): Promise<ChildProcess> {
  const child = fork(fileURLToPath(new URL('./fixtures/scale-node.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SCALE_QUEUE: q.name, SCALE_PREFIX: q.prefix, SCALE_NODE: name, SCALE_TIMEOUT: String(TIMEOUT) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  nodes.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`node ${name} exited with ${code} before it was ready`)));
  });
}

function closeNode(child: ChildProcess): Promise<{ abandoned: number }> {
  return new Promise((resolve) => {
    child.on('message', (message: { type: string; abandoned: number }) => {
      if (message.type === 'closed') resolve(message);
    });
    child.send({ type: 'close' });
  });
}

it('three nodes, 2,000 mixed jobs, one node killed with SIGKILL: every job ends as expected, none lost', async () => {
  writeFileSync(effects, '');
  const jobs = MIX.flatMap(([kind, count, data]) => Array.from({ length: count }, (_, i) => ({ kind, i, data })));
  // Interleave the kinds so every node meets every kind.
  jobs.sort((a, b) => a.i / MIX.find(([k]) => k === a.kind)![1] - b.i / MIX.find(([k]) => k === b.kind)![1]);
  expect(jobs).toHaveLength(TOTAL);
  await q.queue.addBulk(
    jobs.map(({ kind, i, data }) => {
      const key = `${kind}-${i}`;
      return { name: kind, data: { ...data, key, file: effects }, opts: { jobId: key, attempts: 2, backoff: { type: 'fixed', delay: 50 }, removeOnComplete: false, removeOnFail: false } };
    }),
  );
  const started = Date.now();
  const [, doomed] = await Promise.all([startNode('node-a'), startNode('node-b'), startNode('node-c')]);

  // Kill one node mid-run, while it holds jobs.
  await waitFor(async () => (await q.queue.getJobCounts('completed', 'failed')).completed! >= 500, 40_000, 50);
  const dead = new Promise((resolve) => doomed!.once('exit', resolve));
  doomed!.kill('SIGKILL');
  await dead;
  const killedAt = Date.now();

  await waitFor(async () => {
    const counts = await q.queue.getJobCounts('completed', 'failed');
    if (process.env.SCALE_DEBUG) console.error(JSON.stringify(await q.queue.getJobCounts()));
    return counts.completed! + counts.failed! === TOTAL;
  }, 60_000, 200);
  const elapsed = Date.now() - started;
  const counts = await q.queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized', 'completed', 'failed');
  expect(counts).toMatchObject({ active: 0, waiting: 0, delayed: 0, prioritized: 0 });

  const done = [...(await q.queue.getJobs(['completed'], 0, TOTAL)), ...(await q.queue.getJobs(['failed'], 0, TOTAL))];
  expect(done).toHaveLength(TOTAL);
  const runs = new Map<string, number>();
  for (const line of readFileSync(effects, 'utf8').split('\n')) if (line !== '') runs.set(line, (runs.get(line) ?? 0) + 1);

  const unexpected = done.filter((job) => !EXPECTED[job.name]!(job));
  expect(unexpected.map((job) => [job.id, job.failedReason, job.returnvalue])).toEqual([]);
  for (const job of done) {
    const count = runs.get(job.data.key) ?? 0;
    // At least once, and never more than BullMQ started it (each attempt, plus a start lost with the dead node).
    expect(count, job.id).toBeGreaterThanOrEqual(1);
    expect(count, job.id).toBeLessThanOrEqual(job.attemptsStarted);
    expect(job.attemptsStarted, job.id).toBeLessThanOrEqual(2 + job.stalledCounter);
  }
  // Hung jobs: each failed try lasted its timeout plus a margin, not BullMQ's 30 s.
  for (const job of done.filter((j) => j.name === 'hang')) {
    const ran = job.finishedOn! - job.processedOn!;
    expect(ran, job.id).toBeGreaterThanOrEqual(TIMEOUT - 10);
    expect(ran, job.id).toBeLessThan(TIMEOUT + 2_500);
  }
  // The dead node's jobs stalled and were finished by the others.
  const recovered = done.filter((job) => job.stalledCounter > 0);
  expect(recovered.length).toBeGreaterThanOrEqual(1);
  for (const job of recovered) expect(job.finishedOn!).toBeGreaterThan(killedAt);

  const closed = await Promise.all(nodes.filter((child) => child !== doomed).map(closeNode));
  expect(closed.map((c) => c.abandoned)).toEqual([0, 0]);
  console.log(`scale-out: ${TOTAL} jobs in ${elapsed} ms, ${recovered.length} recovered after SIGKILL`);
}, 120_000);
