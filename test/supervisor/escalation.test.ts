import { describe, expect, it } from 'vitest';
import { getSupervisor, startSupervisor, supervisorSpec } from '../../src/index.js';
import {
  crash,
  flush,
  guardUnhandledErrors,
  nextEvent,
  recordEvents,
  refOf,
  selfCrashing,
  status,
  stopAllAfterEach,
  trackedWorker,
  within,
  worker,
} from './helpers.js';

guardUnhandledErrors();
const { track } = stopAllAfterEach();

describe('escalation through a supervision tree', () => {
  it('a leaf that keeps crashing: inner gives up, mid restarts it, mid gives up, root restarts mid, root gives up', async () => {
    const bystander = trackedWorker();
    const root = track(
      await startSupervisor({
        name: 'root',
        intensity: 1,
        period: 60_000,
        children: [
          { id: 'bystander', logic: bystander.logic },
          supervisorSpec('mid', {
            intensity: 1,
            period: 60_000,
            children: [
              supervisorSpec('inner', {
                intensity: 1,
                period: 60_000,
                children: [{ id: 'leaf', logic: selfCrashing, input: { after: 5 } }],
              }),
            ],
          }),
        ],
      }),
    );
    const events = recordEvents(root.events);
    const firstMid = refOf(root, 'mid');
    const midRestarted = nextEvent(root.events, 'childRestarted', (e) => e.id === 'mid');

    const exit = await within(root.exited, 15_000, 'root exit');
    expect(exit).toEqual({ reason: 'shutdown', cause: 'reached_max_restart_intensity' });

    // The root saw mid exit with `shutdown` twice (it gave up twice), restarted it once with a new actor.
    const { ref: secondMid } = await midRestarted;
    expect(secondMid).not.toBe(firstMid);
    const midExits = events.log.filter((e) => e.type === 'childExited').map((e) => e.event);
    expect(midExits).toEqual([
      { supervisor: 'root', id: 'mid', ref: firstMid, exit: { reason: 'shutdown', cause: 'reached_max_restart_intensity' } },
      { supervisor: 'root', id: 'mid', ref: secondMid, exit: { reason: 'shutdown', cause: 'reached_max_restart_intensity' } },
    ]);
    expect(events.ids('childRestarted')).toEqual(['mid']);
    expect(events.ids('gaveUp')).toEqual([undefined]);
    expect(events.log.find((e) => e.type === 'gaveUp')!.event).toMatchObject({ supervisor: 'root' });
    expect(events.ids('childTerminated')).toEqual(['bystander']);
    expect(bystander.refs).toHaveLength(1);
    expect(status(bystander.refs[0])).toBe('stopped');

    // The nested supervisors finished as `shutdown` (their machines are done, with that output).
    for (const mid of [firstMid, secondMid]) {
      const snapshot = mid.getSnapshot() as { status: string; output: unknown };
      expect(snapshot.status).toBe('done');
      expect(snapshot.output).toEqual({ reason: 'shutdown', cause: 'reached_max_restart_intensity' });
    }
    expect(root.actor.getSnapshot().status).toBe('done');
  });

  it('a nested supervisor that gives up is restarted by its parent with fresh children', async () => {
    const root = track(
      await startSupervisor({
        name: 'root',
        intensity: 5,
        children: [supervisorSpec('mid', { intensity: 0, children: [{ id: 'w', logic: worker }] })],
      }),
    );
    const mid = getSupervisor(refOf(root, 'mid'))!;
    const midGaveUp = nextEvent(mid.events, 'gaveUp');
    const restarted = nextEvent(root.events, 'childRestarted');
    const oldLeaf = refOf(mid, 'w');
    crash(oldLeaf);
    await midGaveUp;
    expect(await mid.exited).toEqual({ reason: 'shutdown', cause: 'reached_max_restart_intensity' });
    const { ref } = await restarted;
    const newMid = getSupervisor(ref)!;
    expect(newMid).toBeDefined();
    expect(newMid.phase).toBe('running');
    const newLeaf = refOf(newMid, 'w');
    expect(newLeaf).not.toBe(oldLeaf);
    expect(status(newLeaf)).toBe('active');
    await flush(root);
    expect(root.phase).toBe('running');
  });

  it('a transient nested supervisor that gives up is not restarted (its exit is `shutdown`)', async () => {
    const root = track(
      await startSupervisor({
        children: [
          supervisorSpec('mid', { intensity: 0, children: [{ id: 'w', logic: worker }] }, { restart: 'transient' }),
          { id: 'other', logic: worker },
        ],
      }),
    );
    const mid = getSupervisor(refOf(root, 'mid'))!;
    const exited = nextEvent(root.events, 'childExited');
    crash(refOf(mid, 'w'));
    expect((await exited).exit).toEqual({ reason: 'shutdown', cause: 'reached_max_restart_intensity' });
    await flush(root);
    expect(root.whichChildren().find((c) => c.id === 'mid')!.ref).toBeUndefined();
    expect(root.phase).toBe('running');
  });

  it('stopping the root stops the whole tree, deepest children included', async () => {
    const leaves = trackedWorker();
    const root = await startSupervisor({
      children: [
        { id: 'a', logic: leaves.logic },
        supervisorSpec('mid', {
          children: [
            { id: 'b', logic: leaves.logic },
            supervisorSpec('inner', { children: [{ id: 'c', logic: leaves.logic }] }),
          ],
        }),
      ],
    });
    const mid = refOf(root, 'mid');
    const inner = refOf(getSupervisor(mid)!, 'inner');
    expect(leaves.refs.map(status)).toEqual(['active', 'active', 'active']);
    expect(await root.stop()).toEqual({ reason: 'shutdown', cause: 'requested' });
    expect(leaves.refs.map(status)).toEqual(['stopped', 'stopped', 'stopped']);
    expect(status(mid)).toBe('done');
    expect(status(inner)).toBe('done');
  });
});
