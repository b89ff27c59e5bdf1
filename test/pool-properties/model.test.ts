/**
 * Model-based tests from the pool's own machines with `xstate/graph`.
 *
 * For each of `workerMachine`, `breakerMachine` and `poolMachine` the graph gives every reachable
 * transition. States are serialized by value, so context does not explode the graph, plus the one
 * context flag a guard reads (the worker's `stopRequested` while `starting`), without which the
 * graph would hide the guarded transitions; there are no edges out of final states, where a real
 * actor has stopped. For each transition the test takes the shortest
 * path to its source state plus the transition itself and drives a REAL pool along it through
 * public actions (tasks that succeed, throw, time out or are fatal; `worker.init` / `dispose`
 * that the test settles; close, terminate, the base signal, a parent supervisor; the breaker's
 * manual controls; fake timers for timeouts and the cooldown). After every step the real actor
 * must have taken exactly that transition (seen through xstate inspection) and be in the step's
 * target state. Transitions with more than one public trigger are driven once per trigger.
 *
 * The last test of each machine asserts that the transitions the real actors took cover the
 * graph exactly, and that the real actors never took a transition the model does not have (every
 * snapshot the real worker / breaker / pool actors produced, including during cleanup, is
 * checked against the graph: this is what catches a guard the serialization does not model).
 *
 * One worker transition has no trigger through a pool: `stopping --error(dispose)--> stopped`,
 * because the pool's `disposeResource` catches `dispose` errors (it emits `disposeFailed`) so the
 * invoked dispose never rejects. It is driven on a worker actor with a host whose dispose
 * rejects, and the coverage test pins it as the only such transition. `idle --worker.faulted-->`
 * is not sent by any pool API either (the pool only crashes busy workers); it is driven by
 * sending `worker.faulted` to the pool's worker actor, i.e. the "worker machinery crashed" case the
 * pool must survive, and the driver checks that the pool replaces the worker. Likewise the
 * self-loop `starting (stop requested) --overseer.shutdown-->` needs a second shutdown request,
 * which no supervisor sends twice; it is sent to the worker actor directly.
 */
import { createActor, type AnyActorRef, type AnyStateMachine, type InspectionEvent } from 'xstate';
import { adjacencyMapToArray, getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CircuitOpenError,
  PoolClosedError,
  PoolRecoveringError,
  PoolFailedError,
  SHUTDOWN_EVENT,
  TaskTimeoutError,
  breakerMachine,
  createPool,
  getPool,
  poolMachine,
  poolSpec,
  startSupervisor,
  workerMachine,
  type Pool,
  type PoolOptions,
  type Supervisor,
} from '../../src/index.js';
import type { PoolEvents } from '../../src/pool/events.js';
import { poolInput } from '../../src/pool/handle.js';
import { normalizePoolOptions } from '../../src/pool-options.js';
import type { WorkerHost, WorkerInput } from '../../actors/worker.machine.js';
import { FatalError, TaskError, deferred, isFatal, settle, until, type Deferred } from './helpers.js';

// ------------------------------------------------------------------ the models

interface Edge {
  from: string;
  type: string;
  to: string;
  key: string;
}

interface Model {
  edges: Edge[];
  /** For each edge: the shortest path to its source, then the edge. */
  paths: Array<{ edge: Edge; steps: Edge[] }>;
}

interface AnySnapshot {
  value: unknown;
  context?: Record<string, unknown>;
  status: string;
}
type Serialize = (snapshot: AnySnapshot) => string;

/** A state by its value only, so context does not explode the graph. */
const byValue: Serialize = (snapshot) => JSON.stringify(snapshot.value);
/**
 * The worker's `starting` state has guards that read `context.stopRequested` (a shutdown request
 * during init waits for init, then disposes or stops): that flag is part of the state for the
 * model, or the value-only graph would hide the guarded transitions.
 */
const workerState: Serialize = (snapshot) =>
  snapshot.value === 'starting' && snapshot.context?.stopRequested === true ? '"starting" (stop requested)' : byValue(snapshot);
const edgeKey = (from: string, type: string, to: string): string => `${from} --${type}--> ${to}`;
const makeEdge = (from: string, type: string, to: string): Edge => ({ from, type, to, key: edgeKey(from, type, to) });

