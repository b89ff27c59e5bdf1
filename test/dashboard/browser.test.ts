import { mkdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { serveDashboard, type Dashboard } from '../../src/dashboard/index.js';
import { outage, sharedBrowser, sleep, startSystem } from './helpers.js';

// The page in a real browser (Debian's chromium, driven by playwright-core). Screenshots for
// docs/images/ are written only with OVERSEER_SCREENSHOTS=1, so a normal run changes no file.
const SCREENSHOTS = process.env.OVERSEER_SCREENSHOTS === '1';

const browser = sharedBrowser();

async function open(dash: Dashboard): Promise<{ page: Page; requests: string[] }> {
  const page = await browser().newPage({ viewport: { width: 1400, height: 1000 } });
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(dash.url);
  await page.waitForFunction(() => (globalThis as unknown as { overseer?: { batches: number } }).overseer?.batches ?? 0 > 0);
  return { page, requests };
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync('docs/images', { recursive: true });
  await page.screenshot({ path: `docs/images/${name}.png`, fullPage: true });
}

describe('the dashboard in chromium', () => {
  it('loads with no request leaving 127.0.0.1 and shows the tree of a running 3-level system', async () => {
    const system = await startSystem('app-tree');
    const dash = await serveDashboard({ watch: [system.app] });
    try {
      const { page, requests } = await open(dash);
      await page.waitForSelector('[data-path="app-tree/jobs/inner/leaf"]');
      for (const path of ['app-tree', 'app-tree/images', 'app-tree/images/breaker', 'app-tree/images/workers/worker-0', 'app-tree/jobs', 'app-tree/jobs/cleaner', 'app-tree/jobs/inner', 'app-tree/sessions']) {
        expect(await page.locator(`[data-path="${path}"]`).count(), path).toBe(1);
      }
      expect(await page.locator('[data-path="app-tree/jobs/cleaner"] > .row .state').textContent()).toBe('waiting');
      expect(await page.locator('[data-pool="app-tree/images"] .cell').count()).toBe(3);
      const origin = new URL(dash.url).origin;
      expect(requests.length).toBeGreaterThanOrEqual(3); // page, script, stream
      expect(requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'))).toEqual([]);
      expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await page.close();
    } finally {
      await dash.close();
      await system.close();
    }
  });

  it('shows a crash in a child within 1 s, and the node flashes', async () => {
    const system = await startSystem('app-crash');
    const dash = await serveDashboard({ watch: [system.app] });
    try {
      const { page } = await open(dash);
      await page.waitForSelector('[data-path="app-crash/jobs/cleaner"][data-restarts="0"]');
      const cleaner = system.jobs.whichChildren().find((child) => child.id === 'cleaner')?.ref;
      const crashedAt = Date.now();
      (cleaner as { send(event: { type: string }): void }).send({ type: 'CRASH' });
      await page.waitForSelector('[data-path="app-crash/jobs/cleaner"][data-restarts="1"]', { timeout: 5000 });
      const seenAfter = Date.now() - crashedAt;
      expect(seenAfter).toBeLessThan(1000);
      expect(await page.locator('[data-path="app-crash/jobs/cleaner"] > .row .exit').textContent()).toBe('crashed: Error: disk full');
      expect(await page.locator('[data-path="app-crash/jobs/cleaner"].flash').count()).toBe(1);
      await page.waitForSelector('tr[data-kind="childRestarted"]');
      expect(await page.locator('tr[data-kind="childExited"]').first().textContent()).toContain('crashed: Error: disk full');
      // The log filters by kind and by text.
      await page.selectOption('.log-group', 'restarts');
      expect(await page.locator('tbody tr[data-kind="childExited"]').count()).toBe(0);
      expect(await page.locator('tbody tr[data-kind="childRestarted"]').count()).toBeGreaterThan(0);
      await page.selectOption('.log-group', '');
      await page.fill('.log-text', 'no-such-thing');
      expect(await page.locator('table.log tbody tr').count()).toBe(0);
      await page.fill('.log-text', '');
      await shot(page, 'dashboard-tree');
      await page.close();
    } finally {
      await dash.close();
      await system.close();
    }
  });

  it('draws a worker\'s statechart with `busy` lit while it works', async () => {
    const system = await startSystem('app-chart');
    const dash = await serveDashboard({ watch: [system.app] });
    try {
      const { page } = await open(dash);
      // Open worker-0's chart while it is idle, then give every worker a task that waits.
      await page.locator('[data-path="app-chart/images/workers/worker-0"] > .row').click();
      await page.waitForSelector('svg.statechart g.state.leaf.active[data-state="idle"]');
      const releases: Array<() => void> = [];
      const tasks = [0, 1, 2].map(() => system.images.run(() => new Promise<string>((resolve) => releases.push(() => resolve('done')))));
      await page.waitForSelector('svg.statechart g.state.leaf.active[data-state="busy"]');
      expect(await page.locator('svg.statechart g.state.active').count()).toBe(1);
      expect(await page.locator('svg.statechart g.state[data-state="idle"]').count()).toBe(1);
      expect(await page.locator('#chart-state').textContent()).toBe('busy');
      await page.waitForSelector('#transitions li');
      expect(await page.locator('#transitions').textContent()).toContain('idle → busy');
      await shot(page, 'dashboard-statechart');
      for (const release of releases) release();
      expect(await Promise.all(tasks)).toEqual(['done', 'done', 'done']);
      await page.waitForSelector('svg.statechart g.state.leaf.active[data-state="idle"]');
      await page.close();
    } finally {
      await dash.close();
      await system.close();
    }
  });

  it('shows the breaker go open → half-open → closed during an outage', async () => {
    const system = await startSystem('app-outage');
    const dash = await serveDashboard({ watch: [system.app] });
    try {
      const { page } = await open(dash);
      const card = page.locator('[data-pool="app-outage/images"]');
      await card.locator('.circuit[data-circuit="closed"]').waitFor();
      outage.on = true;
      const work = (): Promise<unknown> =>
        system.images
          .run(async () => {
            await sleep(5);
            if (outage.on) throw new Error('downstream unavailable');
            return 'ok';
          })
          .catch((error: unknown) => error);
      await Promise.all([work(), work(), work(), work()]);
      await card.locator('.circuit[data-circuit="open"]').waitFor({ timeout: 3000 });
      outage.on = false;
      await card.locator('.circuit[data-circuit="halfOpen"]').waitFor({ timeout: 5000 });
      expect(await work()).toBe('ok');
      await card.locator('.circuit[data-circuit="closed"]').waitFor({ timeout: 3000 });
      const history = await card.locator('.circuit-history li').evaluateAll((items) => items.map((item) => item.getAttribute('data-circuit')));
      expect(history).toEqual(['closed', 'open', 'halfOpen', 'closed']);
      expect(await page.locator('tr[data-kind="circuitOpened"]').count()).toBe(1);
      expect(await page.locator('tr[data-kind="circuitClosed"]').count()).toBe(1);
      // The breaker's own machine, drawn with its state lit.
      await page.locator('[data-path="app-outage/images/breaker"] > .row').click();
      await page.waitForSelector('svg.statechart g.state.leaf.active[data-state="closed"]');
      if (SCREENSHOTS) {
        for (let i = 0; i < 8; i++) await Promise.all([work(), work(), work(), sleep(120)]);
        await shot(page, 'dashboard-pool');
      }
      await page.close();
    } finally {
      outage.on = false;
      await dash.close();
      await system.close();
    }
  });

  it('refuses an action without the token and performs it with the token', async () => {
    const system = await startSystem('app-act');
    const dash = await serveDashboard({ watch: [system.app], actions: true });
    try {
      expect(dash.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const { page } = await open(dash);
      await page.waitForSelector('[data-path="app-act/jobs/cleaner"][data-restarts="0"]');
      const without = await page.evaluate(async () => {
        const response = await fetch('api/action', { method: 'POST', body: JSON.stringify({ action: 'kill', target: 'app-act/jobs/cleaner' }) });
        return response.status;
      });
      expect(without).toBe(401);
      // The page without its token gets nothing either.
      const bare = await browser().newPage();
      const response = await bare.goto(dash.url.replace(/\?token=.*$/, ''));
      expect(response?.status()).toBe(401);
      await bare.close();
      await sleep(600);
      expect(await page.locator('[data-path="app-act/jobs/cleaner"]').getAttribute('data-restarts')).toBe('0');
      // The kill button carries the token: the child crashes and is restarted by its supervisor.
      await page.locator('[data-path="app-act/jobs/cleaner"] > .row button[data-action="kill"]').click();
      await page.waitForSelector('[data-path="app-act/jobs/cleaner"][data-restarts="1"]', { timeout: 3000 });
      expect(await page.locator('[data-path="app-act/jobs/cleaner"] > .row .exit').textContent()).toContain('crashed: Error: killed from the dashboard');
      // Terminate, then restart, through the supervisor's own calls.
      await page.locator('[data-path="app-act/jobs/inner"] > .row button[data-action="terminate"]').click();
      await page.waitForSelector('[data-path="app-act/jobs/inner"][data-status="terminated"]');
      await page.locator('[data-path="app-act/jobs/inner"] > .row button[data-action="restart"]').click();
      await page.waitForSelector('[data-path="app-act/jobs/inner"][data-status="active"]');
      // Open and close the breaker by hand.
      await page.locator('[data-pool="app-act/images"] button[data-action="openCircuit"]').click();
      await page.waitForSelector('[data-pool="app-act/images"] .circuit[data-circuit="open"]');
      expect(system.images.circuit).toBe('open');
      await page.locator('[data-pool="app-act/images"] button[data-action="closeCircuit"]').click();
      await page.waitForSelector('[data-pool="app-act/images"] .circuit[data-circuit="closed"]');
      await page.waitForSelector('tr[data-kind="action"]');
      await shot(page, 'dashboard-actions');
      await page.close();
    } finally {
      await dash.close();
      await system.close();
    }
  });

  it('close() ends every connection: the page sees its stream end, a raw stream ends too', async () => {
    const system = await startSystem('app-close');
    const dash = await serveDashboard({ watch: [system.app] });
    try {
      const first = await open(dash);
      const second = await open(dash);
      const raw = await new Promise<{ ended: Promise<void> }>((resolve, reject) => {
        const req = httpRequest(new URL('api/events', dash.url), (res) => {
          const ended = new Promise<void>((done) => res.on('close', () => done()));
          res.resume();
          resolve({ ended });
        });
        req.on('error', reject);
        req.end();
      });
      await dash.close();
      await raw.ended;
      for (const { page } of [first, second]) {
        await page.waitForFunction(() => (globalThis as unknown as { overseer: { closedByServer: boolean } }).overseer.closedByServer, undefined, { timeout: 3000 });
        expect(await page.locator('#conn').getAttribute('data-state')).toBe('disconnected');
        await page.close();
      }
      // Idempotent, and nothing listens any more.
      await dash.close();
      await expect(fetch(dash.url)).rejects.toThrow();
    } finally {
      await dash.close();
      await system.close();
    }
  });
});
