import { afterEach, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/index.js';

const pools: Pool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.terminate();
});

describe('tasks held behind an open circuit', () => {
  it('all run once it closes, after several failed probes, and each settles exactly once', async () => {
    const pool = createPool({ size: 4, maxQueueSize: 500, circuitBreaker: { failureThreshold: 3, cooldown: 100, backoff: false } });
    pools.push(pool);
    let outage = true;
    const transitions: string[] = [];
    pool.events.on('circuitOpened', () => transitions.push('open'));
    pool.events.on('circuitClosed', () => transitions.push('closed'));
    const settlements = new Map<number, number>();
    const outcomes: Promise<void>[] = [];
    for (let i = 0; i < 150; i++) {
      outcomes.push(
        pool
          .run(async () => {
            await new Promise((resolve) => setTimeout(resolve, 2));
            if (outage) throw new Error('down');
            return i;
          })
          .then(
            () => void settlements.set(i, (settlements.get(i) ?? 0) + 1),
            () => void settlements.set(i, (settlements.get(i) ?? 0) + 1),
          ),
      );
    }
    // Let it trip and fail a few probes with most tasks held.
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(transitions.filter((t) => t === 'open').length).toBeGreaterThanOrEqual(2);
    expect(pool.status().queued).toBeGreaterThan(100);
    outage = false;
    await Promise.all(outcomes);
    expect(transitions.at(-1)).toBe('closed');
    expect(pool.status().queued).toBe(0);
    expect(settlements.size).toBe(150);
    expect([...settlements.values()].every((n) => n === 1)).toBe(true);
    expect(pool.status().completed).toBeGreaterThan(100);
  }, 20_000);
});