/** Every transition reachable from the initial state, and a path that drives each one. */
function modelOf(machine: AnyStateMachine, input: unknown, serializeState: Serialize): Model {
  const options = {
    serializeState,
    input,
    // A real actor that reached a final state has stopped: it takes no more events.
    stopWhen: (snapshot: { status: string }) => snapshot.status !== 'active',
  } as never;
  // A wildcard descriptor (the pool and supervisor machines acknowledge their children's
  // `xstate.done/error.actor.*` events with `'xstate.*': {}`) is a catch-all, not an event anyone
  // sends; the graph lists it as an event type of its own. The conformance check below still
  // holds every event the real actors received to the graph (a catch-all changes no state).
  // Likewise the error of a machine's root `lifeline` (`xstate.error.actor.0.<machine>`): it only
  // happens to an actor restored from a persisted snapshot, which has no data plane, and there the
  // machine errors (its action rethrows); the graph runs no actions and shows a self-loop instead.
  // test/system/snapshots.test.ts drives that path.
  const edges = adjacencyMapToArray(getAdjacencyMap(machine, options))
    .filter(({ event }) => !(event as { type: string }).type.includes('*'))
    .filter(({ event }) => !/^xstate\.error\.actor\.0\.[a-z]+$/.test((event as { type: string }).type))
    .map(({ state, event, nextState }) =>
      makeEdge(serializeState(state as never), (event as { type: string }).type, serializeState(nextState as never)),
    );
  const prefixes = new Map<string, Edge[]>();
  for (const path of getShortestPaths(machine, options)) {
    // steps[0] is the initial state (event xstate.init); each later step is (event, resulting state).
    const steps: Edge[] = [];
    for (let i = 1; i < path.steps.length; i++) {
      const previous = path.steps[i - 1] as { state: AnySnapshot };
      const step = path.steps[i] as { state: AnySnapshot; event: { type: string } };
      steps.push(makeEdge(serializeState(previous.state), step.event.type, serializeState(step.state)));
    }
    prefixes.set(serializeState(path.state as never), steps);
  }
  return {
    edges,
    paths: edges.map((edge) => {
      const prefix = prefixes.get(edge.from);
      if (prefix === undefined) throw new Error(`no path to ${edge.from}`);
      return { edge, steps: [...prefix, edge] };
    }),
  };
}

const stubHost: WorkerHost = {
  initResource: async () => undefined,
  disposeResource: async () => undefined,
  workerReady: () => undefined,
};
const workerInput = (host: WorkerHost): WorkerInput => ({ slot: 'worker-0', pool: 'model', host });

const breakerModel = modelOf(breakerMachine, { cooldown: 1000, backoffMultiplier: 1, maxCooldown: 1000 }, byValue);
const workerModel = modelOf(workerMachine, workerInput(stubHost), workerState);
// The pool machine opens a real data plane for each initial snapshot the traversal takes; the
// traversal executes no actions (not the `start` entry), so nothing is started. The base signal
// is aborted afterwards all the same.
const graphPools = new AbortController();
/** Both graphs of one machine whose guards read its context: every edge of either, and a path to each. */
function unionOf(a: Model, b: Model): Model {
  const known = new Set(a.edges.map((edge) => edge.key));
  return { edges: [...a.edges, ...b.edges.filter((edge) => !known.has(edge.key))], paths: [...a.paths, ...b.paths.filter((path) => !known.has(path.edge.key))] };
}

// A pool under a supervisor (or with `recovery: false`) fails when its workers give up; one with
// no parent recovers. The guard reads the context, so the graph is the union of both.
const poolModel = unionOf(
  modelOf(poolMachine, poolInput(normalizePoolOptions({ name: 'graph-model', size: 1, circuitBreaker: false, recovery: false, signal: graphPools.signal })), byValue),
  modelOf(poolMachine, poolInput(normalizePoolOptions({ name: 'graph-model-2', size: 1, circuitBreaker: false, signal: graphPools.signal })), byValue),
);

afterAll(async () => {
  graphPools.abort();
  await settle();
});

// ------------------------------------------------------------------ what the real actors did

type MachineName = 'worker' | 'breaker' | 'pool';

interface Taken {
  ref: AnyActorRef;
  machine: MachineName;
  edge: Edge;
}

const serializers: Record<MachineName, Serialize> = { worker: workerState, breaker: byValue, pool: byValue };

function machineOf(ref: unknown): MachineName | undefined {
  const logic = (ref as { logic?: unknown }).logic;
  if (logic === workerMachine) return 'worker';
  if (logic === breakerMachine) return 'breaker';
  if (logic === poolMachine) return 'pool';
  return undefined;
}

/** Records every transition the real worker / breaker / pool actors take (xstate inspection). */
class Recorder {
  readonly taken: Taken[] = [];
  private readonly last = new WeakMap<object, string>();

  readonly inspect = (event: InspectionEvent): void => {
    if (event.type !== '@xstate.snapshot') return;
    const machine = machineOf(event.actorRef);
    if (machine === undefined) return;
    const ref = event.actorRef as AnyActorRef;
    const to = serializers[machine](event.snapshot as unknown as AnySnapshot);
    const type = event.event.type;
    if (type === 'xstate.init') {
      this.last.set(ref, to);
      return;
    }
    if (type === 'xstate.stop') return;
    const from = this.last.get(ref);
    if (from === undefined) return;
    this.last.set(ref, to);
    this.taken.push({ ref, machine, edge: makeEdge(from, type, to) });
  };
}

const recorder = new Recorder();
/** Transitions taken by actors of each machine inside real pools, and on the standalone worker. */
const coveredViaPool: Record<MachineName, Set<string>> = { worker: new Set(), breaker: new Set(), pool: new Set() };
const coveredStandalone = new Set<string>();

/** Checks the real actors against the model: a known (state, event) must reach the model's target, any other event changes nothing. */
function conformance(model: Model, machine: MachineName): string[] {
  const targets = new Map<string, Set<string>>();
  for (const edge of model.edges) {
    const key = `${edge.from}|${edge.type}`;
    targets.set(key, (targets.get(key) ?? new Set()).add(edge.to));
  }
  const problems: string[] = [];
  for (const { machine: m, edge } of recorder.taken) {
    if (m !== machine) continue;
    const expected = targets.get(`${edge.from}|${edge.type}`) ?? new Set([edge.from]);
    if (!expected.has(edge.to)) problems.push(`${edge.key} (model: ${[...expected].join(' or ')})`);
  }
  return [...new Set(problems)];
}

