import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  // ESM only: one copy of overseer's classes per process. CommonJS callers reach the same build
  // through require(esm) (Node >= 20.19), see docs/architecture.md "Packaging".
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
});
