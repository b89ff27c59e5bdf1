/**
 * overseer's version, given to `metrics.getMeter('overseer', version)` as the instrumentation
 * scope's version. Kept equal to package.json's `version` (a test checks it), so the built code
 * needs no JSON import.
 */
export const OVERSEER_VERSION = '0.1.0';
