/**
 * A node the queue links in place: the task record itself, so enqueueing allocates
 * nothing and cancelling is an O(1) unlink.
 */
export interface QueueNode {
  priority: number;
  prev: QueueNode | undefined;
  next: QueueNode | undefined;
  /** The level the node is linked into, or undefined when it is not queued. */
  level: PriorityLevel | undefined;
}

/** One FIFO per distinct priority. */
interface PriorityLevel {
  readonly priority: number;
  head: QueueNode | undefined;
  tail: QueueNode | undefined;
  size: number;
}

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

  get size(): number {
    return this.count;
  }

  push(node: T): void {
    const level = this.levelFor(node.priority);
    node.level = level;
    node.next = undefined;
    node.prev = level.tail;
    if (level.tail === undefined) level.head = node;
    else level.tail.next = node;
    level.tail = node;
    level.size++;
    this.count++;
  }

  /** Removes and returns the first node of the highest non-empty priority. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    for (let i = 0; i < this.levels.length; i++) {
      const level = this.levels[i] as PriorityLevel;
      const node = level.head;
      if (node !== undefined) {
        this.unlink(level, node);
        return node as T;
      }
    }
    return undefined;
  }

  /** The node `shift()` would return, without removing it. */
  peek(): T | undefined {
    if (this.count === 0) return undefined;
    for (let i = 0; i < this.levels.length; i++) {
      const head = (this.levels[i] as PriorityLevel).head;
      if (head !== undefined) return head as T;
    }
    return undefined;
  }

  /** Unlinks `node` if it is queued here; returns whether it was. */
  remove(node: T): boolean {
    const level = node.level;
    if (level === undefined || this.byPriority.get(level.priority) !== level) return false;
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
    if (node.prev === undefined) level.head = node.next;
    else node.prev.next = node.next;
    if (node.next === undefined) level.tail = node.prev;
    else node.next.prev = node.prev;
    node.prev = undefined;
    node.next = undefined;
    node.level = undefined;
    level.size--;
    this.count--;
  }

  private levelFor(priority: number): PriorityLevel {
    const existing = this.byPriority.get(priority);
    if (existing !== undefined) return existing;
    const level: PriorityLevel = { priority, head: undefined, tail: undefined, size: 0 };
    // Binary search for the insertion point in descending order.
    let lo = 0;
    let hi = this.levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.levels[mid] as PriorityLevel).priority > priority) lo = mid + 1;
      else hi = mid;
    }
    this.levels.splice(lo, 0, level);
    this.byPriority.set(priority, level);
    return level;
  }
}
