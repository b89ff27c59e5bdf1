import type { WorkerRecord } from '../task-record.js';
import { MAX_TIMER_MS } from '../../supervisor/long-timeout.js';

const ASSIGNED = { type: 'worker.assigned' } as const;
const RELEASED = { type: 'worker.released' } as const;

/** Reports an edge to a worker's actor, unless the actor is already gone (xstate would warn). */
export function tell(worker: WorkerRecord, event: { type: 'worker.assigned' | 'worker.released' } | { type: 'worker.faulted'; error: unknown }): void {
  if (worker.ref.getSnapshot().status === 'active') worker.ref.send(event);
}

/** What the idle stack asks the pool before it retires an extra idle worker. */
export interface RetireView {
  /** Workers above which an idle one may be retired (`size.min`). */
  readonly minSize: number;
  /** ms an extra worker may stay idle (`size.idleTimeout`). */
  readonly idleTimeout: number;
  /** Started workers (not slots: one still starting must not let the last started worker go). */
  started(): number;
  /** Retiring is allowed now (running, nothing queued: queued tasks need the workers). */
  mayRetire(): boolean;
  /** Retires `worker`; false if it could not. */
  retire(worker: WorkerRecord): boolean;
}

/**
 * The pool's idle workers: a stack (the most recently used worker is reused first, the oldest
 * idle one retires first), the deferred busy → idle edge, and the idle-retire timer of a pool
 * with a dynamic size.
 *
 * A parked worker's machine hears `worker.released` one macrotask later, and not at all if a
 * task reaches the worker first, so a caller that awaits each result and submits again pays no
 * transition (the two would cost more than the rest of such a call). The machine's `idle` lags
 * the data plane by at most one turn of the event loop; `status().idleWorkers` is exact.
 *
 * @example
 * ```ts
 * const idle = new IdleWorkers(view);
 * idle.park(worker);           // busy → idle (the machine hears it on the next macrotask)
 * idle.assign(idle.pop()!);    // idle → busy (no event if its release was still pending)
 * ```
 */
export class IdleWorkers {
  private readonly stack: WorkerRecord[] = [];
  private pending: WorkerRecord[] = [];
  private releaseTimer: ReturnType<typeof setImmediate> | undefined;
  private retireTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly view: RetireView) {}

  get size(): number {
    return this.stack.length;
  }

  /** The most recently parked worker. */
  pop(): WorkerRecord | undefined {
    return this.stack.pop();
  }

  /** A worker that just finished `init` joins the stack; its machine is already `idle`. */
  add(worker: WorkerRecord): void {
    worker.idleSince = Date.now();
    this.stack.push(worker);
  }

  /** The worker has nothing to do: busy → idle. */
  park(worker: WorkerRecord): void {
    this.add(worker);
    worker.releasePending = true;
    this.pending.push(worker);
    if (this.releaseTimer === undefined) this.releaseTimer = setImmediate(this.flush);
    this.scheduleRetire();
  }

  /** idle → busy: a worker whose release is still pending never left `busy`, so it needs no event. */
  assign(worker: WorkerRecord): void {
    if (worker.releasePending) worker.releasePending = false;
    else tell(worker, ASSIGNED);
  }

  /** Takes `worker` off the stack if it is there. */
  remove(worker: WorkerRecord): void {
    const index = this.stack.indexOf(worker);
    if (index >= 0) this.stack.splice(index, 1);
  }

  /** Empties the stack and stops both timers (the pool is stopping). */
  clear(): void {
    this.stack.length = 0;
    if (this.releaseTimer !== undefined) clearImmediate(this.releaseTimer);
    this.releaseTimer = undefined;
    if (this.retireTimer !== undefined) clearTimeout(this.retireTimer);
    this.retireTimer = undefined;
  }

  /** Retires extra workers that stayed idle for `idleTimeout` (oldest idle first). */
  scheduleRetire(): void {
    const view = this.view;
    if (this.retireTimer !== undefined || view.started() <= view.minSize || this.stack.length === 0) return;
    const delay = Math.max(0, (this.stack[0] as WorkerRecord).idleSince + view.idleTimeout - Date.now());
    this.retireTimer = setTimeout(() => {
      this.retireTimer = undefined;
      const cutoff = Date.now() - view.idleTimeout;
      // Not while tasks wait (e.g. held by an open circuit), nor re-armed then: the next park()
      // (the queue drained, the circuit closed) schedules again.
      if (!view.mayRetire()) return;
      while (view.started() > view.minSize && this.stack.length > 0 && (this.stack[0] as WorkerRecord).idleSince <= cutoff) {
        if (!view.retire(this.stack[0] as WorkerRecord)) break;
      }
      this.scheduleRetire();
    }, Math.min(delay, MAX_TIMER_MS)); // a longer idleTimeout: this re-arms for the rest
  }

  /** Sends the deferred busy → idle of every worker still parked. */
  private readonly flush = (): void => {
    this.releaseTimer = undefined;
    const workers = this.pending;
    this.pending = [];
    for (const worker of workers) {
      if (!worker.releasePending) continue;
      worker.releasePending = false;
      if (worker.alive) tell(worker, RELEASED);
    }
  };
}
