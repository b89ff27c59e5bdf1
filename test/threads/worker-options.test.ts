import { SHARE_ENV } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createThreadPool, InvalidOptionError, UnknownOptionError, type Isolation, type ThreadPoolOptions } from '../../src/index.js';
import { FIXTURES, makeThreadPool, rejectionOf, threads, threadSuite, track, until, WAIT_MS } from './helpers.js';

// Issue 10 §4: workerData, env and execArgv reach every thread (and every process).

threadSuite();

const OPTIONS_URL = new URL('worker-options.mjs', FIXTURES);
type Options = typeof import('../fixtures/worker-options.mjs');

function pool(isolation: Isolation, options: ThreadPoolOptions = {}) {
  return makeThreadPool<Options>(OPTIONS_URL, { size: 1, isolation, intensity: 20, ...options });
}

/** Builds a pool that must be refused; returns the error, after checking no thread started. */
function refusal(options: ThreadPoolOptions): unknown {
  const before = threads.started;
  let error: unknown;
  try {
    track(createThreadPool(OPTIONS_URL, { size: 1, ...options }));
  } catch (caught) {
    error = caught;
  }
  expect(threads.started, 'threads started by a refused pool').toBe(before);
  return error;
}

const saved = { ...process.env };
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
});

describe('workerData', () => {
  it("a thread's init receives it, and import { workerData } from 'node:worker_threads' reads the same value", async () => {
    const workerData = { model: 'small', when: new Date(0), sizes: new Map([['a', 1]]) };
    const seen = await pool('thread', { workerData }).call('data');
    expect(seen).toEqual({ fromInit: workerData, fromWorkerThreads: workerData, initKeys: ['threadId', 'workerData', 'workerId'], isMainThread: false });
  });

  it("a process's init receives it (worker_threads' workerData is null in a process's main thread)", async () => {
    const workerData = { model: 'small', when: new Date(0), sizes: new Map([['a', 1]]) };
    const seen = await pool('process', { workerData }).call('data');
    expect(seen).toEqual({ fromInit: workerData, fromWorkerThreads: null, initKeys: ['threadId', 'workerData', 'workerId'], isMainThread: true });
  });

  it.each(['thread', 'process'] as const)('without the option init receives undefined, and null is a value (%s)', async (isolation) => {
    expect((await pool(isolation).call('data')).fromInit).toBeUndefined();
    expect((await pool(isolation, { workerData: null }).call('data')).fromInit).toBeNull();
  });

  it('each worker has its own copy: a replacement thread starts from the original value', async () => {
    const workerData = { model: 'small' };
    const threaded = pool('thread', { workerData });
    expect(await threaded.call('scribble')).toEqual({ model: 'small', scribbled: true });
    expect(workerData).toEqual({ model: 'small' });
    await rejectionOf(threaded.call('exit', 1));
    expect((await threaded.call('data')).fromInit).toEqual({ model: 'small' });
  });

  it('a SharedArrayBuffer in it is shared between the host and every thread', async () => {
    const shared = new SharedArrayBuffer(4);
    const threaded = pool('thread', { size: 2, workerData: { shared } });
    await Promise.all([threaded.call('bump', 2), threaded.call('bump', 3)]);
    expect(new Int32Array(shared)[0]).toBe(5);
  });

  it.each([
    ['thread', { fn: (): number => 1 }],
    ['thread', Symbol('x')],
    ['process', { fn: (): number => 1 }],
    ['process', { shared: new SharedArrayBuffer(4) }],
  ] as const)('a value a %s cannot receive is refused: InvalidOptionError naming workerData, nothing started', (isolation, workerData) => {
    const error = refusal({ isolation, workerData });
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option: 'workerData' });
  });
});

