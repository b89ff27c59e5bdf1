/**
 * The examples of docs/pool.md, kept runnable and checked with asserts. Each numbered
 * section below matches a section of the guide.
 *
 * Run: npx tsx examples/pool-guide.ts
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import {
  CircuitOpenError,
  PoolClosedError,
  PoolFailedError,
  QueueFullError,
  TaskCancelledError,
  TaskTimeoutError,
  createPool,
  getPool,
  poolSpec,
  startSupervisor,
  type Pool,
  type PoolEvents,
  type TaskContext,
} from '../src/index.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** A promise and its resolver, to hold a task open until the example releases it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}
/** Resolves with the payload of the next `type` event. */
const next = <K extends keyof PoolEvents>(pool: Pool<any, any>, type: K) =>
  new Promise<PoolEvents[K]>((resolve) => {
    const once = (event: PoolEvents[K]) => {
      pool.events.off(type, once);
      resolve(event);
    };
    pool.events.on(type, once);
  });

/** Exactly once: every accepted task settled one way, and nothing is left running or queued. */
function assertAllSettled(pool: Pool<any, any>): void {
  const m = pool.metrics();
  assert.equal(m.completed + m.failed + m.timedOut + m.cancelled, m.accepted);
  assert.equal(m.running + m.queued, 0);
}

// ---------------------------------------------------------------- 1. a first pool
{
  // A per-worker resource: every task on a worker receives that worker's connection.
  class Connection {
    closed = false;
    constructor(readonly workerId: string) {}
    async query(sql: string, signal: AbortSignal): Promise<string> {
      await sleep(5);
      signal.throwIfAborted();
      return `${sql} via ${this.workerId}`;
    }
  }

  const pool = createPool({
    name: 'db',
    size: 4,
    taskTimeout: 5_000,
    worker: {
      init: async ({ workerId }) => new Connection(workerId),
      dispose: (connection) => {
        connection.closed = true;
      },
    },
    handlers: {
      add: (a: number, b: number) => a + b,
      query: (sql: string, { resource, signal }: TaskContext<Connection>) => resource.query(sql, signal),
    },
  });

  // run: submit and await.
  const row = await pool.run(({ resource, signal }) => resource.query('select 1', signal));
  assert.match(row, /^select 1 via db\/worker-\d\./);

  // submit: never blocks; returns a handle at once.
  const handle = pool.submit(({ taskId, workerId }) => `${taskId} ran on ${workerId}`, { priority: 1 });
  assert.equal(typeof handle.id, 'string');
  assert.match(await handle.result, / ran on db\/worker-\d\./);

  // call: a named handler; the task context comes after the arguments.
  assert.equal(await pool.call('add', 1, 2), 3);
  assert.match(await pool.call('query', 'select 2'), /^select 2 via /);
  // @ts-expect-error: an unknown name is a type error, and a TypeError rejection at run time
  await assert.rejects(pool.call('nope'), TypeError);

  await pool.close();
  assert.equal(pool.phase, 'closed');
  assertAllSettled(pool);
}

// ---------------------------------------------------------------- 2. refusals and back-pressure
{
  const pool = createPool({ size: 1, maxQueueSize: 1 });
  const refusals: string[] = [];
  pool.events.on('taskRejected', ({ reason }) => refusals.push(reason));
  await pool.onIdle(); // resolves at once: nothing queued, nothing running
  const hold = gate();
  const running = pool.submit(() => hold.opened); // takes the only worker...
  await sleep(20); // (a fresh pool's worker starts asynchronously)
  const queued = pool.submit(() => 'queued'); // ...this one waits in the queue...
  assert.throws(() => pool.submit(() => 'refused'), QueueFullError); // ...and the queue is full.
  await assert.rejects(pool.run(() => 'refused'), QueueFullError); // run: the same, as a rejection
  assert.deepEqual(refusals, ['queue_full', 'queue_full']); // every refusal is announced ...
  assert.equal(pool.status().rejected, 2); // ... and counted

  // submitWait: waits (FIFO) for room instead of being refused.
  const waited = pool.submitWait(() => 'after the wait');
  assert.equal(pool.status().queued, 1);
  hold.open();
  assert.equal(await (await waited).result, 'after the wait');
  assert.equal(await queued.result, 'queued');
  await running.result;

  // onSizeLessThan / onEmpty / onIdle for p-queue-style producers.
  const done: number[] = [];
  for (let i = 0; i < 5; i++) {
    await pool.onSizeLessThan(1); // room for one more
    void pool.submit(async () => {
      await sleep(2);
      done.push(i);
    });
  }
  await pool.onEmpty(); // the queue is empty (the last task may still run)
  await pool.onIdle(); // nothing queued, nothing running
  assert.deepEqual(done, [0, 1, 2, 3, 4]);
  await pool.close();
  assertAllSettled(pool);
}

