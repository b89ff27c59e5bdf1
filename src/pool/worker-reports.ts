import type { AnyActorRef } from 'xstate';
import type { PoolCore } from './pool-core.js';
import type { SlotsOwner } from './worker-slots.js';

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
  constructor(private readonly core: PoolCore<R>) {}

  workerReady(workerId: string, slot: string, ref: AnyActorRef, resource: R): void {
    this.core.addWorker(workerId, slot, ref, resource);
  }

  workerExited(workerId: string, error: unknown): void {
    const core = this.core;
    core.counters.crashes++;
    // The pool let the worker go itself (timeout, fatal error) or its actor died under it: either
    // way its task was or is now settled, and the crash is announced here, once.
    core.lose(workerId, error);
    core.events.emit('workerCrashed', { pool: core.name, workerId, error });
  }

  workerRestarted(workerId: string): void {
    this.core.counters.restarts++;
    this.core.events.emit('workerRestarted', { pool: this.core.name, workerId });
  }

  workersFailed(error: unknown): void {
    this.core.onWorkersFailed?.(error);
  }

  workersStarted(): void {
    const core = this.core;
    if (core.phase === 'closed' || core.phase === 'failed') void core.slots?.stop();
    else core.dispatch();
  }

  disposeFailed(workerId: string, error: unknown): void {
    this.core.events.emit('disposeFailed', { pool: this.core.name, workerId, error });
  }
}
