import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createPool, createThreadPool, InvalidOptionError, liveRoots, startSupervisor, UnknownOptionError, type TaskContext } from '../../src/index.js';
import { DashboardListenError, serveDashboard, type Dashboard, type DashboardBatch } from '../../src/dashboard/index.js';
import { findNode, sleep, startSystem } from './helpers.js';
import { openStream } from './sse.js';

const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function serve(options: Parameters<typeof serveDashboard>[0]): Promise<Dashboard> {
  const dash = await serveDashboard(options);
  open.push(dash);
  return dash;
}

const api = (dash: Dashboard, path: string) => new URL(path, dash.url).href.replace(/\?token=[^&]*$/, '');

const nodeIn = (batch: DashboardBatch, path: string) => batch.roots.map((tree) => findNode(tree.root, path)).find((node) => node !== undefined);

describe('serveDashboard: options', () => {
  it('refuses a bad port, host, token, actions, interval or watch with InvalidOptionError naming it', async () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ port: -1 }, 'port'],
      [{ port: 65536 }, 'port'],
      [{ port: 80.5 }, 'port'],
      [{ port: '8080' }, 'port'],
      [{ host: '' }, 'host'],
      [{ host: 'not a host' }, 'host'],
      [{ host: 127 }, 'host'],
      [{ token: 'short' }, 'token'],
      [{ token: 'has spaces in it, sixteen+' }, 'token'],
      [{ token: 1234567890123456 }, 'token'],
      [{ actions: 'yes' }, 'actions'],
      [{ interval: 10 }, 'interval'],
      [{ watch: {} }, 'watch'],
      [{ watch: [{}] }, 'watch[0]'],
    ];
    for (const [options, option] of bad) {
      const error = await serveDashboard(options as never).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(options)).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe(option);
      expect((error as InvalidOptionError).code).toBe('ERR_INVALID_OPTION');
    }
    await expect(serveDashboard({ prot: 0 } as never)).rejects.toBeInstanceOf(UnknownOptionError);
  });

  it('rejects with DashboardListenError when the port is taken or the address is not this machine', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const error = (await serveDashboard({ port }).catch((caught: unknown) => caught)) as DashboardListenError;
      expect(error).toBeInstanceOf(DashboardListenError);
      expect(error.code).toBe('ERR_DASHBOARD_LISTEN');
      expect((error.cause as { code: string }).code).toBe('EADDRINUSE');
      expect(error.message).toContain(`127.0.0.1:${port}`);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
    // TEST-NET-1: never an address of this machine. A token is required off loopback.
    const away = (await serveDashboard({ host: '192.0.2.1', token: 'a-token-of-sixteen-chars' }).catch((caught: unknown) => caught)) as DashboardListenError;
    expect(away).toBeInstanceOf(DashboardListenError);
  });
});

describe('serveDashboard: close', () => {
  it('ends every stream, stops listening and listening to the tree, and is idempotent', async () => {
    const system = await startSystem('srv-close');
    open.push(system);
    const dash = await serveDashboard({ watch: [system.app], interval: 50 });
    const streams = await Promise.all([openStream(api(dash, '/api/events')), openStream(api(dash, '/api/events'))]);
    await Promise.all(streams.map((stream) => stream.next()));
    expect(system.images.events.all.get('circuitOpened')?.length).toBe(1);
    const first = dash.close();
    expect(dash.close()).toBe(first);
    await first;
    await Promise.all(streams.map((stream) => stream.ended));
    await expect(fetch(dash.url)).rejects.toThrow();
    expect(system.images.events.all.get('circuitOpened')?.length ?? 0).toBe(0);
    const batches = streams[0]!.batches.length;
    await sleep(150);
    expect(streams[0]!.batches.length).toBe(batches);
  });
});

