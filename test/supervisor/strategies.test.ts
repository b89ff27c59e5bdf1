import { describe, expect, it } from 'vitest';
import { startSupervisor, type Strategy, type Supervisor } from '../../src/index.js';
import {
  crash,
  flush,
  guardUnhandledErrors,
  nextEvent,
  recordEvents,
  refOf,
  status,
  stopAllAfterEach,
  trapExits,
  waitForEvents,
  worker,
} from './helpers.js';

guardUnhandledErrors();
const { track } = stopAllAfterEach();

async function supWith(strategy: Strategy, ids: string[], options: { intensity?: number; period?: number } = {}) {
  return track(
    await startSupervisor({
      name: strategy,
      strategy,
      intensity: options.intensity ?? 10,
      period: options.period ?? 60_000,
      children: ids.map((id) => ({ id, logic: worker })),
    }),
  );
}

const refsOf = (sup: Supervisor) => Object.fromEntries(sup.whichChildren().map((c) => [c.id, c.ref]));

describe('one_for_one', () => {
  it('restarts only the crashed child; gives up on the crash beyond intensity', async () => {
    const sup = await supWith('one_for_one', ['a', 'b', 'c'], { intensity: 2, period: 60_000 });
    const before = refsOf(sup);

    for (let i = 1; i <= 2; i++) {
      const restarted = nextEvent(sup.events, 'childRestarted');
      const crashed = refOf(sup, 'a');
      crash(crashed);
      const { id, ref } = await restarted;
      expect(id).toBe('a');
      expect(ref).not.toBe(crashed);
      // The others keep their actors.
      expect(refOf(sup, 'b')).toBe(before.b);
      expect(refOf(sup, 'c')).toBe(before.c);
      await flush(sup);
      expect(sup.phase).toBe('running');
    }

    const events = recordEvents(sup.events);
    const gaveUp = nextEvent(sup.events, 'gaveUp');
    const last = refOf(sup, 'a');
    crash(last);
    expect(await gaveUp).toEqual({
      supervisor: 'one_for_one',
      reason: 'reached_max_restart_intensity',
      intensity: 2,
      period: 60_000,
    });
    expect(await sup.exited).toEqual({ reason: 'shutdown', cause: 'reached_max_restart_intensity' });
    // Every child stopped, in reverse start order; the crashed one was not restarted.
    expect(events.ids('childTerminated')).toEqual(['c', 'b']);
    expect(events.ids('childRestarted')).toEqual([]);
    expect(events.log.map((e) => e.type)).toEqual(['childExited', 'gaveUp', 'childTerminated', 'childTerminated', 'stopped']);
    expect([last, before.b, before.c].map((r) => status(r))).toEqual(['error', 'stopped', 'stopped']);
    expect(sup.phase).toBe('stopped');
    expect(sup.whichChildren()).toEqual([]);
    expect(await sup.stop()).toEqual({ reason: 'shutdown', cause: 'reached_max_restart_intensity' });
  });
});

