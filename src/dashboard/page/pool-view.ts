import uPlot from 'uplot';
import type { TreeNode } from '../../visualize/system-tree.js';
import type { LogEvent, PoolSample } from '../payload.js';
import { clock, esc, setHtml } from './dom.js';

/**
 * The pool view: queue and workers by state, the workers as a grid coloured by state, the breaker
 * state with its timeline, and live charts of throughput and run/wait-time percentiles (each
 * point one batch's window, not a running total).
 */

const POINTS = 240;
const TIMELINE_MS = 120_000;

interface Series {
  t: number[];
  completed: number[];
  failed: number[];
  runP50: number[];
  runP90: number[];
  runP99: number[];
  waitP50: number[];
  waitP90: number[];
  waitP99: number[];
}

interface PoolPanel {
  element: HTMLElement;
  series: Series;
  charts: uPlot[];
  timeline: Array<{ state: string; at: number }>;
}

/** Every pool's panel, kept across batches (the charts are built once). */
export class PoolViews {
  private readonly panels = new Map<string, PoolPanel>();

  constructor(private readonly container: HTMLElement, private readonly actions: () => boolean) {}

  /** Updates every pool in `roots` with this batch's samples and events; drops panels of pools gone. */
  update(pools: TreeNode[], samples: Record<string, PoolSample>, events: LogEvent[], at: number): void {
    const seen = new Set<string>();
    for (const node of pools) {
      seen.add(node.path);
      const panel = this.panels.get(node.path) ?? this.create(node);
      const sample = samples[node.path];
      if (sample !== undefined) push(panel.series, sample);
      for (const event of events) {
        if (event.source !== node.path) continue;
        if (event.kind === 'circuitOpened') mark(panel, 'open', event.at);
        if (event.kind === 'circuitHalfOpened') mark(panel, 'halfOpen', event.at);
        if (event.kind === 'circuitClosed') mark(panel, 'closed', event.at);
      }
      mark(panel, node.pool?.circuit ?? 'closed', at);
      this.render(panel, node, at);
    }
    for (const [path, panel] of this.panels) {
      if (seen.has(path)) continue;
      for (const chart of panel.charts) chart.destroy();
      panel.element.remove();
      this.panels.delete(path);
    }
  }

  private create(node: TreeNode): PoolPanel {
    const element = document.createElement('section');
    element.className = 'pool card';
    element.dataset.pool = node.path;
    element.innerHTML = `<h3>${esc(node.path)}</h3><div class="pool-info"><div class="pool-figures"></div><div class="workers-grid"></div>
<div class="breaker"><span class="circuit"></span><div class="timeline"></div><ol class="circuit-history"></ol><span class="breaker-actions"></span></div></div>
<div class="charts"><div class="chart throughput"></div><div class="chart run-time"></div><div class="chart wait-time"></div></div>`;
    this.container.append(element);
    const series: Series = { t: [], completed: [], failed: [], runP50: [], runP90: [], runP99: [], waitP50: [], waitP90: [], waitP99: [] };
    const chart = (selector: string, title: string, labels: string[], colors: string[]): uPlot =>
      new uPlot(
        {
          title,
          width: 280,
          height: 140,
          legend: { show: true, live: false },
          scales: { x: { time: true } },
          series: [{}, ...labels.map((label, i) => ({ label, stroke: colors[i], width: 1.5 }))],
          axes: [{ stroke: '#8a94a6', grid: { stroke: '#2a3142' } }, { stroke: '#8a94a6', grid: { stroke: '#2a3142' }, size: 48, values: (_u, splits) => splits.map(compact) }],
        },
        [[], ...labels.map(() => [])],
        element.querySelector<HTMLElement>(selector) ?? element,
      );
    const charts = [
      chart('.throughput', 'tasks / s', ['completed', 'failed'], ['#4ade80', '#f87171']),
      chart('.run-time', 'run time ms (per batch)', ['p50', 'p90', 'p99'], ['#60a5fa', '#fbbf24', '#f87171']),
      chart('.wait-time', 'wait time ms (per batch)', ['p50', 'p90', 'p99'], ['#60a5fa', '#fbbf24', '#f87171']),
    ];
    const panel = { element, series, charts, timeline: [] };
    this.panels.set(node.path, panel);
    return panel;
  }

