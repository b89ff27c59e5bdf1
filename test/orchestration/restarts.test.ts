import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromCallback, fromObservable, fromPromise, fromTransition, type AnyActorRef } from 'xstate';
import { InvalidOptionError, startDynamicSupervisor, startSupervisor } from '../../src/index.js';
import { failsAfterFirstStart, flush, nextEvent, recordEvents, stopAllAfterEach } from '../supervisor/helpers.js';
import { logOf, recorder } from './fixtures.js';

const { track } = stopAllAfterEach();

const crash = (ref: unknown) => (ref as AnyActorRef).send({ type: 'CRASH' });

describe('restartDelay (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a fixed delay: the child shows as restarting, held events wait, and it comes back after exactly the delay', async () => {
    const sup = track(await startSupervisor({ children: [{ id: 'payment', name: 'payment', logic: recorder, restartDelay: 1000 }] }));
    crash(sup.child('payment'));
    await flush(sup);
    expect(sup.whichChildren()[0]).toMatchObject({ id: 'payment', ref: 'restarting', restarts: 0, lastExit: { reason: 'crashed', error: 'Error: recorder crashed' } });
    expect(sup.phase).toBe('restarting');
    expect(sup.send('payment', { type: 'PUSH', value: 'during' })).toBe('held');
    await vi.advanceTimersByTimeAsync(999);
    expect(sup.whichChildren()[0]!.ref).toBe('restarting');
    await vi.advanceTimersByTimeAsync(1);
    await flush(sup);
    const row = sup.whichChildren()[0]!;
    expect(typeof row.ref).toBe('object');
    expect(row.restarts).toBe(1);
    expect(sup.phase).toBe('running');
    expect(logOf(row.ref)).toEqual(['during']);
  });

  it('an exponential delay doubles with each restart in the period, capped at maxDelay', async () => {
    const sup = track(
      await startSupervisor({
        intensity: 10,
        period: 60_000,
        children: [{ id: 'c', logic: recorder, restartDelay: { type: 'exponential', delay: 100, maxDelay: 300 } }],
      }),
    );
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      crash(sup.child('c'));
      await flush(sup);
      const from = Date.now();
      while (sup.whichChildren()[0]!.ref === 'restarting') await vi.advanceTimersByTimeAsync(10);
      waits.push(Date.now() - from);
    }
    expect(waits).toEqual([100, 200, 300, 300]);
    expect(sup.whichChildren()[0]!.restarts).toBe(4);
  });

  it('a delayed restart counts toward the intensity when the child exits, as OTP counts it', async () => {
    const sup = track(await startSupervisor({ intensity: 1, period: 60_000, children: [{ id: 'c', logic: recorder, restartDelay: 5000 }] }));
    const events = recordEvents(sup.events);
    crash(sup.child('c'));
    await flush(sup);
    await vi.advanceTimersByTimeAsync(5000);
    await flush(sup);
    crash(sup.child('c'));
    // The second crash within the period goes past intensity 1 at once, before any delay.
    const exit = await sup.exited;
    expect(exit).toEqual({ reason: 'shutdown', cause: 'reached_max_restart_intensity' });
    expect(events.log.map((e) => e.type)).toContain('gaveUp');
  });

  it('terminateChild during the delay cancels the restart', async () => {
    const sup = track(await startSupervisor({ children: [{ id: 'c', logic: recorder, restartDelay: 1000 }] }));
    crash(sup.child('c'));
    await flush(sup);
    expect(await sup.terminateChild('c')).toEqual({ ok: true });
    await vi.advanceTimersByTimeAsync(5000);
    await flush(sup);
    expect(sup.whichChildren()[0]!.ref).toBeUndefined();
    expect(sup.phase).toBe('running');
  });

  it('refuses a bad restartDelay', async () => {
    await expect(startSupervisor({ children: [{ id: 'c', logic: recorder, restartDelay: -1 }] })).rejects.toMatchObject({ option: 'children[0].restartDelay' });
    await expect(
      startSupervisor({ children: [{ id: 'c', logic: recorder, restartDelay: { type: 'exponential', delay: 100, jitter: 2 } }] }),
    ).rejects.toMatchObject({ option: 'children[0].restartDelay.jitter' });
  });
});

