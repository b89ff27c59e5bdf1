/**
 * Plain snapshots and clean inspection events.
 *
 * Every overseer actor (supervisor, dynamic supervisor, pool, thread pool, breaker, worker
 * supervisor, worker) has a snapshot that is JSON-serializable, holds only plain data in its
 * context (no class instance, no function, no cycle), can be persisted, and never carries a
 * worker's resource, a task function or user input. The inspection events of a pool's system
 * over its whole life carry none of them either, and stay small.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnyActorLogic, AnyActorRef, InspectionEvent } from 'xstate';
import {
  createPool,
  createThreadPool,
  getPool,
  getSupervisor,
  poolSpec,
  startDynamicSupervisor,
  startSupervisor,
  supervisorSpec,
  TaskTimeoutError,
  type DynamicSupervisor,
  type Pool,
  type PoolEvents,
  type Supervisor,
  type ThreadPool,
} from '../../src/index.js';
import { crash, nextEvent, refOf, worker } from '../supervisor/helpers.js';
import { HANDLERS_URL, type Handlers } from '../threads/helpers.js';
import { pollUntil, sleep, within } from '../support/timing.js';

const WAIT_MS = 15_000;
const SECRET = 'hunter2';
/** Appears only in the source text of one task function. */
const MARKER = ['TASK', 'SOURCE', 'MARKER', 'q7Zr3'].join('-');

// ------------------------------------------------------------------ hygiene

type Closable = { name: string; stop: () => Promise<unknown> };
const started: Closable[] = [];
const unhandled: unknown[] = [];
const collect = (error: unknown) => {
  unhandled.push(error);
};

function trackPool<P extends Pool<any, any> | ThreadPool<any>>(pool: P): P {
  started.push({ name: pool.name, stop: () => pool.terminate() });
  return pool;
}
function trackSup<S extends Supervisor | DynamicSupervisor>(sup: S): S {
  started.push({ name: sup.name, stop: () => sup.stop() });
  return sup;
}

beforeAll(() => {
  process.on('unhandledRejection', collect);
  process.on('uncaughtException', collect);
});
afterEach(async () => {
  const all = started.splice(0);
  await within(Promise.all(all.map((c) => c.stop())), WAIT_MS, `stop of ${all.map((c) => c.name).join(', ')}`);
  await sleep(5);
  expect(unhandled.splice(0), 'unhandled errors / rejections during the test').toEqual([]);
});
afterAll(() => {
  process.off('unhandledRejection', collect);
  process.off('uncaughtException', collect);
});

// ------------------------------------------------------------------ checks

/** Where `value` (a snapshot's context) holds anything but plain objects, arrays and primitives. */
function impurities(value: unknown, path: string, stack: object[] = []): string[] {
  if (value === null || value === undefined) return [];
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return [];
    case 'number':
      return [];
    case 'function':
      return [`${path}: a function (${(value as { name?: string }).name || 'anonymous'})`];
    case 'bigint':
    case 'symbol':
      return [`${path}: a ${typeof value}`];
  }
  const object = value as object;
  if (stack.includes(object)) return [`${path}: a cycle`];
  const proto = Object.getPrototypeOf(object);
  const isArray = Array.isArray(object);
  if (!isArray && proto !== Object.prototype && proto !== null) {
    return [`${path}: an instance of ${(proto as { constructor?: { name?: string } }).constructor?.name ?? 'an unknown class'}`];
  }
  if (isArray && proto !== Array.prototype) return [`${path}: an array subclass`];
  const problems: string[] = [];
  if (Object.getOwnPropertySymbols(object).length > 0) problems.push(`${path}: symbol keys`);
  for (const key of Object.getOwnPropertyNames(object)) {
    if (isArray && key === 'length') continue;
    const descriptor = Object.getOwnPropertyDescriptor(object, key)!;
    if (descriptor.get !== undefined || descriptor.set !== undefined) {
      problems.push(`${path}.${key}: an accessor`);
      continue;
    }
    problems.push(...impurities(descriptor.value, `${path}.${key}`, [...stack, object]));
  }
  return problems;
}

