import { afterEach, describe, expect, it } from 'vitest';
import { createThreadPool, type ThreadPool } from '../../src/index.js';
import { within } from '../support/timing.js';

const HANDLERS_URL = new URL('../fixtures/handlers.mjs', import.meta.url);
type Handlers = typeof import('../fixtures/handlers.mjs');

const pools: ThreadPool<Handlers>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

describe('thread pool: a worker retired while the pool is closing is never replaced', () => {
  it('close() drains the queue when a running task times out during close', async () => {
    const pool = createThreadPool<Handlers>(HANDLERS_URL, { size: 1, taskTimeout: 200 });
    pools.push(pool);
    await pool.ready();
    const a = pool.run('spin', []); // times out after 200 ms; the thread is killed
    const b = pool.run('inc', [1]); // queued behind it
    a.catch(() => undefined);
    const closed = pool.close();
    await expect(within(a, 5_000, 'a')).rejects.toMatchObject({ name: 'TaskTimeoutError' });
    // b must still run (or at least settle) and close() must finish.
    await expect(within(b, 5_000, 'queued task b')).resolves.toBe(2);
    await within(closed, 5_000, 'close()');
  });

  it('close() drains the queue when a running task is cancelled during close', async () => {
    const pool = createThreadPool<Handlers>(HANDLERS_URL, { size: 1, taskTimeout: false });
    pools.push(pool);
    await pool.ready();
    const a = pool.submit('spin', []);
    const b = pool.run('inc', [1]);
    a.result.catch(() => undefined);
    const closed = pool.close();
    a.cancel();
    await expect(within(b, 5_000, 'queued task b')).resolves.toBe(2);
    await within(closed, 5_000, 'close()');
  });
});
