import { describe, expect, it } from 'vitest';
import { fromCallback, setup, type AnyActorRef } from 'xstate';
import { FailedToStartChildError, MemoryStore, Registry, checkpoint, startDynamicSupervisor, startSupervisor, systemTree } from '../../src/index.js';
import { guardUnhandledErrors, kill, nextEvent, refOf, stopAllAfterEach, waitForEvents, within } from '../supervisor/helpers.js';
import { RecordingStore, contextOf, counter } from './helpers.js';

guardUnhandledErrors();
const sups = stopAllAfterEach();

describe('durable children in trees', () => {
  it('one_for_all: the durable bystanders are stopped and restarted too, each from its own snapshot', async () => {
    const store = new MemoryStore();
    const sup = sups.track(
      await startSupervisor({
        strategy: 'one_for_all',
        children: [
          { id: 'a', logic: counter, persist: { store } },
          { id: 'b', logic: counter, persist: { store } },
          { id: 'plain', logic: counter },
        ],
      }),
    );
    for (const [id, times] of [['a', 2], ['b', 3], ['plain', 4]] as const) for (let i = 0; i < times; i++) refOf(sup, id).send({ type: 'INC' });
    await Promise.all([checkpoint(refOf(sup, 'a')), checkpoint(refOf(sup, 'b'))]);
    const restarted = waitForEvents(sup.events, 'childRestarted', 3);
    refOf(sup, 'a').send({ type: 'CRASH' });
    const events = await within(restarted);
    expect(events.map((e) => [e.id, e.persistence])).toEqual([
      ['a', 'restored'],
      ['b', 'restored'],
      ['plain', undefined],
    ]);
    expect([contextOf(refOf(sup, 'a')).n, contextOf(refOf(sup, 'b')).n, contextOf(refOf(sup, 'plain')).n]).toEqual([2, 3, 0]);
  });

  it('a dynamic supervisor of per-order actors: each order restores its own snapshot by its key', async () => {
    const store = new MemoryStore();
    const dyn = sups.track(await startDynamicSupervisor({ intensity: 10 }));
    const orders = new Map<string, AnyActorRef>();
    for (const orderId of ['o-1', 'o-2', 'o-3']) {
      const started = await dyn.startChild({ id: 'order', logic: counter, persist: { store, key: `order/${orderId}` } });
      if (!started.ok) throw new Error('start failed');
      orders.set(orderId, started.ref);
    }
    orders.get('o-2')!.send({ type: 'INC' });
    orders.get('o-3')!.send({ type: 'INC' });
    orders.get('o-3')!.send({ type: 'INC' });
    await Promise.all([...orders.values()].map((ref) => checkpoint(ref)));
    const restarted = nextEvent(dyn.events, 'childRestarted');
    orders.get('o-3')!.send({ type: 'CRASH' });
    const event = await within(restarted);
    expect(event.persistence).toBe('restored');
    expect(contextOf(event.ref).n).toBe(2);
    expect(contextOf(orders.get('o-2')).n).toBe(1);
    expect((await store.keys()).sort()).toEqual(['order/o-1', 'order/o-2', 'order/o-3']);
  });

  it("'checkpoint': a restored child that crashes at once has its snapshot removed, so it cannot be restored again", async () => {
    const store = new MemoryStore();
    await store.save('c', { status: 'active', value: 'counting', historyValue: {}, context: { n: 5 }, children: {} });
    const sup = sups.track(await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store, save: 'checkpoint' } }] }));
    expect(contextOf(refOf(sup, 'c')).n).toBe(5);
    const restarted = nextEvent(sup.events, 'childRestarted');
    refOf(sup, 'c').send({ type: 'CRASH' });
    expect((await within(restarted)).persistence).toBe('fresh-after-crash');
    expect(await store.load('c')).toBeUndefined();
  });

  it('a throttled change held back is saved when the supervisor is stopped, or its child killed', async () => {
    const store = new RecordingStore();
    const sup = await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store, save: { throttle: 60_000 } } }] });
    for (let i = 0; i < 4; i++) refOf(sup, 'c').send({ type: 'INC' });
    expect(store.saved).toEqual([0]);
    await sup.stop();
    await expect.poll(() => store.saved).toEqual([0, 4]);
    // Killed behind its supervisor's back: the held change is saved too, and the restart restores it.
    const again = sups.track(await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store, save: { throttle: 60_000 } } }] }));
    refOf(again, 'c').send({ type: 'INC' });
    const restarted = nextEvent(again.events, 'childRestarted');
    kill(refOf(again, 'c'));
    expect((await within(restarted)).persistence).toBe('restored');
    expect(contextOf(refOf(again, 'c')).n).toBe(5);
  });

  it('a durable child with a systemId whose snapshot is refused starts fresh under the same systemId', async () => {
    const store = new MemoryStore();
    await store.save('c', { status: 'active', value: 'gone', historyValue: {}, context: { n: 1 }, children: {} });
    const sup = sups.track(await startSupervisor({ children: [{ id: 'c', logic: counter, systemId: 'the-counter', persist: { store } }] }));
    expect(sup.actor.system.get('the-counter')).toBe(refOf(sup, 'c'));
    expect(contextOf(refOf(sup, 'c')).n).toBe(0);
  });

  it('a machine that invokes a child actor is restored with it', async () => {
    const inner = setup({}).createMachine({ context: { hits: 0 }, on: { HIT: { actions: ({ context }) => void context } } });
    const outer = setup({ actors: { inner } }).createMachine({
      initial: 'a',
      invoke: { id: 'inner', src: 'inner' },
      states: { a: { on: { NEXT: 'b' } }, b: {} },
    });
    const store = new MemoryStore();
    const first = await startSupervisor({ children: [{ id: 'outer', logic: outer, persist: { store } }] });
    refOf(first, 'outer').send({ type: 'NEXT' });
    await checkpoint(refOf(first, 'outer'));
    await first.stop();
    const second = sups.track(await startSupervisor({ children: [{ id: 'outer', logic: outer, persist: { store } }] }));
    const snapshot = refOf(second, 'outer').getSnapshot() as { value: string; children: Record<string, AnyActorRef> };
    expect(snapshot.value).toBe('b');
    expect(snapshot.children.inner?.getSnapshot().status).toBe('active');
  });
});

