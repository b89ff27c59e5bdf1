/** A node that links itself into a list: the task record is the node, so linking allocates nothing. */
export interface Linked {
  prev: Linked | undefined;
  next: Linked | undefined;
  /** The list it is linked into (one field for all lists: a node is in one list at a time). */
  list: ListEnds | undefined;
}

/**
 * One doubly linked list of {@link Linked} nodes. Every list has this one shape, so that the
 * helpers below see a single hidden class on the hot path: `key` says what the list is for (a
 * queue level's priority, a deadline list's timeout in ms), `owner` is the structure that made it
 * (a node has one `list` field for every kind of list, so a structure checks the node is in one of
 * its own before it unlinks), `timer` is a deadline list's own.
 */
export interface ListEnds {
  head: Linked | undefined;
  tail: Linked | undefined;
  readonly key: number;
  readonly owner: object;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * An empty list for `key`, made by `owner`.
 *
 * @example
 * ```ts
 * const level = createList(5, queue); // a queue level for priority 5
 * ```
 */
export function createList(key: number, owner: object): ListEnds {
  return { head: undefined, tail: undefined, key, owner, timer: undefined };
}

/**
 * Appends `node` at the tail of `list`. O(1).
 *
 * @example
 * ```ts
 * const list = createList(0);
 * append(list, task); // list.head === task
 * ```
 */
export function append(list: ListEnds, node: Linked): void {
  node.list = list;
  node.next = undefined;
  node.prev = list.tail;
  if (list.tail === undefined) list.head = node;
  else list.tail.next = node;
  list.tail = node;
}

/**
 * Puts `node` at the head of `list`. O(1).
 *
 * @example
 * ```ts
 * prepend(list, task); // list.head === task
 * ```
 */
export function prepend(list: ListEnds, node: Linked): void {
  node.list = list;
  node.prev = undefined;
  node.next = list.head;
  if (list.head === undefined) list.tail = node;
  else list.head.prev = node;
  list.head = node;
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
  node.list = undefined;
}