// ------------------------------------------------------------------ a pool the test controls

/** The real actor's state, serialized as its machine's model does. */
const value = (ref: AnyActorRef): string => serializers[machineOf(ref) as MachineName](ref.getSnapshot() as AnySnapshot);
const TASK_TIMEOUT = 1000;
const COOLDOWN = 1000;

interface HarnessOptions {
  size: number;
  breaker: PoolOptions['circuitBreaker'];
  intensity: number;
  /** Workers' `init` waits for the test (`manual`), or resolves at once. */
  init: 'manual' | 'resolve';
  /** Workers' `dispose` waits for the test (`manual`), or resolves at once. */
  dispose: 'manual' | 'resolve';
  /** Run the pool under a root supervisor (poolSpec) instead of createPool. */
  supervised: boolean;
}

interface Resource {
  n: number;
}

class Harness {
  pool!: Pool<Resource>;
  sup: Supervisor | undefined;
  readonly abort = new AbortController();
  initMode: 'manual' | 'resolve' | 'reject';
  disposeMode: 'manual' | 'resolve';
  readonly inits: Deferred<Resource>[] = [];
  readonly disposes: Deferred<void>[] = [];
  /** Resources passed to `dispose`, in call order. */
  readonly disposed: Resource[] = [];
  readonly tasks: Deferred[] = [];
  readonly handles: Array<{ result: Promise<unknown> }> = [];
  readonly events: Array<{ type: keyof PoolEvents; event: unknown }> = [];
  readonly background: Promise<unknown>[] = [];
  /** Errors thrown by the test's own event listeners (there should be none). */
  readonly listenerErrors: unknown[] = [];
  /** The worker actor a worker-machine path follows (slot 0 when the path starts). */
  worker: AnyActorRef | undefined;
  private resources = 0;

  constructor(readonly options: HarnessOptions) {
    this.initMode = options.init;
    this.disposeMode = options.dispose;
  }

  async start(): Promise<void> {
    const poolOptions: PoolOptions<Resource> = {
      name: 'pool',
      size: this.options.size,
      taskTimeout: TASK_TIMEOUT,
      // A timed-out task abandons its worker at once: these walks drive the machines' edges
      // (the grace period has tests of its own, in test/pool/timeout-grace.test.ts).
      timeoutGrace: 0,
      circuitBreaker: this.options.breaker,
      intensity: this.options.intensity, period: 60_000,
      isFatal,
      signal: this.abort.signal,
      inspect: recorder.inspect,
      onListenerError: (error) => void this.listenerErrors.push(error),
      worker: {
        init: () => {
          if (this.initMode === 'resolve') return { n: ++this.resources };
          if (this.initMode === 'reject') return Promise.reject(new Error('init failed on purpose'));
          const d = deferred<Resource>();
          this.inits.push(d);
          return d.promise;
        },
        dispose: (resource) => {
          this.disposed.push(resource);
          if (this.disposeMode === 'resolve') return;
          const d = deferred<void>();
          this.disposes.push(d);
          return d.promise;
        },
      },
    };
    if (this.options.supervised) {
      this.sup = await startSupervisor({
        name: 'root',
        children: [poolSpec<Resource>('pool', poolOptions, { restart: 'temporary' })],
        inspect: recorder.inspect,
      });
      const pool = getPool<Resource>(this.sup.whichChildren()[0]?.ref);
      if (pool === undefined) throw new Error('the supervised pool did not start');
      this.pool = pool;
    } else {
      this.pool = createPool<Resource>(poolOptions);
    }
    this.pool.events.on('*', (type, event) => this.events.push({ type, event }));
    await until(() => this.workerRef() !== undefined, 'the worker supervisor and its first worker');
  }

  /** The actor in worker slot `index`, once started. */
  workerRef(index = 0): AnyActorRef | undefined {
    const ref = this.pool.workerSupervisor?.whichChildren()[index]?.ref;
    return ref === undefined || ref === 'restarting' ? undefined : ref;
  }

  async workersIdle(n: number): Promise<void> {
    await until(() => this.pool.status().idleWorkers >= n, `${n} idle worker(s)`);
  }

  /** Resolves pending `init` calls until `n` workers are idle. */
  async readyWorkers(n = this.options.size): Promise<void> {
    if (this.initMode === 'manual') {
      for (const d of this.inits.splice(0)) d.resolve({ n: ++this.resources });
    }
    await this.workersIdle(n);
  }

  /** Submits a task the test finishes through the returned deferred. */
  submitBlocking(): Deferred {
    const d = deferred();
    this.tasks.push(d);
    this.track(this.pool.submit(() => d.promise));
    return d;
  }

  track(handle: { result: Promise<unknown> }): void {
    handle.result.catch(() => undefined);
    this.handles.push(handle);
  }

  saw(type: keyof PoolEvents): boolean {
    return this.events.some((e) => e.type === type);
  }

