import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { OVERSEER_VERSION } from '../../src/otel/version.js';

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
});
