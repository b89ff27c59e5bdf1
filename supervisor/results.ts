import type { AnyActorRef } from 'xstate';

/** Result of starting a child, in OTP's terms. */
export type StartChildResult<TRef = AnyActorRef> =
  | { ok: true; ref: TRef }
  | { ok: false; reason: 'already_started'; ref: TRef }
  | { ok: false; reason: 'already_present' }
  | { ok: false; reason: 'max_children' }
  | { ok: false; reason: 'start_failed'; error: unknown };

/** Result of terminating a child. Terminating an already terminated child is `ok`. */
export type TerminateChildResult = { ok: true } | { ok: false; reason: 'not_found' };

/** Result of restarting a terminated child. */
export type RestartChildResult =
  | { ok: true; ref: AnyActorRef }
  | { ok: false; reason: 'running' | 'restarting' | 'not_found' }
  | { ok: false; reason: 'start_failed'; error: unknown };

/** Result of deleting a terminated child's spec. */
export type DeleteChildResult = { ok: true } | { ok: false; reason: 'running' | 'restarting' | 'not_found' };