describe('named and durable', () => {
  it('per-order children keyed by their names survive a new tree; events sent during the slow restore are held and reach the restored order in order', async () => {
    const store = new RecordingStore();
    const orderSpec = (orderId: string) => ({ id: 'order', name: `nd-order-${orderId}`, logic: counter, persist: { store } });
    const first = await startDynamicSupervisor({ name: 'nd-orders' });
    for (const orderId of ['1', '2']) expect((await first.startChild(orderSpec(orderId))).ok).toBe(true);
    first.send('nd-order-1', { type: 'INC' });
    for (let i = 0; i < 3; i++) first.send('nd-order-2', { type: 'INC' });
    await first.stop();
    // Keyed by name: two children with one id keep apart, and the names are free after the stop.
    expect((await store.keys()).sort()).toEqual(['nd-order-1', 'nd-order-2']);
    expect(Registry.lookup('nd-order-1')).toBeUndefined();

    const second = sups.track(await startDynamicSupervisor({ name: 'nd-orders' }));
    const gate = store.holdRestores();
    const starting = second.startChild(orderSpec('2'));
    await expect.poll(() => Registry.lookup('nd-order-2')).toBeDefined();
    expect(second.send('nd-order-2', { type: 'INC' })).toBe('held');
    expect(Registry.lookup('nd-order-2')).toMatchObject({ status: 'restarting', held: 1 });
    gate();
    const started = await starting;
    expect(started.ok && contextOf(started.ref).n).toBe(4);
    // Crash: restored again (after the window), the held event first.
    const restarted = nextEvent(second.events, 'childRestarted');
    const reopen = store.holdRestores();
    second.send('nd-order-2', { type: 'CRASH' });
    expect(second.send('nd-order-2', { type: 'INC' })).toBe('held');
    // While its snapshot loads, the child shows as restarting everywhere, under its name.
    await expect.poll(() => second.whichChildren()[0]?.ref).toBe('restarting');
    expect(systemTree(second).root.children).toMatchObject([{ id: 'order', name: 'nd-order-2', status: 'restarting' }]);
    expect(Registry.lookup('nd-order-2')).toMatchObject({ status: 'restarting', held: 1 });
    reopen();
    const event = await within(restarted);
    expect(event.persistence).toBe('fresh-after-crash');
    expect(contextOf(second.child('nd-order-2' as never)).n).toBe(1);
    expect(second.whichChildren()).toMatchObject([{ id: 'order', name: 'nd-order-2', restarts: 1, lastExit: { reason: 'crashed' } }]);
    expect(systemTree(second).root.children).toMatchObject([{ id: 'order', name: 'nd-order-2', status: 'active', restarts: 1 }]);
  });
});

