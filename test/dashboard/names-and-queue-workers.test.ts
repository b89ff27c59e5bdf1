import { describe, expect, it } from 'vitest';
import { createQueueWorker } from '../../src/bullmq/index.js';
import { serveDashboard } from '../../src/dashboard/index.js';
import { startSupervisor } from '../../src/index.js';
import { cleanKeys, connect, uniqueQueue } from '../bullmq/support.js';
import { findNode, idleMachine, sharedBrowser } from './helpers.js';
import { openStream } from './sse.js';

// Nodes from other parts of overseer: children with a stable name (issue 9) and a BullMQ queue
// worker node (overseer/bullmq), seen by a dashboard that watches every live root (the default).

const browser = sharedBrowser();

describe('the dashboard with named children and queue worker nodes', () => {
  it('shows a named child with its name, in the stream and on the page', async () => {
    const app = await startSupervisor({ name: 'named-app', children: [{ id: 'pay', name: 'payment', logic: idleMachine }, { id: 'plain', logic: idleMachine }] });
    const dash = await serveDashboard({ watch: [app] });
    try {
      const stream = await openStream(new URL(`api/events${new URL(dash.url).search}`, dash.url).href);
      const batch = await stream.next((b) => b.roots.length > 0, 10_000);
      const root = batch.roots[0]!.root;
      expect(findNode(root, 'named-app/pay')).toMatchObject({ id: 'pay', name: 'payment', kind: 'actor', state: 'idle' });
      expect(findNode(root, 'named-app/plain')).not.toHaveProperty('name');
      stream.close();
      const page = await browser().newPage();
      await page.goto(dash.url);
      await page.waitForSelector('[data-path="named-app/pay"]');
      expect(await page.locator('[data-path="named-app/pay"] > .row .name').textContent()).toContain('payment');
      expect(await page.locator('[data-path="named-app/plain"] > .row .name').count()).toBe(0);
      await page.close();
    } finally {
      await dash.close();
      await app.stop();
    }
  });

  it('shows a createQueueWorker node (its pool, breaker, workers and BullMQ worker) without being told to watch it', async () => {
    const { prefix, name, connection, queue } = uniqueQueue('dash');
    const workerConnection = connect();
    const node = await createQueueWorker({ queue: name, connection: workerConnection, prefix, name: 'thumbs', size: 2, processor: async () => 'ok' });
    const dash = await serveDashboard({ actions: true });
    try {
      const stream = await openStream(new URL(`api/events${new URL(dash.url).search}`, dash.url).href);
      const batch = await stream.next((b) => b.roots.some((r) => r.root.id === 'thumbs'), 10_000);
      const root = batch.roots.find((r) => r.root.id === 'thumbs')!.root;
      expect(root).toMatchObject({ kind: 'supervisor', supervisor: { strategy: 'rest_for_one' } });
      expect(root.children.map((c) => [c.id, c.kind])).toEqual([
        ['pool', 'pool'],
        ['bullmq-worker', 'actor'],
      ]);
      expect(findNode(root, 'thumbs/pool/breaker')?.kind).toBe('breaker');
      expect(findNode(root, 'thumbs/pool/workers')?.children.map((c) => c.kind)).toEqual(['worker', 'worker']);
      expect(findNode(root, 'thumbs/bullmq-worker')?.state).toBe('consuming');
      // Its machine can be drawn, and killing it goes through its supervisor (rest_for_one: the pool stays).
      const graph = await fetch(new URL(`api/graph?path=${encodeURIComponent('thumbs/bullmq-worker')}&token=${dash.token}`, dash.url));
      expect(graph.status).toBe(200);
      expect(((await graph.json()) as { nodes: Array<{ key: string }> }).nodes.map((n) => n.key)).toContain('consuming');
      const kill = await fetch(new URL('api/action', dash.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-overseer-token': dash.token! },
        body: JSON.stringify({ action: 'kill', target: 'thumbs/bullmq-worker' }),
      });
      expect(await kill.json()).toEqual({ ok: true, detail: 'crashed' });
      const after = await stream.next((b) => {
        const worker = b.roots.find((r) => r.root.id === 'thumbs')?.root.children[1];
        return worker?.restarts === 1 && worker.state === 'consuming';
      }, 15_000);
      const restarted = after.roots.find((r) => r.root.id === 'thumbs')!.root;
      expect(restarted.children[1]!.lastExit).toMatchObject({ reason: 'crashed' });
      expect(restarted.children[0]!.restarts).toBe(0);
      // A job still runs through it.
      await queue.add('j', { n: 1 });
      const done = await stream.next((b) => (b.roots.find((r) => r.root.id === 'thumbs')?.root.children[0]?.pool?.completed ?? 0) >= 1, 15_000);
      expect(done).toBeDefined();
      stream.close();
    } finally {
      await dash.close();
      await node.close();
      await queue.close();
      connection.disconnect();
      workerConnection.disconnect();
      await cleanKeys(prefix);
    }
  }, 60_000);
});