  /** Finishes everything and stops the pool (and its supervisor); fake timers are advanced as needed. */
  async dispose(): Promise<void> {
    this.initMode = 'resolve';
    this.disposeMode = 'resolve';
    const release = (): void => {
      for (const d of this.inits.splice(0)) d.resolve({ n: ++this.resources });
      for (const d of this.disposes.splice(0)) d.resolve();
      for (const d of this.tasks.splice(0)) d.resolve('released');
    };
    release();
    const stopped = Promise.allSettled([this.pool?.terminate(), this.sup?.stop(), ...this.background]);
    let done = false;
    void stopped.then(() => (done = true));
    for (let i = 0; i < 100 && !done; i++) {
      await settle(5);
      release();
      if (!done) vi.advanceTimersByTime(1000);
    }
    if (!done) throw new Error('the pool did not stop');
    expect(this.listenerErrors).toEqual([]);
  }
}

// ------------------------------------------------------------------ driving paths

interface Driver {
  /** The public action (shown in the test name). */
  name: string;
  run(h: Harness): Promise<void> | void;
  /** States the actor may legitimately have moved on to by the time the step is checked. */
  followUp?: string[];
  /** Extra checks of the pool's public state once the transition happened. */
  verify?(h: Harness): Promise<void> | void;
}

type Drivers = Record<string, Driver[]>;

/** The drivers of one edge (keyed by the whole edge), or of every edge of its state and event. */
function driverList(drivers: Drivers, edge: Edge): Driver[] | undefined {
  return drivers[edge.key] ?? drivers[`${edge.from}|${edge.type}`];
}

function driversFor(drivers: Drivers, edge: Edge): Driver[] {
  const list = driverList(drivers, edge);
  if (list === undefined || list.length === 0) throw new Error(`no driver for ${edge.key}: the machine changed, add one`);
  return list;
}

async function followPath(
  h: Harness,
  tracked: (h: Harness) => AnyActorRef,
  steps: Edge[],
  drivers: Drivers,
  last: Driver,
  machine: MachineName,
): Promise<void> {
  let previous = recorder.taken.length;
  for (const [i, step] of steps.entries()) {
    const ref = tracked(h);
    // A pass-through state (`failing` waits only for its own children to stop) may already have
    // been left by itself: the transition taken on its own counts, with no driver to run.
    if (driverList(drivers, step) === ON_ITS_OWN && recorder.taken.slice(previous).some((t) => t.ref === ref && t.edge.key === step.key)) {
      coveredViaPool[machine].add(step.key);
      continue;
    }
    const driver = i === steps.length - 1 ? last : (driversFor(drivers, step)[0] as Driver);
    expect(value(ref), `before ${step.key}`).toBe(step.from);
    const mark = recorder.taken.length;
    previous = mark;
    await driver.run(h);
    const tookIt = (): boolean => recorder.taken.slice(mark).some((t) => t.ref === ref && t.edge.key === step.key);
    const took = (): string =>
      recorder.taken
        .slice(mark)
        .filter((t) => t.ref === ref)
        .map((t) => t.edge.key)
        .join('; ') || 'nothing';
    await until(tookIt, () => `${step.key} via "${driver.name}" (the actor took: ${took()})`);
    coveredViaPool[machine].add(step.key);
    expect([step.to, ...(driver.followUp ?? [])], `after ${step.key} via "${driver.name}"`).toContain(value(ref));
    await driver.verify?.(h);
  }
}

/** One test per transition and public trigger. */
function pathTests(
  model: Model,
  machine: MachineName,
  drivers: Drivers,
  harness: (steps: Edge[]) => Harness,
  tracked: (h: Harness) => AnyActorRef,
  prepare?: (h: Harness) => Promise<void>,
): void {
  let h: Harness | undefined;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(async () => {
    try {
      await h?.dispose();
    } finally {
      h = undefined;
      vi.useRealTimers();
    }
  });
  for (const { edge, steps } of model.paths) {
    const variants = driverList(drivers, edge) ?? [];
    if (variants.length === 0) {
      it(`${edge.key} has no pool trigger (driven on a standalone worker below)`, () => {
        expect(NO_POOL_TRIGGER.has(edge.key), `no driver for ${edge.key}: the machine changed, add one`).toBe(true);
      });
      continue;
    }
    for (const last of variants) {
      const route = steps.map((s) => s.type.replace(/^xstate\.(done|error)\.actor\..*$/, 'xstate.$1.actor').replace(/^xstate\.after\..*$/, 'after')).join(' → ');
      it(`${edge.key} via ${last.name} [${route}]`, async () => {
        h = harness(steps);
        await h.start();
        await prepare?.(h);
        await followPath(h, tracked, steps, drivers, last, machine);
      });
    }
  }
}

/** The driver of a transition a machine takes by itself right after the previous step. */
const ON_ITS_OWN: Driver[] = [{ name: 'nothing: the machine moves on by itself', run: () => undefined }];

/** Graph transitions no public pool action can take (see the file comment). */
const NO_POOL_TRIGGER = new Set([edgeKey('"stopping"', 'xstate.error.actor.0.worker.stopping', '"stopped"')]);

// ------------------------------------------------------------------ breaker

const fail = (h: Harness): Promise<unknown> => {
  const result = h.pool.run(() => {
    throw new TaskError();
  });
  return result.then(
    () => expect.fail('the task should have failed'),
    (error: unknown) => expect(error).toBeInstanceOf(TaskError),
  );
};

