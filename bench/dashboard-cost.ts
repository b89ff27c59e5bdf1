/**
 * What the live dashboard costs a busy pool: throughput of a pool running the cheapest async task
 * as fast as it can, (a) with no dashboard, (b) with a dashboard served but no page open, and
 * (c) with one stream read by a plain HTTP client in this process and a worker's graph asked for
 * (the server's share alone: the same work as (d) without the browser's CPU), and
 * (d) with one page open in headless chromium, showing a worker's statechart (its every transition
 * recorded: the worst case) (Debian's `chromium`, driven by playwright-core).
 * Scenarios are interleaved (a b c d, b c d a, ...) so that drift on a shared machine spreads
 * over all four; each prints its median tasks/s and its ratio to (a).
 *
 *   node --import tsx bench/dashboard-cost.ts                 # 10 rounds of 1 s each
 *   node --import tsx bench/dashboard-cost.ts --rounds 3 --seconds 1
 *
 * The browser runs on the same machine: its rendering takes CPU from the same cores, so (d) is
 * an upper bound of what a page costs the process. Results are in docs/visualize.md.
 */
import { execFileSync } from 'node:child_process';
import { request, type ClientRequest } from 'node:http';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createPool, type Pool } from '../src/index.js';
import { serveDashboard, type Dashboard } from '../src/dashboard/index.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' }, seconds: { type: 'string', default: '1' }, size: { type: 'string', default: '10' } } });
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const size = Number(values.size);
const WINDOW = 1000;

/**
 * Keeps up to WINDOW tasks in flight for `ms`; returns tasks completed per second. It refills
 * from a macrotask (setImmediate), as a server refills from I/O: a refill straight from each
 * settlement would keep the microtask queue busy and starve every timer of the process, the
 * dashboard's included, which would measure nothing.
 */
async function throughput(pool: Pool, ms: number): Promise<number> {
  const task = async (): Promise<number> => 1;
  let done = 0;
  let stop = false;
  let scheduled = false;
  const start = performance.now();
  const end = start + ms;
  await new Promise<void>((resolve) => {
    let inFlight = 0;
    const pump = (): void => {
      scheduled = false;
      if (performance.now() >= end) stop = true;
      if (stop && inFlight === 0) return resolve();
      while (!stop && inFlight < WINDOW) {
        inFlight++;
        pool.run(task).then(settle, settle);
      }
    };
    const settle = (): void => {
      inFlight--;
      done++;
      if (stop) {
        if (inFlight === 0) resolve();
      } else if (!scheduled && inFlight < WINDOW / 2) {
        scheduled = true;
        setImmediate(pump);
      }
    };
    pump();
  });
  return (done / (performance.now() - start)) * 1000;
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

type Scenario = 'no dashboard' | 'served, no page' | 'one stream, no browser' | 'one page open';
const results: Record<Scenario, number[]> = { 'no dashboard': [], 'served, no page': [], 'one stream, no browser': [], 'one page open': [] };
const order: Scenario[] = ['no dashboard', 'served, no page', 'one stream, no browser', 'one page open'];

const browser: Browser = await chromium.launch({
  executablePath: execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim(),
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const pool = createPool({ name: 'bench-dashboard', size });
await throughput(pool, 1000); // warm-up
let batches = 0;
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < order.length; i++) {
    const scenario = order[(i + round) % order.length] as Scenario;
    let dash: Dashboard | undefined;
    let page: Page | undefined;
    if (scenario !== 'no dashboard') dash = await serveDashboard({ watch: [pool] });
    if (scenario === 'one page open' && dash !== undefined) {
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(dash.url);
      await page.waitForFunction(() => ((globalThis as unknown as { overseer?: { batches: number } }).overseer?.batches ?? 0) > 1);
      // The worst case: a worker's statechart open, so its every transition is recorded.
      await page.locator('[data-kind="worker"] > .row').first().click();
      await page.waitForSelector('svg.statechart');
    }
    // The stream alone, read and dropped in this process: the server's share of the cost, without the browser's CPU.
    let stream: ClientRequest | undefined;
    if (scenario === 'one stream, no browser' && dash !== undefined) {
      stream = await new Promise<ClientRequest>((resolve) => {
        const req = request(new URL('api/events', dash!.url), (res) => {
          res.resume();
          resolve(req);
        });
        req.end();
      });
      // And a worker's statechart asked for, as the page does: its transitions are recorded too.
      await fetch(new URL('api/graph?path=bench-dashboard/workers/worker-0', dash.url));
    }
    results[scenario].push(await throughput(pool, seconds * 1000));
    stream?.destroy();
    if (page !== undefined) {
      batches += await page.evaluate(() => (globalThis as unknown as { overseer: { batches: number } }).overseer.batches);
      await page.close();
    }
    await dash?.close();
  }
}
await pool.close();
await browser.close();

const base = median(results['no dashboard']);
console.log(`pool size ${size}, up to ${WINDOW} tasks in flight, ${rounds} rounds × ${seconds} s per scenario (Node ${process.versions.node})`);
for (const scenario of order) {
  const m = median(results[scenario]);
  // Paired: each round's figure against the same round's 'no dashboard' (drift on a shared machine cancels out).
  const ratios = results[scenario].map((value, round) => value / (results['no dashboard'][round] as number));
  console.log(
    `${scenario.padEnd(16)} median ${Math.round(m).toLocaleString('en')} tasks/s · median paired ratio ${median(ratios).toFixed(3)} (rounds: ${results[scenario].map((v) => Math.round(v / 1000)).join(', ')} k/s)`,
  );
}
console.log(`baseline median ${Math.round(base).toLocaleString('en')} tasks/s; the page got ${batches} batches while measured`);
