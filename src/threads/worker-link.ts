import { spawn } from 'node:child_process';
import { Worker, type ResourceLimits, type Transferable } from 'node:worker_threads';
import { PROCESS_ENTRY_SOURCE, THREAD_ENTRY_SOURCE } from './thread-entry.js';

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

/** A `worker_thread` running the pool entry. */
export function threadLink(url: string, workerId: string, resourceLimits: ResourceLimits | undefined): WorkerLink {
  const thread = new Worker(THREAD_ENTRY_SOURCE, {
    eval: true,
    workerData: { url, workerId },
    ...(resourceLimits === undefined ? {} : { resourceLimits }),
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
 * A child process running the pool entry (`node -e`), with an IPC channel that clones values as
 * `postMessage` does (`serialization: 'advanced'`). Its heap limit is `--max-old-space-size`, so an
 * out-of-memory of any kind, a native crash or `process.abort()` ends only that process.
 */
export function processLink(url: string, workerId: string, resourceLimits: ResourceLimits | undefined): WorkerLink {
  const flags: string[] = [];
  if (resourceLimits?.maxOldGenerationSizeMb !== undefined) flags.push(`--max-old-space-size=${resourceLimits.maxOldGenerationSizeMb}`);
  if (resourceLimits?.maxYoungGenerationSizeMb !== undefined) {
    // V8's young generation is three semi-spaces.
    flags.push(`--max-semi-space-size=${Math.max(1, Math.round(resourceLimits.maxYoungGenerationSizeMb / 3))}`);
  }
  const child = spawn(process.execPath, [...flags, '-e', PROCESS_ENTRY_SOURCE], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
    env: { ...process.env, OVERSEER_WORKER_DATA: JSON.stringify({ url, workerId }) },
  });
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
