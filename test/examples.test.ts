import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs an example the way a reader would (`npx tsx <file>`), with CI=true so output is plain. */
function runExample(file: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', file],
      { cwd: root, env: { ...process.env, CI: 'true' }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

// The guides' examples carry their own asserts; the demos must finish and exit 0.
describe('the documented examples still run', () => {
  for (const file of [
    'examples/pool-guide.ts',
    'examples/supervisor-guide.ts',
    'examples/order-saga.ts',
    'examples/threads-example.ts',
    'examples/supervision-demo.ts',
    'examples/demo.ts',
    'examples/http-service.ts',
    'examples/production-guide.ts',
    'examples/dashboard-demo.ts',
    'examples/durable-guide.ts',
    'examples/scale-out.ts',
  ]) {
    it(`${file} exits 0`, async () => {
      const { code, output } = await runExample(file);
      expect(code, output.slice(-3000)).toBe(0);
    }, 150_000);
  }
});
