/**
 * Attacks on prefetch (a busy thread is sent its next call, owned through a ticket) with real
 * threads: seeded storms mixing every way a task can end, and targeted races. Each asserts that
 * every accepted task settles exactly once, no handler runs twice per try or two at once on a
 * thread, and the counters add up at rest.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../chaos/rng.js';
import { TaskCancelledError, WorkerCrashError, type TaskHandle, type ThreadPool, type ThreadPoolOptions } from '../../src/index.js';
import { HANDLERS_URL, latch, makeThreadPool, ready, reservedIn, sleep, takenBehind, threadSuite, until, within, WAIT_MS, type Handlers } from './helpers.js';

threadSuite();

type Mode = 'sync' | 'async' | 'syncFail' | 'asyncFail' | 'exit' | 'exitAfterReply' | 'hang';

/** A seeded generator (the chaos suite's), so a failing storm can be replayed. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

/** What `act` calls write: `[twoAtOnce, hangLatch, runs of id 0, runs of id 1, ...]`. */
function actLog(count: number) {
  const shared = new SharedArrayBuffer(4 * (2 + count));
  const flags = new Int32Array(shared);
  return {
    shared,
    get twoAtOnce(): number {
      return Atomics.load(flags, 0);
    },
    runs(id: number): number {
      return Atomics.load(flags, 2 + id);
    },
    /** Wakes every `hang` call. */
    release(): void {
      Atomics.store(flags, 1, 1);
      Atomics.notify(flags, 1);
    },
  };
}


/** accepted = every outcome + what is still pending (all pending counts are 0 at rest). */
function expectCountersAddUp(pool: ThreadPool<Handlers>, atRest = true): void {
  const s = pool.status();
  const outcomes = s.completed + s.failed + s.cancelled + s.timedOut;
  expect(s.accepted, JSON.stringify(s)).toBe(outcomes + s.queued + s.running + s.retrying);
  if (atRest) expect([s.queued, s.running, s.retrying], JSON.stringify(s)).toEqual([0, 0, 0]);
}

interface Tracked {
  id: number;
  handle: TaskHandle<unknown>;
  settled: number;
  attempts: number;
  outcome: 'ok' | 'error' | undefined;
  error: unknown;
  mode: Mode;
}

/**
 * One seeded storm: `count` calls of every kind on a small pool, with cancels, aborts, pauses,
 * resizes and per-task timeouts at random moments, then the given ending.
 */
