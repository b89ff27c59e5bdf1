/**
 * What instrumenting a pool costs: throughput of `async () => 1` tasks on a pool of 10 with at most
 * 1,000 outstanding, plain vs instrumented with the real SDK (a MeterProvider whose periodic reader
 * exports to memory), in interleaved rounds in this one process. Two more modes split the cost:
 * `listeners` subscribes no-op listeners to the same events (what the pool pays to build and emit
 * per-task events), `durations-off` instruments with `durations: false` (the events plus the
 * counters, without the SDK's two histogram records per task).
 *
 *   node --expose-gc --import tsx test/otel/measure-overhead.ts [tasks=200000] [rounds=7] [work µs=0]
 *
 * With `work`, each task first spins for that many µs (a task with something to do). Prints one
 * line per mode: median tasks/s, the ratio to plain and the cost per task. docs/metrics.md quotes runs.
 */
import { InMemoryMetricExporter, AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { createPool, type Pool } from '../../src/index.js';
import { instrument } from '../../src/otel/index.js';
import { POOL_EVENT_HANDLERS } from '../../src/otel/pool-events.js';

const N = Number(process.argv[2] ?? 200_000);
const ROUNDS = Number(process.argv[3] ?? 7);
const WORK_MS = Number(process.argv[4] ?? 0) / 1000;
const WINDOW = 1000;
const SIZE = 10;
const task =
  WORK_MS === 0
    ? async (): Promise<number> => 1
    : async (): Promise<number> => {
        const until = performance.now() + WORK_MS;
        while (performance.now() < until);
        return 1;
      };

type Mode = 'plain' | 'listeners' | 'durations-off' | 'instrumented';
const MODES: Mode[] = ['plain', 'listeners', 'durations-off', 'instrumented'];

/** Keeps at most WINDOW tasks outstanding, submitting the next as one settles. */
function windowed(pool: Pool, n: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let submitted = 0;
    let settled = 0;
    const onSettled = (): void => {
      settled++;
      if (submitted < n) launch();
      else if (settled === n) resolve();
    };
    const launch = (): void => {
      submitted++;
      pool.run(task).then(onSettled, reject);
    };
    for (let i = 0; i < Math.min(WINDOW, n); i++) launch();
  });
}

function provider(): MeterProvider {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  return new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 })] });
}

/** One round of one mode: tasks per second. */
async function round(mode: Mode, n: number): Promise<number> {
  const pool = createPool({ name: 'bench', size: SIZE, maxQueueSize: WINDOW });
  await pool.ready();
  let sdk: MeterProvider | undefined;
  let stop = (): void => undefined;
  if (mode === 'listeners') {
    for (const name of Object.keys(POOL_EVENT_HANDLERS)) pool.events.on(name as 'drained', () => undefined);
  } else if (mode !== 'plain') {
    sdk = provider();
    stop = instrument(pool, { meter: sdk.getMeter('overseer'), durations: mode === 'instrumented' }).stop;
  }
  globalThis.gc?.();
  const start = performance.now();
  await windowed(pool, n);
  const rate = n / ((performance.now() - start) / 1000);
  stop();
  await pool.close();
  await sdk?.shutdown();
  return rate;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

for (const mode of MODES) await round(mode, Math.min(N, 50_000)); // warm-up
const rates = new Map<Mode, number[]>(MODES.map((m) => [m, []]));
for (let r = 0; r < ROUNDS; r++) {
  // Interleaved, and the order rotated each round, so no mode always runs on a warmer heap.
  for (let i = 0; i < MODES.length; i++) {
    const mode = MODES[(i + r) % MODES.length] as Mode;
    (rates.get(mode) as number[]).push(await round(mode, N));
  }
}
const plain = median(rates.get('plain') as number[]);
for (const mode of MODES) {
  const m = median(rates.get(mode) as number[]);
  const extra = (1 / m - 1 / plain) * 1e6;
  console.log(
    `${mode.padEnd(13)} ${Math.round(m).toLocaleString('en-US').padStart(10)} tasks/s  ${(m / plain).toFixed(3)} of plain  ${extra >= 0 ? '+' : ''}${extra.toFixed(2)} µs/task`,
  );
}
