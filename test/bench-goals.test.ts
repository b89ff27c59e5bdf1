import { describe, expect, it } from 'vitest';
import { goalLines } from '../bench/goals.js';
import type { SuiteResult } from '../bench/types.js';

/** A suite result holding just these metrics. */
function result(metrics: Record<string, number>): SuiteResult {
  return {
    suite: 'fake',
    title: 'fake',
    method: '',
    table: { columns: [], rows: [] },
    metrics: Object.entries(metrics).map(([key, value]) => ({ key, label: key, value, unit: '×' })),
  };
}

describe("bench: issue 12's table from a run's metrics", () => {
  it('prints each measured row with its goal, met or not, in either direction', () => {
    const lines = goalLines([
      result({ 'pool.window.overseer.vs_fastq': 0.54, 'threads.tput.overseer.vs_poolifier': 1.15 }),
      result({ 'pool.memory.overseer.vs_p_queue': 0.65, 'restart.one_for_one.500.median': 33, 'pool.all.overseer.vs_floor': 0.16 }),
    ]);
    expect(lines).toHaveLength(5);
    const row = (start: string) => lines.find((line) => line.trim().startsWith(start)) ?? '';
    expect(row('windowed (≤ 1,000 outstanding)')).toMatch(/0\.54 ×.*goal >= 1 ×: NOT met/);
    expect(row('threads tasks/s ÷ poolifier')).toMatch(/1\.15 ×.*goal >= 1 ×: met/);
    expect(row('heap per queued task')).toMatch(/0\.65 ×.*goal <= 0\.5 ×: NOT met/);
    expect(row('restart p50')).toMatch(/33\.0 µs.*goal <= 50 µs: met/);
    expect(row('all at once, defaults ÷ no limiter')).toMatch(/0\.16 ×.*\(reported\)/);
  });

  it('prints nothing when no suite of the table ran', () => {
    expect(goalLines([result({ 'named.send.ns': 1300 })])).toEqual([]);
  });
});
