/**
 * One supervision tree = one xstate actor system.
 *
 * - one `inspect` observer on the root sees every actor of the tree, each linked (`_parent`)
 *   under the right parent, including a worker restarted after a crash;
 * - `systemId` registers a child in the tree's system, at any depth, following restarts;
 * - `sendParent` from a supervised child reaches its supervisor (`messageReceived`) and bubbles
 *   to the supervisor's own parent (a parent supervisor, or a user machine that invokes it);
 * - a crashing child's error event is relayed to its supervisor without erroring it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { assign, createActor, createMachine, sendParent, setup, type AnyActorRef, type InspectionEvent } from 'xstate';
import {
  dynamicSupervisorSpec,
  getDynamicSupervisor,
  getPool,
  getSupervisor,
  normalizeSupervisorOptions,
  poolSpec,
  startSupervisor,
  supervisorMachine,
  supervisorSpec,
  type Supervisor,
} from '../../src/index.js';
import {
  WAIT_MS,
  crash,
  flush,
  guardUnhandledErrors,
  nextEvent,
  refOf,
  status,
  stopAllAfterEach,
  trapExits,
  waitForEvents,
  within,
  worker,
} from '../supervisor/helpers.js';
import { pollUntil } from '../support/timing.js';

guardUnhandledErrors();
const { track } = stopAllAfterEach();

/** Root actors created directly in a test (a user machine invoking a supervisor): stopped after each test. */
const rawRoots: Array<{ actor: AnyActorRef; settled: () => Promise<unknown> }> = [];
afterEach(async () => {
  for (const { actor, settled } of rawRoots.splice(0)) {
    actor.stop();
    await within(settled(), WAIT_MS, `stop of ${actor.id}`);
  }
});

type Linked = AnyActorRef & { _parent?: AnyActorRef };
/** The actor an inspection event is about (typed loosely by xstate). */
const actorOf = (event: InspectionEvent): AnyActorRef => event.actorRef as AnyActorRef;
const parentOf = (ref: AnyActorRef): AnyActorRef | undefined => (ref as Linked)._parent;

/** Records every inspection event, with the `@xstate.actor` ones indexed by their actor. */
function inspector() {
  const events: InspectionEvent[] = [];
  return {
    events,
    inspect: (event: InspectionEvent) => {
      events.push(event);
    },
    /** Every actor announced by `@xstate.actor`, in creation order. */
    actors(): AnyActorRef[] {
      return events.filter((e) => e.type === '@xstate.actor').map(actorOf);
    },
    /** The `@xstate.actor` events announcing `ref` (exactly one is expected). */
    announcing(ref: AnyActorRef): InspectionEvent[] {
      return events.filter((e) => e.type === '@xstate.actor' && e.actorRef === ref);
    },
  };
}

/** A child that says hello to its parent on entry and answers PING with PONG. */
const greeter = setup({
  types: { events: {} as { type: 'PING' } },
}).createMachine({
  id: 'greeter',
  entry: sendParent({ type: 'HELLO', n: 1 }),
  initial: 'running',
  states: {
    running: { on: { PING: { actions: sendParent({ type: 'PONG', n: 2 }) } } },
  },
});

