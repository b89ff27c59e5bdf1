/**
 * queue-scale-out: BullMQ jobs per second through 1, 2 and 3 consumer processes, for tiny jobs and
 * for CPU-bound ones, with overseer's queue worker (jobs on its thread pool) beside a plain BullMQ
 * `Worker` (in-process processor) and BullMQ's sandboxed processor (worker threads), all at the
 * same concurrency in the same run; and how long the jobs of a node killed with SIGKILL take to
 * finish elsewhere. Needs Redis on 127.0.0.1:6379 (REDIS_URL to change it).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { nanoid } from 'nanoid';
import { rotated, spread, versionOf } from '../compare.js';
import { fmt, median } from '../stats.js';
import type { Metric, Suite, SuiteContext } from '../types.js';

const CONSUMER = fileURLToPath(new URL('../fixtures/queue-consumer.ts', import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONTENDERS = [
  { key: 'overseer', label: 'overseer queue worker (threads)' },
  { key: 'bullmq', label: 'BullMQ Worker (in process)' },
  { key: 'bullmq-sandbox', label: 'BullMQ sandbox (worker threads)' },
] as const;
const CONCURRENCY = 2;
/** A recovery job's work: a few hundred ms, so the node to kill is caught holding jobs. */
const RECOVERY_ITERATIONS = 300_000_000;

interface Plan {
  processes: number[];
  /** Measurements per contender and process count; the median is reported. */
  rounds: number;
  tinyJobs: number;
  cpuJobs: number;
  /** xorshift rounds per CPU-bound job (about 10 ms on the benchmark machine in full). */
  cpuIterations: number;
  recoveryJobs: number;
  lockMs: number;
}
const FULL: Plan = { processes: [1, 2, 3], rounds: 3, tinyJobs: 2_000, cpuJobs: 100, cpuIterations: 20_000_000, recoveryJobs: 40, lockMs: 2_000 };
const SMOKE: Plan = { processes: [1], rounds: 1, tinyJobs: 100, cpuJobs: 10, cpuIterations: 200_000, recoveryJobs: 8, lockMs: 1_000 };

function connect(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: null });
}

function startConsumers(count: number, env: Record<string, string>): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      const child = fork(CONSUMER, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, NODE_OPTIONS: '', ...env, BENCH_NODE: `n${i}` }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      return new Promise<ChildProcess>((resolve, reject) => {
        child.once('message', () => resolve(child));
        child.once('exit', (code) => reject(new Error(`queue-scale-out: a consumer exited with ${code} before it was ready`)));
      });
    }),
  );
}

async function stopConsumers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return undefined;
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => (clearTimeout(timer), resolve()));
        child.send({ type: 'close' });
      });
    }),
  );
}

