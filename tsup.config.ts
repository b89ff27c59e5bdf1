import { writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';
import { bundleFromSource } from './src/dashboard/page-assets.js';

export default defineConfig({
  // `otel` is the `overseer/otel` subpath: the only code that imports @opentelemetry/api (an
  // optional peer, left external). Both entries share chunks, so one copy of every class.
  // `postgres` is the `overseer/postgres` subpath: the only code that imports `pg` (an optional peer, left external).
  // `cli` is the `overseer` command (package.json "bin"); its shebang is kept and the file made executable.
  // `dashboard` (`overseer/dashboard`) serves the live page; `stately` (`overseer/stately`) is the
  // only code that imports @statelyai/inspect (an optional peer, left external).
  entry: {
    index: 'src/index.ts',
    otel: 'src/otel/index.ts',
    cli: 'src/cli.ts',
    dashboard: 'src/dashboard/index.ts',
    stately: 'src/stately/index.ts',
    // `postgres` (`overseer/postgres`): the PostgreSQL snapshot store, the only code that imports pg.
    postgres: 'src/postgres/index.ts',
    // `bullmq` (`overseer/bullmq`): the only code that imports bullmq (and ioredis), optional peers.
    bullmq: 'src/bullmq/index.ts',
  },
  // esbuild bundles the dashboard page from source when dist/dashboard-page.js is absent (tests, tsx): never shipped.
  external: ['esbuild', '@statelyai/inspect'],
  // The dashboard's page (its script, with dagre and uPlot inside) is bundled once here: the
  // package serves it from dist/dashboard-page.js, with nothing fetched from a CDN.
  onSuccess: async () => {
    await writeFile('dist/dashboard-page.js', await bundleFromSource('src/dashboard/page/main.ts'));
  },
  // ESM only: one copy of overseer's classes per process. CommonJS callers reach the same build
  // through require(esm) (Node >= 20.19), see docs/architecture.md "Packaging".
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
});
