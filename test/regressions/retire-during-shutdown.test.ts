import { afterEach, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/index.js';
import { sleep, within } from '../support/timing.js';

const pools: Pool<any, any>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

describe('idle-retire timer firing while close() stops the workers', () => {
  it('does not spin forever in the retire loop (workers are marked dead but still listed idle)', async () => {
    const pool = createPool({
      size: { min: 1, max: 2, idleTimeout: 50 },
      // a slow dispose keeps supervisor.stop() busy well past idleTimeout
      worker: { dispose: () => sleep(600) },
    });
    pools.push(pool);
    await pool.ready();
    // Two tasks at once: the second grows the pool to 2 workers.
    await Promise.all([pool.run(() => sleep(20)), pool.run(() => sleep(20))]);
    expect(pool.status().idleWorkers).toBe(2);

    // Guard against the real (synchronous, infinite) loop hanging the test process:
    // count retire() calls made by the retire timer and break the loop if it spins.
    const core = (pool as any).core;
    const original = core.retire.bind(core);
    let calls = 0;
    let spun = false;
    core.retire = (worker: unknown, reason: string) => {
      if (++calls > 100) {
        spun = true;
        core.idle.clear(); // break the otherwise infinite while-loop
        return;
      }
      original(worker, reason);
    };

    await within(pool.close(), 5_000, 'close()');
    expect(spun, 'the retire timer looped on a dead worker (retire() returns early without removing it from idle)').toBe(false);
  });
});