async function storm(seed: number, count: number, ending: 'close' | 'closeTimeout' | 'terminate' | 'idle', extra: ThreadPoolOptions = {}, meddle = false) {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const pool = makeThreadPool<Handlers>(HANDLERS_URL, {
    size: 3,
    intensity: 10_000,
    period: 1_000,
    taskTimeout: 5_000,
    ...extra,
  });
  const log = actLog(count);
  const tracked: Tracked[] = [];
  let refused = 0;
  if (meddle) {
    // A listener that meddles from inside the pool's own step: cancels, pauses, resizes.
    pool.events.on('taskStarted', ({ taskId }) => {
      const r = rand();
      if (r < 0.05) tracked.find((entry) => entry.handle.id === taskId)?.handle.cancel();
      else if (r < 0.1 && tracked.length > 0) pick(tracked).handle.cancel();
      else if (r < 0.12) {
        pool.pause();
        queueMicrotask(() => pool.resume());
      } else if (r < 0.14 && pool.status().phase === 'running') pool.resize(1 + Math.floor(rand() * 3));
    });
  }
  const modes: Mode[] = ['sync', 'sync', 'sync', 'async', 'async', 'async', 'syncFail', 'asyncFail', 'exit', 'exitAfterReply', 'hang'];
  for (let id = 0; id < count; id++) {
    const mode = pick(modes);
    const controller = rand() < 0.1 ? new AbortController() : undefined;
    const attempts = rand() < 0.2 || extra.retry !== undefined ? 2 : 1;
    const options = {
      priority: rand() < 0.2 ? Math.floor(rand() * 5) : 0,
      ...(mode === 'hang' ? { timeout: 50 + Math.floor(rand() * 200) } : rand() < 0.1 ? { timeout: 5 + Math.floor(rand() * 100) } : {}),
      ...(attempts === 2 ? { retry: { attempts: 2 } } : {}),
      ...(controller === undefined ? {} : { signal: controller.signal }),
    };
    let handle: TaskHandle<unknown>;
    try {
      handle = pool.submit('act', [log.shared, id, mode, mode === 'sync' ? Math.floor(rand() * 3) : Math.floor(rand() * 10)], options);
    } catch {
      refused++; // an open circuit refuses
      continue;
    }
    const entry: Tracked = { id, handle, settled: 0, attempts, outcome: undefined, error: undefined, mode };
    tracked.push(entry);
    handle.result.then(
      () => {
        entry.settled++;
        entry.outcome = 'ok';
      },
      (error: unknown) => {
        entry.settled++;
        entry.outcome = 'error';
        entry.error = error;
      },
    );
    if (controller !== undefined) {
      const delay = Math.floor(rand() * 20);
      setTimeout(() => controller.abort(new Error(`aborted ${id}`)), delay);
    }
    const r = rand();
    if (r < 0.04 && tracked.length > 0) pick(tracked).handle.cancel();
    else if (r < 0.08 && tracked.length > 0) {
      const victim = pick(tracked);
      setTimeout(() => victim.handle.cancel(), Math.floor(rand() * 30));
    }
    else if (r < 0.11) {
      pool.pause();
      setTimeout(() => pool.resume(), Math.floor(rand() * 15));
    } else if (r < 0.14) pool.resize(1 + Math.floor(rand() * 4));
    if (rand() < 0.3) await sleep(Math.floor(rand() * 4));
    else if (rand() < 0.3) await new Promise((resolve) => setImmediate(resolve));
  }
  pool.resume();
  if (ending === 'close') await within(pool.close(), WAIT_MS, 'close');
  else if (ending === 'closeTimeout') await within(pool.close({ timeout: 30 }), WAIT_MS, 'close with a timeout');
  else if (ending === 'terminate') await within(pool.terminate(), WAIT_MS, 'terminate');
  else await within(pool.onIdle(), WAIT_MS, 'the pool to go idle');
  await within(
    Promise.allSettled(tracked.map((entry) => entry.handle.result)),
    WAIT_MS,
    'every accepted task to settle',
  );
  log.release();
  await sleep(20);
  for (const entry of tracked) {
    expect(entry.settled, `task ${entry.id} (${entry.mode}) settled ${entry.settled} times (seed ${seed})`).toBe(1);
    expect(log.runs(entry.id), `task ${entry.id} (${entry.mode}) ran more often than tried (seed ${seed})`).toBeLessThanOrEqual(entry.attempts);
  }
  expect(log.twoAtOnce, `two calls at once on a thread (seed ${seed})`).toBe(0);
  // Only a call that ran can crash: one its dying thread never began is put back, not failed.
  for (const entry of tracked) {
    if (entry.error instanceof WorkerCrashError) expect(log.runs(entry.id), `task ${entry.id} (${entry.mode}) crashed without running (seed ${seed})`).toBeGreaterThan(0);
  }
  expect(pool.status().accepted).toBe(tracked.length);
  expectCountersAddUp(pool);
  return { pool, tracked, refused, log };
}

describe('prefetch attacks: seeded storms', () => {
  const seeds = process.env.PREFETCH_SEEDS === undefined ? [1, 2, 3, 4, 5, 6] : process.env.PREFETCH_SEEDS.split(',').map(Number);
  for (const seed of seeds) {
    it(`storm ${seed}: settles every task once, runs none twice, counters add up (idle, then close)`, async () => {
      const { pool } = await storm(seed, 150, 'idle', seed % 2 === 0 ? { size: 2 } : {});
      await within(pool.close());
    }, 60_000);
  }

  it('storm with a low-threshold breaker', async () => {
    await storm(11, 150, 'idle', { circuitBreaker: { failureThreshold: 2, cooldown: 20 } });
  }, 60_000);

  it('storm with pool-wide retry and a short pool taskTimeout', async () => {
    await storm(12, 150, 'idle', { retry: { attempts: 2 }, taskTimeout: 300 });
  }, 60_000);

  it('storm ended by close()', async () => {
    await storm(13, 150, 'close');
  }, 60_000);

  it('storm ended by close({ timeout })', async () => {
    await storm(14, 150, 'closeTimeout');
  }, 60_000);

  it('storm ended by terminate()', async () => {
    await storm(15, 150, 'terminate');
  }, 60_000);

  it('storm with everything at once: breaker, retry, short timeouts, size 2', async () => {
    await storm(17, 200, 'idle', { size: 2, retry: { attempts: 2 }, taskTimeout: 400, circuitBreaker: { failureThreshold: 3, cooldown: 10 } });
  }, 60_000);

  for (const seed of process.env.PREFETCH_MEDDLE_SEEDS === undefined ? [18] : process.env.PREFETCH_MEDDLE_SEEDS.split(',').map(Number)) {
    it(`storm ${seed} with a listener that cancels, pauses and resizes as tasks start`, async () => {
      await storm(seed, 150, 'idle', seed % 2 === 0 ? { size: 2 } : {}, true);
    }, 60_000);
  }

  it('storm on size 1 (one thread, always a reservation)', async () => {
    await storm(16, 150, 'idle', { size: 1 });
  }, 60_000);
});

