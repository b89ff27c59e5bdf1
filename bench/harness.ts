import { fileURLToPath } from 'node:url';
import { describeEnvironment, type Environment } from './environment.js';
import { obtainGc } from './gc.js';
import { writeReport } from './report.js';
import { suites as registry } from './suites/index.js';
import type { Suite, SuiteResult } from './types.js';

/** Where `npm run bench` writes its report. */
export const DEFAULT_REPORT_PATH = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));

export interface BenchOptions {
  /** Tiny sizes, few iterations; no report is written unless `out` is given. */
  smoke?: boolean;
  /** Run only these suites (by name). */
  only?: readonly string[];
  /** Report path; defaults to docs/benchmarks.md for full runs, none for smoke runs. `false` writes nothing. */
  out?: string | false;
  /** Progress lines; default stderr. */
  progress?: (line: string) => void;
  /** Suites to choose from; default the registry in bench/suites/index.ts. */
  suites?: readonly Suite[];
}

export interface BenchRun {
  environment: Environment;
  results: SuiteResult[];
  /** The report written, if any. */
  reportPath: string | undefined;
}

/** Picks suites by name; throws on an unknown name, listing the known ones. */
export function selectSuites(available: readonly Suite[], only: readonly string[] | undefined): Suite[] {
  if (only === undefined || only.length === 0) return [...available];
  const names = available.map((suite) => suite.name);
  for (const name of only) {
    if (!names.includes(name)) throw new Error(`unknown suite "${name}"; known: ${names.join(', ')}`);
  }
  return available.filter((suite) => only.includes(suite.name));
}

/**
 * Runs the selected suites one after the other and writes the report.
 *
 * @example
 * ```ts
 * const { results } = await runBench({ smoke: true, progress: () => {} });
 * ```
 */
export async function runBench(options: BenchOptions = {}): Promise<BenchRun> {
  const smoke = options.smoke ?? false;
  const available = options.suites ?? registry;
  const selected = selectSuites(available, options.only);
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { gc, source } = obtainGc();
  const environment = describeEnvironment(source, smoke ? 50 : 1000);

  const results: SuiteResult[] = [];
  for (const suite of selected) {
    const started = performance.now();
    progress(`▶ ${suite.name}${smoke ? ' (smoke)' : ''}`);
    results.push(await suite.run({ smoke, progress, gc }));
    progress(`✓ ${suite.name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  const out = options.out ?? (smoke ? false : DEFAULT_REPORT_PATH);
  if (out !== false) {
    writeReport(out, results, environment, available.map((suite) => suite.name));
    progress(`report written to ${out}`);
  }
  return { environment, results, reportPath: out === false ? undefined : out };
}
