import type { AnyActorLogic } from 'xstate';

const PROBE = Symbol('overseer.promise-probe');

/**
 * Whether `logic` is xstate's `fromPromise` logic. Such a child finishes on its own when its
 * promise settles, so its supervisor defaults its restart type to `temporary` (as Elixir's `Task`
 * children): left `permanent`, a child that finished normally would be restarted in a loop.
 *
 * Told apart by behaviour, not by name: only promise logic answers a promise's resolve event with
 * `done` and the value. Machines (whose `config` is an object) and `fromTransition` logic (no `start`)
 * are never probed, so no user code runs.
 *
 * @example
 * ```ts
 * isPromiseLogic(fromPromise(async () => 1)); // true
 * isPromiseLogic(fromCallback(() => {}));      // false
 * ```
 */
export function isPromiseLogic(logic: AnyActorLogic): boolean {
  const candidate = logic as { config?: unknown; start?: unknown; transition?: unknown };
  if (typeof candidate.config !== 'function' || typeof candidate.start !== 'function' || typeof candidate.transition !== 'function') return false;
  try {
    const state = { status: 'active', output: undefined, error: undefined, input: undefined };
    const next = (candidate.transition as (s: unknown, e: unknown, scope: unknown) => { status?: unknown; output?: unknown })(
      state,
      { type: 'xstate.promise.resolve', data: PROBE },
      { self: {} },
    );
    return next?.status === 'done' && next.output === PROBE;
  } catch {
    return false;
  }
}
