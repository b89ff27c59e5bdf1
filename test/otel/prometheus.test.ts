import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { METRICS } from '../../src/otel/index.js';
import { pollUntil } from '../support/timing.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let child: ChildProcess | undefined;

afterEach(() => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** Prometheus' spelling of an OpenTelemetry metric name: dots become underscores, counters end in _total. */
const prometheusName = (name: string, kind: string): string => name.replaceAll('.', '_') + (kind === 'counter' ? '_total' : '');

describe('examples/prometheus.ts', () => {
  it('serves the overseer metrics on /metrics, and stops cleanly on SIGTERM', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'examples/prometheus.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let output = '';
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await pollUntil(() => /metrics at (http\S+)/.test(output) || proc.exitCode !== null, 'the example to print its URL', 20_000, 20);
    const url = /metrics at (http\S+)/.exec(output)?.[1];
    expect(url, output).toBeDefined();

    // Wait for the workload to settle tasks in both pools (the nested one included), a failure among them.
    let text = '';
    const settled = prometheusName(METRICS.settled.name, 'counter');
    await pollUntil(
      () => {
        void fetch(url!)
          .then((response) => response.text())
          .then((body) => (text = body), () => undefined);
        return text.includes(`${settled}{`) && text.includes('overseer_pool_name="smtp"') && text.includes('overseer_task_label="thumbnail",overseer_task_outcome="failed"');
      },
      'settled tasks on /metrics',
      20_000,
      100,
    );
    const response = await fetch(url!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    text = await response.text();
    for (const key of ['accepted', 'settled', 'runDuration', 'waitDuration', 'tasks', 'workers', 'workerLimit', 'crashes', 'restarts', 'circuitStatus', 'status'] as const) {
      const { name, kind } = METRICS[key];
      expect(text, name).toContain(`# TYPE ${prometheusName(name, kind)} ${kind === 'counter' ? 'counter' : kind === 'histogram' ? 'histogram' : 'gauge'}`);
    }
    expect(text).toMatch(/overseer_pool_task_run_duration_bucket\{[^}]*overseer_pool_name="images"[^}]*overseer_task_label="resize"[^}]*le="0\.01"\} \d+/);
    expect(text).toMatch(/overseer_pool_settled_tasks_total\{[^}]*overseer_task_label="thumbnail",overseer_task_outcome="failed"[^}]*\} [1-9]/);
    expect(text).toContain('deployment_environment_name="example"');
    const notFound = await fetch(url!.replace('/metrics', '/other'));
    expect(notFound.status).toBe(404);
    await notFound.text();

    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.kill('SIGTERM');
    expect(await exited, output).toBe(0);
  }, 60_000);
});
