import type { PreloadStep } from './typescript-loader.js';

/**
 * The code every pool thread runs, as a string for `new Worker(code, { eval: true })`.
 * Shipping it inline means no extra file to resolve in source, ESM or CJS builds.
 *
 * What the worker needs to know (its module, its id, what to import first) is written into its
 * code as `BOOT`; the user's `workerData` is the thread's own `workerData` (a process gets it in its
 * first message), so `import { workerData } from 'node:worker_threads'` in a thread reads it.
 *
 * Protocol (arrays keep structured cloning cheap):
 * - main → process only, first: `[BOOT, workerData]`
 * - main → thread: `[CALL, seq, name, args, idPrefix?]`, `[DISPOSE]`
 * - thread → main: `[READY]`, `[INIT_FAILED, error]`, `[OK, seq, value]`, `[ERR, seq, error]`, `[DISPOSED]`
 * A call is named by its task's number; the task id's prefix is sent only when it changes (a
 * string per message costs more to clone than the rest of a small call together).
 * The handlers module is loaded with `import()`, so ESM and CJS both work; `init` / `dispose`
 * exports are the per-thread resource hooks. The code itself uses no `require` and no `import`
 * statement, so it runs as a script or as a module: a thread inherits the host's Node options,
 * and under `node --input-type=module -e` its entry is parsed as a module.
 */
const ENTRY_BODY = `
'use strict';
const BOOT = __BOOT__;
let parentPort, workerData, threadId;
let taskPrefix = '';
async function connect() {
  CONNECT
}
const CALL = 0, DISPOSE = 1, READY = 2, INIT_FAILED = 3, OK = 4, ERR = 5, DISPOSED = 6;
const TS_HINT = ' (a TypeScript handlers module needs tsx: run the application under it, e.g. node --import tsx, and keep tsx in the pool\\'s execArgv if you give one; compiled, point the pool at the .js file)';

function serialize(error) {
  if (!(error instanceof Error)) {
    try {
      structuredClone(error);
      return { isError: false, value: error, name: '', message: '', stack: undefined, props: {} };
    } catch (cloneError) {
      // A thrown value that cannot cross the boundary (it holds a function, ...): report that.
      let text;
      try { text = String(error); } catch { text = Object.prototype.toString.call(error); }
      return { isError: true, name: 'DataCloneError', message: 'The task threw a value that cannot be cloned: ' + text, stack: undefined, props: {} };
    }
  }
  const props = {};
  for (const key of Object.keys(error)) {
    const value = error[key];
    try { structuredClone(value); props[key] = value; } catch { props[key] = String(value); }
  }
  return { isError: true, name: error.name, message: error.message, stack: error.stack, props };
}

function send(message) {
  try { parentPort.postMessage(message); }
  catch (error) {
    // The result cannot be cloned: report that as the task's error instead.
    if (message[0] === OK) parentPort.postMessage([ERR, message[1], serialize(error)]);
    else throw error;
  }
}

(async () => {
  await connect();
  let handlers;
  let resource;
  try {
    // tsx's hooks for a TypeScript module (a thread does not inherit them): see typescript-loader.ts.
    for (const step of BOOT.preload) {
      const preloaded = await import(step.url);
      if (step.call) await (preloaded[step.call] ?? preloaded.default[step.call])();
    }
    const mod = await import(BOOT.url);
    // import() of a CommonJS module puts module.exports on default.
    handlers = mod.default && typeof mod.default === 'object' ? { ...mod.default, ...mod } : mod;
    if (typeof handlers.init === 'function') resource = await handlers.init({ workerId: BOOT.workerId, threadId, workerData });
  } catch (error) {
    if (error && error.code === 'ERR_UNKNOWN_FILE_EXTENSION' && /\\.[cm]?tsx?"/.test(String(error.message))) {
      try { error.message += TS_HINT; } catch {}
    }
    send([INIT_FAILED, serialize(error)]);
    return;
  }
  parentPort.on('message', (message) => {
    if (message[0] === DISPOSE) {
      Promise.resolve()
        .then(() => (typeof handlers.dispose === 'function' ? handlers.dispose(resource) : undefined))
        .then(() => send([DISPOSED]), () => send([DISPOSED]));
      return;
    }
    const seq = message[1];
    if (message.length > 4) taskPrefix = message[4];
    const taskId = taskPrefix + '-' + seq;
    const name = message[2];
    // Own exports only: never Object.prototype's methods ('constructor', 'hasOwnProperty', ...).
    const fn = Object.prototype.hasOwnProperty.call(handlers, name) ? handlers[name] : undefined;
    if (typeof fn !== 'function' || name === 'init' || name === 'dispose') {
      send([ERR, seq, serialize(new TypeError('The handlers module has no function named ' + JSON.stringify(name) + '.'))]);
      return;
    }
    let result;
    try {
      result = fn(...message[3], { taskId, workerId: BOOT.workerId, threadId, resource });
    } catch (error) {
      send([ERR, seq, serialize(error)]);
      return;
    }
    // A foreign thenable may call back twice or throw from its then (or a then getter): a native
    // promise adopts it, so the task gets exactly one reply.
    let then;
    try {
      then = result !== null && (typeof result === 'object' || typeof result === 'function') ? result.then : undefined;
    } catch (error) {
      send([ERR, seq, serialize(error)]);
      return;
    }
    if (typeof then === 'function') {
      new Promise((resolve, reject) => then.call(result, resolve, reject)).then(
        (value) => send([OK, seq, value]),
        (error) => send([ERR, seq, serialize(error)]),
      );
    } else {
      send([OK, seq, result]);
    }
  });
  send([READY]);
})();
`;

