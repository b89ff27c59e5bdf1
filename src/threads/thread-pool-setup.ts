/**
 * What `createThreadPool` and `threadPoolSpec` share: checking the module and the options, and
 * turning them into the pool's normalized options, whose worker hooks start a thread or process.
 */
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidOptionError } from '../../supervisor/errors.js';
import type { PoolCore } from '../pool/pool-core.js';
import { loseWorker } from '../pool/worker-exits.js';
import { normalizePoolOptions, POOL_SIZE_ENV, type NormalizedPoolOptions, type PoolOptions } from '../pool-options.js';
import { inheritedFlags, splitNodeOptions } from './node-flags.js';
import { THREAD_CALL, ThreadChannel, type ThreadSpawnOptions, type ThreadTask } from './thread-channel.js';
import { MAX_THREADS, normalizeThreadPoolOptions } from './thread-pool-options.js';
import { isTsxFlag, isTypeScriptModule, threadPreloads } from './typescript-loader.js';

/** A thread pool's options, ready to open a pool (as a root or under a supervisor). */
export interface ThreadPoolSetup {
  normalized: NormalizedPoolOptions<ThreadChannel>;
  /** Called with each incarnation's core: a thread that dies while idle is reported to it. */
  onOpen: (core: PoolCore<ThreadChannel>) => void;
}

/** The data plane of every thread pool incarnation: how `getThreadPool` tells a thread pool from another. */
const threadPoolCores = new WeakSet<object>();

/**
 * Whether a pool's core (one incarnation's data plane) belongs to a thread pool.
 *
 * @example
 * ```ts
 * isThreadPoolCore(lifecycle.core); // true for a pool made by createThreadPool / threadPoolSpec
 * ```
 */
export function isThreadPoolCore(core: object): boolean {
  return threadPoolCores.has(core);
}

function moduleUrl(module: unknown): string {
  if (module instanceof URL) return module.href;
  if (typeof module === 'string' && module.length > 0) {
    if (/^(file|data):/.test(module)) return module;
    return pathToFileURL(isAbsolute(module) ? module : resolve(module)).href;
  }
  throw new InvalidOptionError('module', module, 'a file URL or a path to the handlers module');
}

/**
 * Checks `module` and `options` (throwing `InvalidOptionError` / `UnknownOptionError`, nothing
 * started) and builds the pool's normalized options. `name` is the default name (a spec's id).
 *
 * @example
 * ```ts
 * const { normalized, onOpen } = setUpThreadPool(new URL('./handlers.js', import.meta.url), { size: 2 });
 * startPool(normalized, ThreadPool, onOpen);
 * ```
 */
export function setUpThreadPool(module: unknown, options: Record<string, unknown>, name?: string): ThreadPoolSetup {
  const url = moduleUrl(module);
  const checked = normalizeThreadPoolOptions(options);
  const { poolOptions, isolation, execArgv, env } = checked;
  const envSize = typeof process !== 'undefined' ? process.env?.[POOL_SIZE_ENV] : undefined;
  const typeScript = isTypeScriptModule(url);
  // The flags a worker gets: tsx is given to a thread by hand (see typescript-loader.ts); a
  // process inherits the host's flags, tsx's only when the handlers are TypeScript.
  const nodeOptions = typeof env === 'object' ? env.NODE_OPTIONS : process.env.NODE_OPTIONS;
  const threadFlags = [...(execArgv ?? process.execArgv), ...splitNodeOptions(nodeOptions)];
  let core: PoolCore<ThreadChannel> | undefined;
  const spawn: ThreadSpawnOptions = {
    url,
    resourceLimits: checked.resourceLimits,
    workerData: checked.workerData,
    env,
    execArgv,
    inherited: isolation === 'process' ? inheritedFlags(process.execArgv, (flag) => !typeScript && isTsxFlag(flag)) : [],
    preload: isolation === 'thread' ? threadPreloads(url, threadFlags) : [],
    isolation,
    disposeTimeout: checked.disposeTimeout,
    // Each incarnation under a supervisor opens a new core; a worker id names one worker of one
    // core only, so a late report from an earlier incarnation finds nothing to do.
    onBroken: (workerId, error) => (core === undefined ? undefined : loseWorker(core, workerId, error)),
  };
  const size = options.size;
  const normalized = normalizePoolOptions<ThreadChannel>({
    // No user code runs on the main thread for a call: its async context has nothing to reach.
    propagateContext: false,
    ...(name === undefined ? {} : { name }),
    ...poolOptions,
    size: (size ?? (envSize === undefined || envSize.trim() === '' ? availableParallelism() : undefined)) as PoolOptions<ThreadChannel>['size'],
    worker: {
      init: ({ workerId, signal }) => ThreadChannel.start(workerId, spawn, signal),
      dispose: (channel) => channel.dispose(),
    },
  });
  // The size may come from OVERSEER_POOL_SIZE, which the pool's own check bounds at MAX_POOL_SIZE.
  if (normalized.size > MAX_THREADS) {
    throw new InvalidOptionError(size === undefined ? POOL_SIZE_ENV : 'size', normalized.size, `an integer from 1 to ${MAX_THREADS}`);
  }
  normalized.backend = { kind: 'threads', kill: (channel) => void channel.terminate(), abortKillsWorker: true };
  if (checked.prefetch && isolation === 'thread') {
    normalized.backend.reserve = (channel, task) => {
      const call = (task.fn as unknown as ThreadTask)[THREAD_CALL];
      return call !== undefined && channel.reserve(call.name, call.args, call.transfer, task);
    };
    normalized.backend.release = (channel) => channel.release();
  }
  const onOpen = (opened: PoolCore<ThreadChannel>): void => {
    core = opened;
    threadPoolCores.add(opened);
  };
  return { normalized, onOpen };
}