describe('prefetch attacks: targeted', () => {
  it('the task id a thread is given is right even when the call that carried the id prefix was taken back', async () => {
    // The channel sends the task id prefix once: a fresh thread's first call fails to post (its
    // argument cannot be cloned), so the prefix first goes out with the call sent ahead, which is
    // taken back before the thread reads it; the same call is then sent again without a prefix.
    for (let round = 0; round < 5; round++) {
      const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
      await ready(pool);
      pool.pause();
      const bad = pool.run('echo', [() => 1]);
      const good = pool.submit('taskIdOf', []);
      pool.resume();
      await expect(within(bad)).rejects.toThrow();
      expect(await within(good.result)).toBe(good.id);
      await pool.terminate();
    }
  });
});


describe('prefetch attacks: a call its thread started before the pool heard the one before', () => {
  it('the workers fail (recovery) while a thread runs the call sent ahead: the pool comes back with nothing left reserved', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1, recovery: { backoff: { type: 'fixed', delay: 20 } } });
    await ready(pool);
    const { b, c, outcomes, third } = await takenBehind(pool);
    // As the worker supervisor does when its restart intensity is spent (another thread's crash).
    (pool as unknown as { core: { onWorkersFailed: (error: unknown) => void } }).core.onWorkersFailed(new Error('the workers failed'));
    third.open();
    await expect(within(b.result)).rejects.toThrow();
    await expect(within(c.result)).rejects.toThrow();
    await until(() => pool.status().phase === 'running', 'the pool to recover');
    expect(await within(pool.call('inc', 1))).toBe(2);
    await within(pool.onIdle(), 5_000, 'onIdle after the recovery');
    expect(reservedIn(pool)).toBe(0);
    expect(outcomes.map((seen) => seen.settled)).toEqual([1, 1]);
    expectCountersAddUp(pool);
  });
});

describe('prefetch attacks: linger', () => {
  it('a thread that ends while it polls for its next call gives its polling slot back', async () => {
    const { lingeringThreads } = await import('../../src/threads/thread-channel.js');
    for (let round = 0; round < 4; round++) {
      const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1, intensity: 100 });
      await ready(pool);
      // A stream of small calls: the thread lingers between them, and the exit comes in while it does.
      const calls: Promise<unknown>[] = Array.from({ length: 40 }, (_, i) => pool.call('inc', i));
      const exit = pool.call('exitNow', 1).catch((error: unknown) => error);
      const after = Array.from({ length: 10 }, (_, i) => pool.call('inc', i));
      await within(Promise.all([...calls, ...after]));
      expect(await exit).toBeInstanceOf(WorkerCrashError);
      // A timeout's terminate while the thread polls.
      const stream = Array.from({ length: 40 }, (_, i) => pool.call('inc', i));
      const spin = pool.run('spin', [], { timeout: 100 }).catch((error: unknown) => error);
      await within(Promise.all([...stream, spin]));
      await within(pool.terminate());
    }
    await until(() => lingeringThreads() === 0, 'no thread counted as polling', 2_000).catch(() => undefined);
    expect(lingeringThreads()).toBe(0);
  }, 60_000);
});

