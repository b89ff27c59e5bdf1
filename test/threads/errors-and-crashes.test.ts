import { describe, expect, it } from 'vitest';
import { CircuitOpenError, TaskTimeoutError, WorkerCrashError } from '../../src/index.js';
import { HANDLERS_URL, makeThreadPool, nextEvent, ready, recordEvents, rejectionOf, threadSuite, type Handlers } from './helpers.js';

threadSuite();

describe('a handler that throws or rejects', () => {
  it('fails its own promise with an Error keeping name, message, stack and own props; the thread stays', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const events = recordEvents(pool);
    const { threadId } = await pool.call('whoAmI');

    const thrown = (await rejectionOf(pool.call('fail', 'bad input', 'E_BAD'))) as RangeError & { code: string; details: unknown };
    expect(thrown).toBeInstanceOf(RangeError);
    expect(thrown.name).toBe('RangeError');
    expect(thrown.message).toBe('bad input');
    expect(thrown.code).toBe('E_BAD');
    expect(thrown.details).toEqual({ retry: false });
    // The stack is the thread's: it points into the handlers module.
    expect(thrown.stack).toMatch(/^RangeError: bad input\n/);
    expect(thrown.stack).toMatch(/at fail \(.*handlers\.mjs:\d+:\d+\)/);
    expect(Object.keys(thrown).sort()).toEqual(['code', 'details']);

    const rejected = (await rejectionOf(pool.call('rejectCustom', 'no email', 'E_VALIDATION'))) as Error & { code: string; field: string };
    expect(rejected).toBeInstanceOf(Error);
    expect(rejected.name).toBe('ValidationError');
    expect(rejected.message).toBe('no email');
    expect(rejected.code).toBe('E_VALIDATION');
    expect(rejected.field).toBe('email');
    expect(rejected.stack).toMatch(/^ValidationError: no email\n/);
    expect(rejected.stack).toContain('handlers.mjs');
    expect(String(rejected)).toBe('ValidationError: no email');

    // A thrown non-Error comes back as itself (a clone).
    expect(await rejectionOf(pool.call('throwValue', 'plain string'))).toBe('plain string');
    expect(await rejectionOf(pool.call('throwValue', { reason: 42 }))).toEqual({ reason: 42 });

    // Failures are not crashes: the same thread serves on, nothing was restarted.
    const after = await pool.call('whoAmI');
    expect(after.threadId).toBe(threadId);
    expect(after.calls).toBe(2);
    expect(events.count('workerCrashed')).toBe(0);
    expect(events.count('workerRestarted')).toBe(0);
    expect(events.count('taskFailed')).toBe(4);
    expect(pool.metrics()).toMatchObject({ failed: 4, crashes: 0, restarts: 0 });
  });
});

describe('a thread that exits mid-task', () => {
  it('process.exit(n): the task rejects with WorkerCrashError (exitCode n, taskId, workerId); a new thread serves', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1, intensity: 10 });
    const events = recordEvents(pool);
    const before = await pool.call('whoAmI');
    const started = nextEvent(pool, 'taskStarted');
    const restarted = nextEvent(pool, 'workerRestarted');

    const handle = pool.submit('exitNow', [7]);
    const { workerId } = await started;
    const error = (await rejectionOf(handle.result)) as WorkerCrashError;
    expect(error).toBeInstanceOf(WorkerCrashError);
    expect(error.exitCode).toBe(7);
    expect(error.taskId).toBe(handle.id);
    expect(error.workerId).toBe(workerId);
    expect(error.code).toBe('ERR_WORKER_CRASH');
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).toContain('exit code 7');

    const crashed = events.of('workerCrashed');
    expect(crashed.map((e) => e.workerId)).toEqual([workerId]);
    expect(crashed[0]?.error).toBe(error);
    const { workerId: replacement } = await restarted;
    expect(replacement).not.toBe(workerId);

    const after = await pool.call('whoAmI');
    expect(after.threadId).not.toBe(before.threadId);
    expect(after.calls).toBe(1); // a fresh module instance
    expect(pool.status()).toMatchObject({ crashedWorkers: 0, idleWorkers: 1 });
    expect(pool.metrics()).toMatchObject({ crashes: 1, restarts: 1, failed: 1 });
    expect(pool.phase).toBe('running');
  });

  it('an uncaught exception in a timer: WorkerCrashError whose cause carries the original message', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const before = await pool.call('whoAmI');
    const handle = pool.submit('throwInTimer', []);
    const error = (await rejectionOf(handle.result)) as WorkerCrashError;
    expect(error).toBeInstanceOf(WorkerCrashError);
    expect(error.taskId).toBe(handle.id);
    expect(error.exitCode).toBe(1);
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toBe('uncaught in timer');
    expect((await pool.call('whoAmI')).threadId).not.toBe(before.threadId);
  });

  it('out of memory under resourceLimits: WorkerCrashError (ERR_WORKER_OUT_OF_MEMORY); a new thread serves', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1, resourceLimits: { maxOldGenerationSizeMb: 32 }, taskTimeout: 60_000 });
    const before = await pool.call('whoAmI');
    const handle = pool.submit('hog', []);
    const error = (await rejectionOf(handle.result)) as WorkerCrashError;
    expect(error).toBeInstanceOf(WorkerCrashError);
    expect(error.taskId).toBe(handle.id);
    expect((error.cause as { code?: string }).code).toBe('ERR_WORKER_OUT_OF_MEMORY');
    expect((await pool.call('whoAmI')).threadId).not.toBe(before.threadId);
    expect(await pool.call('inc', 1)).toBe(2);
  }, 60_000);

  it('other threads and queued tasks are unaffected by one thread crashing', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 2, intensity: 10 });
    await ready(pool);
    const slow = pool.call('hold', 300);
    const crash = rejectionOf(pool.call('exitNow', 3));
    const queued = Array.from({ length: 20 }, (_, i) => pool.call('inc', i));
    expect(await crash).toBeInstanceOf(WorkerCrashError);
    expect(await Promise.all(queued)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await slow).threadId).toBeGreaterThan(0);
  });
});

