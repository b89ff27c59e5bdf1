import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * The page's script: `dist/dashboard-page.js`, bundled at build time (tsup's `onSuccess` runs
 * esbuild over `src/dashboard/page/main.ts` with dagre and uPlot inside). Run from the sources
 * (tests, `tsx`), where no such file sits next to this module, it is bundled in memory once with
 * esbuild, a devDependency. Either way the page loads nothing from anywhere else.
 */

let script: Promise<string> | undefined;

/**
 * The page's JavaScript, read or bundled once per process.
 *
 * @example
 * ```ts
 * response.end(await pageScript());
 * ```
 */
export function pageScript(): Promise<string> {
  script ??= load();
  // A failed load is tried again on the next request.
  script.catch(() => (script = undefined));
  return script;
}

async function load(): Promise<string> {
  try {
    return await readFile(new URL('./dashboard-page.js', import.meta.url), 'utf8');
  } catch {
    return bundleFromSource();
  }
}

/**
 * Bundles the page from its TypeScript sources with esbuild. Also what the build calls to write
 * `dist/dashboard-page.js`.
 *
 * @example
 * ```ts
 * await writeFile('dist/dashboard-page.js', await bundleFromSource());
 * ```
 */
export async function bundleFromSource(entry = fileURLToPath(new URL('./page/main.ts', import.meta.url))): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    minify: true,
    loader: { '.css': 'text' },
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    legalComments: 'eof',
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error('overseer: the dashboard page bundled to nothing');
  return file.text;
}