describe('prefetch attacks: whatever happens while a thread runs its call sent ahead unheard', () => {
  const actions = ['cancel the call sent ahead', 'cancel the running call', 'pause', 'resize down', 'close', 'close with a timeout', 'terminate'] as const;
  for (const action of actions) {
    it(`${action}: each call settles once, the counters add up`, async () => {
      const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 2, intensity: 100 });
      await ready(pool);
      // Keep the second thread busy so both calls go to the first one.
      const other = latch();
      const busy = pool.call('blockUntil', other.shared);
      await until(() => other.waiting === 1, 'the other thread to block');
      const { b, c, outcomes, third } = await takenBehind(pool);
      let ending: Promise<void> | undefined;
      if (action === 'cancel the call sent ahead') expect(c.cancel()).toBe(true);
      else if (action === 'cancel the running call') expect(b.cancel()).toBe(true);
      else if (action === 'pause') pool.pause();
      else if (action === 'resize down') pool.resize(1);
      else if (action === 'close') ending = pool.close();
      else if (action === 'close with a timeout') ending = pool.close({ timeout: 50 });
      else if (action === 'terminate') ending = pool.terminate();
      third.open();
      other.open();
      await within(Promise.allSettled([b.result, c.result, busy]));
      if (action === 'pause') pool.resume();
      if (ending !== undefined) await within(ending);
      else {
        expect(await within(pool.call('inc', 1))).toBe(2);
        await within(pool.onIdle());
      }
      await sleep(20);
      expect(outcomes.map((seen) => seen.settled)).toEqual([1, 1]);
      expect(reservedIn(pool)).toBe(0);
      expectCountersAddUp(pool);
      if (action === 'cancel the call sent ahead') expect(outcomes[1]?.error).toBeInstanceOf(TaskCancelledError);
      if (action === 'pause' || action === 'resize down' || action === 'close') expect(outcomes.map((seen) => seen.error)).toEqual([undefined, undefined]);
    });
  }

  it('an aborted signal on the call sent ahead: settled once with the reason', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    await ready(pool);
    const first = latch();
    const second = latch();
    const log = new SharedArrayBuffer(64);
    const controller = new AbortController();
    const a = pool.call('blockUntil', first.shared);
    const b = pool.call('blockUntil', second.shared);
    const c = pool.run('stamp', [log, 1], { signal: controller.signal });
    await until(() => first.waiting === 1, 'the first call to block');
    first.open();
    await within(a);
    await until(() => second.waiting === 1 && reservedIn(pool) === 1, 'the second call to block, the third sent ahead');
    controller.abort(new Error('stop'));
    await expect(within(c)).rejects.toThrow('stop');
    expect(reservedIn(pool)).toBe(0);
    second.open();
    await within(b);
    expect(await within(pool.call('inc', 1))).toBe(2);
    await within(pool.onIdle());
    expect(new Int32Array(log)[0]).toBe(0);
    expectCountersAddUp(pool);
    expect(pool.status().cancelled).toBe(1);
  });
});

describe('prefetch attacks: no call waits behind a busy thread while another thread could run it', () => {
  it('resume() with two calls and two idle threads runs both at once', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 2 });
    await ready(pool);
    pool.pause();
    const one = latch();
    const two = latch();
    const a = pool.call('blockUntil', one.shared);
    const b = pool.call('blockUntil', two.shared);
    pool.resume();
    await until(() => one.waiting === 1 && two.waiting === 1, 'both calls to run at once', 5_000);
    one.open();
    two.open();
    await within(Promise.all([a, b]));
  });

  it('calls submitted while the threads start run on every thread, not behind the first one ready', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 3 });
    const latches = [latch(), latch(), latch()];
    const calls = latches.map((l) => pool.call('blockUntil', l.shared));
    await until(() => latches.every((l) => l.waiting === 1), 'the three calls to run at once', 10_000);
    for (const l of latches) l.open();
    await within(Promise.all(calls));
  });

  it('a ranged pool grows for calls that wait instead of sending them ahead', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: { min: 1, max: 3 } });
    await ready(pool, 1);
    const latches = [latch(), latch(), latch()];
    const calls = latches.map((l) => pool.call('blockUntil', l.shared));
    await until(() => latches.every((l) => l.waiting === 1), 'the three calls to run at once', 10_000);
    for (const l of latches) l.open();
    await within(Promise.all(calls));
  });
});

