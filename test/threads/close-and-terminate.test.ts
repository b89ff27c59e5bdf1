import { describe, expect, it } from 'vitest';
import { PoolClosedError, WorkerCrashError } from '../../src/index.js';
import {
  HANDLERS_URL,
  makeThreadPool,
  nextEvent,
  ready,
  recordEvents,
  rejectionOf,
  threads,
  threadSuite,
  until,
  within,
  type Handlers,
} from './helpers.js';
import type { ThreadPool } from '../../src/index.js';

threadSuite();

/** Nothing of the pool runs any more: no supervised worker, no thread. */
function expectFullyStopped(pool: ThreadPool<any>): void {
  expect(pool.phase).toBe('closed');
  const supervisor = pool.workerSupervisor;
  expect(supervisor).toBeDefined();
  expect(supervisor?.phase).toBe('stopped');
  expect(supervisor?.countChildren()).toMatchObject({ active: 0 });
  expect(threads.live().map((worker) => worker.threadId)).toEqual([]);
}

/** Tracks how many of `promises` have settled. */
function settledCounter(promises: Promise<unknown>[]) {
  let settled = 0;
  for (const promise of promises) {
    promise.then(
      () => settled++,
      () => settled++,
    );
  }
  return {
    get settled() {
      return settled;
    },
  };
}

describe('close()', () => {
  it('lets running and queued calls finish, then stops every thread; later calls reject with PoolClosedError', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 2, maxQueueSize: Infinity });
    await ready(pool);
    const events = recordEvents(pool);
    const running = [pool.call('hold', 150), pool.call('hold', 150)];
    const queued = Array.from({ length: 50 }, (_, i) => pool.call('inc', i));
    const startedBefore = threads.started;

    await within(pool.close(), 10_000, 'close');
    expect((await Promise.all(running)).map((r) => r.threadId > 0)).toEqual([true, true]);
    expect(await Promise.all(queued)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expectFullyStopped(pool);
    expect(threads.started).toBe(startedBefore); // closing started no thread
    expect(events.count('closed')).toBe(1);

    const late = await rejectionOf(pool.call('inc', 1));
    expect(late).toBeInstanceOf(PoolClosedError);
    expect(() => pool.submit('inc', [1])).toThrow(PoolClosedError);
    expect(await rejectionOf(pool.submitWait('inc', [1]))).toBeInstanceOf(PoolClosedError);
    await pool.close(); // idempotent
  });

  it('close() before any thread is ready still runs what was queued', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 2, maxQueueSize: Infinity });
    const calls = Array.from({ length: 100 }, (_, i) => pool.call('inc', i));
    await within(pool.close(), 10_000, 'close');
    expect(await Promise.all(calls)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expectFullyStopped(pool);
  });

  it('close({ timeout }) stops a CPU-bound loop that never returns: it rejects with PoolClosedError', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1, taskTimeout: false });
    const started = nextEvent(pool, 'taskStarted');
    const spinning = rejectionOf(pool.call('spin'));
    const queued = rejectionOf(pool.call('inc', 1));
    await started;
    await within(pool.close({ timeout: 200 }), 10_000, 'close with timeout');
    expect(await spinning).toBeInstanceOf(PoolClosedError);
    expect(await queued).toBeInstanceOf(PoolClosedError);
    expectFullyStopped(pool);
  });
});

describe('terminate()', () => {
  it('settles every promise at once (running ones included) and leaves no thread running', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 2, maxQueueSize: Infinity, taskTimeout: false });
    await ready(pool);
    const spinning = [pool.call('spin'), pool.call('hold', 60_000)];
    const queued = Array.from({ length: 30 }, (_, i) => pool.call('inc', i));
    const waiting = pool.submitWait('inc', [1]);
    const all = [...spinning, ...queued, waiting];
    const counter = settledCounter(all);
    await until(() => pool.status().busyWorkers === 2, 'both threads busy');

    await within(pool.terminate(), 10_000, 'terminate');
    const outcomes = await within(Promise.allSettled(all), 5_000, 'every call');
    expect(counter.settled).toBe(all.length);
    for (const outcome of outcomes.slice(0, spinning.length + queued.length)) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(PoolClosedError);
    }
    expectFullyStopped(pool);
    expect(await rejectionOf(pool.call('inc', 1))).toBeInstanceOf(PoolClosedError);
  });

  it('terminate() while close() waits for a long task ends the wait', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1, taskTimeout: false });
    const started = nextEvent(pool, 'taskStarted');
    const long = rejectionOf(pool.call('spin'));
    await started;
    const closing = pool.close();
    await within(pool.terminate(), 10_000, 'terminate');
    await within(closing, 5_000, 'the pending close');
    expect(await long).toBeInstanceOf(PoolClosedError);
    expectFullyStopped(pool);
  });
});

describe('edge cases', () => {
  it.each(['close', 'terminate'] as const)('%s() right after creation, while threads are still starting, leaves no thread', async (how) => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 2 });
    await within(how === 'close' ? pool.close() : pool.terminate(), 10_000, how);
    expectFullyStopped(pool);
  });

  it('a thread that crashes while close() waits for it: the call rejects, close still completes', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 2, intensity: 10 });
    await ready(pool);
    const started = nextEvent(pool, 'taskStarted');
    const crashing = rejectionOf(pool.call('throwInTimer'));
    const fine = pool.call('hold', 100);
    await started;
    await within(pool.close(), 10_000, 'close');
    expect(await crashing).toBeInstanceOf(WorkerCrashError);
    expect((await fine).threadId).toBeGreaterThan(0);
    expectFullyStopped(pool);
  });
});

describe('closing right after a burst never hangs', () => {
  // 50 rounds in a row, each closing right after a burst of 20,000 calls. A graceful close()
  // of 20,000 calls takes ~1 s through 2 threads (one round trip per call), so every fifth round
  // drains fully and the others close with a short timeout or terminate, which settle the rest
  // with PoolClosedError at once.
  async function burstThenClose(tasks: number, how: 'close' | 'close-timeout' | 'terminate'): Promise<void> {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 2, maxQueueSize: Infinity, taskTimeout: false });
    const calls: Promise<number>[] = new Array(tasks);
    for (let i = 0; i < tasks; i++) calls[i] = pool.call('inc', i);
    const counter = settledCounter(calls);
    const closing = how === 'close' ? pool.close() : how === 'close-timeout' ? pool.close({ timeout: 20 }) : pool.terminate();
    await within(closing, 30_000, `${how} after a burst of ${tasks}`);
    const outcomes = await within(Promise.allSettled(calls), 5_000, 'every call of the burst');
    expect(counter.settled).toBe(tasks);
    let fulfilled = 0;
    for (let i = 0; i < tasks; i++) {
      const outcome = outcomes[i] as PromiseSettledResult<number>;
      if (outcome.status === 'fulfilled') {
        fulfilled++;
        if (outcome.value !== i + 1) expect(outcome.value).toBe(i + 1);
      } else if (!(outcome.reason instanceof PoolClosedError)) {
        expect(outcome.reason).toBeInstanceOf(PoolClosedError);
      }
    }
    if (how === 'close') expect(fulfilled).toBe(tasks); // close() lets everything finish
    expectFullyStopped(pool);
  }

  it('20,000 calls then close(), close({ timeout }) or terminate(), 50 times in a row', async () => {
    const ways = ['close', 'close-timeout', 'terminate', 'close-timeout', 'terminate'] as const;
    for (let round = 0; round < 50; round++) await burstThenClose(20_000, ways[round % ways.length] as (typeof ways)[number]);
  }, 300_000);
});
