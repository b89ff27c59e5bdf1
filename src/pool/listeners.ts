import type { EventListeners } from '../../supervisor/emitter.js';
import type { PoolEvents } from './events.js';

/**
 * Every event name of {@link PoolEvents}, for checking a pool's `on` option at run time. Typed as a
 * record of the event map's keys, so an event added to the map and not here (or removed from it
 * and left here) is a compile error.
 */
export const POOL_EVENT_NAMES = Object.keys({
  taskQueued: true,
  taskStarted: true,
  taskSucceeded: true,
  taskFailed: true,
  taskTimedOut: true,
  taskCancelled: true,
  taskRetried: true,
  taskRejected: true,
  workerCrashed: true,
  workerRestarted: true,
  workerRetired: true,
  disposeFailed: true,
  circuitOpened: true,
  circuitHalfOpened: true,
  circuitClosed: true,
  drained: true,
  closed: true,
  failed: true,
  recovering: true,
  recovered: true,
  paused: true,
  resumed: true,
  resized: true,
} satisfies Record<keyof PoolEvents, true>) as (keyof PoolEvents)[];

/**
 * The `on` option of `createPool`, `createThreadPool` and `poolSpec`: listeners subscribed to the
 * pool's events before its first worker starts. Under a supervisor, every incarnation of the pool
 * (a restart opens a fresh one) starts with them.
 *
 * @example
 * ```ts
 * const on: PoolListeners = { workerCrashed: ({ workerId, error }) => log.warn(workerId, error) };
 * const pool = createPool({ size: 2, on });
 * ```
 */
export type PoolListeners = EventListeners<PoolEvents>;
