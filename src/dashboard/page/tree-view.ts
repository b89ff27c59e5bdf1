import type { TreeNode } from '../../visualize/system-tree.js';
import { esc, stateText } from './dom.js';

/**
 * The tree view, as Erlang's observer: every node with its kind, state, restarts and last exit.
 * A node whose restart count or last exit changed flashes; a supervisor that gave up says why.
 */

const FLASH_MS = 1500;
const KIND_LABEL: Record<TreeNode['kind'], string> = {
  supervisor: 'sup',
  'dynamic-supervisor': 'dyn',
  pool: 'pool',
  'thread-pool': 'threads',
  worker: 'worker',
  breaker: 'breaker',
  actor: 'actor',
};

/** What the view remembers between batches: the last restart count and exit time per path, and flashes. */
export class TreeMemory {
  private readonly marks = new Map<string, string>();
  private readonly flashUntil = new Map<string, number>();
  /** Why a supervisor stopped (from the event log), by its path. */
  readonly gaveUp = new Map<string, string>();

  /** Whether `node` flashes now: its restarts or last exit changed within the last 1.5 s. */
  flashes(node: TreeNode, now: number): boolean {
    const mark = `${node.restarts}|${node.lastExit?.at ?? ''}`;
    const before = this.marks.get(node.path);
    this.marks.set(node.path, mark);
    if (before !== undefined && before !== mark) this.flashUntil.set(node.path, now + FLASH_MS);
    const until = this.flashUntil.get(node.path);
    return until !== undefined && until > now;
  }
}

/**
 * The HTML of one root's tree.
 *
 * @example
 * ```ts
 * element.innerHTML = renderTree(batch.roots[0].root, memory, selectedPath, true);
 * ```
 */
export function renderTree(root: TreeNode, memory: TreeMemory, selected: string | undefined, actions: boolean): string {
  return `<ul class="tree">${renderNode(root, memory, selected, actions, Date.now(), true)}</ul>`;
}

function renderNode(node: TreeNode, memory: TreeMemory, selected: string | undefined, actions: boolean, now: number, isRoot: boolean): string {
  const flash = memory.flashes(node, now);
  const classes = ['node', `kind-${node.kind}`, `status-${node.status}`, flash ? 'flash' : '', node.path === selected ? 'selected' : ''].join(' ');
  const exit = node.lastExit;
  const exitText = exit === null ? '' : [exit.reason, exit.cause, exit.error].filter((part) => part !== undefined).join(': ');
  const why = memory.gaveUp.get(node.path) ?? (exit?.cause === 'reached_max_restart_intensity' ? 'reached_max_restart_intensity' : undefined);
  const sup = node.supervisor;
  const pool = node.pool;
  const info = sup !== undefined
    ? `<span class="meta">${esc(sup.strategy)} · ${sup.restartsInPeriod}/${sup.intensity} in ${sup.period} ms</span>`
    : pool !== undefined
      ? `<span class="meta">queued ${pool.queued} · busy ${pool.busyWorkers}/${pool.size} · circuit ${esc(pool.circuit)}</span>`
      : '';
  const buttons = actions ? actionButtons(node, isRoot) : '';
  const children = node.children.length === 0 ? '' : `<ul>${node.children.map((child) => renderNode(child, memory, selected, actions, now, false)).join('')}</ul>`;
  return `<li class="${classes}" data-path="${esc(node.path)}" data-kind="${node.kind}" data-status="${node.status}" data-restarts="${node.restarts}">
<div class="row" data-select="${esc(node.path)}"><span class="kind">${KIND_LABEL[node.kind]}</span><span class="id">${esc(node.id)}</span>${node.name === undefined || node.name === node.id ? '' : `<span class="name" title="registered name">“${esc(node.name)}”</span>`}<span class="state" data-state="${esc(stateText(node.state))}">${esc(stateText(node.state))}</span>${node.status === 'active' ? '' : `<span class="status">${esc(node.status)}</span>`}<span class="restarts" title="restarts">↻ ${node.restarts}</span>${exitText === '' ? '' : `<span class="exit" title="last exit">${esc(exitText)}</span>`}${why === undefined ? '' : `<span class="gave-up">gave up: ${esc(why)}</span>`}${info}${buttons}</div>${children}</li>`;
}

function actionButtons(node: TreeNode, isRoot: boolean): string {
  if (isRoot || node.kind === 'breaker' || (node.kind === 'supervisor' && node.id === 'workers')) return '';
  const buttons: string[] = [];
  const machineChild = node.kind === 'worker' || node.kind === 'actor';
  if (machineChild && node.sessionId !== undefined) buttons.push('kill');
  if (node.kind !== 'worker') buttons.push('terminate', 'restart');
  return `<span class="actions">${buttons.map((action) => `<button data-action="${action}" data-target="${esc(node.path)}">${action}</button>`).join('')}</span>`;
}

/**
 * Finds a node by its path in a list of roots.
 *
 * @example
 * ```ts
 * findNode(batch.roots.map((tree) => tree.root), 'app/db');
 * ```
 */
export function findNode(roots: TreeNode[], path: string): TreeNode | undefined {
  for (const root of roots) {
    if (root.path === path) return root;
    if (path.startsWith(`${root.path}/`)) {
      const found = findNode(root.children, path);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
