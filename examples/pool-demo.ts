/**
 * A supervised worker pool under a realistic, partly hostile workload.
 *
 * 3,000 jobs go through a pool of 16 workers. Each worker holds a simulated downstream
 * connection (opened by `worker.init`, closed by `worker.dispose`). The jobs:
 *
 *   - take 3–50 ms (log-uniform, so most are short);
 *   - about 3 % throw a `BadInputError`: the job fails, its worker keeps serving, and the
 *     circuit breaker ignores it (`isFailure`), because bad input says nothing about the
 *     downstream's health;
 *   - about 0.3 % hang until aborted: they run past the 200 ms `taskTimeout`, reject with
 *     `TaskTimeoutError`, and their worker is abandoned and replaced by its supervisor;
 *   - once 40 % of the jobs have settled, the downstream goes away for 2 s: every job that
 *     starts in that window fails with `DownstreamError`. The breaker trips, holds the queue,
 *     half-opens on its timer (750 ms, doubled on each re-opening), and closes again once
 *     a probe gets through.
 *
 * Back-pressure: one producer submits with `submitWait`, so it waits for queue room instead
 * of meeting `QueueFullError`. A submission refused by the open circuit (`CircuitOpenError`)
 * is **retried**: the job never ran, so the producer waits for the circuit to move (or for
 * its `retryAt`) and submits the same job again. No job is dropped. Jobs that ran and failed
 * are not retried; they are reported as failures.
 *
 * On a terminal the run shows a cli-progress bar with two status lines; when stdout is not a
 * TTY (or `CI` is set) it prints a plain progress line every second instead. It ends with a
 * summary table and checks that every job settled exactly once.
 *
 * Run: npx tsx examples/pool-demo.ts   (npm start runs it too)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import cliProgress from 'cli-progress';
import {
  CircuitOpenError,
  PoolClosedError,
  TaskTimeoutError,
  createPool,
  type Pool,
  type PoolMetrics,
  type PoolStatus,
} from '../src/index.js';

// ---------------------------------------------------------------- the simulated world

/** The job's own fault: retrying or waiting would not help. */
class BadInputError extends Error {
  override name = 'BadInputError';
}

/** The downstream service is unavailable. */
class DownstreamError extends Error {
  override name = 'DownstreamError';
}

type JobKind = 'ok' | 'bad' | 'hang';

interface Job {
  n: number;
  kind: JobKind;
  /** ms of simulated work. */
  latency: number;
}

/** Small seeded PRNG (mulberry32), so every run draws the same jobs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function planJobs(count: number, seed: number): Job[] {
  const random = prng(seed);
  const jobs: Job[] = [];
  for (let n = 1; n <= count; n++) {
    const roll = random();
    const kind: JobKind = roll < 0.003 ? 'hang' : roll < 0.033 ? 'bad' : 'ok';
    const latency = 3 * (50 / 3) ** random(); // log-uniform in [3, 50) ms
    jobs.push({ n, kind, latency });
  }
  return jobs;
}

/** The downstream everybody talks to; `down` during the outage window. */
class Downstream {
  down = false;
}

/** A worker's connection to the downstream: the pool's per-worker resource. */
class Connection {
  queries = 0;
  closed = false;

  constructor(
    readonly workerId: string,
    private readonly downstream: Downstream,
  ) {}

  async query(job: Job, signal: AbortSignal): Promise<number> {
    this.queries++;
    if (this.downstream.down) {
      await sleep(2 + (job.n % 4), undefined, { signal }); // the refusal takes a moment to arrive
      throw new DownstreamError('503 Service Unavailable');
    }
    if (job.kind === 'hang') {
      // Stuck (a lost response, a lock): only the abort on timeout ends the wait.
      await sleep(60_000, undefined, { signal });
    }
    await sleep(job.latency, undefined, { signal });
    if (job.kind === 'bad') throw new BadInputError(`job ${job.n}: malformed payload`);
    return job.n;
  }
}

// ---------------------------------------------------------------- display

interface Progress {
  done: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  status: PoolStatus;
  downstreamDown: boolean;
  refusals: number;
  elapsedMs: number;
}

interface Display {
  update(progress: Progress): void;
  log(line: string): void;
  stop(progress: Progress): void;
}

/** Worker slots by state, from status(): a replacement still opening its connection is `starting`. */
function workersLine(p: Progress): string {
  const s = p.status;
  return `workers idle ${pad(s.idleWorkers, 2)} busy ${pad(s.busyWorkers, 2)} starting ${s.startingWorkers} crashed ${s.crashedWorkers} | queue ${pad(s.queued, 3)}`;
}

