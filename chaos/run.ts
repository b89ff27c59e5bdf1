/**
 * overseer's chaos suite: drives the public API with seeded random faults and checks the
 * invariants after every round (see docs/reliability.md).
 *
 *   npm run chaos                                   the CI pass: fixed seed, short
 *   npm run chaos -- --long                         the long pass of docs/reliability.md
 *   npm run chaos -- --seed 1234 --only thread      replay one part of a run
 *   npm run chaos -- --in-process 2000000 --threads 100000 --processes 10000 --tree-ops 10000
 */
import { parseArgs } from 'node:util';
import { Tally, Violation, watchProcess } from './invariants.js';
import { poolRound, type PoolKind } from './pool-chaos.js';
import { Rng } from './rng.js';
import { treeRound } from './tree-chaos.js';

export interface ChaosPlan {
  seed: number;
  /** Accepted tasks per pool kind (submissions go on until this many were accepted). */
  inProcess: number;
  threads: number;
  processes: number;
  /** Admin operations and crashes on random supervision trees. */
  treeOperations: number;
  only?: readonly ('in-process' | 'thread' | 'process' | 'tree')[];
  /** A line of progress; default none. */
  progress?: (line: string) => void;
}

export const SHORT: Omit<ChaosPlan, 'seed'> = { inProcess: 60_000, threads: 3_000, processes: 300, treeOperations: 1_500 };
export const LONG: Omit<ChaosPlan, 'seed'> = { inProcess: 1_000_000, threads: 100_000, processes: 10_000, treeOperations: 10_000 };

export interface ChaosResult {
  seed: number;
  tally: Tally;
  /** Wall time per part, ms. */
  times: Record<string, number>;
  violations: string[];
}

/** Tasks per pool round: small pools and queues, so every round reaches its edges. */
const TASKS_PER_ROUND: Record<PoolKind, number> = { 'in-process': 5_000, thread: 500, process: 100 };
const OPERATIONS_PER_TREE = 100;

/**
 * Runs the plan. Never throws for a violation: it is reported in `violations` (with its seed and
 * round), and the part it happened in stops there.
 *
 * @example
 * ```ts
 * const { violations, tally } = await runChaos({ seed: 1, ...SHORT });
 * ```
 */
export async function runChaos(plan: ChaosPlan): Promise<ChaosResult> {
  const tally = new Tally();
  const times: Record<string, number> = {};
  const violations: string[] = [];
  const progress = plan.progress ?? (() => undefined);
  const wanted = (part: 'in-process' | 'thread' | 'process' | 'tree') => plan.only === undefined || plan.only.includes(part);
  const watcher = watchProcess();
  try {
    const pools: [PoolKind, number][] = [
      ['in-process', plan.inProcess],
      ['thread', plan.threads],
      ['process', plan.processes],
    ];
    for (const [kind, total] of pools) {
      if (!wanted(kind) || total === 0) continue;
      // Each part has its own stream, so `--only` replays exactly what a full run did.
      const rng = new Rng(plan.seed ^ hash(kind));
      const started = performance.now();
      let accepted = 0;
      for (let round = 0; accepted < total; round++) {
        try {
          accepted += await poolRound(kind, rng, plan.seed, round, TASKS_PER_ROUND[kind], tally);
        } catch (error) {
          violations.push(error instanceof Violation ? error.message : `${kind} pool, seed ${plan.seed}, round ${round}: ${String(error)}`);
          break;
        }
        if (watcher.problems.length > 0) {
          violations.push(`${kind} pool, seed ${plan.seed}, round ${round}: ${watcher.problems.splice(0).join('; ')}`);
          break;
        }
        if (round % 10 === 9) progress(`${kind}: ${Math.min(total, accepted).toLocaleString('en-US')}/${total.toLocaleString('en-US')} tasks accepted`);
      }
      times[kind] = performance.now() - started;
    }
    if (wanted('tree') && plan.treeOperations > 0) {
      const rng = new Rng(plan.seed ^ hash('tree'));
      const started = performance.now();
      let operations = 0;
      for (let round = 0; operations < plan.treeOperations; round++) {
        try {
          operations += await treeRound(rng, plan.seed, round, OPERATIONS_PER_TREE, tally);
        } catch (error) {
          violations.push(error instanceof Violation ? error.message : `supervision tree, seed ${plan.seed}, round ${round}: ${String(error)}`);
          break;
        }
        if (watcher.problems.length > 0) {
          violations.push(`supervision tree, seed ${plan.seed}, round ${round}: ${watcher.problems.splice(0).join('; ')}`);
          break;
        }
        if (round % 10 === 9) progress(`tree: ${operations.toLocaleString('en-US')}/${plan.treeOperations.toLocaleString('en-US')} operations`);
      }
      times.tree = performance.now() - started;
    }
  } finally {
    watcher.stop();
  }
  return { seed: plan.seed, tally, times, violations };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      long: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      'in-process': { type: 'string' },
      threads: { type: 'string' },
      processes: { type: 'string' },
      'tree-ops': { type: 'string' },
    },
  });
  const base = values.long ? LONG : SHORT;
  const count = (raw: string | undefined, fallback: number) => (raw === undefined ? fallback : Number(raw));
  const seed = values.seed === undefined ? (process.env.CI ? 20261202 : Math.floor(Math.random() * 2 ** 31)) : Number(values.seed);
  const only = values.only?.flatMap((v) => v.split(',')) as ChaosPlan['only'];
  const plan: ChaosPlan = {
    seed,
    inProcess: count(values['in-process'], base.inProcess),
    threads: count(values.threads, base.threads),
    processes: count(values.processes, base.processes),
    treeOperations: count(values['tree-ops'], base.treeOperations),
    ...(only === undefined ? {} : { only }),
    progress: (line) => process.stderr.write(`${line}\n`),
  };
  console.log(`chaos: seed ${seed} (replay: npm run chaos -- --seed ${seed}${values.long ? ' --long' : ''})`);
  const result = await runChaos(plan);
  for (const [part, ms] of Object.entries(result.times)) console.log(`  ${part}: ${(ms / 1000).toFixed(1)} s`);
  console.log(`  ${result.tally.toString()}`);
  if (result.violations.length > 0) {
    console.log(`violations: ${result.violations.length}`);
    for (const v of result.violations) console.log(`  ${v}`);
    process.exitCode = 1;
  } else {
    console.log('violations: 0');
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) await main();
