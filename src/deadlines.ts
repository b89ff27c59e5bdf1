import { MAX_TIMER_MS } from '../supervisor/long-timeout.js';
import { append, createList, unlink, type Linked, type ListEnds } from './intrusive-list.js';

/** A task as the deadline lists see it; its links are free while it runs (it left the queue). */
export interface DeadlineNode extends Linked {
  deadline: number;
  deadlineList: DeadlineList | undefined;
}

/** Running tasks that share one timeout (its `key`, in ms), in start order = deadline order. */
type DeadlineList = ListEnds;

/**
 * Task timeouts without a timer per task. Tasks with the same timeout start in order, so
 * their deadlines are ordered too: each timeout value keeps a FIFO of running tasks and one
 * timer armed for its head. Starting and finishing a task are O(1) unlinks; a finished
 * head is skipped lazily when the timer fires. Uses `Date.now()` so fake timers drive it.
 *
 * @example
 * ```ts
 * const deadlines = new Deadlines((task) => console.log('timed out', task));
 * deadlines.add(task, 30_000);
 * deadlines.remove(task); // finished in time
 * ```
 */
export class Deadlines<T extends DeadlineNode> {
  private readonly lists = new Map<number, DeadlineList>();
  private last: DeadlineList | undefined;

  constructor(private readonly onExpire: (node: T) => void) {}

  add(node: T, timeoutMs: number): void {
    // Nearly every task uses the pool's one timeout: skip the Map lookup for it.
    let list = this.last !== undefined && this.last.key === timeoutMs ? this.last : this.lists.get(timeoutMs);
    if (list === undefined) {
      list = createList(timeoutMs);
      this.lists.set(timeoutMs, list);
    }
    this.last = list;
    node.deadline = Date.now() + timeoutMs;
    node.deadlineList = list;
    append(list, node);
    if (list.timer === undefined) this.arm(list, timeoutMs);
  }

  remove(node: T): void {
    const list = node.deadlineList;
    if (list === undefined) return;
    unlink(list, node);
    node.deadlineList = undefined;
  }

  /** Cancels every timer (the pool is gone). */
  clear(): void {
    this.last = undefined;
    for (const list of this.lists.values()) {
      if (list.timer !== undefined) clearTimeout(list.timer);
      list.timer = undefined;
      list.head = undefined;
      list.tail = undefined;
    }
    this.lists.clear();
  }

  private arm(list: DeadlineList, delay: number): void {
    // Capped at what setTimeout honours: a longer timeout is re-armed for the rest when this fires.
    list.timer = setTimeout(() => this.fire(list), Math.min(MAX_TIMER_MS, Math.max(0, delay)));
  }

  private fire(list: DeadlineList): void {
    list.timer = undefined;
    const now = Date.now();
    for (let head = list.head as DeadlineNode | undefined; head !== undefined && head.deadline <= now; head = list.head as DeadlineNode | undefined) {
      this.remove(head as T);
      this.onExpire(head as T);
    }
    if (list.head !== undefined && list.timer === undefined) this.arm(list, (list.head as DeadlineNode).deadline - now);
    else if (list.head === undefined && list.timer === undefined) {
      this.lists.delete(list.key);
      if (this.last === list) this.last = undefined;
    }
  }
}
