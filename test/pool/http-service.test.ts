/**
 * The README's HTTP service against a downstream that stalls for 2 s, then recovers (real
 * servers, real time): requests fail fast during the stall, succeed after it, and the pool never
 * fails. Timings are asserted with wide margins; the order of outcomes is what matters.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDownstream, startService, type Service } from '../../examples/http-service.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.reverse()) await close();
  closers = [];
});

async function hit(service: Service): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const res = await fetch(service.url);
  await res.text();
  return { status: res.status, ms: performance.now() - started };
}

describe('an HTTP service over a pool, with a downstream that stalls for 2 s', () => {
  it('fails fast during the stall, serves again after it, and the pool never fails', async () => {
    const downstream = await startDownstream();
    closers.push(downstream.close);
    const service = await startService(downstream.url);
    closers.push(service.close);
    const phases = new Set<string>();
    for (const type of ['failed', 'recovering', 'workerCrashed'] as const) service.pool.events.on(type, () => phases.add(type));

    expect((await hit(service)).status).toBe(200);

    downstream.stall(2000);
    const during: Array<{ status: number; ms: number }> = [];
    // Concurrent bursts, as real traffic: the first ones time out (504), then the breaker opens (503).
    for (let round = 0; round < 6; round++) {
      during.push(...(await Promise.all(Array.from({ length: 4 }, () => hit(service)))));
      await sleep(150);
    }
    expect(during.every((r) => r.status === 504 || r.status === 503)).toBe(true);
    expect(during.filter((r) => r.status === 504).length).toBeGreaterThan(0);
    const fast = during.filter((r) => r.status === 503);
    expect(fast.length).toBeGreaterThan(during.length / 2);
    // Refused by the open circuit without waiting for the downstream (its timeout is 250 ms).
    expect(Math.min(...fast.map((r) => r.ms))).toBeLessThan(100);

    await sleep(Math.max(0, 2000 - 6 * 150) + 1200); // the stall ends; the cooldown passes
    const after: number[] = [];
    for (let i = 0; i < 10; i++) {
      after.push((await hit(service)).status);
      await sleep(30);
    }
    expect(after.slice(-5)).toEqual([200, 200, 200, 200, 200]);
    expect(service.pool.phase).toBe('running');
    expect(service.pool.status()).toMatchObject({ crashes: 0, restarts: 0 });
    expect([...phases]).toEqual([]);
  }, 30_000);
});
