import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { FixedThreadPool } from 'poolifier';
import Tinypool from 'tinypool';
import workerpool from 'workerpool';
import { createThreadPool } from '../../src/index.js';
import { fmt, median, percentile, sorted } from '../stats.js';
import type { Metric, Suite, SuiteContext } from '../types.js';
import { overseerSource, rotated, spread, startClock, versionOf } from '../compare.js';
import { obtainGc } from '../gc.js';
import { inFreshProcess } from '../isolate.js';

/** overseer's handlers module: `inc(x)` and `spin(iterations)` as named exports. */
const OVERSEER_HANDLERS = new URL('../fixtures/overseer-handlers.mjs', import.meta.url);
/** piscina's and tinypool's worker: `inc` as the default export, `spin` named. */
const PEER_WORKER = new URL('../fixtures/peer-worker.mjs', import.meta.url);
/** poolifier's worker: a `ThreadWorker` with the task functions `inc` (default) and `spin`. */
const POOLIFIER_WORKER = new URL('../fixtures/poolifier-worker.mjs', import.meta.url);
/** workerpool's worker (CommonJS: its process mode forks the file). */
const WORKERPOOL_WORKER = new URL('../fixtures/workerpool-worker.cjs', import.meta.url);
/** The CPU work itself, loaded here too to calibrate the batch. */
const SPIN_MODULE = new URL('../fixtures/spin.mjs', import.meta.url);

const THREADS = 2;

/** One pool of one contender, created fresh for every measurement. */
interface ThreadRunner {
  /** The tiny task: resolves with `x + 1`. */
  inc(x: number): Promise<unknown>;
  /** The CPU task: `iterations` rounds of xorshift. */
  spin(iterations: number): Promise<unknown>;
  close(): Promise<void>;
}

interface ThreadContender {
  key: string;
  label: string;
  version: string;
  /** Creates the pool and resolves once its threads can take work. */
  create(threads: number): Promise<ThreadRunner>;
}

interface Plan {
  /** Tiny tasks per throughput measurement. */
  n: number;
  /** Tiny tasks run through each fresh pool before it is measured (JIT in both threads, threads up). */
  warmupN: number;
  /** One-at-a-time calls timed per round, after `latencyWarmup` untimed ones. */
  latencyCalls: number;
  latencyWarmup: number;
  rounds: number;
  /** CPU batch: tasks per batch, target CPU time per task, rounds. */
  cpuTasks: number;
  cpuTaskMs: number;
  cpuRounds: number;
}

const FULL: Plan = { n: 20_000, warmupN: 2000, latencyCalls: 3000, latencyWarmup: 500, rounds: 7, cpuTasks: 8, cpuTaskMs: 50, cpuRounds: 5 };
const SMOKE: Plan = { n: 300, warmupN: 100, latencyCalls: 100, latencyWarmup: 20, rounds: 1, cpuTasks: 4, cpuTaskMs: 4, cpuRounds: 1 };

/** How long a pool may take to close before the suite gives up on it (poolifier's `destroy` can hang). */
const CLOSE_LIMIT_MS = 10_000;

function ownVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function until(ready: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!ready()) {
    if (performance.now() > deadline) throw new Error(`thread-throughput: timed out waiting for ${what}`);
    await tick();
  }
}

/** Problems met while closing pools; reported as notes rather than failing the run. */
const closeProblems: string[] = [];

