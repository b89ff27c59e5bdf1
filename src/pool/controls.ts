import { InvalidOptionError } from '../../supervisor/errors.js';
import { PoolClosedError } from '../errors.js';
import { normalizeSize, type PoolSizeRange } from '../pool-options.js';
import type { WorkerRecord } from '../task-record.js';
import type { PoolCore } from './pool-core.js';
import { releaseAll } from './reservations.js';

/**
 * `pause()`: no task starts until `resumePool`; queued ones wait (and `maxQueueSize` still
 * bounds the queue), running ones finish. Returns false if it was already paused.
 *
 * @example
 * ```ts
 * pausePool(core); // a deploy of the downstream begins
 * ```
 */
export function pausePool(core: PoolCore<any>): boolean {
  if (core.paused) return false;
  core.paused = true;
  releaseAll(core);
  core.events.emit('paused', { pool: core.name });
  return true;
}

/**
 * `resume()`: tasks start again. Returns false if it was not paused.
 *
 * @example
 * ```ts
 * resumePool(core);
 * ```
 */
export function resumePool(core: PoolCore<any>): boolean {
  if (!core.paused) return false;
  core.paused = false;
  core.events.emit('resumed', { pool: core.name });
  core.dispatchIfRunning();
  return true;
}

/**
 * While `resize()` shrinks the pool: a worker just freed of its task leaves (retired, reason
 * `'resize'`) if there are still more than `size`; otherwise the shrink is over. Returns whether
 * the worker left.
 *
 * @example
 * ```ts
 * if (core.shrinking && leaveForResize(core, worker)) return;
 * ```
 */
export function leaveForResize(core: PoolCore<any>, worker: WorkerRecord): boolean {
  const slots = core.slots;
  if (slots === undefined || slots.size <= core.options.size) {
    core.shrinking = false;
    return false;
  }
  return core.retire(worker, 'resize');
}

/**
 * `resize(size)`: changes how many workers the pool runs, at once for idle workers and as they
 * finish for busy ones. More: a fixed pool starts the new workers now, a ranged one as tasks wait.
 * Fewer: idle workers above the new size are retired now, busy ones when their task ends (their
 * task is never cut short). `cap` is the backend's own limit (a thread pool's thread cap).
 *
 * @example
 * ```ts
 * resizePool(core, 20);
 * resizePool(core, { min: 2, max: 16 });
 * ```
 */
export function resizePool(core: PoolCore<any>, size: number | PoolSizeRange, cap = Infinity): void {
  if (size === undefined) throw new InvalidOptionError('size', size, 'a number or { min, max, idleTimeout }');
  const next = normalizeSize(size);
  if (next.size > cap) throw new InvalidOptionError(typeof size === 'object' ? 'size.max' : 'size', next.size, `an integer from 1 to ${cap}`);
  if (core.phase !== 'running' && core.phase !== 'recovering') throw new PoolClosedError(core.name, `it is ${core.phase} and cannot be resized`);
  const options = core.options;
  const previous = options.size;
  options.size = next.size;
  options.minSize = next.minSize;
  options.idleTimeout = next.idleTimeout;
  const slots = core.slots;
  if (slots !== undefined) {
    // Fewer: the idle ones go first (the busy ones follow as they finish, see `park`).
    while (slots.size > options.size && core.idle.size > 0) {
      if (!core.retire(core.idle.pop() as WorkerRecord, 'resize')) break;
    }
    // The busy ones leave as their tasks end, before taking another (see PoolCore.shrink).
    core.shrinking = slots.size > options.size;
    slots.fill(options.minSize);
  }
  core.events.emit('resized', { pool: core.name, size: options.size, previous });
  core.dispatchIfRunning();
  core.idle.scheduleRetire();
}
