import { describe, expect, it } from 'vitest';
import type { AnyActorRef } from 'xstate';
import {
  InvalidOptionError,
  dynamicSupervisorSpec,
  getDynamicSupervisor,
  getSupervisor,
  startDynamicSupervisor,
  startSupervisor,
} from '../../src/index.js';
import {
  crash,
  failingEntry,
  flush,
  guardUnhandledErrors,
  nextEvent,
  recordEvents,
  refOf,
  status,
  stopAllAfterEach,
  trackedWorker,
  trapExits,
  worker,
} from './helpers.js';

guardUnhandledErrors();
const { track } = stopAllAfterEach();

function okRef(result: Awaited<ReturnType<Awaited<ReturnType<typeof startDynamicSupervisor>>['startChild']>>): AnyActorRef {
  if (!result.ok) throw new Error(`start refused: ${JSON.stringify(result)}`);
  return result.ref;
}

describe('dynamic supervisor', () => {
  it('starts 1,000 children and counts them right', async () => {
    const dyn = track(await startDynamicSupervisor({ name: 'many' }));
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => dyn.startChild({ logic: worker, input: i })));
    const refs = results.map(okRef);
    expect(new Set(refs).size).toBe(1000);
    expect(dyn.countChildren()).toEqual({ specs: 1000, active: 1000, supervisors: 0, workers: 1000 });
    const rows = dyn.whichChildren();
    expect(rows).toHaveLength(1000);
    expect(rows.map((r) => r.ref)).toEqual(refs);
    expect(rows.every((r) => r.type === 'worker')).toBe(true);
    // Each child got its own input.
    expect(refs.map((r) => (r.getSnapshot() as { context: { input: unknown } }).context.input)).toEqual(
      Array.from({ length: 1000 }, (_, i) => i),
    );

    const victim = refs[500]!;
    expect(await dyn.terminateChild(victim)).toEqual({ ok: true });
    expect(status(victim)).toBe('stopped');
    expect(await dyn.terminateChild(victim)).toEqual({ ok: false, reason: 'not_found' });
    expect(dyn.countChildren()).toMatchObject({ specs: 999, active: 999 });
    expect(dyn.whichChildren().some((r) => r.ref === victim)).toBe(false);

    const events = recordEvents(dyn.events);
    expect(await dyn.stop()).toEqual({ reason: 'shutdown', cause: 'requested' });
    expect(events.count('childTerminated')).toBe(999);
    expect(refs.every((r) => status(r) === 'stopped')).toBe(true);
    expect(dyn.countChildren().specs).toBe(0);
  });

  it('refuses children beyond maxChildren with max_children', async () => {
    const dyn = track(await startDynamicSupervisor({ maxChildren: 2 }));
    const a = okRef(await dyn.startChild({ logic: worker }));
    okRef(await dyn.startChild({ logic: worker }));
    expect(await dyn.startChild({ logic: worker })).toEqual({ ok: false, reason: 'max_children' });
    expect(dyn.countChildren().active).toBe(2);
    await dyn.terminateChild(a);
    okRef(await dyn.startChild({ logic: worker }));
    expect(await dyn.startChild({ logic: worker })).toEqual({ ok: false, reason: 'max_children' });
  });

  it('merges extraInput under each child input (the child keys win)', async () => {
    const tracked = trackedWorker();
    const dyn = track(await startDynamicSupervisor({ extraInput: { region: 'eu', retries: 3 } }));
    okRef(await dyn.startChild({ logic: tracked.logic, input: { host: 'a', retries: 5 } }));
    okRef(await dyn.startChild({ logic: tracked.logic }));
    expect(tracked.inputs).toEqual([
      { region: 'eu', retries: 5, host: 'a' },
      { region: 'eu', retries: 3 },
    ]);
    // A restarted child gets the merged input again.
    const restarted = nextEvent(dyn.events, 'childRestarted');
    crash(tracked.refs[0]);
    await restarted;
    expect(tracked.inputs[2]).toEqual({ region: 'eu', retries: 5, host: 'a' });
  });

  it('refuses a non-object input when extraInput is set, before starting anything', async () => {
    const tracked = trackedWorker();
    const dyn = track(await startDynamicSupervisor({ extraInput: { region: 'eu' } }));
    const error = await dyn.startChild({ logic: tracked.logic, input: 42 }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('child.input');
    expect(tracked.refs).toHaveLength(0);
  });

  it('refuses a significant child', async () => {
    const dyn = track(await startDynamicSupervisor());
    const error = await dyn
      .startChild({ logic: worker, restart: 'temporary', significant: true } as never)
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(InvalidOptionError);
  });

  it('restarts crashed children (one_for_one) and forgets children that exit for good', async () => {
    const dyn = track(await startDynamicSupervisor({ intensity: 10 }));
    const permanent = okRef(await dyn.startChild({ id: 'p', logic: worker }));
    const sibling = okRef(await dyn.startChild({ logic: worker }));
    const transient = okRef(await dyn.startChild({ logic: worker, restart: 'transient' }));
    const temporary = okRef(await dyn.startChild({ logic: worker, restart: 'temporary' }));

    const restarted = nextEvent(dyn.events, 'childRestarted');
    crash(permanent);
    const { id, ref } = await restarted;
    expect(id).toBe('p');
    expect(ref).not.toBe(permanent);
    expect(status(sibling)).toBe('active');

    transient.send({ type: 'STOP' });
    crash(temporary);
    await flush(dyn);
    const refs = dyn.whichChildren().map((r) => r.ref);
    expect(refs).toEqual([ref, sibling]);
    expect(dyn.countChildren()).toEqual({ specs: 2, active: 2, supervisors: 0, workers: 2 });
  });

  it('answers start_failed for a child that cannot start and keeps nothing', async () => {
    const dyn = track(await startDynamicSupervisor());
    const boom = new Error('no');
    expect(await dyn.startChild({ logic: failingEntry(boom) })).toEqual({ ok: false, reason: 'start_failed', error: boom });
    expect(dyn.countChildren().specs).toBe(0);
  });

  it('stop terminates every child (in parallel) and then stops', async () => {
    const dyn = await startDynamicSupervisor();
    const refs: AnyActorRef[] = [];
    for (let i = 0; i < 5; i++) refs.push(okRef(await dyn.startChild({ logic: trapExits, input: { delay: 100 } })));
    // In parallel: when the first one is done, every one has already got the shutdown request.
    let statesAtFirstTermination: unknown[] | undefined;
    dyn.events.on('childTerminated', () => {
      statesAtFirstTermination ??= refs.map((r) => (r.getSnapshot() as { value: unknown }).value);
    });
    const exit = await dyn.stop();
    expect(exit).toEqual({ reason: 'shutdown', cause: 'requested' });
    expect(refs.map(status)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(statesAtFirstTermination).toBeDefined();
    expect(statesAtFirstTermination!.every((value) => value === 'cleaningUp' || value === 'done')).toBe(true);
    const error = await dyn.startChild({ logic: worker }).catch((err: unknown) => err);
    expect((error as Error).name).toBe('SupervisorNotRunningError');
  });

  it('runs inside a tree; getDynamicSupervisor finds it and getSupervisor does not', async () => {
    const root = track(await startSupervisor({ children: [dynamicSupervisorSpec('sessions', { maxChildren: 1 })] }));
    const ref = refOf(root, 'sessions');
    expect(root.getChildSpec('sessions')).toMatchObject({ type: 'supervisor', shutdown: 'infinity' });
    expect(getSupervisor(ref)).toBeUndefined();
    const dyn = getDynamicSupervisor(ref)!;
    expect(dyn).toBeDefined();
    expect(dyn.name).toBe('sessions');
    const child = okRef(await dyn.startChild({ logic: worker }));
    expect(await dyn.startChild({ logic: worker })).toEqual({ ok: false, reason: 'max_children' });
    await root.stop();
    expect(status(child)).toBe('stopped');
    expect(await dyn.exited).toEqual({ reason: 'shutdown', cause: 'requested' });
  });
});

describe('actor ids of dynamic children', () => {
  it('are the spec id (not the growing table key), so the event names xstate memoizes per machine stay few', async () => {
    const dyn = track(await startDynamicSupervisor({}));
    const a = await dyn.startChild({ id: 'order', logic: worker });
    const b = await dyn.startChild({ id: 'order', logic: worker });
    const c = await dyn.startChild({ logic: worker });
    if (!a.ok || !b.ok || !c.ok) throw new Error('a dynamic child failed to start');
    expect([a.ref.id, b.ref.id, c.ref.id]).toEqual(['order', 'order', 'child']);
    expect(a.ref).not.toBe(b.ref);
    // Each is still its own child: terminating one by ref leaves the other.
    expect(await dyn.terminateChild(a.ref)).toEqual({ ok: true });
    expect(dyn.whichChildren().map((row) => row.ref)).toEqual([b.ref, c.ref]);
  });
});
