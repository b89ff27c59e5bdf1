import { describe, expect, it } from 'vitest';
import { startSupervisor } from '../../src/index.js';
import { crash, flush, guardUnhandledErrors, nextEvent, refOf, status, stopAllAfterEach, worker } from './helpers.js';

guardUnhandledErrors();
const { track } = stopAllAfterEach();

describe('events', () => {
  it('a listener that throws does not break the supervisor', async () => {
    const reported: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => {
      reported.push(args);
    };
    try {
      const sup = track(await startSupervisor({ children: [{ id: 'a', logic: worker }, { id: 'b', logic: worker }] }));
      const boom = new Error('listener bug');
      for (const type of ['childExited', 'childRestarted', 'childTerminated', '*'] as const) {
        sup.events.on(type as 'childExited', () => {
          throw boom;
        });
      }
      const restarted = nextEvent(sup.events, 'childRestarted');
      const old = refOf(sup, 'a');
      crash(old);
      const { ref } = await restarted;
      expect(ref).not.toBe(old);
      await flush(sup);
      expect(sup.phase).toBe('running');
      expect(status(refOf(sup, 'a'))).toBe('active');
      // Throwing listeners are reported, not rethrown.
      expect(reported.length).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(reported.map(String))).toContain('listener');
      await sup.terminateChild('b');
      expect(await sup.stop()).toEqual({ reason: 'shutdown', cause: 'requested' });
    } finally {
      console.error = originalError;
    }
  });

  it('carry the supervisor name, child id and ref', async () => {
    const sup = track(await startSupervisor({ name: 'named', children: [{ id: 'a', logic: worker }] }));
    const old = refOf(sup, 'a');
    const exited = nextEvent(sup.events, 'childExited');
    const restarted = nextEvent(sup.events, 'childRestarted');
    crash(old);
    expect(await exited).toMatchObject({ supervisor: 'named', id: 'a', ref: old, exit: { reason: 'crashed' } });
    const next = await restarted;
    expect(next).toEqual({ supervisor: 'named', id: 'a', ref: refOf(sup, 'a') });
    const terminated = nextEvent(sup.events, 'childTerminated');
    const stopped = nextEvent(sup.events, 'stopped');
    await sup.stop();
    expect(await terminated).toEqual({ supervisor: 'named', id: 'a', ref: next.ref, outcome: 'killed' });
    expect(await stopped).toEqual({ supervisor: 'named', exit: { reason: 'shutdown', cause: 'requested' } });
  });
});
