import { afterEach, describe, expect, it } from 'vitest';
import { runChaos } from '../../chaos/run.js';
import { RUNNING, TaskRecord } from '../../src/task-record.js';

// The chaos suite must find a real bug: here one task in 50 is settled a second time (as a pool
// that forgot a task was settled would), and the suite must report it with its seed and round.

const original = TaskRecord.prototype.settle;
afterEach(() => {
  TaskRecord.prototype.settle = original;
});

const PLAN = { seed: 7, inProcess: 3_000, threads: 0, processes: 0, treeOperations: 0 };

describe('the chaos suite', () => {
  it('passes on the pool as it is (the control)', async () => {
    const result = await runChaos(PLAN);
    expect(result.violations).toEqual([]);
    expect(result.tally.get('in-process tasks accepted')).toBeGreaterThanOrEqual(3_000);
  }, 120_000);

  it('fails, naming the seed and the round, when a task is settled twice', async () => {
    let settles = 0;
    TaskRecord.prototype.settle = function (this: TaskRecord, ok: boolean, value: unknown): void {
      original.call(this, ok, value);
      if (++settles % 50 === 0) {
        // The injected bug: the task is not marked settled, so a cancel settles it again.
        this.state = RUNNING;
        this.cancel();
      }
    };
    const result = await runChaos(PLAN);
    expect(result.violations.length).toBe(1);
    expect(result.violations[0]).toMatch(/^in-process pool, seed 7, round \d+: /);
    expect(result.violations[0]).toMatch(/settled 2 times|announced 2 outcomes|accepted \d+ ≠/);
  }, 120_000);
});
