import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { OVERSEER_VERSION } from '../../src/otel/version.js';
import { makeSdk, sdkSuite } from './helpers.js';

sdkSuite();

/**
 * The `overseer/otel` subpath: @opentelemetry/api is an optional peer that only this entry loads.
 * (test/packaging/one-copy.test.ts checks the packed build as a whole.)
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  exports: Record<string, unknown>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

/** Every module `entry` pulls in when bundled, and the packages it leaves external. */
async function graphOf(entry: string): Promise<{ inputs: string[]; externals: string[] }> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const externals = Object.values(result.metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path));
  return { inputs, externals: [...new Set(externals)].sort() };
}

describe('packaging of overseer/otel', () => {
  it('is a subpath export with its own types, built by tsup', async () => {
    expect(pkg.exports['./otel']).toEqual({ types: './dist/otel.d.ts', default: './dist/otel.js' });
    const config = (await import('../../tsup.config.js')).default as { entry: Record<string, string> };
    expect(config.entry).toMatchObject({ index: 'src/index.ts', otel: 'src/otel/index.ts' });
  });

  it('has @opentelemetry/api as an optional peer, and runtime dependencies only mitt and nanoid', () => {
    expect(pkg.peerDependencies['@opentelemetry/api']).toBe('^1.9.0');
    expect(pkg.peerDependenciesMeta['@opentelemetry/api']).toEqual({ optional: true });
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['mitt', 'nanoid']);
  });

  it('the root entry never imports @opentelemetry/api; the otel entry does, leaving it external', async () => {
    const main = await graphOf('src/index.ts');
    expect(main.externals.filter((path) => path.startsWith('@opentelemetry'))).toEqual([]);
    expect(main.inputs.filter((path) => path.includes('src/otel/'))).toEqual([]);
    const otel = await graphOf('src/otel/index.ts');
    expect(otel.externals).toContain('@opentelemetry/api');
    expect(otel.externals.filter((path) => path.startsWith('@opentelemetry') && path !== '@opentelemetry/api')).toEqual([]);
  });

  it('reports the package version as the meter scope version', () => {
    expect(OVERSEER_VERSION).toBe(pkg.version);
  });

  it('the built entries share one copy of the classes: a pool from dist/index.js is instrumented by dist/otel.js', async () => {
    const { build: tsup } = await import('tsup');
    const config = (await import('../../tsup.config.js')).default as Record<string, unknown>;
    // Inside node_modules, so the built files resolve xstate, mitt, nanoid and @opentelemetry/api.
    const out = await mkdtemp(join(root, 'node_modules', '.otel-build-'));
    try {
      await tsup({ ...config, dts: false, sourcemap: false, outDir: out, silent: true, config: false });
      const files = (await readdir(out)).filter((file) => file.endsWith('.js'));
      for (const file of files) {
        const text = await readFile(join(out, file), 'utf8');
        expect(text.includes('@opentelemetry/'), file).toBe(file === 'otel.js');
      }
      const main = (await import(pathToFileURL(join(out, 'index.js')).href)) as typeof import('../../src/index.js');
      const otel = (await import(pathToFileURL(join(out, 'otel.js')).href)) as typeof import('../../src/otel/index.js');
      const sdk = makeSdk();
      const pool = main.createPool({ name: 'built' });
      const handle = otel.instrument(pool, { meter: sdk.meter });
      await pool.run(() => 1);
      const c = await sdk.collect();
      expect(c.value('overseer.pool.settled_tasks', { 'overseer.pool.name': 'built', 'overseer.task.outcome': 'completed' })).toBe(1);
      handle.stop();
      await pool.close();
      expect(() => otel.instrument(main as never)).toThrow(main.InvalidOptionError);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 60_000);
});