const advance = async (ms: number): Promise<void> => {
  vi.advanceTimersByTime(ms);
  await settle();
};

const breakerDrivers: Drivers = {
  '"closed"|breaker.failuresExceeded': [
    {
      name: 'two consecutive task errors',
      run: async (h) => {
        await fail(h);
        expect(h.pool.circuit, 'one failure is below the threshold').toBe('closed');
        await fail(h);
      },
    },
    {
      name: 'two tasks timing out',
      run: async (h) => {
        await h.workersIdle(2);
        h.submitBlocking();
        h.submitBlocking();
        await advance(TASK_TIMEOUT);
        for (const handle of h.handles.slice(-2)) await expect(handle.result).rejects.toBeInstanceOf(TaskTimeoutError);
      },
    },
  ],
  '"closed"|breaker.forceOpen': [{ name: 'openCircuit()', run: (h) => h.pool.openCircuit() }],
  '"open"|breaker.forceOpen': [{ name: 'openCircuit() again', run: (h) => h.pool.openCircuit() }],
  '"open"|breaker.reset': [{ name: 'resetCircuit()', run: (h) => h.pool.resetCircuit() }],
  '"open"|xstate.after.cooldown.breaker.open': [
    {
      name: 'the cooldown passing (fake timers)',
      run: async (h) => {
        vi.advanceTimersByTime(COOLDOWN - 1);
        await settle();
        expect(h.pool.circuit, 'still open 1 ms before the cooldown ends').toBe('open');
        await advance(1);
      },
      verify: (h) => expect(h.saw('circuitHalfOpened')).toBe(true),
    },
  ],
  '"halfOpen"|breaker.probesSucceeded': [
    {
      name: 'a probe succeeding',
      run: async (h) => {
        await h.workersIdle(1);
        await expect(h.pool.run(() => 'probe')).resolves.toBe('probe');
      },
    },
    {
      name: 'an async probe succeeding while a second caller is refused',
      run: async (h) => {
        await h.workersIdle(1);
        const probe = h.submitBlocking();
        expect(() => h.pool.submit(() => 'extra')).toThrow(CircuitOpenError);
        probe.resolve('ok');
        await h.handles.at(-1)?.result;
      },
    },
  ],
  '"halfOpen"|breaker.probeFailed': [
    {
      name: 'a probe failing',
      run: async (h) => {
        await h.workersIdle(1);
        await fail(h);
      },
    },
    {
      name: 'a probe timing out',
      run: async (h) => {
        await h.workersIdle(1);
        h.submitBlocking();
        await advance(TASK_TIMEOUT);
        await expect(h.handles.at(-1)?.result).rejects.toBeInstanceOf(TaskTimeoutError);
      },
    },
  ],
  '"halfOpen"|breaker.forceOpen': [{ name: 'openCircuit()', run: (h) => h.pool.openCircuit() }],
  '"halfOpen"|breaker.reset': [{ name: 'resetCircuit()', run: (h) => h.pool.resetCircuit() }],
};

// Every breaker step also checks the pool's public view of the circuit.
for (const list of Object.values(breakerDrivers)) {
  for (const driver of list) {
    const own = driver.verify;
    driver.verify = async (h) => {
      await own?.(h);
      const state = (h.pool.breakerActor as AnyActorRef).getSnapshot().value as string;
      expect(h.pool.circuit).toBe(state);
      expect(h.pool.status().circuit).toBe(state);
      if (state === 'open') expect(() => h.pool.submit(() => 'refused')).toThrow(CircuitOpenError);
    };
  }
}

describe('breakerMachine: every transition, driven through a real pool', () => {
  pathTests(
    breakerModel,
    'breaker',
    breakerDrivers,
    () => new Harness({ size: 2, breaker: { failureThreshold: 2, cooldown: COOLDOWN }, intensity: 100, init: 'resolve', dispose: 'resolve', supervised: false }),
    (h) => h.pool.breakerActor as AnyActorRef,
    (h) => h.workersIdle(2),
  );

  it('covers exactly the transitions of the graph, and nothing outside it', () => {
    const graph = breakerModel.edges.map((e) => e.key).sort();
    expect(graph.length).toBeGreaterThan(0);
    expect([...coveredViaPool.breaker].filter((k) => graph.includes(k)).sort()).toEqual(graph);
    expect(conformance(breakerModel, 'breaker')).toEqual([]);
  });
});

// ------------------------------------------------------------------ worker

