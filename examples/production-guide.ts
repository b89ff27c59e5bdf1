/**
 * The examples of docs/production.md, kept runnable and checked with asserts. Each numbered
 * section matches a section of the guide.
 *
 * Run: npx tsx examples/production-guide.ts
 */
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { PoolRecoveringError, TaskTimeoutError, createPool, type PoolEvents } from '../src/index.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const pools: Array<{ terminate(): Promise<void> }> = [];

// 1. Timeouts and the grace period ------------------------------------------------------------
{
  const pool = createPool({ size: 2, taskTimeout: 50, timeoutGrace: 500 });
  pools.push(pool);
  // A query that honours its signal stops at the timeout and gives its worker back.
  const query = ({ signal }: { signal: AbortSignal }) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, 1_000, 'rows');
      signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
    });
  const outcomes = await Promise.allSettled([pool.run(query), pool.run(query), pool.run(query)]);
  assert.ok(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof TaskTimeoutError));
  assert.equal(pool.status().crashes, 0); // nobody was abandoned: the code returned within its grace
  assert.equal(pool.phase, 'running');
  console.log('1. three timeouts, no crash:', pool.status().timedOut, 'timed out,', pool.status().crashes, 'crashes');
}

// 2. A pool that recovers by itself ----------------------------------------------------------
{
  let databaseUp = false;
  const pool = createPool({
    size: 1,
    intensity: 1,
    worker: {
      init: () => {
        if (!databaseUp) throw new Error('ECONNREFUSED');
        return { query: async () => 'rows' };
      },
    },
    recovery: { backoff: { type: 'exponential', delay: 100, maxDelay: 5_000 } },
  });
  pools.push(pool);
  const recovering = await new Promise<PoolEvents['recovering']>((resolve) => pool.events.on('recovering', resolve));
  try {
    await pool.run(({ resource }) => resource.query());
    assert.fail('a recovering pool takes no work');
  } catch (error) {
    assert.ok(error instanceof PoolRecoveringError);
    assert.equal(error.retryAt, recovering.retryAt); // tell the client when to come back
  }
  databaseUp = true;
  await new Promise((resolve) => pool.events.on('recovered', resolve));
  assert.equal(await pool.run(({ resource }) => resource.query()), 'rows');
  console.log('2. recovered after', recovering.attempt, 'failure(s); phase', pool.phase);
}

// 3. Async context reaches the task ----------------------------------------------------------
{
  const requestId = new AsyncLocalStorage<string>();
  const pool = createPool({ size: 1 });
  pools.push(pool);
  const seen = await Promise.all(['a', 'b', 'c'].map((id) => requestId.run(id, () => pool.run(async () => (await sleep(5), requestId.getStore())))));
  assert.deepEqual(seen, ['a', 'b', 'c']);
  console.log('3. each task saw its own request id:', seen.join(', '));
}

// 4. Retries ---------------------------------------------------------------------------------
{
  let calls = 0;
  const flaky = async () => {
    if (++calls < 3) throw new Error('503 from the payment API');
    return 'charged';
  };
  const pool = createPool({ size: 2 });
  pools.push(pool);
  const attempts: number[] = [];
  pool.events.on('taskRetried', ({ attempt }) => attempts.push(attempt));
  const result = await pool.run(flaky, {
    label: 'charge',
    retry: { attempts: 5, backoff: { type: 'exponential', delay: 20, jitter: 0.5 }, retryIf: (error) => String(error).includes('503') },
  });
  assert.equal(result, 'charged');
  assert.deepEqual(attempts, [1, 2]);
  console.log('4. charged after', attempts.length, 'retries');
}

// 5. Rate limits, pause and resize ----------------------------------------------------------
{
  const pool = createPool({ size: 4, rateLimit: { limit: 2, interval: 100 } });
  pools.push(pool);
  const started: number[] = [];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 6 }, () => pool.run(() => void started.push(performance.now() - t0))));
  // 2 starts per 100 ms window: the 6th task started in the third window.
  assert.ok((started[5] as number) >= 190, `6th start at ${started[5]} ms`);
  pool.pause();
  const held = pool.run(() => 'after resume');
  await sleep(20);
  assert.equal(pool.status().queued, 1);
  pool.resume();
  assert.equal(await held, 'after resume');
  pool.resize(8);
  assert.equal(pool.status().size, 8);
  console.log('5. 6 tasks in', Math.round(started[5] as number), 'ms at 2 per 100 ms; resized to', pool.status().size);
}

for (const pool of pools) await pool.terminate();
console.log('production guide: all examples passed');
