import { append, prepend, createList, unlink, type Linked, type ListEnds } from './intrusive-list.js';

/**
 * A node the queue links in place: the task record itself, so enqueueing allocates
 * nothing and cancelling is an O(1) unlink.
 */
export interface QueueNode extends Linked {
  priority: number;
}

/** One FIFO per distinct priority (its `key`). */
type PriorityLevel = ListEnds;

/**
 * A priority queue of intrusive doubly linked FIFOs: higher priority first, FIFO within
 * a priority. push, shift and remove are O(1) (plus a binary search when a priority is
 * seen for the first time; levels are kept and reused, and real workloads use a handful).
 *
 * @example
 * ```ts
 * const q = new TaskQueue<MyNode>();
 * q.push(a); q.push(b);
 * q.remove(a); // O(1)
 * q.shift();   // b
 * ```
 */
export class TaskQueue<T extends QueueNode> {
  /** Levels sorted by descending priority. */
  private readonly levels: PriorityLevel[] = [];
  private readonly byPriority = new Map<number, PriorityLevel>();
  private count = 0;
  private lastLevel: PriorityLevel | undefined;

  get size(): number {
    return this.count;
  }

  push(node: T): void {
    append(this.levelFor(node.priority), node);
    this.count++;
  }

  /** Puts `node` back first among its priority (a task taken out that must not lose its place). */
  unshift(node: T): void {
    prepend(this.levelFor(node.priority), node);
    this.count++;
  }

  /** Removes and returns the first node of the highest non-empty priority. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    for (let i = 0; i < this.levels.length; i++) {
      const level = this.levels[i] as PriorityLevel;
      const node = level.head as QueueNode | undefined;
      if (node !== undefined) {
        this.unlink(level, node);
        return node as T;
      }
    }
    return undefined;
  }

  /** Unlinks `node` if it is queued here; returns whether it was. */
  remove(node: T): boolean {
    // The node's list may be another's (a running task's deadline list): only a level of ours counts.
    const level = node.list;
    if (level === undefined || level.owner !== this) return false;
    this.unlink(level, node);
    return true;
  }

  /** Removes and returns every node, highest priority first. */
  drain(): T[] {
    const out: T[] = [];
    for (let node = this.shift(); node !== undefined; node = this.shift()) out.push(node);
    return out;
  }

  private unlink(level: PriorityLevel, node: QueueNode): void {
    unlink(level, node);
    this.count--;
  }

  private levelFor(priority: number): PriorityLevel {
    // Nearly every task has the pool's usual priority: skip the Map lookup for it.
    const last = this.lastLevel;
    if (last !== undefined && last.key === priority) return last;
    const existing = this.byPriority.get(priority);
    if (existing !== undefined) this.lastLevel = existing;
    if (existing !== undefined) return existing;
    const level: PriorityLevel = createList(priority, this);
    // Binary search for the insertion point in descending order.
    let lo = 0;
    let hi = this.levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.levels[mid] as PriorityLevel).key > priority) lo = mid + 1;
      else hi = mid;
    }
    this.levels.splice(lo, 0, level);
    this.byPriority.set(priority, level);
    this.lastLevel = level;
    return level;
  }
}
