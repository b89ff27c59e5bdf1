import { describe, expect, it } from 'vitest';
import { assign, setup, type AnyActorRef } from 'xstate';
import {
  FailedToStartChildError,
  HeldEventsFullError,
  InvalidOptionError,
  NameAlreadyRegisteredError,
  NameNotRegisteredError,
  Registry,
  startDynamicSupervisor,
  startSupervisor,
} from '../../src/index.js';
import { flush, nextEvent, stopAllAfterEach } from '../supervisor/helpers.js';
import { logOf, recorder, slowRecorder, type RecorderEvent } from './fixtures.js';

const { track } = stopAllAfterEach();

const push = (value: string) => ({ type: 'PUSH', value }) as const;

async function paymentTree(extra: Record<string, unknown> = {}) {
  return track(await startSupervisor({ intensity: 10, children: [{ id: 'payment', name: 'payment', logic: recorder, ...extra }] }));
}

describe('a named child', () => {
  it('is reached by sup.send and Registry.send through every restart', async () => {
    const sup = await paymentTree();
    expect(sup.send('payment', push('a'))).toBe('delivered');
    expect(Registry.send('payment', push('b'))).toBe('delivered');
    const first = sup.child('payment')!;
    expect(logOf(first)).toEqual(['a', 'b']);
    const restarted = nextEvent(sup.events, 'childRestarted');
    first.send({ type: 'CRASH' });
    const { ref: second } = await restarted;
    expect(second).not.toBe(first);
    expect(sup.send('payment', push('c'))).toBe('delivered');
    expect(Registry.whereis('payment')).toBe(second);
    expect(sup.child('payment')).toBe(second);
    expect(logOf(second)).toEqual(['c']);
  });

  it('holds events sent while it restarts and hands them to the next incarnation in order', async () => {
    const sup = await paymentTree();
    const first = sup.child('payment')!;
    const restarted = nextEvent(sup.events, 'childRestarted');
    first.send({ type: 'CRASH' });
    // The crash is heard, not yet handled: the old actor is gone, the new one not started.
    expect(sup.send('payment', push('1'))).toBe('held');
    expect(Registry.send('payment', push('2'))).toBe('held');
    expect(sup.send('payment', push('3'))).toBe('held');
    expect(Registry.lookup('payment')).toMatchObject({ status: 'restarting', held: 3, ref: undefined });
    const { ref: second } = await restarted;
    expect(logOf(second)).toEqual(['1', '2', '3']);
    expect(sup.send('payment', push('4'))).toBe('delivered');
    expect(logOf(second)).toEqual(['1', '2', '3', '4']);
    expect(Registry.lookup('payment')).toMatchObject({ status: 'running', held: 0, ref: second });
  });

  it('refuses an event with HeldEventsFullError when its held events are at maxHeldEvents', async () => {
    const sup = await paymentTree({ maxHeldEvents: 2 });
    const restarted = nextEvent(sup.events, 'childRestarted');
    sup.child('payment')!.send({ type: 'CRASH' });
    expect(sup.send('payment', push('1'))).toBe('held');
    expect(sup.send('payment', push('2'))).toBe('held');
    let refused: unknown;
    try {
      sup.send('payment', push('3'));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(HeldEventsFullError);
    expect(refused).toMatchObject({ code: 'ERR_HELD_EVENTS_FULL', childName: 'payment', maxHeldEvents: 2 });
    const { ref } = await restarted;
    // The two held ones arrive; the refused one was never taken.
    expect(logOf(ref)).toEqual(['1', '2']);
  });

  it('holds events sent while its first incarnation is still starting', async () => {
    const sup = track(await startSupervisor({ children: [] }));
    const slow = slowRecorder();
    const started = sup.startChild({ id: 'slow', name: 'slow', logic: slow.logic });
    // Wait by turns of the event loop (never by time) until its actor exists and is starting.
    while (slow.refs.length === 0) await new Promise(setImmediate);
    expect(Registry.lookup('slow')).toMatchObject({ status: 'restarting', ref: undefined });
    expect(sup.send('slow', push('early-1'))).toBe('held');
    expect(sup.send('slow', push('early-2'))).toBe('held');
    expect(logOf(slow.refs[0])).toEqual([]);
    slow.refs[0]!.send({ type: 'READY' });
    const result = await started;
    expect(result).toMatchObject({ ok: true, ref: slow.refs[0] });
    expect(logOf(slow.refs[0])).toEqual(['early-1', 'early-2']);
    expect(sup.send('slow', push('late'))).toBe('delivered');
    expect(logOf(sup.child('slow'))).toEqual(['early-1', 'early-2', 'late']);
  });

  it('is refused when its name is already held: by a sibling (InvalidOptionError), another tree (FailedToStartChildError), a dynamic child (rejection)', async () => {
    await expect(
      startSupervisor({ children: [{ id: 'a', name: 'same', logic: recorder }, { id: 'b', name: 'same', logic: recorder }] }),
    ).rejects.toMatchObject({ option: 'children[1].name' });
    await expect(startSupervisor({ children: [{ id: 'a', name: '', logic: recorder }] })).rejects.toBeInstanceOf(InvalidOptionError);
    await paymentTree();
    const error = await startSupervisor({ name: 'second', children: [{ id: 'p', name: 'payment', logic: recorder }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FailedToStartChildError);
    expect((error as FailedToStartChildError).cause).toBeInstanceOf(NameAlreadyRegisteredError);
    expect((error as FailedToStartChildError).cause).toMatchObject({ code: 'ERR_NAME_ALREADY_REGISTERED', childName: 'payment' });
    const dyn = track(await startDynamicSupervisor());
    await expect(dyn.startChild({ name: 'payment', logic: recorder })).rejects.toBeInstanceOf(NameAlreadyRegisteredError);
    expect(dyn.countChildren().specs).toBe(0);
    // The first holder is untouched.
    expect(Registry.send('payment', push('x'))).toBe('delivered');
  });
});

describe('the registry', () => {
  it('lists names, finds a name from a ref, and forgets a child that exits for good', async () => {
    const dyn = track(await startDynamicSupervisor({ name: 'orders' }));
    const a = await dyn.startChild({ id: 'order', name: 'order-1', logic: recorder, restart: 'temporary' });
    const b = await dyn.startChild({ id: 'order', name: 'order-2', logic: recorder });
    expect(Registry.names()).toEqual(expect.arrayContaining(['order-1', 'order-2']));
    const refA = (a as { ref: AnyActorRef }).ref;
    expect(Registry.nameOf(refA)).toBe('order-1');
    expect(Registry.lookup('order-1')).toMatchObject({ supervisor: 'orders', id: 'order', status: 'running', ref: refA });
    // A temporary child that finishes is gone for good: so is its name.
    refA.send({ type: 'STOP' });
    await flush(dyn);
    expect(Registry.lookup('order-1')).toBeUndefined();
    expect(Registry.nameOf(refA)).toBeUndefined();
    expect(() => Registry.send('order-1', push('x'))).toThrow(NameNotRegisteredError);
    expect(() => dyn.send('order-1', push('x'))).toThrow(NameNotRegisteredError);
    // Terminated: gone too; the name is free again.
    await dyn.terminateChild((b as { ref: AnyActorRef }).ref);
    expect(Registry.whereis('order-2')).toBeUndefined();
    expect((await dyn.startChild({ name: 'order-2', logic: recorder })).ok).toBe(true);
    // The supervisor stops: every name it held goes.
    await dyn.stop();
    expect(Registry.names()).not.toContain('order-2');
    expect(() => Registry.send('never-registered', push('x'))).toThrow(expect.objectContaining({ code: 'ERR_NAME_NOT_REGISTERED', childName: 'never-registered' }));
  });

  it('reports held events with heldEventsDropped when the child exits for good instead of restarting', async () => {
    const sup = track(await startSupervisor({ children: [{ id: 't', name: 'transient-one', logic: recorder, restart: 'transient' }] }));
    const dropped = nextEvent(sup.events, 'heldEventsDropped');
    sup.child('t')!.send({ type: 'STOP' }); // a normal exit: a transient child is not restarted
    expect(sup.send('transient-one', push('lost-1'))).toBe('held');
    expect(sup.send('transient-one', push('lost-2'))).toBe('held');
    expect(await dropped).toEqual({ supervisor: sup.name, id: 't', name: 'transient-one', events: [push('lost-1'), push('lost-2')] });
    expect(Registry.lookup('transient-one')).toBeUndefined();
    // restartChild brings it back under its name.
    expect((await sup.restartChild('t')).ok).toBe(true);
    expect(sup.send('transient-one', push('back'))).toBe('delivered');
    expect(logOf(sup.child('transient-one'))).toEqual(['back']);
  });

  it('a static child terminated by terminateChild releases its name', async () => {
    const sup = await paymentTree();
    await sup.terminateChild('payment');
    expect(Registry.lookup('payment')).toBeUndefined();
    expect(() => sup.send('payment', push('x'))).toThrow(NameNotRegisteredError);
  });
});


describe('names through a one_for_all / rest_for_one group restart', () => {
  it('a temporary named bystander removed by the group restart releases its name', async () => {
    const sup = track(
      await startSupervisor({
        strategy: 'one_for_all',
        children: [
          { id: 'a', logic: recorder },
          { id: 't', name: 'group-temporary', logic: recorder, restart: 'temporary' },
        ],
      }),
    );
    const restarted = nextEvent(sup.events, 'childRestarted');
    sup.child('a')!.send({ type: 'CRASH' });
    await restarted;
    await flush(sup);
    expect(sup.whichChildren().map((row) => row.id)).toEqual(['a']);
    expect(Registry.lookup('group-temporary')).toBeUndefined();
    expect(() => Registry.send('group-temporary', push('x'))).toThrow(NameNotRegisteredError);
  });

  it('a child whose name was released (exited normally as transient, or terminated) is brought back under its name', async () => {
    const sup = track(
      await startSupervisor({
        strategy: 'rest_for_one',
        children: [
          { id: 'a', logic: recorder },
          { id: 'tr', name: 'group-transient', logic: recorder, restart: 'transient' },
          { id: 'term', name: 'group-terminated', logic: recorder },
        ],
      }),
    );
    sup.child('tr')!.send({ type: 'STOP' });
    await sup.terminateChild('term');
    await flush(sup);
    expect(Registry.lookup('group-transient')).toBeUndefined();
    sup.child('a')!.send({ type: 'CRASH' });
    await flush(sup);
    await expect.poll(() => sup.whichChildren().every((row) => typeof row.ref === 'object')).toBe(true);
    expect(sup.send('group-transient', push('t'))).toBe('delivered');
    expect(Registry.send('group-terminated', push('u'))).toBe('delivered');
    expect(logOf(sup.child('tr'))).toEqual(['t']);
    expect(logOf(sup.child('group-terminated'))).toEqual(['u']);
  });
});

describe('an event sent to the name while the held ones are handed over', () => {
  it('is delivered, not held for a restart that already happened', async () => {
    const echoing = setup({ types: { context: {} as { log: string[] }, events: {} as RecorderEvent } }).createMachine({
      context: { log: [] },
      on: {
        PUSH: {
          actions: [
            assign({ log: ({ context, event }) => [...context.log, event.value] }),
            ({ event }) => {
              if (event.value === 'echo') Registry.send('echo-self', push('echoed'));
            },
          ],
        },
        CRASH: {
          actions: () => {
            throw new Error('crash');
          },
        },
      },
    });
    const sup = track(await startSupervisor({ children: [{ id: 'e', name: 'echo-self', logic: echoing, restartDelay: 5 }] }));
    const restarted = nextEvent(sup.events, 'childRestarted');
    sup.send('echo-self', { type: 'CRASH' });
    expect(sup.send('echo-self', push('echo'))).toBe('held');
    expect(sup.send('echo-self', push('after'))).toBe('held');
    const { ref } = await restarted;
    expect(logOf(ref)).toEqual(['echo', 'echoed', 'after']);
    expect(Registry.lookup('echo-self')).toMatchObject({ status: 'running', held: 0 });
  });
});
