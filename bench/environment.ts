import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';

/** Where and with what the numbers were measured. */
export interface Environment {
  date: string;
  node: string;
  v8: string;
  overseer: string;
  xstate: string;
  os: string;
  cpu: string;
  cores: number;
  memory: string;
  gc: string;
  /** How often this process lost the CPU during a short busy loop (VM steal, other load). */
  noise: string;
}

const require = createRequire(import.meta.url);

function versionOf(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function overseerVersion(): string {
  try {
    const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/**
 * Spins for `ms` and counts gaps of more than 1 ms between two clock reads: time the
 * process was not running. It bounds what a latency tail on this machine can mean.
 */
export function measureStalls(ms: number): { perSecond: number; maxMs: number } {
  const start = performance.now();
  let last = start;
  let stalls = 0;
  let maxMs = 0;
  for (;;) {
    const t = performance.now();
    const gap = t - last;
    if (gap > 1) {
      stalls++;
      if (gap > maxMs) maxMs = gap;
    }
    last = t;
    if (t - start >= ms) break;
  }
  return { perSecond: (stalls * 1000) / ms, maxMs };
}

/** Reads versions and machine facts; `gcSource` says how full GCs were obtained. */
export function describeEnvironment(gcSource: string, noiseProbeMs = 1000): Environment {
  const stalls = measureStalls(noiseProbeMs);
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    overseer: overseerVersion(),
    xstate: versionOf('xstate'),
    os: `${os.type()} ${os.release()} (${process.platform}/${process.arch})`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    gc: gcSource,
    noise: `${stalls.perSecond.toFixed(1)} stalls > 1 ms per second of busy loop (longest ${stalls.maxMs.toFixed(1)} ms)`,
  };
}
