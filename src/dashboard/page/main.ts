import uplotCss from 'uplot/dist/uPlot.min.css';
import type { TreeNode } from '../../visualize/system-tree.js';
import type { ActionResult, DashboardBatch, DashboardHello, TransitionRecord } from '../payload.js';
import { api, esc, setHtml, stateText, withToken } from './dom.js';
import { LogView } from './log-view.js';
import { PoolViews } from './pool-view.js';
import { layOut, light, renderTransitions, type LaidOut } from './statechart-view.js';
import { STYLE } from './style.js';
import { findNode, renderTree, TreeMemory } from './tree-view.js';

/**
 * The dashboard page: one Server-Sent Events stream (`api/events`) of batches, drawn as the tree,
 * the selected node's statechart, the pools and the event log. Everything it loads comes from the
 * server that served it.
 */

const style = document.createElement('style');
style.textContent = `${uplotCss}\n${STYLE}`;
document.head.append(style);

const app = document.getElementById('app') as HTMLElement;
app.innerHTML = `<header><h1>overseer</h1><span id="conn" data-state="connecting">connecting…</span><span id="toast" role="status"></span></header>
<main>
  <section class="card" id="tree-card"><h2>Supervision tree</h2><div id="tree"></div></section>
  <section class="card" id="chart-card"><h2>Statechart</h2><div id="chart-title" class="muted">Click a node of the tree to draw its machine.</div><div id="chart"></div><div id="transitions"></div></section>
  <section class="card" id="pools-card"><h2>Pools</h2><div id="pools" class="pools"></div></section>
  <section class="card" id="log-card"><h2>Event log</h2><div id="log"></div></section>
</main>`;

const byId = (id: string): HTMLElement => document.getElementById(id) as HTMLElement;
const memory = new TreeMemory();
const log = new LogView(byId('log'));
let hello: DashboardHello = { actions: false, interval: 250 };
const pools = new PoolViews(byId('pools'), () => hello.actions);
const transitions = new Map<string, TransitionRecord[]>();
let last: DashboardBatch | undefined;
let selected: string | undefined;
let chart: { path: string; laidOut?: LaidOut; pending?: boolean } | undefined;

/** For tests and curious users: the last batch and the stream's state. */
const debug = { connected: false, batches: 0, closedByServer: false };
(window as unknown as { overseer: typeof debug }).overseer = debug;

function connect(): void {
  const source = new EventSource(withToken('api/events'));
  const conn = byId('conn');
  source.addEventListener('hello', (event) => {
    hello = JSON.parse((event as MessageEvent<string>).data) as DashboardHello;
    debug.connected = true;
    conn.dataset.state = 'live';
    conn.textContent = hello.actions ? 'live · actions on' : 'live';
  });
  source.onmessage = (event: MessageEvent<string>) => {
    debug.batches++;
    draw(JSON.parse(event.data) as DashboardBatch);
  };
  source.onerror = () => {
    debug.connected = false;
    debug.closedByServer = true;
    conn.dataset.state = 'disconnected';
    conn.textContent = 'disconnected';
    // The server went away (closed, or the process ended): stop retrying; reload to reconnect.
    source.close();
  };
}

function draw(batch: DashboardBatch): void {
  last = batch;
  for (const event of batch.events) if (event.kind === 'gaveUp') memory.gaveUp.set(event.source, event.detail ?? 'gave up');
  for (const [sessionId, records] of Object.entries(batch.transitions)) {
    const kept = [...(transitions.get(sessionId) ?? []), ...records].slice(-10);
    transitions.set(sessionId, kept);
  }
  const roots = batch.roots.map((tree) => tree.root);
  setHtml(byId('tree'), roots.length === 0 ? '<p class="muted">No supervisor or pool is running in this process.</p>' : roots.map((root) => renderTree(root, memory, selected, hello.actions)).join(''));
  pools.update(collectPools(roots), batch.pools, batch.events, batch.at);
  log.add(batch.events);
  drawChart(roots);
}

function collectPools(nodes: TreeNode[], into: TreeNode[] = []): TreeNode[] {
  for (const node of nodes) {
    if (node.pool !== undefined) into.push(node);
    collectPools(node.children, into);
  }
  return into;
}

function drawChart(roots: TreeNode[]): void {
  if (selected === undefined) return;
  const node = findNode(roots, selected);
  const title = byId('chart-title');
  if (node === undefined) {
    title.textContent = `${selected} is gone.`;
    return;
  }
  title.innerHTML = `<b>${esc(node.path)}</b> <span class="muted">${node.kind} · state</span> <code id="chart-state">${esc(stateText(node.state))}</code>`;
  if (chart?.path !== node.path) {
    chart = { path: node.path, pending: true };
    byId('chart').innerHTML = '<p class="muted">Loading…</p>';
    const wanted = chart;
    void api<unknown>(`api/graph?path=${encodeURIComponent(node.path)}`).then(({ status, body }) => {
      if (chart !== wanted) return;
      wanted.pending = false;
      if (status !== 200) {
        byId('chart').innerHTML = `<p class="muted">${esc((body as ActionResult).detail ?? 'no machine')}</p>`;
        return;
      }
      wanted.laidOut = layOut(body as LaidOut['graph']);
      byId('chart').innerHTML = wanted.laidOut.svg;
      if (last !== undefined) drawChart(last.roots.map((tree) => tree.root));
    });
  }
  if (chart.laidOut !== undefined) light(byId('chart'), node.state);
  setHtml(byId('transitions'), node.sessionId === undefined ? '' : `<h3>Last transitions</h3>${renderTransitions(transitions.get(node.sessionId) ?? [])}`);
}

document.addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  const button = target.closest<HTMLButtonElement>('button[data-action]');
  if (button !== null) {
    event.stopPropagation();
    void act(button.dataset.action ?? '', button.dataset.target ?? '');
    return;
  }
  const row = target.closest<HTMLElement>('[data-select]');
  if (row !== null) {
    selected = row.dataset.select;
    if (last !== undefined) draw({ ...last, events: [], transitions: {}, pools: {} });
  }
});

async function act(action: string, target: string): Promise<void> {
  const toast = byId('toast');
  const { status, body } = await api<ActionResult>('api/action', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ action, target }) });
  toast.textContent = `${action} ${target}: ${body.ok ? 'done' : `refused (${status}${body.detail === undefined ? '' : `: ${body.detail}`})`}`;
  toast.dataset.ok = String(body.ok);
}

connect();
