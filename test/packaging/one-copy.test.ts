import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The published package, installed the way a user installs it, must give a process ONE copy of
 * overseer's classes and ONE xstate, whether the user `require()`s overseer, `import`s it, or both.
 *
 * The test builds the package (`npm run build`), packs it (`npm pack`), installs the tarball and
 * xstate into a temporary consumer project (offline when the npm cache or our own node_modules can
 * supply every package), and runs one node process that loads overseer through both entries. The
 * process prints one JSON report; the assertions below read it.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const ourPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string };
const xstateVersion = (JSON.parse(readFileSync(join(root, 'node_modules/xstate/package.json'), 'utf8')) as { version: string })
  .version;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without a shell; never rejects, so each step can report its own output. */
function run(command: string, args: string[], cwd: string, timeout: number, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env, timeout, maxBuffer: 32 * 1024 * 1024, shell: process.platform === 'win32' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** The environment of the npm and node children: not tied to the npm script that runs vitest. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key === 'npm_config_local_prefix' || key.startsWith('npm_package_') || key.startsWith('npm_lifecycle_')) delete env[key];
  }
  // A user's plain `node`: no loaders or conditions inherited from the test runner.
  delete env.NODE_OPTIONS;
  return env;
}

const tail = (r: Run): string => `exit ${r.code}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`;

/** Loads overseer with require() (CommonJS), then hands over to the ES module below. */
const MAIN_CJS = `'use strict';
const cjs = require('overseer');
const done = (report, code) => process.stdout.write(JSON.stringify(report) + '\\n', () => process.exit(code));
setTimeout(() => done({ fatal: 'the checks did not finish within 30 s' }, 2), 30_000).unref();
import('./check.mjs')
  .then(({ check }) => check(cjs, require))
  .then((report) => done(report, 0), (error) => done({ fatal: String((error && error.stack) || error) }, 1));
`;

/** Loads overseer with import (ESM) in the same process and compares the two. */
const CHECK_MJS = `import * as esm from 'overseer';
import * as xstateEsm from 'xstate';
import { toDirectedGraph } from 'xstate/graph';
import { createRequire } from 'node:module';
import { readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Every installed package.json whose name is \`name\`, anywhere under node_modules. */
function copiesOf(name, dir = join(process.cwd(), 'node_modules'), found = []) {
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return found; }
  for (const entry of entries) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith('@')) { copiesOf(name, path, found); continue; }
    if (entry.name === name) found.push(realpathSync(path));
    copiesOf(name, join(path, 'node_modules'), found);
  }
  return found;
}

export async function check(cjs, requireFromCjs) {
  const report = {};

  // 1. One module instance: require() and import give the same namespace and the same objects.
  report.sameNamespace = cjs === esm;
  report.keysEqual = JSON.stringify(Object.keys(cjs).sort()) === JSON.stringify(Object.keys(esm).sort());
  report.exportCount = Object.keys(esm).length;
  report.differingExports = Object.keys(esm).filter((key) => cjs[key] !== esm[key]);
  report.identical = Object.fromEntries(
    ['QueueFullError', 'createPool', 'getPool', 'getSupervisor', 'startSupervisor'].map((key) => [
      key,
      typeof esm[key] === 'function' && cjs[key] === esm[key],
    ]),
  );

  // 2. An error thrown by a pool made through require() is an instance of import's class.
  const pool = cjs.createPool({ size: 1, maxQueueSize: 0 });
  await pool.ready();
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  const first = pool.submit(() => gate);
  let thrown;
  try {
    pool.submit(() => 'never runs');
  } catch (error) {
    thrown = error;
  }
  report.queueFull = {
    threw: thrown !== undefined,
    name: thrown?.name,
    code: thrown?.code,
    instanceOfEsm: thrown instanceof esm.QueueFullError,
    instanceOfCjs: thrown instanceof cjs.QueueFullError,
  };
  release('released');
  report.queueFull.firstResult = await first.result;
  await pool.close();

  // 3. Handles: getSupervisor / getPool from one entry find actors started through the other.
  const sup = await esm.startSupervisor({ children: [] });
  const handle = cjs.getSupervisor(sup.actor);
  report.getSupervisor = { found: handle !== undefined, sameActor: handle?.actor === sup.actor };
  await sup.stop();

  const host = await esm.startSupervisor({ children: [esm.poolSpec('jobs', { size: 1 })] });
  const poolHandle = cjs.getPool(host.whichChildren()[0]?.ref);
  report.getPool = { found: poolHandle !== undefined, result: poolHandle ? await poolHandle.run(() => 42) : undefined };
  await host.stop();

  // 4. One xstate: the consumer and overseer resolve the same file, and only one is installed.
  const overseerEntry = requireFromCjs.resolve('overseer');
  const fromConsumer = realpathSync(requireFromCjs.resolve('xstate'));
  const fromOverseer = realpathSync(createRequire(overseerEntry).resolve('xstate'));
  report.xstate = {
    fromConsumer,
    fromOverseer,
    installedCopies: [...new Set(copiesOf('xstate'))],
    // require('xstate') and import 'xstate' are one instance too (xstate's import entry wraps its CJS build).
    sameInstance: requireFromCjs('xstate').createActor === xstateEsm.createActor,
  };

  // 5. The installed manifest: xstate is the user's (a peer), and both conditions reach one file.
  const manifest = requireFromCjs('overseer/package.json');
  report.manifest = {
    xstateDependency: manifest.dependencies?.xstate ?? null,
    xstatePeer: manifest.peerDependencies?.xstate ?? null,
    importEntry: import.meta.resolve('overseer') === pathToFileURL(overseerEntry).href,
  };

  // 6. xstate/graph reads a machine overseer exports.
  const machineName = ['breakerMachine', 'workerMachine', 'supervisorMachine'].find((key) => esm[key] !== undefined);
  const graph = toDirectedGraph(esm[machineName]);
  report.graph = { machine: machineName, id: graph.id, children: graph.children.map((child) => child.id) };

  return report;
}
`;