// ---------------------------------------------------------------- 3. failure vs crash
{
  const crashes: string[] = [];
  const pool = createPool({
    size: 1,
    taskTimeout: 50,
    timeoutGrace: 100,
    isFatal: (error) => error instanceof Error && error.message === 'connection reset',
  });
  pool.events.on('workerCrashed', ({ workerId }) => crashes.push(workerId));
  const whoAmI = () => pool.run(({ workerId }) => workerId);

  // A throwing task fails its own promise; its worker stays and serves the next task.
  const first = await whoAmI();
  await assert.rejects(
    pool.run(() => {
      throw new Error('bad input');
    }),
    /bad input/,
  );
  assert.equal(await whoAmI(), first);

  // A task past its timeout rejects with TaskTimeoutError and ctx.signal tells its code to stop.
  // Code that stops gives its worker back within the grace: no crash, same worker.
  await assert.rejects(pool.run(({ signal }) => delay(1000, 'too late', { signal })), TaskTimeoutError);
  await sleep(10);
  assert.equal(await whoAmI(), first);

  // Code that ignores its signal past the grace: the worker is abandoned and replaced (new id),
  // and the late result is ignored.
  let lateSignal: AbortSignal | undefined;
  const restarted = next(pool, 'workerRestarted');
  await assert.rejects(
    pool.run(async ({ signal }) => {
      lateSignal = signal;
      await sleep(400);
      return 'too late';
    }),
    TaskTimeoutError,
  );
  assert.equal(lateSignal?.aborted, true);
  await restarted;
  await sleep(10);
  const second = await whoAmI();
  assert.notEqual(second, first);

  // A fatal error (isFatal) fails the task with its own error and crashes the worker.
  await assert.rejects(
    pool.run(() => {
      throw new Error('connection reset');
    }),
    /connection reset/,
  );
  await sleep(10);
  assert.notEqual(await whoAmI(), second);
  assert.deepEqual(crashes, [first, second]);
  assert.equal(pool.metrics().timedOut, 2);
  assert.equal(pool.metrics().restarts, 2);
  await pool.close();
  assertAllSettled(pool);
}

// ---------------------------------------------------------------- 4. circuit breaker
{
  const pool = createPool({
    size: 2,
    circuitBreaker: { failureThreshold: 3, cooldown: 100 },
  });
  const states: string[] = [];
  pool.events.on('circuitOpened', () => states.push('open'));
  pool.events.on('circuitHalfOpened', () => states.push('halfOpen'));
  pool.events.on('circuitClosed', () => states.push('closed'));
  const fail = () => {
    throw new Error('downstream 503');
  };

  for (let i = 0; i < 3; i++) await pool.run(fail).catch(() => undefined);
  assert.equal(pool.circuit, 'open');
  try {
    pool.submit(() => 'refused');
    assert.fail('the open circuit should refuse');
  } catch (error) {
    assert.ok(error instanceof CircuitOpenError);
    assert.ok(error.retryAt! > Date.now()); // when it will half-open
  }
  assert.equal(pool.status().rejected, 1); // taskRejected with reason 'circuit_open'

  // It half-opens on its own timer; one probe success closes it.
  await next(pool, 'circuitHalfOpened');
  assert.equal(await pool.run(() => 'probe ok'), 'probe ok');
  assert.equal(pool.circuit, 'closed');

  // Manual controls: force it open (it half-opens after the cooldown), or reset it to closed.
  pool.openCircuit();
  assert.throws(() => pool.submit(() => 0), CircuitOpenError);
  pool.resetCircuit();
  assert.equal(pool.circuit, 'closed');

  // Tasks already queued when it opens are held: not dispatched, not rejected.
  const ran: string[] = [];
  const hold = gate();
  const blockers = [pool.submit(() => hold.opened), pool.submit(() => hold.opened)];
  const held = pool.submit(() => ran.push('held')); // both workers busy: this one queues
  pool.openCircuit();
  hold.open();
  await Promise.all(blockers.map((b) => b.result));
  await sleep(20);
  assert.deepEqual(ran, []); // workers idle, task held
  assert.equal(pool.status().queued, 1);
  pool.resetCircuit(); // closed again: the held task runs
  await held.result;
  assert.deepEqual(ran, ['held']);
  assert.deepEqual(states, ['open', 'halfOpen', 'closed', 'open', 'closed', 'open', 'closed']);
  await pool.close();
  assertAllSettled(pool);
}

