import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { AnyActorRef } from 'xstate';
import {
  createPool,
  createThreadPool,
  getPool,
  InvalidOptionError,
  PoolClosedError,
  poolSpec,
  startSupervisor,
  UnknownOptionError,
  type PoolEvents,
  type PoolListeners,
  type PoolOptions,
  type Supervisor,
  type SupervisorEvents,
  type ThreadPoolOptions,
} from '../../src/index.js';
import { Boom, makePool, poolSuite, ready, rejectionOf, thrownBy, until, within, WAIT_MS } from './helpers.js';

// Issue 10 §5: a pool takes listeners with its options (`on`), subscribed before its first worker
// starts and again for every incarnation under a supervisor; a pool child is of type 'supervisor'.

poolSuite();

const HANDLERS_URL = new URL('../fixtures/handlers.mjs', import.meta.url);

const supervisors: Supervisor[] = [];
afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((sup) => within(sup.stop(), WAIT_MS, `stop of ${sup.name}`)));
});

async function startRoot(children: NonNullable<Parameters<typeof startSupervisor>[0]['children']>): Promise<Supervisor> {
  const sup = await startSupervisor({ name: 'root', intensity: 3, period: 60_000, children });
  supervisors.push(sup);
  return sup;
}

function refOf(sup: Supervisor, id: string): AnyActorRef {
  const ref = sup.whichChildren().find((child) => child.id === id)?.ref;
  if (ref === undefined || ref === 'restarting') throw new Error(`child ${id} not running`);
  return ref;
}

function nextSupEvent<K extends keyof SupervisorEvents>(sup: Supervisor, type: K): Promise<SupervisorEvents[K]> {
  return within(new Promise((resolve) => sup.events.on(type, resolve)), WAIT_MS, `supervisor event ${type}`);
}

describe('on: pool listeners given with the options', () => {
  it("hear the pool's first events, by name and through '*'", async () => {
    let inits = 0;
    const crashed: PoolEvents['workerCrashed'][] = [];
    const all: string[] = [];
    const pool = makePool({
      name: 'first',
      size: 1,
      worker: {
        init: () => {
          if (++inits === 1) throw new Boom('first init fails');
        },
      },
      on: { workerCrashed: (event) => void crashed.push(event), '*': (type) => void all.push(type) },
    });
    await ready(pool);
    expect(crashed).toHaveLength(1);
    expect(crashed[0]).toMatchObject({ pool: 'first', error: expect.any(Boom) });
    expect(await pool.run(() => 'done')).toBe('done');
    expect(all.slice(0, 2)).toEqual(['workerCrashed', 'workerRestarted']);
    expect(all).toEqual(expect.arrayContaining(['taskStarted', 'taskSucceeded']));
  });

  it('given to poolSpec, they hear every incarnation of the pool: no handle needed, none lost to a restart', async () => {
    const heard: string[] = [];
    const root = await startRoot([
      poolSpec('fragile', {
        size: 1,
        intensity: 0,
        period: 60_000,
        isFatal: (error) => error instanceof Boom,
        on: {
          taskSucceeded: ({ pool }) => void heard.push(`succeeded in ${pool}`),
          failed: () => void heard.push('failed'),
        },
      }),
    ]);
    const first = getPool(refOf(root, 'fragile'))!;
    await ready(first);
    expect(await first.run(() => 1)).toBe(1);
    const restarted = nextSupEvent(root, 'childRestarted');
    expect(await rejectionOf(first.run(() => Promise.reject(new Boom('fatal'))))).toBeInstanceOf(Boom);
    const { ref } = await restarted;
    const second = getPool(ref)!;
    await ready(second);
    expect(await second.run(() => 2)).toBe(2);
    expect(heard).toEqual(['succeeded in fragile', 'failed', 'succeeded in fragile']);
  });

  it('work on a thread pool, which forwards the option', async () => {
    const succeeded: string[] = [];
    const pool = createThreadPool(HANDLERS_URL, { size: 1, on: { taskSucceeded: ({ workerId }) => void succeeded.push(workerId) } });
    try {
      expect(await pool.call('inc', 1)).toBe(2);
      expect(succeeded).toHaveLength(1);
      expect(succeeded[0]).toContain('/worker-');
    } finally {
      await pool.terminate();
    }
  });

  it('a throwing listener goes to onListenerError with the event name; the pool carries on', async () => {
    const reported: Array<[unknown, PropertyKey]> = [];
    const boom = new Error('listener bug');
    const pool = makePool({
      size: 1,
      on: {
        taskSucceeded: () => {
          throw boom;
        },
      },
      onListenerError: (error, event) => void reported.push([error, event]),
    });
    expect(await pool.run(() => 'still fine')).toBe('still fine');
    expect(reported).toEqual([[boom, 'taskSucceeded']]);
    expect(pool.phase).toBe('running');
  });

  it('are typed by the event map: a wrong event name or payload field does not compile', () => {
    expectTypeOf<PoolOptions['on']>().toEqualTypeOf<PoolListeners | undefined>();
    expectTypeOf<ThreadPoolOptions['on']>().toEqualTypeOf<PoolListeners | undefined>();
    expectTypeOf<Parameters<NonNullable<PoolListeners['workerCrashed']>>[0]>().toEqualTypeOf<PoolEvents['workerCrashed']>();
    expectTypeOf<Parameters<NonNullable<PoolListeners['*']>>[0]>().toEqualTypeOf<keyof PoolEvents>();

    let inits = 0;
    const misnamed = thrownBy(() =>
      createPool({
        worker: { init: () => void inits++ },
        // @ts-expect-error: no event is named taskSucceded
        on: { taskSucceded: () => undefined },
      }),
    );
    expect((misnamed as UnknownOptionError).option).toBe('on.taskSucceded');
    expect(inits).toBe(0);

    const wrongField = () =>
      createPool({
        // @ts-expect-error: workerCrashed's payload has `workerId`, not `worker`
        on: { workerCrashed: (event) => console.log(event.worker) },
      });
    expectTypeOf(wrongField).toBeFunction(); // never called: the point is that it does not compile
  });
});

