import type { AnyActorRef, Subscription } from 'xstate';
import type { PoolHost } from '../../actors/pool.machine.js';
import { PoolClosedError, PoolFailedError, PoolRecoveringError } from '../errors.js';
import { backoffDelay } from '../backoff.js';
import { stopLingering } from './worker-exits.js';
import { forgetReservations } from './reservations.js';
import { SETTLED } from '../task-record.js';
import { refuse } from './admission.js';
import type { PoolEvents } from './events.js';
import type { PoolCore } from './pool-core.js';
import { longTimeout } from '../../supervisor/long-timeout.js';
import { finishCancelled } from './cancels.js';

/**
 * What the pool machine drives ({@link PoolHost}): each method carries out one step of the
 * lifecycle the machine decided on, over the data plane ({@link PoolCore}) and its children.
 * It also holds the pool's `stopped` promise, which resolves once every one of its actors is gone.
 *
 * @example
 * ```ts
 * const lifecycle = new PoolLifecycle(core, actor); // `open` of the pool machine's input
 * ```
 */
export class PoolLifecycle<R> implements PoolHost {
  /** Resolves when the pool has closed or failed and every one of its actors has stopped. */
  readonly stopped: Promise<void>;
  private resolveStopped!: () => void;
  private removeBaseAbort: (() => void) | undefined;
  private stopping: Promise<void> | undefined;
  private inspection: Subscription | undefined;