  private render(panel: PoolPanel, node: TreeNode, at: number): void {
    const pool = node.pool;
    if (pool === undefined) return;
    const figures = panel.element.querySelector('.pool-figures');
    if (figures !== null) {
      setHtml(figures, `<span class="phase">${esc(pool.phase)}</span> <span data-figure="queued">queued <b>${pool.queued}</b></span> <span>running <b>${pool.running}</b></span> <span>idle <b>${pool.idleWorkers}</b></span> <span>busy <b>${pool.busyWorkers}</b></span> <span>starting <b>${pool.startingWorkers}</b></span> <span>crashed <b>${pool.crashedWorkers}</b></span> <span class="muted">completed ${pool.completed} · failed ${pool.failed} · crashes ${pool.crashes}</span>`);
    }
    const workers = node.children.find((child) => child.id === 'workers')?.children ?? [];
    const grid = panel.element.querySelector('.workers-grid');
    if (grid !== null) {
      setHtml(grid, workers
        .map((worker) => {
          const state = typeof worker.state === 'string' ? worker.state : worker.status;
          return `<span class="cell state-${esc(state)}" data-worker="${esc(worker.id)}" data-state="${esc(state)}" title="${esc(worker.id)}: ${esc(state)}"></span>`;
        })
        .join(''));
    }
    const circuit = panel.element.querySelector<HTMLElement>('.circuit');
    if (circuit !== null) {
      circuit.textContent = `circuit ${pool.circuit}`;
      circuit.dataset.circuit = pool.circuit;
    }
    renderTimeline(panel, at);
    const actions = panel.element.querySelector('.breaker-actions');
    if (actions !== null) {
      const wanted = this.actions() && node.children.some((child) => child.kind === 'breaker');
      const html = wanted
        ? `<button data-action="openCircuit" data-target="${esc(node.path)}">open breaker</button><button data-action="closeCircuit" data-target="${esc(node.path)}">close breaker</button>`
        : '';
      if (actions.innerHTML !== html) actions.innerHTML = html;
    }
    const s = panel.series;
    // One point alone would make uPlot's time axis span years: draw from the second on.
    if (s.t.length < 2) return;
    const [throughput, run, wait] = panel.charts;
    throughput?.setData([s.t, s.completed, s.failed]);
    run?.setData([s.t, s.runP50, s.runP90, s.runP99]);
    wait?.setData([s.t, s.waitP50, s.waitP90, s.waitP99]);
  }
}

/** An axis value in a few characters: 950, 12k, 1.2M. */
function compact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${+(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${Math.round(value / 1e3)}k`;
  if (abs >= 1e3) return `${+(value / 1e3).toFixed(1)}k`;
  return `${+value.toFixed(2)}`;
}

function push(series: Series, sample: PoolSample): void {
  const add = (key: keyof Series, value: number): void => {
    const list = series[key];
    list.push(value);
    if (list.length > POINTS) list.shift();
  };
  add('t', sample.at / 1000);
  add('completed', sample.completedPerSecond);
  add('failed', sample.failedPerSecond);
  add('runP50', sample.runTime.p50);
  add('runP90', sample.runTime.p90);
  add('runP99', sample.runTime.p99);
  add('waitP50', sample.waitTime.p50);
  add('waitP90', sample.waitTime.p90);
  add('waitP99', sample.waitTime.p99);
}

/** Records a circuit state if it differs from the last one recorded. */
function mark(panel: PoolPanel, state: string, at: number): void {
  const last = panel.timeline[panel.timeline.length - 1];
  if (last !== undefined && last.state === state) return;
  if (last !== undefined && at < last.at) at = last.at;
  panel.timeline.push({ state, at });
  if (panel.timeline.length > 200) panel.timeline.shift();
}

function renderTimeline(panel: PoolPanel, now: number): void {
  const start = now - TIMELINE_MS;
  const bar = panel.element.querySelector('.timeline');
  const history = panel.element.querySelector('.circuit-history');
  const spans = panel.timeline.map((entry, i) => {
    const next = panel.timeline[i + 1]?.at ?? now;
    const from = Math.max(entry.at, start);
    const width = Math.max(0, ((next - from) / TIMELINE_MS) * 100);
    return next <= start ? '' : `<span class="seg state-${entry.state}" style="width:${width.toFixed(2)}%" title="${entry.state} from ${clock(entry.at)}"></span>`;
  });
  if (bar !== null) setHtml(bar, spans.join(''));
  if (history !== null) {
    setHtml(
      history,
      panel.timeline
        .slice(-8)
        .map((entry) => `<li data-circuit="${entry.state}"><time>${clock(entry.at)}</time> ${entry.state}</li>`)
        .join(''),
    );
  }
}