describe('one inspect observer on the root', () => {
  it('sees every actor of a 3-level tree, each linked under the right parent', async () => {
    const seen = inspector();
    const root = track(
      await startSupervisor({
        name: 'root',
        inspect: seen.inspect,
        children: [
          supervisorSpec('mid', {
            children: [
              { id: 'user', logic: worker },
              // isFatal: a task that throws crashes its worker (used below for a restart).
              poolSpec('p', { size: 2, isFatal: () => true, taskTimeout: false }),
            ],
          }),
          dynamicSupervisorSpec('dyn'),
        ],
      }),
    );
    const mid = getSupervisor(refOf(root, 'mid'))!;
    const pool = getPool(refOf(mid, 'p'))!;
    expect(pool).toBeDefined();
    await within(pool.ready(), WAIT_MS, 'pool p ready');
    const dyn = getDynamicSupervisor(refOf(root, 'dyn'))!;
    const session = await dyn.startChild({ id: 'session', logic: worker });
    if (!session.ok) throw new Error(`dynamic child failed to start: ${session.reason}`);

    const workers = pool.workerSupervisor!;
    expect(workers).toBeDefined();
    const breaker = pool.breakerActor!;
    expect(breaker).toBeDefined();
    const tree: Record<string, { ref: AnyActorRef; parent: AnyActorRef | undefined }> = {
      root: { ref: root.actor, parent: undefined },
      mid: { ref: mid.actor, parent: root.actor },
      user: { ref: refOf(mid, 'user'), parent: mid.actor },
      p: { ref: pool.actor, parent: mid.actor },
      breaker: { ref: breaker, parent: pool.actor },
      workers: { ref: workers.actor, parent: pool.actor },
      'worker-0': { ref: refOf(workers, 'worker-0'), parent: workers.actor },
      'worker-1': { ref: refOf(workers, 'worker-1'), parent: workers.actor },
      dyn: { ref: dyn.actor, parent: root.actor },
      session: { ref: session.ref, parent: dyn.actor },
    };
    expect(workers.whichChildren().map((c) => c.id)).toEqual(['worker-0', 'worker-1']);

    // Every actor of the tree was announced to the root's observer, once, as that very actor...
    for (const [label, { ref }] of Object.entries(tree)) {
      expect(seen.announcing(ref), `@xstate.actor for ${label}`).toHaveLength(1);
    }
    // ...and its _parent is the right actor (by identity), which the id map spells out.
    const labelOf = new Map(Object.entries(tree).map(([label, { ref }]) => [ref, label]));
    const parents = Object.fromEntries(
      Object.entries(tree).map(([label, { ref }]) => {
        const announced = actorOf(seen.announcing(ref)[0]!);
        const parent = parentOf(announced);
        return [label, parent === undefined ? undefined : (labelOf.get(parent) ?? `unknown actor ${parent.id}`)];
      }),
    );
    expect(parents).toEqual({
      root: undefined,
      mid: 'root',
      user: 'mid',
      p: 'mid',
      breaker: 'p',
      workers: 'p',
      'worker-0': 'workers',
      'worker-1': 'workers',
      dyn: 'root',
      session: 'dyn',
    });
    for (const [label, { ref, parent }] of Object.entries(tree)) {
      expect(parentOf(ref), `_parent of ${label}`).toBe(parent);
    }
    // The chain of actor ids from a worker up to the root.
    const chain: string[] = [];
    for (let ref: AnyActorRef | undefined = tree['worker-0']!.ref; ref !== undefined; ref = parentOf(ref)) chain.push(ref.id);
    expect(chain).toEqual(['worker-0', 'workers', 'p', 'mid', root.actor.id]);

    // One system: every actor shares the root's, and every inspection event names the root.
    for (const [label, { ref }] of Object.entries(tree)) expect(ref.system, `system of ${label}`).toBe(root.actor.system);
    expect(new Set(seen.events.map((e) => e.rootId))).toEqual(new Set([root.actor.sessionId]));
    // Whatever else was announced is an actor the tree's machines invoke: its parent is in the tree.
    const treeRefs = new Set(Object.values(tree).map(({ ref }) => ref));
    for (const actor of seen.actors()) {
      if (treeRefs.has(actor)) continue;
      const parent = parentOf(actor);
      expect(parent === undefined ? undefined : labelOf.has(parent), `parent of extra actor ${actor.id}`).toBe(true);
    }

    // A worker restarted after a crash is announced as a new actor, under the same parent.
    const before = seen.events.length;
    const restarted = nextEvent(workers.events, 'childRestarted');
    await expect(pool.run(() => Promise.reject(new Error('fatal on purpose')))).rejects.toThrow();
    const { id: slot, ref: fresh } = await restarted;
    const old = tree[slot]!.ref;
    expect(fresh).not.toBe(old);
    expect(status(old)).not.toBe('active');
    const announced = seen.events.slice(before).filter((e) => e.type === '@xstate.actor' && e.actorRef === fresh);
    expect(announced).toHaveLength(1);
    expect(parentOf(actorOf(announced[0]!))).toBe(workers.actor);
    expect(actorOf(announced[0]!).id).toBe(slot);
    expect(announced[0]!.rootId).toBe(root.actor.sessionId);
    expect(refOf(workers, slot)).toBe(fresh);
  });
});

