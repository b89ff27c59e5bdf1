import type { AnyActorRef } from 'xstate';
import type { PoolHost } from '../../actors/pool.machine.js';
import { PoolClosedError, PoolFailedError } from '../errors.js';
import type { PoolCore } from './pool-core.js';

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
    const core = this.core;
    if (core.phase === 'running') core.phase = 'closing';
    core.waiters.failRoomWaiters(new PoolClosedError(core.name, why === 'terminated' ? 'it was terminated' : 'it closed while the task waited for room'));
  }

  drain(timeout: number | undefined): Promise<'drained' | 'timedOut'> {
    const core = this.core;
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      if (timeout !== undefined) timer = setTimeout(() => resolve('timedOut'), timeout);
      core.waiters.waitFor(
        () => core.queue.size === 0 && core.running === 0,
        () => {
          if (timer !== undefined) clearTimeout(timer);
          resolve('drained');
        },
      );
    });
  }

  abortAll(why: 'terminated' | { closeTimedOut: number }): void {
    const detail = why === 'terminated' ? 'it was terminated' : `close timed out after ${why.closeTimedOut} ms`;
    this.core.cancelAll(new PoolClosedError(this.core.name, detail), 'settle');
  }

  /** Stops the workers and the breaker; shared by close, failure and a forced stop. */
  stopActors(): Promise<void> {
    this.stopping ??= (async () => {
      const core = this.core;
      core.stopTimers();
      core.letGoAll();
      await core.slots?.stop().catch(() => undefined);
      this.removeBaseAbort?.();
      core.breaker?.stop();
      core.stopTimers();
    })();
    return this.stopping;
  }

  closed(): void {
    const core = this.core;
    if (core.phase === 'failed' || core.phase === 'closed') return;
    core.phase = 'closed';
    core.idle.length = 0;
    // Tasks aborted by terminate / a close timeout whose code never returned are abandoned with
    // their workers: nothing runs any more, so onIdle / onEmpty waiters must not hang.
    core.running = 0;
    core.waiters.wake();
    core.events.emit('closed', { pool: core.name });
    this.resolveStopped();
  }

  failed(error: unknown): void {
    const core = this.core;
    if (core.phase === 'failed' || core.phase === 'closed') return;
    core.phase = 'failed';
    const reason = new PoolFailedError(core.name, error);
    core.waiters.failRoomWaiters(reason);
    // Out of service first: a running thread call that is rejected must not refill its slot.
    core.letGoAll();
    core.cancelAll(reason, 'settle');
    core.workers.clear();
    core.running = 0;
    core.stopTimers();
    this.failure = error;
    core.events.emit('failed', { pool: core.name, error });
    core.waiters.wake();
    void this.stopActors().then(() => this.resolveStopped());
  }

  failure: unknown = undefined;

  killed(): void {
    const core = this.core;
    if (core.phase === 'running' || core.phase === 'closing') {
      this.stopAccepting('terminated');
      this.abortAll('terminated');
    }
    // As an OTP supervisor killed brutally: its children die with it, at once, and nothing they
    // would report reaches the stopped pool. Their resources are still released.
    core.stopTimers();
    core.letGoAll();
    core.breaker?.stop();
    this.removeBaseAbort?.();
    void (core.slots?.kill() ?? Promise.resolve()).then(() => {
      if (core.phase === 'failed') this.resolveStopped();
      else this.closed();
    });
  }

  /** The base signal aborted: close, reject what has not started, abort what runs. */
  private onBaseAbort(reason: unknown): void {
    const core = this.core;
    if (core.phase !== 'running') return;
    this.self.send({ type: 'pool.close' });
    // Threads can be stopped: a running call rejects with the reason and its thread is terminated.
    // In-process code only sees its signal abort and finishes as it decides.
    core.cancelAll(reason, core.abortKillsWorker ? 'settle' : 'abortOnly');
  }
}
