import { availableParallelism } from 'node:os';
import type { Transferable } from 'node:worker_threads';
import { WorkerCrashError } from '../errors.js';
import { NOT_STARTED } from '../pool/reservations.js';
import { deserializeError, type SerializedError } from './serialized-error.js';
import { longTimeout, type LongTimeout } from '../../supervisor/long-timeout.js';
import { MSG_CALL, MSG_DISPOSE, MSG_DISPOSED, MSG_ERR, MSG_INIT_FAILED, MSG_OK, MSG_READY, MSG_SETUP } from './thread-entry.js';
import { processLink, threadLink, type Isolation, type WorkerLink, type WorkerSettings } from './worker-link.js';

/** How to start one pool thread: its module, limits, data, environment and flags, and more. */
export interface ThreadSpawnOptions extends WorkerSettings {
  /** A thread of this process (default) or a process of its own. */
  isolation: Isolation;
  /** ms a thread may take to run its module's `dispose` before it is terminated. */
  disposeTimeout: number;
  /** Called when the thread dies while it holds no task (idle, or after its result was delivered). */
  onBroken: (workerId: string, error: WorkerCrashError) => void;
}

/**
 * How many pool threads of this process poll for their next call right now, and how many may:
 * the cores less one, so that polling threads never take the main thread's core.
 */
const spinners = new Int32Array(new SharedArrayBuffer(4));
const SPIN_LIMIT = Math.max(0, availableParallelism() - 1);
/**
 * @internal How many pool threads of this process poll for their next call right now (tests).
 *
 * @example
 * ```ts
 * lingeringThreads(); // 0 once every pool is idle
 * ```
 */
export function lingeringThreads(): number {
  return Atomics.load(spinners, 0);
}
/** µs a busy thread polls for its next call before it sleeps (see thread-entry.ts). */
const LINGER_US = 50;

/** A call sent ahead to a thread that still works (see {@link ThreadChannel.reserve}). */
interface Reservation {
  seq: number;
  ticket: number;
  /** Its answer, if it came before the pool adopted the call. */
  reply: unknown[] | undefined;
}

/** Marks `error` as the crash of a call its thread never began (see `putBack` in reservations.ts). */
function notStarted(error: WorkerCrashError): WorkerCrashError {
  (error as WorkerCrashError & { [NOT_STARTED]?: boolean })[NOT_STARTED] = true;
  return error;
}

/** Where a thread pool's task function keeps its call, for a reservation to send it ahead. */
export const THREAD_CALL = Symbol('overseer.threadCall');

/** A thread pool's task function: it runs its call on the worker's channel. */
export interface ThreadTask {
  (ctx: { resource: ThreadChannel }): Promise<unknown>;
  [THREAD_CALL]: { name: string; args: unknown[]; transfer: readonly Transferable[] | undefined };
}

/** A task as the channel sees it: its number names the call, its prefix makes its id. */
export interface CallTask {
  idPrefix: string;
  seq: number;
  readonly id: string;
}

interface PendingCall {
  /** The task's number: what the thread's answer names. */
  seq: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The host's end of one pool thread (or, with `isolation: 'process'`, one child process): the
 * resource of a thread-pool worker. It holds at most one call at a time (a worker never holds two
 * tasks). If the thread or process exits while a call is pending, the call rejects with
 * {@link WorkerCrashError}, which the pool treats as fatal: the worker goes `crashed` and its
 * supervisor starts a fresh one.
 *
 * @example
 * ```ts
 * const channel = await ThreadChannel.start('w1', { url, resourceLimits: undefined, workerData: undefined, env: undefined, execArgv: undefined, inherited: [], preload: [], isolation: 'thread', disposeTimeout: 5000, onBroken });
 * await channel.call('add', [1, 2], undefined, 't1'); // 3
 * await channel.dispose();
 * ```
 */
export class ThreadChannel {
  /** The thread's `threadId`, or the process's pid. */
  readonly threadId: number;
  private pending: PendingCall | undefined;
  private exitCode: number | undefined;
  private exitSignal: string | undefined;
  private exitHandled = false;
  private lastError: unknown;
  private disposing = false;
  /** The task id prefix the thread knows (sent with the first call, and again if it changes). */
  private prefix: string | undefined;
  private onDisposed: (() => void) | undefined;
  /**
   * Threads only: the prefetch gate. Slot `ticket & 1` holds the ticket of a call the thread may
   * start (0: none). Two slots, because the pool adopts a call before the thread may have taken its
   * ticket, and may reserve the next one at once: consecutive tickets never share a slot.
   * Slot 2 is 1 while the thread holds one of the process's polling slots (`spinners`). Slot 3
   * is the number of the last call the thread began: a call it never began is not its crash.
   */
  private readonly gate: Int32Array | undefined;
  private tickets = 0;
  private reservation: Reservation | undefined;

