// `overseer/dashboard`: the live dashboard in the browser. Its page's libraries (dagre, uPlot) are
// bundled into dist/dashboard-page.js at build time; nothing here is loaded by `overseer` itself.
export { serveDashboard, type Dashboard } from './server.js';
export { type DashboardOptions, isLoopback } from './options.js';
export { DashboardListenError } from './errors.js';
export { KILL_EVENT_TYPE } from './actions.js';
export type { DashboardBatch, DashboardHello, LogEvent, PoolSample, TransitionRecord, ActionRequest, ActionResult } from './payload.js';
export { liveRoots } from '../../supervisor/live-roots.js';
