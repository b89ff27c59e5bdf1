import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inheritedFlags, parseFlags, replacesEntry, splitNodeOptions } from '../../src/threads/node-flags.js';
import { isTsxFlag, isTypeScriptModule, threadPreloads } from '../../src/threads/typescript-loader.js';

// The flag handling behind execArgv and TypeScript handlers: which of the host's flags a worker
// process inherits, and when (and with which tsx) a thread registers tsx's hooks.

const tsxDist = fileURLToPath(new URL('../../node_modules/tsx/dist/', import.meta.url));
const tsHandlers = new URL('../fixtures/ts-handlers.ts', import.meta.url).href;
const mjsHandlers = new URL('../fixtures/handlers.mjs', import.meta.url).href;

describe('reading flags', () => {
  it('reads values given with = or as the next argument', () => {
    expect(parseFlags(['--import', 'tsx', '--conditions=dev', '-r', './a.cjs', '--no-warnings']).map(({ name, value }) => [name, value])).toEqual([
      ['--import', 'tsx'],
      ['--conditions', 'dev'],
      ['-r', './a.cjs'],
      ['--no-warnings', undefined],
    ]);
  });

  it('splits NODE_OPTIONS on white space, with double quotes grouping and backslash escapes inside them', () => {
    expect(splitNodeOptions('  --import tsx   --title "my \\"app\\" x" --no-warnings ')).toEqual(['--import', 'tsx', '--title', 'my "app" x', '--no-warnings']);
    expect(splitNodeOptions(undefined)).toEqual([]);
    expect(splitNodeOptions('')).toEqual([]);
  });

  it('names the flags that would make a worker run something other than the pool entry', () => {
    for (const flag of ['-e', '--eval=1', '-p', '--print', '-pe', '-c', '--check', '-i', '--interactive', '--test', '--test-only', '--watch', '--watch-path=src', '--run']) {
      expect(replacesEntry(flag), flag).toBeDefined();
    }
    for (const flag of ['--import', '--inspect', '--enable-source-maps', '--conditions=dev', '-r']) expect(replacesEntry(flag), flag).toBeUndefined();
  });
});

describe("the host's flags a worker process inherits", () => {
  it('all of them but -e / -p and their code, test and watch flags, and the inspector (whose port the host holds)', () => {
    const host = ['--enable-source-maps', '--inspect-brk=9229', '--inspect-port', '9230', '--conditions', 'dev', '--test-name-pattern', 'x', '--input-type=module', '-e', 'console.log(1)', '--expose-gc'];
    expect(inheritedFlags(host, () => false)).toEqual(['--enable-source-maps', '--conditions', 'dev', '--input-type=module', '--expose-gc']);
  });

  it("tsx's flags are left out when the caller says so (handlers that are not TypeScript)", () => {
    const cli = ['--require', join(tsxDist, 'preflight.cjs'), '--import', pathToFileURL(join(tsxDist, 'loader.mjs')).href, '--no-warnings'];
    expect(inheritedFlags(cli, isTsxFlag)).toEqual(['--no-warnings']);
    expect(inheritedFlags(['--import', 'tsx', '--import=./otel.mjs'], isTsxFlag)).toEqual(['--import=./otel.mjs']);
    expect(inheritedFlags(cli, () => false)).toEqual(cli);
  });
});

describe('TypeScript handlers modules', () => {
  it('are .ts / .mts / .cts / .tsx files, or a .js path whose file is missing while its TypeScript twin exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'overseer-ts-'));
    try {
      for (const name of ['a.ts', 'b.mts', 'c.cts', 'both.js', 'both.ts']) writeFileSync(join(dir, name), '');
      const url = (name: string) => pathToFileURL(join(dir, name)).href;
      expect(['a.ts', 'b.mts', 'c.cts', 'x.tsx', 'a.js', 'b.mjs', 'c.cjs'].map((name) => isTypeScriptModule(url(name)))).toEqual([true, true, true, true, true, true, true]);
      // both.js exists: it is what loads; a .js with no twin, a .mjs twin of a .ts, and data: URLs are JavaScript.
      expect(['both.js', 'none.js', 'a.mjs'].map((name) => isTypeScriptModule(url(name)))).toEqual([false, false, false]);
      expect(isTypeScriptModule('data:text/javascript,export const a = 1')).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a thread registers tsx's require and ESM hooks first when its flags load tsx, with the tsx they name", () => {
    const steps = threadPreloads(tsHandlers, ['--import', 'tsx']);
    expect(steps).toEqual([
      { url: pathToFileURL(join(tsxDist, 'cjs/index.cjs')).href },
      { url: pathToFileURL(join(tsxDist, 'esm/api/index.mjs')).href, call: 'register' },
    ]);
    // tsx's own command names its files; NODE_OPTIONS (split) counts too.
    expect(threadPreloads(tsHandlers, ['--require', join(tsxDist, 'preflight.cjs'), '--import', pathToFileURL(join(tsxDist, 'loader.mjs')).href])).toEqual(steps);
    expect(threadPreloads(tsHandlers, splitNodeOptions('--import=tsx'))).toEqual(steps);
  });

  it('nothing is preloaded for JavaScript handlers, without tsx in the flags, or for a tsx path that is no package', () => {
    expect(threadPreloads(mjsHandlers, ['--import', 'tsx'])).toEqual([]);
    expect(threadPreloads(tsHandlers, ['--conditions', 'dev'])).toEqual([]);
    expect(threadPreloads(tsHandlers, ['--import', '/nowhere/node_modules/tsx/dist/loader.mjs'])).toEqual([]);
  });
});
