import { afterEach, describe, expect, it } from 'vitest';
import { createThreadPool, type ThreadPool } from '../../src/index.js';
import { within } from '../support/timing.js';

const CJS = new URL('../fixtures/cjs-handlers.cjs', import.meta.url);
const pools: ThreadPool<any>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

describe('thread pool: only the module’s own exports are handlers', () => {
  for (const name of ['constructor', 'hasOwnProperty', 'toString']) {
    it(`calling "${name}" rejects with TypeError instead of running an Object.prototype method`, async () => {
      const pool = createThreadPool(CJS, { size: 1 });
      pools.push(pool);
      const error = await within(pool.run(name as never, [] as never).catch((e: unknown) => e), 10_000);
      expect(error).toBeInstanceOf(TypeError);
      expect(String((error as Error).message)).toContain(name);
    });
  }
});