function circuitLine(p: Progress): string {
  return `circuit ${p.status.circuit.padEnd(8)} | downstream ${p.downstreamDown ? 'DOWN' : 'up  '} | circuit refusals ${p.refusals}`;
}

function countsLine(p: Progress): string {
  return `ok ${p.succeeded} failed ${p.failed} timed out ${p.timedOut}`;
}

/** Terminal: a cli-progress bar with two status lines under it; event lines scroll above. */
function barDisplay(total: number): Display {
  const multibar = new cliProgress.MultiBar(
    {
      stream: process.stdout,
      hideCursor: true,
      clearOnComplete: false,
      fps: 12,
      barsize: 20,
      // Repaint every line on every frame: an event line logged above the bars shifts them
      // down, and a line whose text did not change would otherwise be left stale.
      forceRedraw: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const bar = multibar.create(total, 0, { counts: '', elapsed: '0.0' }, {
    format: ' {bar} {percentage}% {value}/{total} | {counts} | {elapsed} s',
  });
  const workers = multibar.create(1, 0, { line: '' }, { format: ' {line}' });
  const circuit = multibar.create(1, 0, { line: '' }, { format: ' {line}' });
  const render = (p: Progress) => {
    bar.update(p.done, { counts: countsLine(p), elapsed: (p.elapsedMs / 1000).toFixed(1) });
    workers.update(0, { line: workersLine(p) });
    circuit.update(0, { line: circuitLine(p) });
  };
  return {
    update: render,
    log: (line) => multibar.log(`${line}\n`),
    stop: (p) => {
      render(p);
      multibar.stop();
    },
  };
}

/** Not a terminal (CI, a pipe): a plain line every `everyMs`, event lines as they happen. */
function plainDisplay(total: number, everyMs: number): Display {
  let latest: Progress | undefined;
  const print = (p: Progress) => {
    const percent = Math.floor((100 * p.done) / total);
    console.log(`[${(p.elapsedMs / 1000).toFixed(1).padStart(5)} s] ${pad(p.done, 4)}/${total} ${pad(percent, 3)}% | ${countsLine(p)} | ${workersLine(p)} | ${circuitLine(p)}`);
  };
  const timer = setInterval(() => latest !== undefined && print(latest), everyMs);
  return {
    update: (p) => (latest = p),
    log: (line) => console.log(line),
    stop: (p) => {
      clearInterval(timer);
      print(p);
    },
  };
}

const pad = (n: number, width: number) => String(n).padStart(width);

// ---------------------------------------------------------------- the run

export interface PoolDemoOptions {
  /** Jobs to run. Default 3000. */
  jobs?: number;
  /** Workers. Default 16. */
  size?: number;
  /** PRNG seed for the job plan. Default 7. */
  seed?: number;
  /** Draw the bar (true) or print plain lines (false). Default: stdout is a TTY and `CI` is unset. */
  interactive?: boolean;
  /** Plain-mode progress interval in ms. Default 1000. */
  progressEveryMs?: number;
  /** How long (ms) the downstream stays down, from the moment 40 % of the jobs have settled. Default 2000. */
  outageMs?: number;
}

export interface PoolDemoSummary {
  jobs: number;
  succeeded: number;
  failedBadInput: number;
  failedDownstream: number;
  failedOther: number;
  timedOut: number;
  circuitRefusals: number;
  jobsRetried: number;
  dropped: number;
  crashes: number;
  restarts: number;
  connectionsOpened: number;
  connectionsClosed: number;
  circuitOpenings: number;
  circuitHalfOpenings: number;
  circuitClosings: number;
  metrics: PoolMetrics;
  wallMs: number;
  /** Every job settled exactly once and the pool's counters agree with ours. */
  consistent: boolean;
}

/** Runs the demo and resolves with its summary once the pool has closed. */
export async function runPoolDemo(options: PoolDemoOptions = {}): Promise<PoolDemoSummary> {
  const jobCount = options.jobs ?? 3000;
  const size = options.size ?? 16;
  const outageMs = options.outageMs ?? 2000;
  const interactive = options.interactive ?? (process.stdout.isTTY === true && !process.env.CI);
  const jobs = planJobs(jobCount, options.seed ?? 7);
  const downstream = new Downstream();
  const t0 = performance.now();
  const elapsed = () => performance.now() - t0;
  const stamp = () => `[${(elapsed() / 1000).toFixed(2).padStart(5)} s]`;

  const tally = {
    succeeded: 0,
    failedBadInput: 0,
    failedDownstream: 0,
    failedOther: 0,
    timedOut: 0,
    circuitRefusals: 0,
    jobsRetried: 0,
    dropped: 0,
    connectionsOpened: 0,
    connectionsClosed: 0,
    circuitOpenings: 0,
    circuitHalfOpenings: 0,
    circuitClosings: 0,
  };
  let settled = 0;
  let outageScheduled = false;

  const pool: Pool<Connection> = createPool<Connection>({
    name: 'orders',
    size,
    maxQueueSize: 100,
    taskTimeout: 200,
    circuitBreaker: {
      failureThreshold: 5, // 5 failures in a row ...
      failureRate: { threshold: 0.5, window: 40, minimumCalls: 20 }, // ... or more than half of the last 40
      cooldown: 750,
      backoff: { multiplier: 2, maxCooldown: 6000 },
      halfOpenMaxCalls: 1,
      successThreshold: 1,
      isFailure: (error) => !(error instanceof BadInputError),
    },
    // intensity / period: left at the pool's default, max(3, 2 × size) worker restarts per 5 s.
    worker: {
      init: async ({ workerId }) => {
        await sleep(15); // the handshake
        tally.connectionsOpened++;
        return new Connection(workerId, downstream);
      },
      dispose: (connection) => {
        connection.closed = true;
        tally.connectionsClosed++;
      },
    },
  });

  const display = interactive ? barDisplay(jobCount) : plainDisplay(jobCount, options.progressEveryMs ?? 1000);
  const progress = (): Progress => ({
    done: settled,
    succeeded: tally.succeeded,
    failed: tally.failedBadInput + tally.failedDownstream + tally.failedOther,
    timedOut: tally.timedOut,
    status: pool.status(),
    downstreamDown: downstream.down,
    refusals: tally.circuitRefusals,
    elapsedMs: elapsed(),
  });
  const refresh = setInterval(() => display.update(progress()), 80);
  const say = (line: string) => display.log(`${stamp()} ${line}`);

  pool.events.on('circuitOpened', ({ retryAt }) => {
    tally.circuitOpenings++;
    const wait = retryAt === undefined ? '' : ` for ${Math.max(0, Math.round((retryAt - Date.now()) / 10) * 10)} ms`;
    say(`circuit OPEN${wait}: ${pool.status().queued} queued jobs held, new ones refused`);
  });
  pool.events.on('circuitHalfOpened', () => {
    tally.circuitHalfOpenings++;
    say('circuit half-open: one probe job may run');
  });
  pool.events.on('circuitClosed', () => {
    tally.circuitClosings++;
    say('circuit closed: the probe succeeded, the queue flows again');
  });
  pool.events.on('taskTimedOut', ({ workerId, timeout }) => {
    say(`job hung > ${timeout} ms on ${workerId} -> worker replaced`);
  });
  pool.events.on('failed', ({ error }) => say(`POOL FAILED: ${String(error)}`));

  const startOutage = () => {
    outageScheduled = true;
    downstream.down = true;
    say(`downstream DOWN for ${outageMs} ms (after ${settled} jobs)`);
    setTimeout(() => {
      downstream.down = false;
      say('downstream back up');
    }, outageMs);
  };

  const onSettled = () => {
    settled++;
    if (!outageScheduled && settled >= jobCount * 0.4) startOutage();
  };

  /** Resolves when the circuit changes state, or after `maxMs` (whichever is first). */
  const circuitMoved = (maxMs: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pool.events.off('circuitOpened', done);
        pool.events.off('circuitHalfOpened', done);
        pool.events.off('circuitClosed', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(10, maxMs));
      pool.events.on('circuitOpened', done);
      pool.events.on('circuitHalfOpened', done);
      pool.events.on('circuitClosed', done);
    });

  const settledJobs: Promise<void>[] = [];
  for (const job of jobs) {
    let refused = false;
    for (;;) {
      try {
        // Waits for room in the queue (FIFO), so QueueFullError never reaches us.
        const handle = await pool.submitWait(({ resource, signal }) => resource.query(job, signal));
        settledJobs.push(
          handle.result.then(
            () => {
              tally.succeeded++;
              onSettled();
            },
            (error: unknown) => {
              if (error instanceof TaskTimeoutError) tally.timedOut++;
              else if (error instanceof BadInputError) tally.failedBadInput++;
              else if (error instanceof DownstreamError) tally.failedDownstream++;
              else tally.failedOther++;
              onSettled();
            },
          ),
        );
        break;
      } catch (error) {
        if (error instanceof CircuitOpenError) {
          // The job never ran: wait for the breaker to move, then offer it again.
          tally.circuitRefusals++;
          if (!refused) tally.jobsRetried++;
          refused = true;
          await circuitMoved(error.retryAt === undefined ? 25 : error.retryAt - Date.now());
          continue;
        }
        if (error instanceof PoolClosedError) {
          tally.dropped++;
          break;
        }
        // PoolFailedError and the like: stop drawing, stop the pool, and let the caller see it.
        clearInterval(refresh);
        display.stop(progress());
        await pool.terminate();
        throw error;
      }
    }
  }

  await pool.onIdle();
  await Promise.all(settledJobs);
  clearInterval(refresh);
  display.stop(progress()); // the last picture, taken while the workers are still up
  await pool.close();
  const wallMs = elapsed();

  const metrics = pool.metrics();
  const failed = tally.failedBadInput + tally.failedDownstream + tally.failedOther;
  const consistent =
    settled === jobCount - tally.dropped &&
    tally.succeeded + failed + tally.timedOut === settled &&
    metrics.completed === tally.succeeded &&
    metrics.failed === failed &&
    metrics.timedOut === tally.timedOut &&
    metrics.accepted === settled &&
    // Every refusal is counted: here the only ones were the open circuit's.
    metrics.rejected === tally.circuitRefusals &&
    metrics.running === 0 &&
    metrics.queued === 0;

  return {
    jobs: jobCount,
    ...tally,
    crashes: metrics.crashes,
    restarts: metrics.restarts,
    metrics,
    wallMs,
    consistent,
  };
}

// ---------------------------------------------------------------- summary

const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;

/** The summary as an aligned two-column table. */
export function formatSummary(s: PoolDemoSummary): string {
  const m = s.metrics;
  const rows: [string, string][] = [
    ['jobs', `${s.jobs}`],
    ['succeeded', `${s.succeeded}`],
    ['failed: bad input (job error)', `${s.failedBadInput}`],
    ['failed: downstream outage', `${s.failedDownstream}`],
    ...(s.failedOther > 0 ? ([['failed: other', `${s.failedOther}`]] as [string, string][]) : []),
    ['timed out (worker replaced)', `${s.timedOut}`],
    ['refused by the open circuit', `${s.circuitRefusals} refusals of ${s.jobsRetried} job(s): all retried, ${s.dropped} dropped`],
    ['worker crashes / restarts', `${s.crashes} / ${s.restarts}`],
    ['connections opened / closed', `${s.connectionsOpened} / ${s.connectionsClosed}`],
    ['circuit opened / half-open / closed', `${s.circuitOpenings} / ${s.circuitHalfOpenings} / ${s.circuitClosings}`],
    ['run time p50 / p99 / max', `${ms(m.runTime.p50)} / ${ms(m.runTime.p99)} / ${ms(m.runTime.max)}`],
    ['wait time p50 / p99 / max', `${ms(m.waitTime.p50)} / ${ms(m.waitTime.p99)} / ${ms(m.waitTime.max)}`],
    ['wall time', `${(s.wallMs / 1000).toFixed(2)} s`],
    ['every job settled exactly once', s.consistent ? 'yes (pool counters agree)' : 'NO: counts disagree'],
  ];
  const left = Math.max(...rows.map(([k]) => k.length));
  const right = Math.max(...rows.map(([, v]) => v.length));
  const rule = `+${'-'.repeat(left + 2)}+${'-'.repeat(right + 2)}+`;
  const lines = rows.map(([k, v]) => `| ${k.padEnd(left)} | ${v.padEnd(right)} |`);
  const notes = [
    'Refused submissions never ran: the producer waits for the circuit to move and submits them again.',
    'Jobs that ran and failed are reported, not retried. Wait times include the time jobs were held',
    'in the queue while the circuit was open.',
  ];
  return [rule, `| ${'summary'.padEnd(left)} | ${''.padEnd(right)} |`, rule, ...lines, rule, ...notes].join('\n');
}

/** Runs the demo, prints the summary, and sets a non-zero exit code if something is off. */
export async function main(options: PoolDemoOptions = {}): Promise<PoolDemoSummary> {
  const jobs = (options.jobs ?? 3000).toLocaleString('en-US');
  const outage = ((options.outageMs ?? 2000) / 1000).toFixed(1);
  console.log(`overseer pool demo: ${jobs} jobs, ${options.size ?? 16} workers, a ${outage} s downstream outage midway\n`);
  const summary = await runPoolDemo(options);
  console.log(`\n${formatSummary(summary)}`);
  if (!summary.consistent) {
    console.error('\nThe counts do not add up: see the table above.');
    process.exitCode = 1;
  }
  return summary;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
