import { serialize } from 'node:v8';
import { SHARE_ENV, type ResourceLimits } from 'node:worker_threads';
import { InvalidOptionError } from '../../supervisor/errors.js';
import { checkOptions } from '../../supervisor/option-keys.js';
import { POOL_OPTIONS, type PoolOptions } from '../pool-options.js';
import { replacesEntry } from './node-flags.js';
import type { Isolation } from './worker-link.js';

/** The most threads (or processes) a thread pool may have. */
export const MAX_THREADS = 1024;

const RESOURCE_LIMITS = ['maxYoungGenerationSizeMb', 'maxOldGenerationSizeMb', 'codeRangeSizeMb', 'stackSizeMb'];
/** What a process's Node flags can limit (`--max-old-space-size`, `--max-semi-space-size`). */
const PROCESS_RESOURCE_LIMITS = ['maxYoungGenerationSizeMb', 'maxOldGenerationSizeMb'];
const ISOLATIONS: readonly Isolation[] = ['thread', 'process'];

/** `createPool` options that have no meaning for threads, and why. */
const IN_PROCESS_ONLY: Record<string, string> = {
  handlers: "a thread pool's handlers are its module's exports (createPool's `handlers` is for in-process pools)",
  worker: "a thread pool's per-thread resource is made by its module's `init` / `dispose` exports",
  wrap: 'tasks of a thread pool are named calls into a thread; a wrapper function cannot cross to it',
  isFatal: "in a thread pool only a lost thread is fatal to its worker (isFatal is createPool's)",
  timeoutGrace: "a thread pool terminates a timed-out call's thread at once: no code is left running to wait for",
};

const THREAD_POOL_OPTIONS = [
  ...POOL_OPTIONS.filter((key) => !(key in IN_PROCESS_ONLY)),
  'resourceLimits',
  'disposeTimeout',
  'isolation',
  'workerData',
  'env',
  'execArgv',
  'prefetch',
];

/** The thread pool's own options, checked, and the rest for `normalizePoolOptions`. */
export interface NormalizedThreadPoolOptions {
  poolOptions: PoolOptions<any>;
  resourceLimits: ResourceLimits | undefined;
  disposeTimeout: number;
  isolation: Isolation;
  workerData: unknown;
  /** A frozen copy of the option (variables set to undefined left out), or SHARE_ENV. */
  env: Readonly<Record<string, string>> | typeof SHARE_ENV | undefined;
  execArgv: readonly string[] | undefined;
  prefetch: boolean;
}

/**
 * Checks what `createThreadPool` takes beyond the pool's options (and refuses the in-process-only
 * ones, saying why). Throws {@link InvalidOptionError} naming the option; nothing is started.
 *
 * @example
 * ```ts
 * normalizeThreadPoolOptions({ size: 2, isolation: 'process' }).isolation; // 'process'
 * ```
 */
