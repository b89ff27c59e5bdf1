import { backoffDelay, getPool, getThreadPool, SHUTDOWN_EVENT, CircuitOpenError, PoolFailedError, PoolClosedError, TaskTimeoutError, WorkerCrashError, startSupervisor, checkSpecArguments, supervisorSpec, getSupervisor, listen, createSafeEmitter, optionalFunction, positiveInteger, positiveMs, normalizeBackoff, checkListeners, poolSpec, threadPoolSpec, isTypeScriptModule } from './chunk-2CH7TKCZ.js';
import { checkOptions } from './chunk-VZOJWXSB.js';
import { OverseerError, InvalidOptionError } from './chunk-AESCEPAJ.js';
import { Worker, UnrecoverableError, Queue } from 'bullmq';
import { existsSync } from 'fs';
import { availableParallelism } from 'os';
import { isAbsolute, resolve } from 'path';
import { pathToFileURL, fileURLToPath } from 'url';
import { nanoid } from 'nanoid';
import { fromPromise, setup } from 'xstate';
import { MessageChannel } from 'worker_threads';

// src/bullmq/errors.ts
var JobTimeoutError = class extends OverseerError {
  jobId;
  timeout;
  constructor(jobId, timeout, cause) {
    super("ERR_JOB_TIMEOUT", `Job ${jobId} timed out after ${timeout} ms.`, { cause });
    this.jobId = jobId;
    this.timeout = timeout;
  }
};
var JobCancelledError = class extends OverseerError {
  jobId;
  reason;
  constructor(jobId, reason) {
    const why = reason === void 0 ? "" : `: ${reason instanceof Error ? reason.message : String(reason)}`;
    super("ERR_JOB_CANCELLED", `Job ${jobId} was cancelled${why}.`, { cause: reason });
    this.jobId = jobId;
    this.reason = reason;
  }
};
var QueueWorkerClosedError = class extends OverseerError {
  node;
  constructor(node) {
    super("ERR_QUEUE_WORKER_CLOSED", `Queue worker "${node}" is closed.`);
    this.node = node;
  }
};
var JobResultError = class extends OverseerError {
  jobId;
  constructor(jobId, cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super("ERR_JOB_RESULT", `Job ${jobId} returned a value BullMQ cannot store as JSON: ${why}`, { cause });
    this.jobId = jobId;
  }
};
var FORCE_CLOSE_MS = 5e3;
var JobAbandoned = class extends Error {
  constructor() {
    super("abandoned: the BullMQ worker that held the job closed; stalled recovery will move it back to wait");
    this.name = "JobAbandoned";
  }
};
var QueueWorkerNode = class {
  constructor(options) {
    this.options = options;
    this.events = listen(createSafeEmitter(options.onListenerError), options.on);
  }
  options;
  events;
  counters = { completed: 0, failed: 0, timedOut: 0, cancelled: 0, retried: 0, restarts: 0, abandoned: 0 };
  active = /* @__PURE__ */ new Map();
  phase = "running";
  /** `QueueWorker.close()`'s one run, shared by every handle of this node. */
  closing;
  /** Set by `QueueWorker.close()`: such a node never runs again. */
  closedByHandle = false;
  workerState = "starting";
  worker;
  pool;
  incarnation = 0;
  crashStreak = 0;
  circuit = "closed";
  fetching = false;
  rateLimitedUntil = 0;
  circuitWaiters = /* @__PURE__ */ new Set();
  queueClient;
  drainPromise;
  drainFinished = false;
  closingController = new AbortController();
  markDrained = () => void 0;
  drained = new Promise((resolve2) => this.markDrained = resolve2);
  markStarted = () => void 0;
  /** Resolves when the first BullMQ worker is ready, or has failed and waits to restart. */
  started = new Promise((resolve2) => this.markStarted = resolve2);
  get name() {
    return this.options.name;
  }
  /** The concurrency BullMQ should run with in the current circuit state. */
  get concurrency() {
    return this.circuit === "halfOpen" ? Math.min(this.options.halfOpenMaxCalls, this.options.size) : this.options.size;
  }
  /** Whether a new worker should hold off fetching (the circuit is open and this node pauses). */
  get holdFetching() {
    return this.circuit === "open" && this.options.onCircuitOpen === "pauseNode";
  }
  /** A worker incarnation began consuming. */
  attach(worker) {
    this.worker = worker;
    this.workerState = "running";
    this.fetching = true;
    this.events.emit("workerStarted", { node: this.name, queue: this.options.queue, incarnation: this.incarnation });
    this.markStarted();
  }
  /** The pool's breaker changed state: pause, resume or rate-limit as `onCircuitOpen` says. */
  onCircuit(state, retryAt) {
    this.circuit = state;
    if (state === "open") this.events.emit("circuitOpened", { node: this.name, retryAt });
    else if (state === "halfOpen") this.events.emit("circuitHalfOpened", { node: this.name });
    else this.events.emit("circuitClosed", { node: this.name });
    const waiters = [...this.circuitWaiters];
    this.circuitWaiters.clear();
    for (const wake of waiters) wake();
    if (this.phase !== "running") return;
    const worker = this.worker;
    if (this.options.onCircuitOpen === "rateLimitQueue") {
      if (state === "open") void this.rateLimitQueue(retryAt);
      return;
    }
    if (worker === void 0 || this.workerState !== "running") return;
    if (state === "open") {
      if (!this.fetching) return;
      this.fetching = false;
      worker.pause(true).catch(() => void 0);
      this.events.emit("fetchPaused", { node: this.name, queue: this.options.queue, reason: "circuitOpen" });
      return;
    }
    worker.concurrency = this.concurrency;
    if (!this.fetching) {
      this.fetching = true;
      worker.resume();
    }
    this.events.emit("fetchResumed", { node: this.name, queue: this.options.queue, concurrency: this.concurrency });
  }
  async rateLimitQueue(retryAt) {
    const fallback = this.options.circuitBreaker === false ? 3e4 : this.options.circuitBreaker.cooldown ?? 3e4;
    const duration = Math.max(1, retryAt === void 0 ? fallback : retryAt - Date.now());
    this.rateLimitedUntil = Date.now() + duration;
    try {
      if (this.queueClient === void 0) {
        this.queueClient = new Queue(this.options.queue, { connection: this.options.connection, ...this.options.prefix === void 0 ? {} : { prefix: this.options.prefix } });
        this.queueClient.on("error", () => void 0);
      }
      await this.queueClient.rateLimit(duration);
      this.events.emit("queueRateLimited", { node: this.name, queue: this.options.queue, duration });
    } catch {
    }
  }
  /** Resolves at the next circuit change, or when `signal` aborts. */
  circuitChange(signal) {
    return new Promise((resolve2) => {
      if (signal.aborted) return resolve2();
      const wake = () => {
        signal.removeEventListener("abort", wake);
        this.circuitWaiters.delete(wake);
        resolve2();
      };
      this.circuitWaiters.add(wake);
      signal.addEventListener("abort", wake, { once: true });
    });
  }
  dropController = new AbortController();
  /** A fresh signal for a starting worker incarnation: aborted by {@link dropWorker}. */
  dropSignal() {
    if (this.dropController.signal.aborted) this.dropController = new AbortController();
    return this.dropController.signal;
  }
  /** Ends the current worker incarnation at once (closed by force, jobs abandoned), without closing the node. */
  dropWorker() {
    this.dropController.abort();
  }
  /** The node's supervisor gave up (past `intensity`): nothing runs until a parent restarts it. */
  gaveUp() {
    if (this.phase !== "running") return;
    this.phase = "failed";
    this.workerState = "stopped";
    this.fetching = false;
    this.events.emit("failed", { node: this.name, reason: "reached_max_restart_intensity" });
    this.markStarted();
  }
  /** The BullMQ worker failed: it restarts after `restartIn` ms. */
  crashed(error, restartIn) {
    this.crashStreak++;
    this.counters.restarts++;
    this.workerState = "restarting";
    this.fetching = false;
    this.events.emit("workerCrashed", { node: this.name, queue: this.options.queue, error, restartIn });
    this.markStarted();
  }
  /** Aborts the running jobs of one worker incarnation (or all): their results can no longer be written. */
  abandon(incarnation) {
    let count = 0;
    for (const job of this.active.values()) {
      if (incarnation !== void 0 && job.incarnation !== incarnation) continue;
      job.controller.abort(new JobAbandoned());
      count++;
    }
    return count;
  }
  /**
   * Stops fetching, lets the running jobs finish within `timeout` ms, then closes the BullMQ worker
   * (by force past the timeout, so no result is written) and aborts what still runs. Resolves to
   * the number of jobs abandoned to stalled recovery. Called once; later calls share the first.
   */
  drain(timeout) {
    this.drainPromise ??= this.drainOnce(timeout);
    return this.drainPromise;
  }
  /**
   * Makes a node that a parent supervisor drained ready to run again, when that parent restarts it
   * (`restartChild`, or a restart of a tree above). A node closed by its own `close()` stays closed.
   */
  reopenIfDrained() {
    if (this.closedByHandle) return;
    if (this.phase === "failed") {
      this.phase = "running";
      this.workerState = "starting";
    }
    if (!this.drainFinished) return;
    this.drainFinished = false;
    this.drainPromise = void 0;
    this.closingController = new AbortController();
    this.drained = new Promise((resolve2) => this.markDrained = resolve2);
    this.phase = "running";
    this.workerState = "starting";
  }
  /** Aborts when the node starts closing. */
  get closingSignal() {
    return this.closingController.signal;
  }
  /** Resolves when a drain has closed the BullMQ worker. */
  drainDone() {
    return this.drained;
  }
  async drainOnce(timeout) {
    if (this.phase === "running") this.phase = "closing";
    this.closingController.abort();
    this.events.emit("closing", { node: this.name, timeout });
    for (const wake of [...this.circuitWaiters]) wake();
    const worker = this.worker;
    let abandoned = 0;
    if (worker !== void 0) {
      this.fetching = false;
      const finished = await within(worker.pause(false).then(() => true, () => false), timeout);
      if (finished === true) {
        await within(worker.close().catch(() => void 0), FORCE_CLOSE_MS);
      } else {
        await within(worker.close(true).catch(() => void 0), FORCE_CLOSE_MS);
        abandoned = this.abandon();
      }
    }
    this.workerState = "stopped";
    this.counters.abandoned += abandoned;
    await this.queueClient?.close().catch(() => void 0);
    this.drainFinished = true;
    this.markDrained();
    this.markStarted();
    return abandoned;
  }
  /** The node's status. */
  status() {
    return {
      node: this.name,
      queue: this.options.queue,
      phase: this.phase,
      worker: this.workerState,
      fetching: this.fetching,
      circuit: this.pool?.circuit ?? this.circuit,
      rateLimitedUntil: this.rateLimitedUntil,
      active: this.active.size,
      pool: this.pool?.status()
    };
  }
  /** The node's status, counters and its pool's metrics. */
  metrics() {
    const status = this.status();
    return { ...status, ...this.counters, pool: this.pool?.metrics() };
  }
};
function within(promise, ms) {
  return new Promise((resolve2) => {
    const timer = setTimeout(() => resolve2(void 0), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve2(value);
      },
      () => {
        clearTimeout(timer);
        resolve2(void 0);
      }
    );
  });
}

