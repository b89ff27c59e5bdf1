import { describe, expect, it } from 'vitest';
import { SupervisorNotRunningError, startSupervisor, supervisorSpec } from '../../src/index.js';
import {
  failsAfterFirstStart,
  failingEntry,
  flush,
  crash,
  guardUnhandledErrors,
  nextEvent,
  recordEvents,
  refOf,
  status,
  stopAllAfterEach,
  trackedWorker,
  worker,
} from './helpers.js';

guardUnhandledErrors();
const { track } = stopAllAfterEach();

async function twoWorkers() {
  return track(
    await startSupervisor({
      name: 'admin',
      children: [
        { id: 'a', logic: worker },
        { id: 'b', logic: worker },
      ],
    }),
  );
}

describe('startChild', () => {
  it('starts a new child at the end of the start order', async () => {
    const sup = await twoWorkers();
    const events = recordEvents(sup.events);
    const result = await sup.startChild({ id: 'c', logic: worker });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(status(result.ref)).toBe('active');
    expect(sup.whichChildren().map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(refOf(sup, 'c')).toBe(result.ref);
    expect(events.log).toEqual([
      { type: 'childStarted', id: 'c', event: { supervisor: 'admin', id: 'c', ref: result.ref } },
    ]);
  });

  it('answers already_started with the running ref', async () => {
    const sup = await twoWorkers();
    const ref = refOf(sup, 'a');
    const result = await sup.startChild({ id: 'a', logic: worker });
    expect(result).toEqual({ ok: false, reason: 'already_started', ref });
    expect(refOf(sup, 'a')).toBe(ref);
  });

  it('answers already_present for a terminated child whose spec is kept', async () => {
    const sup = await twoWorkers();
    expect(await sup.terminateChild('a')).toEqual({ ok: true });
    expect(await sup.startChild({ id: 'a', logic: worker })).toEqual({ ok: false, reason: 'already_present' });
    expect(sup.whichChildren().find((c) => c.id === 'a')!.ref).toBeUndefined();
  });

  it('answers start_failed when the new child cannot start, and keeps no spec', async () => {
    const sup = await twoWorkers();
    const boom = new Error('nope');
    const result = await sup.startChild({ id: 'bad', logic: failingEntry(boom) });
    expect(result).toEqual({ ok: false, reason: 'start_failed', error: boom });
    expect(sup.getChildSpec('bad')).toBeUndefined();
    expect(sup.countChildren().specs).toBe(2);
    expect(sup.phase).toBe('running');
  });
});

describe('terminateChild / restartChild / deleteChild', () => {
  it('terminating twice is fine', async () => {
    const sup = await twoWorkers();
    const ref = refOf(sup, 'a');
    expect(await sup.terminateChild('a')).toEqual({ ok: true });
    expect(status(ref)).toBe('stopped');
    expect(await sup.terminateChild('a')).toEqual({ ok: true });
    expect(await sup.terminateChild('missing')).toEqual({ ok: false, reason: 'not_found' });
    // The other child is untouched.
    expect(status(refOf(sup, 'b'))).toBe('active');
  });

  it('restartChild: running / not_found / a new actor after terminate', async () => {
    const sup = await twoWorkers();
    const events = recordEvents(sup.events);
    const old = refOf(sup, 'a');
    expect(await sup.restartChild('a')).toEqual({ ok: false, reason: 'running' });
    expect(await sup.restartChild('missing')).toEqual({ ok: false, reason: 'not_found' });
    await sup.terminateChild('a');
    const result = await sup.restartChild('a');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ref).not.toBe(old);
    expect(status(result.ref)).toBe('active');
    expect(refOf(sup, 'a')).toBe(result.ref);
    // The start order is kept.
    expect(sup.whichChildren().map((c) => c.id)).toEqual(['a', 'b']);
    expect(events.log.map((e) => [e.type, e.id])).toEqual([
      ['childTerminated', 'a'],
      ['childStarted', 'a'],
    ]);
  });

  it('restartChild answers start_failed when the kept spec no longer starts', async () => {
    const flaky = failsAfterFirstStart();
    const sup = track(await startSupervisor({ children: [{ id: 'f', logic: flaky.logic }] }));
    await sup.terminateChild('f');
    const result = await sup.restartChild('f');
    expect(result).toMatchObject({ ok: false, reason: 'start_failed' });
    expect(String((result as { error: unknown }).error)).toContain('start #2 failed');
    // The spec stays, terminated.
    expect(sup.whichChildren()).toEqual([{ id: 'f', ref: undefined, type: 'worker', name: undefined, restarts: 0, lastExit: { reason: 'killed', at: expect.any(Number) } }]);
  });

  it('deleteChild: running / not_found / ok, then restartChild is not_found', async () => {
    const sup = await twoWorkers();
    expect(await sup.deleteChild('a')).toEqual({ ok: false, reason: 'running' });
    expect(await sup.deleteChild('missing')).toEqual({ ok: false, reason: 'not_found' });
    await sup.terminateChild('a');
    expect(await sup.deleteChild('a')).toEqual({ ok: true });
    expect(sup.getChildSpec('a')).toBeUndefined();
    expect(await sup.restartChild('a')).toEqual({ ok: false, reason: 'not_found' });
    expect(await sup.deleteChild('a')).toEqual({ ok: false, reason: 'not_found' });
    // The id is free again.
    const again = await sup.startChild({ id: 'a', logic: worker });
    expect(again.ok).toBe(true);
    expect(sup.whichChildren().map((c) => c.id)).toEqual(['b', 'a']);
  });

  it('terminating a temporary child forgets its spec', async () => {
    const sup = track(await startSupervisor({ children: [{ id: 't', logic: worker, restart: 'temporary' }] }));
    expect(await sup.terminateChild('t')).toEqual({ ok: true });
    expect(sup.getChildSpec('t')).toBeUndefined();
    expect(await sup.terminateChild('t')).toEqual({ ok: false, reason: 'not_found' });
    expect(await sup.restartChild('t')).toEqual({ ok: false, reason: 'not_found' });
  });

  it('a terminated child is not restarted by its supervisor', async () => {
    const sup = await twoWorkers();
    const events = recordEvents(sup.events);
    await sup.terminateChild('a');
    await flush(sup);
    expect(events.ids('childRestarted')).toEqual([]);
    expect(events.ids('childExited')).toEqual([]);
    expect(sup.countChildren()).toMatchObject({ specs: 2, active: 1 });
  });
});

