import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue 10 §4: handlers written in TypeScript work when the application runs under tsx, in threads
// and in processes. Each case is an application of its own (test/fixtures/tsx-app.ts) started the
// way a user starts one, which prints one RESULT or ERROR line and exits.

const root = fileURLToPath(new URL('../..', import.meta.url));
const app = fileURLToPath(new URL('../fixtures/tsx-app.ts', import.meta.url));
const tsxCli = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
/** Generous: a tsx start, a worker start with tsx's hooks, on a loaded 2-core machine. */
const RUN_MS = 60_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(launcher: 'node --import tsx' | 'tsx', args: string[]): Promise<Run> {
  return node(launcher === 'tsx' ? [tsxCli, app, ...args] : ['--import', 'tsx', app, ...args]);
}

function node(argv: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { cwd: root, timeout: RUN_MS }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

/** The JSON after `RESULT ` or `ERROR ` in the app's output. */
function line(output: Run, kind: 'RESULT' | 'ERROR'): any {
  const found = output.stdout.split('\n').find((text) => text.startsWith(`${kind} `));
  if (found === undefined) throw new Error(`no ${kind} line; code ${output.code}\nstdout: ${output.stdout}\nstderr: ${output.stderr}`);
  return JSON.parse(found.slice(kind.length + 1));
}

const calls = { add: 5, area: 16, doubled: 42 };
const data = { greeting: 'hello from the host' };

describe('TypeScript handlers under tsx', () => {
  it.each(['node --import tsx', 'tsx'] as const)(
    'in threads (%s): a .ts module, its .ts imports, enums; init and worker_threads both read the workerData',
    async (launcher) => {
      const output = await run(launcher, ['thread', 'ts-handlers.ts']);
      expect(line(output, 'RESULT')).toEqual({ ...calls, info: { isMainThread: false, fromInit: data, fromWorkerThreads: data } });
      expect(output.code).toBe(0);
    },
    RUN_MS + 5_000,
  );

  it.each(['node --import tsx', 'tsx'] as const)(
    "in processes (%s, isolation: 'process'): the same module; init reads the workerData, worker_threads' is null in a main thread",
    async (launcher) => {
      const output = await run(launcher, ['process', 'ts-handlers.ts']);
      expect(line(output, 'RESULT')).toEqual({ ...calls, info: { isMainThread: true, fromInit: data, fromWorkerThreads: null } });
      expect(output.code).toBe(0);
    },
    RUN_MS + 5_000,
  );

  it.each(['thread', 'process'])('a .js URL whose file is the .ts twin (the usual TypeScript spelling) loads it in a %s', async (isolation) => {
    const output = await run('node --import tsx', [isolation, 'ts-handlers.js']);
    expect(line(output, 'RESULT')).toMatchObject(calls);
    expect(output.code).toBe(0);
  }, RUN_MS + 5_000);
});

describe('TypeScript handlers that cannot load fail the pool with a clear error, never a hang', () => {
  it.each(['thread', 'process'])('a missing .ts module (%s): the pool gives up with ERR_MODULE_NOT_FOUND naming the file', async (isolation) => {
    const started = Date.now();
    const output = await run('node --import tsx', [isolation, 'missing.ts']);
    const error = line(output, 'ERROR');
    expect(error.name).toMatch(/^Pool\w*Error$/);
    expect(error.causeCode).toBe('ERR_MODULE_NOT_FOUND');
    expect(error.causeMessage).toContain('missing.ts');
    expect(output.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(RUN_MS);
  }, RUN_MS + 5_000);

  it.each(['thread', 'process'])('without tsx in the pool’s execArgv (%s), a .ts module fails with a hint saying what it needs', async (isolation) => {
    const output = await run('node --import tsx', [isolation, 'ts-handlers.ts', 'no-tsx']);
    const error = line(output, 'ERROR');
    expect(error.causeCode).toBe('ERR_UNKNOWN_FILE_EXTENSION');
    expect(error.causeMessage).toContain('ts-handlers.ts');
    expect(error.causeMessage).toContain('needs tsx');
    expect(output.code).toBe(0);
  }, RUN_MS + 5_000);
});

describe("docs/threads.md's recipe: one handler URL for tsx and for compiled JavaScript", () => {
  const example = fileURLToPath(new URL('../../examples/threads-typescript.ts', import.meta.url));
  const expected = [
    'thread: a square of side 3 has an area of 9 cm²',
    'process: a square of side 3 has an area of 9 cm²',
    'supervised: a circle of radius 1 has an area of 3.14 m²',
    'done',
  ];

  it('under tsx the example loads its .ts handlers, in a thread, a process and a supervised pool', async () => {
    const output = await node(['--import', 'tsx', example]);
    expect(output.stdout.trim().split('\n'), output.stderr).toEqual(expected);
    expect(output.code).toBe(0);
  }, RUN_MS + 5_000);

  it('compiled to JavaScript and run by plain node (no tsx anywhere), the same code loads the compiled .js handlers', async () => {
    // esbuild (tsx's and tsup's compiler) stands in for an application's build: the example and
    // its handlers become .js files side by side, overseer bundled into the example.
    const { build } = await import('esbuild');
    const out = mkdtempSync(join(tmpdir(), 'overseer-compiled-'));
    try {
      await build({
        entryPoints: [example, fileURLToPath(new URL('../../examples/fixtures/typescript-handlers.ts', import.meta.url))],
        outbase: fileURLToPath(new URL('../../examples', import.meta.url)),
        outdir: out,
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        logLevel: 'silent',
      });
      const output = await node([join(out, 'threads-typescript.js')]);
      expect(output.stdout.trim().split('\n'), output.stderr).toEqual(expected);
      expect(output.code).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, RUN_MS + 5_000);
});
