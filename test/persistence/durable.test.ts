import { afterEach, describe, expect, it, vi } from 'vitest';
import { setup } from 'xstate';
import {
  FailedToStartChildError,
  InvalidOptionError,
  MemoryStore,
  NotPersistedError,
  PersistKeyInUseError,
  SnapshotNotSerializableError,
  SnapshotStoreError,
  UnknownOptionError,
  assertSerializable,
  checkpoint,
  startDynamicSupervisor,
  startSupervisor,
  supervisorSpec,
  type ChildSpec,
} from '../../src/index.js';
import { flush, guardUnhandledErrors, nextEvent, refOf, stopAllAfterEach, within } from '../supervisor/helpers.js';
import { RecordingStore, contextOf, counter } from './helpers.js';

guardUnhandledErrors();
const sups = stopAllAfterEach();
afterEach(() => {
  vi.useRealTimers();
});

describe('restored, then crashed again', () => {
  it('a restored child that crashes within freshIfCrashWithin is restarted fresh, and the event says so', async () => {
    const store = new MemoryStore();
    const sup = sups.track(await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store, freshIfCrashWithin: 60_000 } }] }));
    refOf(sup, 'c').send({ type: 'INC' });
    refOf(sup, 'c').send({ type: 'INC' });
    // The first incarnation started fresh: its crash restores the snapshot.
    let restarted = nextEvent(sup.events, 'childRestarted');
    refOf(sup, 'c').send({ type: 'CRASH' });
    expect((await within(restarted)).persistence).toBe('restored');
    expect(contextOf(refOf(sup, 'c')).n).toBe(2);
    // The restored one crashes at once: the snapshot may be the cause, so the next start is fresh.
    restarted = nextEvent(sup.events, 'childRestarted');
    refOf(sup, 'c').send({ type: 'CRASH' });
    expect((await within(restarted)).persistence).toBe('fresh-after-crash');
    expect(contextOf(refOf(sup, 'c')).n).toBe(0);
    // The snapshot that crashed is gone from the store (replaced by the fresh state).
    await checkpoint(refOf(sup, 'c'));
    expect(await store.load('c')).toMatchObject({ context: { n: 0 } });
    // The fresh one counts again and its crash restores its own snapshot.
    refOf(sup, 'c').send({ type: 'INC' });
    restarted = nextEvent(sup.events, 'childRestarted');
    refOf(sup, 'c').send({ type: 'CRASH' });
    expect((await within(restarted)).persistence).toBe('restored');
    expect(contextOf(refOf(sup, 'c')).n).toBe(1);
  });

  it('a restored child that crashes after the window is restored again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const store = new MemoryStore();
    await store.save('c', { status: 'active', value: 'counting', historyValue: {}, context: { n: 7 }, children: {} });
    const sup = sups.track(await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store, freshIfCrashWithin: 5000 } }] }));
    expect(contextOf(refOf(sup, 'c')).n).toBe(7);
    refOf(sup, 'c').send({ type: 'INC' });
    vi.setSystemTime(Date.now() + 5001);
    const restarted = nextEvent(sup.events, 'childRestarted');
    refOf(sup, 'c').send({ type: 'CRASH' });
    expect((await within(restarted)).persistence).toBe('restored');
    expect(contextOf(refOf(sup, 'c')).n).toBe(8);
  });

  it('freshIfCrashWithin: 0 always restores', async () => {
    const store = new MemoryStore();
    const sup = sups.track(await startSupervisor({ intensity: 10, children: [{ id: 'c', logic: counter, persist: { store, freshIfCrashWithin: 0 } }] }));
    refOf(sup, 'c').send({ type: 'INC' });
    for (let i = 0; i < 3; i++) {
      const restarted = nextEvent(sup.events, 'childRestarted');
      refOf(sup, 'c').send({ type: 'CRASH' });
      expect((await within(restarted)).persistence).toBe('restored');
      expect(contextOf(refOf(sup, 'c')).n).toBe(1);
    }
  });

  it('a stored snapshot the machine no longer understands counts as a crash at once: the child starts fresh', async () => {
    const store = new MemoryStore();
    await store.save('c', { status: 'active', value: 'renamedState', historyValue: {}, context: { n: 3 }, children: {} });
    const events: Array<[string, string | undefined]> = [];
    const sup = sups.track(
      await startSupervisor({
        children: [{ id: 'c', logic: counter, persist: { store } }],
        on: { childStarted: (e) => events.push(['started', e.persistence]), childRestarted: (e) => events.push(['restarted', e.persistence]) },
      }),
    );
    expect(events).toEqual([['started', 'fresh-after-crash']]);
    expect(contextOf(refOf(sup, 'c')).n).toBe(0);
    expect(sup.restartsInPeriod).toBe(0);
    // Its first transition replaces the snapshot that could not be restored.
    refOf(sup, 'c').send({ type: 'INC' });
    await checkpoint(refOf(sup, 'c'));
    expect(await store.load('c')).toMatchObject({ value: 'counting', context: { n: 1 } });
  });
});