async function until(check: () => Promise<boolean>, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`queue-scale-out: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function cleanPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** Jobs per second of one contender through `processes` consumers, for each kind of job. */
async function measure(contender: string, processes: number, plan: Plan, redis: Redis): Promise<{ tiny: number; cpu: number }> {
  const prefix = `ovb-${nanoid(8)}`;
  const tiny = new Queue('tiny', { connection: redis, prefix });
  const cpu = new Queue('cpu', { connection: redis, prefix });
  try {
    await tiny.pause();
    await cpu.pause();
    await tiny.addBulk(Array.from({ length: plan.tinyJobs }, (_, n) => ({ name: 'tiny', data: { n }, opts: { removeOnComplete: true } })));
    await cpu.addBulk(Array.from({ length: plan.cpuJobs }, () => ({ name: 'cpu', data: { iterations: plan.cpuIterations }, opts: { removeOnComplete: true } })));
    const children = await startConsumers(processes, { BENCH_CONTENDER: contender, BENCH_PREFIX: prefix, BENCH_QUEUES: 'tiny,cpu', BENCH_CONCURRENCY: String(CONCURRENCY) });
    try {
      const rates = { tiny: 0, cpu: 0 };
      for (const [kind, queue, total] of [['tiny', tiny, plan.tinyJobs], ['cpu', cpu, plan.cpuJobs]] as const) {
        const started = performance.now();
        await queue.resume();
        await until(async () => (await queue.getJobCountByTypes('wait', 'active', 'delayed', 'prioritized')) === 0, `${contender} ${kind}`);
        rates[kind] = total / ((performance.now() - started) / 1000);
        const failed = await queue.getFailedCount();
        if (failed > 0) throw new Error(`queue-scale-out: ${failed} ${kind} jobs failed under ${contender}`);
      }
      return rates;
    } finally {
      await stopConsumers(children);
    }
  } finally {
    await tiny.close();
    await cpu.close();
    await cleanPrefix(redis, prefix);
  }
}

/** ms from SIGKILL of one of two overseer nodes until the jobs it held are completed by the other. */
async function recovery(plan: Plan, redis: Redis): Promise<number> {
  const prefix = `ovb-${nanoid(8)}`;
  const queue = new Queue('cpu', { connection: redis, prefix });
  try {
    await queue.addBulk(Array.from({ length: plan.recoveryJobs }, () => ({ name: 'cpu', data: { iterations: RECOVERY_ITERATIONS } })));
    const env = { BENCH_CONTENDER: 'overseer', BENCH_PREFIX: prefix, BENCH_QUEUES: 'cpu', BENCH_CONCURRENCY: String(CONCURRENCY), BENCH_LOCK_MS: String(plan.lockMs) };
    const children = await startConsumers(2, env);
    try {
      let held: string[] = [];
      await until(async () => {
        const active = await queue.getJobs(['active']);
        held = active.filter((job) => job.processedBy === 'n0-cpu').map((job) => job.id!);
        return held.length > 0;
      }, 'a job held by the node to kill', 30_000);
      const exited = new Promise((resolve) => children[0]!.once('exit', resolve));
      children[0]!.kill('SIGKILL');
      const killedAt = Date.now();
      await exited;
      let finished = 0;
      await until(async () => {
        const jobs = await Promise.all(held.map((id) => queue.getJob(id)));
        if (!jobs.every((job) => job?.finishedOn !== undefined && job.failedReason === undefined)) return false;
        finished = Math.max(...jobs.map((job) => job!.finishedOn!));
        return true;
      }, 'the killed node\'s jobs to finish elsewhere');
      return finished - killedAt;
    } finally {
      await stopConsumers(children);
    }
  } finally {
    await queue.close();
    await cleanPrefix(redis, prefix);
  }
}

export const queueScaleOutSuite: Suite = {
  name: 'queue-scale-out',
  description: 'BullMQ jobs/s through 1-3 processes: overseer queue worker vs plain Worker vs sandbox; kill -9 recovery',
  async run(context: SuiteContext) {
    const plan = context.smoke ? SMOKE : FULL;
    const redis = connect();
    const metrics: Metric[] = [];
    const rows: string[][] = [];
    const spreads: string[] = [];
    try {
      // Rounds interleave the contenders (their order rotated each round), so load that comes and
      // goes on the machine falls on all of them; the median round is reported.
      const samples = new Map<string, { tiny: number[]; cpu: number[] }>();
      for (let round = 0; round < plan.rounds; round++) {
        for (const processes of plan.processes) {
          for (const contender of rotated(CONTENDERS, round)) {
            context.progress(`queue-scale-out: round ${round + 1}/${plan.rounds}, ${contender.key}, ${processes} process(es)`);
            const r = await measure(contender.key, processes, plan, redis);
            const entry = samples.get(`${contender.key}.${processes}`) ?? { tiny: [], cpu: [] };
            entry.tiny.push(r.tiny);
            entry.cpu.push(r.cpu);
            samples.set(`${contender.key}.${processes}`, entry);
          }
        }
      }
      const results = new Map([...samples].map(([key, { tiny, cpu }]) => [key, { tiny: median(tiny), cpu: median(cpu) }]));
      spreads.push(...[...samples].map(([key, { tiny, cpu }]) => `${key} ${spread(tiny)} / ${spread(cpu)}`));
      for (const processes of plan.processes) {
        const plain = results.get(`bullmq.${processes}`)!;
        for (const contender of CONTENDERS) {
          const r = results.get(`${contender.key}.${processes}`)!;
          for (const kind of ['tiny', 'cpu'] as const) {
            metrics.push({ key: `queue.${kind}.${contender.key}.p${processes}.jobs_per_s`, label: `${kind} jobs/s, ${contender.key}, ${processes} process(es)`, value: r[kind], unit: 'jobs/s' });
            metrics.push({ key: `queue.${kind}.${contender.key}.p${processes}.vs_bullmq`, label: `${kind} jobs/s ÷ plain BullMQ Worker, ${processes} process(es)`, value: r[kind] / plain[kind], unit: '×' });
          }
          rows.push([contender.label, String(processes), fmt(r.tiny, 0), fmt(r.tiny / plain.tiny, 2), fmt(r.cpu, 0), fmt(r.cpu / plain.cpu, 2)]);
        }
      }
      context.progress('queue-scale-out: kill -9 recovery');
      const recovered = await recovery(plan, redis);
      metrics.push({ key: 'queue.recovery.ms', label: `kill -9 recovery (lockDuration ${plan.lockMs} ms)`, value: recovered, unit: 'ms' });
      rows.push([`kill -9 of 1 of 2 overseer nodes: its jobs finished elsewhere after`, '2', '', '', `${fmt(recovered, 0)} ms`, '']);
    } finally {
      redis.disconnect();
    }
    return {
      suite: 'queue-scale-out',
      title: 'Queue scale-out (BullMQ)',
      method:
        `${plan.tinyJobs} tiny jobs (\`n + 1\`) and ${plan.cpuJobs} CPU-bound jobs (${plan.cpuIterations.toLocaleString('en')} xorshift rounds each) ` +
        `on a paused queue in local Redis, then 1–3 forked consumer processes of one contender, each at concurrency ${CONCURRENCY}; ` +
        `the clock runs from \`queue.resume()\` until no job is waiting or active; the median of ${plan.rounds} round(s), contenders interleaved. Contenders: overseer's \`createQueueWorker\` ` +
        `(jobs on its thread pool), a plain BullMQ \`Worker\` with an in-process processor, and BullMQ's sandboxed processor ` +
        `(\`useWorkerThreads: true\`), bullmq ${versionOf('bullmq')}. Recovery: two overseer nodes with \`lockDuration\` ${plan.lockMs} ms ` +
        `and \`stalledInterval\` ${plan.lockMs / 2} ms; one is killed with SIGKILL while it holds jobs; the time until the last of them is completed by the other.`,
      table: { columns: ['contender', 'processes', 'tiny jobs/s', '÷ plain', 'CPU jobs/s', '÷ plain'], rows },
      metrics,
      notes: [
        `Median of ${plan.rounds} round(s). Spread of the rounds around the median (min…max), tiny / CPU: ${spreads.join('; ')}.`,
        'A plain Worker runs CPU-bound jobs on its event loop: more concurrency in one process does not add cores, and BullMQ cannot renew its locks while a job runs.',
      ],
    };
  },
};
