import { describe, expect, it } from 'vitest';
import {
  FailedToStartChildError,
  OverseerError,
  startSupervisor,
  supervisorSpec,
} from '../../src/index.js';
import {
  failingEntry,
  guardUnhandledErrors,
  slowStarter,
  status,
  stopAllAfterEach,
  trackedWorker,
  within,
  worker,
} from './helpers.js';
import { fromPromise } from 'xstate';

guardUnhandledErrors();
const { track } = stopAllAfterEach();

describe('initial start', () => {
  it('starts children in list order and resolves once all are running', async () => {
    const t = trackedWorker();
    const sup = track(
      await startSupervisor({
        children: [
          { id: 'a', logic: t.logic, input: 'a' },
          { id: 'b', logic: t.logic, input: 'b' },
          { id: 'c', logic: t.logic, input: 'c' },
        ],
      }),
    );
    expect(t.inputs).toEqual(['a', 'b', 'c']);
    expect(sup.phase).toBe('running');
    expect(sup.whichChildren().map((c) => [c.id, c.ref])).toEqual([
      ['a', t.refs[0]],
      ['b', t.refs[1]],
      ['c', t.refs[2]],
    ]);
    expect(t.refs.map(status)).toEqual(['active', 'active', 'active']);
  });

  it('waits for a child that is still starting (STARTING_TAG) before starting the next one', async () => {
    const slow = slowStarter();
    const next = trackedWorker();
    let resolved = false;
    const starting = startSupervisor({
      children: [
        { id: 'slow', logic: slow.logic },
        { id: 'next', logic: next.logic },
      ],
    }).then((sup) => {
      resolved = true;
      return track(sup);
    });
    // Let the supervisor run as far as it can on its own.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(slow.refs).toHaveLength(1);
    expect(next.refs).toHaveLength(0);
    expect(resolved).toBe(false);
    slow.refs[0]!.send({ type: 'READY' });
    const sup = await within(starting);
    expect(next.refs).toHaveLength(1);
    expect(sup.countChildren().active).toBe(2);
  });

  it('rejects with FailedToStartChildError when the 2nd child fails, terminating the 1st', async () => {
    const first = trackedWorker();
    const third = trackedWorker();
    const boom = new Error('entry failed');
    const error = await startSupervisor({
      children: [
        { id: 'first', logic: first.logic },
        { id: 'second', logic: failingEntry(boom) },
        { id: 'third', logic: third.logic },
      ],
    }).then(
      (sup) => {
        track(sup);
        throw new Error('startSupervisor resolved');
      },
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(FailedToStartChildError);
    expect(error).toBeInstanceOf(OverseerError);
    const failure = error as FailedToStartChildError;
    expect(failure.code).toBe('ERR_FAILED_TO_START_CHILD');
    expect(failure.childId).toBe('second');
    expect(failure.cause).toBe(boom);
    expect(failure.message).toContain('second');
    expect(failure.message).toContain('entry failed');
    // The first child ran and was terminated; the third never started.
    expect(first.refs).toHaveLength(1);
    expect(status(first.refs[0])).toBe('stopped');
    expect(third.refs).toHaveLength(0);
  });

  it('a fromPromise child counts as started at once; its later rejection is a crash', async () => {
    // A fromPromise child has no notion of "starting": it counts as started at once, and its
    // later rejection is a crash, not a start failure.
    let calls = 0;
    const sup = track(
      await startSupervisor({
        children: [
          {
            id: 'p',
            restart: 'temporary',
            logic: fromPromise(async () => {
              calls++;
              throw new Error('later');
            }),
          },
        ],
      }),
    );
    expect(calls).toBe(1);
    await within(
      new Promise<void>((resolve) => sup.events.on('childExited', (e) => e.exit.reason === 'crashed' && resolve())),
    );
    expect(sup.getChildSpec('p')).toBeUndefined();
  });

  it('a nested supervisor whose child fails to start makes the whole tree fail to start', async () => {
    const sibling = trackedWorker();
    const deep = trackedWorker();
    const boom = new Error('leaf cannot start');
    const error = (await startSupervisor({
      children: [
        { id: 'sibling', logic: sibling.logic },
        supervisorSpec('mid', {
          children: [
            { id: 'deep', logic: deep.logic },
            { id: 'leaf', logic: failingEntry(boom) },
          ],
        }),
      ],
    }).catch((err: unknown) => err)) as FailedToStartChildError;
    expect(error).toBeInstanceOf(FailedToStartChildError);
    expect(error.childId).toBe('mid');
    const inner = error.cause as FailedToStartChildError;
    expect(inner).toBeInstanceOf(FailedToStartChildError);
    expect(inner.childId).toBe('leaf');
    expect(inner.cause).toBe(boom);
    expect(status(deep.refs[0])).toBe('stopped');
    expect(status(sibling.refs[0])).toBe('stopped');
  });

  it('an empty supervisor starts and stops', async () => {
    const sup = await startSupervisor({ name: 'empty' });
    expect(sup.name).toBe('empty');
    expect(sup.countChildren()).toEqual({ specs: 0, active: 0, supervisors: 0, workers: 0 });
    expect(await sup.stop()).toEqual({ reason: 'shutdown', cause: 'requested' });
  });

  it('generates a name when none is given', async () => {
    const sup = track(await startSupervisor({ children: [{ id: 'w', logic: worker }] }));
    expect(sup.name).toMatch(/^supervisor-.{8}$/);
  });
});
