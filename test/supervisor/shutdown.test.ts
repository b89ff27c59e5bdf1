import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { getSupervisor, startSupervisor, supervisorSpec, terminateActor } from '../../src/index.js';
import {
  guardUnhandledErrors,
  ignoring,
  nextEvent,
  recordEvents,
  refOf,
  slowStarter,
  status,
  stopAllAfterEach,
  stubborn,
  trackedWorker,
  trapExits,
  within,
  worker,
} from './helpers.js';

guardUnhandledErrors();
const { track } = stopAllAfterEach();

describe('terminating a child per its shutdown spec', () => {
  it('a child that handles the shutdown request but never finishes is killed after its shutdown time', async () => {
    const sup = track(await startSupervisor({ children: [{ id: 's', logic: stubborn, shutdown: 100 }] }));
    const ref = refOf(sup, 's');
    const terminated = nextEvent(sup.events, 'childTerminated');
    const t0 = performance.now();
    expect(await sup.terminateChild('s')).toEqual({ ok: true });
    const elapsed = performance.now() - t0;
    expect(await terminated).toMatchObject({ id: 's', ref, outcome: 'killed' });
    // It got the request (it is draining) and was stopped when the time ran out.
    expect((ref.getSnapshot() as { value: unknown }).value).toBe('draining');
    expect(status(ref)).toBe('stopped');
    expect(elapsed).toBeGreaterThanOrEqual(90);
  });

  it('a cooperative child finishes on its own: outcome exited', async () => {
    const sup = track(
      await startSupervisor({ children: [{ id: 'c', logic: trapExits, input: { delay: 30 }, shutdown: 10_000 }] }),
    );
    const ref = refOf(sup, 'c');
    const terminated = nextEvent(sup.events, 'childTerminated');
    await sup.terminateChild('c');
    expect(await terminated).toMatchObject({ id: 'c', outcome: 'exited' });
    expect(status(ref)).toBe('done');
  });

  it("shutdown 'infinity' waits as long as the child needs", async () => {
    const sup = track(
      await startSupervisor({ children: [{ id: 'c', logic: trapExits, input: { delay: 150 }, shutdown: 'infinity' }] }),
    );
    const ref = refOf(sup, 'c');
    const t0 = performance.now();
    await sup.terminateChild('c');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(status(ref)).toBe('done');
  });

  it('brutal_kill stops the child at once, without a shutdown request', async () => {
    const sup = track(await startSupervisor({ children: [{ id: 's', logic: stubborn, shutdown: 'brutal_kill' }] }));
    const ref = refOf(sup, 's');
    const terminated = nextEvent(sup.events, 'childTerminated');
    await sup.terminateChild('s');
    expect(await terminated).toMatchObject({ outcome: 'killed' });
    expect((ref.getSnapshot() as { value: unknown }).value).toBe('running');
    expect(status(ref)).toBe('stopped');
  });

  it('a machine with no transition for the shutdown event is stopped at once even with shutdown infinity', async () => {
    const sup = track(await startSupervisor({ children: [{ id: 'w', logic: worker, shutdown: 'infinity' }] }));
    const ref = refOf(sup, 'w');
    const terminated = nextEvent(sup.events, 'childTerminated');
    await within(sup.terminateChild('w'), 5000, 'terminateChild');
    expect(await terminated).toMatchObject({ outcome: 'killed' });
    expect(status(ref)).toBe('stopped');
  });

  it('callback logic (cannot tell) gets its full shutdown time, then is killed', async () => {
    const sup = track(await startSupervisor({ children: [{ id: 'cb', logic: ignoring, shutdown: 80 }] }));
    const ref = refOf(sup, 'cb');
    const terminated = nextEvent(sup.events, 'childTerminated');
    const t0 = performance.now();
    await sup.terminateChild('cb');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(70);
    expect(await terminated).toMatchObject({ outcome: 'killed' });
    expect(status(ref)).toBe('stopped');
  });
});

describe('terminateActor', () => {
  it('answers exited for an actor that is already done', async () => {
    const actor = createActor(worker);
    actor.start();
    actor.send({ type: 'STOP' });
    expect(await terminateActor(actor, 1000)).toBe('exited');
  });

  it('answers exited when the request finishes the actor synchronously', async () => {
    const actor = createActor(trapExits, { input: { delay: 0 } });
    actor.start();
    expect(await terminateActor(actor, 'infinity')).toBe('exited');
  });
});

