import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

// docs/visualize.md's examples are the sections of this file, which checks them with asserts.
it('examples/visualize-guide.ts runs and exits 0', async () => {
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'examples/visualize-guide.ts'], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: `${stdout}\n${stderr}` });
    });
  });
  expect(code, output.slice(-3000)).toBe(0);
  expect(output).toContain('checkout_paying --> checkout_cart: after 30000ms');
}, 90_000);
