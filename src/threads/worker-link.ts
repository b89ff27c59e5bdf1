import { spawn } from 'node:child_process';
import { Worker, type ResourceLimits, type SHARE_ENV, type Transferable } from 'node:worker_threads';
import { MSG_BOOT, processEntrySource, threadEntrySource } from './thread-entry.js';
import type { PreloadStep } from './typescript-loader.js';

/** Where a thread-pool worker runs its handlers: a thread of this process, or a process of its own. */
export type Isolation = 'thread' | 'process';

/**
 * The host's end of one pool worker's thread or process: send a message, hear messages, errors
 * and the exit, kill it. {@link ThreadChannel} speaks the protocol over it.
 */
export interface WorkerLink {
  readonly isolation: Isolation;
  /** The thread's `threadId`, or the process's pid. */
  readonly id: number;
  send(message: unknown[], transfer: readonly Transferable[] | undefined): void;
  onMessage(listener: (message: unknown[]) => void): void;
  onError(listener: (error: unknown) => void): void;
  /** `code` is the exit code, `signal` the signal that killed a process (e.g. `SIGSEGV`). */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Stops it now; resolves once it is gone. */
  kill(): Promise<void>;
}

/** How every worker of a pool starts (checked by the pool's options). */
export interface WorkerSettings {
  /** file: (or data:) URL of the handlers module. */
  url: string;
  resourceLimits: ResourceLimits | undefined;
  /** The user's value: a thread's `workerData`, a process's first message; `init` receives it. */
  workerData: unknown;
  /** The worker's environment; undefined: the host's (copied when each worker starts). */
  env: Readonly<Record<string, string>> | typeof SHARE_ENV | undefined;
  /** Node flags; undefined: a thread inherits the host's (Node's default), a process `inherited`. */
  execArgv: readonly string[] | undefined;
  /** What a process runs with when no `execArgv` was given: the host's flags, filtered. */
  inherited: readonly string[];
  /** Modules a thread imports before its handlers (tsx's hooks for TypeScript handlers). */
  preload: readonly PreloadStep[];
}

/**
 * A `worker_thread` running the pool entry, with the pool's `workerData`, `env` and `execArgv`.
 *
 * @example
 * ```ts
 * const link = threadLink(settings, 'images/worker-0.x1Y2');
 * link.onMessage((message) => console.log(message)); // [READY] once the module is loaded
 * ```
 */
export function threadLink(settings: WorkerSettings, workerId: string): WorkerLink {
  const { url, resourceLimits, env, execArgv } = settings;
  const thread = new Worker(threadEntrySource({ url, workerId, preload: settings.preload }), {
    eval: true,
    workerData: settings.workerData,
    ...(resourceLimits === undefined ? {} : { resourceLimits }),
    ...(env === undefined ? {} : { env: env as NodeJS.ProcessEnv }),
    ...(execArgv === undefined ? {} : { execArgv: [...execArgv] }),
  });
  return {
    isolation: 'thread',
    id: thread.threadId,
    send: (message, transfer) => thread.postMessage(message, transfer as Transferable[] | undefined),
    onMessage: (listener) => thread.on('message', listener),
    onError: (listener) => thread.on('error', listener),
    onExit: (listener) => thread.on('exit', (code) => listener(code, null)),
    kill: async () => {
      await thread.terminate();
    },
  };
}

/**
 * A child process running the pool entry (`node <flags> -e`), with an IPC channel that clones
 * values as `postMessage` does (`serialization: 'advanced'`). Its heap limit is
 * `--max-old-space-size` (after the other flags, so it wins), so an out-of-memory of any kind, a
 * native crash or `process.abort()` ends only that process.
 *
 * @example
 * ```ts
 * const link = processLink({ ...settings, execArgv: ['--enable-source-maps'] }, 'images/worker-0.x1Y2');
 * link.onExit((code, signal) => console.log(code, signal));
 * ```
 */
export function processLink(settings: WorkerSettings, workerId: string): WorkerLink {
  const { url, resourceLimits, env } = settings;
  const flags: string[] = [...(settings.execArgv ?? settings.inherited)];
  if (resourceLimits?.maxOldGenerationSizeMb !== undefined) flags.push(`--max-old-space-size=${resourceLimits.maxOldGenerationSizeMb}`);
  if (resourceLimits?.maxYoungGenerationSizeMb !== undefined) {
    // V8's young generation is three semi-spaces.
    flags.push(`--max-semi-space-size=${Math.max(1, Math.round(resourceLimits.maxYoungGenerationSizeMb / 3))}`);
  }
  const child = spawn(process.execPath, [...flags, '-e', processEntrySource({ url, workerId, preload: [] })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
    ...(env === undefined ? {} : { env: env as NodeJS.ProcessEnv }),
  });
  // The entry waits for this before it loads the module; the pipe holds it until then. A process
  // that dies first (a bad flag) is reported by its exit, not by this write's EPIPE.
  child.send([MSG_BOOT, settings.workerData], (error) => void error);
  let exited: Promise<void> | undefined;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    isolation: 'process',
    id: child.pid ?? -1,
    send: (message) => {
      if (!child.connected) throw new Error(`Process ${child.pid ?? '?'} is gone.`);
      child.send(message);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as unknown[])),
    onError: (listener) => child.on('error', listener),
    onExit: (listener) => child.once('exit', (code, signal) => listener(code, signal)),
    kill: () => {
      exited ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await gone;
      })();
      return exited;
    },
  };
}