const workerDrivers: Drivers = {
  '"starting"|xstate.done.actor.0.worker.starting': [
    {
      name: 'init resolving',
      run: (h) => (h.inits.shift() as Deferred<Resource>).resolve({ n: 0 }),
      verify: (h) => h.workersIdle(1),
    },
  ],
  '"starting"|xstate.error.actor.0.worker.starting': [
    {
      name: 'init rejecting',
      run: (h) => (h.inits.shift() as Deferred<Resource>).reject(new Error('init failed on purpose')),
      verify: async (h) => {
        // The supervisor replaces the crashed worker with a fresh one (new id).
        await until(() => h.saw('workerRestarted'), 'the replacement worker');
        expect(h.pool.metrics().crashes).toBe(1);
      },
    },
  ],
  // A shutdown request during init waits for init (the supervisor bounds the wait).
  '"starting"|overseer.shutdown': [
    { name: 'close()', run: (h) => void h.background.push(h.pool.close()), verify: (h) => expect(h.pool.phase).toBe('closing') },
    { name: 'terminate()', run: (h) => void h.background.push(h.pool.terminate()), verify: (h) => expect(h.pool.phase).toBe('closing') },
  ],
  '"starting" (stop requested)|overseer.shutdown': [
    {
      name: 'a repeated shutdown request (sent to the worker actor)',
      run: (h) => (h.worker as AnyActorRef).send({ type: SHUTDOWN_EVENT }),
    },
  ],
  '"starting" (stop requested)|xstate.done.actor.0.worker.starting': [
    {
      name: 'init resolving after the request (its resource is disposed, never used)',
      run: (h) => (h.inits.shift() as Deferred<Resource>).resolve({ n: 42 }),
      verify: async (h) => {
        await until(() => h.disposed.some((r) => r.n === 42), 'dispose of the late resource');
        expect(h.pool.status().idleWorkers).toBe(0);
      },
    },
  ],
  '"starting" (stop requested)|xstate.error.actor.0.worker.starting': [
    {
      name: 'init rejecting after the request (a normal stop, not a crash)',
      run: (h) => (h.inits.shift() as Deferred<Resource>).reject(new Error('init failed during shutdown')),
      verify: async (h) => {
        await until(() => h.pool.phase === 'closed', 'the pool to close');
        expect(h.pool.metrics().crashes).toBe(0);
        expect(h.saw('workerCrashed')).toBe(false);
      },
    },
  ],
  '"idle"|worker.assigned': [
    { name: 'submitting a task', run: (h) => void h.submitBlocking(), verify: (h) => expect(h.pool.status().busyWorkers).toBe(1) },
  ],
  '"idle"|worker.faulted': [
    {
      name: 'the worker machinery crashing (event sent to the worker actor)',
      run: (h) => (h.worker as AnyActorRef).send({ type: 'worker.faulted', error: new Error('machinery crashed') }),
      verify: async (h) => {
        await until(() => h.saw('workerRestarted'), 'the replacement worker');
        expect(h.pool.metrics().crashes).toBe(1);
        await h.readyWorkers(1);
        await expect(h.pool.run(() => 'served')).resolves.toBe('served');
      },
    },
  ],
  '"idle"|overseer.shutdown': [
    { name: 'close()', run: (h) => void h.background.push(h.pool.close()) },
    { name: 'terminate()', run: (h) => void h.background.push(h.pool.terminate()) },
  ],
  '"busy"|worker.released': [
    {
      name: 'the task returning',
      run: async (h) => {
        (h.tasks.at(-1) as Deferred).resolve('done');
        await expect(h.handles.at(-1)?.result).resolves.toBe('done');
      },
    },
    {
      name: 'the task throwing (a failure, not a crash)',
      run: async (h) => {
        (h.tasks.at(-1) as Deferred).reject(new TaskError());
        await expect(h.handles.at(-1)?.result).rejects.toBeInstanceOf(TaskError);
      },
      verify: (h) => expect(h.pool.metrics().crashes).toBe(0),
    },
  ],
  '"busy"|worker.faulted': [
    {
      name: 'the task timing out',
      run: async (h) => {
        await advance(TASK_TIMEOUT);
        await expect(h.handles.at(-1)?.result).rejects.toBeInstanceOf(TaskTimeoutError);
      },
    },
    {
      name: 'the task throwing a fatal error',
      run: async (h) => {
        const error = new FatalError();
        (h.tasks.at(-1) as Deferred).reject(error);
        await expect(h.handles.at(-1)?.result).rejects.toBe(error);
      },
    },
  ],
  '"busy"|overseer.shutdown': [
    { name: 'terminate()', run: (h) => void h.background.push(h.pool.terminate()) },
    {
      name: 'close({ timeout }) running out',
      run: async (h) => {
        h.background.push(h.pool.close({ timeout: 50 }));
        await advance(50);
      },
    },
  ],
  '"stopping"|xstate.done.actor.0.worker.stopping': [
    { name: 'dispose resolving', run: (h) => (h.disposes.shift() as Deferred<void>).resolve() },
    {
      name: 'dispose rejecting (reported as disposeFailed)',
      run: (h) => (h.disposes.shift() as Deferred<void>).reject(new Error('dispose failed on purpose')),
      verify: (h) => until(() => h.saw('disposeFailed'), 'disposeFailed'),
    },
  ],
};