describe('system.get(systemId) across the tree', () => {
  it('finds a child two levels down, follows its restart, and forgets it once terminated', async () => {
    const root = track(
      await startSupervisor({
        children: [supervisorSpec('mid', { children: [{ id: 'other', logic: worker }, { id: 'cache', logic: worker, systemId: 'cache' }] })],
      }),
    );
    const mid = getSupervisor(refOf(root, 'mid'))!;
    const first = refOf(mid, 'cache');
    expect(root.actor.system.get('cache')).toBe(first);
    expect(mid.actor.system.get('cache')).toBe(first);
    // Inside the tree too: the sibling's system finds it.
    expect(refOf(mid, 'other').system.get('cache')).toBe(first);

    const restarted = nextEvent(mid.events, 'childRestarted', (e) => e.id === 'cache');
    crash(first);
    const { ref: second } = await restarted;
    expect(second).not.toBe(first);
    expect(refOf(mid, 'cache')).toBe(second);
    expect(root.actor.system.get('cache')).toBe(second);
    expect(status(second)).toBe('active');

    expect(await mid.terminateChild('cache')).toEqual({ ok: true });
    expect(root.actor.system.get('cache')).toBeUndefined();

    // Started again from its kept spec: registered again, as the new actor.
    const again = await mid.restartChild('cache');
    if (!again.ok) throw new Error(`restartChild failed: ${again.reason}`);
    expect(again.ref).not.toBe(second);
    expect(root.actor.system.get('cache')).toBe(again.ref);
  });

  it('follows a bystander restarted by one_for_all', async () => {
    const root = track(
      await startSupervisor({
        strategy: 'one_for_all',
        children: [
          { id: 'a', logic: worker },
          // Traps exits: it is asked to shut down and finishes on its own before the restart.
          { id: 'cache', logic: trapExits, input: { delay: 5 }, systemId: 'cache' },
        ],
      }),
    );
    const first = refOf(root, 'cache');
    expect(root.actor.system.get('cache')).toBe(first);
    const restarted = waitForEvents(root.events, 'childRestarted', 2);
    crash(refOf(root, 'a'));
    const events = await restarted;
    const second = events.find((e) => e.id === 'cache')!.ref;
    expect(second).not.toBe(first);
    expect(root.actor.system.get('cache')).toBe(second);
    await flush(root);
    expect(root.phase).toBe('running');
  });

  it('systemId on a poolSpec child finds the pool actor, and its next incarnation after a failure', async () => {
    const root = track(
      await startSupervisor({
        children: [
          supervisorSpec('mid', {
            children: [poolSpec('images', { size: 1, intensity: 0, isFatal: () => true }, { systemId: 'images' })],
          }),
        ],
      }),
    );
    const mid = getSupervisor(refOf(root, 'mid'))!;
    const poolRef = refOf(mid, 'images');
    expect(root.actor.system.get('images')).toBe(poolRef);
    const pool = getPool(root.actor.system.get('images'))!;
    expect(pool).toBeDefined();
    expect(pool.name).toBe('images');
    expect(pool.actor).toBe(poolRef);
    expect(await pool.run(() => 21 * 2)).toBe(42);

    // A fatal task: the pool's workers give up (intensity 0), the pool fails, mid restarts it.
    const restarted = nextEvent(mid.events, 'childRestarted', (e) => e.id === 'images');
    await expect(pool.run(() => Promise.reject(new Error('fatal on purpose')))).rejects.toThrow();
    const { ref: next } = await restarted;
    expect(next).not.toBe(poolRef);
    expect(poolRef.getSnapshot().status).not.toBe('active');
    // The handle kept from the first incarnation follows mid's restart of the pool.
    expect(pool.actor).toBe(next);
    expect(await pool.run(() => 'kept handle')).toBe('kept handle');
    expect(root.actor.system.get('images')).toBe(next);
    const again = getPool(root.actor.system.get('images'))!;
    expect(await again.run(() => 'up again')).toBe('up again');
  });
});

