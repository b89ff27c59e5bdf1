/** A node that links itself into a list: the task record is the node, so linking allocates nothing. */
export interface Linked {
  prev: Linked | undefined;
  next: Linked | undefined;
}

/** The ends of one doubly linked list of {@link Linked} nodes. */
export interface ListEnds {
  head: Linked | undefined;
  tail: Linked | undefined;
}

/**
 * Appends `node` at the tail of `list`. O(1).
 *
 * @example
 * ```ts
 * const list = { head: undefined, tail: undefined };
 * append(list, task); // list.head === task
 * ```
 */
export function append(list: ListEnds, node: Linked): void {
  node.next = undefined;
  node.prev = list.tail;
  if (list.tail === undefined) list.head = node;
  else list.tail.next = node;
  list.tail = node;
}

/**
 * Unlinks `node` from `list` and clears its links. O(1); the caller knows the node is in `list`.
 *
 * @example
 * ```ts
 * unlink(list, task); // task.prev === task.next === undefined
 * ```
 */
export function unlink(list: ListEnds, node: Linked): void {
  if (node.prev === undefined) list.head = node.next;
  else node.prev.next = node.next;
  if (node.next === undefined) list.tail = node.prev;
  else node.next.prev = node.prev;
  node.prev = undefined;
  node.next = undefined;
}
