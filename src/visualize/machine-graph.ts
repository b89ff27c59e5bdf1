import type { AnyStateMachine } from 'xstate';
import { InvalidOptionError } from '../../supervisor/errors.js';
import { guardLabel } from './guard-label.js';

/** A state node's kind, as xstate names it. */
export type GraphNodeType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

/** One state node of a machine: the root first, then every descendant in document order. */
export interface GraphNode {
  /** The state node's xstate id: `<machine>.<path>` (`pool.running`), or its own `id` option. */
  id: string;
  /** Its key in its parent's `states` (the machine id for the root). */
  key: string;
  /** The parent node's id; absent for the root. */
  parent?: string;
  type: GraphNodeType;
  /** The id of the child entered first (compound nodes only). */
  initial?: string;
  /** `true` on final states. */
  final?: true;
  /** `shallow` or `deep` on history nodes. */
  history?: 'shallow' | 'deep';
  tags: string[];
  /** What the node invokes while it is active: the actor's name (`init`), or `inline` for inline logic. */
  invoke?: string[];
}

/** One transition, from the node that declares it to one target (a multi-target transition gives one edge per target). */
export interface GraphEdge {
  /** The id of the node that declares the transition. */
  source: string;
  /** The target node's id; the source's own id for a targetless transition (`targetless: true`). */
  target: string;
  /**
   * The event descriptor exactly as xstate matches it: `pool.close`, `*`, `xstate.*`,
   * `xstate.done.actor.<invokeId>`, `xstate.after.<delay>.<nodeId>`; `''` for an eventless (`always`) one.
   */
  event: string;
  /** A short human label: the event, `always`, `after 1000ms`, `done: init`, `error: init`. */
  label: string;
  /** The guard: its name, `inline` for a function, combinators spelled out (`!a && (b || c)`). */
  guard?: string;
  /** The delay of an `after` transition: ms, or the name of a delay from `setup({ delays })`. */
  delayed?: number | string;
  /** An `always` transition. */
  eventless?: true;
  /** No target: it runs actions (or swallows the event) and stays where it is. */
  targetless?: true;
  /** Exits and re-enters its target (`reenter: true`). */
  reenter?: true;
}

/** A machine as plain JSON: `JSON.stringify` safe, and in a stable order for snapshots. */
export interface MachineGraph {
  /** The machine's id. */
  id: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The parts of xstate's StateNode this module reads (xstate's own type is generic-heavy). */
interface StateNodeLike {
  id: string;
  key: string;
  type: GraphNodeType;
  history: false | 'shallow' | 'deep';
  tags: string[];
  parent?: StateNodeLike;
  states: Record<string, StateNodeLike>;
  config: { initial?: unknown; invoke?: unknown };
  initial: { target: StateNodeLike[] };
  invoke: Array<{ id: string; src: string }>;
  transitions: Map<string, TransitionLike[]>;
  always?: TransitionLike[];
}

interface TransitionLike {
  eventType: string;
  target?: StateNodeLike[];
  guard?: unknown;
  delay?: number | string;
  reenter?: boolean;
}

/**
 * Whether `value` is an xstate v5 machine (from any copy of xstate: it is recognized by shape).
 *
 * @example
 * ```ts
 * isMachine(poolMachine);          // true
 * isMachine(fromPromise(fetchIt)); // false: actor logic, not a machine
 * ```
 */
export function isMachine(value: unknown): value is AnyStateMachine {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as { __xstatenode?: unknown; root?: unknown; id?: unknown };
  return candidate.__xstatenode === true && typeof candidate.id === 'string' && candidate.root !== null && typeof candidate.root === 'object';
}

/**
 * @internal The machine's root state node, or an `InvalidOptionError` naming the argument.
 *
 * @example
 * ```ts
 * rootOf(breakerMachine, 'machine').states.open.key; // 'open'
 * ```
 */
export function rootOf(machine: unknown, argument: string): StateNodeLike {
  if (!isMachine(machine)) throw new InvalidOptionError(argument, machine, 'an xstate v5 machine (createMachine or setup().createMachine)');
  return (machine as unknown as { root: StateNodeLike }).root;
}

