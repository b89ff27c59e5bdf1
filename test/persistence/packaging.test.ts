import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The `overseer/postgres` subpath: `pg` is an optional peer that only this entry loads.
 * (test/packaging/one-copy.test.ts checks the packed build as a whole.)
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, unknown>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

/** Every module `entry` pulls in when bundled, and the packages it leaves external. */
async function graphOf(entry: string): Promise<{ inputs: string[]; externals: string[] }> {
  const result = await build({ entryPoints: [entry], absWorkingDir: root, bundle: true, write: false, metafile: true, format: 'esm', platform: 'node', packages: 'external', logLevel: 'silent' });
  const inputs = Object.keys(result.metafile.inputs);
  const externals = Object.values(result.metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path));
  return { inputs, externals: [...new Set(externals)].sort() };
}

describe('packaging of overseer/postgres', () => {
  it('is a subpath export built by tsup, with pg an optional peer and no new runtime dependency', async () => {
    expect(pkg.exports['./postgres']).toEqual({ types: './dist/postgres.d.ts', default: './dist/postgres.js' });
    const config = (await import('../../tsup.config.js')).default as { entry: Record<string, string> };
    expect(config.entry).toMatchObject({ postgres: 'src/postgres/index.ts' });
    expect(pkg.peerDependenciesMeta.pg).toEqual({ optional: true });
    expect(pkg.peerDependencies.pg).toMatch(/^\^8\./);
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['mitt', 'nanoid']);
  });

  it('the root entry never imports pg (the file and memory stores need only Node); the postgres entry leaves it external', async () => {
    const main = await graphOf('src/index.ts');
    expect(main.externals).not.toContain('pg');
    expect(main.inputs.filter((path) => path.includes('src/postgres/'))).toEqual([]);
    expect(main.inputs).toContain('supervisor/persistence/file-store.ts');
    const postgres = await graphOf('src/postgres/index.ts');
    expect(postgres.externals).toContain('pg');
  });
});