describe('stopping a supervisor', () => {
  it('stops children in reverse start order, each per its spec', async () => {
    const sup = await startSupervisor({
      name: 'ordered',
      children: [
        { id: 'a', logic: trapExits, input: { delay: 5 } },
        { id: 'b', logic: worker },
        { id: 'c', logic: trapExits, input: { delay: 20 } },
        { id: 'd', logic: stubborn, shutdown: 50 },
      ],
    });
    const refs = sup.whichChildren().map((c) => c.ref);
    const events = recordEvents(sup.events);
    expect(await sup.stop()).toEqual({ reason: 'shutdown', cause: 'requested' });
    expect(events.log.map((e) => [e.type, e.id, (e.event as { outcome?: string }).outcome])).toEqual([
      ['childTerminated', 'd', 'killed'],
      ['childTerminated', 'c', 'exited'],
      ['childTerminated', 'b', 'killed'],
      ['childTerminated', 'a', 'exited'],
      ['stopped', undefined, undefined],
    ]);
    expect(events.log.at(-1)!.event).toEqual({ supervisor: 'ordered', exit: { reason: 'shutdown', cause: 'requested' } });
    expect(refs.map(status)).toEqual(['done', 'stopped', 'done', 'stopped']);
    expect(sup.phase).toBe('stopped');
  });

  it('stop() is idempotent: every call gives the same exit, stopped fires once', async () => {
    const sup = await startSupervisor({ children: [{ id: 'a', logic: trapExits, input: { delay: 20 } }] });
    const events = recordEvents(sup.events);
    const first = sup.stop();
    const second = sup.stop();
    expect(second).toBe(first);
    const [exit1, exit2] = await Promise.all([first, second]);
    expect(exit1).toEqual({ reason: 'shutdown', cause: 'requested' });
    expect(exit2).toBe(exit1);
    expect(await sup.stop()).toBe(exit1);
    expect(await sup.exited).toBe(exit1);
    expect(events.count('stopped')).toBe(1);
    expect(events.count('childTerminated')).toBe(1);
  });

  it('a child exiting while the supervisor shuts down is not restarted', async () => {
    const sup = await startSupervisor({
      children: [
        { id: 'a', logic: worker },
        { id: 'slow', logic: trapExits, input: { delay: 50 } },
      ],
    });
    const a = refOf(sup, 'a');
    const events = recordEvents(sup.events);
    const stopping = sup.stop();
    // `slow` is being terminated (50 ms); `a` crashes meanwhile.
    a.send({ type: 'CRASH' });
    await stopping;
    expect(events.count('childRestarted')).toBe(0);
    expect(events.count('childStarted')).toBe(0);
    expect(status(a)).toBe('error');
  });

  it('a nested supervisor is stopped with its own children, in order, before its older siblings', async () => {
    const leaves = trackedWorker();
    const root = await startSupervisor({
      children: [
        { id: 'first', logic: leaves.logic },
        supervisorSpec('mid', {
          children: [
            { id: 'm1', logic: trapExits, input: { delay: 5 } },
            { id: 'm2', logic: trapExits, input: { delay: 5 } },
          ],
        }),
      ],
    });
    const mid = getSupervisor(refOf(root, 'mid'))!;
    const order: string[] = [];
    mid.events.on('childTerminated', (e) => order.push(`mid/${e.id}`));
    root.events.on('childTerminated', (e) => order.push(`root/${e.id}`));
    await root.stop();
    expect(order).toEqual(['mid/m2', 'mid/m1', 'root/mid', 'root/first']);
    expect(await mid.exited).toEqual({ reason: 'shutdown', cause: 'requested' });
  });
});

describe('a supervisor stopped by force', () => {
  it('kills every child at once and exits with cause killed', async () => {
    const sup = await startSupervisor({
      children: [
        { id: 'a', logic: trapExits, input: { delay: 10_000 } },
        { id: 'b', logic: stubborn, shutdown: 'infinity' },
      ],
    });
    const refs = sup.whichChildren().map((c) => c.ref);
    sup.actor.stop();
    expect(await within(sup.exited, 5000, 'exited')).toEqual({ reason: 'shutdown', cause: 'killed' });
    expect(refs.map(status)).toEqual(['stopped', 'stopped']);
    expect(sup.phase).toBe('stopped');
  });

  it('also kills the child it was gracefully waiting for, and reports stopped once', async () => {
    const sup = await startSupervisor({
      children: [
        { id: 'a', logic: worker },
        { id: 'b', logic: stubborn, shutdown: 'infinity' },
      ],
    });
    const [a, b] = sup.whichChildren().map((c) => c.ref);
    const events = recordEvents(sup.events);
    const stopping = sup.stop();
    // `b` traps the request and never finishes; the supervisor waits for it forever...
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((b as { getSnapshot(): { value: unknown } }).getSnapshot().value).toBe('draining');
    // ...until the supervisor itself is stopped by force.
    sup.actor.stop();
    expect(await within(stopping, 5000, 'stop')).toEqual({ reason: 'shutdown', cause: 'killed' });
    expect(status(b)).toBe('stopped');
    expect(status(a)).toBe('stopped');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events.count('stopped')).toBe(1);
    // Nothing is reported after `stopped`.
    expect(events.log.at(-1)!.event).toEqual({ supervisor: sup.name, exit: { reason: 'shutdown', cause: 'killed' } });
  });

  it('a nested supervisor killed after its shutdown time takes its children with it', async () => {
    const root = await startSupervisor({
      children: [
        supervisorSpec(
          'mid',
          { children: [{ id: 'forever', logic: stubborn, shutdown: 'infinity' }] },
          { shutdown: 50 },
        ),
      ],
    });
    const midRef = refOf(root, 'mid');
    const mid = getSupervisor(midRef)!;
    const forever = refOf(mid, 'forever');
    const terminated = nextEvent(root.events, 'childTerminated');
    await within(root.stop(), 5000, 'root stop');
    expect(await terminated).toMatchObject({ id: 'mid', outcome: 'killed' });
    expect(await within(mid.exited, 1000, 'mid exited')).toEqual({ reason: 'shutdown', cause: 'killed' });
    expect(status(midRef)).toBe('stopped');
    // The grandchild must not outlive the tree.
    expect(status(forever)).toBe('stopped');
  });

  it('a child still starting when the supervisor is killed is stopped too', async () => {
    const sup = await startSupervisor({ children: [] });
    const slow = slowStarter();
    const starting = sup.startChild({ id: 'slow', logic: slow.logic });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(slow.refs).toHaveLength(1);
    sup.actor.stop();
    expect((await within(sup.exited, 5000, 'exited')).cause).toBe('killed');
    const result = await within(starting, 5000, 'startChild');
    expect(result.ok).toBe(false);
    expect(status(slow.refs[0])).toBe('stopped');
  });
});