describe('a child whose restart is being retried', () => {
  async function flakySup() {
    const flaky = failsAfterFirstStart();
    const sup = track(
      await startSupervisor({
        intensity: 100,
        period: 60_000,
        children: [
          { id: 'ok', logic: worker },
          { id: 'flaky', logic: flaky.logic },
        ],
      }),
    );
    return { sup, flaky };
  }

  /** Crashes `flaky`; on its first failed restart runs `during` (before the retry is queued). */
  async function duringRetry<T>(sup: Awaited<ReturnType<typeof flakySup>>['sup'], during: () => Promise<T>): Promise<T> {
    let answer: Promise<T> | undefined;
    const failed = nextEvent(sup.events, 'childStartFailed');
    sup.events.on('childStartFailed', () => {
      if (answer !== undefined) return;
      expect(sup.whichChildren()[1]!.ref).toBe('restarting');
      expect(sup.phase).toBe('restarting');
      answer = during();
    });
    crash(refOf(sup, 'flaky'));
    await failed;
    return answer!;
  }

  /** Lets an already queued retry run (it is queued after a setImmediate). */
  async function settleRetry(sup: Awaited<ReturnType<typeof flakySup>>['sup']): Promise<void> {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      await flush(sup);
    }
  }

  it('terminateChild cancels the retry and the supervisor is running again', async () => {
    const { sup, flaky } = await flakySup();
    expect(await duringRetry(sup, () => sup.terminateChild('flaky'))).toEqual({ ok: true });
    await settleRetry(sup);
    expect(flaky.starts()).toBe(2);
    expect(sup.phase).toBe('running');
    expect(sup.actor.getSnapshot().value).toBe('running');
    expect(sup.whichChildren().map((c) => [c.id, c.ref === undefined])).toEqual([
      ['ok', false],
      ['flaky', true],
    ]);
    expect(sup.getChildSpec('flaky')).toBeDefined();
  });

  it('restartChild and deleteChild answer restarting; after terminateChild the spec can be deleted', async () => {
    const { sup, flaky } = await flakySup();
    const answers = await duringRetry(sup, () => Promise.all([sup.restartChild('flaky'), sup.deleteChild('flaky')]));
    expect(answers).toEqual([
      { ok: false, reason: 'restarting' },
      { ok: false, reason: 'restarting' },
    ]);
    // The retry went on (and kept failing); cancel it.
    const terminated = await sup.terminateChild('flaky');
    expect(terminated).toEqual({ ok: true });
    expect(await sup.deleteChild('flaky')).toEqual({ ok: true });
    const startsAfterDelete = flaky.starts();
    await settleRetry(sup);
    expect(flaky.starts()).toBe(startsAfterDelete);
    expect(sup.phase).toBe('running');
    expect(sup.whichChildren().map((c) => c.id)).toEqual(['ok']);
  });
});

describe('whichChildren / countChildren', () => {
  it('list ids, refs and types in start order and count them', async () => {
    const tracked = trackedWorker();
    const sup = track(
      await startSupervisor({
        children: [
          { id: 'w1', logic: tracked.logic },
          supervisorSpec('s1', { children: [{ id: 'inner', logic: worker }] }),
          { id: 'w2', logic: tracked.logic },
        ],
      }),
    );
    const rows = sup.whichChildren();
    expect(rows.map((r) => [r.id, r.type])).toEqual([
      ['w1', 'worker'],
      ['s1', 'supervisor'],
      ['w2', 'worker'],
    ]);
    expect(rows[0]!.ref).toBe(tracked.refs[0]);
    expect(rows[2]!.ref).toBe(tracked.refs[1]);
    expect(status(rows[1]!.ref)).toBe('active');
    expect(sup.countChildren()).toEqual({ specs: 3, active: 3, supervisors: 1, workers: 2 });

    await sup.terminateChild('w2');
    await sup.terminateChild('s1');
    expect(sup.whichChildren().map((r) => [r.id, r.ref])).toEqual([
      ['w1', tracked.refs[0]],
      ['s1', undefined],
      ['w2', undefined],
    ]);
    expect(sup.countChildren()).toEqual({ specs: 3, active: 1, supervisors: 1, workers: 2 });
  });
});

describe('after stop', () => {
  it('every admin call rejects with SupervisorNotRunningError; queries answer empty', async () => {
    const sup = await startSupervisor({ name: 'gone', children: [{ id: 'a', logic: worker }] });
    await sup.stop();
    for (const call of [
      () => sup.startChild({ id: 'b', logic: worker }),
      () => sup.terminateChild('a'),
      () => sup.restartChild('a'),
      () => sup.deleteChild('a'),
    ]) {
      const error = await call().catch((err: unknown) => err);
      expect(error).toBeInstanceOf(SupervisorNotRunningError);
      expect((error as SupervisorNotRunningError).supervisor).toBe('gone');
    }
    expect(sup.whichChildren()).toEqual([]);
    expect(sup.countChildren()).toEqual({ specs: 0, active: 0, supervisors: 0, workers: 0 });
  });
});
