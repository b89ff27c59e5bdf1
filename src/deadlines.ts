import { MAX_TIMER_MS } from '../supervisor/long-timeout.js';
import { append, createList, unlink, type Linked, type ListEnds } from './intrusive-list.js';

/** A task as the deadline lists see it; its links are free while it runs (it left the queue). */
export interface DeadlineNode extends Linked {
  deadline: number;
}

/** Running tasks that share one timeout (its `key`, in ms), in start order = deadline order. */
type DeadlineList = ListEnds;

// The clocks as they were when overseer loaded: fake timers replace them (see `clockIsDate`).
const REAL_DATE_NOW = Date.now;
const REAL_PERFORMANCE = globalThis.performance;
const REAL_PERFORMANCE_NOW = globalThis.performance.now;

/**
 * Whether deadlines must read `Date.now()`: only when fake timers replaced `Date` but left
 * `performance` alone (then only `Date` moves with the fake clock). Otherwise they use the
 * monotonic `performance.now()` the pool has already read for the task's start: no clock read of
 * their own (a clock read is a measurable part of a small task's cost), and a wall-clock change
 * (NTP, a VM resumed) cannot fire or hold back a timeout.
 */
function clockIsDate(): boolean {
  return Date.now !== REAL_DATE_NOW && globalThis.performance === REAL_PERFORMANCE && globalThis.performance.now === REAL_PERFORMANCE_NOW;
}

/**
 * Task timeouts without a timer per task. Tasks with the same timeout start in order, so
 * their deadlines are ordered too: each timeout value keeps a FIFO of running tasks and one
 * timer armed for its head. Starting and finishing a task are O(1) unlinks; a finished
 * head is skipped lazily when the timer fires. Deadlines are on the `performance.now()` clock
 * (or `Date.now()` under fake timers that fake only `Date`, see `clockIsDate`); each list keeps
 * to the clock it was made with.
 *
 * @example
 * ```ts
 * const deadlines = new Deadlines((task) => console.log('timed out', task));
 * deadlines.add(task, 30_000, performance.now());
 * deadlines.remove(task); // finished in time
 * ```
 */
export class Deadlines<T extends DeadlineNode> {
  private readonly lists = new Map<number, DeadlineList>();
  /** Lists on `Date.now()` (see `clockIsDate`). */
  private readonly dateLists = new Map<number, DeadlineList>();
  private last: DeadlineList | undefined;

  constructor(private readonly onExpire: (node: T) => void) {}

  /** `startedAt` is the task's start on the `performance.now()` clock. */
  add(node: T, timeoutMs: number, startedAt: number): void {
    const onDate = clockIsDate();
    // Nearly every task uses the pool's one timeout: skip the Map lookup for it.
    const lists = onDate ? this.dateLists : this.lists;
    let list = this.last !== undefined && this.last.key === timeoutMs && !onDate ? this.last : lists.get(timeoutMs);
    if (list === undefined) {
      list = createList(timeoutMs, this);
      lists.set(timeoutMs, list);
    }
    if (!onDate) this.last = list;
    node.deadline = (onDate ? Date.now() : startedAt) + timeoutMs;
    append(list, node);
    if (list.timer === undefined) this.arm(list, timeoutMs, onDate);
  }

  remove(node: T): void {
    const list = node.list;
    // A queued task's list is its queue level: only a deadline list of ours counts.
    if (list === undefined || list.owner !== this) return;
    unlink(list, node);
  }

  /** Cancels every timer (the pool is gone). */
  clear(): void {
    this.last = undefined;
    for (const list of [...this.lists.values(), ...this.dateLists.values()]) {
      if (list.timer !== undefined) clearTimeout(list.timer);
      list.timer = undefined;
      // Unlinked one by one, so no task keeps a link into a list that is gone.
      while (list.head !== undefined) unlink(list, list.head);
    }
    this.lists.clear();
    this.dateLists.clear();
  }

  private arm(list: DeadlineList, delay: number, onDate: boolean): void {
    // Capped at what setTimeout honours: a longer timeout is re-armed for the rest when this fires.
    list.timer = setTimeout(() => this.fire(list, onDate), Math.min(MAX_TIMER_MS, Math.max(0, delay)));
  }

  private fire(list: DeadlineList, onDate: boolean): void {
    list.timer = undefined;
    const now = onDate ? Date.now() : performance.now();
    for (let head = list.head as DeadlineNode | undefined; head !== undefined && head.deadline <= now; head = list.head as DeadlineNode | undefined) {
      this.remove(head as T);
      this.onExpire(head as T);
    }
    if (list.head !== undefined && list.timer === undefined) this.arm(list, (list.head as DeadlineNode).deadline - now, onDate);
    else if (list.head === undefined && list.timer === undefined) {
      (onDate ? this.dateLists : this.lists).delete(list.key);
      if (this.last === list) this.last = undefined;
    }
  }
}
