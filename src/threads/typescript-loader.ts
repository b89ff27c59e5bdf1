/**
 * TypeScript handler modules under tsx. A host started with `node --import tsx` (or the `tsx`
 * command) loads `.ts` files through tsx's module hooks, but a worker thread does not get them:
 * Node 20 runs no `--import` preload in a worker, and tsx registers its hooks in the main thread
 * only. So a thread whose handlers are TypeScript registers tsx itself (its require hooks, then its
 * ESM hooks through `tsx/esm/api`) before it imports them. A worker process needs nothing of this:
 * it is a main thread, and the `--import tsx` it inherits registers tsx there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseFlags, PRELOAD_FLAGS, type ParsedFlag } from './node-flags.js';

/** A module a thread imports before its handlers, and the export it then calls, if any. */
export interface PreloadStep {
  url: string;
  call?: string;
}

const TS_EXTENSION = /\.(ts|mts|cts|tsx)$/;
/** What tsx tries for a missing JavaScript file (`./handlers.js` → `./handlers.ts`). */
const TS_TWINS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/**
 * Whether the handlers module is TypeScript: a `.ts` / `.mts` / `.cts` / `.tsx` file, or a `.js`
 * (`.mjs`, `.cjs`, `.jsx`) path that does not exist while its TypeScript twin does, which tsx
 * loads in its place (the usual `import './x.js'` spelling of TypeScript sources).
 *
 * @example
 * ```ts
 * isTypeScriptModule(new URL('./handlers.ts', import.meta.url).href); // true
 * ```
 */
export function isTypeScriptModule(moduleUrl: string): boolean {
  if (!moduleUrl.startsWith('file:')) return false;
  const path = fileURLToPath(moduleUrl);
  if (TS_EXTENSION.test(path)) return true;
  const extension = /\.[cm]?jsx?$/.exec(path)?.[0];
  if (extension === undefined || existsSync(path)) return false;
  const stem = path.slice(0, -extension.length);
  return (TS_TWINS[extension] ?? []).some((twin) => existsSync(stem + twin));
}

/**
 * Whether a preload flag loads tsx (`--import tsx`, tsx's own `--import file:///…/tsx/dist/loader.mjs`, ...).
 *
 * @example
 * ```ts
 * parseFlags(process.execArgv).some(isTsxFlag); // true under `node --import tsx` and the tsx command
 * ```
 */
export function isTsxFlag(flag: ParsedFlag): boolean {
  return PRELOAD_FLAGS.has(flag.name) && flag.value !== undefined && tsxPackageOf(flag.value) !== undefined;
}

/** The `package.json` of the tsx a preload flag's value names, if it names tsx. */
function tsxPackageOf(value: string): string | undefined {
  if (value === 'tsx' || value.startsWith('tsx/')) {
    try {
      // Node resolves a preload's bare specifier from the current directory.
      return createRequire(join(process.cwd(), 'noop.js')).resolve('tsx/package.json');
    } catch {
      return undefined;
    }
  }
  const path = value.startsWith('file:') ? fileURLToPath(value) : value;
  const marker = `${sep}node_modules${sep}tsx${sep}`;
  const at = path.lastIndexOf(marker);
  if (at < 0) return undefined;
  const packageJson = path.slice(0, at + marker.length) + 'package.json';
  return existsSync(packageJson) ? packageJson : undefined;
}

/**
 * What a thread must import before a TypeScript handlers module so that tsx loads it: nothing
 * unless the module is TypeScript and the thread's flags (`execArgv`, `NODE_OPTIONS`) load tsx.
 * The tsx used is the one those flags name.
 *
 * @example
 * ```ts
 * threadPreloads(new URL('./handlers.ts', import.meta.url).href, [...process.execArgv, ...splitNodeOptions(process.env.NODE_OPTIONS)]);
 * // under `node --import tsx`: [{ url: '…/tsx/dist/cjs/index.cjs' }, { url: '…/tsx/dist/esm/api/index.cjs', call: 'register' }]
 * ```
 */
export function threadPreloads(moduleUrl: string, flags: readonly string[]): PreloadStep[] {
  if (!isTypeScriptModule(moduleUrl)) return [];
  for (const flag of parseFlags(flags)) {
    const packageJson = PRELOAD_FLAGS.has(flag.name) && flag.value !== undefined ? tsxPackageOf(flag.value) : undefined;
    if (packageJson === undefined) continue;
    const exports = (JSON.parse(readFileSync(packageJson, 'utf8')) as { exports?: Record<string, unknown> }).exports ?? {};
    const cjs = importTarget(exports['./cjs']);
    const api = importTarget(exports['./esm/api']);
    // A tsx without these entry points: the thread then reports what fails to load.
    if (cjs === undefined || api === undefined) return [];
    const at = (target: string) => pathToFileURL(join(dirname(packageJson), target)).href;
    return [{ url: at(cjs) }, { url: at(api), call: 'register' }];
  }
  return [];
}

/** What a package `exports` entry gives `import()` in Node (conditions `node`, `import`, `default`). */
function importTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
  for (const [condition, inner] of Object.entries(entry)) {
    if (condition !== 'node' && condition !== 'import' && condition !== 'default') continue;
    const target = importTarget(inner);
    if (target !== undefined) return target;
  }
  return undefined;
}
