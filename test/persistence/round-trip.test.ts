import { afterEach, describe, expect, it } from 'vitest';
import type { AnyActorRef } from 'xstate';
import { checkpoint, startSupervisor, type SnapshotStore } from '../../src/index.js';
import { flush, guardUnhandledErrors, nextEvent, refOf, stopAllAfterEach, within } from '../supervisor/helpers.js';
import { STORE_KINDS, contextOf, counter } from './helpers.js';

guardUnhandledErrors();

describe.each(STORE_KINDS)('$name store', (kind) => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });
  // Registered after the store's cleanup, so it runs first: the supervisors stop, then the store closes.
  const sups = stopAllAfterEach();
  const make = async (): Promise<SnapshotStore> => {
    const made = await kind.make();
    cleanup = made.cleanup;
    return made.store;
  };

  it('saves, loads, lists and deletes snapshots by key, any key', async () => {
    const store = await make();
    const keys = ['order-1', 'Order/2', 'a.b..c', 'ünï cödé ✓', '', 'x'.repeat(300), 'A', 'a'];
    expect(await store.load('order-1')).toBeUndefined();
    for (const [i, key] of keys.entries()) await store.save(key, { status: 'active', context: { i, key, list: [1, 'two', null, true] } });
    for (const [i, key] of keys.entries()) expect(await store.load(key)).toEqual({ status: 'active', context: { i, key, list: [1, 'two', null, true] } });
    expect((await store.keys()).sort()).toEqual([...keys].sort());
    await store.save('A', { replaced: true });
    expect(await store.load('A')).toEqual({ replaced: true });
    expect(await store.load('a')).toEqual({ status: 'active', context: { i: 7, key: 'a', list: [1, 'two', null, true] } });
    await store.delete('A');
    await store.delete('never-saved');
    expect(await store.load('A')).toBeUndefined();
    expect(await store.keys()).not.toContain('A');
  });

  it('gives back a copy: changing what was saved or loaded changes nothing stored', async () => {
    const store = await make();
    const snapshot = { context: { items: [1, 2] } };
    await store.save('k', snapshot);
    snapshot.context.items.push(3);
    const loaded = (await store.load('k')) as { context: { items: number[] } };
    expect(loaded.context.items).toEqual([1, 2]);
    loaded.context.items.push(4);
    expect(await store.load('k')).toEqual({ context: { items: [1, 2] } });
  });

  it('a crashed durable child is restarted from its last snapshot, through the store', async () => {
    const store = await make();
    const sup = sups.track(await startSupervisor({ children: [{ id: 'counter', logic: counter, persist: { store } }] }));
    const first = refOf(sup, 'counter');
    for (let i = 0; i < 3; i++) first.send({ type: 'INC' });
    await checkpoint(first);
    expect(await store.load('counter')).toMatchObject({ status: 'active', value: 'counting', context: { n: 3 } });
    const restarted = nextEvent(sup.events, 'childRestarted');
    first.send({ type: 'CRASH' });
    const event = await within(restarted);
    expect(event.persistence).toBe('restored');
    expect(event.ref).not.toBe(first);
    expect(contextOf(refOf(sup, 'counter')).n).toBe(3);
  });

  it('a new supervisor on the same store resumes each persisted child where it was', async () => {
    const store = await make();
    const children = [
      { id: 'a', logic: counter, persist: { store } },
      { id: 'b', logic: counter, persist: { store, key: 'b-key' } },
      { id: 'plain', logic: counter },
    ];
    const first = await startSupervisor({ children });
    refOf(first, 'a').send({ type: 'INC' });
    for (let i = 0; i < 5; i++) refOf(first, 'b').send({ type: 'INC' });
    refOf(first, 'plain').send({ type: 'INC' });
    await Promise.all([checkpoint(refOf(first, 'a')), checkpoint(refOf(first, 'b'))]);
    await first.stop();
    const started: Array<[string, string | undefined]> = [];
    const second = sups.track(await startSupervisor({ children, on: { childStarted: ({ id, persistence }) => started.push([id, persistence]) } }));
    expect(started).toEqual([
      ['a', 'restored'],
      ['b', 'restored'],
      ['plain', undefined],
    ]);
    expect(contextOf(refOf(second, 'a')).n).toBe(1);
    expect(contextOf(refOf(second, 'b')).n).toBe(5);
    expect(contextOf(refOf(second, 'plain')).n).toBe(0);
    expect((await store.keys()).sort()).toEqual(['a', 'b-key']);
  });

  it("stop() and terminateChild() resolve once the child's last snapshot is in the store (save: transition and throttle)", async () => {
    const store = await make();
    const sup = sups.track(await startSupervisor({
      children: [
        { id: 'a', name: `stop-${kind.name}`, logic: counter, persist: { store } },
        { id: 'b', logic: counter, persist: { store, save: { throttle: 60_000 } } },
        { id: 'c', logic: counter, persist: { store } },
      ],
    }));
    for (let i = 0; i < 20; i++) sup.send(`stop-${kind.name}`, { type: 'INC' });
    for (let i = 0; i < 7; i++) refOf(sup, 'b').send({ type: 'INC' });
    for (let i = 0; i < 4; i++) refOf(sup, 'c').send({ type: 'INC' });
    // No checkpoint, no flush: the process may exit as soon as these resolve.
    expect(await sup.terminateChild('c')).toEqual({ ok: true });
    expect(await store.load('c')).toMatchObject({ context: { n: 4 } });
    await sup.stop();
    // A named child's key is its name.
    expect(await store.load(`stop-${kind.name}`)).toMatchObject({ context: { n: 20 } });
    expect(await store.load('b')).toMatchObject({ context: { n: 7 } });
  });

  it('stop() during a restartDelay resolves once the crashed incarnation\'s held-back change is stored', async () => {
    const store = await make();
    const sup = sups.track(await startSupervisor({ children: [{ id: 'd', logic: counter, restartDelay: 60_000, persist: { store, save: { throttle: 60_000 } } }] }));
    for (let i = 0; i < 5; i++) refOf(sup, 'd').send({ type: 'INC' });
    refOf(sup, 'd').send({ type: 'CRASH' });
    await expect.poll(() => sup.whichChildren()[0]?.ref).toBe('restarting');
    await sup.stop();
    expect(await store.load('d')).toMatchObject({ context: { n: 5 } });
  });

  it('a child that reaches its final state has its snapshot removed: its next start is fresh', async () => {
    const store = await make();
    const sup = sups.track(await startSupervisor({ children: [{ id: 'job', logic: counter, restart: 'transient', persist: { store } }] }));
    const ref: AnyActorRef = refOf(sup, 'job');
    ref.send({ type: 'INC' });
    await checkpoint(ref);
    const exited = nextEvent(sup.events, 'childExited');
    ref.send({ type: 'FINISH' });
    expect((await within(exited)).exit).toEqual({ reason: 'normal' });
    await flush(sup);
    // The delete is queued behind the saves of the key; a load waits for it.
    await expect.poll(() => store.load('job')).toBeUndefined();
    const again = await sup.restartChild('job');
    expect(again.ok).toBe(true);
    expect(contextOf(refOf(sup, 'job')).n).toBe(0);
  });
});
