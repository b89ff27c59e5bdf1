import { afterEach, describe, expect, it } from 'vitest';
import type { AnyActorRef } from 'xstate';
import { createPool, type Pool } from '../../src/index.js';

const pools: Pool<unknown>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

/** Counts the state changes of a worker actor. */
function transitions(ref: AnyActorRef): { values: unknown[]; stop(): void } {
  const values: unknown[] = [];
  let last = (ref.getSnapshot() as { value: unknown }).value;
  const sub = ref.subscribe((snapshot) => {
    const value = (snapshot as { value: unknown }).value;
    if (value !== last) values.push(value);
    last = value;
  });
  return { values, stop: () => sub.unsubscribe() };
}

describe('worker transitions happen at edges only', () => {
  it('one-at-a-time calls reuse the worker with no transition in between', async () => {
    const pool = createPool({ size: 1, circuitBreaker: false });
    pools.push(pool as Pool<unknown>);
    await pool.ready();
    const ref = pool.workerSupervisor!.whichChildren()[0]!.ref as AnyActorRef;
    const seen = transitions(ref);
    for (let i = 0; i < 50; i++) expect(await pool.run(async () => i)).toBe(i);
    await new Promise((resolve) => setImmediate(resolve));
    seen.stop();
    // idle → busy once, and busy → idle once after the last call: not 100 transitions.
    expect(seen.values).toEqual(['busy', 'idle']);
  });

  it('a burst of 1,000 queued tasks costs two transitions', async () => {
    const pool = createPool({ size: 1, maxQueueSize: Infinity, circuitBreaker: false });
    pools.push(pool as Pool<unknown>);
    await pool.ready();
    const ref = pool.workerSupervisor!.whichChildren()[0]!.ref as AnyActorRef;
    const seen = transitions(ref);
    await Promise.all(Array.from({ length: 1000 }, (_, i) => pool.run(async () => i)));
    await new Promise((resolve) => setImmediate(resolve));
    seen.stop();
    expect(seen.values).toEqual(['busy', 'idle']);
  });
});
