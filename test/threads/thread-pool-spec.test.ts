import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { fromCallback, type AnyActorRef } from 'xstate';
import {
  getThreadPool,
  getPool,
  InvalidOptionError,
  poolSpec,
  startSupervisor,
  threadPoolSpec,
  UnknownOptionError,
  WorkerCrashError,
  type Supervisor,
  type SupervisorEvents,
  type ThreadPool,
} from '../../src/index.js';
import { HANDLERS_URL, LOAD_FAILS_URL, ready, rejectionOf, threads, threadSuite, until, within, WAIT_MS, type Handlers } from './helpers.js';

// Issue 10 §4: a thread pool as a supervisor's child (threadPoolSpec), its handle (getThreadPool).

threadSuite();

const supervisors: Supervisor[] = [];
afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((sup) => within(sup.stop(), WAIT_MS, `stop of ${sup.name}`)));
});

async function startRoot(children: Parameters<typeof startSupervisor>[0]['children']): Promise<Supervisor> {
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
  return within(
    new Promise((resolve) => {
      const handler = (event: SupervisorEvents[K]) => {
        sup.events.off(type, handler);
        resolve(event);
      };
      sup.events.on(type, handler);
    }),
    WAIT_MS,
    `supervisor event ${String(type)}`,
  );
}

