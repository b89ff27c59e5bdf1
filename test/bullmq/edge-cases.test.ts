// Edge cases a new user meets: a result BullMQ cannot store, a node that gives up, options BullMQ
// would refuse later, a stop that comes while the node is still starting.
import { describe, expect, it } from 'vitest';
import { createQueueWorker, JobResultError } from '../../src/bullmq/index.js';
import { cleanKeys, connect, settled, testResources, uniqueQueue, waitFor } from './support.js';

const HANDLERS = new URL('./fixtures/jobs.mjs', import.meta.url);
const { later, setUp } = testResources();

describe('a result BullMQ cannot store', () => {
  it('in process: a circular result fails its job with JobResultError; the job beside it completes, no worker crash', async () => {
    const { queue, node } = await setUp('circular', {
      size: 2,
      processor: async (job: { name: string }) => {
        if (job.name === 'circular') {
          const value: Record<string, unknown> = {};
          value.self = value;
          return value;
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
        return 'fine';
      },
    });
    const crashes: unknown[] = [];
    const failures: unknown[] = [];
    node.on('workerCrashed', ({ error }) => crashes.push(error));
    node.on('jobFailed', ({ error }) => failures.push(error));
    const slow = await queue.add('slow', {});
    const circular = await queue.add('circular', {}, { attempts: 1 });
    const failed = await settled(queue, circular.id!);
    expect(await failed.getState()).toBe('failed');
    expect(failed.failedReason).toMatch(new RegExp(`^Job ${circular.id} returned a value BullMQ cannot store`));
    expect(failures[0]).toBeInstanceOf(JobResultError);
    expect((failures[0] as JobResultError).code).toBe('ERR_JOB_RESULT');
    const done = await settled(queue, slow.id!, 5_000);
    expect(done.returnvalue).toBe('fine');
    expect(crashes).toEqual([]);
    expect(node.metrics()).toMatchObject({ completed: 1, failed: 1, restarts: 0 });
  });

  it('on threads: a BigInt result fails its job with JobResultError and the node keeps consuming', async () => {
    const { queue, node } = await setUp('bigint', { handlers: HANDLERS, size: 1 });
    const bad = await queue.add('bigint', {}, { attempts: 1 });
    const next = await queue.add('ok', { n: 2 });
    const failed = await settled(queue, bad.id!);
    expect(failed.failedReason).toMatch(/returned a value BullMQ cannot store/);
    expect((await settled(queue, next.id!, 5_000)).returnvalue).toEqual({ doubled: 4 });
    expect(node.metrics()).toMatchObject({ completed: 1, failed: 1, restarts: 0 });
  });
});

describe('a node that gives up', () => {
  it("past its intensity the node reports phase 'failed' and a failed event; close() still resolves", async () => {
    const { Redis } = await import('ioredis');
    const away = new Redis('redis://127.0.0.1:6390', { maxRetriesPerRequest: null, retryStrategy: () => 200 });
    away.on('error', () => undefined);
    const failures: unknown[] = [];
    const node = await createQueueWorker({
      queue: 'nowhere', connection: away, prefix: 'ovt-gaveup', processor: () => 1,
      intensity: 1, restartBackoff: { type: 'fixed', delay: 20 },
      on: { failed: (event) => failures.push(event) },
    });
    later(async () => {
      await node.close({ timeout: 100 });
      away.disconnect();
    });
    await waitFor(() => failures.length === 1, 10_000);
    expect(failures).toEqual([{ node: node.name, reason: 'reached_max_restart_intensity' }]);
    expect(node.status()).toMatchObject({ phase: 'failed', worker: 'stopped', fetching: false });
    expect(await node.close({ timeout: 100 })).toBe(0);
    expect(node.status().phase).toBe('closed');
  });
});

describe('options BullMQ would refuse', () => {
  it('a connection without maxRetriesPerRequest: null, or with a keyPrefix, throws InvalidOptionError at once', async () => {
    const { Redis } = await import('ioredis');
    const plain = new Redis('redis://127.0.0.1:6379', { lazyConnect: true });
    const prefixed = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: null, keyPrefix: 'app:' });
    later(() => {
      plain.disconnect();
      prefixed.disconnect();
    });
    for (const connection of [plain, prefixed]) {
      const error = await createQueueWorker({ queue: 'q', connection, processor: () => 1 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_INVALID_OPTION', option: 'connection' });
    }
  });

  it('a handlers module that does not exist throws InvalidOptionError naming handlers; nothing starts', async () => {
    const connection = connect();
    later(() => connection.disconnect());
    for (const handlers of [new URL('./fixtures/no-such-jobs.mjs', import.meta.url), '/nowhere/jobs.mjs']) {
      const error = await createQueueWorker({ queue: 'q', connection, handlers }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_INVALID_OPTION', option: 'handlers' });
    }
  });

  it("worker options BullMQ's Worker refuses throw InvalidOptionError naming them", async () => {
    const connection = connect();
    later(() => connection.disconnect());
    for (const [key, value] of [['stalledInterval', 0], ['drainDelay', -1], ['maxStalledCount', -1], ['maxStartedAttempts', -1]] as const) {
      const error = await createQueueWorker({ queue: 'q', connection, processor: () => 1, workerOptions: { [key]: value } }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_INVALID_OPTION', option: `workerOptions.${key}` });
    }
  });
});

describe('a stop while the node is starting', () => {
  it("a parent's stop before the BullMQ worker is ready leaves no worker connected and no job taken", async () => {
    const { startSupervisor } = await import('../../src/index.js');
    const { queueWorkerSpec } = await import('../../src/bullmq/index.js');
    const q = uniqueQueue('early-stop');
    const connection = connect();
    later(async () => {
      await q.queue.close();
      q.connection.disconnect();
      connection.disconnect();
      await cleanKeys(q.prefix);
    });
    let ran = 0;
    const root = await startSupervisor({
      children: [queueWorkerSpec('early', { queue: q.name, connection, prefix: q.prefix, processor: () => ++ran })],
    });
    await root.stop();
    await q.queue.add('any', {});
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ran).toBe(0);
    expect(await q.queue.getWorkers()).toEqual([]);
    expect(await q.queue.getJobCounts('wait')).toEqual({ wait: 1 });
  });
});

describe('close options', () => {
  it('close({ timeout }) with a bad timeout rejects with InvalidOptionError and leaves the node running', async () => {
    const { node } = await setUp('close-bad', { processor: () => 1 });
    for (const timeout of [-1, Number.NaN, '5' as unknown as number]) {
      await expect(node.close({ timeout })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION', option: 'timeout' });
    }
    expect(node.status().phase).toBe('running');
    expect(await node.close({ timeout: 100 })).toBe(0);
  });
});

describe('close with an open circuit', () => {
  it('a job held by the open circuit is not failed by close: it is abandoned to stalled recovery, no attempt spent', async () => {
    const { queue, node } = await setUp('held-close', {
      size: 1, onCircuitOpen: 'rateLimitQueue', circuitBreaker: { failureThreshold: 1, cooldown: 20_000 },
      processor: (job: { name: string }) => {
        if (job.name === 'fail') throw new Error('downstream down');
        return 'ran';
      },
    });
    // BullMQ fetches the next job as it writes the failure, before the queue's rate limit is set:
    // that job arrives with the circuit open and is held, not failed.
    const [, held] = await queue.addBulk([{ name: 'fail', data: {}, opts: { attempts: 1 } }, { name: 'held', data: {}, opts: { attempts: 1 } }]);
    await waitFor(() => node.status().circuit === 'open' && node.status().active === 1);
    expect(await node.close({ timeout: 300 })).toBe(1);
    const job = (await queue.getJob(held!.id!))!;
    expect(await job.getState()).toBe('active');
    expect(job.attemptsMade).toBe(0);
    expect(node.metrics()).toMatchObject({ failed: 1, abandoned: 1 });
  });
});

describe('two handles of one node', () => {
  it('getQueueWorker handles share one close: one closed event, the same count', async () => {
    const { startSupervisor } = await import('../../src/index.js');
    const { queueWorkerSpec, getQueueWorker } = await import('../../src/bullmq/index.js');
    const q = uniqueQueue('two-handles');
    const connection = connect();
    const root = await startSupervisor({ children: [queueWorkerSpec('node', { queue: q.name, connection, prefix: q.prefix, processor: () => 1 })] });
    later(async () => {
      await root.stop();
      await q.queue.close();
      q.connection.disconnect();
      connection.disconnect();
      await cleanKeys(q.prefix);
    });
    const ref = () => root.whichChildren().find((child) => child.id === 'node')?.ref;
    const [a, b] = [getQueueWorker(ref())!, getQueueWorker(ref())!];
    let closed = 0;
    a.on('closed', () => closed++);
    expect(await Promise.all([a.close({ timeout: 100 }), b.close({ timeout: 100 })])).toEqual([0, 0]);
    expect(closed).toBe(1);
  });
});
