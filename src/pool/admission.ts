import type { Emitter } from 'mitt';
import type { CircuitBreaker } from '../circuit-breaker.js';
import { CircuitOpenError, PoolClosedError, PoolFailedError, PoolRecoveringError, QueueFullError } from '../errors.js';
import { InvalidOptionError } from '../../supervisor/errors.js';
import { isAbortSignal } from '../pool-options.js';
import type { SubmitOptions } from '../task-context.js';
import type { PoolEvents, RejectionReason } from './events.js';
import type { PoolCounters, PoolPhase } from './stats.js';
import { checkOptions } from '../../supervisor/option-keys.js';
import { normalizeRetry, type NormalizedRetry } from './policy-options.js';

/** What admission reads of the pool (its data plane satisfies it). */
export interface Gate {
  readonly name: string;
  readonly phase: PoolPhase;
  readonly breaker: CircuitBreaker | undefined;
  readonly options: { readonly taskTimeout: number | false; readonly maxQueueSize: number; readonly retry: NormalizedRetry | undefined };
  /** What a task submitted with no options gets: the pool's defaults, made once. */
  readonly defaults: Admitted;
  readonly slots: { readonly failureCause: unknown } | undefined;
  readonly recovery: { readonly retryAt: number; readonly attempt: number; readonly cause: unknown } | undefined;
  readonly counters: PoolCounters;
  readonly events: Emitter<PoolEvents>;
  hasRoom(): boolean;
  hasListeners(type: keyof PoolEvents): boolean;
}

/** The keys of submit options (`transfer` is a thread pool's). */
const SUBMIT_OPTIONS = ['signal', 'timeout', 'priority', 'label', 'retry', 'transfer'];

/** Longest task label: a label is a metric attribute, not a place for data. */
export const MAX_LABEL_LENGTH = 200;

/** A task's checked options. */
export interface Admitted {
  priority: number;
  timeout: number | false;
  /** A per-task `timeout` was given: a deadline from submission, with a timer of its own. */
  explicitTimeout: boolean;
  label: string | undefined;
  retry: NormalizedRetry | undefined;
}

/**
 * Validates a task and its options; throws `TypeError`. Nothing is counted: a malformed call is
 * a programming error, not a refusal.
 *
 * @example
 * ```ts
 * checkTask(core, () => 1, { priority: 2 }); // { priority: 2, timeout: 30000, explicitTimeout: false }
 * ```
 */
export function checkTask(core: Gate, fn: unknown, opts: SubmitOptions | undefined): Admitted {
  if (typeof fn !== 'function') throw new TypeError(`Pool "${core.name}": a task must be a function, got ${typeof fn}.`);
  // The common call has no options: it shares one answer, nothing is allocated per task.
  if (opts === undefined) return core.defaults;
  checkOptions(opts, '', SUBMIT_OPTIONS);
  // Checked before the task is accepted: a signal that cannot be listened to would lose the task.
  if (opts.signal !== undefined && !isAbortSignal(opts.signal)) throw new InvalidOptionError('signal', opts.signal, 'an AbortSignal');
  const priority = opts?.priority ?? 0;
  if (typeof priority !== 'number' || Number.isNaN(priority)) throw new TypeError(`Pool "${core.name}": priority must be a number.`);
  const timeout = opts?.timeout === undefined ? core.options.taskTimeout : opts.timeout;
  if (timeout !== false && (typeof timeout !== 'number' || !(timeout > 0) || !Number.isFinite(timeout))) {
    throw new TypeError(`Pool "${core.name}": timeout must be a finite number of ms > 0 or false.`);
  }
  const label = opts.label;
  if (label !== undefined && (typeof label !== 'string' || label.length === 0 || label.length > MAX_LABEL_LENGTH)) {
    throw new InvalidOptionError('label', label, `a non-empty string of at most ${MAX_LABEL_LENGTH} characters`);
  }
  const retry = opts.retry === undefined ? core.options.retry : normalizeRetry(opts.retry, 'retry');
  return { priority, timeout, explicitTimeout: opts?.timeout !== undefined && opts.timeout !== false, label, retry };
}

