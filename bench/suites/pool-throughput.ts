import { readFileSync } from 'node:fs';
import fastq from 'fastq';
import pLimit from 'p-limit';
import PQueue from 'p-queue';
import { createPool } from '../../src/index.js';
import { fmt, median, sorted } from '../stats.js';
import type { Metric, Suite, SuiteContext } from '../types.js';
import { overseerSource, rotated, spread, startClock, versionOf } from '../compare.js';
import { obtainGc } from '../gc.js';
import { inFreshProcess } from '../isolate.js';

/** The task every contender runs: the cheapest async task there is. */
const task = async (): Promise<number> => 1;
export type TaskFn = typeof task;

/** One instance of a contender, created fresh for every measurement. */
export interface Runner {
  /** Submits one task; resolves with its result. */
  submit(fn: TaskFn): Promise<unknown>;
  /** Tasks running right now. */
  running(): number;
  close(): Promise<void>;
}

export interface Contender {
  /** Stable metric key part. */
  key: string;
  /** Has a queue (the floor has none: it has no heap per queued task). */
  queues?: false;
  label: string;
  version: string;
  create(concurrency: number): Promise<Runner>;
}

interface Plan {
  /** Tasks per throughput measurement. */
  n: number;
  /** Most tasks outstanding in the sliding-window scenario. */
  window: number;
  /** Tasks queued behind blocked workers in the memory measurement. */
  memoryN: number;
  rounds: number;
  memoryRounds: number;
  /** Tasks in the unmeasured warm-up round. */
  warmupN: number;
}

export const CONCURRENCY = 10;
export const FULL: Plan = { n: 200_000, window: 1000, memoryN: 200_000, rounds: 9, memoryRounds: 3, warmupN: 50_000 };
export const SMOKE: Plan = { n: 2000, window: 100, memoryN: 2000, rounds: 1, memoryRounds: 1, warmupN: 500 };

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Turns the event loop until `ready()` holds (workers started, blockers running). */
export async function until(ready: () => boolean, what: string, ms = 10_000, required = true): Promise<void> {
  const deadline = performance.now() + ms;
  while (!ready()) {
    if (performance.now() > deadline) {
      if (required) throw new Error(`pool-throughput: timed out waiting for ${what}`);
      return;
    }
    await tick();
  }
}

function overseerContender(key: string, label: string, options: { taskTimeout?: false; circuitBreaker?: false; propagateContext?: false }): Contender {
  return {
    key,
    label,
    version: '',
    async create(concurrency) {
      const pool = createPool({ name: `bench-${key}`, size: concurrency, maxQueueSize: Number.POSITIVE_INFINITY, ...options });
      // Workers start asynchronously; give them a moment so the timing does not include their start.
      // (A pool that starts workers lazily may stay below `size` here: that is then part of what is measured.)
      await until(() => pool.status().idleWorkers >= concurrency, 'overseer workers to start', 2000, false);
      return {
        submit: (fn) => pool.run(fn),
        running: () => pool.status().busyWorkers,
        close: () => pool.close(),
      };
    },
  };
}

function contenders(): Contender[] {
  const own = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const overseerVersion = (JSON.parse(own) as { version: string }).version;
  return [
    { ...overseerContender('overseer', 'overseer (defaults: taskTimeout 30 s, breaker on, propagateContext on)', {}), version: overseerVersion },
    {
      ...overseerContender('overseer-bare', 'overseer (taskTimeout: false, circuitBreaker: false, propagateContext: false)', {
        taskTimeout: false,
        circuitBreaker: false,
        propagateContext: false,
      }),
      version: overseerVersion,
    },
    {
      key: 'p-limit',
      label: 'p-limit',
      version: versionOf('p-limit'),
      async create(concurrency) {
        const limit = pLimit(concurrency);
        return { submit: (fn) => limit(fn), running: () => limit.activeCount, close: async () => limit.clearQueue() };
      },
    },
    {
      key: 'p-queue',
      label: 'p-queue',
      version: versionOf('p-queue'),
      async create(concurrency) {
        const queue = new PQueue({ concurrency });
        return { submit: (fn) => queue.add(fn), running: () => queue.pending, close: async () => queue.clear() };
      },
    },
    {
      key: 'fastq',
      label: 'fastq (fastq.promise)',
      version: versionOf('fastq'),
      async create(concurrency) {
        const queue = fastq.promise((fn: TaskFn) => fn(), concurrency);
        return { submit: (fn) => queue.push(fn), running: () => queue.running(), close: async () => queue.kill() };
      },
    },
    {
      key: 'floor',
      label: 'no limiter (the floor: each task called at once)',
      version: '',
      queues: false,
      async create() {
        return { submit: (fn) => fn(), running: () => 0, close: async () => undefined };
      },
    },
  ];
}