/** Internals that must never be reachable from a snapshot or an inspection event. */
const INTERNAL_CLASSES = new Set([
  'PoolCore',
  'PoolLifecycle',
  'WorkerSlots',
  'SupervisorCore',
  'CircuitBreaker',
  'TaskRecord',
  'TaskQueue',
  'ThreadChannel',
  'Worker',
  'MessagePort',
  'Pool',
  'ThreadPool',
  'Supervisor',
  'DynamicSupervisor',
  'AbortController',
]);

interface Scan {
  json: string;
  /** Values JSON.stringify reached (after toJSON) that must not be there. */
  found: string[];
}

/**
 * `JSON.stringify(value)` (which must not throw), watching every value it reaches after toJSON:
 * the forbidden objects (a resource, a task function: by identity) and internal class instances.
 * A function that JSON silently drops is still reported when it is a forbidden one.
 */
function scan(value: unknown, forbidden: ReadonlyMap<unknown, string>, opts: { strict?: boolean } = {}): Scan {
  const found: string[] = [];
  const json = JSON.stringify(value, function (key, v: unknown) {
    const label = forbidden.get(v);
    if (label !== undefined) found.push(`${label} at key "${key}"`);
    if (v !== null && typeof v === 'object') {
      const name = (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name;
      if (name !== undefined && INTERNAL_CLASSES.has(name)) found.push(`a ${name} at key "${key}"`);
      if (opts.strict && !Array.isArray(v) && !(v instanceof Error) && name !== undefined && name !== 'Object') {
        found.push(`an instance of ${name} at key "${key}"`);
      }
    }
    if (opts.strict && typeof v === 'function') found.push(`a function at key "${key}"`);
    return v;
  });
  return { json: json ?? '', found };
}

/** The id of the actor an inspection event is about (typed loosely by xstate). */
const idOf = (event: InspectionEvent): string => (event.actorRef as AnyActorRef).id;

type Persistable = AnyActorRef & { getPersistedSnapshot(): unknown };

/**
 * The whole contract for one actor's snapshot: JSON-serializable (and persisted too), a plain
 * context that survives a JSON round trip, no internals, no forbidden object, no secret.
 */
function expectPlainSnapshot(label: string, actor: AnyActorRef, forbidden: ReadonlyMap<unknown, string> = new Map()): { json: string; persisted: string } {
  const snapshot = actor.getSnapshot() as { context?: unknown; status: string };
  let snap: Scan | undefined;
  expect(() => (snap = scan(snapshot, forbidden, { strict: true })), `${label}: JSON.stringify(getSnapshot())`).not.toThrow();
  expect(snap!.found, `${label}: what its snapshot reaches`).toEqual([]);
  expect(snap!.json, `${label}: snapshot JSON`).not.toContain(SECRET);
  expect(snap!.json, `${label}: snapshot JSON`).not.toContain(MARKER);
  expect('context' in snapshot, `${label} has a context`).toBe(true);
  expect(impurities(snapshot.context, `${label}.context`)).toEqual([]);
  expect(JSON.parse(JSON.stringify(snapshot.context)), `${label}: context survives a JSON round trip`).toEqual(snapshot.context);

  let persistedSnapshot: unknown;
  expect(() => (persistedSnapshot = (actor as Persistable).getPersistedSnapshot()), `${label}: getPersistedSnapshot()`).not.toThrow();
  let persisted: Scan | undefined;
  expect(() => (persisted = scan(persistedSnapshot, forbidden, { strict: true })), `${label}: JSON.stringify(getPersistedSnapshot())`).not.toThrow();
  expect(persisted!.found, `${label}: what its persisted snapshot reaches`).toEqual([]);
  expect(persisted!.json, `${label}: persisted JSON`).not.toContain(SECRET);
  expect(persisted!.json, `${label}: persisted JSON`).not.toContain(MARKER);
  expect(impurities((persistedSnapshot as { context?: unknown }).context, `${label}.persisted.context`)).toEqual([]);
  return { json: snap!.json, persisted: persisted!.json };
}

/** An inspection recorder that checks each event as it arrives (and again, later, all of them). */
function inspectionLog(forbidden: Map<unknown, string>) {
  const events: InspectionEvent[] = [];
  const problems: string[] = [];
  let largest = { length: 0, type: '', detail: '' };
  const check = (event: InspectionEvent, when: string) => {
    let result: Scan;
    try {
      result = scan(event, forbidden);
    } catch (error) {
      problems.push(`${when}: JSON.stringify threw on ${event.type} of ${idOf(event)}: ${String(error)}`);
      return;
    }
    for (const found of result.found) problems.push(`${when}: ${event.type} of ${idOf(event)} reaches ${found}`);
    if (result.json.includes(SECRET)) problems.push(`${when}: ${event.type} of ${idOf(event)} contains the secret`);
    if (result.json.includes(MARKER)) problems.push(`${when}: ${event.type} of ${idOf(event)} contains task source`);
    if (when === 'live' && result.json.length > largest.length) {
      const inner = (event as { event?: { type?: string } }).event?.type ?? '';
      largest = { length: result.json.length, type: event.type, detail: `${idOf(event)} ${inner}`.trim() };
    }
  };
  return {
    events,
    problems,
    get largest() {
      return largest;
    },
    resetLargest() {
      largest = { length: 0, type: '', detail: '' };
    },
    inspect: (event: InspectionEvent) => {
      events.push(event);
      check(event, 'live');
    },
    /** Checks every recorded event again: nothing reachable from them changed since. */
    recheckAll() {
      for (const event of events) check(event, 'later');
    },
  };
}

function secretResources() {
  const resources: Array<{ password: string }> = [];
  return {
    resources,
    init: () => {
      const resource = { password: SECRET };
      resources.push(resource);
      return resource;
    },
  };
}

class Fatal extends Error {
  constructor() {
    super('fatal on purpose');
    this.name = 'Fatal';
  }
}

function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${String(value)}`);
    },
    (error: unknown) => error,
  );
}

function poolEvent<K extends keyof PoolEvents>(pool: { events: Pool['events'] }, type: K): Promise<PoolEvents[K]> {
  return within(
    new Promise<PoolEvents[K]>((resolve) => {
      const handler = (event: PoolEvents[K]) => {
        pool.events.off(type, handler);
        resolve(event);
      };
      pool.events.on(type, handler);
    }),
    WAIT_MS,
    `pool event ${String(type)}`,
  );
}

/** Every worker of a pool now, by slot. */
function workersOf(pool: Pool<any, any> | ThreadPool<any>): Array<{ id: string; ref: AnyActorRef }> {
  return pool.workerSupervisor!.whichChildren().map((c) => {
    if (c.ref === undefined || c.ref === 'restarting') throw new Error(`worker ${c.id} has no actor`);
    return { id: c.id, ref: c.ref };
  });
}

// ------------------------------------------------------------------ tests

describe('every overseer actor has a plain, JSON-safe snapshot', () => {
  it('a pool whose workers hold a secret resource, after tasks, a crash and restart, an opened breaker', async () => {
    const secrets = secretResources();
    const pool = trackPool(
      createPool({
        name: 'secretive',
        size: 2,
        intensity: 10,
        isFatal: (error) => error instanceof Fatal,
        worker: { init: secrets.init, dispose: () => undefined },
      }),
    );
    await within(pool.ready(), WAIT_MS, 'pool ready');
    const marked = ({ resource }: { resource: { password: string } }) => {
      const marker = 'TASK-SOURCE-MARKER-q7Zr3';
      return marker.length + resource.password.length;
    };
    expect(marked.toString()).toContain(MARKER);
    expect(await pool.run(marked)).toBe(MARKER.length + SECRET.length);
    const fetched = await pool.run(({ resource }) => resource);
    expect(secrets.resources).toContain(fetched);
    for (let i = 0; i < 10; i++) await pool.run(({ resource }) => resource.password.length + i);

    const exited = nextEvent(pool.workerSupervisor!.events, 'childExited');
    const restarted = poolEvent(pool, 'workerRestarted');
    expect(await rejectionOf(pool.run(() => Promise.reject(new Fatal())))).toBeInstanceOf(Fatal);
    const { ref: crashedWorker } = await exited;
    await restarted;
    await within(pool.ready(), WAIT_MS, 'pool ready after the restart');
    expect(secrets.resources.length).toBeGreaterThanOrEqual(3);
    pool.openCircuit();
    expect(pool.circuit).toBe('open');

    const forbidden = new Map<unknown, string>([
      ...secrets.resources.map((r, i) => [r, `resource #${i}`] as const),
      [marked, 'the task function'],
    ]);
    expectPlainSnapshot('pool', pool.actor, forbidden);
    expect(pool.actor.getSnapshot().value).toBe('running');
    expectPlainSnapshot('breaker', pool.breakerActor!, forbidden);
    expect(pool.breakerActor!.getSnapshot().value).toBe('open');
    expectPlainSnapshot('worker supervisor', pool.workerSupervisor!.actor, forbidden);
    const workers = workersOf(pool);
    expect(workers).toHaveLength(2);
    for (const { id, ref } of workers) expectPlainSnapshot(`worker ${id}`, ref, forbidden);
    // The crashed incarnation too: final state `crashed`, its output holds the error, not the resource.
    expect(crashedWorker.getSnapshot().status).toBe('done');
    expect(crashedWorker.getSnapshot().value).toBe('crashed');
    expectPlainSnapshot('crashed worker', crashedWorker, forbidden);
    // The pool's snapshot is about the pool: its context names it, nothing per task.
    expect(pool.actor.getSnapshot().context).toEqual({ name: 'secretive', closeTimeout: undefined, recovers: true });
  });

  it('a thread pool after calls, a thread crash and restart, an opened breaker', async () => {
    const log = inspectionLog(new Map());
    const pool = trackPool(
      createThreadPool<Handlers>(HANDLERS_URL, { name: 'threads', size: 2, intensity: 10, taskTimeout: 10_000, inspect: log.inspect }),
    );
    await within(pool.ready(), WAIT_MS, 'thread pool ready');
    expect(await pool.call('inc', 41)).toBe(42);
    expect(await pool.call('echo', { note: SECRET })).toEqual({ note: SECRET });
    const exited = nextEvent(pool.workerSupervisor!.events, 'childExited');
    const restarted = poolEvent(pool, 'workerRestarted');
    await rejectionOf(pool.call('exitNow', 3));
    const { ref: crashedWorker } = await exited;
    await restarted;
    await within(pool.ready(), WAIT_MS, 'thread pool ready after the restart');
    pool.openCircuit();

    expectPlainSnapshot('thread pool', pool.actor);
    expectPlainSnapshot('thread breaker', pool.breakerActor!);
    expectPlainSnapshot('thread worker supervisor', pool.workerSupervisor!.actor);
    for (const { id, ref } of workersOf(pool)) expectPlainSnapshot(`thread worker ${id}`, ref);
    expectPlainSnapshot('crashed thread worker', crashedWorker);
    // Its inspection events carry no thread, channel or port, and no call argument or result.
    await pool.close();
    expect(log.events.some((e) => e.type === '@xstate.event' && e.event.type === 'worker.faulted')).toBe(true);
    expect(log.problems).toEqual([]);
    log.recheckAll();
    expect(log.problems).toEqual([]);
  });

  it('a supervisor tree and a dynamic supervisor, after a crash and restart, with secret child input', async () => {
    const log = inspectionLog(new Map());
    const root = trackSup(
      await startSupervisor({
        name: 'root',
        inspect: log.inspect,
        children: [
          { id: 'a', logic: worker, input: { password: SECRET } },
          supervisorSpec('mid', { children: [{ id: 'b', logic: worker, input: { password: SECRET } }] }),
        ],
      }),
    );
    const restarted = nextEvent(root.events, 'childRestarted');
    crash(refOf(root, 'a'));
    await restarted;
    const mid = getSupervisor(refOf(root, 'mid'))!;
    const midRestarted = nextEvent(mid.events, 'childRestarted');
    crash(refOf(mid, 'b'));
    await midRestarted;
    expect(root.restartsInPeriod).toBe(1); // one restart used of the intensity

    const dyn = trackSup(await startDynamicSupervisor({ name: 'dyn', extraInput: { token: SECRET }, inspect: log.inspect }));
    const child = await dyn.startChild({ logic: worker, input: { password: SECRET } });
    if (!child.ok) throw new Error(`dynamic child failed: ${child.reason}`);
    await dyn.startChild({ logic: worker });
    const dynRestarted = nextEvent(dyn.events, 'childRestarted');
    crash(child.ref);
    await dynRestarted;

    expectPlainSnapshot('root supervisor', root.actor);
    expectPlainSnapshot('nested supervisor', mid.actor);
    expectPlainSnapshot('dynamic supervisor', dyn.actor);
    // The secret is the children's own business (their own context holds their input)...
    expect(JSON.stringify(refOf(root, 'a').getSnapshot())).toContain(SECRET);
    // ...and so are their own inspection events; the supervisors' events never carry it.
    const childrenOwn = (e: InspectionEvent) => (e.actorRef as { logic?: unknown }).logic === worker;
    const supervisorsOwn = log.events.filter((e) => !childrenOwn(e));
    expect(supervisorsOwn.some((e) => e.type === '@xstate.event' && e.event.type === 'xstate.init')).toBe(true);
    expect(log.events.some((e) => childrenOwn(e) && JSON.stringify(e).includes(SECRET))).toBe(true);
    const leaks = supervisorsOwn.filter((e) => JSON.stringify(e).includes(SECRET)).map((e) => `${e.type} of ${idOf(e)}`);
    expect(leaks).toEqual([]);
    expect(log.problems.filter((p) => !p.includes('contains the secret'))).toEqual([]);
  });
});

