import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PoolFailedError } from '../../src/index.js';
import {
  INIT_FAILS_URL,
  LOAD_FAILS_URL,
  makeThreadPool,
  nextEvent,
  recordEvents,
  rejectionOf,
  sleep,
  threadLog,
  threads,
  threadSuite,
  until,
} from './helpers.js';

threadSuite();

const INTENSITY = 3;

/**
 * A module that can never start is a crash loop. With `intensity: 3, period: 60 s`
 * the worker supervisor allows 3 restarts, so it gives up at the 4th crash; with 2 slots
 * starting at once, one more thread may already be on its way.
 */
const MAX_STARTS = INTENSITY + 1 + 1;

describe.each([
  { what: 'a module whose top level throws', url: LOAD_FAILS_URL, name: 'Error', message: 'handlers module failed to load', code: 'E_LOAD_FIXTURE' },
  { what: 'a module whose init always throws', url: INIT_FAILS_URL, name: 'TypeError', message: 'init always fails', code: 'E_INIT_FIXTURE' },
])('$what', ({ url, name, message, code }) => {
  let log: ReturnType<typeof threadLog>;
  beforeEach(() => {
    log = threadLog();
  });
  afterEach(() => {
    delete process.env.OVERSEER_THREAD_LOG;
    log.remove();
  });

  it('is a crash loop the restart intensity stops: the pool fails with the underlying error, in bounded time', async () => {
    process.env.OVERSEER_THREAD_LOG = log.path; // init-fails.mjs records every init attempt
    const startsBefore = threads.started;
    const t0 = performance.now();
    // recovery: false: a pool with no parent would otherwise back off and try again (PoolRecoveringError).
    const pool = makeThreadPool<{ inc(x: number): number }>(url, { size: 2, intensity: INTENSITY, period: 60_000, recovery: false });
    const events = recordEvents(pool);
    const failed = nextEvent(pool, 'failed');
    const pending = rejectionOf(pool.call('inc', 1));

    const { error } = await failed; // rejects after WAIT_MS: bounded
    const elapsed = performance.now() - t0;
    expect(pool.phase).toBe('failed');
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe(name);
    expect((error as Error).message).toBe(message);
    expect((error as { code?: string }).code).toBe(code);
    expect((error as Error).stack).toContain(url.pathname.split('/').pop());

    // The call waiting for a thread fails with the pool, carrying the same error.
    const rejected = (await pending) as PoolFailedError;
    expect(rejected).toBeInstanceOf(PoolFailedError);
    expect(rejected.cause).toBe(error);

    // Bounded respawning: every crash was a thread start, and no more than the intensity allows.
    const crashes = events.count('workerCrashed');
    expect(crashes).toBeGreaterThanOrEqual(INTENSITY + 1);
    expect(crashes).toBeLessThanOrEqual(MAX_STARTS);
    const starts = threads.started - startsBefore;
    expect(starts).toBeGreaterThanOrEqual(crashes);
    expect(starts).toBeLessThanOrEqual(MAX_STARTS);
    expect(events.count('workerRestarted')).toBeLessThanOrEqual(INTENSITY + 1);

    // ... and it stays stopped: a thread still loading when the pool gave up is killed, none is
    // left running, and no thread starts afterwards.
    await until(() => threads.live().length === 0, 'every thread of the failed pool stopped', 10_000);
    await sleep(300);
    expect(threads.started - startsBefore).toBe(starts);
    expect(threads.live()).toEqual([]);
    expect(pool.workerSupervisor?.countChildren().active ?? 0).toBe(0);

    // A failed pool refuses work and still closes cleanly.
    expect(await rejectionOf(pool.call('inc', 2))).toBeInstanceOf(PoolFailedError);
    await pool.close();
    await pool.terminate();
    expect(pool.phase).toBe('failed');
    expect(await rejectionOf(pool.call('inc', 3))).toBeInstanceOf(PoolFailedError);
    if (url === INIT_FAILS_URL) {
      // init ran in each thread that started and then failed, but for a thread still loading when
      // the pool gave up: that one (at most one per slot) is killed before it gets that far.
      const inits = log.lines().filter((line) => line.startsWith('init ')).length;
      expect(inits).toBeLessThanOrEqual(starts);
      expect(inits).toBeGreaterThanOrEqual(starts - 2);
    }
    expect(elapsed).toBeLessThan(10_000);
  });
});
