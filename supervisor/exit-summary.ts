import type { ExitReason } from './exit-reason.js';

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

/** Errors are cut to this many characters: a tree polled 4 times a second must stay small. */
const MAX_ERROR_TEXT = 200;

/**
 * An exit reason as plain, bounded JSON: what a supervisor keeps as a child's `lastExit`.
 *
 * @example
 * ```ts
 * summarize({ reason: 'crashed', error: new TypeError('bad') }); // { reason: 'crashed', error: 'TypeError: bad', at: 1767225600000 }
 * ```
 */
export function summarize(exit: ExitReason, at: number = Date.now()): ExitSummary {
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