describe('what may be persisted', () => {
  it('a snapshot holding a function is a typed error at save time; the child runs on and the last good snapshot stays', async () => {
    const store = new MemoryStore();
    const sup = sups.track(await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store } }] }));
    refOf(sup, 'c').send({ type: 'INC' });
    const failed = nextEvent(sup.events, 'persistenceFailed');
    refOf(sup, 'c').send({ type: 'HOLD_FUNCTION' });
    const event = await within(failed);
    expect(event).toMatchObject({ supervisor: sup.name, id: 'c', key: 'c' });
    expect(event.error).toBeInstanceOf(SnapshotNotSerializableError);
    expect(event.error).toMatchObject({ code: 'ERR_SNAPSHOT_NOT_SERIALIZABLE', path: 'context.held' });
    expect(await store.load('c')).toMatchObject({ context: { n: 1 } });
    await expect(checkpoint(refOf(sup, 'c'))).rejects.toBeInstanceOf(SnapshotNotSerializableError);
    expect(refOf(sup, 'c').getSnapshot().status).toBe('active');
  });

  it.each([
    ['a function', { f: () => 1 }, 'f', 'a function (f)'],
    ['a Map', { context: { m: new Map() } }, 'context.m', 'an instance of Map'],
    ['a Date', { list: [1, new Date(0)] }, 'list[1]', 'an instance of Date'],
    ['a class instance', { r: new (class Socket {})() }, 'r', 'an instance of Socket'],
    ['NaN', { n: Number.NaN }, 'n', 'NaN'],
    ['Infinity', { 'odd key': Infinity }, '["odd key"]', 'Infinity'],
    ['a bigint', { b: 1n }, 'b', 'a bigint'],
    ['a symbol', { s: Symbol('x') }, 's', 'a symbol'],
    ['undefined in an array', { a: [undefined] }, 'a[0]', 'undefined'],
  ])('refuses %s, naming where it is', (_what, value, path, found) => {
    let error: unknown;
    try {
      assertSerializable('k', value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SnapshotNotSerializableError);
    expect(error).toMatchObject({ path, found });
  });

  it('refuses a cycle, and takes plain data with undefined fields', () => {
    const cyclic: Record<string, unknown> = { a: { b: {} } };
    (cyclic.a as { b: Record<string, unknown> }).b.back = cyclic;
    expect(() => assertSerializable('k', cyclic)).toThrow(/a\.b\.back is a cycle/);
    // A value seen twice is not a cycle.
    const shared = { x: 1 };
    expect(() => assertSerializable('k', { one: shared, two: [shared], none: undefined, nil: null, nested: Object.create(null) })).not.toThrow();
  });
});

describe('store failures', () => {
  it('a failing save is a persistenceFailed event with the store error; the child and its supervisor run on', async () => {
    const store = new RecordingStore();
    const sup = sups.track(await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store } }] }));
    store.fail.save = new Error('disk full');
    const failed = nextEvent(sup.events, 'persistenceFailed');
    refOf(sup, 'c').send({ type: 'INC' });
    const { error } = await within(failed);
    expect(error).toBeInstanceOf(SnapshotStoreError);
    expect(error).toMatchObject({ code: 'ERR_SNAPSHOT_STORE', operation: 'save', key: 'c' });
    expect((error as Error).cause).toBe(store.fail.save);
    // A store that throws instead of rejecting is caught the same way.
    store.fail = { saveThrows: new TypeError('bad store') };
    const thrown = nextEvent(sup.events, 'persistenceFailed');
    refOf(sup, 'c').send({ type: 'INC' });
    expect(((await within(thrown)).error as Error).cause).toBe(store.fail.saveThrows);
    await expect(checkpoint(refOf(sup, 'c'))).rejects.toBeInstanceOf(SnapshotStoreError);
    expect(contextOf(refOf(sup, 'c')).n).toBe(2);
    expect(sup.phase).toBe('running');
    // The store comes back: the next transition is saved.
    store.fail = {};
    refOf(sup, 'c').send({ type: 'INC' });
    await checkpoint(refOf(sup, 'c'));
    expect(await store.load('c')).toMatchObject({ context: { n: 3 } });
  });

  it('a store that cannot load fails the start with the store error', async () => {
    const store = new RecordingStore();
    store.fail.load = new Error('connection refused');
    const error = await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store } }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FailedToStartChildError);
    expect((error as Error).cause).toBeInstanceOf(SnapshotStoreError);
    expect((error as Error).cause).toMatchObject({ operation: 'load', key: 'c' });
  });
});

