// Every mapping between a BullMQ job and the pool task that runs it, against a real Redis:
// results, errors and retries, time limits (per job too), crashes, fatal errors, cancel, progress,
// lock renewal during CPU-bound work, and the node's events and metrics.
import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { connect, QueueEvents, settled, testResources, waitFor } from './support.js';

const HANDLERS = new URL('./fixtures/jobs.mjs', import.meta.url);
const { later, setUp } = testResources();

describe('jobs on threads (handlers)', () => {
  it("the job's name picks the handler, job.data is its argument, the result is the job's return value", async () => {
    const { queue, node } = await setUp('ok', { handlers: HANDLERS, size: 2 });
    const job = await queue.add('ok', { n: 21 });
    const done = await settled(queue, job.id!);
    expect(await done.getState()).toBe('completed');
    expect(done.returnvalue).toEqual({ doubled: 42 });
    expect(node.metrics()).toMatchObject({ completed: 1, failed: 0 });
  });

  it('a job whose name matches no export fails with a TypeError naming it', async () => {
    const { queue } = await setUp('unknown', { handlers: HANDLERS, size: 1 });
    const job = await queue.add('noSuchHandler', {}, { attempts: 1 });
    const failed = await settled(queue, job.id!);
    expect(await failed.getState()).toBe('failed');
    expect(failed.failedReason).toMatch(/noSuchHandler/);
  });

  it("a throwing handler fails the job with its message, and BullMQ's attempts retry it", async () => {
    const { queue, node } = await setUp('throw', { handlers: HANDLERS, size: 1 });
    const failures: boolean[] = [];
    node.on('jobFailed', ({ willRetry, reason }) => failures.push(willRetry && reason === 'error'));
    const job = await queue.add('fail', { n: 7 }, { attempts: 2 });
    const done = await settled(queue, job.id!);
    expect(await done.getState()).toBe('failed');
    expect(done.failedReason).toBe('failed 7');
    expect(done.attemptsMade).toBe(2);
    expect(failures).toEqual([true, false]);
    expect(node.metrics()).toMatchObject({ failed: 2, retried: 1 });
  });

  it('a job past its jobTimeout fails with JobTimeoutError and its thread is replaced', async () => {
    const { queue, node } = await setUp('timeout', { handlers: HANDLERS, size: 1, jobTimeout: 300 });
    const timedOut: number[] = [];
    node.on('jobTimedOut', ({ timeout }) => timedOut.push(timeout));
    const before = await queue.add('threadInfo', {});
    const spin = await queue.add('spin', {});
    const after = await queue.add('threadInfo', {});
    const failed = await settled(queue, spin.id!);
    expect(failed.failedReason).toBe(`Job ${spin.id} timed out after 300 ms.`);
    const [a, b] = [await settled(queue, before.id!), await settled(queue, after.id!)];
    expect(b.returnvalue.threadId).not.toBe(a.returnvalue.threadId);
    expect(timedOut).toEqual([300]);
    expect(node.metrics()).toMatchObject({ timedOut: 1, completed: 2 });
  });

  it("a job's own data.jobTimeout overrides the node's, shorter or longer", async () => {
    const { queue } = await setUp('per-job', { handlers: HANDLERS, size: 2, jobTimeout: 200 });
    const longer = await queue.add('cpu', { ms: 400, jobTimeout: 5_000 });
    const shorter = await queue.add('cpu', { ms: 400, jobTimeout: 100 });
    expect(await (await settled(queue, longer.id!)).getState()).toBe('completed');
    const failed = await settled(queue, shorter.id!);
    expect(failed.failedReason).toBe(`Job ${shorter.id} timed out after 100 ms.`);
  });

  it('a thread that exits fails its job with WorkerCrashError; the next job runs on a fresh thread', async () => {
    const { queue, node } = await setUp('crash', { handlers: HANDLERS, size: 1 });
    const reasons: string[] = [];
    node.on('jobFailed', ({ reason }) => reasons.push(reason));
    const crash = await queue.add('crash', {});
    const next = await queue.add('ok', { n: 1 });
    const failed = await settled(queue, crash.id!);
    expect(failed.failedReason).toMatch(/crashed \(thread exit code 3\)/);
    expect((await settled(queue, next.id!)).returnvalue).toEqual({ doubled: 2 });
    expect(reasons).toEqual(['crash']);
  });

  it('an UnrecoverableError thrown in a thread fails the job without retry', async () => {
    const { queue, node } = await setUp('fatal', { handlers: HANDLERS, size: 1 });
    const job = await queue.add('fatal', {}, { attempts: 3 });
    const failed = await settled(queue, job.id!);
    expect(failed.failedReason).toBe('cannot be retried');
    expect(failed.attemptsMade).toBe(1);
    expect(node.metrics()).toMatchObject({ failed: 1, retried: 0 });
  });

  it('cancelJob terminates a thread that ignores every signal; the job fails with JobCancelledError', async () => {
    const { queue, node } = await setUp('cancel', { handlers: HANDLERS, size: 1, jobTimeout: false });
    const cancelled: unknown[] = [];
    node.on('jobCancelled', ({ reason }) => cancelled.push(reason));
    const spin = await queue.add('spin', {});
    await waitFor(() => node.status().active === 1);
    expect(await node.cancelJob('no-such-job')).toBe(false);
    expect(await node.cancelJob(spin.id!, 'superseded')).toBe(true);
    const next = await queue.add('ok', { n: 3 });
    const started = Date.now();
    const failed = await settled(queue, spin.id!);
    expect(failed.failedReason).toBe(`Job ${spin.id} was cancelled: superseded.`);
    expect((await settled(queue, next.id!)).returnvalue).toEqual({ doubled: 6 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(cancelled).toHaveLength(1);
    expect(node.metrics().cancelled).toBe(1);
  });

  it('job.progress.postMessage in a thread updates the job progress', async () => {
    const { queue, name, prefix } = await setUp('progress', { handlers: HANDLERS, size: 1 });
    const events = new QueueEvents(name, { connection: connect(), prefix });
    later(() => events.close());
    await events.waitUntilReady();
    const seen: unknown[] = [];
    events.on('progress', ({ data }) => seen.push(data));
    const job = await queue.add('progress', { steps: [25, 75] });
    const done = await settled(queue, job.id!);
    expect(done.progress).toBe(75);
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual([25, 75]);
  });

  it('locks are renewed while a CPU-bound job runs on a thread: it does not stall', async () => {
    const { queue, name, prefix } = await setUp('lock', {
      handlers: HANDLERS, size: 1, workerOptions: { lockDuration: 400, stalledInterval: 300 },
    });
    const events = new QueueEvents(name, { connection: connect(), prefix });
    later(() => events.close());
    await events.waitUntilReady();
    const stalled: string[] = [];
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    const job = await queue.add('cpu', { ms: 2_000 });
    const done = await settled(queue, job.id!);
    expect(await done.getState()).toBe('completed');
    expect(done.attemptsStarted).toBe(1);
    expect(stalled).toEqual([]);
  });
});

describe('jobs in process (processor)', () => {
  it('the processor gets the job and a context; ctx.progress and ctx.log reach the job', async () => {
    const { queue } = await setUp('inproc', {
      size: 2,
      processor: async (job: { data: { n: number } }, ctx: { progress(v: number): Promise<void>; log(l: string): Promise<number>; taskId: string }) => {
        await ctx.progress(42);
        await ctx.log(`task ${ctx.taskId}`);
        return job.data.n + 1;
      },
    });
    const job = await queue.add('any', { n: 1 });
    const done = await settled(queue, job.id!);
    expect(done.returnvalue).toBe(2);
    expect(done.progress).toBe(42);
    const { logs } = await queue.getJobLogs(job.id!);
    expect(logs[0]).toMatch(/^task /);
  });

  it("a job that fails twice and then succeeds is retried by BullMQ's attempts and backoff", async () => {
    const { queue, node } = await setUp('retry', {
      size: 1,
      processor: (job: { attemptsMade: number }) => {
        if (job.attemptsMade < 2) throw new Error(`try ${job.attemptsMade + 1}`);
        return 'third time';
      },
    });
    const job = await queue.add('any', {}, { attempts: 3, backoff: { type: 'fixed', delay: 50 } });
    const done = await settled(queue, job.id!);
    expect(done.returnvalue).toBe('third time');
    expect(done.attemptsMade).toBe(3);
    expect(node.metrics()).toMatchObject({ failed: 2, retried: 2, completed: 1 });
  });

  it('isFatal turns an error into a failure without retry; UnrecoverableError too', async () => {
    const { queue } = await setUp('isfatal', {
      size: 1,
      isFatal: (error: unknown) => (error as { code?: string }).code === 'EBROKEN',
      processor: (job: { data: { kind: string } }) => {
        if (job.data.kind === 'broken') throw Object.assign(new Error('resource broken'), { code: 'EBROKEN' });
        throw new UnrecoverableError('bad input');
      },
    });
    const broken = await queue.add('any', { kind: 'broken' }, { attempts: 3 });
    const bad = await queue.add('any', { kind: 'bad' }, { attempts: 3 });
    for (const [job, reason] of [[broken, 'resource broken'], [bad, 'bad input']] as const) {
      const failed = await settled(queue, job.id!);
      expect(failed.failedReason).toBe(reason);
      expect(failed.attemptsMade).toBe(1);
    }
  });

  it('cancel aborts ctx.signal; a processor that stops on it fails the job with JobCancelledError', async () => {
    let sawAbort = false;
    const { queue, node } = await setUp('cancel-inproc', {
      size: 1,
      processor: (_job: unknown, { signal }: { signal: AbortSignal }) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => ((sawAbort = true), reject(signal.reason)))),
    });
    const job = await queue.add('any', {});
    await waitFor(() => node.status().active === 1);
    await node.cancelJob(job.id!);
    const failed = await settled(queue, job.id!);
    expect(failed.failedReason).toBe(`Job ${job.id} was cancelled.`);
    expect(sawAbort).toBe(true);
  });

  it('jobTimeout aborts ctx.signal in process; code that ignores it is abandoned after timeoutGrace and the job fails', async () => {
    const { queue, node } = await setUp('timeout-inproc', {
      size: 1, jobTimeout: 200, timeoutGrace: 100,
      processor: (job: { data: { obey: boolean } }, { signal }: { signal: AbortSignal }) =>
        new Promise((resolve, reject) => {
          if (job.data.obey) signal.addEventListener('abort', () => reject(signal.reason));
          setTimeout(() => resolve('too late'), 5_000).unref();
        }),
    });
    const obeys = await queue.add('any', { obey: true }, { attempts: 1 });
    const ignores = await queue.add('any', { obey: false }, { attempts: 1 });
    for (const job of [obeys, ignores]) expect((await settled(queue, job.id!)).failedReason).toBe(`Job ${job.id} timed out after 200 ms.`);
    expect(node.metrics()).toMatchObject({ timedOut: 2, failed: 0 });
    // The code that ignored its signal still held its worker after the grace: it was replaced.
    await waitFor(() => (node.status().pool?.crashes ?? 0) === 1);
  });

  it('runs at most size jobs at once (BullMQ concurrency is the pool size)', async () => {
    let running = 0;
    let most = 0;
    const { queue, node } = await setUp('concurrency', {
      size: 3,
      processor: async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 60));
        running--;
      },
    });
    const jobs = await queue.addBulk(Array.from({ length: 12 }, (_, i) => ({ name: 'any', data: { i } })));
    for (const job of jobs) await settled(queue, job.id!);
    expect(most).toBe(3);
    expect(node.status().pool?.size).toBe(3);
    expect(node.metrics().completed).toBe(12);
  });
});
