import { afterEach, describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import {
  dynamicSupervisorSpec,
  getDynamicSupervisor,
  getPool,
  getSupervisor,
  poolSpec,
  startSupervisor,
  supervisorSpec,
  type Pool,
  type Supervisor,
  type SupervisorEvents,
  type SupervisorHandle,
} from '../../src/index.js';
import { instrument, METRICS } from '../../src/otel/index.js';
import { rejectionOf, within } from '../pool/helpers.js';
import { listenerCount, makeSdk, sdkSuite } from './helpers.js';

sdkSuite();

const roots: SupervisorHandle[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => root.stop()));
});

class Fatal extends Error {}
const N = (key: keyof typeof METRICS): string => METRICS[key].name;
const pool = (name: string) => ({ 'overseer.pool.name': name });
const completed = (name: string) => ({ ...pool(name), 'overseer.task.outcome': 'completed' });

/** The pool child `id` of `sup`, or a failure. */
function child(sup: SupervisorHandle, id: string): Pool {
  const found = getPool(sup.whichChildren().find((c) => c.id === id)?.ref);
  if (found === undefined) throw new Error(`${sup.name} has no running pool ${id}`);
  return found;
}

function next<K extends keyof SupervisorEvents>(sup: SupervisorHandle, type: K): Promise<SupervisorEvents[K]> {
  return within(
    new Promise((resolve) => {
      const handler = (event: SupervisorEvents[K]) => {
        sup.events.off(type, handler);
        resolve(event);
      };
      sup.events.on(type, handler);
    }),
    10_000,
    `${sup.name} ${String(type)}`,
  );
}

/** A pool whose worker intensity is 0: one fatal task fails it, and its supervisor restarts it. */
const fragile = (id: string) => poolSpec(id, { size: 1, intensity: 0, isFatal: (e) => e instanceof Fatal });

async function tree(): Promise<Supervisor> {
  const root = await startSupervisor({
    name: 'root',
    intensity: 10,
    children: [
      poolSpec('front', { size: 1 }),
      supervisorSpec('inner', { name: 'inner', intensity: 10, children: [fragile('deep')] }),
      dynamicSupervisorSpec('dyn', { name: 'dyn' }),
    ],
  });
  roots.push(root);
  return root;
}

