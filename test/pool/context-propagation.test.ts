import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/index.js';

// Issue 10 §2: an AsyncLocalStorage store set around submit / run is the store the task sees.

const pools: Pool<any, any>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

const requestId = new AsyncLocalStorage<{ id: number }>();

async function submitFromRequests(pool: Pool<any, any>): Promise<(number | undefined)[]> {
  await pool.ready();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  // The only worker is busy: every request's task waits in the queue.
  const blocker = requestId.run({ id: -1 }, () => pool.run(() => gate));
  const seen = [0, 1, 2, 3, 4].map((id) =>
    requestId.run({ id }, () =>
      pool.run(async () => {
        const before = requestId.getStore()?.id;
        await new Promise((resolve) => setTimeout(resolve, 1));
        const after = requestId.getStore()?.id;
        return before === after ? before : Number.NaN;
      }),
    ),
  );
  open();
  await blocker;
  return Promise.all(seen);
}

describe('async context propagation', () => {
  it('each queued task sees the store of the request that submitted it, also after an await', async () => {
    const pool = createPool({ size: 1 });
    pools.push(pool);
    expect(await submitFromRequests(pool)).toEqual([0, 1, 2, 3, 4]);
  });

  it('the wrap middleware runs in it too (where tracing hooks in)', async () => {
    const seen: (number | undefined)[] = [];
    const pool = createPool({
      size: 1,
      wrap: (task) => (ctx) => {
        seen.push(requestId.getStore()?.id);
        return task(ctx);
      },
    });
    pools.push(pool);
    await submitFromRequests(pool);
    expect(seen).toEqual([-1, 0, 1, 2, 3, 4]);
  });

  it('propagateContext: false switches it off: a queued task starts in the context of the task before it', async () => {
    const pool = createPool({ size: 1, propagateContext: false });
    pools.push(pool);
    const seen = await submitFromRequests(pool);
    expect(seen).not.toEqual([0, 1, 2, 3, 4]);
    expect(seen[0]).toBe(-1); // the blocker's request
  });

  it('propagateContext must be a boolean', () => {
    expect(() => createPool({ propagateContext: 'yes' as never })).toThrow(/propagateContext/);
  });
});