// src/bullmq/events.ts
var QUEUE_WORKER_EVENTS = [
  "workerStarted",
  "workerCrashed",
  "jobStarted",
  "jobCompleted",
  "jobFailed",
  "jobTimedOut",
  "jobCancelled",
  "fetchPaused",
  "fetchResumed",
  "queueRateLimited",
  "circuitOpened",
  "circuitHalfOpened",
  "circuitClosed",
  "failed",
  "closing",
  "closed"
];

// src/bullmq/options.ts
var KEYS = [
  "queue",
  "connection",
  "processor",
  "handlers",
  "name",
  "size",
  "jobTimeout",
  "timeoutGrace",
  "circuitBreaker",
  "onCircuitOpen",
  "isFatal",
  "prefix",
  "workerOptions",
  "threads",
  "pool",
  "restartBackoff",
  "intensity",
  "period",
  "closeTimeout",
  "on",
  "onListenerError"
];
var ELSEWHERE = {
  breaker: 'the option is "circuitBreaker", as on a pool',
  concurrency: `BullMQ's concurrency is the pool's "size"`,
  taskTimeout: `a job's time limit is "jobTimeout"`
};
var SET_BY_NODE = ["connection", "concurrency", "autorun", "prefix", "name"];
var THREAD_KEYS = ["isolation", "resourceLimits", "workerData", "env", "execArgv", "disposeTimeout"];
function normalizeQueueWorkerOptions(options) {
  checkOptions(options, "", KEYS, ELSEWHERE);
  const o = options;
  if (typeof o.queue !== "string" || o.queue.length === 0) throw new InvalidOptionError("queue", o.queue, "the queue name, a non-empty string");
  if (o.connection === void 0 || typeof o.connection !== "object") {
    throw new InvalidOptionError("connection", o.connection, "an ioredis instance or ioredis connection options");
  }
  checkConnection(o.connection);
  const processor = optionalFunction("processor", o.processor);
  const handlers = o.handlers;
  if (handlers !== void 0 && typeof handlers !== "string" && !(handlers instanceof URL)) {
    throw new InvalidOptionError("handlers", handlers, "a module URL or path");
  }
  if (handlers !== void 0) checkHandlersExist(handlers);
  if (processor === void 0 === (handlers === void 0)) {
    throw new InvalidOptionError("processor", processor, "either processor (in process) or handlers (a module for threads), exactly one");
  }
  const name = o.name ?? `${o.queue}-${nanoid(6)}`;
  if (typeof name !== "string" || name.length === 0) throw new InvalidOptionError("name", o.name, "a non-empty string");
  const size = positiveInteger("size", o.size ?? (handlers === void 0 ? 10 : availableParallelism()));
  const jobTimeout = o.jobTimeout === false ? false : positiveMs("jobTimeout", o.jobTimeout ?? 3e4);
  if (o.timeoutGrace !== void 0 && handlers !== void 0) {
    throw new InvalidOptionError("timeoutGrace", o.timeoutGrace, "no value with handlers (a timed-out job's thread is terminated at once)");
  }
  const onCircuitOpen = o.onCircuitOpen ?? "pauseNode";
  if (onCircuitOpen !== "pauseNode" && onCircuitOpen !== "rateLimitQueue") {
    throw new InvalidOptionError("onCircuitOpen", o.onCircuitOpen, "'pauseNode' or 'rateLimitQueue'");
  }
  const circuitBreaker = o.circuitBreaker ?? {};
  if (circuitBreaker !== false && (typeof circuitBreaker !== "object" || Array.isArray(circuitBreaker))) {
    throw new InvalidOptionError("circuitBreaker", circuitBreaker, "circuit breaker options or false");
  }
  const halfOpenMaxCalls = circuitBreaker === false ? size : circuitBreaker.halfOpenMaxCalls ?? 1;
  const prefix = o.prefix;
  if (prefix !== void 0 && (typeof prefix !== "string" || prefix.length === 0)) throw new InvalidOptionError("prefix", prefix, "a non-empty string");
  const workerOptions = o.workerOptions ?? {};
  if (typeof workerOptions !== "object" || Array.isArray(workerOptions)) throw new InvalidOptionError("workerOptions", workerOptions, "BullMQ Worker options");
  for (const key of SET_BY_NODE) {
    if (key in workerOptions) throw new InvalidOptionError(`workerOptions.${key}`, workerOptions[key], `no value: the queue worker sets it (${key === "concurrency" ? "use size" : `use the ${key} option`})`);
  }
  checkWorkerNumbers(workerOptions);
  const threads = o.threads ?? {};
  checkOptions(threads, "threads", THREAD_KEYS);
  if (handlers === void 0 && Object.keys(threads).length > 0) throw new InvalidOptionError("threads", threads, "no value without handlers");
  const restartBackoff = normalizeBackoff(o.restartBackoff ?? { type: "exponential", delay: 250, maxDelay: 1e4 }, "restartBackoff");
  const pool = o.pool ?? {};
  checkOptions(pool, "pool", ["intensity", "period"]);
  const poolIntensity = pool.intensity ?? Math.max(50, 10 * size);
  if (typeof poolIntensity !== "number" || !Number.isInteger(poolIntensity) || poolIntensity < 0) throw new InvalidOptionError("pool.intensity", poolIntensity, "an integer >= 0");
  const poolPeriod = positiveMs("pool.period", pool.period ?? 5e3);
  const intensity = o.intensity ?? 10;
  if (typeof intensity !== "number" || !Number.isInteger(intensity) || intensity < 0) throw new InvalidOptionError("intensity", intensity, "an integer >= 0");
  const period = positiveMs("period", o.period ?? 6e4);
  const closeTimeout = o.closeTimeout ?? 1e4;
  if (typeof closeTimeout !== "number" || !(closeTimeout >= 0)) throw new InvalidOptionError("closeTimeout", closeTimeout, "a number of ms >= 0");
  const on = checkListeners(o.on, "on", QUEUE_WORKER_EVENTS);
  const onListenerError = optionalFunction("onListenerError", o.onListenerError);
  return {
    queue: o.queue,
    connection: o.connection,
    processor,
    handlers,
    name,
    size,
    jobTimeout,
    timeoutGrace: o.timeoutGrace,
    circuitBreaker,
    halfOpenMaxCalls,
    onCircuitOpen,
    isFatal: optionalFunction("isFatal", o.isFatal),
    prefix,
    workerOptions,
    threads,
    pool: { intensity: poolIntensity, period: poolPeriod },
    restartBackoff,
    intensity,
    period,
    closeTimeout,
    on,
    onListenerError
  };
}
function checkConnection(connection) {
  const own = connection.options;
  if (typeof connection.duplicate !== "function" || own === void 0) return;
  if (own.maxRetriesPerRequest) {
    throw new InvalidOptionError("connection", own.maxRetriesPerRequest, "an ioredis instance made with maxRetriesPerRequest: null, as BullMQ workers need");
  }
  if (own.keyPrefix !== void 0 && own.keyPrefix !== "") {
    throw new InvalidOptionError("connection", own.keyPrefix, "an ioredis instance without keyPrefix (use the prefix option)");
  }
}
function checkHandlersExist(handlers) {
  const href = handlers instanceof URL ? handlers.href : /^[a-z][a-z0-9+.-]*:/i.test(handlers) ? handlers : pathToFileURL(isAbsolute(handlers) ? handlers : resolve(handlers)).href;
  if (!href.startsWith("file:")) return;
  if (existsSync(fileURLToPath(href)) || isTypeScriptModule(href)) return;
  throw new InvalidOptionError("handlers", String(handlers), "a handlers module that exists");
}
function checkWorkerNumbers(workerOptions) {
  const limits = [["maxStalledCount", 0, true], ["maxStartedAttempts", 0, true], ["stalledInterval", 0, false], ["drainDelay", 0, false], ["lockDuration", 0, false]];
  for (const [key, least, orEqual] of limits) {
    const value = workerOptions[key];
    if (value === void 0) continue;
    if (typeof value !== "number" || Number.isNaN(value) || (orEqual ? value < least : value <= least)) {
      throw new InvalidOptionError(`workerOptions.${key}`, value, `a number ${orEqual ? ">=" : ">"} ${least}`);
    }
  }
}
function jobTimeoutOf(data, fallback) {
  if (data === null || typeof data !== "object") return fallback;
  const own = data.jobTimeout;
  if (own === false) return false;
  if (typeof own === "number" && Number.isFinite(own) && own > 0) return own;
  return fallback;
}
function makeProcessor(node, pool, incarnation) {
  const threads = node.options.handlers !== void 0;
  return async function processJob(job, _token, signal) {
    const jobId = job.id ?? "?";
    const controller = new AbortController();
    const onCancel = () => controller.abort(new JobCancelledError(jobId, isPlainAbort(signal?.reason) ? void 0 : signal?.reason));
    signal?.addEventListener("abort", onCancel, { once: true });
    node.active.set(jobId, { controller, incarnation });
    const timeout = jobTimeoutOf(job.data, node.options.jobTimeout);
    const started = Date.now();
    const own = timeout === node.options.jobTimeout ? void 0 : timeout;
    let channel;
    const progressing = /* @__PURE__ */ new Set();
    node.events.emit("jobStarted", { node: node.name, jobId, name: job.name, attempt: job.attemptsMade + 1 });
    try {
      let handle;
      for (; ; ) {
        try {
          if (threads) {
            channel = new MessageChannel();
            channel.port1.on("message", (value) => {
              const update = job.updateProgress(value).catch(() => void 0);
              progressing.add(update);
              void update.then(() => progressing.delete(update));
            });
            const info = { id: jobId, name: job.name, attemptsMade: job.attemptsMade, progress: channel.port2 };
            handle = pool.submit(job.name, [job.data, info], { timeout: own, signal: controller.signal, label: job.name, transfer: [channel.port2] });
          } else {
            const processor = node.options.processor;
            handle = pool.submit((ctx) => processor(job, jobContext(job, ctx)), { timeout: own, signal: controller.signal, label: job.name });
          }
          break;
        } catch (error) {
          channel?.port1.close();
          if (!(error instanceof CircuitOpenError) || controller.signal.aborted) throw error;
          if (node.phase !== "running") await aborted(controller.signal);
          else await node.circuitChange(controller.signal);
          if (controller.signal.aborted) throw controller.signal.reason;
        }
      }
      const result = await handle.result;
      if (channel !== void 0) {
        await new Promise((resolve2) => setImmediate(resolve2));
        await Promise.all(progressing);
      }
      checkStorable(jobId, result);
      node.counters.completed++;
      node.events.emit("jobCompleted", { node: node.name, jobId, name: job.name, runTime: Date.now() - started });
      return result;
    } catch (raw) {
      if ((raw instanceof PoolFailedError || raw instanceof PoolClosedError) && node.phase === "running") await aborted(controller.signal);
      if (controller.signal.reason instanceof JobAbandoned) throw controller.signal.reason;
      const { error, reason } = classify(node, jobId, raw, controller.signal, timeout);
      const willRetry = reason !== "fatal" && job.attemptsMade + 1 < (job.opts.attempts ?? 1);
      if (willRetry) node.counters.retried++;
      if (reason === "timeout") {
        node.counters.timedOut++;
        node.events.emit("jobTimedOut", { node: node.name, jobId, name: job.name, timeout: error.timeout, willRetry });
      } else if (reason === "cancelled") {
        node.counters.cancelled++;
        node.events.emit("jobCancelled", { node: node.name, jobId, name: job.name, reason: error.reason, willRetry });
      } else {
        node.counters.failed++;
        node.events.emit("jobFailed", { node: node.name, jobId, name: job.name, error, reason, willRetry });
      }
      throw error;
    } finally {
      channel?.port1.close();
      signal?.removeEventListener("abort", onCancel);
      if (node.active.get(jobId)?.controller === controller) node.active.delete(jobId);
    }
  };
}
function checkStorable(jobId, result) {
  try {
    JSON.stringify(result);
  } catch (error) {
    throw new JobResultError(jobId, error);
  }
}
function jobContext(job, ctx) {
  return {
    signal: ctx.signal,
    taskId: ctx.taskId,
    workerId: ctx.workerId,
    progress: (value) => job.updateProgress(value),
    log: (line) => job.log(line)
  };
}
function classify(node, jobId, raw, signal, timeout) {
  if (raw instanceof TaskTimeoutError) return { error: new JobTimeoutError(jobId, typeof timeout === "number" ? timeout : raw.timeout, raw), reason: "timeout" };
  if (signal.aborted && signal.reason instanceof JobCancelledError) return { error: signal.reason, reason: "cancelled" };
  if (isUnrecoverable(raw)) return { error: raw, reason: "fatal" };
  if (node.options.isFatal !== void 0 && safeFatal(node.options.isFatal, raw)) {
    const fatal = new UnrecoverableError(raw instanceof Error ? raw.message : String(raw));
    fatal.cause = raw;
    return { error: fatal, reason: "fatal" };
  }
  if (raw instanceof WorkerCrashError) return { error: raw, reason: "crash" };
  return { error: raw instanceof Error ? raw : new Error(String(raw)), reason: "error" };
}
function aborted(signal) {
  return new Promise((resolve2) => {
    if (signal.aborted) resolve2();
    else signal.addEventListener("abort", () => resolve2(), { once: true });
  });
}
function isPlainAbort(reason) {
  return reason instanceof Error && reason.name === "AbortError";
}
function isUnrecoverable(error) {
  return error instanceof UnrecoverableError || error instanceof Error && error.name === "UnrecoverableError";
}
function safeFatal(isFatal, error) {
  try {
    return isFatal(error) === true;
  } catch {
    return false;
  }
}