describe("the inspection events of a pool's system", () => {
  it('over its whole life never carry the resource, a task function or its source', async () => {
    const secrets = secretResources();
    const forbidden = new Map<unknown, string>();
    const log = inspectionLog(forbidden);
    const pool = trackPool(
      createPool({
        name: 'inspected',
        size: 2,
        intensity: 10,
        isFatal: (error) => error instanceof Fatal,
        inspect: log.inspect,
        worker: {
          init: () => {
            const resource = secrets.init();
            forbidden.set(resource, `resource #${secrets.resources.length - 1}`);
            return resource;
          },
          dispose: () => undefined,
        },
      }),
    );
    await within(pool.ready(), WAIT_MS, 'pool ready');
    const marked = ({ resource }: { resource: { password: string } }) => {
      const marker = 'TASK-SOURCE-MARKER-q7Zr3';
      return marker.length + resource.password.length;
    };
    const returnsResource = ({ resource }: { resource: { password: string } }) => resource;
    const failing = () => Promise.reject(new Fatal());
    const hanging = ({ resource }: { resource: { password: string } }) => new Promise<number>(() => void resource);
    forbidden.set(hanging, 'the task that timed out');
    forbidden.set(marked, 'the marked task');
    forbidden.set(returnsResource, 'a task returning the resource');
    forbidden.set(failing, 'the fatal task');
    expect(marked.toString()).toContain(MARKER);

    expect(await pool.run(marked)).toBe(MARKER.length + SECRET.length);
    expect(secrets.resources).toContain(await pool.run(returnsResource));
    await Promise.all(Array.from({ length: 20 }, (_, i) => pool.run(({ resource }) => resource.password.length + i)));
    // A crash and a restart.
    const restarted = poolEvent(pool, 'workerRestarted');
    expect(await rejectionOf(pool.run(failing))).toBeInstanceOf(Fatal);
    await restarted;
    await within(pool.ready(), WAIT_MS, 'ready after the restart');
    // A task that times out: its worker is faulted (while it still holds the task) and replaced.
    const replaced = poolEvent(pool, 'workerRestarted');
    expect(await rejectionOf(pool.run(hanging, { timeout: 50 }))).toBeInstanceOf(TaskTimeoutError);
    await replaced;
    await within(pool.ready(), WAIT_MS, 'ready after the timeout');
    expect(await pool.run(marked)).toBe(MARKER.length + SECRET.length);
    pool.openCircuit();
    pool.resetCircuit();
    await pool.close();
    expect(pool.actor.getSnapshot().value).toBe('closed');

    // The log covered the whole life: every actor kind, the crash, the restart, the close.
    const types = new Set(log.events.map((e) => e.type));
    for (const type of ['@xstate.actor', '@xstate.event', '@xstate.snapshot', '@xstate.microstep', '@xstate.action']) expect(types).toContain(type);
    const eventTypes = log.events.flatMap((e) => (e.type === '@xstate.event' ? [`${idOf(e)}:${e.event.type}`] : []));
    expect(eventTypes).toContain('worker-0:xstate.init');
    expect(eventTypes.some((t) => /^worker-\d+:worker\.faulted$/.test(t))).toBe(true);
    expect(eventTypes.some((t) => /^workers:xstate\.done\.actor\.worker-\d+$/.test(t))).toBe(true);
    expect(eventTypes).toContain('breaker:breaker.forceOpen');
    expect(eventTypes.some((t) => t.endsWith(':pool.close'))).toBe(true);
    const workerActors = log.events.filter((e) => e.type === '@xstate.actor' && /^worker-\d+$/.test(idOf(e)));
    expect(workerActors.length).toBe(4); // two, then two replacements
    expect(secrets.resources).toHaveLength(4);
    expect(forbidden.size).toBe(8);

    expect(log.problems).toEqual([]);
    log.recheckAll();
    expect(log.problems).toEqual([]);
  });

  it('stay small: the snapshot and the largest event of a 4-worker pool after 100 tasks', async () => {
    const log = inspectionLog(new Map());
    const pool = trackPool(createPool({ name: 'sized', size: 4, inspect: log.inspect, worker: { init: () => ({ password: SECRET }) } }));
    await within(pool.ready(), WAIT_MS, 'pool ready');
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => pool.run(async ({ resource }) => resource.password.length + i)));
    expect(results).toHaveLength(100);
    await within(pool.onIdle(), WAIT_MS, 'pool idle');
    // Let the last busy → idle reports reach the worker actors.
    await pollUntil(() => workersOf(pool).every(({ ref }) => ref.getSnapshot().value === 'idle'), 'every worker idle', WAIT_MS);
    expect(pool.metrics().completed).toBe(100);

    const snapshotLength = JSON.stringify(pool.actor.getSnapshot()).length;
    const largest = log.largest;
    console.log(
      `[overseer sizes] pool (size 4, 100 tasks): JSON.stringify(pool.actor.getSnapshot()).length = ${snapshotLength}; ` +
        `largest inspection event JSON = ${largest.length} (${largest.type} ${largest.detail}); events seen = ${log.events.length}`,
    );
    expect(log.problems).toEqual([]);
    expect(snapshotLength).toBeLessThan(1024);
    expect(largest.length).toBeGreaterThan(0);
    expect(largest.length).toBeLessThan(1024);
  });
});