describe('workerMachine: every transition, driven through a real pool', () => {
  pathTests(
    workerModel,
    'worker',
    workerDrivers,
    () => new Harness({ size: 1, breaker: false, intensity: 100, init: 'manual', dispose: 'manual', supervised: false }),
    (h) => h.worker as AnyActorRef,
    async (h) => {
      h.worker = h.workerRef();
    },
  );

  it('drives the one transition a pool cannot take on a worker whose dispose rejects', async () => {
    const host: WorkerHost = {
      initResource: async () => undefined,
      disposeResource: () => Promise.reject(new Error('dispose failed')),
      workerReady: () => undefined,
    };
    const mark = recorder.taken.length;
    const actor = createActor(workerMachine, { input: workerInput(host), inspect: recorder.inspect });
    actor.subscribe({ error: () => undefined });
    actor.start();
    await until(() => actor.getSnapshot().value === 'idle', 'idle');
    actor.send({ type: SHUTDOWN_EVENT });
    await until(() => actor.getSnapshot().status === 'done', 'stopped');
    expect(actor.getSnapshot().value).toBe('stopped');
    for (const t of recorder.taken.slice(mark)) if (t.ref === actor && NO_POOL_TRIGGER.has(t.edge.key)) coveredStandalone.add(t.edge.key);
    expect([...coveredStandalone]).toEqual([...NO_POOL_TRIGGER]);
  });

  it('covers exactly the transitions of the graph, and nothing outside it', () => {
    const graph = workerModel.edges.map((e) => e.key).sort();
    expect(graph.length).toBeGreaterThan(0);
    const reachable = graph.filter((k) => !NO_POOL_TRIGGER.has(k));
    expect([...coveredViaPool.worker].filter((k) => graph.includes(k)).sort()).toEqual(reachable);
    expect([...coveredStandalone].sort()).toEqual([...NO_POOL_TRIGGER].filter((k) => graph.includes(k)).sort());
    expect(conformance(workerModel, 'worker')).toEqual([]);
  });
});

// ------------------------------------------------------------------ pool

/** Gets the pool to `closing` and keeps it there: one task runs, one waits, close() waits for both. */
const closeWithWork: Driver = {
  name: 'close() with a running and a queued task',
  run: async (h) => {
    await h.readyWorkers(1);
    h.submitBlocking();
    h.submitBlocking();
    expect(h.pool.status()).toMatchObject({ busyWorkers: 1, queued: 1 });
    h.background.push(h.pool.close());
  },
  verify: (h) => expect(h.pool.phase).toBe('closing'),
};

const finishTasks: Driver = {
  name: 'the running and queued tasks finishing',
  run: async (h) => {
    for (const d of h.tasks) d.resolve('finished');
    for (const handle of h.handles) await expect(handle.result).resolves.toBe('finished');
  },
  followUp: ['"closed"'],
};