describe('one_for_all', () => {
  it('terminates all others in reverse start order and restarts all in start order', async () => {
    const sup = await supWith('one_for_all', ['a', 'b', 'c', 'd']);
    const before = refsOf(sup);
    const events = recordEvents(sup.events);
    const done = waitForEvents(sup.events, 'childRestarted', 4);
    crash(before.b);
    await done;
    expect(events.log.map((e) => [e.type, e.id])).toEqual([
      ['childExited', 'b'],
      ['childTerminated', 'd'],
      ['childTerminated', 'c'],
      ['childTerminated', 'a'],
      ['childRestarted', 'a'],
      ['childRestarted', 'b'],
      ['childRestarted', 'c'],
      ['childRestarted', 'd'],
    ]);
    const after = refsOf(sup);
    for (const id of ['a', 'b', 'c', 'd']) {
      expect(after[id]).not.toBe(before[id]);
      expect(status(after[id])).toBe('active');
      expect(status(before[id])).toBe(id === 'b' ? 'error' : 'stopped');
    }
    expect(sup.whichChildren().map((c) => c.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a temporary bystander is terminated, not restarted, and its spec is gone', async () => {
    const sup = track(
      await startSupervisor({
        strategy: 'one_for_all',
        children: [
          { id: 'a', logic: worker },
          { id: 't', logic: worker, restart: 'temporary' },
          { id: 'c', logic: worker },
        ],
      }),
    );
    const before = refsOf(sup);
    const events = recordEvents(sup.events);
    const done = waitForEvents(sup.events, 'childRestarted', 2);
    crash(before.a);
    await done;
    expect(events.ids('childTerminated')).toEqual(['c', 't']);
    expect(events.ids('childRestarted')).toEqual(['a', 'c']);
    expect(status(before.t)).toBe('stopped');
    expect(sup.getChildSpec('t')).toBeUndefined();
    expect(sup.whichChildren().map((c) => c.id)).toEqual(['a', 'c']);
  });

  it('also starts a sibling that had been terminated, as OTP start_children does', async () => {
    const sup = await supWith('one_for_all', ['a', 'b', 'c']);
    await sup.terminateChild('c');
    const events = recordEvents(sup.events);
    const done = waitForEvents(sup.events, 'childRestarted', 3);
    crash(refOf(sup, 'a'));
    await done;
    expect(events.ids('childTerminated')).toEqual(['b']);
    expect(events.ids('childRestarted')).toEqual(['a', 'b', 'c']);
    expect(sup.whichChildren().find((c) => c.id === 'c')!.ref).toBeDefined();
  });

  it('waits for a cooperative bystander to finish before restarting', async () => {
    const sup = track(
      await startSupervisor({
        strategy: 'one_for_all',
        children: [
          { id: 'a', logic: worker },
          { id: 'slow', logic: trapExits, input: { delay: 50 } },
        ],
      }),
    );
    const slow = refOf(sup, 'slow');
    const terminated = nextEvent(sup.events, 'childTerminated');
    const restarted = waitForEvents(sup.events, 'childRestarted', 2);
    crash(refOf(sup, 'a'));
    expect(await terminated).toMatchObject({ id: 'slow', outcome: 'exited' });
    expect((slow.getSnapshot() as { status: string }).status).toBe('done');
    expect((await restarted).map((e) => e.id)).toEqual(['a', 'slow']);
  });
});

describe('rest_for_one', () => {
  it('crash of the 3rd of 5: the 5th then 4th are terminated, 3-4-5 restarted in order, 1-2 kept', async () => {
    const sup = await supWith('rest_for_one', ['c1', 'c2', 'c3', 'c4', 'c5']);
    const before = refsOf(sup);
    const events = recordEvents(sup.events);
    const done = waitForEvents(sup.events, 'childRestarted', 3);
    crash(before.c3);
    await done;
    expect(events.log.map((e) => [e.type, e.id])).toEqual([
      ['childExited', 'c3'],
      ['childTerminated', 'c5'],
      ['childTerminated', 'c4'],
      ['childRestarted', 'c3'],
      ['childRestarted', 'c4'],
      ['childRestarted', 'c5'],
    ]);
    const after = refsOf(sup);
    expect(after.c1).toBe(before.c1);
    expect(after.c2).toBe(before.c2);
    for (const id of ['c3', 'c4', 'c5']) expect(after[id]).not.toBe(before[id]);
    expect(status(before.c4)).toBe('stopped');
    expect(status(before.c5)).toBe('stopped');
  });

  it('crash of the last child restarts only it', async () => {
    const sup = await supWith('rest_for_one', ['a', 'b', 'c']);
    const before = refsOf(sup);
    const events = recordEvents(sup.events);
    const restarted = nextEvent(sup.events, 'childRestarted');
    crash(before.c);
    await restarted;
    expect(events.ids('childTerminated')).toEqual([]);
    expect(refOf(sup, 'a')).toBe(before.a);
    expect(refOf(sup, 'b')).toBe(before.b);
  });

  it('crash of the first child restarts everything', async () => {
    const sup = await supWith('rest_for_one', ['a', 'b', 'c']);
    const events = recordEvents(sup.events);
    const done = waitForEvents(sup.events, 'childRestarted', 3);
    crash(refOf(sup, 'a'));
    await done;
    expect(events.ids('childTerminated')).toEqual(['c', 'b']);
    expect(events.ids('childRestarted')).toEqual(['a', 'b', 'c']);
  });
});

describe('one restart per crash', () => {
  it.each(['one_for_all', 'rest_for_one'] as const)('%s counts a group restart as one restart', async (strategy) => {
    // intensity 1: one crash is fine even though several children are restarted.
    const sup = await supWith(strategy, ['a', 'b', 'c'], { intensity: 1 });
    const done = waitForEvents(sup.events, 'childRestarted', 3);
    crash(refOf(sup, 'a'));
    await done;
    await flush(sup);
    expect(sup.phase).toBe('running');
    const gaveUp = nextEvent(sup.events, 'gaveUp');
    crash(refOf(sup, 'b'));
    await gaveUp;
    expect((await sup.exited).cause).toBe('reached_max_restart_intensity');
  });
});
