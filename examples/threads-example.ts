/**
 * The example of docs/threads.md: CPU-bound work (SHA-256 chains, a prime sieve) in a pool of
 * worker threads, then what each kind of failure looks like to the caller. Checked with asserts.
 *
 * Run: npx tsx examples/threads-example.ts
 */
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import {
  PoolFailedError,
  TaskTimeoutError,
  WorkerCrashError,
  createThreadPool,
  type ThreadPool,
} from '../src/index.js';

type Handlers = typeof import('./fixtures/threads-handlers.mjs');
const HANDLERS = new URL('./fixtures/threads-handlers.mjs', import.meta.url);

/** Events of the pool, printed as they happen. */
function logEvents(pool: ThreadPool<Handlers>): void {
  pool.events.on('workerCrashed', ({ workerId, error }) => console.log(`  [event] workerCrashed ${workerId}: ${(error as Error).message}`));
  pool.events.on('workerRestarted', ({ workerId }) => console.log(`  [event] workerRestarted ${workerId}`));
  pool.events.on('workerRetired', ({ workerId, reason }) => console.log(`  [event] workerRetired ${workerId} (${reason})`));
}

/** Wall time of `jobs` hash chains on a pool of `threads` threads (thread start-up not counted). */
async function hashBatch(threads: number, jobs: number, rounds: number): Promise<{ ms: number; threadIds: Set<number> }> {
  const pool = createThreadPool<Handlers>(HANDLERS, { size: threads });
  try {
    await pool.ready(); // every thread has loaded the module and run `init`
    await Promise.all(Array.from({ length: threads }, () => pool.call('hashChain', 'warm-up', 1000)));
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: jobs }, (_, i) => pool.call('hashChain', `job-${i}`, rounds)));
    const ms = performance.now() - started;
    // Deterministic: the same seed gives the same digest in any thread.
    const again = await pool.call('hashChain', 'job-0', rounds);
    assert.equal(again.hex, results[0]?.hex);
    return { ms, threadIds: new Set(results.map((r) => r.threadId)) };
  } finally {
    await pool.close();
  }
}

async function main(): Promise<void> {
  // 1. CPU-bound work: the same batch on 1 thread and on 2.
  const jobs = 8;
  const rounds = 20_000; // tens of ms of SHA-256 per job
  const one = await hashBatch(1, jobs, rounds);
  const two = await hashBatch(2, jobs, rounds);
  console.log(`1. ${jobs} hash chains of ${rounds.toLocaleString('en-US')} SHA-256 rounds:`);
  console.log(`   1 thread ${one.ms.toFixed(0)} ms, 2 threads ${two.ms.toFixed(0)} ms: ${(one.ms / two.ms).toFixed(2)}× faster`);
  console.log(`   (this machine offers ${availableParallelism()} cores; other load on it lowers the speed-up)`);
  assert.equal(one.threadIds.size, 1);
  assert.equal(two.threadIds.size, 2, 'both threads took jobs');

  // 2. A longer-lived pool: typed calls, the task context, transfer.
  const pool = createThreadPool<Handlers>(HANDLERS, { size: 2, taskTimeout: 10_000 });
  logEvents(pool);
  const primes = await pool.call('countPrimes', 5_000_000);
  assert.equal(primes, 348_513);
  console.log(`2. primes below 5,000,000: ${primes.toLocaleString('en-US')}`);

  const buffer = new ArrayBuffer(1 << 20);
  new Uint8Array(buffer).fill(1);
  const sum = await pool.run('byteSum', [buffer], { transfer: [buffer] });
  assert.equal(sum, 1 << 20);
  assert.equal(buffer.byteLength, 0, 'a transferred buffer is detached in the caller');
  console.log(`   byteSum of a transferred 1 MiB buffer: ${sum}; the caller's buffer now has byteLength ${buffer.byteLength}`);

  const before = await pool.call('stats');
  console.log(`   stats from a thread: ${JSON.stringify(before)}`);

  // 3. A thread that exits in the middle of a task: WorkerCrashError, and a fresh thread.
  const crash = await pool.call('crash', 3).catch((error: unknown) => error);
  assert.ok(crash instanceof WorkerCrashError);
  assert.equal(crash.exitCode, 3);
  assert.match(crash.workerId, /\/worker-\d+\./); // <pool>/worker-<n>.<nanoid>: a fresh id per thread
  console.log(`3. crash: ${crash.name} exitCode=${crash.exitCode} taskId=${crash.taskId} workerId=${crash.workerId}`);
  console.log(`   cause: ${(crash.cause as Error).message}`);

  // 4. A task past its timeout: TaskTimeoutError, and its thread is terminated (the loop really stops).
  const started = performance.now();
  const timedOut = await pool.run('forever', [], { timeout: 200 }).catch((error: unknown) => error);
  assert.ok(timedOut instanceof TaskTimeoutError);
  console.log(`4. timeout: ${timedOut.name} after ${(performance.now() - started).toFixed(0)} ms: ${timedOut.message}`);

  // 5. Aborting a running task: it rejects with the abort reason, and its thread is terminated too.
  const controller = new AbortController();
  const aborted = pool.run('forever', [], { signal: controller.signal }).catch((error: unknown) => error);
  setTimeout(() => controller.abort(new Error('user pressed cancel')), 50);
  const reason = await aborted;
  assert.ok(reason instanceof Error && reason.message === 'user pressed cancel');
  console.log(`5. abort: rejected with the reason: ${(reason as Error).message}`);

  // The pool kept serving throughout, on fresh threads.
  const results = await Promise.all(Array.from({ length: 4 }, (_, i) => pool.call('countPrimes', 10_000 * (i + 1))));
  assert.deepEqual(results, [1229, 2262, 3245, 4203]);
  const status = pool.status();
  console.log(`   still serving: ${JSON.stringify(results)}; status ${JSON.stringify(status)}`);
  console.log(`   metrics: crashes=${pool.metrics().crashes} restarts=${pool.metrics().restarts}`);
  await pool.close();
  assert.equal(pool.phase, 'closed');

  // 6. A module that cannot load: a crash loop, stopped by the restart intensity; the pool fails.
  const broken = createThreadPool(`data:text/javascript,${encodeURIComponent("throw new Error('no such model file')")}`, {
    size: 1,
    intensity: 2, // more than 2 worker restarts ...
    period: 5000, // ... within 5 s, and the pool fails
    recovery: false, // for good (by default a pool with no parent backs off and tries again)
  });
  const failed = new Promise<unknown>((resolve) => broken.events.on('failed', ({ error }) => resolve(error)));
  const refused = await broken.call('anything').catch((error: unknown) => error);
  const cause = await failed;
  assert.equal(broken.phase, 'failed');
  assert.ok(refused instanceof PoolFailedError);
  assert.equal((refused.cause as Error).message, 'no such model file');
  console.log(`6. module load failure: pool ${broken.phase}; the call rejected with ${refused.name}; cause: ${(cause as Error).message}`);
  await broken.close();
}

await main();
console.log('done');
