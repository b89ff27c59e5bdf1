import { describe, expect, it } from 'vitest';
import { fromPromise } from 'xstate';
import { startSupervisor, type RestartType } from '../../src/index.js';
import {
  CrashError,
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
  kill,
} from './helpers.js';

guardUnhandledErrors();
const { track } = stopAllAfterEach();

async function single(restart: RestartType) {
  return track(
    await startSupervisor({
      name: `sup-${restart}`,
      intensity: 10,
      period: 60_000,
      children: [
        { id: 'c', logic: worker, restart },
        { id: 'other', logic: worker },
      ],
    }),
  );
}

type Exit = 'normal' | 'shutdown' | 'crash' | 'killed';

/** Makes child `c` exit the given way and returns the actor that exited. */
function exitChild(sup: Awaited<ReturnType<typeof single>>, how: Exit) {
  const ref = refOf(sup, 'c');
  if (how === 'normal') send(ref, 'STOP');
  else if (how === 'shutdown') send(ref, 'EXIT_SHUTDOWN');
  else if (how === 'crash') crash(ref);
  else kill(ref);
  return ref;
}

const expectedExit = {
  normal: { reason: 'normal' },
  shutdown: { reason: 'shutdown' },
  crash: { reason: 'crashed', error: expect.any(CrashError) },
  killed: { reason: 'killed' },
} as const;

describe('permanent', () => {
  it.each(['normal', 'shutdown', 'crash', 'killed'] as const)('is restarted after a %s exit', async (how) => {
    const sup = await single('permanent');
    const other = refOf(sup, 'other');
    const exited = nextEvent(sup.events, 'childExited');
    const restarted = nextEvent(sup.events, 'childRestarted');
    const old = exitChild(sup, how);
    expect(await exited).toEqual({ supervisor: 'sup-permanent', id: 'c', ref: old, exit: expectedExit[how] });
    const { id, ref } = await restarted;
    expect(id).toBe('c');
    expect(ref).not.toBe(old);
    expect(status(ref)).toBe('active');
    expect(refOf(sup, 'c')).toBe(ref);
    expect(refOf(sup, 'other')).toBe(other);
  });

  it('a fromPromise child given restart: permanent explicitly is restarted each time it resolves', async () => {
    let runs = 0;
    const sup = track(
      await startSupervisor({
        intensity: 100,
        children: [
          {
            id: 'p',
            logic: fromPromise(async () => {
              runs++;
              return runs;
            }),
            restart: 'permanent',
          },
        ],
      }),
    );
    await nextEvent(sup.events, 'childRestarted', () => runs >= 3);
    expect(runs).toBeGreaterThanOrEqual(3);
  });
});

describe('transient', () => {
  it.each(['normal', 'shutdown'] as const)('is not restarted after a %s exit; its spec is kept', async (how) => {
    const sup = await single('transient');
    const events = recordEvents(sup.events);
    const old = exitChild(sup, how);
    await flush(sup);
    expect(events.log.map((e) => [e.type, e.id])).toEqual([['childExited', 'c']]);
    expect(events.log[0]!.event).toMatchObject({ ref: old, exit: expectedExit[how] });
    expect(sup.getChildSpec('c')).toMatchObject({ id: 'c', restart: 'transient' });
    expect(sup.whichChildren()).toEqual([
      { id: 'c', ref: undefined, type: 'worker', name: undefined, restarts: 0, lastExit: { reason: how, at: expect.any(Number) } },
      { id: 'other', ref: refOf(sup, 'other'), type: 'worker', name: undefined, restarts: 0, lastExit: null },
    ]);
    expect(sup.countChildren()).toMatchObject({ specs: 2, active: 1 });
    // It can be restarted by hand.
    const again = await sup.restartChild('c');
    expect(again.ok).toBe(true);
  });

  it.each(['crash', 'killed'] as const)('is restarted after a %s exit', async (how) => {
    const sup = await single('transient');
    const restarted = nextEvent(sup.events, 'childRestarted');
    const old = exitChild(sup, how);
    const { ref } = await restarted;
    expect(ref).not.toBe(old);
    expect(refOf(sup, 'c')).toBe(ref);
  });
});

describe('temporary', () => {
  it.each(['normal', 'shutdown', 'crash', 'killed'] as const)('is never restarted (%s exit) and its spec is gone', async (how) => {
    const sup = await single('temporary');
    const events = recordEvents(sup.events);
    exitChild(sup, how);
    await flush(sup);
    expect(events.log.map((e) => [e.type, e.id])).toEqual([['childExited', 'c']]);
    expect(sup.getChildSpec('c')).toBeUndefined();
    expect(sup.whichChildren().map((c) => c.id)).toEqual(['other']);
    expect(await sup.restartChild('c')).toEqual({ ok: false, reason: 'not_found' });
  });
});
