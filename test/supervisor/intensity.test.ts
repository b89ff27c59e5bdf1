import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setup } from 'xstate';
import { startSupervisor } from '../../src/index.js';
import { RestartWindow } from '../../supervisor/restart-intensity.js';
import {
  crash,
  failsAfterFirstStart,
  flush,
  guardUnhandledErrors,
  nextEvent,
  recordEvents,
  refOf,
  status,
  stopAllAfterEach,
  waitForEvents,
  worker,
} from './helpers.js';

guardUnhandledErrors();
const { track } = stopAllAfterEach();

describe('restart intensity over time (Date faked, timers real)', () => {
  const T0 = new Date('2030-01-01T00:00:00Z').getTime();
  beforeEach(() => {
    // Only Date is faked: the core reads Date.now(); xstate and the test keep real timers.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function crashAndRestart(sup: Awaited<ReturnType<typeof startSupervisor>>): Promise<void> {
    const restarted = nextEvent(sup.events, 'childRestarted');
    crash(refOf(sup, 'a'));
    await restarted;
    await flush(sup);
  }

  it('crashes spaced further apart than period never exhaust intensity', async () => {
    const sup = track(await startSupervisor({ intensity: 1, period: 1000, children: [{ id: 'a', logic: worker }] }));
    const events = recordEvents(sup.events);
    for (let i = 0; i < 6; i++) {
      await crashAndRestart(sup);
      vi.setSystemTime(Date.now() + 1001);
    }
    expect(events.count('childRestarted')).toBe(6);
    expect(events.count('gaveUp')).toBe(0);
    expect(sup.phase).toBe('running');

    // The same limit is reached by two crashes inside one period.
    await crashAndRestart(sup);
    vi.setSystemTime(Date.now() + 999);
    const gaveUp = nextEvent(sup.events, 'gaveUp');
    crash(refOf(sup, 'a'));
    await gaveUp;
    expect((await sup.exited).cause).toBe('reached_max_restart_intensity');
  });

  it('counts intensity + 1 restarts inside the window, not the ones that fell out of it', async () => {
    const sup = track(await startSupervisor({ intensity: 3, period: 10_000, children: [{ id: 'a', logic: worker }] }));
    // t=0, 4000, 8000 (3 in window), then t=12001: the t=0 one has expired, so still 3.
    for (const at of [0, 4000, 8000, 12_001]) {
      vi.setSystemTime(T0 + at);
      await crashAndRestart(sup);
    }
    expect(sup.phase).toBe('running');
    // t=12002: window (2002..12002] holds 4000, 8000, 12001, 12002 = 4 > 3.
    vi.setSystemTime(T0 + 12_002);
    const gaveUp = nextEvent(sup.events, 'gaveUp');
    crash(refOf(sup, 'a'));
    await gaveUp;
  });

  it('a restart exactly `period` ms after an earlier one still counts (OTP: Now - Then =< Period)', async () => {
    const sup = track(await startSupervisor({ intensity: 1, period: 1000, children: [{ id: 'a', logic: worker }] }));
    await crashAndRestart(sup);
    vi.setSystemTime(T0 + 1000);
    const gaveUp = nextEvent(sup.events, 'gaveUp');
    crash(refOf(sup, 'a'));
    await gaveUp;
    expect((await sup.exited).cause).toBe('reached_max_restart_intensity');
  });
});

describe('restart intensity (RestartWindow)', () => {
  /** The old RestartIntensity.allow(now): records the restart and says whether it fits. */
  function limiter(intensity: number, period: number) {
    const window = new RestartWindow(period);
    let last = 0;
    return {
      allow(now: number): boolean {
        last = now;
        return window.record(now) <= intensity;
      },
      get count(): number {
        return window.count(last);
      },
    };
  }

  it('allows `intensity` restarts within `period` and refuses the next one', () => {
    const limit = limiter(2, 100);
    expect([limit.allow(0), limit.allow(10), limit.allow(20)]).toEqual([true, true, false]);
    const later = limiter(2, 100);
    expect([later.allow(0), later.allow(10), later.allow(101)]).toEqual([true, true, true]);
    expect(later.count).toBe(2);
  });

  it('keeps a restart exactly `period` old inside the window', () => {
    const limit = limiter(1, 100);
    expect(limit.allow(0)).toBe(true);
    expect(limit.allow(100)).toBe(false);
  });
});


describe('intensity limits', () => {
  it('intensity 0: the first crash makes the supervisor give up', async () => {
    const sup = track(
      await startSupervisor({
        intensity: 0,
        children: [
          { id: 'a', logic: worker },
          { id: 'b', logic: worker },
        ],
      }),
    );
    const b = refOf(sup, 'b');
    const events = recordEvents(sup.events);
    crash(refOf(sup, 'a'));
    expect(await sup.exited).toEqual({ reason: 'shutdown', cause: 'reached_max_restart_intensity' });
    expect(events.count('childRestarted')).toBe(0);
    expect(events.log.find((e) => e.type === 'gaveUp')!.event).toMatchObject({ intensity: 0, period: 5000 });
    expect(status(b)).toBe('stopped');
  });

  it('only restarts count: a transient normal exit does not use up intensity', async () => {
    const sup = track(
      await startSupervisor({
        intensity: 1,
        children: [
          { id: 't1', logic: worker, restart: 'transient' },
          { id: 't2', logic: worker, restart: 'transient' },
          { id: 'a', logic: worker },
        ],
      }),
    );
    refOf(sup, 't1').send({ type: 'STOP' });
    refOf(sup, 't2').send({ type: 'STOP' });
    const restarted = nextEvent(sup.events, 'childRestarted');
    crash(refOf(sup, 'a'));
    await restarted;
    await flush(sup);
    expect(sup.phase).toBe('running');
  });

  it('a restart that keeps failing uses up intensity; childStartFailed is emitted for each failure', async () => {
    const flaky = failsAfterFirstStart();
    const sup = track(
      await startSupervisor({
        name: 'flaky-sup',
        intensity: 3,
        period: 60_000,
        children: [
          { id: 'ok', logic: worker },
          { id: 'flaky', logic: flaky.logic },
        ],
      }),
    );
    const ok = refOf(sup, 'ok');
    const events = recordEvents(sup.events);
    const gaveUp = nextEvent(sup.events, 'gaveUp');
    crash(refOf(sup, 'flaky'));
    await gaveUp;
    expect(await sup.exited).toEqual({ reason: 'shutdown', cause: 'reached_max_restart_intensity' });
    // 1 crash + 3 failed restarts = 4 restarts > 3.
    const failures = events.log.filter((e) => e.type === 'childStartFailed').map((e) => e.event);
    expect(failures).toHaveLength(3);
    for (const failure of failures) {
      expect(failure).toMatchObject({ supervisor: 'flaky-sup', id: 'flaky' });
      expect(String((failure as { error: unknown }).error)).toMatch(/start #\d+ failed/);
    }
    expect(flaky.starts()).toBe(4);
    expect(events.count('childRestarted')).toBe(0);
    expect(events.ids('childTerminated')).toEqual(['ok']);
    expect(status(ok)).toBe('stopped');
  });

  it('while a restart is being retried the child shows as restarting', async () => {
    const flaky = failsAfterFirstStart();
    const sup = track(
      await startSupervisor({ intensity: 3, period: 60_000, children: [{ id: 'flaky', logic: flaky.logic }] }),
    );
    const rows: unknown[] = [];
    const phases: string[] = [];
    sup.events.on('childStartFailed', () => {
      rows.push(sup.whichChildren()[0]!.ref);
      phases.push(sup.phase);
    });
    const failed = waitForEvents(sup.events, 'childStartFailed', 3);
    crash(refOf(sup, 'flaky'));
    await failed;
    await sup.exited;
    expect(rows).toEqual(['restarting', 'restarting', 'restarting']);
    expect(phases).toEqual(['restarting', 'restarting', 'restarting']);
  });

  it('a restart that fails once and then succeeds is retried', async () => {
    let starts = 0;
    const logic = setup({ types: { events: {} as { type: 'CRASH' } } }).createMachine({
      entry: () => {
        starts++;
        if (starts === 2) throw new Error('second start fails');
      },
      on: {
        CRASH: {
          actions: () => {
            throw new Error('crash');
          },
        },
      },
    });
    const sup = track(await startSupervisor({ intensity: 5, children: [{ id: 'x', logic }] }));
    const events = recordEvents(sup.events);
    const restarted = nextEvent(sup.events, 'childRestarted');
    crash(refOf(sup, 'x'));
    await restarted;
    await flush(sup);
    expect(events.log.map((e) => e.type)).toEqual(['childExited', 'childStartFailed', 'childRestarted']);
    expect(starts).toBe(3);
    expect(sup.phase).toBe('running');
    expect(status(refOf(sup, 'x'))).toBe('active');
  });
});