describe('save modes', () => {
  it("'transition' saves every change, in order; a slow store gets the newest snapshot, never an older one after a newer", async () => {
    const store = new RecordingStore();
    const sup = sups.track(await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store } }] }));
    await checkpoint(refOf(sup, 'c'));
    store.saved.length = 0;
    store.holding = true;
    for (let i = 0; i < 10; i++) refOf(sup, 'c').send({ type: 'INC' });
    const done = checkpoint(refOf(sup, 'c'));
    store.release();
    await done;
    // n = 1 was in flight when the others came: they were folded into the newest (10).
    expect(store.saved).toEqual([1, 10]);
    expect(await store.load('c')).toMatchObject({ context: { n: 10 } });
  });

  it("'transition' writes nothing for an event that changes nothing", async () => {
    const store = new RecordingStore();
    const sup = sups.track(await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store } }] }));
    await checkpoint(refOf(sup, 'c'));
    store.saved.length = 0;
    for (let i = 0; i < 5; i++) refOf(sup, 'c').send({ type: 'NOT_HANDLED' });
    refOf(sup, 'c').send({ type: 'INC' });
    await flush(sup);
    await expect.poll(() => store.saved).toEqual([1]);
  });

  it('{ throttle } saves the first change at once, the newest at the end of each window, and a held one on a crash', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const store = new RecordingStore();
    const sup = sups.track(await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store, save: { throttle: 100 } } }] }));
    expect(store.saved).toEqual([0]); // the initial state, at once
    for (let i = 0; i < 5; i++) refOf(sup, 'c').send({ type: 'INC' });
    expect(store.saved).toEqual([0]);
    await vi.advanceTimersByTimeAsync(100);
    expect(store.saved).toEqual([0, 5]);
    refOf(sup, 'c').send({ type: 'INC' });
    await vi.advanceTimersByTimeAsync(99);
    expect(store.saved).toEqual([0, 5]);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.saved).toEqual([0, 5, 6]);
    await vi.advanceTimersByTimeAsync(500);
    // No window open: the next change saves at once.
    refOf(sup, 'c').send({ type: 'INC' });
    expect(store.saved).toEqual([0, 5, 6, 7]);
    refOf(sup, 'c').send({ type: 'INC' });
    // Inside the window, the checkpoint event saves at once.
    refOf(sup, 'c').send({ type: 'CHECKPOINT' });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.saved).toEqual([0, 5, 6, 7, 8]);
    refOf(sup, 'c').send({ type: 'INC' });
    const restarted = nextEvent(sup.events, 'childRestarted');
    refOf(sup, 'c').send({ type: 'CRASH' });
    await vi.advanceTimersByTimeAsync(0);
    const event = await restarted;
    // The held change (9) was saved when the actor crashed, and the restart restored it.
    expect(store.saved.slice(0, 6)).toEqual([0, 5, 6, 7, 8, 9]);
    expect(event.persistence).toBe('restored');
    expect(contextOf(refOf(sup, 'c')).n).toBe(9);
  });

  it("'checkpoint' saves only when the machine emits the checkpoint event or checkpoint(ref) is called", async () => {
    const store = new RecordingStore();
    const sup = sups.track(await startSupervisor({ children: [{ id: 'c', logic: counter, persist: { store, save: 'checkpoint' } }] }));
    for (let i = 0; i < 3; i++) refOf(sup, 'c').send({ type: 'INC' });
    await flush(sup);
    expect(store.saved).toEqual([]);
    refOf(sup, 'c').send({ type: 'CHECKPOINT' });
    await expect.poll(() => store.saved).toEqual([3]);
    refOf(sup, 'c').send({ type: 'INC' });
    await checkpoint(refOf(sup, 'c'));
    expect(store.saved).toEqual([3, 4]);
    refOf(sup, 'c').send({ type: 'INC' });
    // A crash restores the last checkpoint, not the last transition.
    const restarted = nextEvent(sup.events, 'childRestarted');
    refOf(sup, 'c').send({ type: 'CRASH' });
    expect((await within(restarted)).persistence).toBe('restored');
    expect(contextOf(refOf(sup, 'c')).n).toBe(4);
  });
});

