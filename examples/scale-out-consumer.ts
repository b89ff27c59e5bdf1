// One consumer of examples/scale-out.ts: a queue worker node on the `images` queue. Start as many
// as you like, on as many machines as reach the Redis server:
//   node --import tsx examples/scale-out-consumer.ts
// SIGTERM drains it: no more fetching, running jobs get 10 s, then it exits.
import { Redis } from 'ioredis';
import { createQueueWorker } from '../src/bullmq/index.js'; // in an application: from 'overseer/bullmq'

const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const node = await createQueueWorker({
  queue: 'images',
  prefix: process.env.QUEUE_PREFIX ?? 'bull',
  connection,
  handlers: new URL('./fixtures/scale-out-jobs.mjs', import.meta.url),
  size: 2, // threads, and so BullMQ's concurrency on this node
  jobTimeout: 2_000, // a job past it has its thread terminated and fails with JobTimeoutError
  circuitBreaker: { failureThreshold: 20, cooldown: 5_000 },
  on: {
    jobTimedOut: ({ node, jobId, timeout }) => console.log(`${node}: job ${jobId} stopped after ${timeout} ms`),
    workerCrashed: ({ node, error, restartIn }) => console.log(`${node}: BullMQ worker failed (${String(error)}), restart in ${restartIn} ms`),
  },
});
console.log(`${node.name}: consuming`);
process.send?.({ type: 'ready', node: node.name });

process.once('SIGTERM', async () => {
  const abandoned = await node.close({ timeout: 10_000 });
  const { completed, failed, timedOut } = node.metrics();
  console.log(`${node.name}: closed (completed ${completed}, failed ${failed}, timed out ${timedOut}, left to stalled recovery ${abandoned})`);
  connection.disconnect();
  process.exit(0);
});