describe('prefetch attacks: a thread that goes idle takes over a call sent ahead to a busy one', () => {
  it('the call sent ahead behind a long call runs on the thread that just finished', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 2 });
    await ready(pool);
    const [l1, l2, lb, lc] = [latch(), latch(), latch(), latch()];
    const a1 = pool.call('blockUntil', l1.shared);
    const a2 = pool.call('blockUntil', l2.shared);
    await until(() => l1.waiting === 1 && l2.waiting === 1, 'both threads busy');
    const b = pool.call('blockUntil', lb.shared);
    const c = pool.call('blockUntil', lc.shared);
    l1.open();
    await within(a1);
    await until(() => lb.waiting === 1 && reservedIn(pool) === 1, 'b to run, c sent ahead behind it');
    l2.open();
    await within(a2);
    // b still blocks: c must not wait for it with a thread idle.
    await until(() => lc.waiting === 1, 'c to run on the idle thread', 5_000).finally(() => {
      lb.open();
      lc.open();
    });
    await within(Promise.all([b, c]));
    await within(pool.onIdle());
    expectCountersAddUp(pool);
  });
});

describe('prefetch attacks: other setups', () => {
  it('storm with prefetch: false', async () => {
    await storm(21, 120, 'idle', { prefetch: false });
  }, 60_000);

  it('isolation: process never sends ahead and still settles everything once', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1, isolation: 'process', intensity: 100 });
    await ready(pool);
    // Shared memory does not reach a process: plain calls, a crash among them, a cancel.
    const handles = Array.from({ length: 40 }, (_, id) =>
      id === 7 ? pool.submit('exitNow', [1]) : id % 5 === 0 ? pool.submit('delayed', [id, 1]) : pool.submit('inc', [id - 1]),
    );
    let most = 0;
    const timer = setInterval(() => (most = Math.max(most, reservedIn(pool))), 1);
    handles[20]?.cancel();
    const outcomes = await within(Promise.allSettled(handles.map((handle) => handle.result)), 30_000);
    clearInterval(timer);
    expect(most).toBe(0);
    expect(outcomes.map((outcome, id) => (outcome.status === 'fulfilled' ? outcome.value : id === 7 || id === 20 ? id : -1))).toEqual(
      Array.from({ length: 40 }, (_, id) => id),
    );
    await within(pool.onIdle());
    expectCountersAddUp(pool);
  }, 60_000);

  it('submitWait with a small queue: every call runs once, the room is never overrun', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 2, maxQueueSize: 2 });
    await ready(pool);
    const log = actLog(60);
    const handles: TaskHandle<unknown>[] = [];
    let most = 0;
    for (let id = 0; id < 60; id++) {
      handles.push(await within(pool.submitWait('act', [log.shared, id, id % 3 === 0 ? 'async' : 'sync', 1])));
      most = Math.max(most, pool.status().queued);
    }
    await within(Promise.all(handles.map((handle) => handle.result)));
    expect(most).toBeLessThanOrEqual(2);
    for (let id = 0; id < 60; id++) expect(log.runs(id)).toBe(1);
    expect(log.twoAtOnce).toBe(0);
    await within(pool.onIdle());
    expectCountersAddUp(pool);
  }, 60_000);
});

describe('prefetch attacks: the call sent ahead answers before the pool adopts it', () => {
  for (const action of ['nothing', 'cancel it', 'pause', 'its timeout passes'] as const) {
    it(`${action}: settled once, counters add up`, async () => {
      const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
      await ready(pool);
      const first = latch();
      const second = latch();
      const log = new SharedArrayBuffer(64);
      const flags = new Int32Array(log);
      const a = pool.call('blockUntil', first.shared);
      const b = pool.call('blockUntil', second.shared);
      const c = pool.submit('stamp', [log, 7], action === 'its timeout passes' ? { timeout: 200 } : {});
      const seen = { settled: 0, value: undefined as unknown };
      c.result.then(
        (value) => {
          seen.settled++;
          seen.value = value;
        },
        (error: unknown) => {
          seen.settled++;
          seen.value = error;
        },
      );
      await until(() => first.waiting === 1, 'the first call to block');
      first.open();
      await within(a);
      await until(() => second.waiting === 1 && reservedIn(pool) === 1, 'b to block, c sent ahead');
      second.open();
      // Deaf until c has run on the thread: its answer is in before the pool hears b's.
      const deadline = Date.now() + 10_000;
      while (Atomics.load(flags, 0) === 0 && Date.now() < deadline);
      expect(Atomics.load(flags, 0)).toBe(1);
      if (action === 'cancel it') expect(c.cancel()).toBe(true);
      else if (action === 'pause') pool.pause();
      else if (action === 'its timeout passes') {
        // Deaf past c's deadline too: its timer and b's answer come in the same turn.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
      }
      await within(b);
      await within(Promise.allSettled([c.result]));
      if (action === 'pause') pool.resume();
      expect(await within(pool.call('inc', 1))).toBe(2);
      await within(pool.onIdle());
      await sleep(20);
      expect(seen.settled).toBe(1);
      if (action === 'nothing' || action === 'pause') expect(seen.value).toBe(7);
      if (action === 'cancel it') expect(seen.value).toBeInstanceOf(TaskCancelledError);
      expect(Atomics.load(flags, 0)).toBe(1);
      expect(reservedIn(pool)).toBe(0);
      expectCountersAddUp(pool);
    });
  }
});

