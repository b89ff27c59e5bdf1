import { assign, setup, type AnyActorRef } from 'xstate';
import { Registry, startSupervisor } from '../../src/index.js';
import { fmt, median } from '../stats.js';
import type { Metric, Suite } from '../types.js';

/** A counter: each `INC` is one transition with one assign, the cheapest useful event. */
const counter = setup({ types: { context: {} as { n: number }, events: {} as { type: 'INC' } } }).createMachine({
  id: 'counter',
  context: { n: 0 },
  on: { INC: { actions: assign({ n: ({ context }) => context.n + 1 }) } },
});

interface Plan {
  rounds: number;
  perRound: number;
  warmup: number;
}

const FULL: Plan = { rounds: 30, perRound: 20_000, warmup: 5 };
const SMOKE: Plan = { rounds: 3, perRound: 500, warmup: 1 };

type Way = 'ref.send' | 'sup.send' | 'Registry.send';
const WAYS: Way[] = ['ref.send', 'sup.send', 'Registry.send'];

/** `sup.send(name, event)` and `Registry.send(name, event)` against `ref.send(event)`, per event. */
export const namedSendSuite: Suite = {
  name: 'named-send',
  description: 'per-event cost of sending to a stable name (sup.send, Registry.send) against ref.send',
  async run(context) {
    const plan = context.smoke ? SMOKE : FULL;
    const sup = await startSupervisor({ name: 'bench-named-send', children: [{ id: 'counter', name: 'bench-counter', logic: counter }] });
    const ref = sup.child('counter') as AnyActorRef;
    const event = { type: 'INC' } as const;
    const send: Record<Way, () => void> = {
      'ref.send': () => ref.send(event),
      'sup.send': () => sup.send('bench-counter', event),
      'Registry.send': () => Registry.send('bench-counter', event),
    };
    const samples: Record<Way, number[]> = { 'ref.send': [], 'sup.send': [], 'Registry.send': [] };
    try {
      context.progress(`named-send: ${plan.rounds} rounds of ${plan.perRound} events per way (+${plan.warmup} warm-up)`);
      for (let round = 0; round < plan.warmup + plan.rounds; round++) {
        // Rotate the order each round so no way always runs first (after a GC, on a warm cache).
        const order = WAYS.map((_, i) => WAYS[(i + round) % WAYS.length] as Way);
        for (const way of order) {
          const go = send[way];
          const start = process.hrtime.bigint();
          for (let i = 0; i < plan.perRound; i++) go();
          const ns = Number(process.hrtime.bigint() - start) / plan.perRound;
          if (round >= plan.warmup) samples[way].push(ns);
        }
      }
      const sent = (ref.getSnapshot() as { context: { n: number } }).context.n;
      const expected = (plan.warmup + plan.rounds) * plan.perRound * WAYS.length;
      if (sent !== expected) throw new Error(`the counter got ${sent} events, expected ${expected}`);
    } finally {
      await sup.stop();
    }
    const base = median(samples['ref.send']);
    const rows: string[][] = [];
    const metrics: Metric[] = [];
    for (const way of WAYS) {
      const ns = median(samples[way]);
      rows.push([way, fmt(ns), `${(ns / base).toFixed(2)}×`]);
      const key = way.replace('.', '_');
      metrics.push({ key: `named_send.${key}.ns`, label: `${way} per event (median of rounds)`, value: ns, unit: 'ns' });
      metrics.push({ key: `named_send.${key}.ratio`, label: `${way} / ref.send`, value: ns / base, unit: '×' });
    }
    return {
      suite: this.name,
      title: 'Sending to a stable name',
      method:
        'One supervisor runs one named counter machine (each event is one transition with one `assign`). ' +
        `Each round sends ${plan.perRound} events by each way in turn (the order rotates per round): ` +
        '`ref.send(event)` to the current actor, `sup.send(name, event)` and `Registry.send(name, event)`. ' +
        `${plan.warmup} warm-up rounds are not counted; the table gives the median of ${plan.rounds} rounds, ` +
        'in ns per event, and its ratio to `ref.send`. The counter checks every event arrived.',
      table: { columns: ['way', 'ns per event', 'vs ref.send'], rows },
      metrics,
      notes: [
        'The name lookup is one Map get and a status check of the current actor; the transition itself dominates.',
      ],
    };
  },
};
