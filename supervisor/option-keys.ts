import { InvalidOptionError } from './errors.js';

/**
 * An options object had a key no option is named after (a typo, or an option of another API).
 * `suggestion` is the known option closest to it, if one is close.
 *
 * @example
 * ```ts
 * try { createPool({ maxQueue: 5 } as never); }
 * catch (err) { (err as UnknownOptionError).suggestion; // 'maxQueueSize' }
 * ```
 */
export class UnknownOptionError extends InvalidOptionError {
  readonly suggestion: string | undefined;

  constructor(option: string, value: unknown, suggestion: string | undefined, hint?: string) {
    super(option, value, 'no option of that name');
    this.suggestion = suggestion;
    this.message =
      `Unknown option "${option}"` +
      (hint !== undefined ? `: ${hint}.` : suggestion !== undefined ? `: did you mean "${suggestion}"?` : '.');
  }
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), for suggestions. */
function distance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((d[i - 1] as number[])[j]! + 1, (d[i] as number[])[j - 1]! + 1, (d[i - 1] as number[])[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (d[i - 2] as number[])[j - 2]! + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return (d[rows - 1] as number[])[cols - 1] as number;
}

/**
 * The known name closest to `key`: within a third of its length in edits (at least 2, but never
 * a name with no letter left in place), or one it starts or ends.
 */
function closest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const n = name.toLowerCase();
    // A key of three letters or more that starts or ends a name is taken as an abbreviation of it.
    const d = lower.length >= 3 && (n.startsWith(lower) || lower.startsWith(n) || n.endsWith(lower)) ? 1 : distance(lower, n);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  if (best === undefined || bestDistance > Math.max(2, Math.ceil(key.length / 3))) return undefined;
  // Not a name every letter of which had to change (`e` is not a typo of `on`).
  return bestDistance < Math.max(key.length, best.length) ? best : undefined;
}

/**
 * Checks an options object: a plain object (not an array), every key a known option, and no
 * option set to `null` (the one rule everywhere: leave an option out for its default; `null` is
 * refused, not taken as unset). Keys in `elsewhere` get their own hint (an option of another
 * API). Throws {@link UnknownOptionError} / {@link InvalidOptionError} naming the option.
 *
 * @example
 * ```ts
 * checkOptions({ maxQueue: 5 }, '', ['size', 'maxQueueSize']); // throws: did you mean "maxQueueSize"?
 * ```
 */
export function checkOptions(
  value: unknown,
  path: string,
  known: readonly string[],
  elsewhere: Readonly<Record<string, string>> = {},
  nullable: readonly string[] = [],
): void {
  const name = path === '' ? 'options' : path;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InvalidOptionError(name, value, 'an options object');
  const prefix = path === '' ? '' : `${path}.`;
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (!known.includes(key)) throw new UnknownOptionError(`${prefix}${key}`, field, closest(key, known), elsewhere[key]);
    if (field === null && !nullable.includes(key)) {
      throw new InvalidOptionError(`${prefix}${key}`, null, 'a value (null is not taken as unset: leave the option out for its default)');
    }
  }
}
