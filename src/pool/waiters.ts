/** What the waiters read from the pool after each change. */
export interface WaitersView {
  /** The pool takes new tasks (phase `running`). */
  accepting(): boolean;
  /** A submission now would not be refused for want of room. */
  hasRoom(): boolean;
  /** A busy period ended (the first idle moment after a task was accepted). */
  onDrained(): void;
}

interface SpaceWaiter {
  start: () => void;
  fail: (error: unknown) => void;
}

interface ConditionWaiter {
  ready: () => boolean;
  resolve: () => void;
}

/**
 * Everyone waiting on the pool: `submitWait` callers waiting for room (FIFO), and the
 * `ready` / `onIdle` / `onEmpty` / `onSizeLessThan` promises. The pool calls {@link wake}
 * after anything that can free room or settle tasks (through `PoolCore.wake`, which says whether
 * the pool is idle: a field read on the hot path, not a callback).
 *
 * @example
 * ```ts
 * const waiters = new PoolWaiters(view);
 * waiters.waitFor(() => queue.size === 0, resolve);
 * waiters.wake(false); // resolves it once the condition holds
 * ```
 */
export class PoolWaiters {
  private readonly space: SpaceWaiter[] = [];
  private conditions: ConditionWaiter[] = [];
  /** Set when a task is accepted, cleared when `drained` fires: one event per busy period. */
  private busy = false;

  constructor(private readonly view: WaitersView) {}

  /** A task was accepted: the pool is busy until it next drains. */
  markBusy(): void {
    this.busy = true;
  }

  /** Resolves when `ready()` holds; at once if it already does. */
  waitFor(ready: () => boolean, resolve: () => void): void {
    if (ready()) resolve();
    else this.conditions.push({ ready, resolve });
  }

  /** Waits for room: `start` runs when there is some, `fail` if the pool stops accepting first. */
  waitForRoom(start: () => void, fail: (error: unknown) => void, signal: AbortSignal | undefined, reject: (error: unknown) => void): void {
    let onAbort: (() => void) | undefined;
    const waiter: SpaceWaiter = {
      start: () => {
        if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
        start();
      },
      fail: (error) => {
        if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
        fail(error);
      },
    };
    if (signal !== undefined) {
      onAbort = () => {
        const index = this.space.indexOf(waiter);
        if (index >= 0) this.space.splice(index, 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
    this.space.push(waiter);
  }

  /** The pool stopped accepting: every `submitWait` caller still waiting rejects with `error`. Returns how many. */
  failRoomWaiters(error: unknown): number {
    const waiting = this.space.splice(0);
    for (const waiter of waiting) waiter.fail(error);
    return waiting.length;
  }

  /** After anything that can free room or settle tasks: wake who can go on. `idle`: nothing is queued or running. */
  wake(idle: boolean): void {
    const view = this.view;
    while (this.space.length > 0 && view.accepting() && view.hasRoom()) (this.space.shift() as SpaceWaiter).start();
    if (this.conditions.length > 0) {
      const still: ConditionWaiter[] = [];
      const ready: ConditionWaiter[] = [];
      for (const waiter of this.conditions) (waiter.ready() ? ready : still).push(waiter);
      this.conditions = still;
      for (const waiter of ready) waiter.resolve();
    }
    if (this.busy && idle) {
      this.busy = false;
      view.onDrained();
    }
  }
}
