import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/visualize/export-command.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const modules = 'test/visualize/modules';

/** Runs the command in-process and collects what it wrote. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

/** Runs the real entry (src/cli.ts under tsx) in a child process, from the repository root. */
function spawnCli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...argv], { cwd: root, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

describe('overseer export', () => {
  it('prints every machine a module exports, as Mermaid by default, in export-name order', async () => {
    const { code, stdout, stderr } = await cli('export', `${modules}/machines.mjs`);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.match(/^%% .*$/gm)).toEqual(['%% default', '%% door', '%% toggle']);
    expect(stdout).toContain('stateDiagram-v2\n  [*] --> door_closed\n');
    expect(stdout).toContain('  door_open --> door_closed: after 5000ms\n');
  });

  it('prints one named machine as JSON', async () => {
    const { code, stdout } = await cli('export', `${modules}/machines.mjs`, 'toggle', '--format', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ id: 'toggle', nodes: [{ key: 'toggle' }, { key: 'off' }, { key: 'on' }] });
    const all = await cli('export', `${modules}/machines.mjs`, '--format=json');
    expect(Object.keys(JSON.parse(all.stdout))).toEqual(['default', 'door', 'toggle']);
  });

  it.each([
    [['export', 'test/visualize/modules/missing.mjs'], 1, /^overseer: cannot find module test\/visualize\/modules\/missing\.mjs/],
    [['export', `${modules}/machines.mjs`, 'nope'], 1, /^overseer: .* has no export "nope" \(its machines: default, door, toggle\)$/],
    [['export', `${modules}/machines.mjs`, 'notAMachine'], 1, /^overseer: export "notAMachine" of .* is not an xstate machine \(got object\)$/],
    [['export', `${modules}/empty.mjs`], 1, /^overseer: .*empty\.mjs exports no xstate machine$/],
    [['export', `${modules}/broken.mjs`], 1, /^overseer: cannot load .*broken\.mjs: this module fails as it loads$/],
    [['export', `${modules}/machines.mjs`, '--format', 'svg'], 2, /^overseer: --format must be mermaid or json, got "svg"$/],
    [['export', `${modules}/machines.mjs`, '--colour'], 2, /^overseer: Unknown option '--colour'/],
    [['export'], 2, /^overseer: export needs a module path/],
    [['exprot', 'x.js'], 2, /^overseer: unknown command "exprot"/],
    [['export', `${modules}/machines.mjs`, 'toggle', 'door'], 2, /^overseer: unexpected argument "door"$/],
  ])('refuses %j with exit code %i and one line on stderr', async (argv, exitCode, message) => {
    const { code, stdout, stderr } = await cli(...argv);
    expect(code).toBe(exitCode);
    expect(stdout).toBe('');
    expect(stderr.endsWith('\n') && stderr.split('\n').length).toBe(2);
    expect(stderr.trimEnd()).toMatch(message);
  });

  it('prints its usage: on stderr with no arguments (exit 2), on stdout with --help', async () => {
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Usage: overseer export <module> \[exportName\] \[--format mermaid\|json\]/);
    const help = await cli('--help');
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: overseer export/);
  });

  it('the real entry, in a child process: output, exit codes and stderr', async () => {
    const [ok, missing, none, typescript] = await Promise.all([
      spawnCli('export', `${modules}/machines.mjs`, 'door', '--format', 'json'),
      spawnCli('export', 'no/such/file.js'),
      spawnCli(),
      // Under tsx a TypeScript module loads too.
      spawnCli('export', 'test/visualize/fixtures.ts', 'trafficMachine'),
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).id).toBe('door');
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(/^overseer: cannot find module no\/such\/file\.js .*\n$/);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Usage:/);
    expect(typescript.code).toBe(0);
    expect(typescript.stdout).toMatch(/^stateDiagram-v2\n {2}\[\*\] --> traffic_green\n/);
  });
});
