import type { AnyStateMachine } from 'xstate';
import { toGraph, type GraphEdge, type GraphNode, type MachineGraph } from './machine-graph.js';

/**
 * A machine as a Mermaid `stateDiagram-v2`:
 * - every state is declared `state "<key>" as <id>`, where `<id>` is the xstate id made safe for
 *   Mermaid (`pool.running` → `pool_running`; clashes and Mermaid keywords get a suffix);
 * - compound and parallel states are composite states, parallel regions split by `--`;
 * - `[*] --> s` marks each initial state, `s --> [*]` each final one;
 * - transitions read `event [guard]`, with `always`, `after 1000ms`, `done: init`, `error: init`
 *   for eventless, delayed and invoke transitions, and one arrow per target;
 * - targetless transitions (actions only, or an event swallowed) are not drawn: they change no
 *   state. `toGraph` lists them, flagged `targetless`;
 * - a parallel root, or a transition declared on the machine's root with a target, makes the
 *   whole chart one composite state named after the machine (Mermaid takes no `--` at the top
 *   level, and such an arrow needs a source to start from);
 * - each edge is written inside the innermost composite holding both ends (Mermaid draws an
 *   arrow between two regions of a parallel state from the state's parent);
 * - characters outside a safe set are written as Mermaid entity codes (`#35;` for `#`), which
 *   Mermaid shows as the character.
 *
 * Throws `InvalidOptionError` when `machine` is not a machine.
 *
 * @example
 * ```ts
 * import { toMermaid, breakerMachine } from 'overseer';
 * console.log(toMermaid(breakerMachine));
 * // stateDiagram-v2
 * //   state "closed" as breaker_closed
 * //   ...
 * //   breaker_open --> breaker_halfOpen: after cooldown
 * ```
 */
export function toMermaid(machine: AnyStateMachine): string {
  return renderMermaid(toGraph(machine));
}

/** Words the Mermaid state grammar reads as keywords, which cannot be a state's id. */
const RESERVED = new Set(['state', 'note', 'class', 'classdef', 'style', 'default', 'direction', 'end', 'as', 'hide', 'accTitle', 'accDescr'].map((w) => w.toLowerCase()));

/** Characters a Mermaid label takes as they are; any other is written as an entity code. */
const SAFE = /[A-Za-z0-9 _.,:()[\]!&|*/'=+?@$^~-]/;

/**
 * Writes `text` for a Mermaid label or quoted state name: unsafe characters become `#<code>;`.
 *
 * @example
 * ```ts
 * escapeMermaid('a; "b"'); // 'a#59; #34;b#34;'
 * ```
 */
export function escapeMermaid(text: string): string {
  let out = '';
  for (const char of text) out += SAFE.test(char) ? char : `#${char.codePointAt(0)};`;
  return out;
}

/**
 * @internal Renders a graph from `toGraph` (exported for the CLI, which has the graph already).
 *
 * @example
 * ```ts
 * renderMermaid(toGraph(machine)) === toMermaid(machine); // true
 * ```
 */
export function renderMermaid(graph: MachineGraph): string {
  const [root] = graph.nodes;
  if (root === undefined) return 'stateDiagram-v2\n';
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const children = new Map<string, GraphNode[]>();
  for (const node of graph.nodes) {
    if (node.parent === undefined) continue;
    const list = children.get(node.parent) ?? [];
    list.push(node);
    children.set(node.parent, list);
  }
  const ids = mermaidIds(graph.nodes);
  const drawn = graph.edges.filter((edge) => edge.targetless !== true);
  // Mermaid takes no `--` at the top level: a parallel root is drawn as a composite too.
  const wrapped = root.type === 'parallel' || drawn.some((edge) => edge.source === root.id);
  // Every drawn edge goes to the block of the innermost composite holding both ends ('' = top level).
  const edgesIn = new Map<string, GraphEdge[]>();
  for (const edge of drawn) {
    const block = blockOf(edge, byId, wrapped ? undefined : root.id) ?? '';
    const list = edgesIn.get(block) ?? [];
    list.push(edge);
    edgesIn.set(block, list);
  }
  const lines = ['stateDiagram-v2'];
  const edgeLine = (edge: GraphEdge, indent: string) =>
    `${indent}${idOf(ids, edge.source)} --> ${idOf(ids, edge.target)}: ${escapeMermaid(edge.guard === undefined ? edge.label : `${edge.label} [${edge.guard}]`)}`;

  /** The inside of a composite (or of the whole chart, for an unwrapped root). */
  const body = (node: GraphNode, indent: string): void => {
    const kids = children.get(node.id) ?? [];
    if (node.initial !== undefined) lines.push(`${indent}[*] --> ${idOf(ids, node.initial)}`);
    kids.forEach((kid, index) => {
      if (node.type === 'parallel' && index > 0) lines.push(`${indent}--`);
      declare(kid, indent);
    });
    for (const kid of kids) if (kid.final === true) lines.push(`${indent}${idOf(ids, kid.id)} --> [*]`);
    for (const edge of edgesIn.get(node.id) ?? []) lines.push(edgeLine(edge, indent));
  };
  const declare = (node: GraphNode, indent: string): void => {
    const name = `state "${escapeMermaid(displayName(node))}" as ${idOf(ids, node.id)}`;
    if ((children.get(node.id) ?? []).length === 0) {
      lines.push(`${indent}${name}`);
      return;
    }
    lines.push(`${indent}${name} {`);
    body(node, `${indent}  `);
    lines.push(`${indent}}`);
  };

  if (wrapped) {
    lines.push(`  [*] --> ${idOf(ids, root.id)}`);
    declare(root, '  ');
  } else {
    body(root, '  ');
  }
  for (const edge of edgesIn.get('') ?? []) lines.push(edgeLine(edge, '  '));
  return `${lines.join('\n')}\n`;
}

function displayName(node: GraphNode): string {
  if (node.type === 'history') return node.history === 'deep' ? 'H*' : 'H';
  return node.key;
}

function idOf(ids: Map<string, string>, nodeId: string): string {
  return ids.get(nodeId) as string;
}

/** A Mermaid-safe, unique id for every node, in node order (so the same machine gets the same ids). */
function mermaidIds(nodes: GraphNode[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const node of nodes) {
    let base = node.id.replace(/[^A-Za-z0-9_]/g, '_') || 'state';
    if (RESERVED.has(base.toLowerCase())) base = `${base}_`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    ids.set(node.id, id);
  }
  return ids;
}

/**
 * The composite whose block an edge is written in: the deepest common ancestor of its ends, but
 * never one of the ends itself (an arrow leaves or enters a composite from outside it) nor a
 * parallel state (whose body is only its regions). `undefined` is the top level; `top` is the
 * node whose body is the top level (the root, unless the chart is wrapped in it).
 */
function blockOf(edge: GraphEdge, byId: Map<string, GraphNode>, top: string | undefined): string | undefined {
  const ancestry = (id: string): string[] => {
    const chain: string[] = [];
    for (let node = byId.get(id); node !== undefined; node = node.parent === undefined ? undefined : byId.get(node.parent)) chain.unshift(node.id);
    return chain;
  };
  const from = ancestry(edge.source);
  const to = ancestry(edge.target);
  let depth = 0;
  while (depth < from.length && depth < to.length && from[depth] === to[depth]) depth++;
  let block: string | undefined = from[depth - 1];
  while (block !== undefined && (block === edge.source || block === edge.target || byId.get(block)?.type === 'parallel')) {
    block = byId.get(block)?.parent;
  }
  return block === top ? undefined : block;
}
