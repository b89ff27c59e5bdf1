// Shared helpers of the queue worker tests: a real Redis on 127.0.0.1:6379, a unique key prefix per
// test, and the clean-up of that prefix's keys.
import { Queue, QueueEvents, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { nanoid } from 'nanoid';

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