describe('threadPoolSpec / getThreadPool', () => {
  it('runs a thread pool as a child of type supervisor; getThreadPool gives its typed handle, named by the id', async () => {
    const spec = threadPoolSpec('hash', HANDLERS_URL, { size: 2, circuitBreaker: false });
    expect(spec).toMatchObject({ id: 'hash', type: 'supervisor', shutdown: 5000 });
    const root = await startRoot([spec]);
    expect(root.whichChildren()).toEqual([{ id: 'hash', ref: expect.anything(), type: 'supervisor', name: undefined, restarts: 0, lastExit: null }]);
    expect(root.countChildren()).toMatchObject({ specs: 1, active: 1, supervisors: 1, workers: 0 });

    const pool = getThreadPool<Handlers>(refOf(root, 'hash'));
    expectTypeOf(pool).toEqualTypeOf<ThreadPool<Handlers> | undefined>();
    expect(pool!.name).toBe('hash');
    expectTypeOf(pool!.call('inc', 1)).toEqualTypeOf<Promise<number>>();
    expect(await pool!.call('inc', 41)).toBe(42);
    await ready(pool!);
    expect(pool!.status()).toMatchObject({ phase: 'running', size: 2, idleWorkers: 2 });
    // The in-process handle refuses a thread pool (its tasks are named calls into threads).
    expect(getPool(refOf(root, 'hash'))).toBeUndefined();
  });

  it('the handle is found by systemId too, and spec fields (restart, shutdown) are kept', async () => {
    const spec = threadPoolSpec('jobs', HANDLERS_URL, { size: 1, name: 'jobs-pool' }, { systemId: 'jobs', restart: 'transient', shutdown: 1000 });
    expect(spec).toMatchObject({ restart: 'transient', shutdown: 1000, systemId: 'jobs', type: 'supervisor' });
    const root = await startRoot([spec]);
    const pool = getThreadPool<Handlers>(root.actor.system.get('jobs'));
    expect(pool!.name).toBe('jobs-pool');
    expect(await pool!.call('inc', 1)).toBe(2);
  });

  it('a thread pool that fails (its threads crash past the intensity) exits crashed and its parent starts a fresh one', async () => {
    const root = await startRoot([threadPoolSpec('fragile', HANDLERS_URL, { size: 1, intensity: 0, period: 60_000 })]);
    const firstRef = refOf(root, 'fragile');
    const first = getThreadPool<Handlers>(firstRef)!;
    const { threadId: firstThread } = await first.call('whoAmI');

    const exited = nextSupEvent(root, 'childExited');
    const restarted = nextSupEvent(root, 'childRestarted');
    expect(await rejectionOf(first.call('exitNow', 7))).toBeInstanceOf(WorkerCrashError);
    const exit = await exited;
    expect(exit).toMatchObject({ id: 'fragile', exit: { reason: 'crashed' } });
    expect(firstRef.getSnapshot().status).not.toBe('active');

    const { ref: secondRef } = await restarted;
    expect(secondRef).not.toBe(firstRef);
    // The handle kept from the first incarnation follows its parent's restart.
    expect(first.actor).toBe(secondRef);
    const second = getThreadPool<Handlers>(secondRef)!;
    expect(second.phase).toBe('running');
    const again = await second.call('whoAmI');
    expect(again.threadId).not.toBe(firstThread);
    expect(second.metrics()).toMatchObject({ completed: 1, crashes: 0 });
    expect(getThreadPool(refOf(root, 'fragile'))!.actor).toBe(secondRef);
  });

  it('a module that cannot load makes every incarnation fail: the parent gives up after its own intensity', async () => {
    const sup = await startSupervisor({ name: 'strict', intensity: 1, period: 60_000, children: [threadPoolSpec('broken', LOAD_FAILS_URL, { size: 1, intensity: 0 })] });
    supervisors.push(sup);
    const restarted = nextSupEvent(sup, 'childRestarted');
    const exit = await within(sup.exited, WAIT_MS, 'the supervisor to give up');
    expect(exit).toMatchObject({ reason: 'shutdown', cause: 'reached_max_restart_intensity' });
    expect((await restarted).id).toBe('broken');
    await until(() => threads.live().length === 0, 'no thread left', WAIT_MS);
  });

  it('stopping the parent closes the pool gracefully: a running call finishes, then the threads stop', async () => {
    const root = await startSupervisor({ name: 'root', children: [threadPoolSpec('jobs', HANDLERS_URL, { size: 1 })] });
    const pool = getThreadPool<Handlers>(refOf(root, 'jobs'))!;
    await ready(pool);
    const running = pool.call('delayed', 'finished', 300);
    await until(() => pool.status().busyWorkers === 1, 'call running');
    await within(root.stop(), WAIT_MS, 'root stop');
    expect(await running).toBe('finished');
    expect(pool.phase).toBe('closed');
    await until(() => threads.live().length === 0, 'threads stopped', WAIT_MS);
  });

  it("runs a process pool too (isolation: 'process'), whose processes end with the parent", async () => {
    const root = await startRoot([threadPoolSpec('walled', new URL('../fixtures/process-handlers.mjs', import.meta.url), { size: 1, isolation: 'process' })]);
    const pool = getThreadPool<typeof import('../fixtures/process-handlers.mjs')>(refOf(root, 'walled'))!;
    const me = (await pool.call('whoAmI', 0)) as { pid: number };
    expect(me.pid).not.toBe(process.pid);
    await within(root.stop(), WAIT_MS, 'root stop');
    supervisors.splice(supervisors.indexOf(root), 1);
    const alive = () => {
      try {
        process.kill(me.pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await until(() => !alive(), `process ${me.pid} to exit`, WAIT_MS);
  });

  it('getThreadPool is undefined for an in-process pool, any other actor, and a child that is not running', async () => {
    const root = await startRoot([
      poolSpec('plain', { size: 1 }),
      { id: 'other', logic: fromCallback(() => () => undefined), shutdown: 'brutal_kill' },
    ]);
    expect(getThreadPool(refOf(root, 'plain'))).toBeUndefined();
    expect(getThreadPool(refOf(root, 'other'))).toBeUndefined();
    expect(getThreadPool(undefined)).toBeUndefined();
    expect(getThreadPool('restarting')).toBeUndefined();
  });

  it('checks its arguments as poolSpec does, and the module and options as createThreadPool does; nothing starts', () => {
    const before = threads.started;
    const refused = (build: () => unknown) => {
      try {
        build();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(refused(() => threadPoolSpec('', HANDLERS_URL))).toMatchObject({ option: 'id' });
    expect(refused(() => threadPoolSpec('a', HANDLERS_URL, null as never))).toMatchObject({ option: 'options' });
    expect(refused(() => threadPoolSpec('a', HANDLERS_URL, {}, { type: 'worker' } as never))).toBeInstanceOf(UnknownOptionError);
    expect(refused(() => threadPoolSpec('a', HANDLERS_URL, {}, { restrat: 'transient' } as never))).toBeInstanceOf(UnknownOptionError);
    expect(refused(() => threadPoolSpec('a', '' as string))).toMatchObject({ option: 'module' });
    expect(refused(() => threadPoolSpec('a', HANDLERS_URL, { workerData: () => 1 }))).toMatchObject({ option: 'workerData' });
    expect(refused(() => threadPoolSpec('a', HANDLERS_URL, { handlers: {} } as never))).toBeInstanceOf(UnknownOptionError);
    expect(refused(() => threadPoolSpec('a', HANDLERS_URL, { size: 5000 }))).toBeInstanceOf(InvalidOptionError);
    expect(threads.started).toBe(before);
  });
});
