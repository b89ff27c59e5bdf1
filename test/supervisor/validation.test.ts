import { describe, expect, it } from 'vitest';
import {
  InvalidOptionError,
  OverseerError,
  startDynamicSupervisor,
  startSupervisor,
  supervisorSpec,
  type ChildSpec,
  type DynamicSupervisorOptions,
  type SupervisorOptions,
} from '../../src/index.js';
import { guardUnhandledErrors, stopAllAfterEach, trackedWorker, worker } from './helpers.js';

guardUnhandledErrors();
const { track } = stopAllAfterEach();

/** Starts a supervisor that must be refused; returns the error and checks nothing ran. */
async function refused(build: (child: ChildSpec) => SupervisorOptions): Promise<InvalidOptionError> {
  const tracked = trackedWorker();
  const error = await startSupervisor(build({ id: 'probe', logic: tracked.logic })).then(
    (sup) => {
      track(sup);
      throw new Error('startSupervisor resolved');
    },
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(InvalidOptionError);
  expect(error).toBeInstanceOf(OverseerError);
  expect((error as InvalidOptionError).code).toBe('ERR_INVALID_OPTION');
  // Nothing was started: the probe child never ran, not even briefly.
  expect(tracked.refs).toHaveLength(0);
  return error as InvalidOptionError;
}

function expectNames(error: InvalidOptionError, option: string, value: unknown): void {
  expect(error.option).toBe(option);
  if (typeof value === 'number' && Number.isNaN(value)) expect(error.value).toBeNaN();
  else expect(error.value).toBe(value);
  expect(error.message).toContain(option);
}

describe('child-spec defaults', () => {
  it('fills in OTP defaults: permanent, 5000 ms for workers, worker, not significant', async () => {
    const sup = track(
      await startSupervisor({
        children: [{ id: 'w', logic: worker }, supervisorSpec('s', { children: [] })],
      }),
    );
    expect(sup.getChildSpec('w')).toMatchObject({
      id: 'w',
      restart: 'permanent',
      shutdown: 5000,
      type: 'worker',
      significant: false,
    });
    expect(sup.getChildSpec('s')).toMatchObject({
      id: 's',
      restart: 'permanent',
      shutdown: 'infinity',
      type: 'supervisor',
      significant: false,
    });
    expect(sup.getChildSpec('nope')).toBeUndefined();
  });

  it('keeps explicit values and returns a copy of the spec', async () => {
    const sup = track(
      await startSupervisor({
        autoShutdown: 'any_significant',
        children: [{ id: 'w', logic: worker, restart: 'transient', shutdown: 'brutal_kill', significant: true }],
      }),
    );
    const spec = sup.getChildSpec('w')!;
    expect(spec).toMatchObject({ restart: 'transient', shutdown: 'brutal_kill', significant: true, type: 'worker' });
    spec.restart = 'temporary';
    expect(sup.getChildSpec('w')!.restart).toBe('transient');
  });
});

describe('supervisor options are validated before anything starts', () => {
  it('refuses an unknown strategy', async () => {
    const error = await refused((child) => ({ strategy: 'one_for_some' as never, children: [child] }));
    expectNames(error, 'strategy', 'one_for_some');
  });

  it.each([Infinity, -Infinity, NaN, -1, 1.5, '3'])('refuses intensity %s', async (intensity) => {
    const error = await refused((child) => ({ intensity: intensity as number, children: [child] }));
    expectNames(error, 'intensity', intensity);
  });

  it.each([0, -1, NaN, Infinity])('refuses period %s', async (period) => {
    const error = await refused((child) => ({ period, children: [child] }));
    expectNames(error, 'period', period);
  });

  it('refuses an unknown autoShutdown', async () => {
    const error = await refused((child) => ({ autoShutdown: 'sometimes' as never, children: [child] }));
    expectNames(error, 'autoShutdown', 'sometimes');
  });

  it('refuses an unknown restart type, naming the child', async () => {
    const error = await refused((child) => ({ children: [child, { id: 'b', logic: worker, restart: 'sometimes' as never }] }));
    expectNames(error, 'children[1].restart', 'sometimes');
  });

  it.each([-1, NaN, Infinity, 'soon'])('refuses shutdown %s', async (shutdown) => {
    const error = await refused((child) => ({ children: [{ ...child, shutdown: shutdown as number }] }));
    expectNames(error, 'children[0].shutdown', shutdown);
  });

  it('refuses an unknown child type', async () => {
    const error = await refused((child) => ({ children: [{ ...child, type: 'manager' as never }] }));
    expectNames(error, 'children[0].type', 'manager');
  });

  it('refuses duplicate ids', async () => {
    const error = await refused((child) => ({ children: [child, { id: 'x', logic: worker }, { id: 'probe', logic: worker }] }));
    expectNames(error, 'children[2].id', 'probe');
  });

  it('refuses a missing or empty id and a missing logic', async () => {
    expectNames(await refused((child) => ({ children: [child, { id: '', logic: worker }] })), 'children[1].id', '');
    expectNames(
      await refused((child) => ({ children: [child, { logic: worker } as never] })),
      'children[1].id',
      undefined,
    );
    expectNames(await refused((child) => ({ children: [child, { id: 'b' } as never] })), 'children[1].logic', undefined);
  });

  it('refuses a significant permanent child', async () => {
    const error = await refused((child) => ({
      autoShutdown: 'any_significant',
      children: [child, { id: 'sig', logic: worker, significant: true }],
    }));
    expectNames(error, 'children[1].significant', true);
    expect(error.message).toContain('permanent');
  });

  it("refuses a significant child when autoShutdown is 'never' (the default)", async () => {
    const error = await refused((child) => ({
      children: [child, { id: 'sig', logic: worker, restart: 'transient', significant: true }],
    }));
    expectNames(error, 'children[1].significant', true);
    expect(error.message).toContain('never');
  });

  it('refuses a bad nested supervisor when its spec is built', () => {
    expect(() => supervisorSpec('inner', { strategy: 'bad' as never })).toThrow(InvalidOptionError);
    try {
      supervisorSpec('inner', { intensity: NaN });
      expect.unreachable();
    } catch (error) {
      expectNames(error as InvalidOptionError, 'intensity', NaN);
    }
  });
});

describe('startChild validates its spec', () => {
  it('rejects with InvalidOptionError and starts nothing', async () => {
    const sup = track(await startSupervisor({ children: [] }));
    const tracked = trackedWorker();
    const error = await sup.startChild({ id: 'x', logic: tracked.logic, shutdown: -5 }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expectNames(error as InvalidOptionError, 'child.shutdown', -5);
    const significant = await sup
      .startChild({ id: 'y', logic: tracked.logic, restart: 'temporary', significant: true })
      .catch((err: unknown) => err);
    expectNames(significant as InvalidOptionError, 'child.significant', true);
    expect(tracked.refs).toHaveLength(0);
    expect(sup.countChildren().specs).toBe(0);
  });
});

describe('dynamic supervisor options', () => {
  async function dynRefused(options: DynamicSupervisorOptions): Promise<InvalidOptionError> {
    const error = await startDynamicSupervisor(options).then(
      (sup) => {
        track(sup);
        throw new Error('startDynamicSupervisor resolved');
      },
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
    return error as InvalidOptionError;
  }

  it.each([-1, 1.5, NaN, '10'])('refuses maxChildren %s', async (maxChildren) => {
    expectNames(await dynRefused({ maxChildren: maxChildren as number }), 'maxChildren', maxChildren);
  });

  it('refuses non-finite intensity, period <= 0, a non-object extraInput and another strategy', async () => {
    expectNames(await dynRefused({ intensity: Infinity }), 'intensity', Infinity);
    expectNames(await dynRefused({ period: 0 }), 'period', 0);
    const extraInput: unknown = [];
    expectNames(await dynRefused({ extraInput: extraInput as never }), 'extraInput', extraInput);
    expectNames(await dynRefused({ strategy: 'one_for_all' } as never), 'strategy', 'one_for_all');
  });

  it('accepts maxChildren 0 and Infinity', async () => {
    const zero = track(await startDynamicSupervisor({ maxChildren: 0 }));
    expect(await zero.startChild({ logic: worker })).toEqual({ ok: false, reason: 'max_children' });
    track(await startDynamicSupervisor({ maxChildren: Infinity }));
  });
});

describe('error messages print the refused value as written', () => {
  it('Infinity, -Infinity and NaN are printed as themselves, not as null', async () => {
    const cases: Array<[unknown, string]> = [
      [Infinity, 'got Infinity,'],
      [-Infinity, 'got -Infinity,'],
      [NaN, 'got NaN,'],
    ];
    for (const [intensity, text] of cases) {
      const error = await startSupervisor({ intensity: intensity as number }).then(
        () => expect.fail(`intensity ${String(intensity)} was accepted`),
        (e: unknown) => e as InvalidOptionError,
      );
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error.message).toContain(text);
      expect(error.message).not.toContain('null');
    }
    const nested = new InvalidOptionError('size', { max: Infinity, min: NaN }, 'a range');
    expect(nested.message).toContain('got {"max":"Infinity","min":"NaN"}');
    expect(new InvalidOptionError('x', undefined, 'y').message).toContain('got undefined,');
    expect(new InvalidOptionError('x', -0, 'y').message).toContain('got -0,');
  });
});
