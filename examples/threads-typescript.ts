/**
 * The TypeScript example of docs/threads.md: handlers written in TypeScript, one handler URL for
 * both ways an application runs, a thread pool and a process pool, and one under a supervisor.
 * Checked with asserts.
 *
 * Run under tsx:  npx tsx examples/threads-typescript.ts   (the handlers load as .ts)
 * Compiled:       node <out>/threads-typescript.js          (the handlers are the compiled .js)
 */
import assert from 'node:assert/strict';
import { createThreadPool, getThreadPool, startSupervisor, threadPoolSpec } from '../src/index.js';
import type * as Handlers from './fixtures/typescript-handlers.js';

// Under tsx this module is threads-typescript.ts; compiled, it is threads-typescript.js. Its
// handlers are next to it with the same extension, so one expression finds them either way.
const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const HANDLERS = new URL(`./fixtures/typescript-handlers${extension}`, import.meta.url);

for (const isolation of ['thread', 'process'] as const) {
  const pool = createThreadPool<typeof Handlers>(HANDLERS, { size: 1, isolation, workerData: { unit: 'cm' } });
  const square = await pool.call('area', { kind: 'square', side: 3 });
  assert.equal(square, '9 cm²');
  console.log(`${isolation}: a square of side 3 has an area of ${square}`);
  await pool.close();
}

// The same module under a supervisor: a pool that fails is restarted by its parent.
const root = await startSupervisor({
  name: 'app',
  children: [threadPoolSpec('shapes', HANDLERS, { size: 1, workerData: { unit: 'm' } }, { systemId: 'shapes' })],
});
const shapes = getThreadPool<typeof Handlers>(root.actor.system.get('shapes'));
assert.ok(shapes !== undefined);
const circle = await shapes.call('area', { kind: 'circle', radius: 1 });
assert.equal(circle, '3.14 m²');
console.log(`supervised: a circle of radius 1 has an area of ${circle}`);
await root.stop();
console.log('done');
