import type { AsyncResource } from 'node:async_hooks';
import type { AnyActorRef } from 'xstate';
import type { BreakerTicket } from './circuit-breaker.js';
import type { QueueNode } from './task-queue.js';
import type { DeadlineNode } from './deadlines.js';
import type { Task, TaskContext, TaskHandle } from './task-context.js';
import type { LongTimeout } from '../supervisor/long-timeout.js';
import type { NormalizedRetry } from './pool/policy-options.js';

export const QUEUED = 0;
export const RUNNING = 1;
export const SETTLED = 2;
/** Between two tries of a task with `retry`: in no queue, on no worker, a timer running. */
export const WAITING = 3;

/** A task's retries so far (only a task with `retry` has one). */
export interface RetryState {
  readonly policy: NormalizedRetry;
  /** The try under way or next (1 = the first). */
  attempt: number;
  /** The task's own `timeout`: each try gets a timer of its own from when it is queued. */
  readonly explicitTimeout: boolean;
  /** The wait before the next try. */
  timer: LongTimeout | undefined;
}

/** The pool's view of a worker on the hot path: plain fields; its actor hears only edges. */
export interface WorkerRecord {
  readonly id: string;
  /** The worker supervisor's child id of its slot (`worker-3`). */
  readonly slot: string;
  /** The worker's actor (a child of the worker supervisor). */
  readonly ref: AnyActorRef;
  readonly resource: unknown;
  /** Date.now() when it last went idle. */
  idleSince: number;
  task: TaskRecord | undefined;
  /** In service: false once the pool let it go (crash, retire, close); late results are ignored. */
  alive: boolean;
  /** Parked idle, but its machine still says `busy` until the deferred release is sent. */
  releasePending: boolean;
  /** The task sent ahead to it while it runs `task` (threads: see pool/reservations.ts). */
  reserved: TaskRecord | undefined;
  /**
   * Its task timed out and the worker waits for that task's code to return (`timeoutGrace`): the
   * timer that abandons it if it does not. The worker takes no task meanwhile.
   */
  lingering: LongTimeout | undefined;
  /** Settle callbacks for the worker's async tasks, made once per worker. */
  readonly onFulfilled: (value: unknown) => void;
  readonly onRejected: (error: unknown) => void;
}

/** What a task record needs of the pool that accepted it. */
export interface TaskOwner {
  readonly idPrefix: string;
  /** `handle.cancel(reason)`: false when the task had already settled. */
  cancel(task: TaskRecord, reason: unknown): boolean;
}

/** An abort that came before anyone read `ctx.signal`: its reason, for the signal made later. */
class EarlyAbort {
  constructor(readonly reason: unknown) {}
}

/**
 * The start of the two times a task gets only once it runs (`startedAt`, `deadline`). Not 0: a
 * field V8 first sees holding a number becomes a double field, and every record would then carry a
 * 16-byte box for each from birth; starting as `undefined`, a queued task carries none (33 B less
 * per queued task, measured). Nothing reads them before they are set.
 */
const UNSET = undefined as unknown as number;

let capturedResolve: ((value: unknown) => void) | undefined;
let capturedReject: ((error: unknown) => void) | undefined;

/** The executor of every task's promise: `new Promise` calls it at once, synchronously. */
function capture(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}

/**
 * One accepted task: queue node, task context and handle at once, so accepting a task
 * allocates one object (plus a promise only if someone asks for the result).
 * The promise is lazy: a fire-and-forget task that fails raises no unhandled rejection.
 */
export class TaskRecord implements QueueNode, DeadlineNode, TaskContext<unknown>, TaskHandle<unknown>, BreakerTicket {
  // queue links while queued; deadline-list links while running
  priority: number;
  prev: any = undefined;
  next: any = undefined;
  level: QueueNode['level'] = undefined;
  deadline = UNSET;
  deadlineList: DeadlineNode['deadlineList'] = undefined;
  // breaker ticket
  generation = 0;
  probe = false;
  // lifecycle
  state = QUEUED;
  worker: WorkerRecord | undefined = undefined;
  /** Timer of a per-task `timeout` (a deadline from submission); default timeouts use deadline lists. */
  timer: LongTimeout | undefined = undefined;
  enqueuedAt: number;
  startedAt = UNSET;
  /** `SubmitOptions.label`. */
  label: string | undefined = undefined;
  /** Set when the task may be tried again (`retry`). */
  retry: RetryState | undefined = undefined;
  removeAbortListener: (() => void) | undefined = undefined;
  /** The submitter's async context, for a task that waits in the queue (see `propagateContext`). */
  scope: AsyncResource | undefined = undefined;
  // outcome
  private ok = false;
  private value: unknown = undefined;
  private promise: Promise<unknown> | undefined = undefined;
  private resolveFn: ((value: unknown) => void) | undefined = undefined;
  private rejectFn: ((error: unknown) => void) | undefined = undefined;
  /**
   * `ctx.signal`'s controller once someone read the signal; before that, an abort's reason is kept
   * in an {@link EarlyAbort} (the signal is made aborted if it is read later). One field for both:
   * most tasks never read their signal nor are aborted.
   */
  private abortState: AbortController | EarlyAbort | undefined = undefined;

