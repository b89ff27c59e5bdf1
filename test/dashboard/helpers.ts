import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { TreeNode } from '../../src/visualize/system-tree.js';
import { assign, createMachine, setup } from 'xstate';
import { getPool, getSupervisor, poolSpec, startSupervisor, supervisorSpec, dynamicSupervisorSpec, type Supervisor, type Pool } from '../../src/index.js';

/** A user machine that crashes (its action throws) on `CRASH`, and counts `PING`s. */
export const crasher = setup({
  actions: {
    boom: () => {
      throw new Error('disk full');
    },
  },
}).createMachine({
  id: 'crasher',
  context: { pings: 0 },
  initial: 'waiting',
  states: {
    waiting: { on: { PING: { actions: assign({ pings: ({ context }) => context.pings + 1 }) }, CRASH: { actions: 'boom' }, WORK: 'working' } },
    working: { on: { DONE: 'waiting', CRASH: { actions: 'boom' } } },
  },
});

export const idleMachine = createMachine({ id: 'idle', initial: 'idle', states: { idle: {} } });

/** Whether the outage is on: the pool's tasks fail while it is. */
export const outage = { on: false };

/**
 * A 3-level system: app → { images (pool, breaker), jobs → { cleaner, inner → { leaf } }, sessions (dynamic) }.
 */
export async function startSystem(name = 'app'): Promise<{ app: Supervisor; jobs: Supervisor; images: Pool; close: () => Promise<void> }> {
  const app = await startSupervisor({
    name,
    intensity: 50,
    period: 5000,
    children: [
      poolSpec('images', { size: 3, circuitBreaker: { failureThreshold: 3, cooldown: 1200, backoff: false } }),
      supervisorSpec('jobs', {
        intensity: 50,
        period: 5000,
        children: [
          { id: 'cleaner', logic: crasher },
          supervisorSpec('inner', { children: [{ id: 'leaf', logic: idleMachine }] }),
        ],
      }),
      dynamicSupervisorSpec('sessions', {}),
    ],
  });
  const refs = new Map(app.whichChildren().map((child) => [child.id, child.ref]));
  const images = getPool(refs.get('images') as never) as Pool;
  const jobs = getSupervisor(refs.get('jobs') as never) as Supervisor;
  return { app, jobs, images, close: async () => void (await app.stop()) };
}

/** The Debian chromium binary, as `which chromium` finds it. */
export function chromiumPath(): string {
  return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One chromium for a test file: launched before its tests, closed after them. Call at the top of the
 * file; `browser()` is the running browser.
 */
export function sharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser as Browser;
}

/** The node of `tree` at `path`, if any. */
export function findNode(tree: TreeNode, path: string): TreeNode | undefined {
  if (tree.path === path) return tree;
  for (const child of tree.children) {
    const found = findNode(child, path);
    if (found !== undefined) return found;
  }
  return undefined;
}
