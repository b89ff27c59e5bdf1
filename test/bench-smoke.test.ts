import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBench, selectSuites } from '../bench/harness.js';
import { suites } from '../bench/suites/index.js';

describe('benchmark harness (smoke mode)', () => {
  it('runs every registered suite and yields finite, positive numbers', async () => {
    const run = await runBench({ smoke: true, progress: () => undefined });

    expect(run.reportPath).toBeUndefined();
    expect(run.results.map((result) => result.suite)).toEqual(suites.map((suite) => suite.name));
    for (const result of run.results) {
      expect(result.metrics.length, result.suite).toBeGreaterThan(0);
      expect(result.table.rows.length, result.suite).toBeGreaterThan(0);
      for (const metric of result.metrics) {
        expect(Number.isFinite(metric.value), metric.key).toBe(true);
        expect(metric.value, metric.key).toBeGreaterThan(0);
      }
    }
    const keys = run.results.flatMap((result) => result.metrics.map((metric) => metric.key));
    expect(keys).toEqual(
      expect.arrayContaining([
        'restart.one_for_one.10.median',
        'restart.one_for_one.10.p99',
        'memory.supervised.bytes_per_child',
      ]),
    );
    // The pool throughput suite: every contender yields both throughputs, heap per queued task and ratios.
    const pool = run.results.find((result) => result.suite === 'pool-throughput');
    expect(pool, 'pool-throughput ran').toBeDefined();
    const poolMetrics = new Map(pool?.metrics.map((metric) => [metric.key, metric.value]));
    // Every contender, each measured in a fresh process; the floor (no limiter) has no queue, so no heap per queued task.
    for (const contender of ['overseer', 'overseer-bare', 'p-limit', 'p-queue', 'fastq', 'floor']) {
      const queues = contender !== 'floor';
      for (const key of [
        `pool.all.${contender}.tasks_per_s`,
        `pool.window.${contender}.tasks_per_s`,
        `pool.all.${contender}.vs_p_limit`,
        `pool.all.${contender}.vs_fastq`,
        `pool.all.${contender}.vs_floor`,
        `pool.window.${contender}.vs_p_queue`,
        `pool.window.${contender}.vs_fastq`,
        `pool.window.${contender}.vs_floor`,
        ...(queues ? [`pool.memory.${contender}.bytes_per_task`, `pool.memory.${contender}.vs_p_queue`] : []),
      ]) {
        const value = poolMetrics.get(key);
        expect(value, key).toBeDefined();
        expect(Number.isFinite(value), key).toBe(true);
        expect(value as number, key).toBeGreaterThan(0);
      }
    }
    expect(poolMetrics.has('pool.memory.floor.bytes_per_task')).toBe(false);
    expect(pool?.table.rows.length).toBe(6);
    // The features suite: each feature's throughput as a ratio to the plain pool, in both scenarios.
    const features = new Map(run.results.find((result) => result.suite === 'pool-features')?.metrics.map((metric) => [metric.key, metric.value]));
    for (const variant of ['plain', 'context', 'instrumented', 'rate-limit', 'retry']) {
      for (const key of [`features.all.${variant}.vs_plain`, `features.window.${variant}.vs_plain`, `features.window.${variant}.tasks_per_s`]) {
        expect(features.get(key), key).toBeGreaterThan(0);
      }
    }
    expect(features.get('features.all.plain.vs_plain')).toBe(1);
    // The thread pool suite: throughput and round trip per contender, and the 1 → 2 thread speed-up.
    const threads = run.results.find((result) => result.suite === 'thread-throughput');
    expect(threads, 'thread-throughput ran').toBeDefined();
    const threadMetrics = new Map(threads?.metrics.map((metric) => [metric.key, metric.value]));
    const threadKeys = ['threads.cpu.overseer.wall_1', 'threads.cpu.overseer.wall_2', 'threads.cpu.overseer.speedup'];
    for (const contender of ['overseer', 'overseer-bare', 'overseer-process', 'tinypool-process', 'workerpool-process', 'piscina', 'tinypool', 'poolifier']) {
      threadKeys.push(
        `threads.tput.${contender}.tasks_per_s`,
        `threads.tput.${contender}.vs_piscina`,
        `threads.tput.${contender}.vs_poolifier`,
        `threads.rtt.${contender}.p99_vs_piscina`,
        `threads.rtt.${contender}.p50`,
        `threads.rtt.${contender}.p99`,
        `threads.rtt.${contender}.p50_vs_piscina`,
      );
    }
    for (const key of threadKeys) {
      const value = threadMetrics.get(key);
      expect(value, key).toBeDefined();
      expect(Number.isFinite(value), key).toBe(true);
      expect(value as number, key).toBeGreaterThan(0);
    }
    expect(threads?.table.rows.length).toBe(8);
    expect(run.environment.xstate).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.environment.cores).toBeGreaterThan(0);
  }, 120_000); // every suite in smoke mode; the thread suite starts a few dozen threads

  it('runs one suite with --only and writes a report only when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overseer-bench-'));
    try {
      const out = join(dir, 'benchmarks.md');
      const run = await runBench({ smoke: true, only: ['supervisor-restart'], out, progress: () => undefined });
      expect(run.results.map((result) => result.suite)).toEqual(['supervisor-restart']);
      const report = readFileSync(out, 'utf8');
      expect(report).toContain('## Environment');
      expect(report).toContain('<!-- bench:supervisor-restart:start -->');
      expect(report).not.toContain('<!-- bench:supervisor-memory:start -->');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown suite name', () => {
    expect(() => selectSuites(suites, ['nope'])).toThrow(/unknown suite "nope"/);
  });
});
