import { createActor, setup, type AnyActorRef } from 'xstate';
import { startSupervisor } from '../../src/index.js';
import { fmt, fmtBytes, median, sorted } from '../stats.js';
import type { Metric, Suite, SuiteContext } from '../types.js';

/** A typical idle worker: two states and a little context. */
const idleWorker = setup({
  types: { context: {} as { handled: number }, events: {} as { type: 'WORK' } | { type: 'DONE' } },
}).createMachine({
  id: 'idleWorker',
  context: { handled: 0 },
  initial: 'idle',
  states: {
    idle: { on: { WORK: 'busy' } },
    busy: { on: { DONE: 'idle' } },
  },
});

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Heap used after two full collections (the second catches what finalizers freed). */
async function heapAfterGc(context: SuiteContext): Promise<number> {
  await settle();
  context.gc();
  context.gc();
  return process.memoryUsage().heapUsed;
}

interface Sample {
  bytesPerChild: number;
  startMicrosPerChild: number;
}

async function supervised(n: number, context: SuiteContext): Promise<Sample> {
  const specs = Array.from({ length: n }, (_, i) => ({ id: `w${i}`, logic: idleWorker }));
  const before = await heapAfterGc(context);
  const t0 = performance.now();
  const sup = await startSupervisor({ name: 'bench-memory', children: specs });
  const elapsed = performance.now() - t0;
  const after = await heapAfterGc(context);
  if (sup.countChildren().active !== n) throw new Error('not every child started');
  await sup.stop();
  return { bytesPerChild: (after - before) / n, startMicrosPerChild: (elapsed * 1000) / n };
}

async function bare(n: number, context: SuiteContext): Promise<Sample> {
  const actors: AnyActorRef[] = [];
  const before = await heapAfterGc(context);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const actor = createActor(idleWorker);
    actor.subscribe({ error: () => undefined });
    actors.push(actor.start());
  }
  const elapsed = performance.now() - t0;
  const after = await heapAfterGc(context);
  for (const actor of actors) actor.stop();
  return { bytesPerChild: (after - before) / n, startMicrosPerChild: (elapsed * 1000) / n };
}

/** Heap cost of one supervised child, next to a bare xstate actor of the same machine. */
export const supervisorMemorySuite: Suite = {
  name: 'supervisor-memory',
  description: 'heap bytes per supervised child (and per bare xstate actor), after full GCs',
  async run(context) {
    const n = context.smoke ? 200 : 5000;
    const rounds = context.smoke ? 1 : 5;
    const variants: Array<[key: string, label: string, run: (n: number, c: SuiteContext) => Promise<Sample>]> = [
      ['supervised', 'supervised child (one_for_one)', supervised],
      ['bare', 'bare xstate actor + error observer', bare],
    ];
    const rows: string[][] = [];
    const metrics: Metric[] = [];
    // One unmeasured round of each first, so code and caches are warm.
    for (const [, , run] of variants) await run(Math.min(n, 200), context);
    for (const [key, label, run] of variants) {
      context.progress(`supervisor-memory: ${label}, ${n} × ${rounds}`);
      const samples: Sample[] = [];
      for (let r = 0; r < rounds; r++) samples.push(await run(n, context));
      const bytes = median(sorted(samples.map((s) => s.bytesPerChild)));
      const micros = median(sorted(samples.map((s) => s.startMicrosPerChild)));
      rows.push([label, String(n), fmtBytes(bytes), fmt(micros, 2)]);
      metrics.push({ key: `memory.${key}.bytes_per_child`, label: `heap per child, ${label}`, value: bytes, unit: 'bytes' });
      metrics.push({ key: `memory.${key}.start_us_per_child`, label: `start time per child, ${label}`, value: micros, unit: 'µs' });
    }
    return {
      suite: this.name,
      title: 'Memory per supervised child',
      method:
        `Heap used (\`process.memoryUsage().heapUsed\` after two full GCs) before and after starting ${n} ` +
        'idle two-state machine workers, divided by the count; the median of ' +
        `${rounds} round(s). "Supervised" starts them as the children of one \`startSupervisor\` (child ` +
        'table entry, exit observer, actor); "bare" is `createActor(machine).start()` with an error ' +
        'observer, for comparison. The start time per child is the wall time of the start divided by the count.',
      table: { columns: ['variant', 'children', 'heap per child', 'start µs per child'], rows },
      metrics,
    };
  },
};