describe('env', () => {
  it.each(['thread', 'process'] as const)('by default a %s sees a copy of the host environment taken when it starts', async (isolation) => {
    process.env.OVERSEER_TEST_DEFAULT = 'from the host';
    const worker = pool(isolation);
    expect(await worker.call('env', 'OVERSEER_TEST_DEFAULT')).toBe('from the host');
    expect(await worker.call('setEnv', 'OVERSEER_TEST_BACK', 'from the worker')).toBe('from the worker');
    expect(process.env.OVERSEER_TEST_BACK).toBeUndefined();
  });

  it.each(['thread', 'process'] as const)("an env object is a %s's whole environment; undefined variables are left out", async (isolation) => {
    process.env.OVERSEER_TEST_HIDDEN = 'host only';
    const worker = pool(isolation, { env: { OVERSEER_TEST_GIVEN: 'given', OVERSEER_TEST_UNSET: undefined } });
    expect(await worker.call('env', 'OVERSEER_TEST_GIVEN')).toBe('given');
    expect(await worker.call('env', 'OVERSEER_TEST_HIDDEN')).toBeNull();
    const names = await worker.call('envNames');
    expect(names).toContain('OVERSEER_TEST_GIVEN');
    expect(names).not.toContain('OVERSEER_TEST_UNSET');
    expect(names).not.toContain('PATH');
  });

  it('the env object is copied when the pool is created: later changes to it reach no worker', async () => {
    const env: Record<string, string> = { OVERSEER_TEST_GIVEN: 'before' };
    const worker = pool('thread', { env });
    env.OVERSEER_TEST_GIVEN = 'after';
    expect(await worker.call('env', 'OVERSEER_TEST_GIVEN')).toBe('before');
  });

  it("SHARE_ENV shares the host's process.env with its threads, both ways", async () => {
    const worker = pool('thread', { env: SHARE_ENV });
    await worker.ready();
    process.env.OVERSEER_TEST_LATER = 'set after the thread started';
    expect(await worker.call('env', 'OVERSEER_TEST_LATER')).toBe('set after the thread started');
    await worker.call('setEnv', 'OVERSEER_TEST_BACK', 'from the thread');
    expect(process.env.OVERSEER_TEST_BACK).toBe('from the thread');
  });

  it.each([
    ['thread', [], 'env'],
    ['thread', 'A=1', 'env'],
    ['thread', null, 'env'],
    ['thread', { A: 1 }, 'env.A'],
    ['process', { A: true }, 'env.A'],
    ['process', { 'A\0B': 'x' }, 'env.A\0B'],
    ['process', SHARE_ENV, 'env'],
  ] as const)('a bad env for a %s (%o) is refused: InvalidOptionError naming %s, nothing started', (isolation, env, option) => {
    const error = refusal({ isolation, env: env as never });
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option });
  });
});

describe('execArgv', () => {
  it("a thread gets the flags as its process.execArgv (without the option: the host's, Node's default)", async () => {
    expect(await pool('thread', { execArgv: ['--no-deprecation'] }).call('flags')).toEqual(['--no-deprecation']);
    expect(await pool('thread').call('flags')).toEqual(process.execArgv);
  });

  it("a process runs with the flags, resourceLimits' after them; without the option it inherits the host's", async () => {
    const limited = pool('process', { execArgv: ['--no-deprecation'], resourceLimits: { maxOldGenerationSizeMb: 64 } });
    expect(await limited.call('flags')).toEqual(['--no-deprecation', '--max-old-space-size=64']);
    // Under vitest the host's flags are its loader's (--require, --conditions): none is left out.
    expect(await pool('process').call('flags')).toEqual(process.execArgv);
  });

  it.each([
    ['--no-deprecation', 'execArgv'],
    [[1], 'execArgv[0]'],
    [[''], 'execArgv[0]'],
    [['--no-deprecation', '-e', 'code'], 'execArgv[1]'],
    [['--eval=code'], 'execArgv[0]'],
    [['--test'], 'execArgv[0]'],
    [['--watch'], 'execArgv[0]'],
  ] as const)('%o is refused: InvalidOptionError naming %s, nothing started', (execArgv, option) => {
    for (const isolation of ['thread', 'process'] as const) {
      const error = refusal({ isolation, execArgv: execArgv as never });
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error).toMatchObject({ option });
    }
  });

  it('a flag Node refuses in a thread (a V8 flag) fails the pool with Node’s error; no thread is left running', async () => {
    const refused = pool('thread', { execArgv: ['--expose-gc'], intensity: 1, period: 60_000 });
    const error = await rejectionOf(refused.call('data'));
    expect((error as Error).name).toMatch(/^Pool\w*Error$/);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ERR_WORKER_INVALID_EXEC_ARGV');
    await until(() => threads.live().length === 0, 'no thread running', WAIT_MS);
  });

  it('a flag node does not know fails a process pool: the process exits before it is ready', async () => {
    const refused = pool('process', { execArgv: ['--no-such-flag-anywhere'], intensity: 1, period: 60_000 });
    const error = await rejectionOf(refused.call('data'));
    expect((error as Error).name).toMatch(/^Pool\w*Error$/);
    expect(String((error as { cause?: Error }).cause?.message)).toMatch(/exited with code 9 before it was ready/);
  }, WAIT_MS);
});

describe('option names', () => {
  it('a misspelt option is named with the right one suggested', () => {
    const error = refusal({ workerdata: 1 } as never);
    expect(error).toBeInstanceOf(UnknownOptionError);
    expect(String((error as Error).message)).toContain('workerData');
    expect(refusal({ execArg: [] } as never)).toBeInstanceOf(UnknownOptionError);
    expect(refusal({ environment: {} } as never)).toBeInstanceOf(UnknownOptionError);
  });
});