describe('instrument(supervisor): the whole tree', () => {
  it('watches every pool at any depth, follows a restarted pool to its new incarnation and drops the old one', async () => {
    const sdk = makeSdk();
    const root = await tree();
    const inner = getSupervisor(root.whichChildren().find((c) => c.id === 'inner')?.ref) as Supervisor;
    instrument(root, { meter: sdk.meter });

    await child(root, 'front').run(() => 1);
    const deep = child(inner, 'deep');
    await deep.run(() => 1);
    let c = await sdk.collect();
    expect(c.value(N('settled'), completed('front'))).toBe(1);
    expect(c.value(N('settled'), completed('deep'))).toBe(1);
    expect(c.value(N('workerLimit'), pool('deep'))).toBe(1);

    // A fatal task fails `deep` (intensity 0); `inner` restarts it: a new pool, the old one forgotten.
    const restarted = next(inner, 'childRestarted');
    // The first incarnation's emitter (a kept handle follows the restart, so take it now).
    const firstEvents = deep.events;
    expect(await rejectionOf(deep.run(() => Promise.reject(new Fatal('down'))))).toBeInstanceOf(Fatal);
    await restarted;
    expect(listenerCount(firstEvents)).toBe(0);
    const reborn = child(inner, 'deep');
    expect(reborn).not.toBe(deep);
    expect(listenerCount(reborn.events)).toBeGreaterThan(0);
    await reborn.ready();
    await reborn.run(() => 2);

    c = await sdk.collect();
    // The series carry on across incarnations.
    expect(c.value(N('settled'), completed('deep'))).toBe(2);
    expect(c.value(N('settled'), { ...pool('deep'), 'overseer.task.outcome': 'failed' })).toBe(1);
    expect(c.value(N('accepted'), pool('deep'))).toBe(3);
    expect(c.value(N('crashes'), pool('deep'))).toBe(1);
    // Gauges: one pool named deep is watched now (the old one is no longer summed in).
    expect(c.value(N('workerLimit'), pool('deep'))).toBe(1);
    expect(c.value(N('status'), { ...pool('deep'), 'overseer.pool.phase': 'running' })).toBe(1);
    expect(c.sum(N('status'), pool('deep'))).toBe(1);
    // The supervisor's own view of it.
    expect(c.value(N('childRestarts'), { 'overseer.supervisor.name': 'inner', 'overseer.child.id': 'deep' })).toBe(1);
    expect(c.value(N('childExits'), { 'overseer.supervisor.name': 'inner', 'overseer.child.id': 'deep', 'overseer.exit.reason': 'crashed' })).toBe(1);
    expect(c.metric(N('childRestarts')).descriptor.unit).toBe('{restart}');
  });

  it('watches pools started later, under static and dynamic supervisors (a dynamic child has no id attribute)', async () => {
    const sdk = makeSdk();
    const root = await tree();
    instrument(root, { meter: sdk.meter });
    const added = await root.startChild(poolSpec('added', { size: 1 }));
    expect(added.ok).toBe(true);
    await child(root, 'added').run(() => 1);
    const dyn = getDynamicSupervisor(root.whichChildren().find((c) => c.id === 'dyn')?.ref);
    const started = await dyn!.startChild(poolSpec('later', { size: 1 }, { restart: 'temporary' }));
    if (!started.ok) throw new Error('dynamic child did not start');
    const later = getPool(started.ref)!;
    await later.run(() => 1);
    // A temporary child of a dynamic supervisor exits on its own: counted without an id, not restarted.
    const exited = next(dyn!, 'childExited');
    await later.close();
    await exited;
    expect(listenerCount(later.events)).toBe(0);

    const c = await sdk.collect();
    expect(c.value(N('settled'), completed('added'))).toBe(1);
    expect(c.value(N('settled'), completed('later'))).toBe(1);
    expect(c.value(N('childExits'), { 'overseer.supervisor.name': 'dyn', 'overseer.exit.reason': 'normal' })).toBe(1);
    // A closed pool that left the tree reports its counters, no gauges.
    expect(c.points(N('workerLimit')).map(([a]) => a['overseer.pool.name']).sort()).toEqual(['added', 'deep', 'front']);
  });

  it('counts shutdowns by cause, a give-up included, and detaches every pool when the tree stops', async () => {
    const sdk = makeSdk();
    const root = await startSupervisor({ name: 'brittle', intensity: 0, children: [fragile('only'), poolSpec('other', { size: 1 })] });
    roots.push(root);
    const only = child(root, 'only');
    const other = child(root, 'other');
    instrument(root, { meter: sdk.meter });
    expect(listenerCount(other.events)).toBeGreaterThan(0);
    const gaveUp = next(root, 'gaveUp');
    const stopped = root.exited;
    expect(await rejectionOf(only.run(() => Promise.reject(new Fatal('down'))))).toBeInstanceOf(Fatal);
    await gaveUp;
    expect(await stopped).toEqual({ reason: 'shutdown', cause: 'reached_max_restart_intensity' });
    expect(listenerCount(only.events)).toBe(0);
    expect(listenerCount(other.events)).toBe(0);

    const c = await sdk.collect();
    expect(c.value(N('shutdowns'), { 'overseer.supervisor.name': 'brittle', 'overseer.shutdown.cause': 'reached_max_restart_intensity' })).toBe(1);
    expect(c.value(N('childExits'), { 'overseer.supervisor.name': 'brittle', 'overseer.child.id': 'only', 'overseer.exit.reason': 'crashed' })).toBe(1);
    expect(c.names()).not.toContain(N('workerLimit'));
    expect(c.value(N('settled'), { ...pool('only'), 'overseer.task.outcome': 'failed' })).toBe(1);
  });

  it('counts a requested stop of the tree, nested supervisors included', async () => {
    const sdk = makeSdk();
    const root = await tree();
    instrument(root, { meter: sdk.meter });
    const front = child(root, 'front');
    await root.stop();
    expect(listenerCount(front.events)).toBe(0);
    const c = await sdk.collect();
    for (const name of ['root', 'inner', 'dyn']) {
      expect(c.value(N('shutdowns'), { 'overseer.supervisor.name': name, 'overseer.shutdown.cause': 'requested' })).toBe(1);
    }
    expect(c.names()).not.toContain(N('childExits')); // stopped by their supervisor: not exits on their own
  });

  it('a failed restart attempt counts as a restart with error.type, as the supervisor counts it', async () => {
    const sdk = makeSdk();
    class StartRefused extends Error {
      override name = 'StartRefused';
    }
    let starts = 0;
    const service = setup({ types: { events: {} as { type: 'CRASH' } } }).createMachine({
      entry: () => {
        if (++starts > 1) throw new StartRefused(`start #${starts}`);
      },
      on: {
        CRASH: {
          actions: () => {
            throw new Error('crash');
          },
        },
      },
    });
    const root = await startSupervisor({ name: 'svc-sup', intensity: 2, period: 60_000, children: [{ id: 'svc', logic: service }] });
    roots.push(root);
    instrument(root, { meter: sdk.meter });
    const ref = root.whichChildren()[0]?.ref;
    if (ref === undefined || ref === 'restarting') throw new Error('svc is not running');
    ref.send({ type: 'CRASH' });
    expect(await within(root.exited)).toEqual({ reason: 'shutdown', cause: 'reached_max_restart_intensity' });
    const c = await sdk.collect();
    const sup = { 'overseer.supervisor.name': 'svc-sup' };
    // 1 crash + 2 failed restarts = 3 restarts > intensity 2.
    expect(c.value(N('childRestarts'), { ...sup, 'overseer.child.id': 'svc', 'error.type': 'StartRefused' })).toBe(2);
    expect(c.value(N('childRestarts'), { ...sup, 'overseer.child.id': 'svc' })).toBeUndefined();
    expect(c.value(N('childExits'), { ...sup, 'overseer.child.id': 'svc', 'overseer.exit.reason': 'crashed' })).toBe(1);
    expect(c.value(N('shutdowns'), { ...sup, 'overseer.shutdown.cause': 'reached_max_restart_intensity' })).toBe(1);
  });
});