  constructor(
    /** The pool's prefix of task ids. */
    /** The pool that accepted it: its task id prefix, and where `cancel()` goes. */
    private readonly owner: TaskOwner,
    /** The task's number in its pool; its id is `<idPrefix>-<seq>`. */
    readonly seq: number,
    readonly fn: Task<unknown, unknown>,
    priority: number,
    readonly timeoutMs: number | false,
    now: number,
  ) {
    this.priority = priority;
    this.enqueuedAt = now;
  }

  /** Built on demand: most tasks never need their id as a string. */
  get id(): string {
    return `${this.owner.idPrefix}-${this.seq}`;
  }

  /** The pool's prefix of task ids. */
  get idPrefix(): string {
    return this.owner.idPrefix;
  }

  // ---- TaskContext
  get signal(): AbortSignal {
    const state = this.abortState;
    if (state instanceof AbortController) return state.signal;
    const controller = new AbortController();
    if (state !== undefined) controller.abort(state.reason);
    this.abortState = controller;
    return controller.signal;
  }

  get workerId(): string {
    return this.worker?.id ?? '';
  }

  get resource(): unknown {
    return this.worker?.resource;
  }

  get taskId(): string {
    return this.id;
  }

  // ---- TaskHandle
  get result(): Promise<unknown> {
    if (this.promise === undefined) {
      if (this.state === SETTLED) {
        this.promise = this.ok ? Promise.resolve(this.value) : Promise.reject(this.value);
      } else {
        // One shared executor instead of a closure per task: it hands the two functions over here.
        this.promise = new Promise(capture);
        this.resolveFn = capturedResolve;
        this.rejectFn = capturedReject;
      }
    }
    return this.promise;
  }

  cancel(reason?: unknown): boolean {
    return this.owner.cancel(this, reason);
  }

  // ---- pool side
  /** Aborts `ctx.signal` (creating it lazily later if nobody has read it yet). */
  abort(reason: unknown): void {
    const state = this.abortState;
    if (state === undefined) this.abortState = new EarlyAbort(reason);
    else if (state instanceof AbortController && !state.signal.aborted) state.abort(reason);
  }

  /**
   * Readies the task for its next try: off its worker, waiting, and with a fresh `ctx.signal`
   * (the failed try's signal is aborted with `abortReason` when given: a timed-out try must stop).
   */
  nextAttempt(abortReason: unknown): void {
    const state = this.abortState;
    if (abortReason !== undefined && state instanceof AbortController) state.abort(abortReason);
    this.abortState = undefined;
    this.state = WAITING;
    this.worker = undefined;
  }

  /** Settles the handle; the caller has already checked `state !== SETTLED`. */
  settle(ok: boolean, value: unknown): void {
    this.state = SETTLED;
    this.ok = ok;
    this.value = value;
    if (this.removeAbortListener !== undefined) {
      this.removeAbortListener();
      this.removeAbortListener = undefined;
    }
    if (ok) this.resolveFn?.(value);
    else this.rejectFn?.(value);
    this.resolveFn = undefined;
    this.rejectFn = undefined;
  }
}

/**
 * A worker's record for a worker that just finished `init`: in service, idle, no task. `resume`
 * is how the pool hears its async tasks settle; the two callbacks are made once per worker, so a
 * task costs no closure.
 *
 * @example
 * ```ts
 * const worker = createWorkerRecord(id, 'worker-0', ref, resource, (w, ok, value) => pool.resume(w, ok, value));
 * ```
 */
export function createWorkerRecord(
  id: string,
  slot: string,
  ref: AnyActorRef,
  resource: unknown,
  resume: (worker: WorkerRecord, ok: boolean, value: unknown) => void,
): WorkerRecord {
  const worker: WorkerRecord = {
    id,
    slot,
    ref,
    resource,
    idleSince: 0,
    task: undefined,
    alive: true,
    releasePending: false,
    lingering: undefined,
    reserved: undefined,
    onFulfilled: (value: unknown) => resume(worker, true, value),
    onRejected: (error: unknown) => resume(worker, false, error),
  };
  return worker;
}
