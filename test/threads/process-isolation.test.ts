import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createThreadPool, InvalidOptionError, UnknownOptionError, WorkerCrashError } from '../../src/index.js';
import { pollUntil } from '../support/timing.js';
import { FIXTURES, track, WAIT_MS } from './helpers.js';

// Issue 13 §3: the thread pool's API over child processes (`isolation: 'process'`), a real wall.

const PROCESS_HANDLERS = new URL('process-handlers.mjs', FIXTURES);
type Handlers = typeof import('../fixtures/process-handlers.mjs');

function processPool(options: Parameters<typeof createThreadPool>[1] = {}) {
  // A generous intensity: every test here crashes on purpose.
  return track(createThreadPool<Handlers>(PROCESS_HANDLERS, { size: 1, isolation: 'process', intensity: 50, ...options }));
}

describe("isolation: 'process'", () => {
  it('runs calls in a child process, with the module’s init resource and the pid as threadId', async () => {
    const pool = processPool();
    expect(await pool.call('inc', 41)).toBe(42);
    const me = (await pool.call('whoAmI', 0)) as { pid: number; threadId: number; resource: { pid: number } };
    expect(me.pid).not.toBe(process.pid);
    expect(me.threadId).toBe(me.pid);
    expect(me.resource.pid).toBe(me.pid);
    expect(await pool.call('echo', { nested: [1, 'two', new Date(0)], map: new Map([[1, 2]]) })).toEqual({
      nested: [1, 'two', new Date(0)],
      map: new Map([[1, 2]]),
    });
  });

  it.each([
    ['one allocation far past its heap limit (fatal to a whole process)', 'oneShot', 200, { signal: 'SIGABRT' }],
    ['process.abort()', 'abort', undefined, { signal: 'SIGABRT' }],
    ['a segfault', 'segfault', undefined, { signal: 'SIGSEGV' }],
    ['process.exit(3)', 'exit', 3, { exitCode: 3 }],
  ] as const)('%s fails only its task (WorkerCrashError with how it ended); the host lives and the slot is refilled', async (_label, fn, arg, how) => {
    const pool = processPool({ resourceLimits: { maxOldGenerationSizeMb: 32 } });
    const before = (await pool.call('whoAmI', 0)) as { pid: number };
    const error = await pool.run(fn as 'exit', [arg as number]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkerCrashError);
    expect(error).toMatchObject(how);
    expect(await pool.call('inc', 1)).toBe(2);
    const after = (await pool.call('whoAmI', 0)) as { pid: number };
    expect(after.pid).not.toBe(before.pid);
    expect(pool.metrics()).toMatchObject({ crashes: 1, restarts: 1, failed: 1 });
  }, WAIT_MS);

  it('a timeout kills a busy loop: the task times out, a fresh process takes the slot, no crash counted', async () => {
    const pool = processPool({ taskTimeout: 300 });
    await pool.ready();
    await expect(pool.call('spin')).rejects.toMatchObject({ name: 'TaskTimeoutError' });
    expect(await pool.call('inc', 1)).toBe(2);
    expect(pool.metrics()).toMatchObject({ timedOut: 1, crashes: 0 });
  }, WAIT_MS);

  it('cancel kills the process running the call', async () => {
    const pool = processPool();
    await pool.ready();
    const started = new Promise((resolve) => pool.events.on('taskStarted', resolve));
    const handle = pool.submit('spin', []);
    await started;
    handle.cancel();
    await expect(handle.result).rejects.toMatchObject({ name: 'TaskCancelledError' });
    expect(await pool.call('inc', 1)).toBe(2);
  }, WAIT_MS);

  it('a value that cannot be cloned fails its call, not the process; transfer lists are refused', async () => {
    const pool = processPool();
    await expect(pool.call('uncloneable')).rejects.toMatchObject({ message: expect.stringMatching(/could not be cloned/) });
    const buffer = new ArrayBuffer(8);
    await expect(pool.run('echo', [buffer], { transfer: [buffer] })).rejects.toBeInstanceOf(TypeError);
    expect(await pool.call('inc', 1)).toBe(2);
    expect(pool.metrics().crashes).toBe(0);
  });

  it('close() runs and ends every process; no child is left', async () => {
    const pool = processPool({ size: 2 });
    await pool.ready();
    const pids = new Set<number>();
    for (let i = 0; i < 6; i++) pids.add(((await pool.call('whoAmI', 0)) as { pid: number }).pid);
    await pool.close();
    for (const pid of pids) {
      expect(() => process.kill(pid, 0), `process ${pid} still alive`).toThrow();
    }
  }, WAIT_MS);

  it('refuses what a process cannot do, before anything starts', () => {
    expect(() => createThreadPool(PROCESS_HANDLERS, { isolation: 'fiber' as never })).toThrow(InvalidOptionError);
    expect(() => createThreadPool(PROCESS_HANDLERS, { isolation: 'process', resourceLimits: { stackSizeMb: 4 } })).toThrow(UnknownOptionError);
  });

  it('no worker process outlives its host, even one stuck in a busy loop', async () => {
    const src = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
    const script = `
      import { createThreadPool } from ${JSON.stringify(src)};
      const pool = createThreadPool(new URL(${JSON.stringify(PROCESS_HANDLERS.href)}), { size: 1, isolation: 'process', taskTimeout: false });
      const me = await pool.call('whoAmI', 0);
      console.log('child', me.pid);
      pool.call('spin').catch(() => {});
      setTimeout(() => process.kill(process.pid, 'SIGKILL'), 300);
    `;
    const stdout = await new Promise<string>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../..', import.meta.url)), timeout: 30_000 }, (_error, out) =>
        resolve(out),
      );
    });
    const pid = Number(/child (\d+)/.exec(stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await pollUntil(() => !alive(), `worker process ${pid} to exit after its host was killed`, 10_000, 50);
  }, 40_000);

  it.each(['process', 'thread'] as const)('a module whose init never settles cannot keep %s pools from closing or terminating', async (isolation) => {
    const hung = new URL('hang-init.mjs', FIXTURES);
    const closing = track(createThreadPool(hung, { size: 2, isolation }));
    const call = closing.call('inc', 1);
    call.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // A plain close() would wait for the queued call for ever: no worker can start to run it.
    const closeStarted = performance.now();
    await closing.close({ timeout: 200 });
    expect(performance.now() - closeStarted).toBeLessThan(5_000);
    await expect(call).rejects.toMatchObject({ name: 'PoolClosedError' });
    const terminating = track(createThreadPool(hung, { size: 2, isolation }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    await terminating.terminate();
    expect(performance.now() - started).toBeLessThan(5_000);
  }, 40_000);

  it('limits a process cannot take, and a thread count from the environment above the cap, are refused', () => {
    expect(() => createThreadPool(PROCESS_HANDLERS, { isolation: 'process', resourceLimits: { maxOldGenerationSizeMb: 0.4 } })).toThrow(InvalidOptionError);
    const saved = process.env.OVERSEER_POOL_SIZE;
    process.env.OVERSEER_POOL_SIZE = '2000';
    try {
      expect(() => createThreadPool(PROCESS_HANDLERS)).toThrow(/OVERSEER_POOL_SIZE/);
    } finally {
      if (saved === undefined) delete process.env.OVERSEER_POOL_SIZE;
      else process.env.OVERSEER_POOL_SIZE = saved;
    }
  });
});