describe('sendParent from a supervised child', () => {
  it('reaches its supervisor as messageReceived, on entry and later; starting the child does not fail', async () => {
    // An initial child that sends to its parent on entry: the supervisor starts fine.
    const withInitial = track(await within(startSupervisor({ children: [{ id: 'g0', logic: greeter }] }), WAIT_MS, 'start with a greeter'));
    expect(withInitial.phase).toBe('running');
    expect(status(refOf(withInitial, 'g0'))).toBe('active');
    expect(withInitial.actor.getSnapshot().status).toBe('active');

    const sup = track(await startSupervisor({ name: 'listener' }));
    const messages = waitForEvents(sup.events, 'messageReceived', 2);
    const started = await sup.startChild({ id: 'g', logic: greeter });
    expect(started.ok).toBe(true);
    const g = refOf(sup, 'g');
    expect(status(g)).toBe('active');
    g.send({ type: 'PING' });
    expect(await messages).toEqual([
      { supervisor: 'listener', event: { type: 'HELLO', n: 1 } },
      { supervisor: 'listener', event: { type: 'PONG', n: 2 } },
    ]);
    expect(sup.actor.getSnapshot().status).toBe('active');
    expect(sup.actor.getSnapshot().value).toBe('running');
  });

  it('bubbles from a nested supervisor to its parent supervisor', async () => {
    const root = track(await startSupervisor({ name: 'root', children: [supervisorSpec('mid', { name: 'mid' })] }));
    const mid = getSupervisor(refOf(root, 'mid'))!;
    const order: string[] = [];
    mid.events.on('messageReceived', () => order.push('mid'));
    root.events.on('messageReceived', () => order.push('root'));
    const atMid = nextEvent(mid.events, 'messageReceived');
    const atRoot = nextEvent(root.events, 'messageReceived');
    const started = await mid.startChild({ id: 'g', logic: greeter });
    expect(started.ok).toBe(true);
    expect(await atMid).toEqual({ supervisor: 'mid', event: { type: 'HELLO', n: 1 } });
    expect(await atRoot).toEqual({ supervisor: 'root', event: { type: 'HELLO', n: 1 } });
    expect(order).toEqual(['mid', 'root']);
    expect(root.actor.getSnapshot().status).toBe('active');
    expect(mid.actor.getSnapshot().status).toBe('active');
  });

  it('reaches a user machine that invokes supervisorMachine, as its own event', async () => {
    const app = setup({
      types: { context: {} as { n: number; pongs: number }, events: {} as { type: 'HELLO'; n: number } | { type: 'PONG'; n: number } },
      actors: { supervisor: supervisorMachine },
    }).createMachine({
      id: 'app',
      context: { n: 0, pongs: 0 },
      invoke: { id: 'sup', src: 'supervisor', input: normalizeSupervisorOptions({ children: [{ id: 'g', logic: greeter }] }, 'invoked') },
      initial: 'waiting',
      states: {
        waiting: { on: { HELLO: { target: 'greeted', actions: assign({ n: ({ event }) => event.n }) } } },
        greeted: { on: { PONG: { actions: assign({ pongs: ({ context }) => context.pongs + 1 }) } } },
      },
    });
    const actor = createActor(app);
    const errors: unknown[] = [];
    actor.subscribe({ error: (error) => errors.push(error) });
    actor.start();
    const supRef = actor.getSnapshot().children.sup as AnyActorRef;
    const sup = getSupervisor(supRef)!;
    expect(sup).toBeDefined();
    rawRoots.push({ actor, settled: () => sup.exited });

    await pollUntil(() => actor.getSnapshot().value === 'greeted', 'the app heard HELLO', WAIT_MS);
    expect(actor.getSnapshot().context.n).toBe(1);
    // The supervisor's own parent is the app; its child is linked under the supervisor.
    expect(parentOf(supRef)).toBe(actor);
    await pollUntil(() => sup.phase === 'running', 'invoked supervisor running', WAIT_MS);
    const g = refOf(sup, 'g');
    expect(parentOf(g)).toBe(supRef);
    g.send({ type: 'PING' });
    await pollUntil(() => actor.getSnapshot().context.pongs === 1, 'the app heard PONG', WAIT_MS);
    expect(actor.getSnapshot().status).toBe('active');
    expect(errors).toEqual([]);
  });
});