// src/bullmq/worker-child.ts
var NodeRef = class {
  name;
  #node;
  constructor(node) {
    this.name = node.name;
    this.#node = node;
  }
  get node() {
    return this.#node;
  }
};
var STABLE_MS = 1e4;
var FORCE_CLOSE_MS2 = 5e3;
var UNREACHED_LIMIT = 2 ** 31;
var consume = fromPromise(async ({ input, signal, system }) => {
  const { nodeRef, poolSystemId } = input;
  const node = nodeRef.node;
  const { options } = node;
  node.reopenIfDrained();
  if (node.crashStreak > 0) await sleep(backoffDelay(options.restartBackoff, node.crashStreak), AbortSignal.any([signal, node.closingSignal]));
  if (signal.aborted || node.phase !== "running") return;
  while (node.holdFetching && !signal.aborted && node.phase === "running") await node.circuitChange(AbortSignal.any([signal, node.closingSignal]));
  if (signal.aborted || node.phase !== "running") return;
  const ref = system.get(poolSystemId);
  const pool = options.handlers === void 0 ? getPool(ref) : getThreadPool(ref);
  if (pool === void 0) return startFailed(node, new Error(`Queue worker "${node.name}": its pool is not running.`));
  node.pool = pool;
  const incarnation = ++node.incarnation;
  let worker;
  try {
    worker = new Worker(options.queue, makeProcessor(node, pool, incarnation), {
      // A queue-wide rate limit holds only workers that have a limiter: a node that may set one has
      // one (a limit no normal load reaches) unless the user gave their own.
      ...options.onCircuitOpen === "rateLimitQueue" ? { limiter: { max: UNREACHED_LIMIT, duration: 1e3 } } : {},
      ...options.workerOptions,
      connection: options.connection,
      concurrency: node.concurrency,
      autorun: false,
      name: node.name,
      ...options.prefix === void 0 ? {} : { prefix: options.prefix }
    });
  } catch (error) {
    return startFailed(node, error);
  }
  let failed = () => void 0;
  const failure = new Promise((_, reject) => {
    failed = reject;
  });
  failure.catch(() => void 0);
  worker.on("error", (error) => {
    if (node.phase === "running") failed(error);
  });
  const dropped = node.dropSignal();
  const stopped = new Promise((resolve2) => {
    signal.addEventListener("abort", () => resolve2("killed"), { once: true });
    dropped.addEventListener("abort", () => resolve2("killed"), { once: true });
  });
  const stable = setTimeout(() => node.crashStreak = 0, STABLE_MS);
  try {
    const ready = worker.waitUntilReady();
    ready.catch(() => void 0);
    await Promise.race([ready, failure, stopped]);
    if (signal.aborted || dropped.aborted || node.phase !== "running") return;
    node.attach(worker);
    worker.run().then(
      () => {
        if (!worker.isPaused() && !worker.closing && node.phase === "running") failed(new Error(`Queue worker "${node.name}": the BullMQ worker stopped by itself.`));
      },
      (error) => failed(error)
    );
    await Promise.race([node.drainDone(), failure, stopped]);
  } catch (error) {
    clearTimeout(stable);
    if (node.phase !== "running") return;
    node.crashed(error, backoffDelay(options.restartBackoff, node.crashStreak + 1));
    await closeByForce(node, worker, incarnation);
    throw error;
  } finally {
    clearTimeout(stable);
    if (node.worker !== worker || node.phase === "running") {
      if ((signal.aborted || dropped.aborted) && node.worker === worker) {
        node.workerState = "stopped";
        node.fetching = false;
      }
      await closeByForce(node, worker, incarnation);
    }
  }
});
function startFailed(node, error) {
  node.crashed(error, backoffDelay(node.options.restartBackoff, node.crashStreak + 1));
  throw error;
}
async function closeByForce(node, worker, incarnation) {
  await within(worker.close(true), FORCE_CLOSE_MS2);
  node.abandon(incarnation);
}
function sleep(ms, signal) {
  return new Promise((resolve2) => {
    if (signal.aborted) return resolve2();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve2();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
var bullWorkerMachine = setup({
  types: { input: {}, context: {} },
  actors: { consume },
  actions: {
    rethrow: ({ event }) => {
      throw event.error;
    }
  }
}).createMachine({
  id: "bullmq-worker",
  context: ({ input }) => input,
  initial: "consuming",
  states: {
    consuming: {
      invoke: { src: "consume", input: ({ context }) => context, onDone: "stopped", onError: { actions: "rethrow" } },
      on: {
        // A parent's graceful stop: drain within the node's closeTimeout; consume ends when it is done.
        // But when the pool before it has failed (rest_for_one is restarting both), there is nothing
        // to drain into: drop this worker at once and leave its jobs to stalled recovery.
        [SHUTDOWN_EVENT]: {
          actions: ({ context }) => {
            const node = context.nodeRef.node;
            const phase = node.pool?.status().phase;
            if (phase === "failed" || phase === "closed") node.dropWorker();
            else void node.drain(node.options.closeTimeout);
          }
        }
      }
    },
    stopped: { type: "final" }
  }
});

// src/bullmq/queue-worker.ts
var WORKER_CHILD = "bullmq-worker";
var POOL_CHILD = "pool";
var SHUTDOWN_MARGIN_MS = 1e4;
function nodeSupervisor(node) {
  const o = node.options;
  const poolSystemId = `${o.name}/pool`;
  const common = {
    name: `${o.name}/pool`,
    size: o.size,
    maxQueueSize: Infinity,
    taskTimeout: o.jobTimeout,
    circuitBreaker: o.circuitBreaker,
    intensity: o.pool.intensity,
    period: o.pool.period,
    on: {
      circuitOpened: ({ retryAt }) => node.onCircuit("open", retryAt),
      circuitHalfOpened: () => node.onCircuit("halfOpen"),
      circuitClosed: () => node.onCircuit("closed")
    }
  };
  const pool = o.handlers === void 0 ? poolSpec(POOL_CHILD, { ...common, ...o.timeoutGrace === void 0 ? {} : { timeoutGrace: o.timeoutGrace } }, { systemId: poolSystemId }) : threadPoolSpec(POOL_CHILD, o.handlers, { ...common, ...o.threads }, { systemId: poolSystemId });
  const worker = {
    id: WORKER_CHILD,
    logic: bullWorkerMachine,
    input: { nodeRef: new NodeRef(node), poolSystemId },
    restart: "transient",
    shutdown: o.closeTimeout + SHUTDOWN_MARGIN_MS
  };
  return {
    name: o.name,
    strategy: "rest_for_one",
    intensity: o.intensity,
    period: o.period,
    children: [pool, worker],
    on: { gaveUp: () => node.gaveUp() }
  };
}
var QueueWorker = class {
  /** @internal */
  constructor(node, supervisor) {
    this.node = node;
    this.supervisor = supervisor;
  }
  node;
  supervisor;
  /** The node's name. */
  get name() {
    return this.node.name;
  }
  /**
   * The node now: phase, BullMQ worker state, whether it fetches, the circuit, active jobs, the pool.
   *
   * @example
   * ```ts
   * queueWorker.status(); // { node: 'images-1', phase: 'running', worker: 'running', fetching: true, circuit: 'closed', active: 3, ... }
   * ```
   */
  status() {
    return this.node.status();
  }
  /**
   * The status plus the node's counters (completed, failed, timedOut, cancelled, retried,
   * restarts, abandoned) and the pool's metrics.
   *
   * @example
   * ```ts
   * const { completed, failed, pool } = queueWorker.metrics();
   * ```
   */
  metrics() {
    return this.node.metrics();
  }
  on(type, listener) {
    this.node.events.on(type, listener);
    return () => this.node.events.off(type, listener);
  }
  /**
   * Cancels a job running on this node (BullMQ's `worker.cancelJob`): its `ctx.signal` aborts, its
   * thread is terminated, and it fails with `JobCancelledError` (BullMQ's `attempts` decide a retry).
   * Resolves to `false` when this node does not run the job.
   *
   * @example
   * ```ts
   * await queueWorker.cancelJob(job.id!, 'superseded');
   * ```
   */
  async cancelJob(jobId, reason) {
    if (this.node.phase === "closed") throw new QueueWorkerClosedError(this.node.name);
    const worker = this.node.worker;
    if (worker === void 0 || !this.node.active.has(jobId)) return false;
    return worker.cancelJob(jobId, reason);
  }
  /**
   * Stops the node: no more fetching; active jobs get `timeout` ms to finish (their results are
   * written); past it the BullMQ worker closes without writing results, the jobs' threads are
   * terminated, and those jobs stay `active` in Redis until their locks expire, when BullMQ's
   * stalled check (on any node) moves them back to wait. Then the pool and the supervisor stop.
   * Resolves to the number of jobs so abandoned. Calling it again waits for the first close. A
   * `timeout` that is not a number of ms >= 0 rejects with `InvalidOptionError` (nothing closes).
   *
   * @example
   * ```ts
   * process.once('SIGTERM', () => void queueWorker.close({ timeout: 20_000 }).then(() => process.exit(0)));
   * ```
   */
  close(options = {}) {
    const timeout = options?.timeout ?? this.node.options.closeTimeout;
    if (typeof timeout !== "number" || !(timeout >= 0)) return Promise.reject(new InvalidOptionError("timeout", timeout, "a number of ms >= 0"));
    this.node.closing ??= this.closeOnce(timeout);
    return this.node.closing;
  }
  async closeOnce(timeout) {
    this.node.closedByHandle = true;
    const abandoned = await this.node.drain(timeout);
    if (this.supervisor !== void 0 && this.supervisor.actor.getSnapshot().status === "active") await this.supervisor.stop();
    this.node.phase = "closed";
    this.node.events.emit("closed", { node: this.node.name, abandoned });
    return abandoned;
  }
};
async function createQueueWorker(options) {
  const node = new QueueWorkerNode(normalizeQueueWorkerOptions(options));
  const supervisor = await startSupervisor(nodeSupervisor(node));
  await node.started;
  return new QueueWorker(node, supervisor);
}
function queueWorkerSpec(id, options, spec = {}) {
  checkSpecArguments(id, options, spec);
  const node = new QueueWorkerNode(normalizeQueueWorkerOptions({ name: id, ...options }));
  return supervisorSpec(id, nodeSupervisor(node), { shutdown: node.options.closeTimeout + 2 * SHUTDOWN_MARGIN_MS, ...spec });
}
function getQueueWorker(ref) {
  const supervisor = getSupervisor(ref);
  const input = supervisor?.getChildSpec(WORKER_CHILD)?.input;
  if (supervisor === void 0 || !(input?.nodeRef instanceof NodeRef)) return void 0;
  return new QueueWorker(input.nodeRef.node, supervisor);
}

export { JobCancelledError, JobResultError, JobTimeoutError, QueueWorker, QueueWorkerClosedError, createQueueWorker, getQueueWorker, queueWorkerSpec };
//# sourceMappingURL=bullmq.js.map
//# sourceMappingURL=bullmq.js.map