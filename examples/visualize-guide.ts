/**
 * The examples of docs/visualize.md, runnable and checked: `npx tsx examples/visualize-guide.ts`.
 * In an application, import from 'overseer' instead of '../src/index.js'.
 */
import assert from 'node:assert/strict';
import { createMachine } from 'xstate';
import { breakerMachine, getPool, getSupervisor, poolSpec, startSupervisor, supervisorSpec, systemTree, toGraph, toMermaid, type TreeNode } from '../src/index.js';

// --- Export a machine: toGraph -------------------------------------------------------------
const graph = toGraph(breakerMachine);
assert.deepEqual(
  graph.nodes.map((node) => node.key),
  ['breaker', 'closed', 'open', 'halfOpen'],
);
const cooldown = graph.edges.find((edge) => edge.delayed !== undefined);
assert.deepEqual(cooldown, {
  source: 'breaker.open',
  target: 'breaker.halfOpen',
  event: 'xstate.after.cooldown.breaker.open',
  label: 'after cooldown',
  delayed: 'cooldown',
});

// --- Export a machine: toMermaid -----------------------------------------------------------
const checkout = createMachine({
  id: 'checkout',
  initial: 'cart',
  states: {
    cart: { on: { PAY: { target: 'paying', guard: ({ context }) => context !== undefined } } },
    paying: { after: { 30_000: 'cart' }, on: { PAID: 'done', 'CARD.*': {} } },
    done: { type: 'final' },
  },
});
const diagram = toMermaid(checkout);
console.log(diagram);
assert.equal(
  diagram,
  [
    'stateDiagram-v2',
    '  [*] --> checkout_cart',
    '  state "cart" as checkout_cart',
    '  state "paying" as checkout_paying',
    '  state "done" as checkout_done',
    '  checkout_done --> [*]',
    '  checkout_cart --> checkout_paying: PAY [inline]',
    '  checkout_paying --> checkout_done: PAID',
    '  checkout_paying --> checkout_cart: after 30000ms',
    '',
  ].join('\n'),
);

// --- The running tree as data: systemTree --------------------------------------------------
const flaky = createMachine({
  initial: 'up',
  states: {
    up: { on: { CRASH: 'broken' } },
    broken: {
      entry: () => {
        throw new Error('disk full');
      },
    },
  },
});
const app = await startSupervisor({
  name: 'app',
  children: [poolSpec('images', { size: 2 }), supervisorSpec('jobs', { children: [{ id: 'cleaner', logic: flaky }] })],
});

const jobs = getSupervisor(app.whichChildren()[1]?.ref)!;
const restarted = new Promise((resolve) => jobs.events.on('childRestarted', resolve));
(jobs.whichChildren()[0]?.ref as { send(event: { type: string }): void }).send({ type: 'CRASH' }); // its entry throws
await restarted;

const images = getPool(app.whichChildren()[0]?.ref)!;
const before = systemTree(app);
await Promise.all(Array.from({ length: 100 }, (_, i) => images.run(() => i * 2)));
const after = systemTree(app);

const find = (node: TreeNode, path: string): TreeNode | undefined =>
  node.path === path ? node : node.children.map((child) => find(child, path)).find((found) => found !== undefined);

const cleaner = find(after.root, 'app/jobs/cleaner')!;
assert.equal(cleaner.restarts, 1);
assert.equal(cleaner.lastExit?.reason, 'crashed');
assert.equal(cleaner.lastExit?.error, 'Error: disk full');
assert.deepEqual(
  find(after.root, 'app/images')!.children.map((child) => `${child.id}:${child.kind}`),
  ['breaker:breaker', 'workers:supervisor'],
);

// Throughput: the difference of two counters over the difference of two times.
const completed = (tree: typeof after) => find(tree.root, 'app/images')!.pool!.completed;
const perSecond = (completed(after) - completed(before)) / Math.max(1, after.at - before.at) * 1000;
assert.equal(completed(after) - completed(before), 100);
console.log(`images: ${Math.round(perSecond)} tasks/s; cleaner restarted ${cleaner.restarts}× (${cleaner.lastExit?.error})`);

// Plain JSON: safe to send as it is.
assert.deepEqual(JSON.parse(JSON.stringify(after)), after);
await app.stop();
