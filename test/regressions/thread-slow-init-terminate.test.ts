import { describe, expect, it } from 'vitest';
import { createThreadPool } from '../../src/index.js';
import { ThreadChannel } from '../../src/threads/thread-channel.js';
import { pollUntil, sleep, within } from '../support/timing.js';

const SLOW_URL = new URL('./fixtures/slow-init.mjs', import.meta.url);

describe('a thread whose init outlasts the worker shutdown time', () => {
  it('is not left running after terminate() (the late channel is never disposed)', async () => {
    const channels: ThreadChannel[] = [];
    const original = ThreadChannel.start;
    ThreadChannel.start = (workerId, options) =>
      original.call(ThreadChannel, workerId, options).then((channel) => {
        channels.push(channel);
        return channel;
      });
    try {
      const pool = createThreadPool(SLOW_URL, { size: 1 });
      await sleep(50); // the thread is booting, its init runs for 5.6 s
      await within(pool.terminate(), 8_000, 'terminate()');
      // Let the thread finish init; the pool is gone, so nothing may keep it running.
      await pollUntil(() => channels.length > 0, 'late channel', 3_000, 20);
      await sleep(200);
      const alive = channels.filter((c) => c.alive);
      const leaked = alive.length;
      await Promise.all(alive.map((c) => c.terminate())); // clean up for the test process
      expect(leaked, 'threads still running after pool.terminate() resolved').toBe(0);
    } finally {
      ThreadChannel.start = original;
    }
  }, 15_000);
});