  private constructor(
    readonly workerId: string,
    private readonly thread: WorkerLink,
    private readonly options: ThreadSpawnOptions,
  ) {
    this.threadId = thread.id;
    if (thread.isolation === 'thread') {
      this.gate = new Int32Array(new SharedArrayBuffer(16));
      // Queued on the port before any call: the thread reads it first.
      thread.send([MSG_SETUP, this.gate.buffer, spinners.buffer, SPIN_LIMIT, LINGER_US], undefined);
    }
  }

  /**
   * Spawns the thread (or process) and resolves once its module is loaded and its `init` returned.
   * If `signal` aborts first (the worker was stopped meanwhile), it is killed and this rejects: a
   * module whose `init` never settles cannot keep a pool from closing.
   */
  static start(workerId: string, options: ThreadSpawnOptions, signal?: AbortSignal): Promise<ThreadChannel> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<ThreadChannel>((resolve, reject) => {
      let thread: WorkerLink;
      try {
        const link = options.isolation === 'process' ? processLink : threadLink;
        thread = link(options, workerId);
      } catch (error) {
        reject(error);
        return;
      }
      const channel = new ThreadChannel(workerId, thread, options);
      let started = false;
      const onAbort = (): void => {
        if (started) return;
        started = true;
        channel.disposing = true;
        // Gone before this rejects: whoever waits for the worker to stop finds no thread left.
        void thread.kill().then(
          () => reject(signal?.reason),
          () => reject(signal?.reason),
        );
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      thread.onMessage((message) => {
        if (started) {
          channel.onMessage(message);
          return;
        }
        if (message[0] === MSG_READY) {
          started = true;
          signal?.removeEventListener('abort', onAbort);
          resolve(channel);
        } else if (message[0] === MSG_INIT_FAILED) {
          started = true;
          signal?.removeEventListener('abort', onAbort);
          channel.disposing = true;
          void thread.kill();
          reject(deserializeError(message[1] as SerializedError));
        }
      });
      thread.onError((error) => {
        channel.lastError = error;
      });
      thread.onExit((code, killedBy) => {
        // A process killed by a signal has no exit code; 128 + the signal's number is the shell's spelling.
        channel.exitCode = code ?? -1;
        channel.exitSignal = killedBy ?? undefined;
        if (!started) {
          started = true;
          signal?.removeEventListener('abort', onAbort);
          reject(channel.lastError ?? new Error(`${channel.what} exited with ${channel.how} before it was ready.`));
          return;
        }
        // The thread's last answers are delivered in the same turn as its exit: the pool hears
        // them first (a result that came in is the task's, not a crash), then the exit.
        setImmediate(() => channel.onExit());
      });
    });
  }

  /** Whether the thread is still running. */
  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /**
   * Runs the module's function `name` with `args` in the thread. `transfer` lists
   * ArrayBuffers / MessagePorts to move instead of copy (they are detached here).
   */
  call(name: string, args: unknown[], transfer: readonly Transferable[] | undefined, task: CallTask): Promise<unknown> {
    const reservation = this.reservation;
    if (reservation !== undefined && reservation.seq === task.seq) return this.adopt(reservation);
    if (this.exitCode !== undefined) {
      // Never sent: the pool puts the task back in the queue for another thread.
      return Promise.reject(notStarted(this.crashError(task.id)));
    }
    if (transfer !== undefined && transfer.length > 0 && this.thread.isolation === 'process') {
      return Promise.reject(new TypeError('transfer lists move memory between threads; a process pool copies every argument.'));
    }
    return new Promise((resolve, reject) => {
      this.pending = { seq: task.seq, resolve, reject };
      try {
        this.post(name, args, transfer, task, undefined);
      } catch (error) {
        // Arguments that cannot be cloned are the caller's error, not a crash.
        this.pending = undefined;
        reject(error);
      }
    });
  }

  /**
   * Sends `task`'s call ahead while the thread still runs another: the thread starts it the
   * moment its current call succeeds, without waiting for the host to hear of it (the host's
   * wake-up is the larger part of a small call). The pool adopts it with {@link call} once the
   * current call's result is in, or takes it back with {@link release}. False when it cannot be
   * sent ahead (a process, a transfer list, a call already reserved, a thread going away).
   *
   * @example
   * ```ts
   * if (channel.reserve('resize', [image], undefined, next)) worker.reserved = next;
   * ```
   */
  reserve(name: string, args: unknown[], transfer: readonly Transferable[] | undefined, task: CallTask): boolean {
    const gate = this.gate;
    if (gate === undefined || this.reservation !== undefined || this.exitCode !== undefined || this.disposing) return false;
    // Moved memory could not be sent again if the call were taken back.
    if (transfer !== undefined && transfer.length > 0) return false;
    const ticket = (this.tickets = (this.tickets % 0x7ffffffe) + 1);
    Atomics.store(gate, ticket & 1, ticket);
    try {
      this.post(name, args, undefined, task, ticket);
    } catch {
      Atomics.store(gate, ticket & 1, 0);
      return false; // arguments that cannot be cloned: the call fails the usual way when it runs
    }
    this.reservation = { seq: task.seq, ticket, reply: undefined };
    return true;
  }

