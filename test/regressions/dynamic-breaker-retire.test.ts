import { afterEach, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/index.js';
import { sleep, within } from '../support/timing.js';

const pools: Pool<any, any>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

describe('dynamic pool (min 0) + open circuit', () => {
  it('an idle worker is not retired while tasks wait behind an open circuit; they run once it half-opens', async () => {
    const pool = createPool({
      size: { min: 0, max: 1, idleTimeout: 50 },
      circuitBreaker: { failureThreshold: 1, cooldown: 400 },
    });
    pools.push(pool);
    await pool.ready();
    const retired: unknown[] = [];
    pool.events.on('workerRetired', (e) => retired.push(e));

    const a = pool.run(async () => {
      await sleep(20);
      throw new Error('down');
    });
    a.catch(() => undefined);
    const b = pool.run(() => 'b'); // queued behind a; held while the circuit is open
    await expect(a).rejects.toThrow('down');
    expect(pool.circuit).toBe('open');
    await sleep(150); // > idleTimeout, < cooldown: b still waits, so its worker is not retired
    expect(retired.length).toBe(0);
    expect(pool.status().queued).toBe(1);

    const closed = pool.close(); // graceful: must run b once the circuit half-opens
    await expect(within(b, 5_000, 'queued task b')).resolves.toBe('b');
    await within(closed, 5_000, 'close()');
  });
});
