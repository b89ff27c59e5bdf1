import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue 13, hole 1: when a thread's out-of-memory is fatal to the whole process, as docs/threads.md
// and docs/reliability.md say, and the process wall that holds where a thread cannot. Each case runs
// in a host process of its own, since one of them must abort its host.

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
const handlers = new URL('../fixtures/process-handlers.mjs', import.meta.url).href;

function host(isolation: 'thread' | 'process', mb: number): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  const script = `
    import { createThreadPool } from ${JSON.stringify(src)};
    const pool = createThreadPool(new URL(${JSON.stringify(handlers)}), {
      size: 1, isolation: ${JSON.stringify(isolation)}, resourceLimits: { maxOldGenerationSizeMb: 32 },
    });
    try { await pool.call('oneShot', ${mb}); console.log('returned'); }
    catch (error) { console.log('task failed', error.name, error.cause?.code ?? error.signal ?? ''); }
    console.log('next call', await pool.call('inc', 1));
    await pool.close();
  `;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, timeout: 60_000 }, (error, stdout) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, signal: error?.signal ?? null, stdout });
    });
  });
}

describe('a thread out of memory', () => {
  it('within about 10 MB past its limit (one 36 MB array, limit 32 MB): only its task fails', async () => {
    const { code, stdout } = await host('thread', 36);
    expect(stdout).toContain('task failed WorkerCrashError ERR_WORKER_OUT_OF_MEMORY');
    expect(stdout).toContain('next call 2');
    expect(code).toBe(0);
  }, 60_000);

  it('far past its limit in one allocation (200 MB, limit 32 MB): V8 aborts the whole host (SIGABRT, a shell’s exit 134)', async () => {
    const { signal, stdout } = await host('thread', 200);
    expect(stdout).not.toContain('next call');
    expect(signal).toBe('SIGABRT');
  }, 60_000);

  it("the same allocation behind isolation: 'process' fails only its task; the host lives", async () => {
    const { code, stdout } = await host('process', 200);
    expect(stdout).toContain('task failed WorkerCrashError SIGABRT');
    expect(stdout).toContain('next call 2');
    expect(code).toBe(0);
  }, 60_000);
});
