import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPool, InvalidOptionError, QueueFullError, TaskCancelledError, type Pool } from '../../src/index.js';
import { pollUntil, sleep } from '../support/timing.js';

// Holes found by the seeded soak run of issue 13, each closed here with the behaviour a user sees.

const pools: Pool<any, any>[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

function track<P extends Pool<any, any>>(pool: P): P {
  pools.push(pool);
  return pool;
}

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
};

describe('hole 2: a hand-off pool that can grow starts a worker for the task', () => {
  it('size { min: 0, max: 2 } with maxQueueSize 0 runs tasks, two at once, and refuses a third', async () => {
    const pool = track(createPool({ size: { min: 0, max: 2 }, maxQueueSize: 0 }));
    await pool.ready();
    expect(await pool.run(() => 'ran')).toBe('ran');

    const g = gate();
    const a = pool.run(() => g.opened.then(() => 'a'));
    const b = pool.run(() => g.opened.then(() => 'b'));
    await pollUntil(() => pool.status().busyWorkers === 2, 'two workers busy', 2000);
    expect(() => pool.submit(() => 'c')).toThrow(QueueFullError);
    g.open();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
  });

  it('with min 1 it grows past min, up to max', async () => {
    const pool = track(createPool({ size: { min: 1, max: 3 }, maxQueueSize: 0 }));
    await pool.ready();
    const g = gate();
    const running = [1, 2, 3].map((n) => pool.run(() => g.opened.then(() => n)));
    await pollUntil(() => pool.status().busyWorkers === 3, 'three workers busy', 2000);
    expect(() => pool.submit(() => 4)).toThrow(QueueFullError);
    g.open();
    expect(await Promise.all(running)).toEqual([1, 2, 3]);
  });

  it('a submitWait on a growable hand-off pool starts at once', async () => {
    const pool = track(createPool({ size: { min: 0, max: 1 }, maxQueueSize: 0 }));
    const handle = await pool.submitWait(() => 'waited');
    expect(await handle.result).toBe('waited');
  });
});

