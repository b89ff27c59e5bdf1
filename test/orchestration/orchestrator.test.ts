import { describe, expect, it } from 'vitest';
import { assign, createActor, sendParent, setup, type AnyActorRef } from 'xstate';
import {
  dynamicSupervisorSpec,
  getDynamicSupervisor,
  getSupervisor,
  MemoryStore,
  Registry,
  normalizeSupervisorOptions,
  startSupervisor,
  supervisorMachine,
  supervisorSpec,
  type SupervisionEvent,
} from '../../src/index.js';
import { flush, nextEvent, recordEvents, stopAllAfterEach } from '../supervisor/helpers.js';
import { recorder } from './fixtures.js';

const { track } = stopAllAfterEach();

type Heard = SupervisionEvent | { type: 'HELLO' };

/** A machine that invokes `logic` with `input` and keeps every event it hears. */
function listener(logic: typeof supervisorMachine, input: unknown) {
  return setup({
    types: { context: {} as { heard: Heard[] }, events: {} as Heard },
    actors: { sup: logic },
  }).createMachine({
    context: { heard: [] },
    invoke: { id: 'sup', src: 'sup', input: input as never },
    on: { '*': { actions: assign({ heard: ({ context, event }) => [...context.heard, event] }) } },
  });
}

const greeter = setup({ types: { events: {} as { type: 'CRASH' } } }).createMachine({
  entry: sendParent({ type: 'HELLO' }),
  on: {
    CRASH: {
      actions: () => {
        throw new Error('greeter crashed');
      },
    },
  },
});

async function until(check: () => boolean): Promise<void> {
  for (let turn = 0; turn < 10_000 && !check(); turn++) await new Promise(setImmediate);
  expect(check()).toBe(true);
}

const heardOf = (actor: AnyActorRef) => (actor.getSnapshot() as { context: { heard: Heard[] } }).context.heard;
const supOf = (actor: AnyActorRef) => (actor.getSnapshot() as { children: Record<string, AnyActorRef> }).children.sup!;

describe('a machine that invokes a supervisor hears its tree', () => {
  it('gets sendParent events and typed childExited / childRestarted / gaveUp events', async () => {
    const input = normalizeSupervisorOptions({ name: 'greeters', intensity: 1, period: 60_000, children: [{ id: 'g', name: 'greeter', logic: greeter }] }, 'greeters');
    const app = createActor(listener(supervisorMachine, input));
    app.start();
    await until(() => heardOf(app).some((e) => e.type === 'HELLO'));
    const supRef = supOf(app);
    const child = () => supervisorChild(supRef);
    child().send({ type: 'CRASH' });
    await until(() => heardOf(app).filter((e) => e.type === 'HELLO').length === 2);
    const lifecycle = heardOf(app).filter((e) => e.type.startsWith('overseer.'));
    expect(lifecycle).toEqual([
      { type: 'overseer.childExited', supervisor: 'greeters', id: 'g', name: 'greeter', exit: { reason: 'crashed', error: expect.any(Error) }, restarts: 0 },
      { type: 'overseer.childRestarted', supervisor: 'greeters', id: 'g', name: 'greeter', restarts: 1 },
    ]);
    // A second crash within the period goes past intensity 1: the supervisor gives up and says so.
    child().send({ type: 'CRASH' });
    await until(() => heardOf(app).some((e) => e.type === 'overseer.gaveUp'));
    expect(heardOf(app).find((e) => e.type === 'overseer.gaveUp')).toEqual({ type: 'overseer.gaveUp', supervisor: 'greeters', intensity: 1, period: 60_000 });
    app.stop();
  });

  it('gets childGaveUp when an invoked dynamic supervisor gives up one child alone', async () => {
    const spec = dynamicSupervisorSpec('orders', { intensity: 5, period: 60_000 });
    const app = createActor(listener(spec.logic, spec.input));
    app.start();
    await until(() => getDynamicSupervisor(supOf(app))?.phase === 'running');
    const orders = getDynamicSupervisor(supOf(app))!;
    await orders.startChild({ name: 'order-9', logic: recorder, childRestarts: { intensity: 0, period: 60_000 } });
    orders.send('order-9', { type: 'CRASH' });
    await until(() => heardOf(app).some((e) => e.type === 'overseer.childGaveUp'));
    expect(heardOf(app).find((e) => e.type === 'overseer.childGaveUp')).toMatchObject({
      type: 'overseer.childGaveUp',
      supervisor: 'orders',
      name: 'order-9',
      restarts: 0,
      error: expect.objectContaining({ message: 'recorder crashed' }),
    });
    expect(orders.phase).toBe('running');
    app.stop();
  });

  it('a supervisor under a supervisor sends no lifecycle events up (its parent hears exits its own way)', async () => {
    const root = track(await startSupervisor({ name: 'root', children: [supervisorSpec('inner', { intensity: 5, children: [{ id: 'w', logic: recorder }] })] }));
    const messages = recordEvents(root.events);
    const inner = root.whichChildren()[0]!.ref as AnyActorRef;
    const innerRestarted = nextEvent(getSupervisorEvents(inner), 'childRestarted');
    supervisorChild(inner).send({ type: 'CRASH' });
    await innerRestarted;
    await flush(root);
    expect(messages.log.filter((e) => e.type === 'messageReceived')).toEqual([]);
  });
});

function getSupervisorEvents(ref: AnyActorRef) {
  return getSupervisor(ref)!.events;
}

/** The first child's current actor of the supervisor whose actor is `ref`. */
function supervisorChild(ref: AnyActorRef): AnyActorRef {
  const handle = getSupervisor(ref) ?? getDynamicSupervisor(ref);
  const row = handle!.whichChildren()[0]!;
  return row.ref as AnyActorRef;
}

describe('a durable child under an invoked supervisor', () => {
  it('overseer.childRestarted says how it came back: restored, or fresh after a crash (its state is gone)', async () => {
    const store = new MemoryStore();
    const counting = setup({ types: { context: {} as { n: number }, events: {} as { type: 'INC' } | { type: 'CRASH' } } }).createMachine({
      context: { n: 0 },
      on: {
        INC: { actions: assign({ n: ({ context }) => context.n + 1 }) },
        CRASH: {
          actions: () => {
            throw new Error('crash');
          },
        },
      },
    });
    const input = normalizeSupervisorOptions({ intensity: 10, children: [{ id: 'c', name: 'orch-durable', logic: counting, persist: { store } }] }, 'durable-orch');
    const actor = createActor(listener(supervisorMachine, input)).start();
    try {
      const sup = getSupervisor(supOf(actor))!;
      await until(() => Registry.whereis('orch-durable') !== undefined);
      sup.send('orch-durable', { type: 'INC' });
      sup.send('orch-durable', { type: 'CRASH' }); // restored: the snapshot says n = 1
      await until(() => heardOf(actor).some((event) => event.type === 'overseer.childRestarted'));
      sup.send('orch-durable', { type: 'CRASH' }); // the restored one crashed at once: fresh
      await until(() => heardOf(actor).filter((event) => event.type === 'overseer.childRestarted').length === 2);
      const restarts = heardOf(actor).filter((event) => event.type === 'overseer.childRestarted');
      expect(restarts).toMatchObject([
        { id: 'c', name: 'orch-durable', restarts: 1, persistence: 'restored' },
        { id: 'c', name: 'orch-durable', restarts: 2, persistence: 'fresh-after-crash' },
      ]);
    } finally {
      actor.stop();
    }
  });
});