/** What a worker's code is told: its handlers module, its worker id, what to import before it. */
export interface EntryBoot {
  url: string;
  workerId: string;
  preload: readonly PreloadStep[];
}

const THREAD_CONNECT = "({ parentPort, workerData, threadId } = await import('node:worker_threads'));";

const PROCESS_CONNECT = [
  // Listening before the first await: the host's first message (the workerData) may already wait.
  "const booted = new Promise((resolve) => process.once('message', resolve));",
  'parentPort = { postMessage: (message) => process.send(message), on: (event, listener) => process.on(event, listener) };',
  'threadId = process.pid;',
  "process.on('disconnect', () => process.exit(0));",
  // A task that never yields keeps 'disconnect' from ever running: a watchdog thread sees the host
  // go (this process is re-parented) and kills the process, so no worker outlives its host.
  "const { Worker } = await import('node:worker_threads');",
  // It runs with no flags of its own (a preload would only slow it down) and as script or module.
  "new Worker(\"import('node:worker_threads').then(({ workerData }) => setInterval(() => { if (process.ppid !== workerData) process.kill(process.pid, 'SIGKILL'); }, 250));\", { eval: true, workerData: process.ppid, execArgv: [] }).unref();",
  'workerData = (await booted)[1];',
].join('\n  ');

/** The entry with its connection code and boot data in place (a function replacer: no `$` patterns). */
function entry(connect: string, boot: EntryBoot): string {
  return ENTRY_BODY.replace('__BOOT__', () => JSON.stringify(boot)).replace('CONNECT', () => connect);
}

/**
 * The entry of a pool thread, for `new Worker(code, { eval: true, workerData })`.
 *
 * @example
 * ```ts
 * new Worker(threadEntrySource({ url, workerId: 'w1', preload: [] }), { eval: true, workerData: userData });
 * ```
 */
export function threadEntrySource(boot: EntryBoot): string {
  return entry(THREAD_CONNECT, boot);
}

/**
 * The entry of a pool process (`isolation: 'process'`), run as `node -e <code>` with an IPC
 * channel: the same protocol over `process.send`, the workerData in the host's first message and
 * the pid as its `threadId`. It exits when the host goes away.
 *
 * @example
 * ```ts
 * const child = spawn(process.execPath, ['-e', processEntrySource({ url, workerId: 'w1', preload: [] })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
 * child.send([MSG_BOOT, userData]);
 * ```
 */
export function processEntrySource(boot: EntryBoot): string {
  return entry(PROCESS_CONNECT, boot);
}

export const MSG_CALL = 0;
export const MSG_DISPOSE = 1;
export const MSG_READY = 2;
export const MSG_INIT_FAILED = 3;
export const MSG_OK = 4;
export const MSG_ERR = 5;
export const MSG_DISPOSED = 6;
export const MSG_BOOT = 7;
