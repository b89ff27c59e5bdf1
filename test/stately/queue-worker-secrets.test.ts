import { createInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import { describe, expect, it } from 'vitest';
import { createQueueWorker } from '../../src/bullmq/index.js';
import { inspectWithStately } from '../../src/stately/index.js';
import { cleanKeys, uniqueQueue } from '../bullmq/support.js';
import { Redis } from 'ioredis';

/** JSON with circular references cut, as Stately's inspectors serialize what they send. */
function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'object' || item === null) return item;
    if (seen.has(item)) return '[Circular]';
    seen.add(item);
    return item;
  });
}

// What Stately's inspectors send off the machine is each event serialized (safe-stringify): a queue
// worker node's machines must not carry its Redis connection, its BullMQ Worker or the processor.

describe('inspectWithStately and a queue worker node', () => {
  it('forwards the node\'s machines without its connection, BullMQ worker or processor', async () => {
    const { prefix, name, connection: producer, queue } = uniqueQueue('stately');
    const connection = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null, connectionName: 'conn-SECRET-1' });
    const events: StatelyInspectionEvent[] = [];
    const forwarding = inspectWithStately(createInspector({ send: (event) => void events.push(event) }));
    const node = await createQueueWorker({ queue: name, connection, prefix, name: 'st-node', size: 1, processor: async () => 'result-SECRET-2' });
    try {
      const completed = new Promise<void>((resolve) => node.on('jobCompleted', () => resolve()));
      await queue.add('j', { n: 1 });
      await completed;
      const text = safeStringify(events);
      // The node's machines are there...
      expect(text).toContain('"bullmq-worker"');
      expect(text).toContain('consuming');
      // ...but none of what the node holds, and the events stay small.
      expect(text).not.toContain('conn-SECRET-1');
      expect(text).not.toContain('127.0.0.1');
      expect(text).not.toContain('lockManager');
      expect(text.length).toBeLessThan(500_000);
    } finally {
      forwarding.stop();
      await node.close();
      await queue.close();
      producer.disconnect();
      connection.disconnect();
      await cleanKeys(prefix);
    }
  }, 30_000);
});