/** Tasks per second of wall time, and per second of this process's CPU time (user + system, all threads). */
export interface Rate {
  wall: number;
  cpu: number;
}

/** (a) Submits all `n` tasks, then awaits them all. */
export async function allAtOnce(contender: Contender, n: number, context: Pick<SuiteContext, 'gc'>): Promise<Rate> {
  const runner = await contender.create(CONCURRENCY);
  const results: Promise<unknown>[] = new Array(n).fill(undefined);
  context.gc();
  const stop = startClock();
  for (let i = 0; i < n; i++) results[i] = runner.submit(task);
  await Promise.all(results);
  const { seconds, cpuSeconds } = stop();
  await runner.close();
  return { wall: n / seconds, cpu: n / cpuSeconds };
}

/** (b) Keeps at most `window` tasks outstanding: submits the next as one settles. */
export async function slidingWindow(contender: Contender, n: number, window: number, context: Pick<SuiteContext, 'gc'>): Promise<Rate> {
  const runner = await contender.create(CONCURRENCY);
  context.gc();
  const stop = startClock();
  await new Promise<void>((resolve, reject) => {
    let submitted = 0;
    let settled = 0;
    const onSettled = (): void => {
      settled++;
      if (submitted < n) launch();
      else if (settled === n) resolve();
    };
    const launch = (): void => {
      submitted++;
      runner.submit(task).then(onSettled, reject);
    };
    for (let i = 0; i < Math.min(window, n); i++) launch();
  });
  const { seconds, cpuSeconds } = stop();
  await runner.close();
  return { wall: n / seconds, cpu: n / cpuSeconds };
}

/**
 * Heap per queued task: every worker is held by a blocked task, then `n` tasks are
 * submitted (their result promises kept, as a caller would), the event loop turns once so
 * transient microtask garbage is gone, and the heap after two full GCs is compared with
 * the heap before. The result array is allocated before the first reading.
 */
async function memoryPerQueuedTask(contender: Contender, n: number, context: Pick<SuiteContext, 'gc'>): Promise<number> {
  const runner = await contender.create(CONCURRENCY);
  let release: (() => void) | undefined;
  const gate = new Promise<number>((resolve) => (release = () => resolve(1)));
  const blocker = (() => gate) as TaskFn;
  const blockers: Promise<unknown>[] = [];
  for (let i = 0; i < CONCURRENCY; i++) blockers.push(runner.submit(blocker));
  await until(() => runner.running() === CONCURRENCY, `${contender.key} blockers to occupy every worker`);
  const results: Promise<unknown>[] = new Array(n).fill(undefined);
  await tick();
  context.gc();
  context.gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) results[i] = runner.submit(task);
  await tick();
  context.gc();
  context.gc();
  const after = process.memoryUsage().heapUsed;
  if (runner.running() !== CONCURRENCY) throw new Error(`pool-throughput: ${contender.key} ran queued tasks during the memory reading`);
  (release as () => void)();
  await Promise.all(blockers);
  await Promise.all(results);
  await runner.close();
  return (after - before) / n;
}

type Scenario = 'all' | 'window' | 'memory';

/**
 * Runs in a fresh process (see bench/isolate.ts): warms this process up with one unmeasured pass
 * of the scenario, then measures one contender once in it: tasks/s (wall and CPU) for `all` and
 * `window`, heap bytes per queued task for `memory`. One scenario per process, so none pays for
 * the garbage another left (200,000 promises of an all-at-once run tax a windowed run after it).
 */
export async function measureContender(args: { key: string; smoke: boolean; scenario: Scenario }): Promise<Rate | number> {
  const plan = args.smoke ? SMOKE : FULL;
  const contender = contenders().find((c) => c.key === args.key);
  if (contender === undefined) throw new Error(`pool-throughput: no contender ${args.key}`);
  const context = { gc: obtainGc().gc };
  if (args.scenario === 'all') {
    await allAtOnce(contender, plan.warmupN, context);
    return allAtOnce(contender, plan.n, context);
  }
  if (args.scenario === 'window') {
    await slidingWindow(contender, plan.warmupN, plan.window, context);
    return slidingWindow(contender, plan.n, plan.window, context);
  }
  await memoryPerQueuedTask(contender, Math.min(plan.warmupN, plan.memoryN), context);
  return memoryPerQueuedTask(contender, plan.memoryN, context);
}