// ---------------------------------------------------------------- 5. priority, cancel, abort
{
  const pool = createPool({ size: 1 });
  await sleep(10);
  const order: string[] = [];
  const hold = gate();
  const blocker = pool.submit(() => hold.opened);
  pool.submit(() => order.push('low'), { priority: -1 });
  pool.submit(() => order.push('normal a'));
  pool.submit(() => order.push('urgent'), { priority: 10 });
  pool.submit(() => order.push('normal b'));

  // A queued task removed by cancel never runs; its promise rejects with the reason.
  const cancelled = pool.submit(() => order.push('never'));
  assert.equal(cancelled.cancel(), true);
  await assert.rejects(cancelled.result, TaskCancelledError);

  // An aborted signal works the same way; an already-aborted one rejects at once.
  const controller = new AbortController();
  const aborted = pool.submit(() => order.push('never either'), { signal: controller.signal });
  controller.abort(new Error('user left'));
  await assert.rejects(aborted.result, /user left/);
  await assert.rejects(pool.run(() => 1, { signal: AbortSignal.abort(new Error('too late')) }), /too late/);

  hold.open();
  await blocker.result;
  await pool.onIdle();
  assert.deepEqual(order, ['urgent', 'normal a', 'normal b', 'low']);

  // A running task: its ctx.signal aborts and its promise rejects with the reason.
  const seen: unknown[] = [];
  const running = pool.submit(
    ({ signal }) =>
      new Promise((resolve) => {
        signal.addEventListener('abort', () => {
          seen.push(signal.reason);
          resolve('ignored');
        });
      }),
  );
  await sleep(5);
  running.cancel('stop');
  await assert.rejects(running.result, (reason) => reason === 'stop');
  assert.deepEqual(seen, ['stop']);
  await pool.close();
  assertAllSettled(pool);
}

// ---------------------------------------------------------------- 6. close and terminate
{
  const pool = createPool({ size: 2 });
  const results = [1, 2, 3, 4].map((n) => pool.run(async () => (await sleep(10), n)));
  const closing = pool.close(); // waits for running and queued tasks
  assert.equal(pool.close(), closing); // idempotent
  assert.throws(() => pool.submit(() => 0), PoolClosedError);
  await closing;
  assert.deepEqual(await Promise.all(results), [1, 2, 3, 4]);
  assertAllSettled(pool);

  const slow = createPool({ size: 1 });
  await sleep(10);
  const running = slow.run(({ signal }) => delay(1000, 'done', { signal }));
  const queued = slow.run(() => 'never');
  await slow.close({ timeout: 20 }); // then: running aborted, queued rejected
  assertAllSettled(slow);
  await assert.rejects(running, PoolClosedError);
  await assert.rejects(queued, PoolClosedError);

  const now = createPool({ size: 1 });
  await sleep(10);
  const tasks = [1, 2, 3].map(() => now.submit(({ signal }) => delay(1000, 'done', { signal }))); // fire and forget
  await now.terminate(); // rejects queued, aborts running, at once
  for (const task of tasks) await assert.rejects(task.result, PoolClosedError);
  assertAllSettled(now);
}

// ---------------------------------------------------------------- 7. status, metrics, events
{
  const pool = createPool({ name: 'stats', size: 2, circuitBreaker: false });
  const seen: string[] = [];
  pool.events.on('*', (type) => seen.push(type));
  await sleep(10);
  await pool.run(() => 'ok');
  await pool.run(() => Promise.reject(new Error('no'))).catch(() => undefined);
  assert.deepEqual(pool.status(), {
    phase: 'running',
    circuit: 'closed',
    size: 2,
    idleWorkers: 2,
    busyWorkers: 0,
    startingWorkers: 0,
    crashedWorkers: 0,
    queued: 0,
    running: 0,
    retrying: 0,
    paused: false,
    accepted: 2,
    completed: 1,
    failed: 1,
    timedOut: 0,
    cancelled: 0,
    rejected: 0,
    crashes: 0,
    restarts: 0,
    retried: 0,
  });
  const metrics = pool.metrics();
  assert.equal(metrics.completed, 1);
  assert.equal(metrics.failed, 1);
  assert.equal(metrics.runTime.count, 2);
  assert.ok(seen.includes('taskSucceeded') && seen.includes('taskFailed') && seen.includes('drained'));
  await pool.close();
  assertAllSettled(pool);
  assert.equal(seen.at(-1), 'closed');
}

