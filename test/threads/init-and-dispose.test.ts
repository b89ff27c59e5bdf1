import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LIFECYCLE_URL,
  makeThreadPool,
  nextEvent,
  ready,
  recordEvents,
  threadLog,
  threads,
  threadSuite,
  until,
  within,
  type LifecycleHandlers,
} from './helpers.js';

threadSuite();

// lifecycle.mjs appends `init <threadId>` / `dispose <threadId> uses=<n>` to this file.
let log: ReturnType<typeof threadLog>;
beforeEach(() => {
  log = threadLog();
  process.env.OVERSEER_THREAD_LOG = log.path;
});
afterEach(() => {
  delete process.env.OVERSEER_THREAD_LOG;
  delete process.env.OVERSEER_DISPOSE;
  delete process.env.OVERSEER_INIT_DELAY_MS;
  log.remove();
});

describe('init / dispose exports', () => {
  it('init runs once per thread and its resource reaches every handler as ctx.resource', async () => {
    const pool = makeThreadPool<LifecycleHandlers>(LIFECYCLE_URL, { size: 2 });
    await ready(pool);
    const inits = log.lines();
    expect(inits).toHaveLength(2);
    const threadIds = inits.map((line) => Number(line.split(' ')[1]));
    expect(new Set(threadIds).size).toBe(2);

    const handles = Array.from({ length: 10 }, () => pool.submit('use', []));
    const results = await Promise.all(handles.map((h) => h.result));
    const usesByThread = new Map<number, number[]>();
    results.forEach((result, i) => {
      expect(threadIds).toContain(result.threadId);
      // The resource is the one init created in the same thread, and init got that thread's id.
      expect(result.resource).toMatchObject({ threadId: result.threadId, reported: result.threadId, opened: true });
      expect(result.taskId).toBe(handles[i]?.id);
      usesByThread.set(result.threadId, [...(usesByThread.get(result.threadId) ?? []), result.resource.uses]);
    });
    // One resource per thread, kept across calls: its counter climbs 1, 2, 3, ... in that thread.
    // (In the order the thread ran them, which with prefetch need not be the order of submission:
    // a call sent ahead to a thread that stalls may be taken over, later, by the other thread.)
    let total = 0;
    for (const uses of usesByThread.values()) {
      expect([...uses].sort((x, y) => x - y)).toEqual(Array.from({ length: uses.length }, (_, i) => i + 1));
      total += uses.length;
    }
    expect(total).toBe(10);
    expect(log.lines()).toHaveLength(2); // no more init
  });

  it('init gets { workerId, threadId } and handlers get ctx.workerId, as in-process workers do', async () => {
    const pool = makeThreadPool<LifecycleHandlers>(LIFECYCLE_URL, { size: 2 });
    const started: Array<{ taskId: string; workerId: string }> = [];
    pool.events.on('taskStarted', ({ taskId, workerId }) => started.push({ taskId, workerId }));
    await ready(pool);
    const handles = Array.from({ length: 6 }, () => pool.submit('use', []));
    const results = await Promise.all(handles.map((h) => h.result));
    const workerIds = new Set<string>();
    results.forEach((result, i) => {
      // The id the pool reports for the call is the one the thread sees, and the one its init got.
      expect(result.workerId).toBe(started.find((s) => s.taskId === handles[i]?.id)?.workerId);
      expect(result.resource.workerId).toBe(result.workerId);
      expect(result.workerId).toMatch(new RegExp(`^${pool.name}/worker-\\d\\.`));
      workerIds.add(result.workerId);
    });
    expect(workerIds.size).toBeGreaterThanOrEqual(1);
  });

  it('dispose runs in every thread when the pool closes, with that thread\'s resource', async () => {
    const pool = makeThreadPool<LifecycleHandlers>(LIFECYCLE_URL, { size: 2 });
    await ready(pool);
    const served = await Promise.all(Array.from({ length: 6 }, () => pool.call('use')));
    const uses = new Map<number, number>();
    for (const result of served) uses.set(result.threadId, Math.max(uses.get(result.threadId) ?? 0, result.resource.uses));

    await within(pool.close(), 10_000, 'close');
    const lines = log.lines();
    const disposed = lines.filter((line) => line.startsWith('dispose '));
    const inits = lines.filter((line) => line.startsWith('init '));
    expect(disposed).toHaveLength(2);
    for (const line of inits) {
      const threadId = Number(line.split(' ')[1]);
      expect(disposed).toContain(`dispose ${threadId} uses=${uses.get(threadId) ?? 0}`);
    }
    expect(threads.live()).toEqual([]);
  });

  it('a dispose that never finishes is bounded by disposeTimeout: close still resolves and the threads stop', async () => {
    process.env.OVERSEER_DISPOSE = 'hang';
    const pool = makeThreadPool<LifecycleHandlers>(LIFECYCLE_URL, { size: 2, disposeTimeout: 200 });
    await ready(pool);
    await pool.call('use');
    await within(pool.close(), 10_000, 'close with a hanging dispose');
    expect(log.lines().filter((line) => line.startsWith('dispose-hang '))).toHaveLength(2);
    expect(threads.live()).toEqual([]);
    expect(pool.phase).toBe('closed');
  });

  it('a thread retired for idleness runs dispose before it stops', async () => {
    const pool = makeThreadPool<LifecycleHandlers>(LIFECYCLE_URL, { size: { min: 1, max: 2, idleTimeout: 100 } });
    const events = recordEvents(pool);
    await ready(pool, 1);
    const retired = nextEvent(pool, 'workerRetired');
    // Calls queued behind the busy thread make the pool start a second one.
    await Promise.all([pool.call('use'), pool.call('use'), pool.call('use')]);
    expect((await retired).reason).toBe('idle');
    const inits = () => log.lines().filter((line) => line.startsWith('init '));
    const disposals = () => log.lines().filter((line) => line.startsWith('dispose '));
    // Either thread may be the one retired (the second may still be starting when the first has
    // idled for 100 ms): wait for both inits, one dispose and one thread left.
    await until(() => inits().length === 2 && disposals().length === 1 && threads.live().length === 1, 'one thread retired');

    const initIds = inits().map((line) => Number(line.split(' ')[1]));
    const disposedId = Number(disposals()[0]?.split(' ')[1]);
    expect(initIds).toContain(disposedId);
    const { threadId } = await pool.call('whoAmI');
    expect(threadId).not.toBe(disposedId);
    expect(initIds).toContain(threadId);
    expect(threads.live().map((w) => w.threadId)).toEqual([threadId]);
    expect(events.count('workerRetired')).toBe(1);
    expect(events.count('workerCrashed')).toBe(0);
  });

  it('idle retirement never leaves fewer than min started threads while an extra one is still starting', async () => {
    // Every thread's init takes 400 ms: the second thread is still starting when the first has
    // been idle for longer than idleTimeout. The first one (the only started one) must stay.
    process.env.OVERSEER_INIT_DELAY_MS = '400';
    const pool = makeThreadPool<LifecycleHandlers>(LIFECYCLE_URL, { size: { min: 1, max: 2, idleTimeout: 100 } });
    const events = recordEvents(pool);
    await ready(pool, 1);
    const first = pool.call('use');
    const second = pool.call('use'); // queued behind the first: the pool starts a second thread
    await Promise.all([first, second]);
    await new Promise((r) => setTimeout(r, 250));
    expect(pool.status().idleWorkers).toBeGreaterThanOrEqual(1);
    // Once both are up, the extra one is retired: back to one thread.
    await until(() => events.count('workerRetired') === 1 && threads.live().length === 1, 'back to one thread');
    expect(pool.status().idleWorkers).toBe(1);
  });
});
