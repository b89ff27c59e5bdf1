/**
 * Shared shapes of the benchmark harness. A suite measures one thing and returns
 * its numbers both as a table (for docs/benchmarks.md) and as flat metrics
 * (for tests and machine use).
 */

/** What a suite gets from the harness. */
export interface SuiteContext {
  /** Tiny sizes and few iterations: just prove that the suite runs and yields numbers. */
  readonly smoke: boolean;
  /** One progress line on stderr (silent when the harness runs quiet). */
  progress(message: string): void;
  /** A full garbage collection (native `--expose-gc`, or enabled at run time as a fallback). */
  gc(): void;
}

/** One number a suite measured. */
export interface Metric {
  /** Stable key, e.g. `restart.one_for_one.500.p99`. */
  key: string;
  /** Human label, e.g. `restart latency p99, 500 children`. */
  label: string;
  value: number;
  /** `µs`, `ms`, `bytes`, ... */
  unit: string;
}

/** A suite's result. */
export interface SuiteResult {
  /** The suite's registry name. */
  suite: string;
  /** Section title in docs/benchmarks.md. */
  title: string;
  /** What was measured and how, one paragraph of Markdown. */
  method: string;
  /** The table printed in the docs; cells are already formatted. */
  table: { columns: string[]; rows: string[][] };
  metrics: Metric[];
  /** Extra remarks printed under the table. */
  notes?: string[];
}

/** A benchmark suite; register it in `bench/suites/index.ts`. */
export interface Suite {
  /** Short unique name used by `--only`. */
  name: string;
  /** One line shown by `--list`. */
  description: string;
  run(context: SuiteContext): Promise<SuiteResult>;
}
