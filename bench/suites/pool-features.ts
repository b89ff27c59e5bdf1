import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { createPool, type PoolOptions } from '../../src/index.js';
import { instrument } from '../../src/otel/index.js';
import { fmt, median, sorted } from '../stats.js';
import type { Metric, Suite } from '../types.js';
import { overseerSource, rotated, spread } from '../compare.js';
import { obtainGc } from '../gc.js';
import { inFreshProcess } from '../isolate.js';
import { CONCURRENCY, FULL, SMOKE, allAtOnce, slidingWindow, until, type Contender, type Rate } from './pool-throughput.js';

/** A reader that only collects when asked (never, here): the SDK's cost on the recording side. */
class QuietReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

interface Variant {
  key: string;
  label: string;
  options: PoolOptions;
  /** Attaches the OpenTelemetry instrumentation with a real SDK meter. */
  instrumented?: boolean;
}

/** The plain pool is the defaults with context propagation off; each variant adds one feature to it. */
const PLAIN: PoolOptions = { propagateContext: false };
const VARIANTS: Variant[] = [
  { key: 'plain', label: 'plain (defaults, propagateContext: false)', options: PLAIN },
  { key: 'context', label: 'propagateContext: true (the default)', options: { propagateContext: true } },
  { key: 'instrumented', label: "instrument(pool) with the OpenTelemetry SDK's MeterProvider", options: PLAIN, instrumented: true },
  { key: 'rate-limit', label: 'rateLimit: { limit: 1e9, interval: 1000 } (never reached)', options: { ...PLAIN, rateLimit: { limit: 1e9, interval: 1000 } } },
  { key: 'retry', label: 'retry: { attempts: 3 } (never needed)', options: { ...PLAIN, retry: { attempts: 3 } } },
];

function contenderOf(variant: Variant): Contender {
  return {
    key: variant.key,
    label: variant.label,
    version: '',
    async create(concurrency) {
      const pool = createPool({ name: `bench-${variant.key}`, size: concurrency, maxQueueSize: Number.POSITIVE_INFINITY, ...variant.options });
      const provider = variant.instrumented ? new MeterProvider({ readers: [new QuietReader()] }) : undefined;
      const probe = provider === undefined ? undefined : instrument(pool, { meter: provider.getMeter('bench') });
      await until(() => pool.status().idleWorkers >= concurrency, 'overseer workers to start', 2000, false);
      return {
        submit: (fn) => pool.run(fn),
        running: () => pool.status().busyWorkers,
        close: async () => {
          probe?.stop();
          await pool.close();
          await provider?.shutdown();
        },
      };
    },
  };
}

/** Runs in a fresh process: one variant, one scenario, after one unmeasured pass. */
export async function measureVariant(args: { key: string; smoke: boolean; scenario: 'all' | 'window' }): Promise<Rate> {
  const plan = args.smoke ? SMOKE : FULL;
  const variant = VARIANTS.find((v) => v.key === args.key);
  if (variant === undefined) throw new Error(`pool-features: no variant ${args.key}`);
  const contender = contenderOf(variant);
  const context = { gc: obtainGc().gc };
  if (args.scenario === 'all') {
    await allAtOnce(contender, plan.warmupN, context);
    return allAtOnce(contender, plan.n, context);
  }
  await slidingWindow(contender, plan.warmupN, plan.window, context);
  return slidingWindow(contender, plan.n, plan.window, context);
}

/**
 * What the pool's production features cost when they are on but idle: throughput of the plain pool
 * with context propagation, the OpenTelemetry instrumentation, a rate limit that is never reached
 * and retries that are never needed, each as a ratio to the plain pool in the same run.
 */
export const poolFeaturesSuite: Suite = {
  name: 'pool-features',
  description: 'throughput cost of propagateContext, instrument(), rateLimit and retry, as ratios to the plain pool',
  async run(context) {
    const plan = context.smoke ? SMOKE : FULL;
    const rounds = context.smoke ? 1 : 7;
    const samples = { all: new Map<string, number[]>(), window: new Map<string, number[]>() };
    for (const v of VARIANTS) {
      samples.all.set(v.key, []);
      samples.window.set(v.key, []);
    }
    const self = new URL(import.meta.url);
    for (let round = 0; round < rounds; round++) {
      context.progress(`pool-features: round ${round + 1}/${rounds}, ${VARIANTS.length} variants × 2 scenarios, each in a fresh process`);
      for (const variant of rotated(VARIANTS, round)) {
        for (const scenario of ['all', 'window'] as const) {
          const rate = await inFreshProcess<Rate>(self, 'measureVariant', { key: variant.key, smoke: context.smoke, scenario });
          (samples[scenario].get(variant.key) as number[]).push(rate.wall);
        }
      }
    }
    const med = (scenario: 'all' | 'window', key: string) => median(sorted(samples[scenario].get(key) as number[]));
    // Paired: each round's variant ÷ the plain pool in the same round, then the median.
    const paired = (scenario: 'all' | 'window', key: string) => {
      const plain = samples[scenario].get('plain') as number[];
      return median(sorted((samples[scenario].get(key) as number[]).map((value, i) => value / (plain[i] as number))));
    };
    const rows: string[][] = [];
    const metrics: Metric[] = [];
    for (const v of VARIANTS) {
      const a = med('all', v.key);
      const w = med('window', v.key);
      rows.push([v.label, `${fmt(a / 1000, 0)}k`, `${fmt(paired('all', v.key), 2)}×`, `${fmt(w / 1000, 0)}k`, `${fmt(paired('window', v.key), 2)}×`]);
      metrics.push(
        { key: `features.all.${v.key}.tasks_per_s`, label: `${v.key}: tasks/s, all at once`, value: a, unit: 'tasks/s' },
        { key: `features.window.${v.key}.tasks_per_s`, label: `${v.key}: tasks/s, ≤ ${plan.window} outstanding`, value: w, unit: 'tasks/s' },
        { key: `features.all.${v.key}.vs_plain`, label: `${v.key}: all-at-once throughput ÷ the plain pool's`, value: paired('all', v.key), unit: '×' },
        { key: `features.window.${v.key}.vs_plain`, label: `${v.key}: windowed throughput ÷ the plain pool's`, value: paired('window', v.key), unit: '×' },
      );
    }
    return {
      suite: this.name,
      title: 'What the production features cost when on but idle',
      method:
        `The pool-throughput workload (${fmt(plan.n, 0)} × \`async () => 1\`, size ${CONCURRENCY}, all at once and ≤ ${fmt(plan.window, 0)} outstanding), ` +
        'for the plain pool (the defaults with `propagateContext: false`) and the plain pool with one feature on: async context ' +
        "propagation; `instrument(pool)` with the OpenTelemetry SDK's `MeterProvider` (a reader that never collects, so the cost is the " +
        'recording side: listeners, counters and two histograms per task); a rate limit far above the rate; retries that no task needs. ' +
        `Each variant in a fresh process per scenario and round, ${rounds} rounds interleaved with the order rotated; ratios are the ` +
        "median over rounds of the variant's tasks/s ÷ the plain pool's in the same round.",
      table: { columns: ['variant', 'all at once, tasks/s', '× plain', `≤ ${fmt(plan.window, 0)} outstanding, tasks/s`, '× plain'], rows },
      metrics,
      notes: [
        `Spread of the rounds around the median (min…max), all at once / windowed: ` +
          VARIANTS.map((v) => `${v.key} ${spread(samples.all.get(v.key) as number[])} / ${spread(samples.window.get(v.key) as number[])}`).join('; ') +
          '.',
        `overseer measured from ${overseerSource()}.`,
      ],
    };
  },
};
