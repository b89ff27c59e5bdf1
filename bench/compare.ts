/**
 * Helpers shared by the benchmark suites that compare overseer with peer libraries in one run.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, median, sorted } from './stats.js';

const require = createRequire(import.meta.url);

/** A package's version, also for ESM-only packages whose `exports` hide `package.json`. */
export function versionOf(pkg: string): string {
  try {
    let dir = dirname(require.resolve(pkg));
    for (let i = 0; i < 6; i++) {
      try {
        const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (meta.name === pkg && meta.version !== undefined) return meta.version;
      } catch {
        // no package.json at this level
      }
      dir = dirname(dir);
    }
  } catch {
    // not resolvable
  }
  return 'unknown';
}

/** The commit overseer's source was measured at, and whether src/ had uncommitted changes. */
export function overseerSource(): string {
  const root = fileURLToPath(new URL('..', import.meta.url));
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'actors', 'supervisor'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return dirty === '' ? `commit ${sha}` : `commit ${sha} plus uncommitted changes in src/, actors/ or supervisor/`;
  } catch {
    return 'unknown commit';
  }
}

export function startClock(): () => { seconds: number; cpuSeconds: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  return () => {
    const seconds = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    return { seconds, cpuSeconds: (c.user + c.system) / 1e6 };
  };
}

/** Round r starts with contender r mod k, so no contender always runs first or last. */
export function rotated<T>(items: readonly T[], round: number): T[] {
  const k = round % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export function spread(values: readonly number[]): string {
  const s = sorted(values);
  const mid = median(s);
  return `${fmt(((s[0] as number) / mid - 1) * 100, 0)}…+${fmt(((s[s.length - 1] as number) / mid - 1) * 100, 0)} %`;
}
