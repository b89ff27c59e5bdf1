import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { STARTING_TAG, startSupervisor } from '../../src/index.js';
import {
  crash,
  failsAfterFirstStart,
  flush,
  guardUnhandledErrors,
  nextEvent,
  recordEvents,
  refOf,
  stopAllAfterEach,
  within,
  worker,
} from '../supervisor/helpers.js';

guardUnhandledErrors();
const { track } = stopAllAfterEach();

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('one_for_all retry cancelled by terminateChild', () => {
  it('does not leave the bystanders marked restarting forever', async () => {
    const flaky = failsAfterFirstStart();
    const sup = track(
      await startSupervisor({
        strategy: 'one_for_all',
        intensity: 100,
        period: 60_000,
        children: [
          { id: 'flaky', logic: flaky.logic },
          { id: 'bystander', logic: worker },
        ],
      }),
    );
    // On the first failed restart (flaky fails to start, bystander was terminated and is waiting
    // to be started again), cancel the retry by terminating the failed child — as OTP allows.
    let terminated: Promise<unknown> | undefined;
    sup.events.on('childStartFailed', () => {
      if (terminated === undefined) terminated = sup.terminateChild('flaky');
    });
    const failed = nextEvent(sup.events, 'childStartFailed');
    crash(refOf(sup, 'flaky'));
    await failed;
    expect(await terminated).toEqual({ ok: true });
    for (let i = 0; i < 3; i++) {
      await tick();
      await flush(sup);
    }
    // The retry was cancelled; the bystander is either running again or plainly terminated,
    // but never stuck in 'restarting' with the supervisor stuck in the restarting phase.
    const bystander = sup.whichChildren().find((c) => c.id === 'bystander')!;
    expect(bystander.ref, 'bystander stays "restarting" with no retry queued').not.toBe('restarting');
    expect(sup.phase).toBe('running');
    // And the admin API must be able to do something with it.
    const restarted = await sup.restartChild('bystander');
    expect(restarted).not.toEqual({ ok: false, reason: 'restarting' });
  });
});

describe('supervisor stopped by force while a restart is in progress', () => {
  it('reports nothing after `stopped` (no childStartFailed / gaveUp after being killed)', async () => {
    // First start is immediate; every later start stays in a STARTING_TAG state (a slow restart).
    let starts = 0;
    const slowRestart = setup({
      types: { context: {} as { n: number }, events: {} as { type: 'CRASH' } },
      actions: {
        crash: () => {
          throw new Error('boom');
        },
      },
    }).createMachine({
      context: () => ({ n: ++starts }),
      initial: 'boot',
      states: {
        boot: { always: [{ guard: ({ context }) => context.n === 1, target: 'ready' }, { target: 'starting' }] },
        starting: { tags: [STARTING_TAG] },
        ready: { on: { CRASH: { actions: 'crash' } } },
      },
    });
    const sup = await startSupervisor({ intensity: 1, period: 60_000, children: [{ id: 'a', logic: slowRestart }] });
    const events = recordEvents(sup.events);
    crash(refOf(sup, 'a'));
    // wait until the restart is under way (second start began and is waiting in `starting`)
    for (let i = 0; i < 50 && starts < 2; i++) await tick();
    expect(starts).toBe(2);
    expect(sup.phase).toBe('restarting');

    sup.actor.stop(); // forced stop while restarting
    const exit = await within(sup.exited, 2000, 'exited');
    expect(exit).toEqual({ reason: 'shutdown', cause: 'killed' });
    for (let i = 0; i < 5; i++) await tick();
    const types = events.log.map((e) => e.type);
    const afterStopped = types.slice(types.indexOf('stopped') + 1);
    expect(afterStopped, `events after stopped: ${types.join(', ')}`).toEqual([]);
  });
});
