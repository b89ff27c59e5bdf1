import { describe, expect, it } from 'vitest';
import { getSupervisor, startSupervisor, supervisorSpec, type ChildSpec } from '../../src/index.js';
import {
  crash,
  flush,
  guardUnhandledErrors,
  nextEvent,
  recordEvents,
  refOf,
  send,
  status,
  stopAllAfterEach,
  worker,
} from './helpers.js';

guardUnhandledErrors();
const { track } = stopAllAfterEach();

const AUTO = { reason: 'shutdown', cause: 'auto_shutdown' } as const;

describe("autoShutdown 'any_significant'", () => {
  async function anySig(extra: ChildSpec[] = []) {
    return track(
      await startSupervisor({
        autoShutdown: 'any_significant',
        intensity: 10,
        children: [
          { id: 'plain', logic: worker },
          { id: 'sig', logic: worker, restart: 'transient', significant: true },
          ...extra,
        ],
      }),
    );
  }

  it('a transient significant child exiting normally shuts the supervisor down', async () => {
    const sup = await anySig();
    const plain = refOf(sup, 'plain');
    const events = recordEvents(sup.events);
    send(refOf(sup, 'sig'), 'STOP');
    expect(await sup.exited).toEqual(AUTO);
    expect(events.log.map((e) => [e.type, e.id])).toEqual([
      ['childExited', 'sig'],
      ['childTerminated', 'plain'],
      ['stopped', undefined],
    ]);
    expect(status(plain)).toBe('stopped');
    expect(sup.actor.getSnapshot().output).toEqual(AUTO);
  });

  it('a transient significant child exiting with shutdown also counts', async () => {
    const sup = await anySig();
    send(refOf(sup, 'sig'), 'EXIT_SHUTDOWN');
    expect(await sup.exited).toEqual(AUTO);
  });

  it('a transient significant child that crashes is restarted instead', async () => {
    const sup = await anySig();
    const restarted = nextEvent(sup.events, 'childRestarted');
    crash(refOf(sup, 'sig'));
    expect((await restarted).id).toBe('sig');
    await flush(sup);
    expect(sup.phase).toBe('running');
  });

  it.each(['STOP', 'CRASH'])('a temporary significant child shuts it down on any exit (%s)', async (how) => {
    const sup = await anySig([{ id: 'temp', logic: worker, restart: 'temporary', significant: true }]);
    const events = recordEvents(sup.events);
    send(refOf(sup, 'temp'), how);
    expect(await sup.exited).toEqual(AUTO);
    expect(events.count('childRestarted')).toBe(0);
    expect(events.ids('childTerminated')).toEqual(['sig', 'plain']);
  });

  it('a non-significant child exiting does not shut it down', async () => {
    const sup = await anySig([{ id: 'other', logic: worker, restart: 'transient' }]);
    send(refOf(sup, 'other'), 'STOP');
    await flush(sup);
    expect(sup.phase).toBe('running');
  });

  it('terminateChild of a significant child never triggers auto-shutdown', async () => {
    const sup = await anySig([{ id: 'temp', logic: worker, restart: 'temporary', significant: true }]);
    expect(await sup.terminateChild('sig')).toEqual({ ok: true });
    expect(await sup.terminateChild('temp')).toEqual({ ok: true });
    await flush(sup);
    expect(sup.phase).toBe('running');
    expect(status(refOf(sup, 'plain'))).toBe('active');
    expect(await sup.stop()).toEqual({ reason: 'shutdown', cause: 'requested' });
  });

  it('a nested supervisor that auto-shuts down exits with shutdown: permanent parent restarts it', async () => {
    const root = track(
      await startSupervisor({
        children: [
          supervisorSpec('job', {
            autoShutdown: 'any_significant',
            children: [{ id: 'task', logic: worker, restart: 'transient', significant: true }],
          }),
        ],
      }),
    );
    const job = getSupervisor(refOf(root, 'job'))!;
    const exited = nextEvent(root.events, 'childExited');
    const restarted = nextEvent(root.events, 'childRestarted');
    send(refOf(job, 'task'), 'STOP');
    expect((await exited).exit).toEqual({ reason: 'shutdown', cause: 'auto_shutdown' });
    const { ref } = await restarted;
    expect(getSupervisor(ref)!.phase).toBe('running');
  });
});

describe("autoShutdown 'all_significant'", () => {
  async function allSig() {
    return track(
      await startSupervisor({
        autoShutdown: 'all_significant',
        children: [
          { id: 'plain', logic: worker },
          { id: 's1', logic: worker, restart: 'transient', significant: true },
          { id: 's2', logic: worker, restart: 'temporary', significant: true },
        ],
      }),
    );
  }

  it('shuts down only after the last significant child exits', async () => {
    const sup = await allSig();
    send(refOf(sup, 's1'), 'STOP');
    await flush(sup);
    expect(sup.phase).toBe('running');
    expect(status(refOf(sup, 'plain'))).toBe('active');

    send(refOf(sup, 's2'), 'STOP');
    expect(await sup.exited).toEqual(AUTO);
  });

  it('a significant child that was terminated counts as gone, but terminating never triggers it', async () => {
    const sup = await allSig();
    await sup.terminateChild('s1');
    await flush(sup);
    expect(sup.phase).toBe('running');
    send(refOf(sup, 's2'), 'CRASH');
    expect(await sup.exited).toEqual(AUTO);
  });

  it('a restarted significant child is still alive', async () => {
    const sup = await allSig();
    const restarted = nextEvent(sup.events, 'childRestarted');
    crash(refOf(sup, 's1'));
    await restarted;
    send(refOf(sup, 's2'), 'STOP');
    await flush(sup);
    expect(sup.phase).toBe('running');
    send(refOf(sup, 's1'), 'STOP');
    expect(await sup.exited).toEqual(AUTO);
  });
});

describe("autoShutdown 'never'", () => {
  it('is the default: children exiting never stop the supervisor', async () => {
    const sup = track(
      await startSupervisor({ children: [{ id: 't', logic: worker, restart: 'transient' }] }),
    );
    send(refOf(sup, 't'), 'STOP');
    await flush(sup);
    expect(sup.phase).toBe('running');
    expect(sup.countChildren()).toMatchObject({ specs: 1, active: 0 });
  });
});