describe('prefetch attacks: an out-of-memory thread', () => {
  it('the call sent ahead to a thread that runs out of memory is not failed: it runs on the next thread, once', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1, resourceLimits: { maxOldGenerationSizeMb: 32 }, intensity: 100 });
    await ready(pool);
    const log = new SharedArrayBuffer(64);
    pool.pause();
    const hog = pool.run('hog', []);
    const next = pool.run('stamp', [log, 3]);
    pool.resume();
    await expect(within(hog, 30_000)).rejects.toBeInstanceOf(WorkerCrashError);
    expect(await within(next)).toBe(3);
    expect(new Int32Array(log)[0]).toBe(1);
    await within(pool.onIdle());
    expectCountersAddUp(pool);
    expect([pool.status().completed, pool.status().failed]).toEqual([1, 1]);
  }, 60_000);
});

describe('prefetch attacks: a thread that dies right after it answers', () => {
  for (const prefetch of [true, false]) {
  it(`the call after it (sent ahead: ${prefetch}) is not failed with WorkerCrashError: it runs on the next thread, once`, async () => {
    for (let round = 0; round < Number(process.env.PREFETCH_ROUNDS ?? 8); round++) {
      const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1, intensity: 100, prefetch });
      await ready(pool);
      const log = new SharedArrayBuffer(64);
      pool.pause();
      const a = pool.call('exitRightAfterReply', 1);
      const b = pool.call('stamp', log, 1);
      const c = pool.call('stamp', log, 2);
      pool.resume();
      // Its answer is delivered with its thread's exit: it succeeded, the exit is no crash of it.
      expect((await within(a)).threadId).toBeGreaterThan(0);
      expect(await within(b), `round ${round}`).toBe(1);
      expect(await within(c), `round ${round}`).toBe(2);
      expect(Array.from(new Int32Array(log).subarray(0, 3)), `round ${round}: each ran once, in order`).toEqual([2, 1, 2]);
      await within(pool.onIdle());
      expectCountersAddUp(pool);
      expect(pool.status().failed).toBe(0);
      await pool.terminate();
    }
  }, 60_000);
  }
});

describe('prefetch attacks: resize up while a call waits ahead', () => {
  it('a thread added by resize() takes over the call sent ahead behind a long one', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    await ready(pool);
    const long = latch();
    const log = new SharedArrayBuffer(64);
    pool.pause();
    const a = pool.call('blockUntil', long.shared);
    const c = pool.call('stamp', log, 5);
    pool.resume();
    await until(() => long.waiting === 1 && reservedIn(pool) === 1, 'a to block, c sent ahead');
    pool.resize(2);
    try {
      expect(await within(c, 10_000, 'c on the new thread')).toBe(5);
    } finally {
      long.open();
    }
    await within(a);
    await within(pool.onIdle());
    expectCountersAddUp(pool);
  });
});

describe('prefetch attacks: a held call (the thread is in an async call) when that call kills the thread', () => {
  it('the held call never ran and runs once on the next thread', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1, intensity: 100 });
    await ready(pool);
    const log = new SharedArrayBuffer(64);
    pool.pause();
    const a = pool.run('throwInTimer', []);
    const b = pool.call('stamp', log, 4);
    pool.resume();
    await expect(within(a)).rejects.toBeInstanceOf(WorkerCrashError);
    expect(await within(b)).toBe(4);
    expect(new Int32Array(log)[0]).toBe(1);
    await within(pool.onIdle());
    expectCountersAddUp(pool);
  });
});