interface Report {
  fatal?: string;
  sameNamespace: boolean;
  keysEqual: boolean;
  exportCount: number;
  differingExports: string[];
  identical: Record<string, boolean>;
  queueFull: { threw: boolean; name?: string; code?: string; instanceOfEsm: boolean; instanceOfCjs: boolean; firstResult: unknown };
  getSupervisor: { found: boolean; sameActor: boolean };
  getPool: { found: boolean; result: unknown };
  xstate: { fromConsumer: string; fromOverseer: string; installedCopies: string[]; sameInstance: boolean };
  graph: { machine: string; id: string; children: string[] };
  manifest: { xstateDependency: string | null; xstatePeer: string | null; importEntry: boolean };
}

describe('the packed package gives a process one copy of overseer and of xstate', () => {
  let temp: string;
  let packedFiles: string[] = [];
  let installedWith = '';
  let consumer: Run;
  let report: Report;
  const env = childEnv();

  beforeAll(async () => {
    temp = await mkdtemp(join(tmpdir(), 'overseer-one-copy-'));

    // Build: always, so a fresh clone without dist/ works and a stale dist/ is never tested.
    const build = await run('npm', ['run', 'build'], root, 240_000, env);
    expect(build.code, `npm run build failed\n${tail(build)}`).toBe(0);

    // Pack exactly what would be published.
    const pack = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', temp], root, 60_000, env);
    expect(pack.code, `npm pack failed\n${tail(pack)}`).toBe(0);
    const [packed] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
    packedFiles = packed.files.map((file) => file.path);
    const tarball = join(temp, packed.filename);

    // A consumer project that installs the tarball and xstate, offline if at all possible.
    const dir = join(temp, 'consumer');
    await mkdir(dir);
    const fresh = async (): Promise<void> => {
      await rm(join(dir, 'node_modules'), { recursive: true, force: true });
      await rm(join(dir, 'package-lock.json'), { force: true });
      await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    };
    const npmInstall = (mode: string, specs: string[]): Promise<Run> =>
      run('npm', ['install', mode, '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', ...specs], dir, 120_000, env);
    const attempts: [string, () => Promise<Run>][] = [
      // 1. From the npm cache, as a user would: the tarball plus xstate from the registry.
      ['--offline (npm cache)', () => npmInstall('--offline', [tarball, `xstate@${xstateVersion}`])],
      // 2. Still offline: xstate and overseer's dependencies packed from our own node_modules.
      [
        '--offline (packed from node_modules)',
        async () => {
          const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
            dependencies?: Record<string, string>;
            peerDependencies?: Record<string, string>;
          };
          const names = [...new Set([...Object.keys(manifest.peerDependencies ?? {}), ...Object.keys(manifest.dependencies ?? {})])];
          const local = join(temp, 'local');
          await mkdir(local, { recursive: true });
          const specs = [tarball];
          for (const name of names) {
            const p = await run('npm', ['pack', '--json', '--offline', '--ignore-scripts', '--pack-destination', local, join(root, 'node_modules', name)], root, 60_000, env);
            if (p.code !== 0) return p;
            specs.push(join(local, (JSON.parse(p.stdout) as [{ filename: string }])[0].filename));
          }
          return npmInstall('--offline', specs);
        },
      ],
      // 3. The registry, for what the cache lacks.
      ['--prefer-offline', () => npmInstall('--prefer-offline', [tarball, `xstate@${xstateVersion}`])],
    ];
    const failures: string[] = [];
    for (const [mode, attempt] of attempts) {
      await fresh();
      const result = await attempt();
      if (result.code === 0) {
        installedWith = mode;
        break;
      }
      failures.push(`npm install ${mode}: ${tail(result)}`);
    }
    expect(installedWith, `could not install the consumer\n${failures.join('\n')}`).not.toBe('');
    expect(existsSync(join(dir, 'node_modules', ourPackage.name, 'package.json'))).toBe(true);

    // One node process, both entries.
    await writeFile(join(dir, 'main.cjs'), MAIN_CJS);
    await writeFile(join(dir, 'check.mjs'), CHECK_MJS);
    consumer = await run(process.execPath, ['main.cjs'], dir, 60_000, env);
    const line = consumer.stdout.trim().split('\n').pop() ?? '';
    try {
      report = JSON.parse(line) as Report;
    } catch {
      throw new Error(`the consumer printed no JSON report\n${tail(consumer)}`);
    }
    expect(report.fatal, tail(consumer)).toBeUndefined();
    expect(consumer.code, tail(consumer)).toBe(0);
  }, 420_000);

  afterAll(async () => {
    if (temp !== undefined) await rm(temp, { recursive: true, force: true });
  });

  it('ships one format: an ES module and its types, no CommonJS copy', () => {
    const dist = packedFiles.filter((path) => path.startsWith('dist/'));
    expect(dist).toContain('dist/index.js');
    expect(dist).toContain('dist/index.d.ts');
    // Seven entries (the root, the `overseer/otel`, `overseer/bullmq`, `overseer/postgres`, `overseer/dashboard` and
    // `overseer/stately` subpaths and the `overseer` bin), the chunks they share, and the dashboard's
    // page script (bundled for the browser): ES modules only.
    const js = dist.filter((path) => /\.(c|m)?js$/.test(path));
    expect(js.filter((path) => !/^dist\/chunk-[\w-]+\.js$/.test(path)).sort()).toEqual([
      'dist/bullmq.js',
      'dist/cli.js',
      'dist/dashboard-page.js',
      'dist/dashboard.js',
      'dist/index.js',
      'dist/otel.js',
      'dist/postgres.js',
      'dist/stately.js',
    ]);
    expect(dist.filter((path) => /\.d\.(c|m)ts$/.test(path))).toEqual([]);
  });

  it('require() and import give the same module and the same exports', () => {
    expect(report.exportCount).toBeGreaterThan(10);
    expect(report.keysEqual).toBe(true);
    expect(report.differingExports).toEqual([]);
    expect(report.identical).toEqual({
      QueueFullError: true,
      createPool: true,
      getPool: true,
      getSupervisor: true,
      startSupervisor: true,
    });
    expect(report.sameNamespace).toBe(true);
  });

  it("an error from a pool created through require() is an instance of import's QueueFullError", () => {
    expect(report.queueFull).toEqual({
      threw: true,
      name: 'QueueFullError',
      code: expect.any(String),
      instanceOfEsm: true,
      instanceOfCjs: true,
      firstResult: 'released',
    });
  });

  it('getSupervisor / getPool from the require() entry find actors started through import', () => {
    expect(report.getSupervisor).toEqual({ found: true, sameActor: true });
    expect(report.getPool).toEqual({ found: true, result: 42 });
  });

  it('declares xstate as a peer dependency, and resolves import and require to one file', () => {
    expect(report.manifest).toEqual({ xstateDependency: null, xstatePeer: expect.stringMatching(/^\^5\./), importEntry: true });
  });

  it('installs one xstate, which the consumer and overseer both resolve', () => {
    expect(report.xstate.fromOverseer).toBe(report.xstate.fromConsumer);
    expect(report.xstate.installedCopies).toHaveLength(1);
    expect(report.xstate.sameInstance).toBe(true);
  });

  it('xstate/graph reads a machine overseer exports', () => {
    expect(report.graph.machine).toMatch(/Machine$/);
    expect(report.graph.children.length).toBeGreaterThan(0);
  });

  it('require() of the package prints no warning', () => {
    expect(consumer.stderr).not.toMatch(/ExperimentalWarning|require\(\) of ES Module|ERR_REQUIRE_ESM/);
  });
});