describe('bad listener options are refused before anything starts', () => {
  it.each<[string, Record<string, unknown>, string, string | undefined]>([
    ['an unknown event name', { on: { taskSucceded: () => undefined } }, 'on.taskSucceded', 'taskSucceeded'],
    ['a listener that is not a function', { on: { drained: 42 } }, 'on.drained', undefined],
    ['on: null', { on: null }, 'on', undefined],
    ['on as an array', { on: [] }, 'on', undefined],
  ])('%s', (_what, options, option, suggestion) => {
    let inits = 0;
    const error = thrownBy(() => createPool({ ...options, worker: { init: () => void inits++ } }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
    if (suggestion !== undefined) {
      expect(error).toBeInstanceOf(UnknownOptionError);
      expect((error as UnknownOptionError).suggestion).toBe(suggestion);
    }
    expect(inits).toBe(0);
    // The same check holds where the options are forwarded or built into a spec.
    expect((thrownBy(() => poolSpec('p', options)) as InvalidOptionError).option).toBe(option);
    expect((thrownBy(() => createThreadPool(HANDLERS_URL, options)) as InvalidOptionError).option).toBe(option);
  });
});

describe("a pool child is of type 'supervisor'", () => {
  it('whichChildren and countChildren list it so; its shutdown stays 5000 ms unless given', async () => {
    const root = await startRoot([poolSpec('images', { size: 1 }), poolSpec('mail', { size: 1 }, { shutdown: 'infinity', restart: 'transient' })]);
    expect(root.whichChildren().map(({ id, type }) => ({ id, type }))).toEqual([
      { id: 'images', type: 'supervisor' },
      { id: 'mail', type: 'supervisor' },
    ]);
    expect(root.countChildren()).toEqual({ specs: 2, active: 2, supervisors: 2, workers: 0 });
    expect(root.getChildSpec('images')).toMatchObject({ type: 'supervisor', shutdown: 5000, restart: 'permanent' });
    expect(root.getChildSpec('mail')).toMatchObject({ type: 'supervisor', shutdown: 'infinity', restart: 'transient' });
  });

  it('the type is not an override', () => {
    // @ts-expect-error: poolSpec sets the type
    const overridden = () => poolSpec('p', {}, { type: 'worker' });
    const error = thrownBy(overridden) as UnknownOptionError;
    expect(error).toBeInstanceOf(UnknownOptionError);
    expect(error.option).toBe('spec.type');
    expect(error.message).toContain("'supervisor'");
  });

  it('a pool whose queue does not drain within its shutdown is stopped at once: tasks rejected, tree stopped', async () => {
    const root = await startRoot([poolSpec('stuck', { size: 1, taskTimeout: false }, { shutdown: 50 })]);
    const pool = getPool(refOf(root, 'stuck'))!;
    await ready(pool);
    const hung = rejectionOf(pool.run(() => new Promise(() => undefined))); // never settles by itself
    const queued = rejectionOf(pool.run(() => 'never started'));
    await until(() => pool.status().queued === 1, 'second task queued');
    const terminated = nextSupEvent(root, 'childTerminated');
    await within(root.stop(), WAIT_MS, 'root stop');
    expect(await terminated).toMatchObject({ id: 'stuck', outcome: 'killed' });
    expect(await hung).toBeInstanceOf(PoolClosedError);
    expect(await queued).toBeInstanceOf(PoolClosedError);
  });
});

describe('the default reporter', () => {
  it('without onListenerError, a throwing `on` listener goes to console.error', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const pool = makePool({
        size: 1,
        on: {
          taskSucceeded: () => {
            throw new Error('listener bug');
          },
        },
      });
      await pool.run(() => 1);
      expect(consoleError).toHaveBeenCalledTimes(1);
      expect(String(consoleError.mock.calls[0]?.[0])).toContain('listener for "taskSucceeded" threw');
    } finally {
      consoleError.mockRestore();
    }
  });
});
