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
 * - main → thread: first `[SETUP, gate, spinners, spinLimit, lingerUs]` (shared memory: see the
 *   'message' listener), then `[CALL, seq, name, args, idPrefix?, ticket?]`, `[DISPOSE]`; a call
 *   with a ticket is a prefetched one
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
let parentPort, workerData, threadId, receiveMessageOnPort;
let taskPrefix = '';
async function connect() {
  CONNECT
}
const CALL = 0, DISPOSE = 1, READY = 2, INIT_FAILED = 3, OK = 4, ERR = 5, DISPOSED = 6, SETUP = 8;
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

// Posts a message; true when it was a result that went out as one (not a failure).
function send(message) {
  try { parentPort.postMessage(message); }
  catch (error) {
    // The result cannot be cloned: report that as the task's error instead.
    if (message[0] === OK) parentPort.postMessage([ERR, message[1], serialize(error)]);
    else throw error;
    return false;
  }
  return message[0] === OK;
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
  // Set by the host's first message (threads only): the prefetch gate and the linger budget.
  let gate, spinners, spinLimit = 0, linger = 0;
  // A task is in flight (an async one lets the event loop run, and more messages arrive).
  let busy = false;
  // A prefetched call that arrived while busy; it may start when the task in flight succeeds.
  let held;
  // The last task failed: a prefetched call is dropped, the host decides what runs next (its
  // breaker may have opened).
  let lastFailed = false;
  let idleSince = -Infinity;

  // Prefetch: while this thread works, the host may send its next call with a ticket. It starts
  // only if the thread takes that ticket from the shared gate; the host takes it back with the
  // same compare-exchange, so exactly one side owns the call and no message is needed for it.
  function handle(message) {
    const kind = message[0];
    if (kind === SETUP) {
      gate = new Int32Array(message[1]);
      spinners = new Int32Array(message[2]);
      spinLimit = message[3];
      linger = message[4] / 1000;
      return false;
    }
    if (kind === DISPOSE) {
      Promise.resolve()
        .then(() => (typeof handlers.dispose === 'function' ? handlers.dispose(resource) : undefined))
        .then(() => send([DISPOSED]), () => send([DISPOSED]));
      return false;
    }
    // The host sends the task id prefix once, with whichever call comes first: one it takes back
    // (or this thread drops) still carried it, and the calls after it do not repeat it.
    if (message[4] !== undefined) taskPrefix = message[4];
    const ticket = message[5];
    if (ticket !== undefined) {
      if (busy) {
        held = message;
        return false;
      }
      if (lastFailed || Atomics.compareExchange(gate, ticket & 1, ticket, 0) !== ticket) return false;
    }
    return run(message);
  }

  // Runs one call; true when it finished synchronously (the thread is free again).
  function run(message) {
    const seq = message[1];
    // Begun: if this thread dies now, the host knows the call ran (see ThreadChannel.onExit).
    if (gate !== undefined) Atomics.store(gate, 3, seq);
    const taskId = taskPrefix + '-' + seq;
    const name = message[2];
    // Own exports only: never Object.prototype's methods ('constructor', 'hasOwnProperty', ...).
    const fn = Object.prototype.hasOwnProperty.call(handlers, name) ? handlers[name] : undefined;
    if (typeof fn !== 'function' || name === 'init' || name === 'dispose') {
      return reply([ERR, seq, serialize(new TypeError('The handlers module has no function named ' + JSON.stringify(name) + '.'))]);
    }
    let result;
    try {
      result = fn(...message[3], { taskId, workerId: BOOT.workerId, threadId, resource });
    } catch (error) {
      return reply([ERR, seq, serialize(error)]);
    }
    // A foreign thenable may call back twice or throw from its then (or a then getter): a native
    // promise adopts it, so the task gets exactly one reply.
    let then;
    try {
      then = result !== null && (typeof result === 'object' || typeof result === 'function') ? result.then : undefined;
    } catch (error) {
      return reply([ERR, seq, serialize(error)]);
    }
    if (typeof then !== 'function') return reply([OK, seq, result]);
    busy = true;
    new Promise((resolve, reject) => then.call(result, resolve, reject)).then(
      (value) => settled([OK, seq, value]),
      (error) => settled([ERR, seq, serialize(error)]),
    );
    return false;
  }

  function reply(message) {
    lastFailed = !send(message);
    return true;
  }

  // An async task ended: reply, then the prefetched call that waited for it, if any.
  function settled(message) {
    busy = false;
    reply(message);
    const next = held;
    held = undefined;
    if (next !== undefined) dispatch(next);
    else idleSince = performance.now();
  }

  // Runs a message from the event loop. A thread that gets calls back to back (the last one ended
  // under 1 ms ago) then polls for its next call for up to \`linger\` ms instead of going back to
  // sleep: waking a sleeping thread costs tens of µs, often more than the call. At most
  // \`spinLimit\` threads of the process (its cores less one) poll at once, so the main thread
  // always has a core.
  function dispatch(message) {
    const streaming = performance.now() - idleSince < 1;
    if (!handle(message) || linger === 0 || !streaming || !enterSpin()) {
      if (!busy) idleSince = performance.now();
      return;
    }
    try {
      let until = performance.now() + linger;
      for (let polls = 1; ; polls++) {
        const next = receiveMessageOnPort(parentPort);
        if (next !== undefined) {
          if (!handle(next.message)) break;
          until = performance.now() + linger;
        } else if ((polls & 15) === 0 && performance.now() > until) break;
      }
    } finally {
      leaveSpin();
    }
    if (!busy) idleSince = performance.now();
  }

  // A polling slot is marked in gate[2] too: a thread that ends while it polls (a handler's
  // process.exit, a terminate) runs no finally, and the host gives its slot back when it exits.
  // (Ended between the two steps below, the slot is lost: two instructions wide.)
  function enterSpin() {
    for (;;) {
      const spinning = Atomics.load(spinners, 0);
      if (spinning >= spinLimit) return false;
      if (Atomics.compareExchange(spinners, 0, spinning, spinning + 1) === spinning) break;
    }
    Atomics.store(gate, 2, 1);
    return true;
  }

  function leaveSpin() {
    if (Atomics.exchange(gate, 2, 0) === 1) Atomics.sub(spinners, 0, 1);
  }

  parentPort.on('message', dispatch);
  send([READY]);
})();
`;

/** What a worker's code is told: its handlers module, its worker id, what to import before it. */
export interface EntryBoot {
  url: string;
  workerId: string;
  preload: readonly PreloadStep[];
}

const THREAD_CONNECT = "({ parentPort, workerData, threadId, receiveMessageOnPort } = await import('node:worker_threads'));";

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
export const MSG_SETUP = 8;