/**
 * Decides whether the pool takes a task now: it must be running, its circuit must let a task
 * through, and its queue must have room (or a worker be idle). Throws the refusal's typed error,
 * counted in `rejected` and announced as `taskRejected`.
 *
 * @example
 * ```ts
 * const admitted = admit(core, task, options); // throws QueueFullError, CircuitOpenError, ...
 * ```
 */
export function admit(core: Gate, fn: unknown, opts: SubmitOptions | undefined, defaultLabel?: string): Admitted {
  const admitted = checkTask(core, fn, opts);
  const label = admitted.label ?? defaultLabel;
  if (core.phase !== 'running') {
    const recovery = core.recovery;
    if (core.phase === 'recovering' && recovery !== undefined) {
      throw refuse(core, 'recovering', new PoolRecoveringError(core.name, recovery.cause, recovery.retryAt, recovery.attempt), label);
    }
    if (core.phase === 'failed') throw refuse(core, 'failed', new PoolFailedError(core.name, core.slots?.failureCause), label);
    const closing = core.phase === 'closing';
    throw refuse(core, closing ? 'closing' : 'closed', new PoolClosedError(core.name, closing ? 'it is closing and takes no new tasks' : 'it is closed'), label);
  }
  const breaker = core.breaker;
  if (breaker !== undefined && !breaker.canDispatch()) {
    const open = breaker.state === 'open';
    throw refuse(core, 'circuit_open', new CircuitOpenError(core.name, open ? 'open' : 'halfOpen', open ? breaker.retryAt : undefined), label);
  }
  if (!core.hasRoom()) throw refuse(core, 'queue_full', new QueueFullError(core.name, core.options.maxQueueSize), label);
  return admitted;
}

/** What {@link hasRoom} reads of the pool. */
export interface RoomView {
  readonly options: { readonly maxQueueSize: number; readonly size: number };
  /** Accepted tasks not started yet (queued, or sent ahead to a busy worker). */
  readonly queued: number;
  readonly retries: { readonly size: number };
  readonly idle: { readonly size: number };
  readonly slots: { readonly size: number; readonly growingWorkers: number } | undefined;
}

/**
 * Room for one more task: in the queue, on an idle worker, or on a worker started for it (a free
 * slot, or one being started for the tasks already waiting: each takes one task beyond
 * `maxQueueSize`). So a hand-off pool (`maxQueueSize: 0`) that can grow starts a worker for it.
 * A task waiting to be tried again holds its place: it rejoins the queue when its wait is over. An
 * idle worker can take one more at once; if something holds it back (a pause, a rate window), it
 * queues, and what waits to be tried again must still fit when it comes back.
 *
 * @example
 * ```ts
 * if (!hasRoom(core)) throw new QueueFullError(core.name, core.options.maxQueueSize);
 * ```
 */
export function hasRoom(core: RoomView): boolean {
  const max = core.options.maxQueueSize;
  const queued = core.queued;
  const held = queued + core.retries.size;
  const idle = core.idle.size;
  if (held < max || (idle > 0 && queued === 0 && held < max + idle)) return true;
  const slots = core.slots;
  return slots !== undefined && held < max + core.options.size - slots.size + slots.growingWorkers;
}

/** Whether a submission now would only wait for room (every other refusal is immediate). */
export function onlyRoomIsMissing(core: Gate): boolean {
  return core.phase === 'running' && (core.breaker === undefined || core.breaker.canDispatch()) && !core.hasRoom();
}

/** Counts one refused submission and announces it; returns the error to throw or reject with. */
export function refuse(core: Gate, reason: RejectionReason, error: Error, label?: string): Error {
  core.counters.rejected++;
  if (core.hasListeners('taskRejected')) core.events.emit('taskRejected', { pool: core.name, reason, label });
  return error;
}
