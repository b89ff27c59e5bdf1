/**
 * What the chaos suite checks, and how a violation is reported: with the seed and the round, so
 * `npm run chaos -- --seed <seed> --only <part>` replays it.
 */
export class Violation extends Error {
  constructor(
    readonly part: string,
    readonly seed: number,
    readonly round: number,
    what: string,
  ) {
    super(`${part}, seed ${seed}, round ${round}: ${what}`);
    this.name = 'Violation';
  }
}

/** Counts per fault kind and per outcome, for the summary. */
export class Tally {
  readonly counts = new Map<string, number>();

  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  merge(other: Tally): void {
    for (const [key, n] of other.counts) this.add(key, n);
  }

  toString(): string {
    return [...this.counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`).join(', ');
  }
}

/** Unhandled rejections and uncaught exceptions seen while a part runs: each one is a violation. */
export function watchProcess(): { problems: string[]; stop: () => void } {
  const problems: string[] = [];
  const onRejection = (reason: unknown) => problems.push(`unhandled rejection: ${describe(reason)}`);
  const onException = (error: unknown) => problems.push(`uncaught exception: ${describe(error)}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    problems,
    stop: () => {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

export function describe(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
}

/** Resolves with `promise`, or rejects naming `what` if it takes longer than `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