describe('final states stay JSON-safe', () => {
  it('a closed pool (and its stopped children)', async () => {
    const secrets = secretResources();
    const pool = trackPool(createPool({ name: 'closing', size: 2, worker: { init: secrets.init } }));
    await within(pool.ready(), WAIT_MS, 'ready');
    await pool.run(({ resource }) => resource.password.length);
    const breaker = pool.breakerActor!;
    const workerSup = pool.workerSupervisor!;
    const workers = workersOf(pool);
    await within(pool.close(), WAIT_MS, 'close');
    const forbidden = new Map<unknown, string>(secrets.resources.map((r, i) => [r, `resource #${i}`]));
    expect(pool.actor.getSnapshot().status).toBe('done');
    expect(pool.actor.getSnapshot().value).toBe('closed');
    expectPlainSnapshot('closed pool', pool.actor, forbidden);
    expectPlainSnapshot('stopped breaker', breaker, forbidden);
    expect(workerSup.actor.getSnapshot().status).toBe('done');
    expectPlainSnapshot('stopped worker supervisor', workerSup.actor, forbidden);
    for (const { id, ref } of workers) {
      expect(ref.getSnapshot().status).toBe('done');
      expectPlainSnapshot(`stopped worker ${id}`, ref, forbidden);
    }
  });

  it('a stopped supervisor', async () => {
    const sup = trackSup(await startSupervisor({ name: 'stopping', children: [{ id: 'a', logic: worker, input: { password: SECRET } }] }));
    await sup.stop();
    expect(sup.actor.getSnapshot().status).toBe('done');
    expect(sup.actor.getSnapshot().value).toBe('stopped');
    const { json } = expectPlainSnapshot('stopped supervisor', sup.actor);
    expect(JSON.parse(json).output).toEqual({ reason: 'shutdown', cause: 'requested' });
  });

  it('a failed pool under a supervisor with intensity 0, and that supervisor once it gave up', async () => {
    const secrets = secretResources();
    const sup = trackSup(
      await startSupervisor({
        name: 'strict',
        intensity: 0,
        children: [poolSpec('fragile', { size: 1, intensity: 0, isFatal: () => true, worker: { init: secrets.init } })],
      }),
    );
    const pool = getPool<{ password: string }>(refOf(sup, 'fragile'))!;
    await within(pool.ready(), WAIT_MS, 'ready');
    const workerSup = pool.workerSupervisor!;
    const breaker = pool.breakerActor!;
    const [{ ref: workerRef }] = workersOf(pool) as [{ id: string; ref: AnyActorRef }];
    const gaveUp = within(sup.exited, WAIT_MS, 'the supervisor gave up');
    await rejectionOf(pool.run(() => Promise.reject(new Fatal())));
    expect(await gaveUp).toEqual({ reason: 'shutdown', cause: 'reached_max_restart_intensity' });

    const forbidden = new Map<unknown, string>(secrets.resources.map((r, i) => [r, `resource #${i}`]));
    const poolSnapshot = pool.actor.getSnapshot();
    expect(poolSnapshot.status).toBe('done');
    expect(poolSnapshot.value).toBe('failed');
    expect(poolSnapshot.output).toMatchObject({ reason: 'crashed' });
    expectPlainSnapshot('failed pool', pool.actor, forbidden);
    expectPlainSnapshot('its worker supervisor', workerSup.actor, forbidden);
    expectPlainSnapshot('its breaker', breaker, forbidden);
    expectPlainSnapshot('its crashed worker', workerRef, forbidden);
    expect(sup.actor.getSnapshot().status).toBe('done');
    expectPlainSnapshot('supervisor that gave up', sup.actor, forbidden);
  });
});

describe('a persisted overseer snapshot describes a state; it cannot revive a pool or a supervisor', () => {
  it('restoring one fails as it starts, with an error that says why (not silently on its first event)', async () => {
    const { createActor } = await import('xstate');
    const { poolMachine, supervisorMachine } = await import('../../src/index.js');
    const pool = trackPool(createPool({ size: 1 }));
    await pool.ready();
    const sup = trackSup(await startSupervisor({ children: [{ id: 'a', logic: worker }] }));
    for (const [logic, live] of [
      [poolMachine, pool.actor],
      [supervisorMachine, sup.actor],
    ] as const) {
      const restored: AnyActorRef = createActor(logic as AnyActorLogic, { snapshot: live.getPersistedSnapshot() });
      const errored = new Promise<unknown>((resolve) => restored.subscribe({ error: resolve }));
      restored.start();
      const error = await within(errored, 5_000, 'the restored actor to fail');
      expect(String((error as Error).message)).toMatch(/restored from a snapshot/);
      expect(restored.getSnapshot().status).toBe('error');
    }
  });
});