describe('keys and checks', () => {
  it('two running children cannot share a key in one store; the key is free again once the first exits', async () => {
    const store = new MemoryStore();
    const dyn = sups.track(await startDynamicSupervisor());
    const spec = { id: 'order', logic: counter, persist: { store, key: 'order-1' } };
    const first = await dyn.startChild(spec);
    expect(first.ok).toBe(true);
    const second = await dyn.startChild(spec);
    expect(second).toMatchObject({ ok: false, reason: 'start_failed' });
    expect((second as { error: unknown }).error).toBeInstanceOf(PersistKeyInUseError);
    if (!first.ok) throw new Error('unreachable');
    first.ref.send({ type: 'INC' });
    await checkpoint(first.ref);
    await dyn.terminateChild(first.ref);
    const third = await dyn.startChild(spec);
    if (!third.ok) throw new Error(`start failed: ${String(third.reason)}`);
    expect(contextOf(third.ref).n).toBe(1);
    // Another key in the same store is another snapshot.
    const other = await dyn.startChild({ ...spec, persist: { store, key: 'order-2' } });
    if (!other.ok) throw new Error('start failed');
    expect(contextOf(other.ref).n).toBe(0);
  });

  it('checkpoint(ref) of an actor that is not a running durable child is a typed error', async () => {
    const sup = sups.track(await startSupervisor({ children: [{ id: 'plain', logic: counter }, { id: 'd', logic: counter, persist: { store: new MemoryStore() } }] }));
    await expect(checkpoint(refOf(sup, 'plain'))).rejects.toBeInstanceOf(NotPersistedError);
    const durable = refOf(sup, 'd');
    await sup.terminateChild('d');
    await expect(checkpoint(durable)).rejects.toMatchObject({ code: 'ERR_NOT_PERSISTED' });
  });

  it.each([
    [{}, 'children[0].persist.store', InvalidOptionError],
    [{ store: { load() {} } }, 'children[0].persist.store', InvalidOptionError],
    [{ store: new MemoryStore(), save: 'sometimes' }, 'children[0].persist.save', InvalidOptionError],
    [{ store: new MemoryStore(), save: { throttle: 0 } }, 'children[0].persist.save', InvalidOptionError],
    [{ store: new MemoryStore(), save: { throttle: 10, extra: 1 } }, 'children[0].persist.save', InvalidOptionError],
    [{ store: new MemoryStore(), freshIfCrashWithin: -1 }, 'children[0].persist.freshIfCrashWithin', InvalidOptionError],
    [{ store: new MemoryStore(), key: '' }, 'children[0].persist.key', InvalidOptionError],
    [{ store: new MemoryStore(), fsync: true }, 'children[0].persist.fsync', UnknownOptionError],
    [null, 'children[0].persist', InvalidOptionError],
  ])('refuses persist %j before anything starts', async (persist, option, type) => {
    const error = await startSupervisor({ children: [{ id: 'c', logic: counter, persist } as unknown as ChildSpec] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ option });
  });

  it('refuses persist on a supervisor child, and a dynamic child with neither id nor key', async () => {
    const error = await startSupervisor({
      children: [{ ...supervisorSpec('inner', { children: [] }), persist: { store: new MemoryStore() } }],
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ option: 'children[0].persist' });
    expect(() => supervisorSpec('inner', {}, { persist: { store: new MemoryStore() } } as never)).toThrow(UnknownOptionError);
    const dyn = sups.track(await startDynamicSupervisor());
    await expect(dyn.startChild({ logic: counter, persist: { store: new MemoryStore() } })).rejects.toMatchObject({ option: 'child.persist.key' });
  });

  it('works for any actor logic with a persisted form, e.g. a machine with no context', async () => {
    const toggle = setup({}).createMachine({ initial: 'off', states: { off: { on: { FLIP: 'on' } }, on: { on: { FLIP: 'off' } } } });
    const store = new MemoryStore();
    const first = await startSupervisor({ children: [{ id: 't', logic: toggle, persist: { store } }] });
    refOf(first, 't').send({ type: 'FLIP' });
    await checkpoint(refOf(first, 't'));
    await first.stop();
    const second = sups.track(await startSupervisor({ children: [{ id: 't', logic: toggle, persist: { store } }] }));
    expect(refOf(second, 't').getSnapshot().value).toBe('on');
  });
});
