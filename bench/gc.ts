import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A function that forces a full garbage collection. Prefers the `gc` global of
 * `node --expose-gc`; otherwise turns the flag on at run time and takes `gc` from a
 * fresh context, so the memory suite also works under vitest or plain `tsx`.
 */
export function obtainGc(): { gc: () => void; source: 'expose-gc' | 'runtime-flag' } {
  const native = (globalThis as { gc?: () => void }).gc;
  if (typeof native === 'function') return { gc: native, source: 'expose-gc' };
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return { gc, source: 'runtime-flag' };
}
