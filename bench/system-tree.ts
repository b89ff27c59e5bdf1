/**
 * What `systemTree` costs on a tree of about 1,000 actors, polled as a live view would poll it.
 *
 *   node --import tsx bench/system-tree.ts            # ~1,000 actors, 2,000 calls
 *   node --import tsx bench/system-tree.ts --calls 500 --plain 200
 *
 * The tree: a root supervisor with 4 pools of 25 workers (each pool is 28 actors: the pool, its
 * breaker, its worker supervisor and the workers), a supervisor of `--plain` plain machines and
 * a dynamic supervisor of as many more. It prints the time per call (median and p99, in µs), the
 * time per node, the cost of `JSON.stringify` on top, the JSON's size, and what a 250 ms polling
 * interval costs in CPU share. Results are in docs/visualize.md.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createMachine } from 'xstate';
import { dynamicSupervisorSpec, getDynamicSupervisor, getPool, poolSpec, startSupervisor, supervisorSpec, systemTree, type TreeNode } from '../src/index.js';

const { values } = parseArgs({
  options: { calls: { type: 'string', default: '2000' }, plain: { type: 'string', default: '440' } },
});
const calls = Number(values.calls);
const plain = Number(values.plain);

const light = createMachine({ initial: 'off', states: { off: { on: { FLIP: 'on' } }, on: { on: { FLIP: 'off' } } } });

const root = await startSupervisor({
  name: 'bench',
  children: [
    ...[0, 1, 2, 3].map((n) => poolSpec(`pool-${n}`, { size: 25 })),
    supervisorSpec('lights', { children: Array.from({ length: plain }, (_, i) => ({ id: `light-${i}`, logic: light })) }),
    dynamicSupervisorSpec('sessions'),
  ],
});
const children = root.whichChildren();
for (const child of children.slice(0, 4)) await getPool(child.ref)?.ready();
const sessions = getDynamicSupervisor(children[5]?.ref);
for (let i = 0; i < plain; i++) await sessions?.startChild({ logic: light });

const count = (node: TreeNode): number => node.children.reduce((sum, child) => sum + count(child), 1);
const nodes = count(systemTree(root).root);

function measure(fn: () => unknown): { median: number; p99: number } {
  for (let i = 0; i < 100; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    fn();
    times.push((performance.now() - start) * 1000);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] as number, p99: times[Math.floor(times.length * 0.99)] as number };
}

const tree = measure(() => systemTree(root));
const withJson = measure(() => JSON.stringify(systemTree(root)));
const bytes = Buffer.byteLength(JSON.stringify(systemTree(root)));
const round = (n: number) => Math.round(n);

console.log(`systemTree on ${nodes} nodes (${calls} calls, Node ${process.version})`);
console.log(`  systemTree:                median ${round(tree.median)} µs, p99 ${round(tree.p99)} µs, ${(tree.median / nodes).toFixed(2)} µs per node`);
console.log(`  systemTree + stringify:    median ${round(withJson.median)} µs, p99 ${round(withJson.p99)} µs, ${(withJson.median / nodes).toFixed(2)} µs per node`);
console.log(`  JSON size:                 ${(bytes / 1024).toFixed(0)} KiB`);
console.log(`  every 250 ms (with JSON):  ${((withJson.median / 250_000) * 100).toFixed(2)} % of one core`);

await root.stop();
