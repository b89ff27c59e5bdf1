import type { CircuitState } from '../circuit-breaker.js';
import type { PoolCore } from './pool-core.js';
import { releaseAll } from './reservations.js';

/**
 * What the pool does when its breaker changes state: a circuit that is no longer closed takes
 * back the calls sent ahead to busy threads (they wait in the queue, held); the change is
 * announced; a circuit that lets tasks through again starts what waits.
 *
 * @example
 * ```ts
 * new CircuitBreaker(options, (state) => circuitChanged(core, state), poolActor);
 * ```
 */
export function circuitChanged(core: PoolCore<any>, state: CircuitState): void {
  if (state !== 'closed') releaseAll(core);
  if (state === 'open') core.events.emit('circuitOpened', { pool: core.name, retryAt: core.breaker?.retryAt });
  else if (state === 'halfOpen') core.events.emit('circuitHalfOpened', { pool: core.name });
  else core.events.emit('circuitClosed', { pool: core.name });
  if (state !== 'open' && core.phase !== 'failed' && core.phase !== 'closed') core.dispatch();
}
