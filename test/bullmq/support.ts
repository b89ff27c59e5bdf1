// Shared helpers of the queue worker tests: a real Redis on 127.0.0.1:6379, a unique key prefix per
// test, and the clean-up of that prefix's keys.
import { Queue, QueueEvents, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { nanoid } from 'nanoid';
import { afterEach } from 'vitest';
import { createQueueWorker, type QueueWorker } from '../../src/bullmq/index.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A connection as BullMQ workers need it (no per-request retry limit). */
export function connect(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: null });
}

/** A unique prefix and queue name, and a producer queue on it. */
export function uniqueQueue(label: string) {
  const prefix = `ovt-${label}-${nanoid(8)}`;
  const name = `q-${label}`;
  const connection = connect();
  const queue = new Queue(name, { connection, prefix });
  return { prefix, name, connection, queue };
}

/** Deletes every key under `prefix`. */
export async function cleanKeys(prefix: string): Promise<void> {
  const redis = connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Resolves when `check` returns true, polling every `every` ms; rejects after `timeout`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeout = 10_000, every = 20): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`waitFor: still false after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/** Waits until the job is completed or failed, and returns it fresh from Redis. */
export async function settled(queue: Queue, id: string, timeout = 10_000): Promise<Job> {
  let job: Job | undefined;
  await waitFor(async () => {
    job = await queue.getJob(id);
    const state = job === undefined ? 'missing' : await job.getState();
    return state === 'completed' || state === 'failed';
  }, timeout);
  return (await queue.getJob(id))!;
}

export { QueueEvents };

/**
 * One test file's Redis resources, each released after every test, last made first: `later(fn)`
 * registers a clean-up; `queueFor` a unique queue (closed, its keys removed); `ownConnection` a
 * connection; `nodeOn` a queue worker on a queue (closed with `closeTimeout`); `setUp` both at once.
 * Call it once, at the top of the file.
 */
export function testResources() {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const later = (cleanup: () => Promise<unknown> | void): void => void cleanups.push(cleanup);
  const queueFor = (label: string) => {
    const q = uniqueQueue(label);
    later(async () => {
      await q.queue.close();
      q.connection.disconnect();
      await cleanKeys(q.prefix);
    });
    return q;
  };
  const ownConnection = (): Redis => {
    const connection = connect();
    later(() => connection.disconnect());
    return connection;
  };
  const nodeOn = async (q: { name: string; prefix: string }, options: Record<string, unknown>, connection = ownConnection(), closeTimeout = 500): Promise<QueueWorker> => {
    const node = await createQueueWorker({ queue: q.name, connection, prefix: q.prefix, ...options } as never);
    later(() => node.close({ timeout: closeTimeout }));
    return node;
  };
  const setUp = async (label: string, options: Record<string, unknown>) => {
    const q = queueFor(label);
    return { ...q, node: await nodeOn(q, options, ownConnection(), 1_000) };
  };
  return { later, queueFor, ownConnection, nodeOn, setUp };
}
