import dagre from '@dagrejs/dagre';
import type { GraphNode, MachineGraph } from '../../visualize/machine-graph.js';
import type { TransitionRecord } from '../payload.js';
import { clock, esc } from './dom.js';

/**
 * The statechart view: a machine's `toGraph` laid out by dagre (compound states as boxes holding
 * their children), drawn as SVG, with the active states lit and the last transitions listed.
 */

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A laid-out graph: built once per machine, lit again on every batch. */
export interface LaidOut {
  graph: MachineGraph;
  svg: string;
  /** Node id → its path of keys below the root (`running.serving`). */
  keyPaths: Map<string, string>;
}

/**
 * Lays a machine out and draws it (without the active states).
 *
 * @example
 * ```ts
 * const chart = layOut(await (await fetch('api/graph?path=app/db')).json());
 * ```
 */
export function layOut(graph: MachineGraph): LaidOut {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const root = graph.nodes[0];
  const children = new Map<string, GraphNode[]>();
  for (const node of graph.nodes) if (node.parent !== undefined) children.set(node.parent, [...(children.get(node.parent) ?? []), node]);
  const keyPaths = new Map<string, string>();
  for (const node of graph.nodes) {
    if (node === root) continue;
    const parent = node.parent === undefined ? undefined : byId.get(node.parent);
    const parentPath = parent === undefined || parent === root ? '' : keyPaths.get(parent.id);
    keyPaths.set(node.id, parentPath === '' || parentPath === undefined ? node.key : `${parentPath}.${node.key}`);
  }
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 42, edgesep: 10, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const isBox = (node: GraphNode): boolean => (children.get(node.id)?.length ?? 0) > 0;
  for (const node of graph.nodes) {
    if (node === root) continue;
    g.setNode(node.id, isBox(node) ? { label: node.key, paddingTop: 22 } : { label: node.key, width: Math.max(56, node.key.length * 7.4 + 22), height: 30 });
    if (node.parent !== undefined && node.parent !== root?.id) g.setParent(node.id, node.parent);
  }
  // dagre draws no edge to a box: an edge leaves from / arrives at the box's initial leaf.
  const leafOf = (id: string): string => {
    let node = byId.get(id);
    while (node !== undefined && isBox(node)) {
      const next: GraphNode | undefined = (node.initial === undefined ? undefined : byId.get(node.initial)) ?? children.get(node.id)?.[0];
      if (next === undefined) break;
      node = next;
    }
    return node?.id ?? id;
  };
  let n = 0;
  for (const edge of graph.edges) {
    if (edge.targetless === true || edge.source === root?.id || edge.target === root?.id) continue;
    const label = edge.guard === undefined ? edge.label : `${edge.label} [${edge.guard}]`;
    g.setEdge(leafOf(edge.source), leafOf(edge.target), { label, width: Math.min(220, label.length * 6.2 + 6), height: 14, labelpos: 'c' }, `e${n++}`);
  }
  dagre.layout(g);
  const size = g.graph() as { width?: number; height?: number };
  const parts: string[] = [];
  // Boxes first (outermost first), then leaves, then edges on top.
  for (const node of graph.nodes) {
    if (node === root || !isBox(node)) continue;
    const box = g.node(node.id) as Box;
    parts.push(`<g class="state box${node.type === 'parallel' ? ' parallel' : ''}" data-node="${esc(node.id)}" data-state="${esc(keyPaths.get(node.id) ?? '')}"><rect x="${box.x - box.width / 2}" y="${box.y - box.height / 2}" width="${box.width}" height="${box.height}" rx="8"/><text x="${box.x - box.width / 2 + 8}" y="${box.y - box.height / 2 + 15}">${esc(node.key)}</text></g>`);
  }
  for (const node of graph.nodes) {
    if (node === root || isBox(node)) continue;
    const box = g.node(node.id) as Box;
    const final = node.type === 'final' ? ' final' : '';
    parts.push(`<g class="state leaf${final}" data-node="${esc(node.id)}" data-state="${esc(keyPaths.get(node.id) ?? '')}"><rect x="${box.x - box.width / 2}" y="${box.y - box.height / 2}" width="${box.width}" height="${box.height}" rx="${node.type === 'final' ? 15 : 6}"/><text x="${box.x}" y="${box.y + 4}" text-anchor="middle">${esc(node.key)}</text></g>`);
  }
  for (const id of g.edges()) {
    const edge = g.edge(id) as { points: Array<{ x: number; y: number }>; label: string; x?: number; y?: number };
    const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    parts.push(`<path class="edge" d="${d}" marker-end="url(#arrow)"/>`);
    if (edge.x !== undefined && edge.y !== undefined) parts.push(`<text class="edge-label" x="${edge.x}" y="${edge.y + 4}" text-anchor="middle">${esc(edge.label)}</text>`);
  }
  const width = Math.ceil(size.width ?? 200);
  const height = Math.ceil(size.height ?? 100);
  const svg = `<svg class="statechart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="statechart of ${esc(graph.id)}"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>${parts.join('')}</svg>`;
  return { graph, svg, keyPaths };
}

/**
 * The key paths active in a state value: `{ running: 'serving' }` → `running`, `running.serving`.
 *
 * @example
 * ```ts
 * activePaths({ running: 'serving' }); // Set { 'running', 'running.serving' }
 * ```
 */
export function activePaths(value: unknown, prefix = '', into = new Set<string>()): Set<string> {
  if (typeof value === 'string') into.add(prefix === '' ? value : `${prefix}.${value}`);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      into.add(path);
      activePaths(inner, path, into);
    }
  }
  return into;
}

/**
 * Lights the active states of a drawn chart (in place).
 *
 * @example
 * ```ts
 * light(container, 'busy');
 * ```
 */
export function light(container: Element, value: unknown): void {
  const active = activePaths(value);
  for (const element of container.querySelectorAll<SVGGElement>('g.state')) {
    element.classList.toggle('active', active.has(element.dataset.state ?? ''));
  }
}

/**
 * The last transitions, newest first.
 *
 * @example
 * ```ts
 * list.innerHTML = renderTransitions(records);
 * ```
 */
export function renderTransitions(records: readonly TransitionRecord[]): string {
  if (records.length === 0) return '<p class="muted">No transition since its chart was opened.</p>';
  return `<ol class="transitions">${[...records]
    .reverse()
    .map((r) => `<li><time>${clock(r.at)}</time> <code>${esc(r.from)}</code> → <code>${esc(r.to)}</code>${r.event === undefined ? '' : ` <span class="muted">on ${esc(r.event)}</span>`}</li>`)
    .join('')}</ol>`;
}
