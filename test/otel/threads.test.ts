import { afterEach, describe, expect, it } from 'vitest';
import { createThreadPool, getThreadPool, startSupervisor, threadPoolSpec, WorkerCrashError, type Supervisor, type ThreadPool } from '../../src/index.js';
import { instrument, METRICS } from '../../src/otel/index.js';
import { rejectionOf, within } from '../pool/helpers.js';
import { listenerCount, makeSdk, sdkSuite } from './helpers.js';

sdkSuite();

type Handlers = typeof import('../fixtures/handlers.mjs');
const HANDLERS = new URL('../fixtures/handlers.mjs', import.meta.url);
const N = (key: keyof typeof METRICS): string => METRICS[key].name;

const pools: ThreadPool<Handlers>[] = [];
const roots: Supervisor[] = [];
afterEach(async () => {
  await Promise.all([...pools.splice(0).map((p) => p.terminate()), ...roots.splice(0).map((r) => r.stop())]);
});

describe('instrument(thread pool)', () => {
  it('records a thread pool with the same handle API: outcomes by handler name, a crash and its restart, gauges', async () => {
    const sdk = makeSdk();
    const pool = createThreadPool<Handlers>(HANDLERS, { name: 'threads', size: 1 });
    pools.push(pool);
    const otel = instrument(pool, { meter: sdk.meter });
    expect(await pool.call('inc', 1)).toBe(2);
    expect(await rejectionOf(pool.call('fail', 'no', 'E_NO'))).toBeInstanceOf(RangeError);
    const restarted = new Promise((resolve) => pool.events.on('workerRestarted', resolve));
    expect(await rejectionOf(pool.call('exitNow', 3))).toBeInstanceOf(WorkerCrashError);
    await within(restarted);
    await pool.ready();

    const c = await sdk.collect();
    const threads = { 'overseer.pool.name': 'threads' };
    // A call is labelled with the function's name.
    expect(c.value(N('settled'), { ...threads, 'overseer.task.label': 'inc', 'overseer.task.outcome': 'completed' })).toBe(1);
    expect(c.value(N('settled'), { ...threads, 'overseer.task.label': 'fail', 'overseer.task.outcome': 'failed' })).toBe(1);
    expect(c.value(N('settled'), { ...threads, 'overseer.task.label': 'exitNow', 'overseer.task.outcome': 'failed' })).toBe(1);
    expect(c.histogram(N('runDuration'), { ...threads, 'overseer.task.label': 'inc', 'overseer.task.outcome': 'completed' })?.count).toBe(1);
    expect(c.value(N('accepted'), threads)).toBe(3);
    expect(c.value(N('crashes'), threads)).toBe(1);
    expect(c.value(N('restarts'), threads)).toBe(1);
    expect(c.value(N('workerLimit'), threads)).toBe(1);
    expect(c.value(N('workers'), { ...threads, 'overseer.worker.state': 'idle' })).toBe(1);
    otel.stop();
    expect(listenerCount(pool.events)).toBe(1); // only the test's own workerRestarted listener
  });

  it('follows a thread pool under a supervisor (threadPoolSpec)', async () => {
    const sdk = makeSdk();
    const root = await startSupervisor({ name: 'root', children: [threadPoolSpec('hash', HANDLERS, { size: 1 }, { systemId: 'hash' })] });
    roots.push(root);
    instrument(root, { meter: sdk.meter });
    const hash = getThreadPool<Handlers>(root.actor.system.get('hash'));
    expect(await hash?.call('inc', 41)).toBe(42);
    const c = await sdk.collect();
    expect(c.value(N('settled'), { 'overseer.pool.name': 'hash', 'overseer.task.label': 'inc', 'overseer.task.outcome': 'completed' })).toBe(1);
  });
});
