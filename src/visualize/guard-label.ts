/**
 * How a transition's guard is written in a graph: the name of a named guard, `inline` for a
 * function, and xstate's combinators spelled out (`and` → `&&`, `or` → `||`, `not` → `!`,
 * `stateIn` → `in(<state>)`). Parameters of a parameterized guard are left out: they may hold
 * anything, and a graph must stay plain, stable JSON.
 */

/** What xstate's `and` / `or` / `not` / `stateIn` return: a function carrying its operands. */
interface CombinatorLike {
  (...args: never[]): unknown;
  check: unknown;
  guards?: unknown[];
  stateValue?: unknown;
}

/**
 * The label of a guard, or `undefined` when there is none.
 *
 * @example
 * ```ts
 * guardLabel('isAdmin');                       // 'isAdmin'
 * guardLabel({ type: 'within', params: { n } }); // 'within'
 * guardLabel(({ context }) => context.ok);     // 'inline'
 * guardLabel(and(['a', not('b')]));            // 'a && !b'
 * ```
 */
export function guardLabel(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  return label(guard, false);
}

function label(guard: unknown, nested: boolean): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return isCombinator(guard) ? combinator(guard, nested) : 'inline';
  if (typeof guard === 'object' && guard !== null && typeof (guard as { type?: unknown }).type === 'string') {
    return (guard as { type: string }).type;
  }
  return 'inline';
}

function isCombinator(guard: object): guard is CombinatorLike {
  return 'check' in guard && typeof (guard as { check: unknown }).check === 'function';
}

function combinator(guard: CombinatorLike, nested: boolean): string {
  const operands = Array.isArray(guard.guards) ? guard.guards : [];
  switch (guard.name) {
    case 'not':
      return `!${label(operands[0], true)}`;
    case 'and':
    case 'or': {
      const joined = operands.map((operand) => label(operand, true)).join(guard.name === 'and' ? ' && ' : ' || ');
      return nested && operands.length > 1 ? `(${joined})` : joined;
    }
    case 'stateIn':
      return `in(${typeof guard.stateValue === 'string' ? guard.stateValue : JSON.stringify(guard.stateValue)})`;
    default:
      return 'inline';
  }
}
