import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import {
  SHUTDOWN_EVENT,
  getDynamicSupervisor,
  getSupervisor,
  normalizeSupervisorOptions,
  startSupervisor,
  supervisorMachine,
  supervisorSpec,
} from '../../src/index.js';
import {
  crash,
  failingEntry,
  flush,
  guardUnhandledErrors,
  nextEvent,
  refOf,
  status,
  stopAllAfterEach,
  trackedWorker,
  trapExits,
  waitForEvents,
  within,
  worker,
} from './helpers.js';

guardUnhandledErrors();
const { track } = stopAllAfterEach();

describe('the supervisor machine', () => {
  it("is 'running' once started and 'stopped' (done, with output) after stop", async () => {
    const sup = await startSupervisor({ children: [{ id: 'a', logic: worker }] });
    expect(sup.actor.getSnapshot().value).toBe('running');
    expect(sup.actor.getSnapshot().status).toBe('active');
    expect(sup.phase).toBe('running');
    await sup.stop();
    const snapshot = sup.actor.getSnapshot();
    expect(snapshot.value).toBe('stopped');
    expect(snapshot.status).toBe('done');
    expect(snapshot.output).toEqual({ reason: 'shutdown', cause: 'requested' });
    expect(sup.phase).toBe('stopped');
  });

  it('mirrors the core phases: running → restarting → running → shuttingDown → stopped', async () => {
    const sup = await startSupervisor({
      strategy: 'one_for_all',
      children: [
        { id: 'a', logic: worker },
        { id: 'slow', logic: trapExits, input: { delay: 20 } },
      ],
    });
    const values: unknown[] = [sup.actor.getSnapshot().value];
    sup.actor.subscribe((snapshot) => {
      if (values.at(-1) !== snapshot.value) values.push(snapshot.value);
    });
    const restarted = waitForEvents(sup.events, 'childRestarted', 2);
    crash(refOf(sup, 'a'));
    await restarted;
    await flush(sup);
    await sup.stop();
    expect(values).toEqual(['running', 'restarting', 'running', 'shuttingDown', 'stopped']);
  });

  it('gives up as stopped with the give-up cause as output', async () => {
    const sup = await startSupervisor({ intensity: 0, children: [{ id: 'a', logic: worker }] });
    crash(refOf(sup, 'a'));
    await sup.exited;
    expect(sup.actor.getSnapshot().value).toBe('stopped');
    expect(sup.actor.getSnapshot().output).toEqual({ reason: 'shutdown', cause: 'reached_max_restart_intensity' });
  });

  it('the shutdown event sent to the actor stops it gracefully', async () => {
    const sup = await startSupervisor({ children: [{ id: 'a', logic: trapExits, input: { delay: 5 } }] });
    const a = refOf(sup, 'a');
    sup.actor.send({ type: SHUTDOWN_EVENT });
    expect(await within(sup.exited)).toEqual({ reason: 'shutdown', cause: 'requested' });
    expect(status(a)).toBe('done');
  });

  it('can be run directly with createActor and normalized input', async () => {
    const tracked = trackedWorker();
    const actor = createActor(supervisorMachine, {
      input: normalizeSupervisorOptions({ children: [{ id: 'a', logic: tracked.logic }] }, 'direct'),
    });
    actor.subscribe({ error: () => undefined });
    actor.start();
    expect(actor.getSnapshot().value).toBe('starting');
    expect(actor.getSnapshot().hasTag('overseer.starting')).toBe(true);
    const sup = getSupervisor(actor)!;
    expect(sup.name).toBe('direct');
    await within(
      new Promise<void>((resolve) => {
        const sub = actor.subscribe((s) => {
          if (s.value === 'running') {
            sub.unsubscribe();
            resolve();
          }
        });
      }),
    );
    expect(tracked.refs.map(status)).toEqual(['active']);
    await sup.stop();
    expect(actor.getSnapshot().status).toBe('done');
  });

  it('a start failure makes the machine error with FailedToStartChildError', async () => {
    const actor = createActor(supervisorMachine, {
      input: normalizeSupervisorOptions({ children: [{ id: 'bad', logic: failingEntry() }] }, 'failing'),
    });
    const errored = new Promise<unknown>((resolve) => actor.subscribe({ error: resolve }));
    actor.start();
    const error = await within(errored);
    expect((error as Error).name).toBe('FailedToStartChildError');
    expect(actor.getSnapshot().status).toBe('error');
    expect(await getSupervisor(actor)!.exited).toEqual({ reason: 'shutdown', cause: 'failed_to_start' });
  });
});

describe('getSupervisor', () => {
  it("works on a nested supervisor's ref", async () => {
    const root = track(
      await startSupervisor({
        children: [
          { id: 'w', logic: worker },
          supervisorSpec('mid', { name: 'mid-sup', children: [{ id: 'inner', logic: worker }] }),
        ],
      }),
    );
    const midRef = refOf(root, 'mid');
    const mid = getSupervisor(midRef)!;
    expect(mid).toBeDefined();
    expect(mid.name).toBe('mid-sup');
    expect(mid.actor).toBe(midRef);
    expect(mid.phase).toBe('running');
    expect(mid.whichChildren().map((c) => c.id)).toEqual(['inner']);
    const started = await mid.startChild({ id: 'added', logic: worker });
    expect(started.ok).toBe(true);
    expect(mid.countChildren()).toEqual({ specs: 2, active: 2, supervisors: 0, workers: 2 });
    // Its restarts are its own business.
    const restarted = nextEvent(mid.events, 'childRestarted');
    crash(refOf(mid, 'inner'));
    await restarted;
    expect(refOf(root, 'mid')).toBe(midRef);
  });

  it('answers undefined for a worker, a terminated child, restarting, and a dynamic supervisor', async () => {
    const root = track(await startSupervisor({ children: [{ id: 'w', logic: worker }] }));
    expect(getSupervisor(refOf(root, 'w'))).toBeUndefined();
    expect(getSupervisor(undefined)).toBeUndefined();
    expect(getSupervisor('restarting')).toBeUndefined();
    expect(getDynamicSupervisor(root.actor)).toBeUndefined();
    expect(getSupervisor(root.actor)!.name).toBe(root.name);
  });
});
