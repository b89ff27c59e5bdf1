import type { AnyActorLogic } from 'xstate';
import { normalizeOrchestration } from './child-orchestration.js';
import { normalizeChildSpec, type ChildSpec, type NormalizedChildSpec } from './child-spec.js';

/**
 * Checks a whole child spec and fills in its defaults: OTP's fields (`normalizeChildSpec`), then
 * the orchestration fields (`name`, `restartDelay`, `childRestarts`, `maxHeldEvents`). Throws
 * {@link InvalidOptionError} naming `<path>.<field>`.
 *
 * @example
 * ```ts
 * const spec = normalizeChild({ id: 'payment', name: 'payment', logic: paymentMachine }, 'children[0]');
 * spec.maxHeldEvents; // 1000
 * ```
 */
export function normalizeChild<TLogic extends AnyActorLogic>(
  spec: ChildSpec<TLogic>,
  path = 'child',
  options: { requireId?: boolean } = {},
): NormalizedChildSpec<TLogic> {
  return { ...normalizeChildSpec(spec, path, options), ...normalizeOrchestration(spec, path) } as NormalizedChildSpec<TLogic>;
}