  /**
   * Takes the reserved call back. True: the thread will never start it (or nothing was reserved).
   * False: the thread has started it; it stays reserved, for the pool to adopt or to stop the thread.
   *
   * @example
   * ```ts
   * if (!channel.release()) console.log('already running on the thread');
   * ```
   */
  release(): boolean {
    const reservation = this.reservation;
    if (reservation === undefined) return true;
    const ticket = reservation.ticket;
    if (Atomics.compareExchange(this.gate as Int32Array, ticket & 1, ticket, 0) !== ticket) return false;
    this.reservation = undefined;
    return true;
  }

  /** The reserved call is the pool's running task now: its answer settles it. */
  private adopt(reservation: Reservation): Promise<unknown> {
    this.reservation = undefined;
    return new Promise((resolve, reject) => {
      this.pending = { seq: reservation.seq, resolve, reject };
      if (reservation.reply !== undefined) this.onMessage(reservation.reply);
      // Gone before its answer came: it was running, or never began (see onExit).
      else if (this.exitCode !== undefined) this.onExit();
    });
  }

  private post(name: string, args: unknown[], transfer: readonly Transferable[] | undefined, task: CallTask, ticket: number | undefined): void {
    const prefix = task.idPrefix === this.prefix ? undefined : task.idPrefix;
    if (ticket !== undefined) this.thread.send([MSG_CALL, task.seq, name, args, prefix, ticket], transfer);
    else if (prefix === undefined) this.thread.send([MSG_CALL, task.seq, name, args], transfer);
    else this.thread.send([MSG_CALL, task.seq, name, args, prefix], transfer);
    if (prefix !== undefined) this.prefix = prefix;
  }

  /** Runs the module's `dispose` (bounded by `disposeTimeout`), then terminates the thread. */
  async dispose(): Promise<void> {
    if (this.disposing || this.exitCode !== undefined) {
      await this.terminate();
      return;
    }
    this.disposing = true;
    const disposed = new Promise<void>((resolve) => (this.onDisposed = resolve));
    let timer: LongTimeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = longTimeout(resolve, this.options.disposeTimeout)));
    try {
      this.thread.send([MSG_DISPOSE], undefined);
      await Promise.race([disposed, timedOut]);
    } catch {
      // the thread is already gone
    } finally {
      timer?.cancel();
    }
    await this.terminate();
  }

  /** Stops the thread now (a timeout, an abort, a crash). */
  async terminate(): Promise<void> {
    this.disposing = true;
    if (this.exitCode !== undefined) return;
    try {
      await this.thread.kill();
    } catch {
      // already exiting
    }
  }

  private onMessage(message: unknown[]): void {
    const kind = message[0];
    if (kind === MSG_DISPOSED) {
      this.onDisposed?.();
      return;
    }
    const pending = this.pending;
    if (pending === undefined || pending.seq !== message[1]) {
      // The answer of a reserved call the pool has not adopted yet; otherwise a late answer for an abandoned call.
      if (this.reservation !== undefined && this.reservation.seq === message[1]) this.reservation.reply = message;
      return;
    }
    this.pending = undefined;
    if (kind === MSG_OK) pending.resolve(message[2]);
    else if (kind === MSG_ERR) pending.reject(deserializeError(message[2] as SerializedError));
  }

  private onExit(): void {
    // Once: an adoption may hear of the exit before the deferred report does.
    if (this.exitHandled) return;
    this.exitHandled = true;
    // Ended while it polled for its next call: its polling slot is free again.
    if (this.gate !== undefined && Atomics.exchange(this.gate, 2, 0) === 1) Atomics.sub(spinners, 0, 1);
    const pending = this.pending;
    this.pending = undefined;
    this.onDisposed?.();
    if (pending !== undefined) {
      const error = this.crashError(`${this.prefix}-${pending.seq}`);
      // The thread died before it began this call (it had just answered the one before, or the call
      // was sent ahead): the call is put back, not failed.
      const began = this.gate === undefined || Atomics.load(this.gate, 3) === (pending.seq | 0);
      pending.reject(began ? error : notStarted(error));
      return;
    }
    if (!this.disposing) this.options.onBroken(this.workerId, this.crashError(undefined));
  }

  private get what(): string {
    return this.thread.isolation === 'process' ? `Process ${this.threadId}` : `Thread ${this.threadId}`;
  }

  private get how(): string {
    return this.exitSignal !== undefined ? `signal ${this.exitSignal}` : `code ${this.exitCode}`;
  }

  private crashError(taskId: string | undefined): WorkerCrashError {
    const cause = this.lastError ?? new Error(`${this.what} exited with ${this.how}.`);
    return new WorkerCrashError(this.workerId, taskId, cause, this.exitSignal === undefined ? this.exitCode : undefined, this.exitSignal, this.thread.isolation);
  }
}
