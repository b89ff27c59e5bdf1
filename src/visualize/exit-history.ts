import type { AnyActorRef } from 'xstate';
import type { SupervisorHandle } from '../../supervisor/handle.js';
import type { SupervisorEvents } from '../../supervisor/events.js';
import type { ExitReason } from '../../supervisor/exit-reason.js';

/**
 * What `systemTree` knows of a child's past: how often its supervisor restarted it and how its
 * last incarnation ended. A supervisor keeps neither (its child table holds the current actor
 * only), so they are counted here from the supervisor's own events, from the moment the tree is
 * first looked at: call `systemTree` once right after the tree starts to count from the start.
 */

/** How a child's last incarnation ended: its exit reason, with the error written as text. */
export interface ExitSummary {
  reason: ExitReason['reason'];
  /** Why a `shutdown` happened, when the child said (`requested`, `reached_max_restart_intensity`, ...). */
  cause?: string;
  /** A crash's error as `Name: message` (never the error object: it may hold anything). */
  error?: string;
  /** Epoch ms of the exit. */
  at: number;
}

/** One child's record, by its id in its supervisor. */
export interface ChildHistory {
  restarts: number;
  lastExit: ExitSummary | null;
}

/** Errors are cut to this many characters: a tree polled 4 times a second must stay small. */
const MAX_ERROR_TEXT = 200;

/** Per supervisor actor; forgotten with it. */
const histories = new WeakMap<AnyActorRef, Map<string, ChildHistory>>();

/**
 * The children's records of `supervisor`, listening to its events from the first call on.
 * The listeners leave when the supervisor stops.
 *
 * @example
 * ```ts
 * const history = historyOf(sup);
 * history.get('db')?.restarts; // 0 until 'db' is restarted
 * ```
 */
export function historyOf(supervisor: SupervisorHandle): Map<string, ChildHistory> {
  const known = histories.get(supervisor.actor);
  if (known !== undefined) return known;
  const history = new Map<string, ChildHistory>();
  histories.set(supervisor.actor, history);
  const events = supervisor.events;
  const record = (id: string): ChildHistory => {
    let child = history.get(id);
    if (child === undefined) history.set(id, (child = { restarts: 0, lastExit: null }));
    return child;
  };
  const exited = ({ id, exit }: SupervisorEvents['childExited']) => (record(id).lastExit = summarize(exit));
  const restarted = ({ id }: SupervisorEvents['childRestarted']) => record(id).restarts++;
  const terminated = ({ id, outcome }: SupervisorEvents['childTerminated']) =>
    (record(id).lastExit = outcome === 'killed' ? { reason: 'killed', at: Date.now() } : { reason: 'shutdown', at: Date.now() });
  const stopped = () => {
    events.off('childExited', exited);
    events.off('childRestarted', restarted);
    events.off('childTerminated', terminated);
    events.off('stopped', stopped);
  };
  events.on('childExited', exited);
  events.on('childRestarted', restarted);
  events.on('childTerminated', terminated);
  events.on('stopped', stopped);
  // Already stopped: nothing more will come.
  if (supervisor.phase === 'stopped') stopped();
  return history;
}

/**
 * Drops the records of children a supervisor no longer has (a dynamic supervisor's children
 * leave for good, a deleted spec is gone), so there are never more records than children.
 *
 * @example
 * ```ts
 * forgetGone(historyOf(sup), new Set(sup.whichChildren().map((child) => child.id)));
 * ```
 */
export function forgetGone(history: Map<string, ChildHistory>, current: ReadonlySet<string>): void {
  if (history.size === 0) return;
  for (const id of history.keys()) if (!current.has(id)) history.delete(id);
}

/**
 * An exit reason as plain, bounded JSON.
 *
 * @example
 * ```ts
 * summarize({ reason: 'crashed', error: new TypeError('bad') }); // { reason: 'crashed', error: 'TypeError: bad', at: 1767225600000 }
 * ```
 */
export function summarize(exit: ExitReason): ExitSummary {
  const at = Date.now();
  if (exit.reason === 'crashed') return { reason: 'crashed', error: errorText(exit.error), at };
  if (exit.reason === 'shutdown' && exit.cause !== undefined) return { reason: 'shutdown', cause: exit.cause, at };
  return { reason: exit.reason, at };
}

function errorText(error: unknown): string {
  let text: string;
  if (error instanceof Error) text = `${error.name}: ${error.message}`;
  else if (typeof error === 'string') text = error;
  else {
    try {
      text = JSON.stringify(error) ?? String(error);
    } catch {
      text = Object.prototype.toString.call(error);
    }
  }
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT - 1)}…` : text;
}
