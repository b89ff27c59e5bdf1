import { afterEach, describe, expect, it, vi } from 'vitest';
import { Deadlines } from '../../src/deadlines.js';

/** A bare deadline node, as a task record is one. */
function node(name: string) {
  return { name, prev: undefined, next: undefined, deadline: 0, list: undefined };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Deadlines: which clock', () => {
  it('counts from the start the pool read (performance.now), with no clock read of its own', async () => {
    const expired: string[] = [];
    const deadlines = new Deadlines<ReturnType<typeof node>>((n) => expired.push(n.name));
    // Started (on the pool's clock) a second ago with 50 ms to run: it is late at the first check.
    deadlines.add(node('late'), 50, performance.now() - 1000);
    deadlines.add(node('fresh'), 5_000, performance.now());
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(expired).toEqual(['late']);
    deadlines.clear();
  });

  it('under fake timers that fake performance too, a deadline passes exactly at its timeout', () => {
    vi.useFakeTimers();
    const expired: string[] = [];
    const deadlines = new Deadlines<ReturnType<typeof node>>((n) => expired.push(n.name));
    deadlines.add(node('a'), 100, performance.now());
    vi.advanceTimersByTime(99);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a']);
  });

  it('under fake timers that fake Date but not performance, it follows Date (the clock that moves)', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const expired: string[] = [];
    const deadlines = new Deadlines<ReturnType<typeof node>>((n) => expired.push(n.name));
    deadlines.add(node('a'), 100, performance.now());
    vi.advanceTimersByTime(50);
    // Started 50 fake ms later: its deadline is at 150 on the fake clock, not 100 after the real start.
    deadlines.add(node('b'), 100, performance.now());
    vi.advanceTimersByTime(50);
    expect(expired).toEqual(['a']);
    vi.advanceTimersByTime(49);
    expect(expired).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a', 'b']);
  });
});
