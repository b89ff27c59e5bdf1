import type { AsyncResource } from 'node:async_hooks';
import type { AnyActorRef } from 'xstate';
import type { BreakerTicket } from './circuit-breaker.js';
import type { QueueNode } from './task-queue.js';
import type { ListEnds } from './intrusive-list.js';
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
  /** The timeout its tasks get when they give none (a task's own is kept in its extras). */
  readonly defaults: { readonly timeout: number | false };
  /** `handle.cancel(reason)`: false when the task had already settled. */
  cancel(task: TaskRecord, reason: unknown): boolean;
}

/** An abort that came before anyone read `ctx.signal`: its reason, for the signal made later. */
class EarlyAbort {
  constructor(readonly reason: unknown) {}
}

/** A settled task's failure, kept until someone asks for the result (only then is a rejected promise made). */
class Failure {
  constructor(readonly error: unknown) {}
}

/**
 * What few tasks need: in one object made on first use, so a plain task's record carries one
 * field for all of them.
 */
class TaskExtras {
  /** A priority other than 0. */
  priority = 0;
  /** A timeout other than the pool's; undefined: the pool's. */
  timeoutMs: number | false | undefined = undefined;
  /** Timer of a per-task `timeout` (a deadline from submission). */
  timer: LongTimeout | undefined = undefined;
  label: string | undefined = undefined;
  retry: RetryState | undefined = undefined;
  removeAbortListener: (() => void) | undefined = undefined;
  /**
   * `ctx.signal`'s controller once someone read the signal; before that, an abort's reason is kept
   * in an {@link EarlyAbort} (the signal is made aborted if it is read later).
   */
  abortState: AbortController | EarlyAbort | undefined = undefined;
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
 *
 * The record is what a queued task costs, so it is kept small (17 fields): links shared by the
 * queue and the deadline lists, the breaker's ticket in one number, the rare fields in
 * {@link TaskExtras}, the outcome and the promise in one field.
 */
export class TaskRecord implements QueueNode, DeadlineNode, TaskContext<unknown>, TaskHandle<unknown>, BreakerTicket {
  // links: a queue level's while queued, a deadline list's while running
  prev: any = undefined;
  next: any = undefined;
  list: ListEnds | undefined = undefined;
  deadline = UNSET;
  /** The breaker's ticket (see `CircuitBreaker.onDispatch`); -1 once spent. */
  ticket = 0;
  // lifecycle
  state = QUEUED;
  worker: WorkerRecord | undefined = undefined;
  enqueuedAt: number;
  startedAt = UNSET;
  /** The submitter's async context, for a task that waits in the queue (see `propagateContext`). */
  scope: AsyncResource | undefined = undefined;
  private extra: TaskExtras | undefined = undefined;
  /**
   * Before it settles: the result promise, once someone asked for it. After: the value, or a
   * {@link Failure} — or still the promise, which then holds the outcome (`resolveFn` is kept as
   * the sign of that).
   */
  private outcome: unknown = undefined;
  private resolveFn: ((value: unknown) => void) | undefined = undefined;
  /**
   * The promise's reject function. Kept (not replaced by resolving with a rejecting thenable): that
   * rejected one microtask late, after results that settled later and after `onIdle()`.
   */
  private rejectFn: ((error: unknown) => void) | undefined = undefined;

  constructor(
    /** The pool that accepted it: its task id prefix, and where `cancel()` goes. */
    private readonly owner: TaskOwner,
    /** The task's number in its pool; its id is `<idPrefix>-<seq>`. */
    readonly seq: number,
    readonly fn: Task<unknown, unknown>,
    priority: number,
    timeoutMs: number | false,
    now: number,
  ) {
    this.enqueuedAt = now;
    if (priority !== 0) this.extras().priority = priority;
    if (timeoutMs !== owner.defaults.timeout) this.extras().timeoutMs = timeoutMs;
  }

  /** Built on demand: most tasks never need their id as a string. */
  get id(): string {
    return `${this.owner.idPrefix}-${this.seq}`;
  }

  /** The pool's prefix of task ids. */
  get idPrefix(): string {
    return this.owner.idPrefix;
  }

  // ---- the rare fields
  private extras(): TaskExtras {
    return (this.extra ??= new TaskExtras());
  }