export function normalizeThreadPoolOptions(options: Record<string, unknown> & { size?: unknown }): NormalizedThreadPoolOptions {
  // `workerData: null` is a value the module receives, not an unset option.
  checkOptions(options, '', THREAD_POOL_OPTIONS, IN_PROCESS_ONLY, ['workerData']);
  const size = options.size as { max?: unknown } | number | undefined;
  const most = typeof size === 'object' && size !== null ? size.max : size;
  if (typeof most === 'number' && Number.isInteger(most) && most > MAX_THREADS) {
    throw new InvalidOptionError(typeof size === 'object' ? 'size.max' : 'size', most, `an integer from 1 to ${MAX_THREADS}`);
  }
  const isolation = (options.isolation ?? 'thread') as Isolation;
  if (!ISOLATIONS.includes(isolation)) throw new InvalidOptionError('isolation', options.isolation, "'thread' or 'process'");
  const disposeTimeout = options.disposeTimeout ?? 5000;
  if (typeof disposeTimeout !== 'number' || !(disposeTimeout >= 0)) {
    throw new InvalidOptionError('disposeTimeout', options.disposeTimeout, 'a number of ms >= 0 (Infinity: wait for ever)');
  }
  const resourceLimits = options.resourceLimits as ResourceLimits | undefined;
  if (resourceLimits !== undefined) {
    const hint = 'a process pool limits its heap only (--max-old-space-size, --max-semi-space-size)';
    const known = isolation === 'process' ? PROCESS_RESOURCE_LIMITS : RESOURCE_LIMITS;
    checkOptions(resourceLimits, 'resourceLimits', known, isolation === 'process' ? { codeRangeSizeMb: hint, stackSizeMb: hint } : {});
    for (const [key, value] of Object.entries(resourceLimits)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new InvalidOptionError(`resourceLimits.${key}`, value, 'a finite number of MB > 0');
      // A process's limits become Node flags, which take whole megabytes only.
      if (isolation === 'process' && !Number.isInteger(value)) throw new InvalidOptionError(`resourceLimits.${key}`, value, 'a whole number of MB (a process pool passes it as a Node flag)');
    }
  }
  const workerData = checkWorkerData(options.workerData, isolation);
  const env = checkEnv(options.env, isolation);
  const execArgv = checkExecArgv(options.execArgv);
  const prefetch = options.prefetch ?? true;
  if (typeof prefetch !== 'boolean') throw new InvalidOptionError('prefetch', options.prefetch, 'true or false');
  const { resourceLimits: _limits, disposeTimeout: _dispose, isolation: _isolation, workerData: _data, env: _env, execArgv: _argv, prefetch: _prefetch, ...poolOptions } = options;
  return { poolOptions: poolOptions as PoolOptions<any>, resourceLimits, disposeTimeout, isolation, workerData, env, execArgv, prefetch };
}

/** The value, if a thread (structured clone) or a process (the IPC channel's V8 serializer) can receive it. */
function checkWorkerData(value: unknown, isolation: Isolation): unknown {
  if (value === undefined) return undefined;
  try {
    if (isolation === 'process') serialize(value);
    else structuredClone(value);
  } catch {
    const how = isolation === 'process' ? "V8's serializer (a process pool's IPC)" : 'structured clone';
    throw new InvalidOptionError('workerData', value, `a value ${how} can copy: no functions, symbols or other uncloneable values`);
  }
  return value;
}

function checkEnv(value: unknown, isolation: Isolation): NormalizedThreadPoolOptions['env'] {
  if (value === undefined) return undefined;
  if (value === SHARE_ENV) {
    if (isolation === 'process') throw new InvalidOptionError('env', value, 'an object of strings (SHARE_ENV shares a thread’s environment with the host; a process has its own)');
    return SHARE_ENV;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidOptionError('env', value, 'an object of environment variables (name → string), or SHARE_ENV for threads');
  }
  const env: Record<string, string> = {};
  for (const [name, text] of Object.entries(value)) {
    if (text === undefined) continue; // as in process.env: unset
    if (typeof text !== 'string') throw new InvalidOptionError(`env.${name}`, text, 'a string (or undefined: not set)');
    if (name.includes('\0') || text.includes('\0')) throw new InvalidOptionError(`env.${name}`, text, 'a name and value without NUL characters');
    env[name] = text;
  }
  return Object.freeze(env);
}

function checkExecArgv(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new InvalidOptionError('execArgv', value, 'an array of Node flags, like ["--enable-source-maps"]');
  value.forEach((flag: unknown, i) => {
    if (typeof flag !== 'string' || flag.length === 0 || flag.includes('\0')) throw new InvalidOptionError(`execArgv[${i}]`, flag, 'a non-empty string');
    const other = replacesEntry(flag);
    if (other !== undefined) throw new InvalidOptionError(`execArgv[${i}]`, flag, `a Node flag that leaves the pool's entry alone (${other} would run something else)`);
  });
  return Object.freeze([...(value as string[])]);
}
