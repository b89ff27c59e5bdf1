import { afterEach, describe, expect, it } from 'vitest';
import { createThreadPool, type ThreadPool } from '../../src/index.js';
import { within } from '../support/timing.js';

const HANDLERS = new URL('../fixtures/handlers.mjs', import.meta.url);
const pools: ThreadPool<any>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

describe('thread pool: the base signal', () => {
  it('aborting it terminates a running call (even a CPU loop) with the reason and closes the pool', async () => {
    const base = new AbortController();
    const pool = createThreadPool(HANDLERS, { size: 1, signal: base.signal, taskTimeout: false });
    pools.push(pool);
    await pool.ready();
    const spinning = pool.run('spin', []).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reason = new Error('shutting down');
    base.abort(reason);
    expect(await within(spinning, 10_000, 'the spinning call')).toBe(reason);
    await within(pool.close(), 10_000, 'close after the base signal');
    expect(pool.phase).toBe('closed');
  });
});
