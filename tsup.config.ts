import { defineConfig } from 'tsup';

export default defineConfig({
  // `otel` is the `overseer/otel` subpath: the only code that imports @opentelemetry/api (an
  // optional peer, left external). Both entries share chunks, so one copy of every class.
  // `cli` is the `overseer` command (package.json "bin"); its shebang is kept and the file made executable.
  // `bullmq` is the `overseer/bullmq` subpath: the only code that imports bullmq (and ioredis), optional peers.
  entry: { index: 'src/index.ts', otel: 'src/otel/index.ts', cli: 'src/cli.ts', bullmq: 'src/bullmq/index.ts' },
  // ESM only: one copy of overseer's classes per process. CommonJS callers reach the same build
  // through require(esm) (Node >= 20.19), see docs/architecture.md "Packaging".
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
});
