import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { AnyActorRef } from 'xstate';
import {
  dynamicSupervisorSpec,
  getSupervisor,
  InvalidOptionError,
  startDynamicSupervisor,
  startSupervisor,
  supervisorSpec,
  UnknownOptionError,
  type DynamicSupervisorOptions,
  type SupervisorEvents,
  type SupervisorListeners,
  type SupervisorOptions,
} from '../../src/index.js';
import { crash, flush, guardUnhandledErrors, nextEvent, refOf, stopAllAfterEach, trackedWorker, worker } from './helpers.js';

// Issue 10 §5: listeners given with the start options (`on`) hear the initial children start;
// supervisors take `onListenerError` as pools do; bad input is refused before anything starts.

guardUnhandledErrors();
const { track } = stopAllAfterEach();

/** The error a call throws or rejects with. */
async function errorOf(call: () => unknown): Promise<InvalidOptionError> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionError);
    return error as InvalidOptionError;
  }
  throw new Error('expected the call to be refused');
}

describe('on: listeners subscribed before the first child starts', () => {
  it("hear every initial child's childStarted, in start order, before startSupervisor resolves", async () => {
    const started: SupervisorEvents['childStarted'][] = [];
    const all: string[] = [];
    const sup = track(
      await startSupervisor({
        name: 'app',
        children: [
          { id: 'a', logic: worker },
          { id: 'b', logic: worker },
          supervisorSpec('c', { children: [{ id: 'c1', logic: worker }] }),
        ],
        on: { childStarted: (event) => void started.push(event), '*': (type, event) => void all.push(`${type}:${(event as { id?: string }).id}`) },
      }),
    );
    expect(started.map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(started.map((e) => e.ref)).toEqual(sup.whichChildren().map((row) => row.ref));
    expect(started.every((e) => e.supervisor === 'app')).toBe(true);
    expect(all).toEqual(['childStarted:a', 'childStarted:b', 'childStarted:c']);

    // A listener added through `events` once the start resolved has missed them: that is why `on` exists.
    const late: string[] = [];
    sup.events.on('childStarted', ({ id }) => void late.push(id));
    await flush(sup);
    expect(late).toEqual([]);
  });

  it('keep hearing the rest of the life: a restart and the stop', async () => {
    const heard: string[] = [];
    const sup = track(
      await startSupervisor({
        children: [{ id: 'a', logic: worker }],
        on: {
          childExited: ({ id, exit }) => void heard.push(`exited ${id} ${exit.reason}`),
          childRestarted: ({ id }) => void heard.push(`restarted ${id}`),
          stopped: ({ exit }) => void heard.push(`stopped ${exit.cause}`),
        },
      }),
    );
    const restarted = nextEvent(sup.events, 'childRestarted');
    crash(refOf(sup, 'a'));
    await restarted;
    await sup.stop();
    expect(heard).toEqual(['exited a crashed', 'restarted a', 'stopped requested']);
  });

  it('work on a dynamic supervisor', async () => {
    const refs: AnyActorRef[] = [];
    let stopped = 0;
    const dyn = track(await startDynamicSupervisor({ on: { childStarted: ({ ref }) => void refs.push(ref), stopped: () => void stopped++ } }));
    const result = await dyn.startChild({ logic: worker });
    expect(result.ok).toBe(true);
    expect(refs).toEqual([result.ok ? result.ref : undefined]);
    await dyn.stop();
    expect(stopped).toBe(1);
  });

  it("given to supervisorSpec, every incarnation of the nested supervisor starts with them", async () => {
    const inner: string[] = [];
    const root = track(
      await startSupervisor({
        intensity: 5,
        period: 60_000,
        children: [
          supervisorSpec('mid', {
            intensity: 0,
            children: [{ id: 'w', logic: worker }],
            on: { childStarted: ({ id }) => void inner.push(`started ${id}`), gaveUp: () => void inner.push('gave up') },
          }),
          dynamicSupervisorSpec('sessions', { on: { childStarted: ({ id }) => void inner.push(`session ${id}`) } }),
        ],
      }),
    );
    expect(inner).toEqual(['started w']);
    const mid = getSupervisor(refOf(root, 'mid'))!;
    const midBack = nextEvent(root.events, 'childRestarted', (e) => e.id === 'mid');
    crash(refOf(mid, 'w')); // intensity 0: mid gives up, and root restarts it
    await midBack;
    expect(inner).toEqual(['started w', 'gave up', 'started w']);
  });

  it('are typed by the event map: a wrong event name or payload field does not compile', async () => {
    expectTypeOf<SupervisorOptions['on']>().toEqualTypeOf<SupervisorListeners | undefined>();
    expectTypeOf<DynamicSupervisorOptions['on']>().toEqualTypeOf<SupervisorListeners | undefined>();
    expectTypeOf<Parameters<NonNullable<SupervisorListeners['childExited']>>[0]>().toEqualTypeOf<SupervisorEvents['childExited']>();
    expectTypeOf<Parameters<NonNullable<SupervisorListeners['*']>>[0]>().toEqualTypeOf<keyof SupervisorEvents>();

    const tracked = trackedWorker();
    const misnamed = await errorOf(() =>
      startSupervisor({
        children: [{ id: 'probe', logic: tracked.logic }],
        // @ts-expect-error: no event is named childStrated
        on: { childStrated: () => undefined },
      }),
    );
    expect(misnamed.option).toBe('on.childStrated');
    expect(tracked.refs).toHaveLength(0);

    const ids: unknown[] = [];
    track(
      await startSupervisor({
        children: [{ id: 'a', logic: worker }],
        // @ts-expect-error: childStarted's payload has `id`, not `childId`
        on: { childStarted: (event) => void ids.push(event.childId) },
      }),
    );
    expect(ids).toEqual([undefined]); // what JavaScript does with the field that does not exist
  });
});

describe('onListenerError', () => {
  it('receives what a listener threw and the event name; the other listeners and the supervisor carry on', async () => {
    const reported: Array<[unknown, PropertyKey]> = [];
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const boom = new Error('listener bug');
    const heard: string[] = [];
    try {
      const sup = track(
        await startSupervisor({
          children: [{ id: 'a', logic: worker }, { id: 'b', logic: worker }],
          on: {
            childStarted: () => {
              throw boom;
            },
            '*': (type) => void heard.push(type),
          },
          onListenerError: (error, event) => void reported.push([error, event]),
        }),
      );
      expect(reported).toEqual([
        [boom, 'childStarted'],
        [boom, 'childStarted'],
      ]);
      expect(heard).toEqual(['childStarted', 'childStarted']);
      expect(sup.phase).toBe('running');
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
    }
  });

  it('works on a dynamic supervisor, and a reporter that throws itself is swallowed', async () => {
    const reported: PropertyKey[] = [];
    const dyn = track(
      await startDynamicSupervisor({
        onListenerError: (_error, event) => {
          reported.push(event);
          throw new Error('reporter bug');
        },
      }),
    );
    dyn.events.on('childStarted', () => {
      throw new Error('listener bug');
    });
    const result = await dyn.startChild({ logic: worker });
    expect(result.ok).toBe(true);
    expect(reported).toEqual(['childStarted']);
    expect(dyn.countChildren().active).toBe(1);
  });

  it('defaults to console.error', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      track(
        await startSupervisor({
          children: [{ id: 'a', logic: worker }],
          on: {
            childStarted: () => {
              throw new Error('listener bug');
            },
          },
        }),
      );
      expect(consoleError).toHaveBeenCalledTimes(1);
      expect(String(consoleError.mock.calls[0]?.[0])).toContain('listener for "childStarted" threw');
    } finally {
      consoleError.mockRestore();
    }
  });
});

