import { setup, type AnyActorRef } from 'xstate';
import { startSupervisor } from '../../src/index.js';
import { fmt, median, percentile, sorted } from '../stats.js';
import type { Metric, Suite, SuiteContext } from '../types.js';
import { inFreshProcess } from '../isolate.js';

/** A worker that throws when told to, which makes its actor error (a crash). */
const crashable = setup({
  types: { events: {} as { type: 'CRASH' } },
  actions: {
    crash: () => {
      throw new Error('bench crash');
    },
  },
}).createMachine({ id: 'crashable', on: { CRASH: { actions: 'crash' } } });

interface Plan {
  sizes: number[];
  crashes: number;
  warmup: number;
}

const FULL: Plan = { sizes: [10, 500, 1000], crashes: 2000, warmup: 2000 };
const SMOKE: Plan = { sizes: [10, 50], crashes: 20, warmup: 5 };

/** Crashes children one at a time and times each crash → `childRestarted`, in µs. */
async function measure(size: number, plan: Plan, context: Pick<SuiteContext, 'progress'>): Promise<number[]> {
  const total = plan.warmup + plan.crashes;
  const sup = await startSupervisor({
    name: `bench-restart-${size}`,
    strategy: 'one_for_one',
    // High enough that the measured crashes never make it give up.
    intensity: total + 10,
    period: 3_600_000,
    children: Array.from({ length: size }, (_, i) => ({ id: `w${i}`, logic: crashable })),
  });
  const refs = new Map<string, AnyActorRef>();
  for (const child of sup.whichChildren()) refs.set(child.id, child.ref as AnyActorRef);

  let waiting: { id: string; resolve: (at: number) => void } | undefined;
  sup.events.on('childRestarted', (event) => {
    const at = performance.now();
    refs.set(event.id, event.ref);
    if (waiting !== undefined && waiting.id === event.id) {
      const { resolve } = waiting;
      waiting = undefined;
      resolve(at);
    }
  });
  let gaveUp = false;
  sup.events.on('gaveUp', () => (gaveUp = true));

  const samples: number[] = [];
  try {
    for (let i = 0; i < total; i++) {
      // Visit children in a scattered order so every part of the table is hit.
      const id = `w${(i * 7919) % size}`;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const restarted = new Promise<number>((resolve, reject) => {
        waiting = { id, resolve };
        timer = setTimeout(() => reject(new Error(`no childRestarted for ${id} within 5 s`)), 5000);
      });
      const start = performance.now();
      refs.get(id)?.send({ type: 'CRASH' });
      const end = await restarted.finally(() => clearTimeout(timer));
      if (i >= plan.warmup) samples.push((end - start) * 1000);
      if (gaveUp) throw new Error('the supervisor gave up during the benchmark');
      if (i > 0 && i % 200 === 0) context.progress(`  ${size} children: ${i}/${total} crashes`);
    }
  } finally {
    await sup.stop();
  }
  return samples;
}

/** Runs in a fresh process (see bench/isolate.ts): the restart samples of one tree size, in µs. */
export async function measureRestarts(args: { size: number; smoke: boolean }): Promise<number[]> {
  return measure(args.size, args.smoke ? SMOKE : FULL, { progress: () => undefined });
}

/** Restart latency of a one_for_one supervisor, small and large. */
export const supervisorRestartSuite: Suite = {
  name: 'supervisor-restart',
  description: 'one_for_one restart latency (crash event → childRestarted) at 10, 500 and 1,000 children',
  async run(context) {
    const plan = context.smoke ? SMOKE : FULL;
    const rows: string[][] = [];
    const metrics: Metric[] = [];
    const slow: string[] = [];
    const goal: string[] = [];
    for (const size of plan.sizes) {
      context.progress(`supervisor-restart: ${size} children, ${plan.crashes} crashes (+${plan.warmup} warm-up)`);
      const values = sorted(await inFreshProcess<number[]>(new URL(import.meta.url), 'measureRestarts', { size, smoke: context.smoke }));
      const stats = {
        median: median(values),
        p90: percentile(values, 90),
        p99: percentile(values, 99),
        max: values[values.length - 1] as number,
      };
      slow.push(`${values.filter((v) => v > 1000).length} of ${values.length} at ${size} children`);
      if (size === 500) {
        const verdict = (ok: boolean) => (ok ? 'met' : 'not met');
        goal.push(
          `Goal of issue 12 at 500 children: p50 < 50 µs ${verdict(stats.median < 50)} (${fmt(stats.median)} µs), ` +
            `p99 < 150 µs ${verdict(stats.p99 < 150)} (${fmt(stats.p99)} µs).`,
        );
      }
      rows.push([String(size), String(values.length), fmt(stats.median), fmt(stats.p90), fmt(stats.p99), fmt(stats.max)]);
      for (const [name, value] of Object.entries(stats)) {
        metrics.push({
          key: `restart.one_for_one.${size}.${name}`,
          label: `restart latency ${name}, ${size} children`,
          value,
          unit: 'µs',
        });
      }
    }
    return {
      suite: this.name,
      title: 'Supervisor restart latency (one_for_one)',
      method:
        'A root `one_for_one` supervisor runs N idle machine workers (intensity set above the crash count). ' +
        'One child at a time is sent an event whose action throws; the time is taken from just before ' +
        '`send` to the `childRestarted` listener for that child, i.e. crash → observer → serialized exit ' +
        `handling → intensity check → new actor created, started and registered. Each tree size runs in a fresh ` +
        `process. ${plan.warmup} warm-up ` +
        'crashes are not counted; the next crash is sent only after the previous restart. Times in µs.',
      table: { columns: ['children', 'crashes', 'median µs', 'p90 µs', 'p99 µs', 'max µs'], rows },
      metrics,
      notes: [
        ...goal,
        `Restarts slower than 1 ms: ${slow.join(', ')}. Such outliers line up with garbage collections ` +
          'and with the process losing the CPU (see "scheduling noise" above); they set p99 and max, ' +
          'while the median is the cost of the restart path itself.',
      ],
    };
  },
};
