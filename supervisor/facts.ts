import type { SupervisorExit } from './events.js';

/**
 * Marks a fact as reported by the core: a child can `sendParent` any event, and one named like a
 * fact must not move its supervisor. A symbol key: it never reaches JSON or an inspector's payload.
 */
export const FACT: unique symbol = Symbol('overseer.fact');

/**
 * Facts a supervisor's core reports to its machine. The machine decides what follows (restart,
 * give up, shut down, back to running); the core carries the decision out on its mailbox.
 * `restarts` is the number of restarts in the current period, this one included.
 */
export type SupervisorFact = { [FACT]?: true } & (
  | { type: 'supervisor.childExited'; restart: boolean; restarts: number; significant: boolean; significantLeft: number }
  | { type: 'supervisor.restartFailed'; restarts: number }
  | { type: 'supervisor.restarted' }
  | { type: 'supervisor.stopped'; exit: SupervisorExit }
);
