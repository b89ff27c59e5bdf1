import { describe, expect, it } from 'vitest';
import { TaskCancelledError, TaskTimeoutError } from '../../src/index.js';
import { HANDLERS_URL, makeThreadPool, nextEvent, ready, recordEvents, rejectionOf, threads, threadSuite, type Handlers } from './helpers.js';

threadSuite();

class UserLeft extends Error {
  override name = 'UserLeft';
}

describe('taskTimeout', () => {
  it('stops a CPU-bound infinite loop: TaskTimeoutError, the thread is terminated, a fresh thread serves next', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1, taskTimeout: 200 });
    const events = recordEvents(pool);
    const before = await pool.call('whoAmI');
    const handle = pool.submit('spin', []);
    const error = (await rejectionOf(handle.result)) as TaskTimeoutError;
    expect(error).toBeInstanceOf(TaskTimeoutError);
    expect(error.taskId).toBe(handle.id);
    expect(error.timeout).toBe(200);

    const after = await pool.call('whoAmI');
    expect(after.threadId).not.toBe(before.threadId);
    // The spinning thread is really gone (a leftover would burn a core forever): the slot is
    // refilled only after the old thread was terminated.
    expect(threads.live().map((w) => w.threadId)).toEqual([after.threadId]);
    expect(events.of('workerRetired').map((e) => e.reason)).toEqual(['timeout']);
    // Retiring is not a crash.
    expect(events.count('workerCrashed')).toBe(0);
    expect(events.count('taskTimedOut')).toBe(1);
    expect(pool.metrics()).toMatchObject({ timedOut: 1, crashes: 0 });
  });

  it('a per-call timeout works the same way and leaves the other thread alone', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 2 });
    await ready(pool);
    const slow = pool.call('hold', 400);
    const spun = rejectionOf(pool.run('spin', [], { timeout: 150 }));
    expect(await spun).toBeInstanceOf(TaskTimeoutError);
    const held = await slow; // the neighbour's task finished on its own thread
    expect(held.threadId).toBeGreaterThan(0);
    const next = await Promise.all([pool.call('whoAmI'), pool.call('whoAmI'), pool.call('whoAmI')]);
    expect(next.every((r) => r.threadId > 0)).toBe(true);
    expect(pool.status()).toMatchObject({ busyWorkers: 0, crashedWorkers: 0 });
  });

  it('a per-call timeout that passes while the call is still queued rejects it without touching any thread', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const events = recordEvents(pool);
    const before = await pool.call('whoAmI');
    const busy = pool.call('hold', 400);
    const queued = rejectionOf(pool.run('inc', [1], { timeout: 100 }));
    const error = (await queued) as TaskTimeoutError;
    expect(error).toBeInstanceOf(TaskTimeoutError);
    expect((await busy).threadId).toBe(before.threadId);
    expect((await pool.call('whoAmI')).threadId).toBe(before.threadId);
    expect(events.count('workerRetired')).toBe(0);
    expect(events.count('workerCrashed')).toBe(0);
  });

  it('queued tasks behind a timed-out one run on the replacement thread', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1, taskTimeout: 150 });
    const spun = rejectionOf(pool.call('spin'));
    const queued = [pool.call('inc', 1), pool.call('inc', 2), pool.call('whoAmI')];
    expect(await spun).toBeInstanceOf(TaskTimeoutError);
    const [a, b, me] = await Promise.all(queued);
    expect([a, b]).toEqual([2, 3]);
    expect(me).toMatchObject({ calls: 1 });
  });
});

describe('abort while running', () => {
  it('an aborted signal terminates the thread: the task rejects with the reason, a fresh thread serves next', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const events = recordEvents(pool);
    const before = await pool.call('whoAmI');
    const controller = new AbortController();
    const started = nextEvent(pool, 'taskStarted');
    const spun = rejectionOf(pool.run('spin', [], { signal: controller.signal }));
    await started;
    const reason = new UserLeft('user left');
    controller.abort(reason);
    expect(await spun).toBe(reason);

    const after = await pool.call('whoAmI');
    expect(after.threadId).not.toBe(before.threadId);
    expect(events.of('workerRetired').map((e) => e.reason)).toEqual(['abort']);
    expect(events.count('workerCrashed')).toBe(0);
    expect(threads.live().map((w) => w.threadId)).toEqual([after.threadId]);
  });

  it('handle.cancel() terminates the thread: TaskCancelledError (or the given reason), fresh thread', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const before = await pool.call('whoAmI');

    let started = nextEvent(pool, 'taskStarted');
    const first = pool.submit('spin', []);
    await started;
    expect(first.cancel()).toBe(true);
    const error = (await rejectionOf(first.result)) as TaskCancelledError;
    expect(error).toBeInstanceOf(TaskCancelledError);
    expect(error.taskId).toBe(first.id);
    expect(first.cancel()).toBe(false);
    const middle = await pool.call('whoAmI');
    expect(middle.threadId).not.toBe(before.threadId);

    started = nextEvent(pool, 'taskStarted');
    const second = pool.submit('spin', []);
    await started;
    const reason = new UserLeft('gone');
    second.cancel(reason);
    expect(await rejectionOf(second.result)).toBe(reason);
    const after = await pool.call('whoAmI');
    expect(after.threadId).not.toBe(middle.threadId);
  });

  it('aborting a queued task does not touch any thread', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const events = recordEvents(pool);
    const before = await pool.call('whoAmI');
    const running = pool.call('hold', 200);
    const controller = new AbortController();
    const queued = rejectionOf(pool.run('inc', [1], { signal: controller.signal }));
    controller.abort('never mind');
    expect(await queued).toBe('never mind');
    expect((await running).threadId).toBe(before.threadId);
    expect((await pool.call('whoAmI')).threadId).toBe(before.threadId);
    expect(events.count('workerRetired')).toBe(0);
  });

  it('an already aborted signal rejects at once without starting anything', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const { threadId } = await pool.call('whoAmI');
    const startedBefore = threads.started;
    expect(await rejectionOf(pool.run('spin', [], { signal: AbortSignal.abort('early') }))).toBe('early');
    expect((await pool.call('whoAmI')).threadId).toBe(threadId);
    expect(threads.started).toBe(startedBefore);
  });
});