const kilo = (perSecond: number): string => `${fmt(perSecond / 1000, 0)}k`;
const ratio = (value: number, base: number): string => `${fmt(value / base, 2)}×`;

/**
 * The "Measure": 200,000 × `async () => 1` at concurrency 10, all submitted then
 * awaited and with at most 1,000 outstanding, plus heap per queued task, for overseer and
 * its peers p-limit, p-queue and fastq, interleaved in one process.
 */
export const poolThroughputSuite: Suite = {
  name: 'pool-throughput',
  description: 'tasks/s and heap per queued task: overseer vs p-limit, p-queue, fastq (200k × async () => 1, size 10)',
  async run(context) {
    const plan = context.smoke ? SMOKE : FULL;
    const all = contenders();
    const source = overseerSource();

    const allSamples = new Map<string, number[]>(all.map((c) => [c.key, []]));
    const windowSamples = new Map<string, number[]>(all.map((c) => [c.key, []]));
    const allCpu = new Map<string, number[]>(all.map((c) => [c.key, []]));
    const windowCpu = new Map<string, number[]>(all.map((c) => [c.key, []]));
    const memorySamples = new Map<string, number[]>(all.map((c) => [c.key, []]));
    const self = new URL(import.meta.url);
    const measure = <T>(key: string, scenario: Scenario) => inFreshProcess<T>(self, 'measureContender', { key, smoke: context.smoke, scenario });
    for (let round = 0; round < plan.rounds; round++) {
      context.progress(`pool-throughput: round ${round + 1}/${plan.rounds}, ${all.length} contenders × 2 scenarios, each in a fresh process`);
      for (const contender of rotated(all, round)) {
        const a = await measure<Rate>(contender.key, 'all');
        (allSamples.get(contender.key) as number[]).push(a.wall);
        (allCpu.get(contender.key) as number[]).push(a.cpu);
        const w = await measure<Rate>(contender.key, 'window');
        (windowSamples.get(contender.key) as number[]).push(w.wall);
        (windowCpu.get(contender.key) as number[]).push(w.cpu);
      }
    }
    const queueing = all.filter((c) => c.queues !== false);
    for (let round = 0; round < plan.memoryRounds; round++) {
      context.progress(`pool-throughput: memory round ${round + 1}/${plan.memoryRounds}, ${plan.memoryN} queued tasks, each in a fresh process`);
      for (const contender of rotated(queueing, round)) {
        (memorySamples.get(contender.key) as number[]).push(await measure<number>(contender.key, 'memory'));
      }
    }

    const med = (samples: Map<string, number[]>, key: string): number => median(sorted(samples.get(key) as number[]));
    const paired = (samples: Map<string, number[]>, a: string, b: string): number => {
      const bs = samples.get(b) as number[];
      return median(sorted((samples.get(a) as number[]).map((value, i) => value / (bs[i] as number))));
    };
    const best = (samples: Map<string, number[]>, key: string): number => Math.max(...(samples.get(key) as number[]));
    const base = {
      allLimit: med(allSamples, 'p-limit'),
      allQueue: med(allSamples, 'p-queue'),
      allFastq: med(allSamples, 'fastq'),
      allFloor: med(allSamples, 'floor'),
      windowLimit: med(windowSamples, 'p-limit'),
      windowQueue: med(windowSamples, 'p-queue'),
      windowFastq: med(windowSamples, 'fastq'),
      windowFloor: med(windowSamples, 'floor'),
      memoryQueue: med(memorySamples, 'p-queue'),
    };

    const rows: string[][] = [];
    const metrics: Metric[] = [];
    for (const contender of all) {
      const k = contender.key;
      const a = med(allSamples, k);
      const w = med(windowSamples, k);
      const m = contender.queues === false ? undefined : med(memorySamples, k);
      rows.push([
        contender.label,
        contender.version,
        kilo(a),
        ratio(a, base.allLimit),
        ratio(a, base.allFastq),
        ratio(a, base.allFloor),
        kilo(w),
        ratio(w, base.windowLimit),
        ratio(w, base.windowFastq),
        ratio(w, base.windowFloor),
        m === undefined ? '–' : fmt(m, 0),
        m === undefined ? '–' : ratio(m, base.memoryQueue),
      ]);
      metrics.push(
        { key: `pool.all.${k}.tasks_per_s`, label: `${k}: tasks/s, all submitted then awaited`, value: a, unit: 'tasks/s' },
        { key: `pool.window.${k}.tasks_per_s`, label: `${k}: tasks/s, ≤ ${plan.window} outstanding`, value: w, unit: 'tasks/s' },
        { key: `pool.all.${k}.tasks_per_cpu_s`, label: `${k}: tasks per CPU-second, all at once`, value: med(allCpu, k), unit: 'tasks/s' },
        { key: `pool.window.${k}.tasks_per_cpu_s`, label: `${k}: tasks per CPU-second, windowed`, value: med(windowCpu, k), unit: 'tasks/s' },
        { key: `pool.all.${k}.vs_p_limit`, label: `${k}: all-at-once throughput ÷ p-limit's`, value: a / base.allLimit, unit: '×' },
        { key: `pool.all.${k}.vs_p_queue`, label: `${k}: all-at-once throughput ÷ p-queue's`, value: a / base.allQueue, unit: '×' },
        { key: `pool.all.${k}.vs_fastq`, label: `${k}: all-at-once throughput ÷ fastq's`, value: a / base.allFastq, unit: '×' },
        { key: `pool.all.${k}.vs_floor`, label: `${k}: all-at-once throughput ÷ no limiter's`, value: a / base.allFloor, unit: '×' },
        { key: `pool.window.${k}.vs_p_limit`, label: `${k}: windowed throughput ÷ p-limit's`, value: w / base.windowLimit, unit: '×' },
        { key: `pool.window.${k}.vs_p_queue`, label: `${k}: windowed throughput ÷ p-queue's`, value: w / base.windowQueue, unit: '×' },
        { key: `pool.window.${k}.vs_fastq`, label: `${k}: windowed throughput ÷ fastq's`, value: w / base.windowFastq, unit: '×' },
        { key: `pool.window.${k}.vs_floor`, label: `${k}: windowed throughput ÷ no limiter's`, value: w / base.windowFloor, unit: '×' },
      );
      if (m !== undefined) {
        metrics.push(
          { key: `pool.memory.${k}.bytes_per_task`, label: `${k}: heap per queued task`, value: m, unit: 'bytes' },
          { key: `pool.memory.${k}.vs_p_queue`, label: `${k}: heap per queued task ÷ p-queue's`, value: m / base.memoryQueue, unit: '×' },
        );
      }
    }

    const overseer = {
      all: med(allSamples, 'overseer'),
      window: med(windowSamples, 'overseer'),
      memory: med(memorySamples, 'overseer'),
    };
    const bare = { all: med(allSamples, 'overseer-bare'), window: med(windowSamples, 'overseer-bare'), memory: med(memorySamples, 'overseer-bare') };
    const verdict = (ok: boolean) => (ok ? 'met' : 'not met');
    const notes = [
      `Goals of issue 12, overseer with its defaults (bare configuration in brackets): ≤ ${fmt(plan.window, 0)} outstanding ≥ 1.0 × fastq ` +
        `${verdict(overseer.window >= base.windowFastq)} (${ratio(overseer.window, base.windowFastq)} [${ratio(bare.window, base.windowFastq)}]); ` +
        `all at once ≥ 1.3 × fastq ${verdict(overseer.all >= 1.3 * base.allFastq)} (${ratio(overseer.all, base.allFastq)} [${ratio(bare.all, base.allFastq)}]); ` +
        `against no limiter at all (the floor), windowed ${ratio(overseer.window, base.windowFloor)} [${ratio(bare.window, base.windowFloor)}], ` +
        `all at once ${ratio(overseer.all, base.allFloor)} [${ratio(bare.all, base.allFloor)}]; heap per queued task ≤ 0.5 × p-queue ` +
        `${verdict(overseer.memory <= 0.5 * base.memoryQueue)} (${ratio(overseer.memory, base.memoryQueue)} [${ratio(bare.memory, base.memoryQueue)}]).`,
      `Goal of issue 3, overseer with defaults: throughput ≥ p-limit's — all at once ${verdict(overseer.all >= base.allLimit)} ` +
        `(${ratio(overseer.all, base.allLimit)}), ≤ ${fmt(plan.window, 0)} outstanding ${verdict(overseer.window >= base.windowLimit)} ` +
        `(${ratio(overseer.window, base.windowLimit)}); heap per queued task ≤ p-queue's ${verdict(overseer.memory <= base.memoryQueue)} ` +
        `(${ratio(overseer.memory, base.memoryQueue)}).`,
      `Best round (highest tasks/s; less sensitive to other load on the machine), all at once / windowed: ` +
        all.map((c) => `${c.key} ${kilo(best(allSamples, c.key))} / ${kilo(best(windowSamples, c.key))}`).join('; ') +
        `; overseer ÷ fastq on best rounds ${ratio(best(allSamples, 'overseer'), best(allSamples, 'fastq'))} / ` +
        `${ratio(best(windowSamples, 'overseer'), best(windowSamples, 'fastq'))}.`,
      `Tasks per CPU-second of the process (median; user + system time of all its threads, so time spent descheduled ` +
        `by other load does not count, GC helper threads do), all at once / windowed: ` +
        all.map((c) => `${c.key} ${kilo(med(allCpu, c.key))} / ${kilo(med(windowCpu, c.key))}`).join('; ') +
        `; overseer ÷ fastq ${ratio(med(allCpu, 'overseer'), med(allCpu, 'fastq'))} / ` +
        `${ratio(med(windowCpu, 'overseer'), med(windowCpu, 'fastq'))}.`,
      `Paired ratios (median over rounds of overseer's tasks/s ÷ the peer's in the same round, so load that ` +
        `comes and goes hits both sides), all at once / windowed: overseer ÷ fastq ${ratio(paired(allSamples, 'overseer', 'fastq'), 1)} / ` +
        `${ratio(paired(windowSamples, 'overseer', 'fastq'), 1)}, overseer ÷ p-limit ${ratio(paired(allSamples, 'overseer', 'p-limit'), 1)} / ` +
        `${ratio(paired(windowSamples, 'overseer', 'p-limit'), 1)}.`,
      `Spread of the throughput rounds around the median (min…max), all at once / windowed: ` +
        all.map((c) => `${c.key} ${spread(allSamples.get(c.key) as number[])} / ${spread(windowSamples.get(c.key) as number[])}`).join('; ') +
        '.',
      `overseer measured from ${source}.`,
    ];

    return {
      suite: this.name,
      title: 'Pool throughput and memory per queued task vs p-limit, p-queue, fastq',
      method:
        `${fmt(plan.n, 0)} × \`async () => 1\` (one shared function) at concurrency ${CONCURRENCY}: ` +
        `**all at once** submits every task (keeping each result promise in a preallocated array) and then awaits ` +
        `\`Promise.all\`; **windowed** keeps at most ${fmt(plan.window, 0)} tasks outstanding and submits the next as ` +
        'one settles. Tasks/s = tasks ÷ wall time from the first submit to the last settlement; pool creation ' +
        '(and, for overseer, waiting until its workers have started) is outside the timing. Each contender gets a ' +
        `fresh process per scenario and round (warmed up in that process by one unmeasured pass of the scenario); the median of ` +
        `${plan.rounds} rounds, the contenders interleaved and their order rotated every round. overseer is ` +
        '`createPool({ size: 10, ' +
        'maxQueueSize: Infinity })` with `pool.run(fn)`, once with its defaults (taskTimeout 30 s, circuit breaker ' +
        'on, async context propagated: what users get) and once with all three off; p-limit is `limit(fn)`, p-queue `queue.add(fn)`, fastq ' +
        '`fastq.promise(fn => fn(), 10).push(fn)`; the floor calls each task at once with no limiter. **Heap per queued task**: all 10 slots are held by blocked tasks, ' +
        `${fmt(plan.memoryN, 0)} more are submitted (result promises kept), the event loop turns once, and ` +
        '`heapUsed` after two full GCs minus the reading before the submits is divided by the count (median of ' +
        `${plan.memoryRounds} rounds). Ratios are against the peers in the same run (throughput: higher ` +
        'is better; memory: lower is better).',
      table: {
        columns: [
          'contender',
          'version',
          'all at once, tasks/s',
          '× p-limit',
          '× fastq',
          '× floor',
          `≤ ${fmt(plan.window, 0)} outstanding, tasks/s`,
          '× p-limit',
          '× fastq',
          '× floor',
          'heap per queued task, bytes',
          '× p-queue',
        ],
        rows,
      },
      metrics,
      notes,
    };
  },
};
