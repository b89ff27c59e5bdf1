/**
 * How a child's previous incarnation ended. Its supervisor keeps it (with the child's restart
 * count) on every `whichChildren()` row, so `systemTree` reads both from there: they are exact
 * from the child's first start, whenever the tree is first looked at.
 */
export { summarize, type ExitSummary } from '../../supervisor/exit-summary.js';

/** One child's record as `systemTree` shows it. */
export interface ChildHistory {
  restarts: number;
  lastExit: import('../../supervisor/exit-summary.js').ExitSummary | null;
}
