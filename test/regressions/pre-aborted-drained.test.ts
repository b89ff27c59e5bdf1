import { afterEach, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/index.js';
import { sleep } from '../support/timing.js';

const pools: Pool<any, any>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

describe('already-aborted signal', () => {
  it('settles at once, keeps the counters balanced and still ends the busy period with `drained`', async () => {
    const pool = createPool({ size: 1 });
    pools.push(pool);
    await pool.ready();
    let drained = 0;
    pool.events.on('drained', () => drained++);
    const result = pool.run(() => 1, { signal: AbortSignal.abort(new Error('too late')) });
    await expect(result).rejects.toThrow('too late');
    await sleep(20);
    const m = pool.metrics();
    expect(m.completed + m.failed + m.cancelled + m.timedOut).toBe(m.accepted);
    expect(drained, 'no drained event for the busy period the accepted task opened').toBe(1);
  });
});