describe('serveDashboard: token and Host', () => {
  it('needs no token on loopback with actions off', async () => {
    const dash = await serve({});
    expect(dash.token).toBeUndefined();
    expect(dash.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await fetch(dash.url)).status).toBe(200);
  });

  it('with actions on, generates a token and checks it on every request (query, header, bearer)', async () => {
    const dash = await serve({ actions: true });
    const token = dash.token as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(dash.url).toContain(`?token=${token}`);
    for (const path of ['/', '/page.js', '/api/events', '/api/graph?path=x']) {
      expect((await fetch(api(dash, path))).status, path).toBe(401);
    }
    expect((await fetch(api(dash, '/api/action'), { method: 'POST', body: '{}' })).status).toBe(401);
    const wrong = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await fetch(`${api(dash, '/')}?token=${wrong}`)).status).toBe(401);
    expect((await fetch(dash.url)).status).toBe(200);
    expect((await fetch(api(dash, '/'), { headers: { 'x-overseer-token': token } })).status).toBe(200);
    expect((await fetch(api(dash, '/'), { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const page = await (await fetch(dash.url)).text();
    expect(page).toContain(`page.js?token=${token}`);
  });

  it('uses the token it is given, and refuses a request whose Host is not this machine', async () => {
    const dash = await serve({ token: 'given-token-0123456789', actions: true });
    expect(dash.token).toBe('given-token-0123456789');
    const stream = await openStream(api(dash, '/api/events'), { 'x-overseer-token': 'given-token-0123456789', host: 'evil.example' });
    expect(stream.status).toBe(403);
  });
});

describe('serveDashboard: the stream', () => {
  it('sends hello, then batches of the tree; listens only while a client is connected', async () => {
    const system = await startSystem('srv-stream');
    open.push(system);
    const dash = await serve({ watch: [system.app], interval: 100 });
    const listeners = (): number => system.images.events.all.get('circuitOpened')?.length ?? 0;
    expect(listeners()).toBe(0);
    const stream = await openStream(api(dash, '/api/events'));
    const first = await stream.next();
    expect(stream.hello).toEqual({ actions: false, interval: 100 });
    expect(nodeIn(first, 'srv-stream/jobs/inner/leaf')?.state).toBe('idle');
    expect(listeners()).toBe(1);
    await stream.next();
    const count = stream.batches.length;
    await sleep(550);
    // About 5 batches in 550 ms at 100 ms: batched, not one per event.
    expect(stream.batches.length - count).toBeGreaterThanOrEqual(3);
    expect(stream.batches.length - count).toBeLessThanOrEqual(7);
    stream.close();
    await stream.ended;
    await sleep(50);
    expect(listeners()).toBe(0);
  });

  it('sends one message per interval however busy the pool is', async () => {
    const pool = createPool({ name: 'srv-busy', size: 10, maxQueueSize: 5000 });
    open.push(pool);
    const dash = await serve({ watch: [pool], interval: 100 });
    const stream = await openStream(api(dash, '/api/events'));
    await stream.next();
    const before = stream.batches.length;
    const started = Date.now();
    let done = 0;
    while (Date.now() - started < 1000) {
      await Promise.all(Array.from({ length: 2000 }, () => pool.run(async () => 1)));
      done += 2000;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const elapsed = Date.now() - started;
    await stream.next();
    const sent = stream.batches.length - before;
    expect(done).toBeGreaterThan(10_000);
    expect(sent).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    const biggest = Math.max(...stream.raw.split('\n\n').map((message) => message.length));
    expect(biggest).toBeLessThan(20_000);
  });

  it('counts throughput and percentiles per batch, and reports crashes and restarts', async () => {
    const system = await startSystem('srv-figures');
    open.push(system);
    const dash = await serve({ watch: [system.app], interval: 100 });
    const stream = await openStream(api(dash, '/api/events'));
    await stream.next();
    await Promise.all(Array.from({ length: 30 }, () => system.images.run(async () => sleep(20))));
    const busy = await stream.next((batch) => (batch.pools['srv-figures/images']?.runTime.count ?? 0) > 0);
    const sample = busy.pools['srv-figures/images']!;
    expect(sample.runTime.p50).toBeGreaterThanOrEqual(15);
    expect(sample.completedPerSecond).toBeGreaterThan(0);
    // Windowed: a later batch with no work has no run times.
    const quiet = await stream.next((batch) => batch.pools['srv-figures/images']?.runTime.count === 0);
    expect(quiet.pools['srv-figures/images']!.completedPerSecond).toBe(0);
    const cleaner = system.jobs.whichChildren().find((child) => child.id === 'cleaner')?.ref as { send(event: { type: string }): void };
    cleaner.send({ type: 'CRASH' });
    const crashed = await stream.next((batch) => batch.events.some((event) => event.kind === 'childRestarted'));
    expect(crashed.events.find((event) => event.kind === 'childExited')).toMatchObject({ source: 'srv-figures/jobs', child: 'cleaner', detail: 'crashed: Error: disk full' });
    const restarted = nodeIn(crashed, 'srv-figures/jobs/cleaner');
    expect(restarted?.restarts).toBe(1);
  });

  it('records the transitions of an actor once its graph is asked for, and only then', async () => {
    const system = await startSystem('srv-focus');
    open.push(system);
    const dash = await serve({ watch: [system.app], interval: 50 });
    const stream = await openStream(api(dash, '/api/events'));
    await stream.next();
    const cleaner = () => system.jobs.whichChildren().find((child) => child.id === 'cleaner')?.ref as { sessionId: string; send(event: { type: string }): void };
    cleaner().send({ type: 'WORK' });
    cleaner().send({ type: 'DONE' });
    await stream.next();
    await stream.next();
    expect(stream.batches.some((batch) => Object.keys(batch.transitions).length > 0)).toBe(false);
    expect((await fetch(api(dash, '/api/graph?path=srv-focus/jobs/cleaner'))).status).toBe(200);
    cleaner().send({ type: 'WORK' });
    const batch = await stream.next((next) => next.transitions[cleaner().sessionId] !== undefined);
    expect(batch.transitions[cleaner().sessionId]).toEqual([{ at: expect.any(Number), from: 'waiting', to: 'working' }]);
    // After a restart the new incarnation is followed.
    cleaner().send({ type: 'CRASH' });
    await stream.next((next) => nodeIn(next, 'srv-focus/jobs/cleaner')?.restarts === 1);
    await stream.next();
    cleaner().send({ type: 'WORK' });
    const again = await stream.next((next) => next.transitions[cleaner().sessionId] !== undefined);
    expect(again.transitions[cleaner().sessionId]?.[0]).toMatchObject({ from: 'waiting', to: 'working' });
  });

  it('never carries task functions, task arguments or worker resources', async () => {
    const secret = 'SECRET-ARGUMENT-7f3a';
    const resource = 'RESOURCE-TOKEN-91bc';
    const pool = createPool({
      name: 'srv-private',
      size: 2,
      worker: { init: () => ({ password: resource, connect: () => resource }) },
      handlers: {
        hold: async (value: string, ctx: TaskContext<{ password: string }>) => {
          await sleep(400);
          return `${value}:${ctx.resource.password}`;
        },
      },
    });
    open.push(pool);
    const dash = await serve({ watch: [pool], interval: 50 });
    const stream = await openStream(api(dash, '/api/events'));
    const task = pool.call('hold', secret);
    const working = await stream.next((batch) => batch.roots[0]!.root.pool!.busyWorkers === 1);
    expect(await task).toBe(`${secret}:${resource}`);
    await stream.next();
    expect(stream.raw).not.toContain(secret);
    expect(stream.raw).not.toContain(resource);
    expect(stream.raw).not.toContain('function');
    expect(JSON.parse(JSON.stringify(working))).toEqual(working);
  });
});

describe('serveDashboard: graph and actions', () => {
  it('serves the graph of a machine by its path, 404 for anything else', async () => {
    const system = await startSystem('srv-graph');
    open.push(system);
    const dash = await serve({ watch: [system.app] });
    const graph = (await (await fetch(api(dash, '/api/graph?path=srv-graph/jobs/cleaner'))).json()) as { id: string; nodes: Array<{ key: string }> };
    expect(graph.id).toBe('crasher');
    expect(graph.nodes.map((node) => node.key)).toEqual(['crasher', 'waiting', 'working']);
    expect((await fetch(api(dash, '/api/graph?path=srv-graph/nope'))).status).toBe(404);
    expect((await fetch(api(dash, '/api/nothing'))).status).toBe(404);
  });

  it('refuses actions when they are off, and bad requests when on', async () => {
    const system = await startSystem('srv-act');
    open.push(system);
    const off = await serve({ watch: [system.app] });
    expect((await fetch(api(off, '/api/action'), { method: 'POST', body: JSON.stringify({ action: 'kill', target: 'srv-act/jobs/cleaner' }) })).status).toBe(403);
    const on = await serve({ watch: [system.app], actions: true });
    const post = async (body: string): Promise<{ status: number; detail?: string; ok: boolean }> => {
      const response = await fetch(api(on, '/api/action'), { method: 'POST', body, headers: { 'x-overseer-token': on.token as string } });
      return { status: response.status, ...((await response.json()) as { ok: boolean; detail?: string }) };
    };
    expect((await post('not json')).status).toBe(400);
    expect(await post(JSON.stringify({ action: 'explode', target: 'srv-act' }))).toMatchObject({ status: 400, ok: false });
    expect(await post(JSON.stringify({ action: 'kill', target: 'srv-act/nope' }))).toMatchObject({ status: 409, detail: 'no node at srv-act/nope' });
    expect((await post(JSON.stringify({ action: 'kill', target: 'srv-act/jobs/inner' }))).detail).toMatch(/supervisor/);
    expect((await post(JSON.stringify({ action: 'openCircuit', target: 'srv-act/jobs' }))).status).toBe(409);
    expect((await post('x'.repeat(20_000))).status).toBe(413);
    // A pool's worker can be killed (the pool replaces it), not terminated.
    expect((await post(JSON.stringify({ action: 'terminate', target: 'srv-act/images/workers/worker-0' }))).detail).toMatch(/pool/);
    const crashes = system.images.status().crashes;
    expect(await post(JSON.stringify({ action: 'kill', target: 'srv-act/images/workers/worker-0' }))).toMatchObject({ status: 200, ok: true });
    expect(system.images.status().crashes).toBe(crashes + 1);
    // A dynamic supervisor's child is terminated through DynamicSupervisor.terminateChild.
    const sessions = (await import('../../src/index.js')).getDynamicSupervisor(system.app.whichChildren().find((child) => child.id === 'sessions')?.ref)!;
    await sessions.startChild({ id: 'ada', logic: (await import('./helpers.js')).idleMachine });
    expect(await post(JSON.stringify({ action: 'terminate', target: 'srv-act/sessions/ada' }))).toMatchObject({ status: 200, ok: true });
    expect(sessions.countChildren().active).toBe(0);
  });
});

describe('serveDashboard: thread pools', () => {
  it('shows a thread pool with its workers and samples, and kills a worker through the pool', async () => {
    const threads = createThreadPool(fileURLToPath(new URL('../fixtures/handlers.mjs', import.meta.url)), { name: 'srv-threads', size: 2 });
    open.push(threads);
    const dash = await serve({ watch: [threads], interval: 50, actions: true });
    const stream = await openStream(api(dash, '/api/events'), { 'x-overseer-token': dash.token as string });
    await Promise.all([threads.call('inc', 1), threads.call('inc', 2)]);
    const batch = await stream.next((next) => (next.pools['srv-threads']?.runTime.count ?? 0) > 0 || next.roots[0]!.root.pool!.completed === 2);
    const root = batch.roots[0]!.root;
    expect(root.kind).toBe('thread-pool');
    expect(findNode(root, 'srv-threads/workers/worker-0')?.kind).toBe('worker');
    const response = await fetch(api(dash, '/api/action'), {
      method: 'POST',
      headers: { 'x-overseer-token': dash.token as string },
      body: JSON.stringify({ action: 'kill', target: 'srv-threads/workers/worker-0' }),
    });
    expect(response.status).toBe(200);
    const crashed = await stream.next((next) => next.events.some((event) => event.kind === 'workerCrashed'));
    expect(crashed.events.find((event) => event.kind === 'workerCrashed')).toMatchObject({ source: 'srv-threads', child: expect.stringContaining('worker-0') });
    expect(await threads.call('inc', 41)).toBe(42);
  });
});

describe('serveDashboard: restart counts', () => {
  it('counts restarts of a root started while it is served, before any page opens', async () => {
    const dash = await serve({ interval: 50 });
    const sup = await startSupervisor({ name: 'rc-early', children: [{ id: 'c', logic: (await import('./helpers.js')).crasher }] });
    open.push({ close: () => sup.stop() });
    await sleep(20);
    (sup.whichChildren()[0]?.ref as { send(event: { type: string }): void }).send({ type: 'CRASH' });
    await sleep(20);
    const stream = await openStream(api(dash, '/api/events'));
    const batch = await stream.next((next) => next.roots.some((tree) => tree.root.path === 'rc-early'));
    expect(nodeIn(batch, 'rc-early/c')).toMatchObject({ restarts: 1, lastExit: { reason: 'crashed', error: 'Error: disk full' } });
  });
});

describe('liveRoots', () => {
  it('lists supervisors and pools started as roots, and forgets them when they stop; the default dashboard shows them', async () => {
    const sup = await startSupervisor({ name: 'lr-sup', children: [] });
    const pool = createPool({ name: 'lr-pool', size: 1 });
    expect(liveRoots()).toContain(sup.actor);
    expect(liveRoots()).toContain(pool.actor);
    const dash = await serve({ interval: 50 });
    const stream = await openStream(api(dash, '/api/events'));
    const batch = await stream.next();
    expect(batch.roots.map((tree) => tree.root.path)).toEqual(expect.arrayContaining(['lr-sup', 'lr-pool']));
    await sup.stop();
    await pool.close();
    expect(liveRoots()).not.toContain(sup.actor);
    expect(liveRoots()).not.toContain(pool.actor);
    // A stopped root stays on the page a while, so its end can be read there.
    const after = await stream.next((next) => next.roots.some((tree) => tree.root.path === 'lr-sup' && tree.root.status === 'done'));
    expect(after.roots.find((tree) => tree.root.path === 'lr-sup')?.root.supervisor?.phase).toBe('stopped');
  });
});