  /** `SubmitOptions.priority` (higher first). */
  get priority(): number {
    return this.extra === undefined ? 0 : this.extra.priority;
  }

  /** The task's timeout in ms (its own, or the pool's `taskTimeout`); false for none. */
  get timeoutMs(): number | false {
    const own = this.extra === undefined ? undefined : this.extra.timeoutMs;
    return own === undefined ? this.owner.defaults.timeout : own;
  }

  /** Timer of a per-task `timeout` (a deadline from submission); default timeouts use deadline lists. */
  get timer(): LongTimeout | undefined {
    return this.extra === undefined ? undefined : this.extra.timer;
  }
  set timer(timer: LongTimeout | undefined) {
    if (timer !== undefined || this.extra !== undefined) this.extras().timer = timer;
  }

  /** `SubmitOptions.label`. */
  get label(): string | undefined {
    return this.extra === undefined ? undefined : this.extra.label;
  }
  set label(label: string | undefined) {
    if (label !== undefined || this.extra !== undefined) this.extras().label = label;
  }

  /** Set when the task may be tried again (`retry`). */
  get retry(): RetryState | undefined {
    return this.extra === undefined ? undefined : this.extra.retry;
  }
  set retry(retry: RetryState | undefined) {
    if (retry !== undefined || this.extra !== undefined) this.extras().retry = retry;
  }

  get removeAbortListener(): (() => void) | undefined {
    return this.extra === undefined ? undefined : this.extra.removeAbortListener;
  }
  set removeAbortListener(remove: (() => void) | undefined) {
    if (remove !== undefined || this.extra !== undefined) this.extras().removeAbortListener = remove;
  }

  // ---- TaskContext
  get signal(): AbortSignal {
    const extra = this.extras();
    const state = extra.abortState;
    if (state instanceof AbortController) return state.signal;
    const controller = new AbortController();
    if (state !== undefined) controller.abort(state.reason);
    extra.abortState = controller;
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
    if (this.resolveFn !== undefined) return this.outcome as Promise<unknown>;
    const outcome = this.outcome;
    if (this.state === SETTLED) {
      const settled = outcome instanceof Failure ? Promise.reject(outcome.error) : Promise.resolve(outcome);
      this.outcome = settled;
      this.resolveFn = ignore; // the outcome is the promise now
      return settled;
    }
    // One shared executor instead of a closure per task: it hands the two functions over here.
    const promise = new Promise(capture);
    this.resolveFn = capturedResolve;
    this.rejectFn = capturedReject;
    this.outcome = promise;
    return promise;
  }

  cancel(reason?: unknown): boolean {
    return this.owner.cancel(this, reason);
  }

  // ---- pool side
  /** Aborts `ctx.signal` (creating it lazily later if nobody has read it yet). */
  abort(reason: unknown): void {
    const extra = this.extras();
    const state = extra.abortState;
    if (state === undefined) extra.abortState = new EarlyAbort(reason);
    else if (state instanceof AbortController && !state.signal.aborted) state.abort(reason);
  }

  /**
   * Readies the task for its next try: off its worker, waiting, and with a fresh `ctx.signal`
   * (the failed try's signal is aborted with `abortReason` when given: a timed-out try must stop).
   */
  nextAttempt(abortReason: unknown): void {
    const extra = this.extra;
    if (extra !== undefined) {
      const state = extra.abortState;
      if (abortReason !== undefined && state instanceof AbortController) state.abort(abortReason);
      extra.abortState = undefined;
    }
    this.state = WAITING;
    this.worker = undefined;
  }

  /** Settles the handle; the caller has already checked `state !== SETTLED`. */
  settle(ok: boolean, value: unknown): void {
    this.state = SETTLED;
    const extra = this.extra;
    if (extra !== undefined && extra.removeAbortListener !== undefined) {
      extra.removeAbortListener();
      extra.removeAbortListener = undefined;
    }
    const resolve = this.resolveFn;
    if (resolve === undefined) this.outcome = ok ? value : new Failure(value);
    else if (ok) resolve(value);
    else this.rejectFn?.(value);
    this.rejectFn = undefined;
  }
}

/** Stands in for the resolve function of a promise made settled (see `result`). */
function ignore(): void {}

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