async function closeWithin(runner: ThreadRunner, key: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), CLOSE_LIMIT_MS)));
  try {
    const outcome = await Promise.race([runner.close().then(() => 'closed' as const), limit]);
    if (outcome === 'late') closeProblems.push(`${key}: closing a pool did not settle within ${CLOSE_LIMIT_MS / 1000} s`);
  } catch (error) {
    closeProblems.push(`${key}: closing a pool failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

function overseerContender(
  key: string,
  label: string,
  extra: { taskTimeout?: false; circuitBreaker?: false; isolation?: 'process' },
): ThreadContender {
  return {
    key,
    label,
    version: ownVersion(),
    async create(threads) {
      type Handlers = typeof import('../fixtures/overseer-handlers.mjs');
      const pool = createThreadPool<Handlers>(OVERSEER_HANDLERS, {
        name: `bench-${key}`,
        size: threads,
        maxQueueSize: Number.POSITIVE_INFINITY,
        ...extra,
      });
      await pool.ready(); // its threads have loaded the module
      return {
        inc: (x) => pool.call('inc', x),
        spin: (iterations) => pool.call('spin', iterations),
        close: () => pool.close(),
      };
    },
  };
}

function contenders(): ThreadContender[] {
  return [
    overseerContender('overseer', 'overseer (defaults: taskTimeout 30 s, breaker on)', {}),
    overseerContender('overseer-bare', 'overseer (taskTimeout: false, circuitBreaker: false)', { taskTimeout: false, circuitBreaker: false }),
    overseerContender('overseer-process', "overseer, isolation: 'process' (defaults otherwise)", { isolation: 'process' }),
    {
      key: 'tinypool-process',
      label: "tinypool, runtime: 'child_process'",
      version: versionOf('tinypool'),
      async create(threads) {
        const pool = new Tinypool({ filename: PEER_WORKER.href, minThreads: threads, maxThreads: threads, runtime: 'child_process' });
        return {
          inc: (x) => pool.run(x),
          spin: (iterations) => pool.run(iterations, { name: 'spin' }),
          close: () => pool.destroy(),
        };
      },
    },
    {
      key: 'workerpool-process',
      label: "workerpool, workerType: 'process'",
      version: versionOf('workerpool'),
      async create(threads) {
        const pool = workerpool.pool(fileURLToPath(WORKERPOOL_WORKER), { workerType: 'process', minWorkers: threads, maxWorkers: threads });
        return {
          inc: (x) => pool.exec('inc', [x]) as Promise<unknown>,
          spin: () => Promise.reject(new Error('workerpool runs no CPU batch here')),
          close: async () => {
            await pool.terminate();
          },
        };
      },
    },
    {
      key: 'piscina',
      label: 'piscina',
      version: versionOf('piscina'),
      async create(threads) {
        const pool = new Piscina({ filename: PEER_WORKER.href, minThreads: threads, maxThreads: threads });
        return {
          inc: (x) => pool.run(x),
          spin: (iterations) => pool.run(iterations, { name: 'spin' }),
          close: () => pool.destroy(),
        };
      },
    },
    {
      key: 'tinypool',
      label: 'tinypool',
      version: versionOf('tinypool'),
      async create(threads) {
        const pool = new Tinypool({ filename: PEER_WORKER.href, minThreads: threads, maxThreads: threads });
        return {
          inc: (x) => pool.run(x),
          spin: (iterations) => pool.run(iterations, { name: 'spin' }),
          close: () => pool.destroy(),
        };
      },
    },
    {
      key: 'poolifier',
      label: 'poolifier (FixedThreadPool)',
      version: versionOf('poolifier'),
      async create(threads) {
        const pool = new FixedThreadPool<number, number>(threads, fileURLToPath(POOLIFIER_WORKER));
        await until(() => pool.info.ready, 'poolifier threads to start');
        return {
          inc: (x) => pool.execute(x),
          spin: (iterations) => pool.execute(iterations, 'spin'),
          close: () => pool.destroy(),
        };
      },
    },
  ];
}

/** Submits `n` tiny tasks, then awaits them all; checks the results. */
async function batch(runner: ThreadRunner, n: number, key: string): Promise<{ wall: number; cpu: number }> {
  const results: Promise<unknown>[] = new Array(n).fill(undefined);
  const stop = startClock();
  for (let i = 0; i < n; i++) results[i] = runner.inc(i);
  const values = await Promise.all(results);
  const { seconds, cpuSeconds } = stop();
  if (values[0] !== 1 || values[n - 1] !== n) throw new Error(`thread-throughput: ${key} returned wrong results`);
  return { wall: n / seconds, cpu: n / cpuSeconds };
}

/** Round-trip times (µs) of `calls` tiny tasks, each awaited before the next is sent. */
async function roundTrips(runner: ThreadRunner, calls: number, key: string): Promise<number[]> {
  const samples = new Array<number>(calls);
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const value = await runner.inc(i);
    samples[i] = (performance.now() - t0) * 1000;
    if (value !== i + 1) throw new Error(`thread-throughput: ${key} returned ${String(value)} for ${i}`);
  }
  return samples;
}

/**
 * `tasks` CPU tasks of `iterations` each, all submitted at once: wall ms, and the cores the
 * process really got meanwhile (CPU time of all its threads ÷ wall time; other load lowers it).
 */
async function cpuBatch(runner: ThreadRunner, tasks: number, iterations: number): Promise<{ ms: number; cores: number }> {
  const stop = startClock();
  await Promise.all(Array.from({ length: tasks }, () => runner.spin(iterations)));
  const { seconds, cpuSeconds } = stop();
  return { ms: seconds * 1000, cores: cpuSeconds / seconds };
}

/** Iterations of the spin loop that take about `ms` of CPU on this machine (measured on the main thread). */
async function calibrate(ms: number): Promise<number> {
  const { spin } = (await import(SPIN_MODULE.href)) as { spin: (iterations: number) => number };
  let iterations = 100_000;
  for (let i = 0; i < 5; i++) spin(iterations); // compile
  for (;;) {
    const t0 = process.cpuUsage();
    spin(iterations);
    const used = process.cpuUsage(t0);
    const spent = (used.user + used.system) / 1000;
    if (spent >= 20 || iterations > 2 ** 40) {
      const samples: number[] = [];
      for (let i = 0; i < 3; i++) {
        const c0 = process.cpuUsage();
        spin(iterations);
        const c = process.cpuUsage(c0);
        samples.push((c.user + c.system) / 1000);
      }
      return Math.max(1, Math.round((iterations * ms) / median(sorted(samples))));
    }
    iterations *= 4;
  }
}

/** What one fresh process measures of one contender: throughput, then round trips, in one pool. */
interface ThreadSample {
  wall: number;
  cpu: number;
  p50: number;
  p99: number;
  roundTrips: number[];
  /** Problems met closing the pool in that process. */
  closeProblems: string[];
}

/**
 * Runs in a fresh process (see bench/isolate.ts): one pool of one contender, warmed with tiny
 * tasks and round trips, then its throughput and round trips measured once.
 */
export async function measureThreadContender(args: { key: string; smoke: boolean }): Promise<ThreadSample> {
  const plan = args.smoke ? SMOKE : FULL;
  const contender = contenders().find((c) => c.key === args.key);
  if (contender === undefined) throw new Error(`thread-throughput: no contender ${args.key}`);
  const { gc } = obtainGc();
  const runner = await contender.create(THREADS);
  let sample: Omit<ThreadSample, 'closeProblems'>;
  try {
    await batch(runner, plan.warmupN, contender.key);
    await roundTrips(runner, plan.latencyWarmup, contender.key);
    gc();
    const rate = await batch(runner, plan.n, contender.key);
    gc();
    const samples = sorted(await roundTrips(runner, plan.latencyCalls, contender.key));
    sample = { wall: rate.wall, cpu: rate.cpu, p50: percentile(samples, 50), p99: percentile(samples, 99), roundTrips: samples };
  } finally {
    await closeWithin(runner, contender.key);
  }
  return { ...sample, closeProblems: [...closeProblems] };
}

const kilo = (perSecond: number): string => `${fmt(perSecond / 1000, 1)}k`;
const ratio = (value: number, base: number): string => `${fmt(value / base, 2)}×`;
const med = (values: readonly number[]): number => median(sorted(values));

/**
 * The thread pool's "Measure" of issue 4: 20,000 × `x => x + 1` through 2 threads for overseer,
 * piscina, tinypool and poolifier (tasks/s), one-at-a-time round trips (p50/p99), and the
 * wall-time speed-up of a CPU-bound batch from 1 to 2 threads.
 */
export const threadThroughputSuite: Suite = {
  name: 'thread-throughput',
  description: 'worker threads: tasks/s and round trip vs piscina, tinypool, poolifier (20k × x => x + 1, 2 threads); CPU speed-up 1 → 2 threads',
  async run(context: SuiteContext) {
    const plan = context.smoke ? SMOKE : FULL;
    const all = contenders();
    const source = overseerSource();
    closeProblems.length = 0;

    const tput = new Map<string, number[]>(all.map((c) => [c.key, []]));
    const tputCpu = new Map<string, number[]>(all.map((c) => [c.key, []]));
    const p50 = new Map<string, number[]>(all.map((c) => [c.key, []]));
    const p99 = new Map<string, number[]>(all.map((c) => [c.key, []]));
    const pooledLatency = new Map<string, number[]>(all.map((c) => [c.key, []]));
    const self = new URL(import.meta.url);

    for (let round = 0; round < plan.rounds; round++) {
      context.progress(`thread-throughput: round ${round + 1}/${plan.rounds}, ${plan.n} tasks + ${plan.latencyCalls} round trips × ${all.length} contenders`);
      for (const contender of rotated(all, round)) {
        const sample = await inFreshProcess<ThreadSample>(self, 'measureThreadContender', { key: contender.key, smoke: context.smoke });
        (tput.get(contender.key) as number[]).push(sample.wall);
        (tputCpu.get(contender.key) as number[]).push(sample.cpu);
        (p50.get(contender.key) as number[]).push(sample.p50);
        (p99.get(contender.key) as number[]).push(sample.p99);
        (pooledLatency.get(contender.key) as number[]).push(...sample.roundTrips);
        closeProblems.push(...sample.closeProblems);
      }
    }

    // CPU-bound batch: the same work on 1 thread and on 2 (overseer, with piscina as the reference).
    const iterations = await calibrate(plan.cpuTaskMs);
    const cpuKeys = context.smoke ? ['overseer'] : ['overseer', 'piscina'];
    const cpuContenders = all.filter((c) => cpuKeys.includes(c.key));
    const cpuWall = new Map<string, number[]>(cpuContenders.flatMap((c) => [[`${c.key}.1`, []], [`${c.key}.2`, []]] as [string, number[]][]));
    const cpuCores = new Map<string, number[]>(cpuContenders.flatMap((c) => [[`${c.key}.1`, []], [`${c.key}.2`, []]] as [string, number[]][]));
    for (let round = 0; round < plan.cpuRounds; round++) {
      context.progress(`thread-throughput: CPU round ${round + 1}/${plan.cpuRounds}, ${plan.cpuTasks} × ~${plan.cpuTaskMs} ms on 1 and 2 threads`);
      for (const contender of rotated(cpuContenders, round)) {
        for (const threads of round % 2 === 0 ? [1, 2] : [2, 1]) {
          const runner = await contender.create(threads);
          try {
            await cpuBatch(runner, threads, Math.ceil(iterations / 4)); // compile spin in every thread
            const { ms, cores } = await cpuBatch(runner, plan.cpuTasks, iterations);
            (cpuWall.get(`${contender.key}.${threads}`) as number[]).push(ms);
            (cpuCores.get(`${contender.key}.${threads}`) as number[]).push(cores);
          } finally {
            await closeWithin(runner, contender.key);
          }
        }
      }
    }

    const base = {
      tputPoolifier: med(tput.get('poolifier') as number[]),
      tput: med(tput.get('piscina') as number[]),
      p50: med(p50.get('piscina') as number[]),
      p99: med(p99.get('piscina') as number[]),
    };
    const rows: string[][] = [];
    const metrics: Metric[] = [];
    for (const c of all) {
      const t = med(tput.get(c.key) as number[]);
      const l50 = med(p50.get(c.key) as number[]);
      const l99 = med(p99.get(c.key) as number[]);
      rows.push([c.label, c.version, kilo(t), ratio(t, base.tput), ratio(t, base.tputPoolifier), fmt(l50, 1), ratio(l50, base.p50), fmt(l99, 1), ratio(l99, base.p99)]);
      const k = c.key;
      metrics.push(
        { key: `threads.tput.${k}.tasks_per_s`, label: `${k}: tasks/s, ${plan.n} tiny tasks on ${THREADS} threads`, value: t, unit: 'tasks/s' },
        { key: `threads.tput.${k}.tasks_per_cpu_s`, label: `${k}: tasks per CPU-second (all threads)`, value: med(tputCpu.get(k) as number[]), unit: 'tasks/s' },
        { key: `threads.tput.${k}.vs_piscina`, label: `${k}: throughput ÷ piscina's`, value: t / base.tput, unit: '×' },
        { key: `threads.tput.${k}.vs_poolifier`, label: `${k}: throughput ÷ poolifier's`, value: t / base.tputPoolifier, unit: '×' },
        { key: `threads.rtt.${k}.p50`, label: `${k}: round trip p50`, value: l50, unit: 'µs' },
        { key: `threads.rtt.${k}.p99`, label: `${k}: round trip p99`, value: l99, unit: 'µs' },
        { key: `threads.rtt.${k}.p50_vs_piscina`, label: `${k}: round trip p50 ÷ piscina's`, value: l50 / base.p50, unit: '×' },
        { key: `threads.rtt.${k}.p99_vs_piscina`, label: `${k}: round trip p99 ÷ piscina's`, value: l99 / base.p99, unit: '×' },
      );
    }

    const cpuRows: string[] = [];
    for (const c of cpuContenders) {
      const one = med(cpuWall.get(`${c.key}.1`) as number[]);
      const two = med(cpuWall.get(`${c.key}.2`) as number[]);
      metrics.push(
        { key: `threads.cpu.${c.key}.wall_1`, label: `${c.key}: CPU batch wall time, 1 thread`, value: one, unit: 'ms' },
        { key: `threads.cpu.${c.key}.wall_2`, label: `${c.key}: CPU batch wall time, 2 threads`, value: two, unit: 'ms' },
        { key: `threads.cpu.${c.key}.speedup`, label: `${c.key}: CPU batch speed-up 1 → 2 threads`, value: one / two, unit: '×' },
        { key: `threads.cpu.${c.key}.cores_2`, label: `${c.key}: cores the process got during the 2-thread batch`, value: med(cpuCores.get(`${c.key}.2`) as number[]), unit: 'cores' },
      );
      const cores1 = med(cpuCores.get(`${c.key}.1`) as number[]);
      const cores2 = med(cpuCores.get(`${c.key}.2`) as number[]);
      cpuRows.push(`${c.key} ${fmt(one, 0)} ms → ${fmt(two, 0)} ms, ${ratio(one, two)} (cores the process got: ${fmt(cores1, 2)} → ${fmt(cores2, 2)})`);
    }

    const overseer = {
      tput: med(tput.get('overseer') as number[]),
      p50: med(p50.get('overseer') as number[]),
      p99: med(p99.get('overseer') as number[]),
    };
    const verdict = (ok: boolean) => (ok ? 'met' : 'not met');
    const pooled = (k: string) => {
      const s = sorted(pooledLatency.get(k) as number[]);
      return `${k} ${fmt(percentile(s, 50), 1)} / ${fmt(percentile(s, 99), 1)} / ${fmt(percentile(s, 99.9), 0)}`;
    };
    const bare = {
      tput: med(tput.get('overseer-bare') as number[]),
      p50: med(p50.get('overseer-bare') as number[]),
      p99: med(p99.get('overseer-bare') as number[]),
    };
    const notes = [
      `Goals of issue 12, overseer with its defaults (bare configuration in brackets): tasks/s ≥ 1.0 × poolifier ` +
        `${verdict(overseer.tput >= base.tputPoolifier)} (${ratio(overseer.tput, base.tputPoolifier)} [${ratio(bare.tput, base.tputPoolifier)}]) ` +
        `and ≥ 1.3 × piscina ${verdict(overseer.tput >= 1.3 * base.tput)} (${ratio(overseer.tput, base.tput)} [${ratio(bare.tput, base.tput)}]); ` +
        `round trip ≤ 0.8 × piscina: p50 ${verdict(overseer.p50 <= 0.8 * base.p50)} (${ratio(overseer.p50, base.p50)} [${ratio(bare.p50, base.p50)}]), ` +
        `p99 ${verdict(overseer.p99 <= 0.8 * base.p99)} (${ratio(overseer.p99, base.p99)} [${ratio(bare.p99, base.p99)}]).`,
      `Process isolation (issue 13), tasks/s and round trip p50 / p99 µs: ` +
        ['overseer-process', 'tinypool-process', 'workerpool-process']
          .map((k) => `${k} ${kilo(med(tput.get(k) as number[]))}, ${fmt(med(p50.get(k) as number[]), 1)} / ${fmt(med(p99.get(k) as number[]), 1)}`)
          .join('; ') +
        `; overseer-process ÷ tinypool-process ${ratio(med(tput.get('overseer-process') as number[]), med(tput.get('tinypool-process') as number[]))}, ` +
        `÷ workerpool-process ${ratio(med(tput.get('overseer-process') as number[]), med(tput.get('workerpool-process') as number[]))} (tasks/s); ` +
        `beside overseer's own threads ${ratio(med(tput.get('overseer-process') as number[]), overseer.tput)}.`,
      `Goal of issue 4, overseer with defaults against piscina: throughput at least piscina's ${verdict(overseer.tput >= base.tput)} ` +
        `(${ratio(overseer.tput, base.tput)}); round trip no slower than piscina's: p50 ${verdict(overseer.p50 <= base.p50)} ` +
        `(${ratio(overseer.p50, base.p50)}), p99 ${verdict(overseer.p99 <= base.p99)} (${ratio(overseer.p99, base.p99)}).`,
      `CPU-bound batch, ${plan.cpuTasks} tasks of ~${plan.cpuTaskMs} ms of CPU each (${fmt(iterations, 0)} xorshift rounds, ` +
        `calibrated on the main thread), wall time on 1 thread → 2 threads and speed-up (median of ${plan.cpuRounds}): ` +
        `${cpuRows.join('; ')}. The ideal on 2 idle cores is 2.00×; "cores the process got" is the CPU time of all its ` +
        'threads ÷ wall time during the batch, so a value well under 2 on 2 threads means other load held the second core.',
      `Round trip over all rounds pooled, p50 / p99 / p99.9 µs: ${all.map((c) => pooled(c.key)).join('; ')}.`,
      `Tasks per CPU-second of the whole process (user + system time of all threads; median): ` +
        `${all.map((c) => `${c.key} ${kilo(med(tputCpu.get(c.key) as number[]))}`).join('; ')}.`,
      `Spread of the throughput rounds around the median (min…max): ${all.map((c) => `${c.key} ${spread(tput.get(c.key) as number[])}`).join('; ')}.`,
      ...(closeProblems.length > 0 ? [`Pools that did not close cleanly: ${[...new Set(closeProblems)].join('; ')}.`] : []),
      `overseer measured from ${source}.`,
    ];

    return {
      suite: this.name,
      title: 'Thread pool throughput and round trip vs piscina, tinypool, poolifier',
      method:
        `Every contender runs ${THREADS} threads with its default options otherwise, the handlers in plain \`.mjs\` files under ` +
        '`bench/fixtures/`. **Throughput**: a fresh pool in a fresh process per round, warmed with ' +
        `${fmt(plan.warmupN, 0)} tasks and ${plan.latencyWarmup} round trips, then ${fmt(plan.n, 0)} × \`x => x + 1\` ` +
        'are all submitted and awaited with `Promise.all`; tasks/s = tasks ÷ wall time from the first submit to the last ' +
        `result. **Round trip**: then, in the same pool, ${fmt(plan.latencyCalls, 0)} calls one at a time, each awaited ` +
        'before the next is sent, timed from the call to its result (µs). Medians of ' +
        `${plan.rounds} rounds (for p50 / p99: the median of each round's percentile), contenders interleaved and their ` +
        'order rotated every round. overseer is `createThreadPool(url, { size: 2, maxQueueSize: Infinity })` with ' +
        "`pool.call('inc', x)`, with its defaults (what users get) and with the task timeout and circuit breaker off; " +
        "piscina `new Piscina({ filename, minThreads: 2, maxThreads: 2 }).run(x)`; tinypool the same with `Tinypool`; " +
        "poolifier `new FixedThreadPool(2, path).execute(x)`. The process pools: overseer with `isolation: 'process'`, " +
        "tinypool with `runtime: 'child_process'`, workerpool with `workerType: 'process'` (`pool.exec('inc', [x])`). Ratios are against piscina (and poolifier) in the same run " +
        '(tasks/s: higher is better; round trip: lower is better).',
      table: {
        columns: ['contender', 'version', 'tasks/s', '× piscina', '× poolifier', 'round trip p50 µs', '× piscina', 'round trip p99 µs', '× piscina'],
        rows,
      },
      metrics,
      notes,
    };
  },
};
