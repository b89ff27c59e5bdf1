import { afterEach, describe, expect, it } from 'vitest';
import { createThreadPool, WorkerCrashError, type ThreadPool } from '../../src/index.js';
import { within } from '../support/timing.js';

const URL_ = new URL('./fixtures/handlers.mjs', import.meta.url);
const pools: ThreadPool<any>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

describe('thread pool: a thrown value that cannot be cloned', () => {
  it('control: an uncloneable *result* becomes the task error and the thread lives on', async () => {
    const pool = createThreadPool(URL_, { size: 1 });
    pools.push(pool);
    const crashes: unknown[] = [];
    pool.events.on('workerCrashed', (e) => crashes.push(e));
    const error = await within(pool.run('returnUncloneable', []).catch((e: unknown) => e), 5_000);
    expect(error).not.toBeInstanceOf(WorkerCrashError);
    expect(crashes).toEqual([]);
  });

  for (const name of ['throwUncloneable', 'rejectUncloneable']) {
    it(`${name}: fails the task with its own (or a clone) error, without killing the thread`, async () => {
      const pool = createThreadPool(URL_, { size: 1 });
      pools.push(pool);
      const crashes: unknown[] = [];
      pool.events.on('workerCrashed', (e) => crashes.push(e));
      const error = await within(pool.run(name, []).catch((e: unknown) => e), 5_000);
      expect(error, 'the thread died instead of reporting the error').not.toBeInstanceOf(WorkerCrashError);
      expect(crashes).toEqual([]);
      await expect(within(pool.run('inc', [1]), 5_000)).resolves.toBe(2);
    });
  }
});