// ---------------------------------------------------------------- 8. a pool under a supervisor
{
  let attempts = 0;
  let broken = true;
  const root = await startSupervisor({
    name: 'app',
    intensity: 3,
    period: 5000,
    children: [
      poolSpec(
        'images',
        {
          size: 2,
          intensity: 2, // more than 2 worker restarts ...
          period: 1000, // ... within 1 s, and the pool fails
          worker: {
            init: async () => {
              attempts++;
              if (broken) throw new Error('GPU not found'); // every worker's init fails
              return 'gpu';
            },
          },
        },
        { systemId: 'images' }, // the tree's actor system finds the current pool under this key
      ),
    ],
  });
  const refOf = () => root.whichChildren().find((child) => child.id === 'images')?.ref;
  const first = getPool<string>(refOf())!;
  const firstActor = first.actor; // this incarnation's actor (the handle itself follows restarts)
  assert.equal(root.actor.system.get('images'), firstActor);
  const failed = next(first, 'failed');
  first.events.on('failed', () => (broken = false)); // (the GPU comes back before the restart)
  const restarted = new Promise((resolve) => root.events.on('childRestarted', resolve));
  const failure = await failed; // more than 2 worker restarts in 1 s: the pool fails ...
  assert.ok(failure.error instanceof Error);
  assert.equal(first.phase, 'failed');
  assert.throws(() => first.submit(() => 0), PoolFailedError);
  await restarted; // ... and its parent starts a fresh one
  assert.equal(firstActor.getSnapshot().output.reason, 'crashed'); // the failed pool's exit
  const second = getPool<string>(root.actor.system.get('images'))!; // the new incarnation
  assert.equal(second.actor, refOf());
  assert.equal(first.actor, refOf()); // a handle kept across the restart reaches the new pool too
  assert.equal(await second.run(({ resource }) => resource), 'gpu');
  assert.ok(attempts > 3);
  await root.stop();
  assert.equal(second.phase, 'closed');
}

// ---------------------------------------------------------------- 9. base signal, wrap, inspection
{
  // Aborting the base signal closes the pool: queued tasks reject with its reason,
  // running ones see ctx.signal abort.
  const shutdown = new AbortController();
  const timings: number[] = [];
  const workerEdges: string[] = [];
  const pool = createPool({
    size: 1,
    signal: shutdown.signal,
    // Middleware around every task, e.g. for timing or tracing.
    wrap: (task) => async (ctx) => {
      const start = performance.now();
      try {
        return await task(ctx);
      } finally {
        timings.push(performance.now() - start);
      }
    },
    // xstate inspection for every actor of the pool: here, the events the workers receive.
    inspect: (event) => {
      if (event.type === '@xstate.event' && event.event.type.startsWith('worker.')) workerEdges.push(event.event.type);
    },
  });
  assert.equal(pool.actor.getSnapshot().value, 'running'); // the pool machine
  assert.equal(pool.breakerActor?.getSnapshot().value, 'closed'); // the breaker machine
  await pool.ready();
  // One actor system: the breaker and the worker supervisor are the pool actor's children, the
  // workers the worker supervisor's (one child per slot: worker-0, worker-1, ...).
  assert.equal(pool.breakerActor?.id, 'breaker');
  assert.equal(pool.workerSupervisor?.actor.id, 'workers');
  assert.deepEqual(pool.workerSupervisor?.whichChildren().map((child) => child.id), ['worker-0']);
  assert.equal(pool.workerSupervisor?.actor.system, pool.actor.system);
  // Plain snapshots: small and JSON-serializable.
  assert.ok(JSON.stringify(pool.actor.getPersistedSnapshot()).length < 1000);

  // 1,000 tasks on one worker: it goes busy once and idle once. The tasks in between are
  // taken off the queue in plain code, with no xstate transition. (busy → idle is reported one
  // macrotask after the pool ran dry, so let one pass.)
  await Promise.all(Array.from({ length: 1000 }, (_, i) => pool.run(async () => i)));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(workerEdges, ['worker.assigned', 'worker.released']);
  assert.equal(timings.length, 1000);

  let runningSignal: AbortSignal | undefined;
  const running = pool.run(async ({ signal }) => {
    runningSignal = signal;
    await sleep(20);
    return 'finished';
  });
  const queued = pool.run(() => 'never');
  await sleep(5);
  shutdown.abort(new Error('SIGTERM'));
  await assert.rejects(queued, /SIGTERM/);
  assert.equal(runningSignal?.aborted, true);
  assert.equal(await running, 'finished'); // its code chose to finish anyway
  await pool.close(); // the same close the signal started
  assert.equal(pool.phase, 'closed');
  assertAllSettled(pool);
}

console.log('pool guide: all examples passed');
