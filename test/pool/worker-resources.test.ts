import { describe, expect, it } from 'vitest';
import { PoolFailedError, type TaskContext } from '../../src/index.js';
import {
  Boom,
  flushMicrotasks,
  gate,
  makePool,
  nextEvent,
  observe,
  poolSuite,
  ready,
  recordEvents,
  rejectionOf,
  thrownBy,
  until,
  within,
} from './helpers.js';

poolSuite();

interface Conn {
  n: number;
  workerId: string;
  closed: boolean;
}

function connections() {
  const made: Conn[] = [];
  const disposed: Array<{ conn: Conn; workerId: string }> = [];
  return {
    made,
    disposed,
    worker: {
      init: async ({ workerId }: { workerId: string }): Promise<Conn> => {
        await Promise.resolve();
        const conn = { n: made.length + 1, workerId, closed: false };
        made.push(conn);
        return conn;
      },
      dispose: (conn: Conn, { workerId }: { workerId: string }) => {
        conn.closed = true;
        disposed.push({ conn, workerId });
      },
    },
  };
}

describe('worker resources (init / dispose)', () => {
  it('init creates one resource per worker that every task on that worker receives as ctx.resource', async () => {
    const c = connections();
    const pool = makePool<Conn>({ size: 3, worker: c.worker, circuitBreaker: false });
    await ready(pool);
    expect(c.made).toHaveLength(3);
    const seen = await Promise.all(
      Array.from({ length: 30 }, () => pool.run(async ({ resource, workerId }: TaskContext<Conn>) => ({ resource, workerId }))),
    );
    for (const { resource, workerId } of seen) {
      expect(c.made).toContain(resource);
      expect(resource.workerId).toBe(workerId); // init got the id of the worker that owns it
      expect(resource.closed).toBe(false);
    }
    // One resource per worker, never shared.
    const byWorker = new Map<string, Set<Conn>>();
    for (const { resource, workerId } of seen) byWorker.set(workerId, (byWorker.get(workerId) ?? new Set()).add(resource));
    for (const resources of byWorker.values()) expect(resources.size).toBe(1);
    expect(c.made).toHaveLength(3);
  });

  it('tasks submitted while init is still running wait for it', async () => {
    const opened = gate<string>();
    const pool = makePool<string>({ size: 1, worker: { init: () => opened.wait }, circuitBreaker: false });
    const result = observe(pool.run(({ resource }) => `used ${resource}`));
    await flushMicrotasks();
    expect(result.settled).toBe(false);
    expect(pool.status()).toMatchObject({ idleWorkers: 0, queued: 1 });
    opened.open('db');
    await until(() => result.settled, 'task after init');
    expect(result.value).toBe('used db');
  });

  it('dispose is called for every resource on close', async () => {
    const c = connections();
    const pool = makePool<Conn>({ size: 2, worker: c.worker });
    await ready(pool);
    await pool.close();
    expect(c.disposed.map((d) => d.conn).sort((a, b) => a.n - b.n)).toEqual(c.made);
    for (const { conn, workerId } of c.disposed) expect(conn.workerId).toBe(workerId);
  });

  it('a crash disposes the worker resource and the replacement gets a fresh one', async () => {
    const c = connections();
    const pool = makePool<Conn>({ size: 1, worker: c.worker, isFatal: (e) => e instanceof Boom, circuitBreaker: false });
    await ready(pool);
    const first = await pool.run(({ resource }) => resource);
    const restarted = nextEvent(pool, 'workerRestarted');
    await rejectionOf(pool.run(() => Promise.reject(new Boom('connection reset'))));
    await restarted;
    await until(() => c.disposed.length === 1, 'crashed resource disposed');
    expect(c.disposed[0]?.conn).toBe(first);
    expect(first.closed).toBe(true);
    await ready(pool);
    const second = await pool.run(({ resource }) => resource);
    expect(second).not.toBe(first);
    expect(second.n).toBe(2);
    expect(second.closed).toBe(false);
  });

  it('a dispose that throws is reported as disposeFailed and does not block close', async () => {
    const failure = new Error('dispose failed');
    const pool = makePool({
      size: 2,
      worker: {
        init: () => 'r',
        dispose: () => {
          throw failure;
        },
      },
    });
    const events = recordEvents(pool);
    await ready(pool);
    await within(pool.close(), undefined, 'close');
    expect(events.of('disposeFailed')).toHaveLength(2);
    expect(events.of('disposeFailed')[0]?.error).toBe(failure);
    expect(pool.phase).toBe('closed');
  });

  it('an init that fails once is a crash: the worker is restarted and the pool serves', async () => {
    let attempts = 0;
    const pool = makePool({
      size: 1,
      circuitBreaker: false,
      worker: {
        init: () => {
          attempts++;
          if (attempts === 1) throw new Error('first connect failed');
          return 'connected';
        },
      },
    });
    const events = recordEvents(pool);
    expect(await within(pool.run(({ resource }) => resource), undefined, 'task')).toBe('connected');
    expect(attempts).toBe(2);
    expect(events.count('workerCrashed')).toBe(1);
    expect(events.count('workerRestarted')).toBe(1);
    expect(pool.metrics()).toMatchObject({ crashes: 1, restarts: 1 });
    expect(pool.phase).toBe('running');
  });
});

