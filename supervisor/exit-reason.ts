import type { AnyActorRef, Snapshot } from 'xstate';

/**
 * Why a child stopped, in OTP's terms:
 * - `normal`: it reached a final state on its own;
 * - `shutdown`: its supervisor stopped it, or it reported `{ reason: 'shutdown' }`
 *   as its output (a supervisor that gave up does this);
 * - `crashed`: its snapshot status became `error`, or it reached a final state whose output is
 *   `{ reason: 'crashed', error }` (`error` holds the cause);
 * - `killed`: someone other than its supervisor stopped it.
 */
export type ExitReason =
  | { reason: 'normal' }
  | { reason: 'shutdown'; cause?: string }
  | { reason: 'crashed'; error: unknown }
  | { reason: 'killed' };

/** Whether an exit counts as abnormal (OTP: anything but normal and shutdown). */
export function isAbnormal(exit: ExitReason): boolean {
  return exit.reason === 'crashed' || exit.reason === 'killed';
}

/**
 * Reads the exit reason of an actor that just completed (done or stopped).
 * A final output of the shape `{ reason: 'shutdown' | 'crashed' }` is honoured:
 * that is how a supervisor tells its parent it shut down, and how a pool worker reports a crash.
 */
export function exitReasonOfCompleted(actor: AnyActorRef): ExitReason {
  const snapshot = actor.getSnapshot() as Snapshot<unknown>;
  if (snapshot.status === 'done') {
    const output = snapshot.output as { reason?: unknown; cause?: unknown; error?: unknown } | undefined;
    if (output !== null && typeof output === 'object' && output.reason === 'shutdown') {
      return typeof output.cause === 'string' ? { reason: 'shutdown', cause: output.cause } : { reason: 'shutdown' };
    }
    if (output !== null && typeof output === 'object' && output.reason === 'crashed') {
      // A machine may end in a visible `crashed` final state instead of erroring (pool workers do).
      return { reason: 'crashed', error: output.error };
    }
    return { reason: 'normal' };
  }
  return { reason: 'killed' };
}
