import type { AnyActorRef } from 'xstate';
import type { Emitter } from 'mitt';
import type { PoolEvents } from './events.js';
import type { PoolCounters, PoolPhase } from './stats.js';
import type { SlotsOwner } from './worker-slots.js';
import { createWorkerRecord, type WorkerRecord } from '../task-record.js';
import type { IdleWorkers } from './idle-workers.js';

/** What the reports act on: the pool's data plane. */
export interface ReportTarget {
  readonly name: string;
  readonly phase: PoolPhase;
  readonly counters: PoolCounters;
  readonly events: Emitter<PoolEvents>;
  readonly slots: { stop(): Promise<void> } | undefined;
  readonly onWorkersFailed: ((error: unknown) => void) | undefined;
  readonly workers: Map<string, WorkerRecord>;
  readonly idle: IdleWorkers;
  readonly resume: (worker: WorkerRecord, ok: boolean, value: unknown) => void;
  fault(worker: WorkerRecord, error: unknown): void;
  wake(): void;
  dispatch(): void;
}

/**
 * How the worker slots' news reaches the pool's data plane: a worker ready, a worker's actor
 * that exited abnormally (the one place a worker crash is counted and announced), a restart,
 * the worker supervisor giving up. The slots call this; it calls the core; nothing calls back.
 *
 * @example
 * ```ts
 * const slots = new WorkerSlots(options, new WorkerReports(core), poolActor);
 * ```
 */
export class WorkerReports<R> implements SlotsOwner<R> {
  private silent = false;

  constructor(private readonly core: ReportTarget) {}

  /** The slots behind these reports were replaced (a recovery): what they still say is old news. */
  silence(): void {
    this.silent = true;
  }

  /** A worker finished `init`: it joins the idle stack; tasks reach it right after. */
  workerReady(workerId: string, slot: string, ref: AnyActorRef, resource: R): void {
    const core = this.core;
    if (this.silent || core.phase === 'closed' || core.phase === 'failed') return;
    const worker = createWorkerRecord(workerId, slot, ref, resource, core.resume);
    core.workers.set(workerId, worker);
    core.idle.add(worker);
    // Reported from the worker machine's action: run tasks (user code) after it, not inside it.
    queueMicrotask(() => {
      if (!worker.alive) return;
      core.dispatch(); // also wakes ready() waiters
      core.idle.scheduleRetire();
    });
  }

  workerExited(workerId: string, error: unknown): void {
    if (this.silent) return;
    const core = this.core;
    core.counters.crashes++;
    // The pool let the worker go itself (timeout, fatal error) or its actor died under it: either
    // way its task was or is now settled, and the crash is announced here, once.
    const worker = core.workers.get(workerId);
    if (worker !== undefined) {
      core.fault(worker, error);
      core.wake();
    }
    core.events.emit('workerCrashed', { pool: core.name, workerId, error });
  }

  workerRestarted(workerId: string): void {
    if (this.silent) return;
    this.core.counters.restarts++;
    this.core.events.emit('workerRestarted', { pool: this.core.name, workerId });
  }

  workersFailed(error: unknown): void {
    if (this.silent) return;
    this.core.onWorkersFailed?.(error);
  }

  workersStarted(): void {
    if (this.silent) return;
    const core = this.core;
    if (core.phase === 'closed' || core.phase === 'failed') void core.slots?.stop();
    else core.dispatch();
  }

  disposeFailed(workerId: string, error: unknown): void {
    this.core.events.emit('disposeFailed', { pool: this.core.name, workerId, error });
  }
}
