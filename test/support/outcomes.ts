/** Outcome helpers shared by the pool and thread-pool suites. */
import type { Emitter } from 'mitt';
import type { PoolEvents } from '../../src/index.js';

/** The rejection reason of `promise`; throws (failing the test) if it fulfils instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error;
  }
  throw new Error(`expected a rejection, got ${String(value)}`);
}

/** Records every event of a pool (in-process or threads) in order. */
export function recordEvents(pool: { events: Emitter<PoolEvents> }) {
  const log: Array<{ type: keyof PoolEvents; event: any }> = [];
  pool.events.on('*', (type, event) => {
    log.push({ type, event });
  });
  return {
    log,
    count: (type: keyof PoolEvents) => log.filter((entry) => entry.type === type).length,
    of: <K extends keyof PoolEvents>(type: K) => log.filter((entry) => entry.type === type).map((entry) => entry.event as PoolEvents[K]),
    types: () => log.map((entry) => entry.type),
  };
}
