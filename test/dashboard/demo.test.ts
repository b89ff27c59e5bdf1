import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStream } from './sse.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function startDemo(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/dashboard-demo.ts', ...args], { cwd: root, env: { ...process.env, CI: '' } });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /overseer dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match !== null) {
        clearInterval(timer);
        resolve(match[1] as string);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`the demo exited before printing its URL:\n${output}`));
    });
  });
  return { child, url, exited, output: () => output };
}

describe('npm run demo:dashboard', () => {
  it('starts the tree and the dashboard, prints the URL, serves the live tree, and exits 0 after --duration', async () => {
    const demo = startDemo(['--duration', '8']);
    try {
      const url = await demo.url;
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('page.js?token=');
      const stream = await openStream(new URL(`api/events${new URL(url).search}`, url).href);
      const batch = await stream.next((next) => next.roots.length > 0, 10_000);
      const tree = batch.roots[0]!.root;
      expect(tree.path).toBe('shop');
      expect(tree.children.map((child) => child.id)).toEqual(['payments', 'services', 'sessions']);
      expect(stream.hello?.actions).toBe(true);
      expect(await demo.exited).toBe(0);
      await stream.ended;
      // Before the outage (10 s in) the payments pool keeps up with its load: its queue stays short
      // instead of growing towards maxQueueSize (a queue that never drains looks like stuck tasks).
      const queued = stream.batches.map((b) => b.roots[0]?.root.children.find((c) => c.id === 'payments')?.pool?.queued ?? 0);
      expect(queued.length).toBeGreaterThan(10);
      expect(Math.max(...queued)).toBeLessThan(40);
      expect(demo.output()).toContain('Stopped: dashboard closed, tree shut down.');
    } finally {
      demo.child.kill();
    }
  }, 60_000);

  it('refuses an unknown flag with a message and a non-zero exit', async () => {
    const demo = startDemo(['--colour']);
    demo.url.catch(() => undefined);
    expect(await demo.exited).toBe(2);
    expect(demo.output()).toContain('unknown flag --colour');
  }, 30_000);
});