describe('restart intensity and the failed pool', () => {
  it('init failing repeatedly exhausts the intensity: the pool fails and says so everywhere', async () => {
    const initError = new Error('database unreachable');
    let attempts = 0;
    const pool = makePool<string>({
      size: 1,
      maxQueueSize: 2,
      intensity: 2, period: 60_000,
      recovery: false, // no parent: it would back off and come back (test/pool/recovery.test.ts)
      worker: {
        init: async (): Promise<string> => {
          attempts++;
          await Promise.resolve();
          throw initError;
        },
      },
    });
    const events = recordEvents(pool);
    const failed = nextEvent(pool, 'failed');
    // Queued while the workers keep failing to start.
    const queued = [observe(pool.run(() => 1)), observe(pool.run(() => 2))];
    const waiter = observe(pool.submitWait(() => 3));

    const event = await failed;
    expect(event.error).toBe(initError);
    expect(pool.phase).toBe('failed');
    expect(attempts).toBe(3); // the first start and 2 restarts
    expect(events.count('workerCrashed')).toBe(3);
    expect(events.count('workerRestarted')).toBe(2);

    await flushMicrotasks();
    for (const o of [...queued, waiter]) {
      expect(o.error).toBeInstanceOf(PoolFailedError);
      expect((o.error as PoolFailedError).cause).toBe(initError);
    }
    const refused = thrownBy(() => pool.submit(() => 4));
    expect(refused).toBeInstanceOf(PoolFailedError);
    expect((refused as PoolFailedError).code).toBe('ERR_POOL_FAILED');
    expect((refused as PoolFailedError).cause).toBe(initError);
    expect(await rejectionOf(pool.run(() => 5))).toBeInstanceOf(PoolFailedError);
    expect(await rejectionOf(pool.submitWait(() => 6))).toBeInstanceOf(PoolFailedError);
    expect(pool.status()).toMatchObject({ idleWorkers: 0, busyWorkers: 0, queued: 0 });

    // The pool actor ends with a crash, which is what a parent supervisor restarts.
    await until(() => pool.actor.getSnapshot().status === 'done', 'pool actor done');
    expect(pool.actor.getSnapshot().value).toBe('failed');
    expect(pool.actor.getSnapshot().output).toEqual({ reason: 'crashed', error: initError });
    const m = pool.metrics();
    expect(m.accepted).toBe(2);
    expect(m.completed + m.failed + m.cancelled + m.timedOut).toBe(2);

    // close() and terminate() on a failed pool resolve.
    await within(pool.close(), undefined, 'close of a failed pool');
    await within(pool.terminate(), undefined, 'terminate of a failed pool');
    expect(pool.phase).toBe('failed');
  });

  it('running tasks of a pool that fails are rejected with PoolFailedError', async () => {
    const pool = makePool({
      size: 2,
      intensity: 0, period: 60_000,
      recovery: false, // no parent: it would back off and come back (test/pool/recovery.test.ts)
      isFatal: (e) => e instanceof Boom,
      circuitBreaker: false,
    });
    await ready(pool);
    const running = observe(pool.run(() => new Promise(() => undefined)));
    const fatal = observe(pool.run(() => Promise.reject(new Boom())));
    await nextEvent(pool, 'failed');
    await flushMicrotasks();
    expect(fatal.error).toBeInstanceOf(Boom);
    expect(running.error).toBeInstanceOf(PoolFailedError);
    expect(pool.phase).toBe('failed');
  });

  it('the default intensity (max(3, 2 × size)) lets a pool of 10 survive a burst of 10 crashes', async () => {
    const pool = makePool({ size: 10, isFatal: () => true, circuitBreaker: false });
    const events = recordEvents(pool);
    await ready(pool);
    for (let i = 0; i < 10; i++) await rejectionOf(pool.run(() => Promise.reject(new Boom(`crash ${i}`))));
    await until(() => events.count('workerRestarted') === 10, '10 restarts');
    expect(pool.phase).toBe('running');
    await ready(pool);
    expect(await pool.run(() => 'alive')).toBe('alive');
  });

  it('with OTP\'s 3 restarts in the period, the 4th crash fails the pool', async () => {
    const pool = makePool({ size: 10, isFatal: () => true, intensity: 3, period: 60_000, circuitBreaker: false, recovery: false });
    await ready(pool);
    const failed = nextEvent(pool, 'failed');
    for (let i = 0; i < 3; i++) await rejectionOf(pool.run(() => Promise.reject(new Boom())));
    await until(() => pool.metrics().restarts === 3, '3 restarts');
    expect(pool.phase).toBe('running');
    await rejectionOf(pool.run(() => Promise.reject(new Boom())));
    await failed;
    expect(pool.phase).toBe('failed');
  });
});
