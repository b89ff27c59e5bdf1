import type { SuiteResult } from './types.js';

/** One row of issue 12's table: a metric of one run against its goal. */
interface Goal {
  row: string;
  key: string;
  /** Met when the value is at least (`>=`) or at most (`<=`) `target`; no target: reported only. */
  compare?: '>=' | '<=';
  target?: number;
  unit: string;
}

const GOALS: readonly Goal[] = [
  { row: 'windowed (≤ 1,000 outstanding), defaults ÷ fastq', key: 'pool.window.overseer.vs_fastq', compare: '>=', target: 1.0, unit: '×' },
  { row: 'all at once, defaults ÷ fastq', key: 'pool.all.overseer.vs_fastq', compare: '>=', target: 1.3, unit: '×' },
  { row: 'windowed, defaults ÷ no limiter (the floor)', key: 'pool.window.overseer.vs_floor', unit: '×' },
  { row: 'all at once, defaults ÷ no limiter (the floor)', key: 'pool.all.overseer.vs_floor', unit: '×' },
  { row: 'heap per queued task, defaults ÷ p-queue', key: 'pool.memory.overseer.vs_p_queue', compare: '<=', target: 0.5, unit: '×' },
  { row: 'restart p50, 500 children', key: 'restart.one_for_one.500.median', compare: '<=', target: 50, unit: 'µs' },
  { row: 'restart p99, 500 children', key: 'restart.one_for_one.500.p99', compare: '<=', target: 150, unit: 'µs' },
  { row: 'threads tasks/s ÷ poolifier', key: 'threads.tput.overseer.vs_poolifier', compare: '>=', target: 1.0, unit: '×' },
  { row: 'threads tasks/s ÷ piscina', key: 'threads.tput.overseer.vs_piscina', compare: '>=', target: 1.3, unit: '×' },
  { row: 'thread round trip p50 ÷ piscina', key: 'threads.rtt.overseer.p50_vs_piscina', compare: '<=', target: 0.8, unit: '×' },
  { row: 'thread round trip p99 ÷ piscina', key: 'threads.rtt.overseer.p99_vs_piscina', compare: '<=', target: 0.8, unit: '×' },
];

/**
 * The rows of issue 12's table that this run measured, each with its goal and whether it was met
 * (lines to print; empty when no suite of the table ran).
 *
 * @example
 * ```ts
 * for (const line of goalLines(run.results)) console.log(line);
 * ```
 */
export function goalLines(results: readonly SuiteResult[]): string[] {
  const values = new Map(results.flatMap((result) => result.metrics.map((metric) => [metric.key, metric.value] as const)));
  const lines: string[] = [];
  for (const goal of GOALS) {
    const value = values.get(goal.key);
    if (value === undefined) continue;
    const shown = `${value.toFixed(goal.unit === '×' ? 2 : 1)} ${goal.unit}`;
    if (goal.target === undefined) {
      lines.push(`  ${goal.row.padEnd(52)} ${shown.padStart(10)}   (reported)`);
      continue;
    }
    const met = goal.compare === '>=' ? value >= goal.target : value <= goal.target;
    lines.push(`  ${goal.row.padEnd(52)} ${shown.padStart(10)}   goal ${goal.compare} ${goal.target} ${goal.unit}: ${met ? 'met' : 'NOT met'}`);
  }
  return lines;
}