describe('childRestarts (per-child limit under a dynamic supervisor)', () => {
  it('gives up a crash-looping child alone, with its last error; its siblings and the supervisor keep running', async () => {
    const dyn = track(await startDynamicSupervisor({ name: 'orders', intensity: 3, period: 60_000 }));
    const healthy = await Promise.all(
      ['o1', 'o2', 'o3', 'o4', 'o5'].map((name) => dyn.startChild({ id: 'order', name, logic: recorder, childRestarts: { intensity: 2, period: 60_000 } })),
    );
    const looping = await dyn.startChild({ id: 'order', name: 'bad', logic: recorder, childRestarts: { intensity: 2, period: 60_000 } });
    expect(looping.ok).toBe(true);
    const events = recordEvents(dyn.events);
    for (let i = 0; i < 3; i++) {
      dyn.send('bad', { type: 'CRASH' });
      await flush(dyn);
    }
    const gaveUp = events.log.filter((e) => e.type === 'childGaveUp');
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]!.event).toMatchObject({ supervisor: 'orders', id: 'order', name: 'bad', restarts: 2 });
    expect(String((gaveUp[0]!.event as { error: unknown }).error)).toContain('recorder crashed');
    expect(events.log.map((e) => e.type)).not.toContain('gaveUp');
    expect(dyn.phase).toBe('running');
    expect(dyn.countChildren()).toMatchObject({ specs: 5, active: 5 });
    for (const r of healthy) expect((r as { ref: AnyActorRef }).ref.getSnapshot().status).toBe('active');
    expect(() => dyn.send('bad', { type: 'PUSH', value: 'x' })).toThrow(expect.objectContaining({ code: 'ERR_NAME_NOT_REGISTERED' }));
    // Without the per-child limit, the same loop exhausts the supervisor's intensity (OTP semantics).
    const plain = track(await startDynamicSupervisor({ intensity: 3, period: 60_000 }));
    await plain.startChild({ name: 'plain-bad', logic: recorder });
    await plain.startChild({ logic: recorder });
    for (let i = 0; i < 4; i++) {
      plain.send('plain-bad', { type: 'CRASH' });
      await flush(plain).catch(() => undefined);
    }
    expect(await plain.exited).toEqual({ reason: 'shutdown', cause: 'reached_max_restart_intensity' });
  });

  it("a failed restart counts against the child's own limit: past it the child is given up with the start error", async () => {
    const dyn = track(await startDynamicSupervisor({ intensity: 10, period: 60_000 }));
    const flaky = failsAfterFirstStart();
    const sibling = await dyn.startChild({ logic: recorder });
    await dyn.startChild({ name: 'flaky', logic: flaky.logic, childRestarts: { intensity: 1, period: 60_000 } });
    const gaveUp = nextEvent(dyn.events, 'childGaveUp');
    dyn.send('flaky', { type: 'CRASH' });
    const event = await gaveUp;
    expect(event).toMatchObject({ name: 'flaky', ref: undefined, restarts: 0 });
    expect(String(event.error)).toContain('start #2 failed');
    await flush(dyn);
    expect(dyn.phase).toBe('running');
    expect(dyn.countChildren()).toMatchObject({ specs: 1, active: 1 });
    expect((sibling as { ref: AnyActorRef }).ref.getSnapshot().status).toBe('active');
  });

  it('is refused under a static supervisor and when malformed', async () => {
    await expect(startSupervisor({ children: [{ id: 'c', logic: recorder, childRestarts: { intensity: 1, period: 1000 } }] })).rejects.toBeInstanceOf(InvalidOptionError);
    const dyn = track(await startDynamicSupervisor());
    await expect(dyn.startChild({ logic: recorder, childRestarts: { intensity: -1, period: 1000 } })).rejects.toMatchObject({ option: 'child.childRestarts.intensity' });
    await expect(dyn.startChild({ logic: recorder, childRestarts: { intensity: 1 } as never })).rejects.toMatchObject({ option: 'child.childRestarts.period' });
  });
});

describe('fromPromise children', () => {
  it('only fromPromise logic defaults to temporary: callbacks, observables, transitions and machines stay permanent', async () => {
    const sup = track(
      await startSupervisor({
        children: [
          { id: 'callback', logic: fromCallback(() => () => undefined), shutdown: 'brutal_kill' },
          { id: 'observable', logic: fromObservable(() => ({ subscribe: () => ({ unsubscribe: () => undefined }) })), shutdown: 'brutal_kill' },
          { id: 'transition', logic: fromTransition((state: number) => state, 0), shutdown: 'brutal_kill' },
          { id: 'machine', logic: recorder },
          { id: 'promise', logic: fromPromise(() => new Promise<void>(() => undefined)), shutdown: 'brutal_kill' },
        ],
      }),
    );
    const restartOf = (id: string) => sup.getChildSpec(id)?.restart;
    expect(['callback', 'observable', 'transition', 'machine', 'promise'].map(restartOf)).toEqual(['permanent', 'permanent', 'permanent', 'permanent', 'temporary']);
  });

  it('default to temporary: a promise that resolves is not restarted and its supervisor stays up', async () => {
    let runs = 0;
    const sup = track(
      await startSupervisor({
        intensity: 1,
        children: [
          {
            id: 'task',
            logic: fromPromise(async () => {
              runs++;
              return 'done';
            }),
          },
          { id: 'other', logic: recorder },
        ],
      }),
    );
    expect(sup.getChildSpec('task')?.restart).toBe('temporary');
    expect(sup.getChildSpec('other')?.restart).toBe('permanent');
    while (sup.whichChildren().some((c) => c.id === 'task')) await new Promise(setImmediate);
    await flush(sup);
    expect(runs).toBe(1);
    expect(sup.phase).toBe('running');
  });

  it('an explicit restart type is kept (transient: a rejected promise is restarted)', async () => {
    let runs = 0;
    const sup = track(
      await startSupervisor({
        intensity: 5,
        children: [
          {
            id: 'task',
            restart: 'transient',
            logic: fromPromise(async () => {
              runs++;
              if (runs < 3) throw new Error(`attempt ${runs} failed`);
              return 'ok';
            }),
          },
        ],
      }),
    );
    while (runs < 3 || sup.whichChildren()[0]!.ref !== undefined) await new Promise(setImmediate);
    await flush(sup);
    expect(sup.whichChildren()[0]).toMatchObject({ restarts: 2, lastExit: { reason: 'normal' } });
    expect(sup.getChildSpec('task')?.restart).toBe('transient');
  });
});
