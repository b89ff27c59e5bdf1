// overseer/bullmq is a subpath with optional peers: the package declares it so, the root entry
// never loads bullmq or ioredis, and an application without them still runs overseer.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

it('package.json exports overseer/bullmq, and bullmq and ioredis are optional peers', () => {
  expect(pkg.exports['./bullmq']).toEqual({ types: './dist/bullmq.d.ts', default: './dist/bullmq.js' });
  expect(pkg.peerDependencies.bullmq).toMatch(/^\^6/);
  expect(pkg.peerDependencies.ioredis).toMatch(/^\^5/);
  expect(pkg.peerDependenciesMeta.bullmq).toEqual({ optional: true });
  expect(pkg.peerDependenciesMeta.ioredis).toEqual({ optional: true });
  expect(pkg.dependencies.bullmq).toBeUndefined();
  expect(readFileSync(join(root, 'tsup.config.ts'), 'utf8')).toMatch(/bullmq: 'src\/bullmq\/index\.ts'/);
});

it('only src/bullmq imports bullmq or ioredis', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ts$/.test(name) && /(from |import )'(bullmq|ioredis)'/.test(readFileSync(path, 'utf8'))) offenders.push(path.slice(root.length));
    }
  };
  for (const dir of ['src', 'supervisor', 'actors']) walk(join(root, dir));
  expect(offenders.sort()).toEqual(readdirSync(join(root, 'src/bullmq')).filter((f) => /(from |import )'(bullmq|ioredis)'/.test(readFileSync(join(root, 'src/bullmq', f), 'utf8'))).map((f) => `src/bullmq/${f}`).sort());
  expect(offenders.length).toBeGreaterThan(0);
});

it('without bullmq and ioredis installed, overseer runs a pool, and only overseer/bullmq fails to load', async () => {
  const script = `
    const overseer = await import(${JSON.stringify(join(root, 'src/index.ts'))});
    const pool = overseer.createPool({ size: 1 });
    const sum = await pool.run(() => 1 + 2);
    await pool.close();
    let code = 'loaded';
    try { await import(${JSON.stringify(join(root, 'src/bullmq/index.ts'))}); } catch (error) { code = error.code; }
    console.log(JSON.stringify({ sum, code }));
  `;
  const output = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', '--import', fileURLToPath(new URL('./fixtures/no-bullmq.mjs', import.meta.url)), '--input-type=module', '-e', script],
      { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    ),
  );
  expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual({ sum: 3, code: 'ERR_MODULE_NOT_FOUND' });
});
