import { kill } from '../supervisor/helpers.js';
import { describe, expect, it } from 'vitest';
import { WorkerCrashError } from '../../src/index.js';
import { Boom, blockers, makePool, nextEvent, poolSuite, ready, recordEvents, rejectionOf, sleep, until } from './helpers.js';

poolSuite();

describe('failure vs crash', () => {
  it('a throwing task rejects with its own error and the pool keeps serving on the same worker', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    const events = recordEvents(pool);
    await ready(pool);
    const workers: string[] = [];
    const sync = new Boom('sync');
    const async = new Boom('async');
    const thrownString = 'plain string';

    expect(await rejectionOf(pool.run(({ workerId }) => (workers.push(workerId), Promise.reject(async))))).toBe(async);
    expect(
      await rejectionOf(
        pool.run(({ workerId }) => {
          workers.push(workerId);
          throw sync;
        }),
      ),
    ).toBe(sync);
    expect(
      await rejectionOf(
        pool.run(({ workerId }) => {
          workers.push(workerId);
          throw thrownString;
        }),
      ),
    ).toBe(thrownString);
    expect(await pool.run(({ workerId }) => (workers.push(workerId), 'still serving'))).toBe('still serving');

    // A failure is not a crash: the same worker took every task.
    expect(new Set(workers).size).toBe(1);
    expect(events.count('workerCrashed')).toBe(0);
    expect(events.count('taskFailed')).toBe(3);
    expect(events.of('taskFailed').map((e) => e.error)).toEqual([async, sync, thrownString]);
    expect(pool.status()).toMatchObject({ completed: 1, failed: 3, timedOut: 0, crashedWorkers: 0, idleWorkers: 1 });
    expect(pool.metrics()).toMatchObject({ completed: 1, failed: 3, crashes: 0, restarts: 0 });
  });

  it('a failure does not hurt queued tasks: they run after it', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    const first = pool.submit(b.task);
    const failing = pool.submit(() => {
      throw new Boom();
    });
    const after = pool.submit(() => 'after');
    b.release('first');
    expect(await first.result).toBe('first');
    expect(await rejectionOf(failing.result)).toBeInstanceOf(Boom);
    expect(await after.result).toBe('after');
  });

  it('isFatal: the task fails with its own error and its worker is replaced (new id, resource disposed)', async () => {
    class BrokenConnection extends Error {}
    let made = 0;
    const disposed: number[] = [];
    const pool = makePool({
      size: 1,
      circuitBreaker: false,
      isFatal: (error) => error instanceof BrokenConnection,
      worker: { init: () => ++made, dispose: (resource) => void disposed.push(resource) },
    });
    const events = recordEvents(pool);
    await ready(pool);
    const before = await pool.run(({ workerId, resource }) => ({ workerId, resource }));
    expect(before.resource).toBe(1);

    const restarted = nextEvent(pool, 'workerRestarted');
    const crashed = nextEvent(pool, 'workerCrashed');
    const broken = new BrokenConnection('socket closed');
    expect(await rejectionOf(pool.run(() => Promise.reject(broken)))).toBe(broken);
    const crash = await crashed;
    await restarted;
    await ready(pool);

    const after = await pool.run(({ workerId, resource }) => ({ workerId, resource }));
    expect(after.workerId).not.toBe(before.workerId);
    expect(after.resource).toBe(2);
    expect(disposed).toContain(1);
    expect(events.of('workerCrashed').map((e) => e.workerId)).toEqual([before.workerId]);
    expect(events.of('workerCrashed')[0]?.error).toBe(broken);
    expect(crash.workerId).toBe(before.workerId);
    expect(pool.metrics()).toMatchObject({ failed: 1, completed: 2, crashes: 1, restarts: 1 });
    expect(pool.status()).toMatchObject({ crashedWorkers: 0, failed: 1, timedOut: 0 });
  });

  it('a non-fatal error (isFatal false) leaves the worker in place', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false, isFatal: (e) => e === 'fatal' });
    const events = recordEvents(pool);
    await ready(pool);
    const a = await pool.run(({ workerId }) => workerId);
    await rejectionOf(pool.run(() => Promise.reject(new Boom())));
    const b = await pool.run(({ workerId }) => workerId);
    expect(b).toBe(a);
    expect(events.count('workerCrashed')).toBe(0);
  });

  it('an isFatal predicate that throws is treated as "not fatal"', async () => {
    const pool = makePool({
      size: 1,
      circuitBreaker: false,
      isFatal: () => {
        throw new Error('predicate bug');
      },
    });
    await ready(pool);
    const a = await pool.run(({ workerId }) => workerId);
    const boom = new Boom();
    expect(await rejectionOf(pool.run(() => Promise.reject(boom)))).toBe(boom);
    expect(await pool.run(({ workerId }) => workerId)).toBe(a);
  });

  it('a worker actor that dies under the pool (machinery error) fails its task with WorkerCrashError and is replaced', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    const running = pool.submit(b.task);
    await until(() => b.started.length === 1, 'task started');
    const oldWorker = b.started[0]!.workerId;
    const restarted = nextEvent(pool, 'workerRestarted');
    // Stop the worker's actor behind the pool's back.
    const ref = pool.workerSupervisor!.whichChildren()[0]!.ref;
    if (ref === undefined || ref === 'restarting') throw new Error('no worker actor');
    kill(ref);
    const error = await rejectionOf(running.result);
    expect(error).toBeInstanceOf(WorkerCrashError);
    expect((error as WorkerCrashError).workerId).toBe(oldWorker);
    expect((error as WorkerCrashError).taskId).toBe(running.id);
    expect(b.started[0]!.signal.aborted).toBe(true);
    await restarted;
    await ready(pool);
    expect(await pool.run(({ workerId }) => workerId)).not.toBe(oldWorker);
    // The abandoned task's late result changes nothing.
    b.release('late');
    await sleep(5);
    expect(pool.metrics()).toMatchObject({ completed: 1, failed: 1, crashes: 1, restarts: 1, running: 0 });
  });
});