const poolDrivers: Drivers = {
  '"running"|pool.close': [
    closeWithWork,
    {
      name: 'the base signal aborting while a task runs',
      run: async (h) => {
        await h.readyWorkers(1);
        h.submitBlocking();
        h.abort.abort(new Error('base signal'));
      },
      verify: (h) => expect(h.pool.phase).toBe('closing'),
    },
  ],
  // terminating is a pass-through (`always`): the snapshot after the event is `stopping`. The
  // worker's init is still pending, and the supervisor waits for it, which holds the pool there.
  '"running"|pool.terminate': [
    {
      name: 'terminate()',
      run: (h) => void h.background.push(h.pool.terminate()),
      followUp: ['"closed"'],
      verify: (h) => expect(h.pool.phase).toBe('closing'),
    },
  ],
  '"running"|overseer.shutdown': [
    {
      name: 'the parent supervisor terminating the pool child',
      run: (h) => void h.background.push((h.sup as Supervisor).terminateChild('pool')),
      followUp: ['"stopping"', '"closed"'],
    },
    {
      name: 'the parent supervisor stopping',
      run: (h) => void h.background.push((h.sup as Supervisor).stop()),
      followUp: ['"stopping"', '"closed"'],
    },
  ],
  '"running"|pool.workersFailed': [
    {
      name: 'worker init failing past the restart intensity',
      followUp: ['"failed"'],
      run: (h) => {
        h.initMode = 'reject';
        for (const d of h.inits.splice(0)) d.reject(new Error('init failed on purpose'));
      },
    },
    {
      name: 'fatal task errors past the restart intensity',
      followUp: ['"failed"'],
      run: async (h) => {
        await h.readyWorkers(1);
        h.initMode = 'reject';
        await expect(h.pool.run(() => Promise.reject(new FatalError()))).rejects.toBeInstanceOf(FatalError);
      },
    },
    {
      name: 'a timeout, then init failing, past the restart intensity',
      followUp: ['"failed"'],
      run: async (h) => {
        await h.readyWorkers(1);
        h.initMode = 'reject';
        h.submitBlocking();
        await advance(TASK_TIMEOUT);
      },
    },
  ],
  // The same three causes, on a pool with no parent: it backs off instead of failing.
  [edgeKey('"running"', 'pool.workersFailed', '"recovering"')]: [
    {
      name: 'worker init failing past the restart intensity (no parent)',
      run: (h) => {
        h.initMode = 'reject';
        for (const d of h.inits.splice(0)) d.reject(new Error('init failed on purpose'));
      },
    },
    {
      name: 'fatal task errors past the restart intensity (no parent)',
      run: async (h) => {
        await h.readyWorkers(1);
        h.initMode = 'reject';
        await expect(h.pool.run(() => Promise.reject(new FatalError()))).rejects.toBeInstanceOf(FatalError);
      },
    },
  ],
  '"recovering"|pool.close': [
    {
      name: 'close() during the backoff',
      run: (h) => void h.background.push(h.pool.close()),
      followUp: ['"stopping"', '"closed"'],
    },
  ],
  '"recovering"|overseer.shutdown': [
    {
      name: 'a shutdown request sent to the pool actor during the backoff',
      run: (h) => h.pool.actor.send({ type: 'overseer.shutdown' }),
      followUp: ['"stopping"', '"closed"'],
    },
  ],
  '"recovering"|pool.terminate': [
    {
      name: 'terminate() during the backoff',
      run: (h) => void h.background.push(h.pool.terminate()),
      followUp: ['"closed"'],
    },
  ],
  '"recovering"|xstate.done.actor.0.pool.recovering': [
    {
      name: 'the backoff passing with the downstream back',
      run: async (h) => {
        h.initMode = 'resolve';
        await advance(1000); // the default recovery backoff's first delay
      },
      verify: async (h) => {
        expect(h.saw('recovered')).toBe(true);
        await h.readyWorkers(1);
        await expect(h.pool.run(() => 'back')).resolves.toBe('back');
      },
    },
  ],
  '"closing"|xstate.done.actor.0.pool.closing': [
    finishTasks,
    {
      name: 'the running task timing out (its worker is replaced), the queued one then finishing',
      run: async (h) => {
        await advance(TASK_TIMEOUT);
        await expect(h.handles[0]?.result).rejects.toBeInstanceOf(TaskTimeoutError);
        for (const d of h.inits.splice(0)) d.resolve({ n: 7 });
        await until(() => h.pool.status().queued === 0 && h.pool.status().running === 1, 'the queued task on the new worker');
        (h.tasks[1] as Deferred).resolve('finished');
        await expect(h.handles[1]?.result).resolves.toBe('finished');
      },
      followUp: ['"closed"'],
    },
  ],
  '"closing"|pool.terminate': [
    {
      name: 'terminate()',
      run: (h) => void h.background.push(h.pool.terminate()),
      followUp: ['"closed"'],
      verify: async (h) => {
        for (const handle of h.handles) await expect(handle.result).rejects.toBeInstanceOf(PoolClosedError);
      },
    },
  ],
  '"closing"|pool.workersFailed': [
    {
      name: 'the running task crashing its worker and init failing past the restart intensity',
      followUp: ['"failed"'],
      run: async (h) => {
        h.initMode = 'reject';
        (h.tasks[0] as Deferred).reject(new FatalError());
        await expect(h.handles[0]?.result).rejects.toBeInstanceOf(FatalError);
      },
      verify: async (h) => {
        await expect(h.handles[1]?.result).rejects.toBeInstanceOf(PoolFailedError);
      },
    },
  ],
  '"closing"|overseer.shutdown': [
    {
      name: 'the parent supervisor terminating the closing pool',
      run: (h) => void h.background.push((h.sup as Supervisor).terminateChild('pool')),
      verify: (h) => expect(h.pool.phase).toBe('closing'),
    },
  ],
  // The worker supervisor has already given up (its workers are gone): stopping it and the
  // breaker takes a few microtasks, then the pool exits `crashed`.
  '"failing"|xstate.done.actor.0.pool.failing': ON_ITS_OWN,
  '"stopping"|xstate.done.actor.0.pool.stopping': [
    {
      name: 'the last worker stopping (its pending init resolves, then it is disposed)',
      run: async (h) => {
        for (const d of h.inits.splice(0)) d.resolve({ n: 99 });
        await Promise.allSettled(h.background);
      },
    },
  ],
  '"stopping"|pool.terminate': [
    {
      name: 'terminate() again while the workers stop',
      run: (h) => void h.background.push(h.pool.terminate()),
    },
  ],
  '"stopping"|overseer.shutdown': [
    {
      name: 'the parent supervisor terminating the stopping pool',
      run: (h) => void h.background.push((h.sup as Supervisor).terminateChild('pool')),
      verify: (h) => expect(h.pool.phase).toBe('closing'),
    },
  ],
};

for (const [key, list] of Object.entries(poolDrivers)) {
  for (const driver of list) {
    const own = driver.verify;
    driver.verify = async (h) => {
      await own?.(h);
      if (key.endsWith('--> "recovering"')) {
        expect(h.pool.phase).toBe('recovering');
        expect(h.saw('recovering')).toBe(true);
        expect(() => h.pool.submit(() => 1)).toThrow(PoolRecoveringError);
      }
      if (key.endsWith('pool.workersFailed')) {
        expect(h.pool.phase).toBe('failed');
        expect(h.saw('failed')).toBe(true);
        expect(() => h.pool.submit(() => 1)).toThrow(PoolFailedError);
      }
      if (key.endsWith('pool.stopping')) {
        expect(h.pool.phase).toBe('closed');
        expect(h.saw('closed')).toBe(true);
      }
    };
  }
}

describe('poolMachine: every transition, driven through a real pool under a supervisor', () => {
  pathTests(
    poolModel,
    'pool',
    poolDrivers,
    // A pool recovers only with no parent: a path through `recovering` runs on a standalone pool.
    (steps) => new Harness({ size: 1, breaker: false, intensity: 1, init: 'manual', dispose: 'resolve', supervised: !steps.some((s) => s.to === '"recovering"') }),
    (h) => h.pool.actor,
  );

  it('covers exactly the transitions of the graph, and nothing outside it', () => {
    const graph = poolModel.edges.map((e) => e.key).sort();
    expect(graph.length).toBeGreaterThan(0);
    expect([...coveredViaPool.pool].filter((k) => graph.includes(k)).sort()).toEqual(graph);
    expect(conformance(poolModel, 'pool')).toEqual([]);
  });
});
