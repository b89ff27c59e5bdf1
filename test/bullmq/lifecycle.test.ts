// The node's life against a real Redis: bad options refused before anything starts, a lost Redis
// connection (the client's, not the server) restarting the BullMQ worker with nothing lost, close
// with and without time to finish, and the node under a user's supervisor.
import { describe, expect, it } from 'vitest';
import { InvalidOptionError, startSupervisor, UnknownOptionError } from '../../src/index.js';
import { createQueueWorker, getQueueWorker, queueWorkerSpec, QueueWorkerClosedError } from '../../src/bullmq/index.js';
import { settled, testResources, waitFor } from './support.js';

const HANDLERS = new URL('./fixtures/jobs.mjs', import.meta.url);
const { queueFor, nodeOn, ownConnection } = testResources();

describe('options', () => {
  const connection = { host: '127.0.0.1', port: 6379 };
  const bad: [string, Record<string, unknown>, string][] = [
    ['no queue', { connection, handlers: HANDLERS }, 'queue'],
    ['no connection', { queue: 'q', handlers: HANDLERS }, 'connection'],
    ['neither processor nor handlers', { queue: 'q', connection }, 'processor'],
    ['both processor and handlers', { queue: 'q', connection, handlers: HANDLERS, processor: () => 1 }, 'processor'],
    ['size 0', { queue: 'q', connection, handlers: HANDLERS, size: 0 }, 'size'],
    ['a negative jobTimeout', { queue: 'q', connection, handlers: HANDLERS, jobTimeout: -1 }, 'jobTimeout'],
    ['an unknown onCircuitOpen', { queue: 'q', connection, handlers: HANDLERS, onCircuitOpen: 'panic' }, 'onCircuitOpen'],
    ['BullMQ concurrency in workerOptions', { queue: 'q', connection, handlers: HANDLERS, workerOptions: { concurrency: 4 } }, 'workerOptions.concurrency'],
    ['timeoutGrace with threads', { queue: 'q', connection, handlers: HANDLERS, timeoutGrace: 100 }, 'timeoutGrace'],
    ['thread settings without handlers', { queue: 'q', connection, processor: () => 1, threads: { workerData: 1 } }, 'threads'],
  ];
  it.each(bad)('%s throws InvalidOptionError naming the option, and nothing starts', async (_, options, option) => {
    const error = await createQueueWorker(options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
  });

  it('an unknown option throws UnknownOptionError with a hint (breaker is circuitBreaker)', async () => {
    const error = await createQueueWorker({ queue: 'q', connection, handlers: HANDLERS, breaker: {} } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownOptionError);
    expect((error as Error).message).toMatch(/circuitBreaker/);
  });
});

describe('lifecycle', () => {
  it('a lost connection restarts the BullMQ worker with backoff; when it returns, every job completes', async () => {
    const q = queueFor('connloss');
    const connection = ownConnection();
    const node = await nodeOn(q, {
      handlers: HANDLERS, size: 2, restartBackoff: { type: 'exponential', delay: 100, maxDelay: 800 },
      workerOptions: { lockDuration: 1_000, stalledInterval: 500 },
    }, connection);
    const crashes: number[] = [];
    const starts: number[] = [];
    node.on('workerCrashed', ({ restartIn }) => crashes.push(restartIn));
    node.on('workerStarted', ({ incarnation }) => starts.push(incarnation));
    const inFlight = await q.queue.add('cpu', { ms: 800 });
    await waitFor(() => node.status().active === 1);
    connection.disconnect();
    const during = await q.queue.addBulk(Array.from({ length: 6 }, (_, n) => ({ name: 'ok', data: { n } })));
    await waitFor(() => crashes.length >= 2);
    expect(node.status().worker).toBe('restarting');
    // Backoff: each restart waits longer than the one before, up to maxDelay.
    expect(crashes[1]).toBeGreaterThan(crashes[0]!);
    await connection.connect();
    for (const job of [inFlight, ...during]) expect(await (await settled(q.queue, job.id!, 15_000)).getState()).toBe('completed');
    expect(node.status().worker).toBe('running');
    expect(starts.at(-1)).toBeGreaterThan(1);
    expect(node.metrics().restarts).toBe(crashes.length);
  });

  it('a pool that fails restarts with a fresh BullMQ worker (rest_for_one); its running job is recovered, not failed', async () => {
    const q = queueFor('pool-fails');
    const node = await nodeOn(q, {
      handlers: HANDLERS, size: 2, pool: { intensity: 1, period: 30_000 },
      workerOptions: { lockDuration: 1_000, stalledInterval: 500 },
    });
    const starts: number[] = [];
    node.on('workerStarted', ({ incarnation }) => starts.push(incarnation));
    const closings: unknown[] = [];
    node.on('closing', (event) => closings.push(event));
    const survivor = await q.queue.add('cpu', { ms: 1_500 }, { attempts: 1 });
    await waitFor(() => node.status().active === 1);
    // Two thread crashes within the period exceed the pool's intensity of 1: the pool fails.
    const crashes = await q.queue.addBulk([{ name: 'crash', data: {}, opts: { attempts: 1 } }, { name: 'crash', data: {}, opts: { attempts: 1 } }]);
    await waitFor(() => starts.length >= 1, 15_000);
    const done = await settled(q.queue, survivor.id!, 20_000);
    expect(await done.getState()).toBe('completed');
    // attempts: 1, yet completed: the failed pool cost it no attempt, only a second start.
    expect(done.stalledCounter).toBe(1);
    expect(done.attemptsStarted).toBe(2);
    expect(starts[0]).toBeGreaterThan(1);
    // The BullMQ worker was dropped, not drained: the node never began closing.
    expect(closings).toEqual([]);
    expect(node.status().phase).toBe('running');
    for (const crash of crashes) expect(await (await settled(q.queue, crash.id!, 20_000)).getState()).toMatch(/failed|completed/);
  }, 40_000);

  it('close lets running jobs finish within the timeout and writes their results', async () => {
    const q = queueFor('close-ok');
    const node = await nodeOn(q, { handlers: HANDLERS, size: 2 });
    const jobs = await q.queue.addBulk([{ name: 'cpu', data: { ms: 300 } }, { name: 'cpu', data: { ms: 300 } }]);
    await waitFor(() => node.status().active === 2);
    const phases: string[] = [];
    node.on('closing', () => phases.push(node.status().phase));
    expect(await node.close({ timeout: 5_000 })).toBe(0);
    expect(phases).toEqual(['closing']);
    expect(node.status()).toMatchObject({ phase: 'closed', active: 0, fetching: false });
    for (const job of jobs) expect(await (await q.queue.getJob(job.id!))!.getState()).toBe('completed');
    await expect(node.cancelJob('1')).rejects.toBeInstanceOf(QueueWorkerClosedError);
  });

  it('close past its timeout terminates the threads and leaves the jobs to stalled recovery on another node', async () => {
    const q = queueFor('close-late');
    const fast = { lockDuration: 800, stalledInterval: 400 };
    const node = await nodeOn(q, { handlers: HANDLERS, size: 1, jobTimeout: false, workerOptions: fast });
    const job = await q.queue.add('cpu', { ms: 1_500 }, { attempts: 1 });
    await waitFor(() => node.status().active === 1);
    const closed: number[] = [];
    node.on('closed', ({ abandoned }) => closed.push(abandoned));
    const started = Date.now();
    expect(await node.close({ timeout: 200 })).toBe(1);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(closed).toEqual([1]);
    expect(await (await q.queue.getJob(job.id!))!.getState()).toBe('active');
    expect(node.metrics()).toMatchObject({ abandoned: 1, failed: 0, completed: 0 });
    // Another node's stalled check moves it back to wait once the lock expires; it runs again there.
    await nodeOn(q, { handlers: HANDLERS, size: 1, workerOptions: fast });
    const done = await settled(q.queue, job.id!, 15_000);
    expect(await done.getState()).toBe('completed');
    expect(done.stalledCounter).toBe(1);
  });

  it('close while the BullMQ worker waits to restart (Redis away) ends at once, with nothing left running', async () => {
    const q = queueFor('close-restarting');
    const connection = ownConnection();
    const node = await nodeOn(q, {
      handlers: HANDLERS, size: 1, restartBackoff: { type: 'fixed', delay: 5_000 }, workerOptions: { lockDuration: 1_000 },
    }, connection);
    const crashed = new Promise((resolve) => node.on('workerCrashed', resolve));
    await q.queue.add('cpu', { ms: 3_000 });
    await waitFor(() => node.status().active === 1);
    // The lock renewal of the running job meets the closed connection: the worker fails.
    connection.disconnect();
    await crashed;
    // Its running job was abandoned (its thread stopped) once the worker closed by force.
    await waitFor(() => node.status().active === 0);
    expect(node.status().worker).toBe('restarting');
    const started = Date.now();
    expect(await node.close({ timeout: 1_000 })).toBe(0);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(node.status()).toMatchObject({ phase: 'closed', fetching: false, active: 0 });
    expect(node.supervisor?.actor.getSnapshot().status).not.toBe('active');
  });

  it('close is idempotent, and a closed node stays closed', async () => {
    const q = queueFor('close-twice');
    const node = await nodeOn(q, { processor: () => 1, size: 1 });
    const [a, b] = [node.close(), node.close()];
    expect(await a).toBe(0);
    expect(await b).toBe(0);
    expect(node.status().phase).toBe('closed');
    expect(node.supervisor?.actor.getSnapshot().status).not.toBe('active');
  });

  it('listeners given as on are subscribed before the first worker starts', async () => {
    const q = queueFor('on');
    const seen: string[] = [];
    await nodeOn(q, { processor: () => 1, size: 1, on: { workerStarted: ({ incarnation }: { incarnation: number }) => seen.push(`started ${incarnation}`) } });
    expect(seen).toEqual(['started 1']);
  });

  it("queueWorkerSpec runs the node under a user's supervisor; a graceful stop drains it, a restart runs it again", async () => {
    const q = queueFor('spec');
    const connection = ownConnection();
    const root = await startSupervisor({
      children: [queueWorkerSpec('images', { queue: q.name, connection, prefix: q.prefix, processor: async (job) => job.data.n * 3, size: 2, closeTimeout: 2_000 })],
    });
    const ref = root.whichChildren().find((child) => child.id === 'images')?.ref;
    const node = getQueueWorker(ref)!;
    expect(node.name).toBe('images');
    expect(getQueueWorker(undefined)).toBeUndefined();
    const job = await q.queue.add('any', { n: 5 });
    expect((await settled(q.queue, job.id!)).returnvalue).toBe(15);
    expect(node.status()).toMatchObject({ phase: 'running', worker: 'running', fetching: true });
    await root.terminateChild('images');
    expect(node.status()).toMatchObject({ phase: 'closing', worker: 'stopped', fetching: false });
    // Restarted by its parent, the drained node runs again.
    await root.restartChild('images');
    await waitFor(() => node.status().worker === 'running');
    const again = await q.queue.add('any', { n: 7 });
    expect((await settled(q.queue, again.id!)).returnvalue).toBe(21);
    expect(node.status().phase).toBe('running');
    await root.stop();
    expect(node.status()).toMatchObject({ phase: 'closing', worker: 'stopped' });
  });

  it('queueWorkerSpec checks its arguments and options before anything starts', () => {
    expect(() => queueWorkerSpec('', { queue: 'q', connection: {}, processor: () => 1 })).toThrow(InvalidOptionError);
    expect(() => queueWorkerSpec('x', { queue: 'q', connection: {}, processor: () => 1, size: -1 })).toThrow(InvalidOptionError);
  });
});