describe('a thread that dies while idle', () => {
  it('after its result was delivered: the result stands, the thread is replaced (workerCrashed, then workerRestarted)', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const events = recordEvents(pool);
    const before = await pool.call('whoAmI');
    const crashed = nextEvent(pool, 'workerCrashed');
    const restarted = nextEvent(pool, 'workerRestarted');

    const result = await pool.call('exitAfterReply', 9, 20);
    expect(result).toEqual({ threadId: before.threadId });

    const crash = await crashed;
    await restarted;
    expect(events.types().filter((t) => t === 'workerCrashed' || t === 'workerRestarted')).toEqual(['workerCrashed', 'workerRestarted']);
    expect(crash.error).toBeInstanceOf(WorkerCrashError);
    expect((crash.error as WorkerCrashError).exitCode).toBe(9);
    expect((crash.error as WorkerCrashError).taskId).toBeUndefined();

    const after = await pool.call('whoAmI');
    expect(after.threadId).not.toBe(before.threadId);
    // The delivered result counted as a success; nothing failed.
    expect(pool.metrics()).toMatchObject({ completed: 3, failed: 0, crashes: 1, restarts: 1 });
    expect(events.count('taskFailed')).toBe(0);
  });
});

describe('circuit breaker', () => {
  it('counts thread crashes as failures: exits trip it', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, {
      size: 1,
      intensity: 10,
      circuitBreaker: { failureThreshold: 3, cooldown: 60_000 },
    });
    const opened = nextEvent(pool, 'circuitOpened');
    expect(await rejectionOf(pool.call('exitNow', 1))).toBeInstanceOf(WorkerCrashError);
    expect(await rejectionOf(pool.call('exitNow', 2))).toBeInstanceOf(WorkerCrashError);
    expect(pool.circuit).toBe('closed');
    expect(await rejectionOf(pool.call('exitNow', 3))).toBeInstanceOf(WorkerCrashError);
    await opened;
    expect(pool.circuit).toBe('open');
    expect(await rejectionOf(pool.call('inc', 1))).toBeInstanceOf(CircuitOpenError);
    pool.resetCircuit();
    expect(await pool.call('inc', 1)).toBe(2);
  });

  it('counts timeouts as failures, mixed with crashes', async () => {
    // The pool's taskTimeout counts from the start of a run (a per-call `timeout` would count from
    // submission and could expire while the replacement thread starts: no run, no breaker failure).
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, {
      size: 1,
      taskTimeout: 300,
      intensity: 10,
      circuitBreaker: { failureThreshold: 3, cooldown: 60_000 },
    });
    const events = recordEvents(pool);
    const opened = nextEvent(pool, 'circuitOpened');
    expect(await rejectionOf(pool.call('spin'))).toBeInstanceOf(TaskTimeoutError);
    expect(await rejectionOf(pool.call('exitNow', 1))).toBeInstanceOf(WorkerCrashError);
    expect(pool.circuit).toBe('closed');
    expect(await rejectionOf(pool.call('spin'))).toBeInstanceOf(TaskTimeoutError);
    await opened;
    expect(pool.circuit).toBe('open');
    expect(await rejectionOf(pool.call('inc', 1))).toBeInstanceOf(CircuitOpenError);
    expect(events.count('taskStarted')).toBe(3);
  });

  it('a success between crashes resets the consecutive count', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, {
      size: 1,
      intensity: 10,
      circuitBreaker: { failureThreshold: 2, cooldown: 60_000 },
    });
    const events = recordEvents(pool);
    expect(await rejectionOf(pool.call('exitNow', 1))).toBeInstanceOf(WorkerCrashError);
    expect(await pool.call('inc', 1)).toBe(2);
    expect(await rejectionOf(pool.call('exitNow', 1))).toBeInstanceOf(WorkerCrashError);
    expect(pool.circuit).toBe('closed');
    expect(events.count('circuitOpened')).toBe(0);
  });
});