/**
 * Every state node and transition of an xstate v5 machine, as plain JSON in document order:
 * nodes depth-first as declared, and each node's transitions in xstate's own order (its `on`
 * keys, `onDone`, each invoke's done/error/snapshot, `after`, then `always`), with a guarded
 * list kept in priority order. Targetless transitions are included and flagged `targetless`.
 * Throws `InvalidOptionError` when `machine` is not a machine.
 *
 * @example
 * ```ts
 * import { toGraph, breakerMachine } from 'overseer';
 * const graph = toGraph(breakerMachine);
 * graph.nodes.map((n) => n.key);  // ['breaker', 'closed', 'open', 'halfOpen']
 * graph.edges.find((e) => e.delayed !== undefined);
 * // { source: 'breaker.open', target: 'breaker.halfOpen', event: 'xstate.after.cooldown.breaker.open', label: 'after cooldown', delayed: 'cooldown' }
 * ```
 */
export function toGraph(machine: AnyStateMachine): MachineGraph {
  const root = rootOf(machine, 'machine');
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const visit = (node: StateNodeLike): void => {
    nodes.push(nodeOf(node, root));
    for (const transition of [...node.transitions.values()].flat()) addEdges(edges, node, transition, false);
    for (const transition of node.always ?? []) addEdges(edges, node, transition, true);
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(root);
  return { id: (machine as { id: string }).id, nodes, edges };
}

function nodeOf(node: StateNodeLike, root: StateNodeLike): GraphNode {
  const first = node.type === 'compound' ? node.initial.target[0] : undefined;
  // Built key by key, so every graph serializes in the same order.
  return {
    id: node.id,
    key: node === root ? node.id : node.key,
    ...(node.parent === undefined ? {} : { parent: node.parent.id }),
    type: node.type,
    ...(first === undefined ? {} : { initial: first.id }),
    ...(node.type === 'final' ? { final: true as const } : {}),
    ...(node.type === 'history' && node.history !== false ? { history: node.history } : {}),
    tags: [...node.tags],
    ...(node.invoke.length === 0 ? {} : { invoke: node.invoke.map((invoke) => invokeName(node, invoke)) }),
  };
}

/**
 * An invoked actor's name: its `src` when it names one from `setup({ actors })`, else the
 * invoke's own `id` when one was given, else `inline`.
 */
function invokeName(node: StateNodeLike, invoke: { id: string; src: string }): string {
  if (!invoke.src.startsWith('xstate.invoke.')) return invoke.src;
  // xstate names an anonymous invoke `<index>.<node id>`.
  const generated = invoke.id.endsWith(`.${node.id}`) && /^\d+$/.test(invoke.id.slice(0, -node.id.length - 1));
  return generated ? 'inline' : invoke.id;
}

function addEdges(edges: GraphEdge[], source: StateNodeLike, transition: TransitionLike, eventless: boolean): void {
  const guard = guardLabel(transition.guard);
  const edge = (target: string, targetless: boolean): GraphEdge => ({
    source: source.id,
    target,
    event: eventless ? '' : transition.eventType,
    label: eventless ? 'always' : eventLabel(source, transition),
    ...(guard === undefined ? {} : { guard }),
    ...(transition.delay === undefined ? {} : { delayed: transition.delay }),
    ...(eventless ? { eventless: true as const } : {}),
    ...(targetless ? { targetless: true as const } : {}),
    ...(transition.reenter === true ? { reenter: true as const } : {}),
  });
  const targets = transition.target ?? [];
  if (targets.length === 0) edges.push(edge(source.id, true));
  for (const target of targets) edges.push(edge(target.id, false));
}

const DONE_ACTOR = 'xstate.done.actor.';
const ERROR_ACTOR = 'xstate.error.actor.';
const SNAPSHOT = 'xstate.snapshot.';

/** A readable name for the transition's event: invoke and delayed events are named by what they are. */
function eventLabel(source: StateNodeLike, transition: TransitionLike): string {
  const event = transition.eventType;
  if (transition.delay !== undefined) return typeof transition.delay === 'number' ? `after ${transition.delay}ms` : `after ${transition.delay}`;
  if (event === `xstate.done.state.${source.id}`) return 'done';
  for (const [prefix, word] of [
    [DONE_ACTOR, 'done'],
    [ERROR_ACTOR, 'error'],
    [SNAPSHOT, 'snapshot'],
  ] as const) {
    if (!event.startsWith(prefix)) continue;
    const invoke = source.invoke.find((candidate) => candidate.id === event.slice(prefix.length));
    if (invoke !== undefined) return `${word}: ${invokeName(source, invoke)}`;
  }
  return event;
}