describe('hole 3: a bad task signal is refused before the task is accepted', () => {
  it.each([
    ['an object that is not a signal', {}],
    ['null', null],
    ['a string', 'abort'],
  ])('signal: %s → InvalidOptionError naming "signal", nothing counted, nothing run', async (_label, signal) => {
    const pool = track(createPool({ size: 1 }));
    await pool.ready();
    let ran = false;
    const before = pool.metrics();
    let error: unknown;
    try {
      pool.submit(() => (ran = true), { signal: signal as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('signal');
    await expect(pool.run(() => 1, { signal: signal as never })).rejects.toBeInstanceOf(InvalidOptionError);
    await sleep(5);
    expect(ran).toBe(false);
    expect(pool.metrics()).toMatchObject({ accepted: before.accepted, rejected: before.rejected, queued: 0, running: 0 });
    await pool.close(); // resolves: nothing was left behind
  });

  it('submit options that are not an object are refused the same way', async () => {
    const pool = track(createPool({ size: 1 }));
    for (const options of ['x', 5, true, null, [1]]) {
      expect(() => pool.submit(() => 1, options as never), String(options)).toThrow(InvalidOptionError);
    }
    expect(pool.metrics().accepted).toBe(0);
  });
});

describe('hole 4: a task cancelled or the pool terminated from a taskStarted listener never runs', () => {
  it('cancel() in the listener: the task rejects as cancelled, its code does not run, the next task does', async () => {
    const pool = track(createPool({ size: 1 }));
    await pool.ready();
    let ran = 0;
    // The target waits behind a blocker, so its handle exists when it starts.
    const g = gate();
    const blocker = pool.run(() => g.opened);
    const handle = pool.submit(() => {
      ran++;
      return 'should not run';
    });
    pool.events.on('taskStarted', ({ taskId }) => {
      if (taskId === handle.id) handle.cancel();
    });
    g.open();
    await blocker;
    await expect(handle.result).rejects.toBeInstanceOf(TaskCancelledError);
    expect(await pool.run(() => 'next')).toBe('next');
    expect(ran).toBe(0);
    expect(pool.metrics()).toMatchObject({ cancelled: 1, completed: 2, running: 0 });
  });

  it('terminate() in the listener: the task rejects, its code does not run', async () => {
    const pool = track(createPool({ size: 1 }));
    await pool.ready();
    let ran = false;
    pool.events.on('taskStarted', () => void pool.terminate());
    await expect(pool.run(() => (ran = true))).rejects.toMatchObject({ name: 'PoolClosedError' });
    await sleep(5);
    expect(ran).toBe(false);
  });
});

describe('hole 6: a pool signal that is not an AbortSignal is refused', () => {
  it.each([[{ aborted: false }], [{}], [null]])('createPool({ signal: %j }) → InvalidOptionError naming "signal"', (signal) => {
    expect(() => createPool({ signal: signal as never })).toThrow(InvalidOptionError);
    try {
      createPool({ signal: signal as never });
    } catch (error) {
      expect((error as InvalidOptionError).option).toBe('signal');
    }
  });
});

describe('hole 7: waits longer than 2³¹−1 ms wait', () => {
  const LONG = 2 ** 31 + 1000;

  it('a per-task timeout above the limit does not fire after 1 ms, and fires at its time', async () => {
    vi.useFakeTimers();
    const pool = track(createPool({ size: 1 }));
    await vi.advanceTimersByTimeAsync(1);
    let outcome: unknown = 'pending';
    pool.run(() => new Promise(() => undefined), { timeout: LONG }).then(
      (v) => (outcome = v),
      (e: Error) => (outcome = e.name),
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(2 ** 31);
    expect(outcome).toBe('pending');
    await vi.advanceTimersByTimeAsync(1000);
    expect(outcome).toBe('TaskTimeoutError');
  });

  it('a taskTimeout above the limit neither fires early nor re-arms a 1 ms timer through every task', async () => {
    vi.useFakeTimers();
    const pool = track(createPool({ size: 1, taskTimeout: LONG }));
    await vi.advanceTimersByTimeAsync(1);
    let outcome: unknown = 'pending';
    pool.run(() => new Promise(() => undefined)).then(
      (v) => (outcome = v),
      (e: Error) => (outcome = e.name),
    );
    const armed = vi.spyOn(globalThis, 'setTimeout');
    await vi.advanceTimersByTimeAsync(50);
    expect(outcome).toBe('pending');
    // The deadline timer waits for the longest delay setTimeout honours; it is not re-armed every 1 ms.
    expect(armed.mock.calls.length).toBeLessThanOrEqual(1);
    armed.mockRestore();
    await vi.advanceTimersByTimeAsync(LONG);
    expect(outcome).toBe('TaskTimeoutError');
  });

  it('close({ timeout }) above the limit, and Infinity, wait for the running task', async () => {
    vi.useFakeTimers();
    for (const timeout of [LONG, Number.POSITIVE_INFINITY]) {
      const pool = track(createPool({ size: 1, taskTimeout: false }));
      await vi.advanceTimersByTimeAsync(1);
      const g = gate();
      const task = pool.run(() => g.opened.then(() => 'done'));
      await vi.advanceTimersByTimeAsync(1);
      let closed = false;
      void pool.close({ timeout }).then(() => (closed = true));
      await vi.advanceTimersByTimeAsync(1000);
      expect(closed, `close({ timeout: ${timeout} }) resolved early`).toBe(false);
      g.open();
      expect(await task).toBe('done');
      await vi.advanceTimersByTimeAsync(1);
      expect(closed).toBe(true);
    }
  });

  it('an idleTimeout above the limit keeps the extra worker', async () => {
    vi.useFakeTimers();
    const pool = track(createPool({ size: { min: 0, max: 1, idleTimeout: LONG } }));
    const ran = pool.run(() => 'x');
    await vi.advanceTimersByTimeAsync(5);
    expect(await ran).toBe('x');
    const armed = vi.spyOn(globalThis, 'setTimeout');
    await vi.advanceTimersByTimeAsync(1000);
    expect(pool.status().idleWorkers).toBe(1);
    // The retire timer is not re-armed every 1 ms meanwhile.
    expect(armed.mock.calls.length).toBeLessThanOrEqual(2);
    armed.mockRestore();
  });

  it('a breaker cooldown no timer can wait is refused with a typed error', () => {
    expect(() => createPool({ circuitBreaker: { cooldown: 2 ** 31 } })).toThrow(InvalidOptionError);
    expect(() => createPool({ circuitBreaker: { cooldown: 1000, backoff: { maxCooldown: Number.POSITIVE_INFINITY } } })).toThrow(
      InvalidOptionError,
    );
    // A long cooldown with the default backoff gets a maxCooldown that fits.
    track(createPool({ circuitBreaker: { cooldown: 2 ** 30 } }));
  });

  it('close() with a bad argument rejects, never throws', async () => {
    const pool = track(createPool({ size: 1 }));
    for (const bad of [null, 'x', 5]) {
      let thrown = false;
      let rejection: Promise<void> | undefined;
      try {
        rejection = pool.close(bad as never);
      } catch {
        thrown = true;
      }
      expect(thrown, String(bad)).toBe(false);
      await expect(rejection).rejects.toBeInstanceOf(TypeError);
    }
  });
});

describe('hole 8: thread pools under node --input-type=module -e', () => {
  it('starts threads and runs tasks', async () => {
    const src = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
    const handlers = new URL('./fixtures/handlers.mjs', import.meta.url).href;
    const script = `
      import { createThreadPool } from ${JSON.stringify(src)};
      const pool = createThreadPool(new URL(${JSON.stringify(handlers)}), { size: 1 });
      const timer = setTimeout(() => { console.log('stuck'); process.exit(2); }, 10000);
      console.log('result', await pool.call('inc', 41));
      clearTimeout(timer);
      await pool.close();
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      timeout: 20_000,
    });
    expect(stdout.trim()).toBe('result 42');
  }, 30_000);
});
