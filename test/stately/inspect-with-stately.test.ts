import { createInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError, startSupervisor } from '../../src/index.js';
import { inspectWithStately } from '../../src/stately/index.js';
import { crasher, sleep, startSystem } from '../dashboard/helpers.js';

// The real @statelyai/inspect: `createInspector` (what every Stately inspector is built on) with an
// adapter that keeps what it is sent.

function collecting(): { events: StatelyInspectionEvent[]; inspector: ReturnType<typeof createInspector> } {
  const events: StatelyInspectionEvent[] = [];
  const inspector = createInspector({ send: (event) => void events.push(event) });
  return { events, inspector };
}

const actorsOf = (events: StatelyInspectionEvent[]) =>
  events.filter((event): event is Extract<StatelyInspectionEvent, { type: '@xstate.actor' }> => event.type === '@xstate.actor');

describe('inspectWithStately', () => {
  it('registers the running tree with its parents: supervisors, pool, breaker, workers, user machines', async () => {
    const system = await startSystem('st-tree');
    const { events, inspector } = collecting();
    const forwarding = inspectWithStately(inspector, { watch: [system.app] });
    try {
      const actors = actorsOf(events);
      const bySession = new Map(actors.map((event) => [event.sessionId, event]));
      const app = system.app.actor.sessionId;
      const jobs = system.jobs.actor.sessionId;
      const cleaner = system.jobs.whichChildren().find((child) => child.id === 'cleaner')?.ref as { sessionId: string };
      expect(bySession.get(app)?.parentId).toBeUndefined();
      expect(bySession.get(jobs)?.parentId).toBe(app);
      expect(bySession.get(cleaner.sessionId)?.parentId).toBe(jobs);
      expect(bySession.get(cleaner.sessionId)?.rootId).toBe(app);
      const workers = system.images.workerSupervisor!;
      expect(bySession.get(workers.actor.sessionId)?.parentId).toBe(system.images.actor.sessionId);
      for (const { ref } of workers.whichChildren()) expect(bySession.get((ref as { sessionId: string }).sessionId)?.parentId).toBe(workers.actor.sessionId);
      expect(bySession.get(system.images.breakerActor!.sessionId)?.parentId).toBe(system.images.actor.sessionId);
      // 3 workers, breaker, worker supervisor, pool, cleaner, inner, leaf, jobs, sessions, app.
      expect(actors.length).toBe(12);
    } finally {
      forwarding.stop();
      await system.close();
    }
  });

  it('forwards the live stream (a crash and its restart) until stop(), and refuses bad input', async () => {
    const system = await startSystem('st-live');
    const { events, inspector } = collecting();
    const forwarding = inspectWithStately(inspector, { watch: [system.app] });
    try {
      const jobs = system.jobs.actor.sessionId;
      const before = system.jobs.whichChildren().find((child) => child.id === 'cleaner')?.ref as { sessionId: string; send(event: { type: string }): void };
      events.length = 0;
      before.send({ type: 'CRASH' });
      await sleep(50);
      const after = system.jobs.whichChildren().find((child) => child.id === 'cleaner')?.ref as { sessionId: string; send(event: { type: string }): void };
      expect(after.sessionId).not.toBe(before.sessionId);
      expect(actorsOf(events).find((event) => event.sessionId === after.sessionId)?.parentId).toBe(jobs);
      expect(events.some((event) => event.type === '@xstate.event' && event.sessionId === before.sessionId && event.event.type === 'CRASH')).toBe(true);
      forwarding.stop();
      forwarding.stop();
      const count = events.length;
      after.send({ type: 'PING' });
      await sleep(20);
      expect(events.length).toBe(count);
      expect(() => inspectWithStately({} as never)).toThrow(InvalidOptionError);
      expect(() => inspectWithStately(inspector, { watch: 'all' as never })).toThrow(InvalidOptionError);
      expect(() => inspectWithStately(inspector, { watch: [{}] as never })).toThrow(/watch\[0\]/);
      expect(() => inspectWithStately(inspector, { wacth: [] } as never)).toThrow(/wacth/);
    } finally {
      forwarding.stop();
      await system.close();
    }
  });

  it('forwards a root started later from its creation, when no watch list is given', async () => {
    const { events, inspector } = collecting();
    const forwarding = inspectWithStately(inspector);
    const later = await startSupervisor({ name: 'st-later', children: [{ id: 'worker', logic: crasher }] });
    try {
      const child = later.whichChildren()[0]?.ref as { sessionId: string };
      // The inspector converts stream events on an idle callback.
      await sleep(50);
      const actors = actorsOf(events);
      expect(actors.find((event) => event.sessionId === later.actor.sessionId)?.name).toBe('supervisor');
      expect(actors.find((event) => event.sessionId === child.sessionId)?.parentId).toBe(later.actor.sessionId);
      expect(events.some((event) => event.type === '@xstate.snapshot' && event.sessionId === later.actor.sessionId)).toBe(true);
    } finally {
      forwarding.stop();
      await later.stop();
    }
  });
});