describe("a crashing child's error", () => {
  it('is relayed to the supervisor machine without erroring it; the child is restarted', async () => {
    const sup = track(await startSupervisor({ children: [{ id: 'a', logic: worker }] }));
    const snapshots: string[] = [];
    sup.actor.subscribe({ next: (s) => snapshots.push((s as { status: string }).status), error: () => snapshots.push('ERROR') });
    // The relayed error event is the supervisor's own business: not a message from the child.
    const messages: unknown[] = [];
    sup.events.on('messageReceived', (event) => messages.push(event));
    const first = refOf(sup, 'a');
    const restarted = nextEvent(sup.events, 'childRestarted');
    crash(first);
    const { ref } = await restarted;
    await flush(sup);
    expect(status(first)).toBe('error');
    expect(ref).not.toBe(first);
    expect(status(ref)).toBe('active');
    expect(sup.actor.getSnapshot().status).toBe('active');
    expect(sup.actor.getSnapshot().value).toBe('running');
    expect(snapshots).not.toContain('ERROR');
    expect(snapshots.every((s) => s === 'active')).toBe(true);
    // And it still works: another crash, another restart.
    const again = nextEvent(sup.events, 'childRestarted');
    crash(ref);
    await again;
    await flush(sup);
    expect(sup.actor.getSnapshot().status).toBe('active');
    expect(messages).toEqual([]);
  });

  it('nested and invoked supervisors stay active too', async () => {
    const root = track(await startSupervisor({ children: [supervisorSpec('mid', { children: [{ id: 'a', logic: worker }] })] }));
    const mid = getSupervisor(refOf(root, 'mid'))!;
    const messages: string[] = [];
    mid.events.on('messageReceived', ({ event }) => messages.push(`mid: ${event.type}`));
    root.events.on('messageReceived', ({ event }) => messages.push(`root: ${event.type}`));
    const restarted = nextEvent(mid.events, 'childRestarted');
    crash(refOf(mid, 'a'));
    await restarted;
    await flush(mid);
    expect(mid.actor.getSnapshot().status).toBe('active');
    expect(root.actor.getSnapshot().status).toBe('active');
    expect(refOf(root, 'mid')).toBe(mid.actor);
    expect(messages).toEqual([]);

    // Invoked by a user machine: neither the supervisor nor the app errors.
    // The plain form: `invoke: { src: supervisorMachine }` inline.
    const app = createMachine({
      id: 'app2',
      invoke: { id: 'sup', src: supervisorMachine, input: normalizeSupervisorOptions({ children: [{ id: 'a', logic: worker }] }, 'invoked2') },
    });
    const actor = createActor(app);
    const errors: unknown[] = [];
    actor.subscribe({ error: (error) => errors.push(error) });
    actor.start();
    const invoked: Supervisor = getSupervisor((actor.getSnapshot().children as Record<string, AnyActorRef>).sup)!;
    rawRoots.push({ actor, settled: () => invoked.exited });
    await pollUntil(() => invoked.phase === 'running', 'invoked supervisor running', WAIT_MS);
    const again = nextEvent(invoked.events, 'childRestarted');
    crash(refOf(invoked, 'a'));
    await again;
    await flush(invoked);
    expect(invoked.actor.getSnapshot().status).toBe('active');
    expect(actor.getSnapshot().status).toBe('active');
    expect(errors).toEqual([]);
  });
});

describe("a nested tree's own inspect option", () => {
  it("a pool's inspect under a supervisor joins the tree's system: it sees its workers and the pool's siblings", async () => {
    const seen = new Set<string>();
    const root = track(
      await startSupervisor({
        children: [
          { id: 'sibling', logic: worker },
          poolSpec('p', { size: 1, inspect: (event) => void seen.add(actorOf(event).id) }),
        ],
      }),
    );
    const pool = getPool(refOf(root, 'p'))!;
    await pool.ready();
    expect(await pool.run(() => 'ok')).toBe('ok');
    // Events after the pool joined: its own workers, and the sibling's (the observer is on the system).
    refOf(root, 'sibling').send({ type: 'NOTHING' } as never);
    await flush(root);
    expect(seen.has('worker-0')).toBe(true);
    expect(seen.has('workers')).toBe(true);
    expect(seen.has('sibling')).toBe(true);
    // It leaves the system with the pool.
    await root.terminateChild('p');
    const before = seen.size;
    seen.clear();
    refOf(root, 'sibling').send({ type: 'NOTHING' } as never);
    await flush(root);
    expect(seen.size, `still observing after the pool stopped (had seen ${before} actors)`).toBe(0);
  });
});

describe("a child cannot forge its supervisor's facts", () => {
  it('events named like supervisor facts, sent with sendParent, change nothing', async () => {
    const forger = setup({ types: { events: {} as { type: 'FORGE' } } }).createMachine({
      on: {
        FORGE: {
          actions: [
            sendParent({ type: 'supervisor.stopped', exit: { reason: 'shutdown', cause: 'requested' } }),
            sendParent({ type: 'supervisor.childExited', restart: true, restarts: 1_000, significant: false, significantLeft: 0 }),
            sendParent({ type: 'supervisor.restarted' }),
          ],
        },
      },
    });
    const sup = track(await startSupervisor({ intensity: 3, children: [{ id: 'forger', logic: forger }, { id: 'w', logic: worker }] }));
    refOf(sup, 'forger').send({ type: 'FORGE' });
    await flush(sup);
    expect(sup.phase).toBe('running');
    expect(sup.actor.getSnapshot().status).toBe('active');
    expect(sup.restartsInPeriod).toBe(0);
    // A real crash is still handled as usual afterwards.
    const restarted = nextEvent(sup.events, 'childRestarted');
    crash(refOf(sup, 'w'));
    expect((await restarted).id).toBe('w');
    await flush(sup);
    expect(sup.phase).toBe('running');
    expect(sup.restartsInPeriod).toBe(1);
  });
});