describe('a durable child given up', () => {
  it('by its own childRestarts limit keeps its last snapshot; its name is released and its sibling runs on', async () => {
    const store = new MemoryStore();
    const dyn = sups.track(await startDynamicSupervisor({ intensity: 1 }));
    const spec = (name: string) => ({ id: 'order', name, logic: counter, persist: { store, freshIfCrashWithin: 0 }, childRestarts: { intensity: 1, period: 60_000 } });
    expect((await dyn.startChild(spec('gu-sibling'))).ok).toBe(true);
    expect((await dyn.startChild(spec('gu-looping'))).ok).toBe(true);
    for (let i = 0; i < 3; i++) dyn.send('gu-looping', { type: 'INC' });
    const gaveUp = nextEvent(dyn.events, 'childGaveUp');
    dyn.send('gu-looping', { type: 'CRASH' });
    await expect.poll(() => Registry.lookup('gu-looping')?.status).toBe('running');
    dyn.send('gu-looping', { type: 'CRASH' });
    expect(await within(gaveUp)).toMatchObject({ name: 'gu-looping', restarts: 1 });
    expect(Registry.lookup('gu-looping')).toBeUndefined();
    expect(await store.load('gu-looping')).toMatchObject({ context: { n: 3 } });
    expect(dyn.send('gu-sibling', { type: 'INC' })).toBe('delivered');
    // Started again with the same name (its key), it resumes where it was.
    const again = await dyn.startChild(spec('gu-looping'));
    expect(again.ok && contextOf(again.ref).n).toBe(3);
  });
});

describe('a stored snapshot the restored child cannot start from', () => {
  const watcher = (fail: () => boolean) =>
    setup({
      actors: {
        watch: fromCallback(() => {
          if (fail()) throw new Error('cannot watch');
          return () => undefined;
        }),
      },
    }).createMachine({ id: 'watcher', initial: 'idle', states: { idle: { on: { GO: 'watching' } }, watching: { invoke: { src: 'watch' } } } });

  it('fails its start: the child starts fresh in the same start (a new process is not stuck on it); freshIfCrashWithin: 0 keeps the failure', async () => {
    const store = new MemoryStore();
    let poisoned = false;
    const logic = watcher(() => poisoned);
    const first = await startSupervisor({ children: [{ id: 'w', logic, persist: { store } }] });
    refOf(first, 'w').send({ type: 'GO' });
    await first.stop();
    expect(await store.load('w')).toMatchObject({ value: 'watching' });
    poisoned = true;
    const strict = await startSupervisor({ children: [{ id: 'w', logic, persist: { store, freshIfCrashWithin: 0 } }] }).catch((error: unknown) => error);
    expect(strict).toBeInstanceOf(FailedToStartChildError);
    const starts: unknown[] = [];
    const second = sups.track(await startSupervisor({ children: [{ id: 'w', logic, persist: { store } }], on: { childStarted: ({ persistence }) => starts.push(persistence) } }));
    expect(starts).toEqual(['fresh-after-crash']);
    expect(refOf(second, 'w').getSnapshot().value).toBe('idle');
    expect(await store.load('w')).toMatchObject({ value: 'idle' });
  });
});

describe('named, durable and restarted after a delay', () => {
  it('events sent during the delay and the restore reach the restored incarnation after its snapshot, in order', async () => {
    const store = new RecordingStore();
    const sup = sups.track(await startSupervisor({ children: [{ id: 'c', name: 'delayed-durable', logic: counter, restartDelay: 30, persist: { store, freshIfCrashWithin: 0 } }] }));
    for (let i = 0; i < 4; i++) sup.send('delayed-durable', { type: 'INC' });
    const restarted = nextEvent(sup.events, 'childRestarted');
    const reopen = store.holdRestores();
    sup.send('delayed-durable', { type: 'CRASH' });
    expect(sup.send('delayed-durable', { type: 'INC' })).toBe('held'); // during the delay
    await expect.poll(() => store.saved.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sup.whichChildren()[0]?.ref).toBe('restarting'); // the delay is over: the snapshot is loading
    expect(sup.send('delayed-durable', { type: 'INC' })).toBe('held');
    expect(Registry.lookup('delayed-durable')).toMatchObject({ status: 'restarting', held: 2 });
    reopen();
    const event = await within(restarted);
    expect(event.persistence).toBe('restored');
    // Restored at n = 4, then the two held INCs.
    expect(contextOf(event.ref).n).toBe(6);
    expect(Registry.lookup('delayed-durable')).toMatchObject({ status: 'running', held: 0, ref: event.ref });
  });
});
