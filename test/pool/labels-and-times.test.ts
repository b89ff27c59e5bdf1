import { describe, expect, it, vi } from 'vitest';
import { InvalidOptionError, type PoolEvents } from '../../src/index.js';
import { hang, makePool, poolSuite, ready, recordEvents, rejectionOf } from './helpers.js';

poolSuite();

describe('task labels and times in events', () => {
  it('a label travels with every event of its task, and settled tasks carry wait and run times', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, circuitBreaker: false });
    await ready(pool);
    const seen: Array<{ type: keyof PoolEvents; event: any }> = [];
    pool.events.on('*', (type, event) => seen.push({ type, event }));
    const slow = pool.run(() => new Promise((resolve) => setTimeout(() => resolve('a'), 40)), { label: 'mail' });
    const queued = pool.run(() => 'b', { label: 'report' });
    await vi.advanceTimersByTimeAsync(40);
    await expect(slow).resolves.toBe('a');
    await expect(queued).resolves.toBe('b');
    const mail = seen.filter((e) => e.event.label === 'mail').map((e) => e.type);
    expect(mail).toEqual(['taskStarted', 'taskSucceeded']);
    expect(seen.filter((e) => e.event.label === 'report').map((e) => e.type)).toEqual(['taskQueued', 'taskStarted', 'taskSucceeded']);
    const mailDone = seen.find((e) => e.type === 'taskSucceeded' && e.event.label === 'mail')!.event;
    expect(mailDone.runTime).toBe(40);
    expect(mailDone.waitTime).toBe(0);
    const reportDone = seen.find((e) => e.type === 'taskSucceeded' && e.event.label === 'report')!.event;
    expect(reportDone.waitTime).toBe(40); // it waited for the slow one
    expect(reportDone.runTime).toBe(0);
  });

  it('a failed, timed-out or cancelled task reports its times; one that never started has no runTime', async () => {
    vi.useFakeTimers();
    const pool = makePool({ size: 1, circuitBreaker: false, taskTimeout: 50 });
    await ready(pool);
    const events = recordEvents(pool);
    const failing = pool.run(() => Promise.reject(new Error('no')), { label: 'f' });
    await expect(failing).rejects.toThrow('no');
    const blocked = pool.submit(hang, { label: 'blocked' });
    const waiting = pool.submit(() => 1, { label: 'never' });
    await vi.advanceTimersByTimeAsync(10);
    waiting.cancel();
    await expect(rejectionOf(waiting.result)).resolves.toBeDefined();
    await vi.advanceTimersByTimeAsync(40);
    await expect(blocked.result).rejects.toThrow(/timed out/);
    expect(events.of('taskFailed')[0]).toMatchObject({ label: 'f', waitTime: 0, runTime: 0 });
    const cancelled = events.of('taskCancelled')[0]!;
    expect(cancelled.label).toBe('never');
    expect(cancelled.waitTime).toBe(10);
    expect(cancelled).not.toHaveProperty('runTime');
    expect(events.of('taskTimedOut')[0]).toMatchObject({ label: 'blocked', runTime: 50, waitTime: 0 });
  });

  it("call(name) is labelled with the handler's name; refusals carry the label", async () => {
    const pool = makePool({ size: 1, maxQueueSize: 0, handlers: { add: (a: number, b: number) => a + b, hang: () => new Promise(() => {}) } });
    await ready(pool);
    const events = recordEvents(pool);
    await expect(pool.call('add', 1, 2)).resolves.toBe(3);
    expect(events.of('taskSucceeded')[0]!.label).toBe('add');
    void pool.call('hang').catch(() => {});
    expect(() => pool.submit(() => 1, { label: 'extra' })).toThrow(/queue/i);
    await expect(pool.call('add', 1, 1)).rejects.toThrow(/queue/i);
    const refused = events.of('taskRejected').map((e) => e.label);
    expect(refused).toEqual(['extra', 'add']);
  });

  it('refuses a label that is not a short non-empty string, before accepting the task', async () => {
    const pool = makePool({ size: 1 });
    for (const label of ['', 42, 'x'.repeat(201), null]) {
      expect(() => pool.submit(() => 1, { label: label as string })).toThrow(InvalidOptionError);
    }
    expect(pool.status().accepted).toBe(0);
  });

  it('metrics() percentiles are rounded to the microsecond', async () => {
    const pool = makePool({ size: 1 });
    await pool.run(() => 1);
    const { runTime, waitTime } = pool.metrics();
    for (const value of [runTime.p50, runTime.p99, runTime.max, waitTime.p50, waitTime.max]) {
      expect(Math.round(value * 1000) / 1000).toBe(value);
    }
  });
});