describe('bad listener options are refused before anything starts', () => {
  const cases: Array<[string, Record<string, unknown>, string, string | undefined]> = [
    ['an unknown event name', { on: { childStrated: () => undefined } }, 'on.childStrated', 'childStarted'],
    ['a name far from every event', { on: { zzzzzzzz: () => undefined } }, 'on.zzzzzzzz', undefined],
    ['a listener that is not a function', { on: { childStarted: 'log' } }, 'on.childStarted', undefined],
    ['a wildcard that is not a function', { on: { '*': 42 } }, 'on.*', undefined],
    ['on: null', { on: null }, 'on', undefined],
    ['on as an array', { on: [() => undefined] }, 'on', undefined],
    ['on as a function', { on: () => undefined }, 'on', undefined],
    ['onListenerError that is not a function', { onListenerError: 'console' }, 'onListenerError', undefined],
    ['onListenerError: null', { onListenerError: null }, 'onListenerError', undefined],
  ];

  it.each(cases)('startSupervisor: %s', async (_what, options, option, suggestion) => {
    const tracked = trackedWorker();
    const error = await errorOf(() => startSupervisor({ children: [{ id: 'probe', logic: tracked.logic }], ...options }));
    expect(error.option).toBe(option);
    if (suggestion !== undefined) {
      expect(error).toBeInstanceOf(UnknownOptionError);
      expect((error as UnknownOptionError).suggestion).toBe(suggestion);
      expect(error.message).toContain(`"${suggestion}"`);
    }
    expect(tracked.refs).toHaveLength(0);
  });

  it.each(cases)('startDynamicSupervisor: %s', async (_what, options, option, suggestion) => {
    const error = await errorOf(() => startDynamicSupervisor(options as DynamicSupervisorOptions));
    expect(error.option).toBe(option);
    if (suggestion !== undefined) expect((error as UnknownOptionError).suggestion).toBe(suggestion);
  });

  it('supervisorSpec and dynamicSupervisorSpec refuse them when the spec is built', () => {
    expect(() => supervisorSpec('s', { on: { stoped: () => undefined } as never })).toThrow(/on\.stoped.*"stopped"/);
    expect(() => dynamicSupervisorSpec('d', { onListenerError: 1 as never })).toThrow(InvalidOptionError);
  });

  it('an event set to undefined is left out, as any option is', async () => {
    const sup = track(await startSupervisor({ children: [{ id: 'a', logic: worker }], on: { childStarted: undefined } }));
    expect(sup.countChildren().active).toBe(1);
  });
});

describe('the spec builders set the type', () => {
  it("supervisorSpec and dynamicSupervisorSpec are type 'supervisor', and refuse a type override", async () => {
    const root = track(await startSupervisor({ children: [supervisorSpec('s', {}), dynamicSupervisorSpec('d')] }));
    expect(root.whichChildren().map((row) => row.type)).toEqual(['supervisor', 'supervisor']);
    expect(root.countChildren()).toEqual({ specs: 2, active: 2, supervisors: 2, workers: 0 });

    // @ts-expect-error: the type is not an override
    const overridden = () => supervisorSpec('s', {}, { type: 'worker' });
    const error = await errorOf(overridden);
    expect(error).toBeInstanceOf(UnknownOptionError);
    expect(error.option).toBe('spec.type');
    expect(error.message).toContain("'supervisor'");
    expect((await errorOf(() => dynamicSupervisorSpec('d', {}, { type: 'supervisor' } as never))).option).toBe('spec.type');
  });
});
