import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const MARK = '@@bench-result ';

/**
 * Runs one measurement in a fresh Node process: `exportName` of `module` is called with `args`
 * there and what it resolves with comes back (as JSON). Every library measured this way starts
 * from a clean heap and its own JIT state, so no contender pays for another's garbage or for
 * call sites made megamorphic by another's code. The child runs with `--expose-gc`.
 *
 * @example
 * ```ts
 * const rate = await inFreshProcess<number>(new URL('./suites/pool-throughput.ts', import.meta.url), 'measureContender', { key: 'fastq' });
 * ```
 */
export function inFreshProcess<T>(module: URL, exportName: string, args: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, module.href, exportName, JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(MARK));
      if (code !== 0 || line === undefined) {
        reject(new Error(`bench child ${exportName}(${JSON.stringify(args)}) exited with ${code}: ${err.trim().slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(line.slice(MARK.length)) as T);
    });
  });
}