  constructor(
    readonly core: PoolCore<R>,
    private readonly self: AnyActorRef,
  ) {
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve));
    core.onWorkersFailed = (error) => {
      if (self.getSnapshot().status === 'active') self.send({ type: 'pool.workersFailed', error });
    };
  }

  start(): void {
    // A pool under a supervisor joined the root's actor system: its own `inspect` observes that system.
    const inspect = this.core.options.inspect;
    if (inspect !== undefined && this.self._parent !== undefined) this.inspection = this.self.system.inspect(inspect);
    this.core.start(this.self);
    const base = this.core.options.signal;
    if (base === undefined) return;
    const onAbort = () => this.onBaseAbort(base.reason);
    if (base.aborted) queueMicrotask(onAbort);
    else {
      base.addEventListener('abort', onAbort, { once: true });
      this.removeBaseAbort = () => base.removeEventListener('abort', onAbort);
    }
  }

    stopAccepting(why: 'closing' | 'terminated'): void {
    this.afterTransition(() => this.stopAcceptingNow(why));
  }

  private stopAcceptingNow(why: 'closing' | 'terminated'): void {
    const core = this.core;
    if (core.phase === 'running' || core.phase === 'recovering') core.phase = 'closing';
    core.recovery = undefined;
    // Closing finishes what the pool holds: a paused pool resumes to drain its queue.
    if (core.paused) {
      core.paused = false;
      queueMicrotask(() => core.dispatchIfRunning());
    }
    this.refuseWaiting('closing', new PoolClosedError(core.name, why === 'terminated' ? 'it was terminated' : 'it closed while the task waited for room'));
  }

  /** `submitWait` callers still waiting for room are refused: counted and announced as any refusal. */
  private refuseWaiting(reason: 'closing' | 'failed' | 'recovering', error: Error): void {
    const refused = this.core.waiters.failRoomWaiters(error);
    for (let i = 0; i < refused; i++) refuse(this.core, reason, error);
  }

  drain(timeout: number | undefined): Promise<'drained' | 'timedOut'> {
    const core = this.core;
    return new Promise((resolve) => {
      const timer = timeout === undefined ? undefined : longTimeout(() => resolve('timedOut'), timeout);
      core.waiters.waitFor(
        // A worker in its timeoutGrace still runs the timed-out code: its resource is not disposed under it.
        () => core.queue.size === 0 && core.running === 0 && core.retries.size === 0 && core.lingering === 0,
        () => {
          timer?.cancel();
          resolve('drained');
        },
      );
    });
  }

    abortAll(why: 'terminated' | { closeTimedOut: number }): void {
    this.afterTransition(() => this.abortAllNow(why));
  }

  private abortAllNow(why: 'terminated' | { closeTimedOut: number }): void {
    const detail = why === 'terminated' ? 'it was terminated' : `close timed out after ${why.closeTimedOut} ms`;
    this.cancelAll(new PoolClosedError(this.core.name, detail), 'settle');
  }

  /** Stops the workers and the breaker; shared by close, failure and a forced stop. */
  stopActors(): Promise<void> {
    this.stopping ??= (async () => {
      const core = this.core;
      this.stopTimers();
      this.letGoAll();
      await core.slots?.stop().catch(() => undefined);
      this.removeBaseAbort?.();
      core.breaker?.stop();
      this.stopTimers();
      this.inspection?.unsubscribe();
    })();
    return this.stopping;
  }

  closed(): void {
    // `stopped` resolves after the `closed` event: whoever awaits close() has heard it.
    this.afterTransition(() => this.closedNow(), () => this.resolveStopped());
  }

  private closedNow(): void {
    const core = this.core;
    if (core.phase === 'failed' || core.phase === 'closed') return;
    core.phase = 'closed';
    core.idle.clear();
    // Tasks aborted by terminate / a close timeout whose code never returned are abandoned with
    // their workers: nothing runs any more, so onIdle / onEmpty waiters must not hang.
    core.running = 0;
    core.wake();
    core.events.emit('closed', { pool: core.name });
  }

  failed(error: unknown): void {
    this.afterTransition(() => this.failedNow(error));
  }

  private failedNow(error: unknown): void {
    const core = this.core;
    if (core.phase === 'failed' || core.phase === 'closed') return;
    core.phase = 'failed';
    this.dropEverything('failed', new PoolFailedError(core.name, error));
    this.failure = error;
    core.events.emit('failed', { pool: core.name, error });
    core.wake();
    void this.stopActors().then(() => this.resolveStopped());
  }

  failure: unknown = undefined;

  /** The workers gave up: refuse what waits for room, let every worker go, reject every task it held. */
  private dropEverything(why: 'failed' | 'recovering', reason: Error): void {
    const core = this.core;
    this.refuseWaiting(why, reason);
    // Out of service first: a running thread call that is rejected must not refill its slot.
    this.letGoAll();
    this.cancelAll(reason, 'settle');
    // A call its thread started ahead cannot be taken back from a worker already out of service.
    forgetReservations(core);
    core.workers.clear();
    core.running = 0;
    this.stopTimers();
  }

  get recovers(): boolean {
    return this.core.options.recovery !== false;
  }

  /** Failures in a row (one within `resetAfter` of the last comeback continues the streak). */
  private streak = 0;
  private lastRecoveredAt = Number.NEGATIVE_INFINITY;

  recovering(error: unknown): void {
    this.afterTransition(() => this.recoveringNow(error));
  }

  private recoveringNow(error: unknown): void {
    const core = this.core;
    const recovery = core.options.recovery;
    if (core.phase !== 'running' || recovery === false) return;
    const at = Date.now();
    this.streak = at - this.lastRecoveredAt <= recovery.resetAfter ? this.streak + 1 : 1;
    const retryAt = at + backoffDelay(recovery.backoff, this.streak);
    core.recovery = { retryAt, attempt: this.streak, cause: error };
    core.phase = 'recovering';
    // As a failure, but every task it held is rejected with the way back.
    this.dropEverything('recovering', new PoolRecoveringError(core.name, error, retryAt, this.streak));
    core.events.emit('recovering', { pool: core.name, error, attempt: this.streak, retryAt });
    core.wake();
  }

  async recover(signal: AbortSignal): Promise<void> {
    const core = this.core;
    await core.slots?.stop().catch(() => undefined);
    const wait = Math.max(0, (core.recovery?.retryAt ?? 0) - Date.now());
    await new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = longTimeout(resolve, wait);
      signal.addEventListener('abort', () => (timer.cancel(), resolve()), { once: true });
    });
    // Closed or terminated meanwhile: the machine has left `recovering`, start nothing.
    if (signal.aborted || core.phase !== 'recovering') return;
    try {
      core.openSlots(this.self);
    } catch (error) {
      // Reported as any failure of the workers, once the pool is `running` again: it recovers anew.
      setTimeout(() => core.onWorkersFailed?.(error), 0);
    }
  }

  recovered(): void {
    this.afterTransition(() => {
      const core = this.core;
      if (core.phase !== 'recovering') return;
      core.phase = 'running';
      core.recovery = undefined;
      this.lastRecoveredAt = Date.now();
      core.events.emit('recovered', { pool: core.name, attempt: this.streak });
      core.wake();
    });
  }

  killed(): void {
    const core = this.core;
    if (core.phase === 'running' || core.phase === 'closing') {
      this.afterTransition(() => {
        this.stopAcceptingNow('terminated');
        this.abortAllNow('terminated');
      });
    }
    // As an OTP supervisor killed brutally: its children die with it, at once, and nothing they
    // would report reaches the stopped pool. Their resources are still released.
    this.stopTimers();
    this.letGoAll();
    core.breaker?.stop();
    this.removeBaseAbort?.();
    this.inspection?.unsubscribe();
    void (core.slots?.kill() ?? Promise.resolve()).then(() => {
      if (core.phase !== 'failed') this.closedNow();
      this.resolveStopped();
    });
  }

  /**
   * Runs `work` (called from a pool machine's action) with the pool's events held back, then emits
   * them on the next microtask: listeners are user code, and user code must not run in the middle
   * of a machine's transition (it could start actors there, and it would see a half-taken step).
   * Tasks still settle and counters still move at once.
   */
  private afterTransition(work: () => void, then?: () => void): void {
    const events = this.core.events;
    const emit = events.emit;
    const emitHeld = emit as (type: keyof PoolEvents, event: unknown) => void;
    const held: Array<[keyof PoolEvents, unknown]> = [];
    events.emit = ((type: keyof PoolEvents, event?: unknown) => void held.push([type, event])) as typeof emit;
    try {
      work();
    } finally {
      events.emit = emit;
      if (held.length > 0 || then !== undefined) {
        queueMicrotask(() => {
          for (const [type, event] of held) emitHeld(type, event);
          then?.();
        });
      }
    }
  }

  /** Settles every queued task and every running one with `reason` (or only aborts the running ones). */
  private cancelAll(reason: unknown, running: 'settle' | 'abortOnly'): void {
    const core = this.core;
    for (const worker of [...core.workers.values()]) if (worker.reserved !== undefined) finishCancelled(core, worker.reserved, reason);
    for (const task of core.queue.drain()) finishCancelled(core, task, reason);
    for (const task of core.retries.drain()) finishCancelled(core, task, reason);
    for (const worker of [...core.workers.values()]) {
      const task = worker.task;
      if (task === undefined || task.state === SETTLED) continue;
      if (running === 'settle') finishCancelled(core, task, reason);
      else task.abort(reason);
    }
    core.wake();
  }

  /** Nothing may be retired, reparked or timed out any more: the pool is stopping. */
  private stopTimers(): void {
    this.core.idle.clear();
    this.core.deadlines.clear();
    this.core.limiter?.stop();
  }

  /** Every worker is out of service (the pool closed or failed); their late results are ignored. */
  private letGoAll(): void {
    for (const worker of this.core.workers.values()) {
      worker.alive = false;
      stopLingering(this.core, worker);
      if (worker.task !== undefined) this.core.clearDeadline(worker.task);
    }
    this.core.idle.clear();
  }

  /** The base signal aborted: close, reject what has not started, abort what runs. */
  private onBaseAbort(reason: unknown): void {
    const core = this.core;
    if (core.phase !== 'running') return;
    this.self.send({ type: 'pool.close' });
    // Threads can be stopped: a running call rejects with the reason and its thread is terminated.
    // In-process code only sees its signal abort and finishes as it decides.
    this.cancelAll(reason, core.abortKillsWorker ? 'settle' : 'abortOnly');
  }
}
