/**
 * Node's command-line flags as a thread pool passes them on: splitting `NODE_OPTIONS`, reading a
 * flag's value, and choosing which of the host's flags a worker process inherits.
 */

/**
 * Flags that make Node run something other than the pool's entry (or wait for a debugger), with
 * whether each takes the next argument as its value when written without `=`.
 */
const RUNS_SOMETHING_ELSE: Readonly<Record<string, boolean>> = {
  '-e': true,
  '--eval': true,
  '-p': true,
  '--print': true,
  '-pe': true,
  '-c': false,
  '--check': false,
  '-i': false,
  '--interactive': false,
  '--run': true,
  '--prof-process': false,
  '--test': false,
  '--watch': false,
  '--watch-path': true,
  '--watch-preserve-output': false,
};

/** Inspector flags: a second process on the host's debugger port would fail or wait for a debugger. */
const INSPECTOR: Readonly<Record<string, boolean>> = {
  '--inspect': false,
  '--inspect-brk': false,
  '--inspect-wait': false,
  '--inspect-port': true,
  '--debug-port': true,
  '--inspect-publish-uid': true,
};

/** Flags that take the next argument as their value when written without `=`. */
const WITH_VALUE: ReadonlySet<string> = new Set([
  ...Object.keys(RUNS_SOMETHING_ELSE).filter((name) => RUNS_SOMETHING_ELSE[name]),
  ...Object.keys(INSPECTOR).filter((name) => INSPECTOR[name]),
  '--import',
  '--require',
  '-r',
  '--loader',
  '--experimental-loader',
  '--conditions',
  '-C',
  '--title',
  '--env-file',
  '--test-name-pattern',
  '--test-skip-pattern',
  '--test-reporter',
  '--test-reporter-destination',
  '--test-concurrency',
  '--test-timeout',
  '--test-shard',
  '--test-isolation',
  '--test-coverage-include',
  '--test-coverage-exclude',
  '--test-coverage-branches',
  '--test-coverage-functions',
  '--test-coverage-lines',
]);

/** Flags whose value is a module Node loads before the entry. */
export const PRELOAD_FLAGS: ReadonlySet<string> = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader']);

/**
 * The flag's name, without a value written with `=`.
 *
 * @example
 * ```ts
 * flagName('--import=tsx'); // '--import'
 * ```
 */
export function flagName(token: string): string {
  const equals = token.indexOf('=');
  return token.startsWith('--') && equals > 0 ? token.slice(0, equals) : token;
}

/**
 * The name of a flag that would make a worker run something other than the pool's entry code
 * (`-e`, `--test`, `--watch`, ...), or undefined.
 *
 * @example
 * ```ts
 * replacesEntry('--eval=1');           // '--eval'
 * replacesEntry('--enable-source-maps'); // undefined
 * ```
 */
export function replacesEntry(token: string): string | undefined {
  const name = flagName(token);
  return name in RUNS_SOMETHING_ELSE || name.startsWith('--test-') ? name : undefined;
}

/** One flag of a flag list with its value (the `=` part or the next argument). */
export interface ParsedFlag {
  name: string;
  value: string | undefined;
  /** The arguments it spans in the list. */
  tokens: string[];
}

/**
 * Reads a flag list (`process.execArgv`, a split `NODE_OPTIONS`) into flags with their values.
 *
 * @example
 * ```ts
 * parseFlags(['--import', 'tsx', '--conditions=dev']);
 * // [{ name: '--import', value: 'tsx', ... }, { name: '--conditions', value: 'dev', ... }]
 * ```
 */
export function parseFlags(argv: readonly string[]): ParsedFlag[] {
  const flags: ParsedFlag[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    const name = flagName(token);
    if (name !== token) {
      flags.push({ name, value: token.slice(name.length + 1), tokens: [token] });
    } else if (WITH_VALUE.has(name) && i + 1 < argv.length) {
      const value = argv[++i] as string;
      flags.push({ name, value, tokens: [token, value] });
    } else {
      flags.push({ name, value: undefined, tokens: [token] });
    }
  }
  return flags;
}

/**
 * Splits `NODE_OPTIONS` as Node does: on white space, with double quotes grouping and a
 * backslash escaping the next character inside them.
 *
 * @example
 * ```ts
 * splitNodeOptions('--import tsx --title "my app"'); // ['--import', 'tsx', '--title', 'my app']
 * ```
 */
export function splitNodeOptions(text: string | undefined): string[] {
  const out: string[] = [];
  if (text === undefined) return out;
  let current = '';
  let inToken = false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted && char === '\\' && i + 1 < text.length) {
      current += text[++i];
    } else if (char === '"') {
      quoted = !quoted;
      inToken = true;
    } else if (!quoted && /\s/.test(char)) {
      if (inToken) out.push(current);
      current = '';
      inToken = false;
    } else {
      current += char;
      inToken = true;
    }
  }
  if (inToken) out.push(current);
  return out;
}

/**
 * The host's flags a worker process inherits when the pool is given no `execArgv`: all of them
 * (as `child_process.fork` does) but those that would run something other than the pool's entry
 * (`-e`, `--test`, `--watch`, ...), the inspector's (the host holds its port), and those `drop`
 * names (tsx's loader when the handlers need no TypeScript: it costs each process start ~0.3 s).
 *
 * @example
 * ```ts
 * inheritedFlags(['--import', 'tsx', '--inspect', '-e', 'code'], () => false); // ['--import', 'tsx']
 * ```
 */
export function inheritedFlags(hostArgv: readonly string[], drop: (flag: ParsedFlag) => boolean): string[] {
  return parseFlags(hostArgv)
    .filter((flag) => replacesEntry(flag.name) === undefined && !(flag.name in INSPECTOR) && !drop(flag))
    .flatMap((flag) => flag.tokens);
}
