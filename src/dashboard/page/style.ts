/** The page's styles (dark, compact); uPlot's own stylesheet is added beside them. */
export const STYLE = `
:root { color-scheme: dark; --bg:#0f1420; --card:#161d2c; --line:#2a3142; --text:#d8dee9; --muted:#8a94a6; --ok:#4ade80; --warn:#fbbf24; --bad:#f87171; --info:#60a5fa; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--text); font:13px/1.4 ui-sans-serif, system-ui, sans-serif; }
header { display:flex; gap:12px; align-items:center; padding:8px 14px; border-bottom:1px solid var(--line); }
header h1 { font-size:15px; margin:0; }
#conn { font-size:12px; padding:2px 8px; border-radius:9px; background:#3b2530; }
#conn[data-state="live"] { background:#16382a; }
#toast { margin-left:auto; color:var(--muted); }
main { display:grid; grid-template-columns:minmax(360px, 1fr) minmax(420px, 1.2fr); gap:12px; padding:12px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px; overflow:auto; }
h2 { font-size:13px; margin:0 0 8px; color:var(--muted); text-transform:uppercase; letter-spacing:.06em; }
h3 { font-size:13px; margin:0 0 6px; }
.muted { color:var(--muted); }
ul.tree, ul.tree ul { list-style:none; margin:0; padding-left:16px; }
ul.tree { padding-left:0; }
.row { display:flex; flex-wrap:wrap; gap:6px; align-items:center; padding:2px 4px; border-radius:4px; cursor:pointer; }
.row:hover { background:#1d2537; }
.node.selected > .row { background:#22304d; }
.kind { font-size:10px; padding:0 5px; border-radius:3px; background:#2a3142; color:var(--muted); }
.kind-supervisor > .row .kind, .kind-dynamic-supervisor > .row .kind { background:#23314f; color:#9ec1ff; }
.kind-pool > .row .kind, .kind-thread-pool > .row .kind { background:#2e2a4f; color:#c4b5fd; }
.state { color:var(--info); }
.status { color:var(--warn); }
.status-terminated > .row .id, .status-stopped > .row .id, .status-done > .row .id { color:var(--muted); text-decoration:line-through; }
.status-error > .row .id, .status-restarting > .row .id { color:var(--bad); }
.restarts { color:var(--muted); }
.name { color:var(--muted); font-style:italic; }
.exit { color:var(--warn); font-size:12px; }
.gave-up { color:#fff; background:#7f1d1d; padding:0 6px; border-radius:3px; }
.meta { color:var(--muted); font-size:12px; }
@keyframes flash { from { background:#7f1d1d; } to { background:transparent; } }
.node.flash > .row { animation:flash 1.5s ease-out; outline:1px solid var(--bad); }
button { background:#23314f; color:var(--text); border:1px solid var(--line); border-radius:4px; font-size:11px; padding:1px 6px; cursor:pointer; }
button:hover { background:#2f4270; }
.actions { display:inline-flex; gap:3px; }
#chart { overflow:auto; max-height:560px; }
svg.statechart { display:block; max-width:100%; height:auto; margin:0 auto; }
svg.statechart g.state rect { fill:#1b2335; stroke:#3b4660; }
svg.statechart g.box rect { fill:rgba(40,50,75,.25); stroke-dasharray:4 3; }
svg.statechart g.state text { fill:var(--text); font-size:12px; }
svg.statechart g.leaf.active rect { fill:#14532d; stroke:var(--ok); stroke-width:2; }
svg.statechart g.box.active rect { stroke:var(--ok); }
svg.statechart path.edge { fill:none; stroke:#6b7690; stroke-width:1.2; }
svg.statechart marker path { fill:#6b7690; }
svg.statechart text.edge-label { fill:var(--muted); font-size:10px; }
ol.transitions { margin:6px 0 0; padding-left:18px; font-size:12px; }
.pools { display:flex; flex-direction:column; gap:10px; }
.pool-figures { display:flex; flex-wrap:wrap; gap:10px; margin-bottom:6px; }
.workers-grid { display:flex; flex-wrap:wrap; gap:3px; margin:6px 0; }
.cell { width:14px; height:14px; border-radius:3px; background:#334155; }
.cell.state-idle { background:#1e6f43; } .cell.state-busy { background:#d97706; } .cell.state-starting { background:#2563eb; }
.cell.state-crashed, .cell.state-error, .cell.state-restarting, .cell.state-terminated { background:#b91c1c; }
.breaker { display:flex; flex-wrap:wrap; gap:8px; align-items:center; margin:6px 0; }
.circuit { padding:1px 8px; border-radius:9px; background:#16382a; }
.circuit[data-circuit="open"] { background:#7f1d1d; } .circuit[data-circuit="halfOpen"] { background:#78350f; }
.timeline { display:flex; width:100%; height:10px; background:#1b2335; border-radius:3px; overflow:hidden; }
.seg.state-closed { background:#1e6f43; } .seg.state-open { background:#b91c1c; } .seg.state-halfOpen { background:#d97706; }
ol.circuit-history { display:flex; gap:10px; list-style:none; padding:0; margin:0; font-size:11px; color:var(--muted); }
.charts { display:flex; flex-wrap:wrap; gap:6px; }
.uplot { font-family:inherit; } .u-title { font-size:12px !important; font-weight:normal !important; color:var(--muted); }
.u-legend { font-size:11px; }
#log-card, #pools-card { grid-column:1 / -1; }
.pool.card { display:grid; grid-template-columns:minmax(280px, 1fr) auto; gap:4px 14px; }
.pool.card h3 { grid-column:1 / -1; }
.pool-info { min-width:0; }
.charts { grid-row:span 1; }
.log-filters { display:flex; gap:8px; margin-bottom:6px; }
input, select { background:#0f1420; color:var(--text); border:1px solid var(--line); border-radius:4px; padding:2px 6px; }
table.log { width:100%; border-collapse:collapse; font-size:12px; }
table.log td, table.log th { text-align:left; padding:2px 6px; border-bottom:1px solid #1f2636; }
table.log tr.bad td:nth-child(2) { color:var(--bad); }
table.log tr.good td:nth-child(2) { color:var(--ok); }
`;
