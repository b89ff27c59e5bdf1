import { createMachine, fromPromise } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPool,
  dynamicSupervisorSpec,
  getDynamicSupervisor,
  getPool,
  getSupervisor,
  InvalidOptionError,
  poolSpec,
  startSupervisor,
  supervisorSpec,
  systemTree,
  threadPoolSpec,
  type Supervisor,
  type TreeNode,
} from '../../src/index.js';
import { pollUntil } from '../support/timing.js';

const HANDLERS_URL = new URL('../fixtures/handlers.mjs', import.meta.url);

/** A machine that crashes on CRASH (its entry action throws) and ends normally on DONE. */
const flaky = createMachine({
  initial: 'up',
  states: { up: { on: { CRASH: 'broken', DONE: 'over' } }, broken: { entry: () => { throw new Error('boom'); } }, over: { type: 'final' } },
});
const forever = fromPromise(() => new Promise<never>(() => undefined));
/** A machine that stops when its supervisor asks it to. */
const polite = createMachine({ initial: 'up', states: { up: { on: { 'overseer.shutdown': 'down' } }, down: { type: 'final' } } });

const stops: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

async function start(options: Parameters<typeof startSupervisor>[0]): Promise<Supervisor> {
  const sup = await startSupervisor(options);
  stops.push(() => sup.stop());
  return sup;
}

function find(node: TreeNode, path: string): TreeNode {
  if (node.path === path) return node;
  for (const child of node.children) {
    if (path === child.path || path.startsWith(`${child.path}/`)) return find(child, path);
  }
  throw new Error(`no node ${path}`);
}

function* walk(node: TreeNode): Generator<TreeNode> {
  yield node;
  for (const child of node.children) yield* walk(child);
}

