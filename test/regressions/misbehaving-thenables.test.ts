import { afterEach, describe, expect, it } from 'vitest';
import { createPool, createThreadPool, type Pool, type ThreadPool } from '../../src/index.js';
import { sleep } from '../support/timing.js';

// Issue 13, hole 5: a task may return any PromiseLike. However it behaves, its task settles
// once, with its first outcome, and no other task hears of it.

const pools: Pool<any, any>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

function pool(options: Parameters<typeof createPool>[0] = {}): Pool<any, any> {
  const p = createPool({ size: 1, ...options });
  pools.push(p);
  return p;
}

describe('a task returning a misbehaving thenable', () => {
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
    unhandled.length = 0;
  });

  it('that calls both callbacks settles its own task once and never the next task on the worker', async () => {
    const p = pool();
    let callLater!: () => void;
    const twoFaced = {
      then(onFulfilled: (v: unknown) => void, onRejected: (e: unknown) => void) {
        onFulfilled('first');
        // The stray calls come later, while the worker already runs the next task.
        callLater = () => {
          onRejected(new Error('stray rejection'));
          onFulfilled('stray value');
        };
      },
    };
    const first = p.run(() => twoFaced as unknown as Promise<string>);
    let releaseSecond!: (v: string) => void;
    const second = p.run(() => new Promise<string>((resolve) => (releaseSecond = resolve)));
    expect(await first).toBe('first');
    await sleep(5);
    callLater();
    await sleep(5);
    releaseSecond('second');
    expect(await second).toBe('second');
    expect(p.metrics()).toMatchObject({ completed: 2, failed: 0 });
  });

  it('whose then throws after calling back keeps the first outcome', async () => {
    const p = pool();
    const value = p.run(
      () =>
        ({
          then(onFulfilled: (v: unknown) => void) {
            onFulfilled(42);
            throw new Error('then threw afterwards');
          },
        }) as unknown as Promise<number>,
    );
    expect(await value).toBe(42);
    expect(await p.run(() => 'next')).toBe('next');
  });

  it('whose then throws fails its task with that error; submit does not throw', async () => {
    process.on('unhandledRejection', onUnhandled);
    const p = pool({ taskTimeout: false });
    const error = new Error('then exploded');
    const handle = p.submit(() => ({ then: () => { throw error; } }) as unknown as Promise<never>);
    await expect(handle.result).rejects.toBe(error);
    expect(await p.run(() => 'next')).toBe('next');
    await sleep(10);
    expect(unhandled).toEqual([]);
    await p.close(); // resolves: nothing is left running
  });

  it('whose then is a getter that throws fails its task, also when it was queued first', async () => {
    process.on('unhandledRejection', onUnhandled);
    const p = pool({ taskTimeout: false });
    await p.ready();
    let release!: () => void;
    const blocker = p.run(() => new Promise<void>((resolve) => (release = resolve)));
    const error = new Error('getter exploded');
    const poisoned = {
      get then(): never {
        throw error;
      },
    };
    // Queued behind the blocker: the getter runs when the task is taken from the queue.
    let handle!: ReturnType<Pool['submit']>;
    expect(() => (handle = p.submit(() => poisoned as unknown as Promise<never>))).not.toThrow();
    const rejected = expect(handle.result).rejects.toBe(error);
    release();
    await blocker;
    await rejected;
    await sleep(10);
    expect(unhandled).toEqual([]);
    expect(p.metrics()).toMatchObject({ completed: 1, failed: 1 });
    await p.close();
  });

  it('that never calls back is bounded by the task timeout like any other task', async () => {
    const p = pool({ taskTimeout: 50 });
    const silent = p.run(() => ({ then() {} }) as unknown as Promise<never>);
    await expect(silent).rejects.toMatchObject({ name: 'TaskTimeoutError' });
  });
});

describe('a thread handler returning a misbehaving thenable', () => {
  const threadPools: ThreadPool<any>[] = [];
  afterEach(async () => {
    await Promise.all(threadPools.splice(0).map((p) => p.terminate()));
  });

  it('gets one reply: the first outcome; a throwing then getter fails only its task; the thread lives', async () => {
    const pool = createThreadPool(new URL('./fixtures/handlers.mjs', import.meta.url), { size: 1 });
    threadPools.push(pool);
    expect(await pool.call('twoFacedThenable')).toBe('first');
    await expect(pool.call('poisonedThen')).rejects.toMatchObject({ message: 'getter exploded' });
    expect(await pool.call('inc', 1)).toBe(2);
    expect(pool.metrics()).toMatchObject({ completed: 2, failed: 1, crashes: 0 });
  });
});
