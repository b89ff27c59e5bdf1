import { describe, expect, it } from 'vitest';
import { blockers, makePool, poolSuite, ready, rejectionOf } from './helpers.js';

poolSuite();

describe('priority', () => {
  it('higher priority dispatches first, FIFO within a priority', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task); // occupies the only worker
    const order: string[] = [];
    const entries: Array<[string, number | undefined]> = [
      ['a0', 0],
      ['b5', 5],
      ['c1', 1],
      ['d5', 5],
      ['e-default', undefined],
      ['f10', 10],
      ['g-3', -3],
      ['h1', 1],
      ['i0.5', 0.5],
      ['j10', 10],
    ];
    const results = entries.map(([name, priority]) =>
      pool.run(() => void order.push(name), priority === undefined ? {} : { priority }),
    );
    b.release('go');
    await Promise.all(results);
    expect(order).toEqual(['f10', 'j10', 'b5', 'd5', 'c1', 'h1', 'i0.5', 'a0', 'e-default', 'g-3']);
  });

  it('a task of higher priority submitted later overtakes the queue but not running tasks', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    const order: string[] = [];
    pool.submit(b.task);
    const low = [1, 2, 3].map((i) => pool.run(() => void order.push(`low${i}`)));
    const urgent = pool.run(() => void order.push('urgent'), { priority: 100 });
    b.release('go');
    await Promise.all([...low, urgent]);
    expect(order).toEqual(['urgent', 'low1', 'low2', 'low3']);
  });

  it('FIFO holds within one priority for a long queue, with cancellations in the middle', async () => {
    const pool = makePool({ size: 1, maxQueueSize: Infinity, circuitBreaker: false });
    await ready(pool);
    const b = blockers();
    pool.submit(b.task);
    const order: number[] = [];
    const handles = Array.from({ length: 1000 }, (_, i) => pool.submit(() => void order.push(i), { priority: i % 3 }));
    const cancelled = new Set<number>();
    for (let i = 0; i < 1000; i += 7) {
      handles[i]!.cancel();
      cancelled.add(i);
    }
    b.release('go');
    await Promise.all(handles.map((h, i) => (cancelled.has(i) ? rejectionOf(h.result) : h.result)));
    const expected = [2, 1, 0].flatMap((p) =>
      Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 3 === p && !cancelled.has(i)),
    );
    expect(order).toEqual(expected);
  });

  it('priority applies to tasks held during worker start-up', async () => {
    const pool = makePool({ size: 1, circuitBreaker: false });
    const order: string[] = [];
    const all = [
      pool.run(() => void order.push('low'), { priority: -1 }),
      pool.run(() => void order.push('normal')),
      pool.run(() => void order.push('high'), { priority: 1 }),
    ];
    await Promise.all(all);
    expect(order).toEqual(['high', 'normal', 'low']);
  });
});