describe('systemTree', () => {
  it('every kind of node, with its state, status and details, as plain JSON', async () => {
    const sup = await start({
      name: 'app',
      strategy: 'rest_for_one',
      intensity: 7,
      period: 3000,
      children: [
        poolSpec('images', { size: 2, worker: { init: () => ({ secret: 'resource-secret', close: () => undefined }) } }),
        threadPoolSpec('hash', HANDLERS_URL, { size: 1 }),
        dynamicSupervisorSpec('sessions', { maxChildren: 10 }),
        { id: 'flaky', logic: flaky },
        { id: 'job', logic: forever, shutdown: 'brutal_kill' },
      ],
    });
    const images = getPool<{ secret: string }>(sup.whichChildren()[0]?.ref)!;
    await images.ready();
    await images.run(({ resource }) => resource.secret.length, {});
    const sessions = getDynamicSupervisor(sup.whichChildren()[2]?.ref)!;
    await sessions.startChild({ id: 'ada', logic: flaky });
    await sessions.startChild({ id: 'ada', logic: flaky });
    const { at, root } = systemTree(sup);
    expect(Math.abs(at - Date.now())).toBeLessThan(1000);
    expect(JSON.parse(JSON.stringify(root))).toEqual(root);
    expect(JSON.stringify(root)).not.toContain('resource-secret');

    expect(root).toMatchObject({ id: 'app', path: 'app', kind: 'supervisor', state: 'running', status: 'active', restarts: 0, lastExit: null });
    expect(root.supervisor).toEqual({ name: 'app', phase: 'running', strategy: 'rest_for_one', restartsInPeriod: 0, intensity: 7, period: 3000, specs: 5, active: 5 });
    expect(root.children.map((c) => [c.id, c.kind])).toEqual([
      ['images', 'pool'],
      ['hash', 'thread-pool'],
      ['sessions', 'dynamic-supervisor'],
      ['flaky', 'actor'],
      ['job', 'actor'],
    ]);
    const pool = find(root, 'app/images');
    expect(pool.state).toBe('running');
    expect(pool.pool).toMatchObject({ name: 'images', phase: 'running', circuit: 'closed', queued: 0, size: 2, completed: 1 });
    expect(pool.children.map((c) => [c.path, c.kind, c.state])).toEqual([
      ['app/images/breaker', 'breaker', 'closed'],
      ['app/images/workers', 'supervisor', 'running'],
    ]);
    expect(find(root, 'app/images/workers').children.map((c) => [c.id, c.kind, c.status])).toEqual([
      ['worker-0', 'worker', 'active'],
      ['worker-1', 'worker', 'active'],
    ]);
    for (const worker of find(root, 'app/images/workers').children) expect(['idle', 'busy']).toContain(worker.state);
    expect(find(root, 'app/hash').pool).toMatchObject({ name: 'hash', size: 1 });
    // Two children started under one id: one id, two paths.
    expect(find(root, 'app/sessions').children).toMatchObject([
      { id: 'ada', path: 'app/sessions/ada', kind: 'actor', state: 'up' },
      { id: 'ada', path: 'app/sessions/ada#2', kind: 'actor', state: 'up' },
    ]);
    const paths = [...walk(root)].map((n) => n.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(find(root, 'app/job')).toMatchObject({ state: null, status: 'active' });
    // Every live node names its actor by the session id inspection events use.
    const sessionIds = [...walk(root)].map((n) => n.sessionId);
    expect(new Set(sessionIds).size).toBe(sessionIds.length);
    expect(find(root, 'app/flaky').sessionId).toBe(sup.whichChildren()[3]?.ref && (sup.whichChildren()[3]!.ref as { sessionId: string }).sessionId);
  });

  it('a crashed and restarted child shows its restart count and last exit; a terminated one its shutdown', async () => {
    const sup = await start({ name: 'app', children: [{ id: 'flaky', logic: flaky }, { id: 'quiet', logic: polite }] });
    expect(find(systemTree(sup).root, 'app/flaky')).toMatchObject({ restarts: 0, lastExit: null });
    for (let round = 1; round <= 2; round++) {
      const restarted = new Promise((resolve) => sup.events.on('childRestarted', resolve));
      (sup.whichChildren()[0]?.ref as { send(e: { type: string }): void }).send({ type: 'CRASH' });
      await restarted;
    }
    const before = Date.now();
    await sup.terminateChild('quiet');
    const { root } = systemTree(sup);
    expect(find(root, 'app/flaky')).toMatchObject({ restarts: 2, state: 'up', status: 'active', lastExit: { reason: 'crashed', error: 'Error: boom' } });
    expect(find(root, 'app/quiet')).toMatchObject({ status: 'terminated', state: null, restarts: 0, lastExit: { reason: 'shutdown' } });
    expect(find(root, 'app/quiet').lastExit!.at).toBeGreaterThanOrEqual(before);
    expect(root.supervisor).toMatchObject({ restartsInPeriod: 2, specs: 2, active: 1 });
  });

  it('a crashed pool worker is counted under the pool', async () => {
    const sup = await start({ name: 'app', children: [poolSpec('jobs', { size: 1, isFatal: () => true })] });
    const jobs = getPool(sup.whichChildren()[0]?.ref)!;
    await jobs.ready();
    systemTree(sup); // starts counting
    await jobs.run(() => {
      throw new Error('fatal');
    }).catch(() => undefined);
    await pollUntil(() => jobs.status().idleWorkers === 1, 'the worker to be back', 5000);
    const { root } = systemTree(sup);
    expect(find(root, 'app/jobs/workers/worker-0')).toMatchObject({ kind: 'worker', state: 'idle', restarts: 1, lastExit: { reason: 'crashed' } });
    expect(find(root, 'app/jobs').pool).toMatchObject({ crashes: 1, restarts: 1, failed: 1 });
    expect(find(root, 'app/jobs/workers').supervisor).toMatchObject({ restartsInPeriod: 1 });
  });

  it('a nested tree: paths, kinds and settings at every level', async () => {
    const sup = await start({
      name: 'root',
      children: [
        supervisorSpec('mid', {
          strategy: 'one_for_all',
          children: [supervisorSpec('leaf', { children: [{ id: 'a', logic: flaky }] }), poolSpec('p', { size: 1, circuitBreaker: false })],
        }),
      ],
    });
    const { root } = systemTree(sup);
    expect([...walk(root)].map((n) => `${n.path}:${n.kind}`)).toEqual([
      'root:supervisor',
      'root/mid:supervisor',
      'root/mid/leaf:supervisor',
      'root/mid/leaf/a:actor',
      'root/mid/p:pool',
      'root/mid/p/workers:supervisor',
      'root/mid/p/workers/worker-0:worker',
    ]);
    expect(find(root, 'root/mid').supervisor).toMatchObject({ strategy: 'one_for_all', intensity: 3, period: 5000 });
    // A crash deep down is seen with the restart of the whole group.
    const leaf = getSupervisor(getSupervisor(sup.whichChildren()[0]?.ref)!.whichChildren()[0]?.ref)!;
    const restarted = new Promise((resolve) => leaf.events.on('childRestarted', resolve));
    (leaf.whichChildren()[0]?.ref as { send(e: { type: string }): void }).send({ type: 'CRASH' });
    await restarted;
    expect(find(systemTree(sup).root, 'root/mid/leaf/a')).toMatchObject({ restarts: 1, lastExit: { reason: 'crashed' } });
  });

  it('takes a pool, a thread-less pool actor or a supervisor actor as root; a stopped tree still reads', async () => {
    const pool = createPool({ name: 'solo', size: 1 });
    stops.push(() => pool.close());
    await pool.ready();
    expect(systemTree(pool).root).toMatchObject({ id: 'solo', path: 'solo', kind: 'pool', state: 'running' });
    expect(systemTree(pool.actor).root.kind).toBe('pool');
    const sup = await start({ name: 'app', children: [{ id: 'a', logic: flaky }] });
    expect(systemTree(sup.actor).root).toMatchObject({ id: 'app', kind: 'supervisor' });
    await sup.stop();
    const after = systemTree(sup).root;
    expect(after).toMatchObject({ state: 'stopped', status: 'done', children: [] });
    expect(after.supervisor?.phase).toBe('stopped');
  });

  it('refuses anything else with InvalidOptionError', async () => {
    const sup = await start({ name: 'app', children: [{ id: 'a', logic: flaky }] });
    for (const bad of [undefined, null, 'app', {}, sup.whichChildren()[0]?.ref]) {
      expect(() => systemTree(bad as never)).toThrow(InvalidOptionError);
    }
  });
});
