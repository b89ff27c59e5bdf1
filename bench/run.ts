/**
 * Benchmark entry point.
 *
 *   npm run bench                          all suites, writes docs/benchmarks.md
 *   npm run bench -- --only supervisor-restart
 *   npm run bench -- --smoke               tiny sizes, prints numbers, writes nothing
 *   npm run bench -- --smoke --out /tmp/b.md
 *   npm run bench -- --list
 *
 * `npm run bench` runs `node --expose-gc --import tsx bench/run.ts`; plain `npx tsx bench/run.ts`
 * works too (full GCs are then enabled at run time).
 */
import { parseArgs } from 'node:util';
import { runBench } from './harness.js';
import { suites } from './suites/index.js';
import { goalLines } from './goals.js';

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    out: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (values.help) {
  console.log('usage: bench/run.ts [--smoke] [--only <suite>[,<suite>]]... [--out <file> | --no-write] [--list]');
} else if (values.list) {
  for (const suite of suites) console.log(`${suite.name.padEnd(22)} ${suite.description}`);
} else {
  const only = values.only?.flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
  const out = values['no-write'] ? false : values.out;
  try {
    const run = await runBench({ smoke: values.smoke, ...(only === undefined ? {} : { only }), ...(out === undefined ? {} : { out }) });
    for (const result of run.results) {
      console.log(`\n${result.title}`);
      for (const metric of result.metrics) {
        console.log(`  ${metric.label.padEnd(56)} ${metric.value.toFixed(metric.unit === 'bytes' ? 0 : 1).padStart(10)} ${metric.unit}`);
      }
    }
    const goals = goalLines(run.results);
    if (goals.length > 0) console.log(`\nIssue 12's table, from this run (overseer with its defaults)\n${goals.join('\n')}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
