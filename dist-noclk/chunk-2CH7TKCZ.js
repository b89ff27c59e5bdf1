import { checkOptions } from './chunk-VZOJWXSB.js';
import { SupervisorNotRunningError, FailedToStartChildError, OverseerError, InvalidOptionError, describeValue } from './chunk-AESCEPAJ.js';
import mitt from 'mitt';
import { setup, enqueueActions, assign, fromCallback, fromPromise, createActor } from 'xstate';
import { nanoid } from 'nanoid';
import { AsyncResource } from 'async_hooks';
import { serialize } from 'v8';
import { SHARE_ENV, Worker } from 'worker_threads';
import { availableParallelism } from 'os';
import { spawn } from 'child_process';
import { isAbsolute, resolve, join, sep, dirname } from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { existsSync, readFileSync } from 'fs';
import { createRequire } from 'module';

// supervisor/name-errors.ts
var NameAlreadyRegisteredError = class extends OverseerError {
  childName;
  /** The supervisor whose child holds the name. */
  heldBy;
  constructor(childName, heldBy) {
    super("ERR_NAME_ALREADY_REGISTERED", `The name "${childName}" is already registered (a child of supervisor "${heldBy}").`);
    this.childName = childName;
    this.heldBy = heldBy;
  }
};
var NameNotRegisteredError = class extends OverseerError {
  childName;
  constructor(childName) {
    super("ERR_NAME_NOT_REGISTERED", `No running child is registered under the name "${childName}".`);
    this.childName = childName;
  }
};
var HeldEventsFullError = class extends OverseerError {
  childName;
  maxHeldEvents;
  constructor(childName, maxHeldEvents) {
    super("ERR_HELD_EVENTS_FULL", `Child "${childName}" is restarting and already holds ${maxHeldEvents} events (maxHeldEvents): event refused.`);
    this.childName = childName;
    this.maxHeldEvents = maxHeldEvents;
  }
};

// supervisor/registry.ts
var bindings = /* @__PURE__ */ new Map();
function registerName(binding) {
  const existing = bindings.get(binding.name);
  if (existing !== void 0 && existing !== binding) throw new NameAlreadyRegisteredError(binding.name, existing.supervisor);
  bindings.set(binding.name, binding);
}
function unregisterName(binding) {
  if (bindings.get(binding.name) === binding) bindings.delete(binding.name);
}
function bound(name) {
  const binding = bindings.get(name);
  if (binding === void 0) throw new NameNotRegisteredError(name);
  return binding;
}
var Registry = {
  /**
   * Sends to the named child's current incarnation; while it restarts the event is held (in order,
   * up to its `maxHeldEvents`) for the next one. Throws `NameNotRegisteredError` for an unknown
   * name and `HeldEventsFullError` when the held events are at their bound.
   *
   * @example
   * ```ts
   * if (Registry.send('payment', { type: 'CHARGE' }) === 'held') metrics.inc('held');
   * ```
   */
  send(name, event) {
    return bound(name).send(event);
  },
  /**
   * The named child's running actor, or `undefined` (not registered, or restarting).
   *
   * @example
   * ```ts
   * Registry.whereis('payment')?.getSnapshot().value; // 'idle'
   * ```
   */
  whereis(name) {
    return bindings.get(name)?.current();
  },
  /**
   * Where a name points now, or `undefined` if no child holds it.
   *
   * @example
   * ```ts
   * Registry.lookup('payment'); // { name: 'payment', supervisor: 'orders', id: 'payment', status: 'running', ref, held: 0 }
   * ```
   */
  lookup(name) {
    const binding = bindings.get(name);
    if (binding === void 0) return void 0;
    const ref = binding.current();
    return { name, supervisor: binding.supervisor, id: binding.id, status: ref === void 0 ? "restarting" : "running", ref, held: binding.heldCount() };
  },
  /**
   * The name `ref` is registered under, if `ref` is a named child's running incarnation.
   *
   * @example
   * ```ts
   * Registry.nameOf(sup.whichChildren()[0].ref as AnyActorRef); // 'payment'
   * ```
   */
  nameOf(ref) {
    for (const binding of bindings.values()) if (binding.current() === ref) return binding.name;
    return void 0;
  },
  /**
   * Every registered name, in registration order.
   *
   * @example
   * ```ts
   * Registry.names(); // ['payment', 'order-42']
   * ```
   */
  names() {
    return [...bindings.keys()];
  }
};

// supervisor/long-timeout.ts
var MAX_TIMER_MS = 2147483647;
var NEVER = { cancel: () => void 0 };
function longTimeout(callback, ms) {
  if (ms === Number.POSITIVE_INFINITY) return NEVER;
  let timer;
  const arm = (left) => {
    timer = left > MAX_TIMER_MS ? setTimeout(() => arm(left - MAX_TIMER_MS), MAX_TIMER_MS) : setTimeout(callback, Math.max(0, left));
  };
  arm(ms);
  return {
    cancel: () => {
      if (timer !== void 0) clearTimeout(timer);
      timer = void 0;
    }
  };
}

// supervisor/backoff.ts
function normalizeBackoff(value, path) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InvalidOptionError(path, value, "{ type: 'fixed' | 'exponential', delay, ... }");
  }
  const backoff = value;
  if (backoff.type !== "fixed" && backoff.type !== "exponential") throw new InvalidOptionError(`${path}.type`, backoff.type, "'fixed' or 'exponential'");
  const exponential = backoff.type === "exponential";
  checkOptions(backoff, path, exponential ? ["type", "delay", "multiplier", "maxDelay", "jitter"] : ["type", "delay", "jitter"]);
  const delay = backoff.delay;
  if (typeof delay !== "number" || !Number.isFinite(delay) || delay < 0 || delay > MAX_TIMER_MS) {
    throw new InvalidOptionError(`${path}.delay`, delay, `a number of ms from 0 to ${MAX_TIMER_MS}`);
  }
  const multiplier = exponential ? backoff.multiplier ?? 2 : 1;
  if (typeof multiplier !== "number" || !Number.isFinite(multiplier) || multiplier < 1) {
    throw new InvalidOptionError(`${path}.multiplier`, multiplier, "a finite number >= 1");
  }
  const maxDelay = exponential ? backoff.maxDelay ?? MAX_TIMER_MS : delay;
  if (typeof maxDelay !== "number" || !Number.isFinite(maxDelay) || maxDelay < delay || maxDelay > MAX_TIMER_MS) {
    throw new InvalidOptionError(`${path}.maxDelay`, maxDelay, `a number of ms from delay (${delay}) to ${MAX_TIMER_MS}`);
  }
  const jitter = backoff.jitter ?? 0;
  if (typeof jitter !== "number" || !(jitter >= 0 && jitter <= 1)) throw new InvalidOptionError(`${path}.jitter`, jitter, "a number from 0 to 1");
  return { delay, multiplier, maxDelay, jitter };
}
function backoffDelay(backoff, n, random = Math.random) {
  const raw = Math.min(backoff.maxDelay, backoff.delay * backoff.multiplier ** Math.max(0, n - 1));
  return backoff.jitter === 0 ? raw : raw - raw * backoff.jitter * random();
}

// supervisor/child-orchestration.ts
var DEFAULT_MAX_HELD_EVENTS = 1e3;
var ORCHESTRATION_SPEC_KEYS = ["name", "restartDelay", "childRestarts", "maxHeldEvents"];
function normalizeOrchestration(spec, path) {
  const { name, restartDelay, childRestarts } = spec;
  if (name !== void 0 && (typeof name !== "string" || name.length === 0)) throw new InvalidOptionError(`${path}.name`, name, "a non-empty string");
  let delay;
  if (typeof restartDelay === "number") {
    if (!Number.isFinite(restartDelay) || restartDelay < 0 || restartDelay > MAX_TIMER_MS) {
      throw new InvalidOptionError(`${path}.restartDelay`, restartDelay, `a number of ms from 0 to ${MAX_TIMER_MS}, or a backoff`);
    }
    delay = restartDelay === 0 ? void 0 : { delay: restartDelay, multiplier: 1, maxDelay: restartDelay, jitter: 0 };
  } else if (restartDelay !== void 0) {
    delay = normalizeBackoff(restartDelay, `${path}.restartDelay`);
  }
  if (childRestarts !== void 0) {
    checkOptions(childRestarts, `${path}.childRestarts`, ["intensity", "period"]);
    const { intensity, period } = childRestarts;
    if (typeof intensity !== "number" || !Number.isInteger(intensity) || intensity < 0) {
      throw new InvalidOptionError(`${path}.childRestarts.intensity`, intensity, "a finite integer >= 0");
    }
    if (typeof period !== "number" || !Number.isFinite(period) || period <= 0) {
      throw new InvalidOptionError(`${path}.childRestarts.period`, period, "a finite number of ms > 0");
    }
  }
  const maxHeldEvents = spec.maxHeldEvents ?? DEFAULT_MAX_HELD_EVENTS;
  if (typeof maxHeldEvents !== "number" || !Number.isInteger(maxHeldEvents) || maxHeldEvents < 0) {
    throw new InvalidOptionError(`${path}.maxHeldEvents`, maxHeldEvents, "an integer >= 0");
  }
  return {
    name,
    restartDelay: delay,
    childRestarts: childRestarts === void 0 ? void 0 : { intensity: childRestarts.intensity, period: childRestarts.period },
    maxHeldEvents
  };
}
function checkChildRestarts(limit, dynamic, path) {
  if (limit !== void 0 && !dynamic) {
    throw new InvalidOptionError(`${path}.childRestarts`, limit, "no per-child limit under a static supervisor (childRestarts is for dynamic supervisors)");
  }
}

// supervisor/incarnations.ts
var rows = /* @__PURE__ */ new WeakMap();
function noteIncarnation(actor, entry2) {
  rows.set(actor, entry2);
}
function currentIncarnation(actor) {
  const entry2 = rows.get(actor);
  const current = entry2?.actor;
  return current !== void 0 && current !== actor && !entry2.restarting ? current : actor;
}

// supervisor/shutdown.ts
var SHUTDOWN_EVENT = "overseer.shutdown";
function terminateActor(actor, shutdown) {
  const snapshot = actor.getSnapshot();
  if (snapshot.status !== "active") {
    stopActor(actor);
    return Promise.resolve("exited");
  }
  const request = { type: SHUTDOWN_EVENT };
  if (shutdown === "brutal_kill" || typeof snapshot.can === "function" && !safeCan(snapshot, request)) {
    stopActor(actor);
    return Promise.resolve("killed");
  }
  return new Promise((resolve2) => {
    let timer;
    let settled = false;
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      timer?.cancel();
      subscription.unsubscribe();
      stopActor(actor);
      resolve2(outcome);
    };
    const subscription = actor.subscribe({
      complete: () => finish("exited"),
      error: () => finish("exited")
    });
    if (settled) return;
    if (shutdown !== "infinity") {
      timer = longTimeout(() => finish("killed"), shutdown);
    }
    try {
      actor.send(request);
    } catch {
    }
    if (actor.getSnapshot().status !== "active") finish("exited");
  });
}
function safeCan(snapshot, event) {
  try {
    return snapshot.can?.(event) ?? true;
  } catch {
    return true;
  }
}
function stopActor(actor) {
  const linked = actor;
  try {
    if (linked._parent !== void 0 && typeof linked._stop === "function") linked._stop();
    else actor.stop?.();
  } catch {
  }
}

// supervisor/started.ts
var STARTING_TAG = "overseer.starting";
function stillStarting(snapshot) {
  return snapshot.status === "active" && typeof snapshot.hasTag === "function" && snapshot.hasTag(STARTING_TAG);
}
function waitUntilStarted(actor) {
  const snapshot = actor.getSnapshot();
  if (snapshot.status === "error") throw snapshot.error;
  if (!stillStarting(snapshot)) return;
  return new Promise((resolve2, reject) => {
    const subscription = actor.subscribe({
      next: (next) => {
        if (!stillStarting(next)) {
          subscription.unsubscribe();
          resolve2();
        }
      },
      error: reject,
      complete: () => resolve2()
    });
  });
}

// supervisor/exit-reason.ts
function isAbnormal(exit) {
  return exit.reason === "crashed" || exit.reason === "killed";
}
function exitReasonOfCompleted(actor) {
  const snapshot = actor.getSnapshot();
  if (snapshot.status === "done") {
    const output = snapshot.output;
    if (output !== null && typeof output === "object" && output.reason === "shutdown") {
      return typeof output.cause === "string" ? { reason: "shutdown", cause: output.cause } : { reason: "shutdown" };
    }
    if (output !== null && typeof output === "object" && output.reason === "crashed") {
      return { reason: "crashed", error: output.error };
    }
    return { reason: "normal" };
  }
  return { reason: "killed" };
}

// supervisor/persistence/persist-options.ts
var DEFAULT_FRESH_IF_CRASH_WITHIN_MS = 5e3;
var PERSIST_KEYS = ["store", "key", "save", "freshIfCrashWithin"];
var STORE_METHODS = ["load", "save", "delete", "keys"];
function normalizePersist(persist, id, path) {
  const at = `${path}.persist`;
  checkOptions(persist, at, PERSIST_KEYS);
  const given = persist;
  const store = given.store;
  if (store === null || typeof store !== "object" || STORE_METHODS.some((method) => typeof store[method] !== "function")) {
    throw new InvalidOptionError(`${at}.store`, store, `a snapshot store (an object with ${STORE_METHODS.join(", ")}: MemoryStore, FileStore, PostgresStore)`);
  }
  const key = given.key ?? id;
  if (typeof key !== "string" || key.length === 0) {
    throw new InvalidOptionError(`${at}.key`, given.key, "a non-empty string (required when the child has neither name nor id)");
  }
  const save = given.save ?? "transition";
  const throttle = typeof save === "object" && save !== null ? save.throttle : void 0;
  if (save !== "transition" && save !== "checkpoint") {
    if (typeof save !== "object" || save === null || Object.keys(save).join() !== "throttle" || typeof throttle !== "number" || !Number.isFinite(throttle) || throttle <= 0) {
      throw new InvalidOptionError(`${at}.save`, save, "'transition', 'checkpoint' or { throttle: ms } with ms > 0");
    }
  }
  const freshIfCrashWithin = given.freshIfCrashWithin ?? DEFAULT_FRESH_IF_CRASH_WITHIN_MS;
  if (typeof freshIfCrashWithin !== "number" || !Number.isFinite(freshIfCrashWithin) || freshIfCrashWithin < 0) {
    throw new InvalidOptionError(`${at}.freshIfCrashWithin`, given.freshIfCrashWithin, "a finite number of ms >= 0");
  }
  return { store, key, save, freshIfCrashWithin };
}

// supervisor/promise-logic.ts
var PROBE = /* @__PURE__ */ Symbol("overseer.promise-probe");
function isPromiseLogic(logic) {
  const candidate = logic;
  if (typeof candidate.config !== "function" || typeof candidate.start !== "function" || typeof candidate.transition !== "function") return false;
  try {
    const state = { status: "active", output: void 0, error: void 0, input: void 0 };
    const next = candidate.transition(
      state,
      { type: "xstate.promise.resolve", data: PROBE },
      { self: {} }
    );
    return next?.status === "done" && next.output === PROBE;
  } catch {
    return false;
  }
}

// supervisor/child-spec.ts
var RESTART_TYPES = ["permanent", "transient", "temporary"];
var CHILD_TYPES = ["worker", "supervisor"];
var DEFAULT_WORKER_SHUTDOWN_MS = 5e3;
function checkSpecArguments(id, options, spec) {
  if (typeof id !== "string" || id.length === 0) throw new InvalidOptionError("id", id, "a non-empty string");
  if (options === null || typeof options !== "object" || Array.isArray(options)) throw new InvalidOptionError("options", options, "an options object");
  checkOptions(spec, "spec", [...SPEC_FIELDS, ...ORCHESTRATION_SPEC_KEYS], {
    id: "the id is the first argument",
    logic: "the builder makes the logic",
    input: "the options are the input",
    type: "the builder sets it: what it builds supervises children, so its type is 'supervisor'"
  });
}
var SPEC_FIELDS = ["restart", "shutdown", "significant", "systemId"];
var CHILD_SPEC_KEYS = ["id", "logic", "input", "restart", "shutdown", "type", "significant", "systemId", "persist"];
function normalizeChildSpec(spec, path = "child", options = {}) {
  if (spec === null || typeof spec !== "object") {
    throw new InvalidOptionError(path, spec, "a child spec object");
  }
  checkOptions(spec, path, [...CHILD_SPEC_KEYS, ...ORCHESTRATION_SPEC_KEYS], {}, ["input"]);
  const requireId = options.requireId ?? true;
  if (requireId || spec.id !== void 0) {
    if (typeof spec.id !== "string" || spec.id.length === 0) {
      throw new InvalidOptionError(`${path}.id`, spec.id, "a non-empty string");
    }
  }
  const logic = spec.logic;
  if (logic === null || typeof logic !== "object" || typeof logic.transition !== "function") {
    throw new InvalidOptionError(`${path}.logic`, logic, "xstate actor logic (a machine, fromPromise, fromCallback, ...)");
  }
  const restart = spec.restart ?? (isPromiseLogic(spec.logic) ? "temporary" : "permanent");
  if (!RESTART_TYPES.includes(restart)) {
    throw new InvalidOptionError(`${path}.restart`, spec.restart, `one of ${RESTART_TYPES.join(", ")}`);
  }
  const type = spec.type ?? "worker";
  if (!CHILD_TYPES.includes(type)) {
    throw new InvalidOptionError(`${path}.type`, spec.type, `one of ${CHILD_TYPES.join(", ")}`);
  }
  const shutdown = spec.shutdown ?? (type === "supervisor" ? "infinity" : DEFAULT_WORKER_SHUTDOWN_MS);
  if (shutdown !== "infinity" && shutdown !== "brutal_kill") {
    if (typeof shutdown !== "number" || !Number.isFinite(shutdown) || shutdown < 0) {
      throw new InvalidOptionError(`${path}.shutdown`, spec.shutdown, "a finite number of ms >= 0, 'infinity' or 'brutal_kill'");
    }
  }
  const significant = spec.significant ?? false;
  if (typeof significant !== "boolean") {
    throw new InvalidOptionError(`${path}.significant`, spec.significant, "a boolean");
  }
  if (significant && restart === "permanent") {
    throw new InvalidOptionError(`${path}.significant`, true, "false for a permanent child (only transient or temporary children may be significant)");
  }
  const systemId = spec.systemId;
  if (systemId !== void 0 && (typeof systemId !== "string" || systemId.length === 0)) {
    throw new InvalidOptionError(`${path}.systemId`, systemId, "a non-empty string");
  }
  if (spec.persist !== void 0 && type === "supervisor") {
    throw new InvalidOptionError(`${path}.persist`, spec.persist, "no persist on a supervisor child (persist its workers: a supervisor is rebuilt from its specs)");
  }
  const persist = spec.persist === void 0 ? void 0 : normalizePersist(spec.persist, defaultKeyOf(spec), path);
  return { id: spec.id, logic: spec.logic, input: spec.input, restart, shutdown, type, significant, systemId, persist };
}
function defaultKeyOf(spec) {
  return typeof spec.name === "string" && spec.name !== "" ? spec.name : spec.id;
}

// supervisor/child-normalize.ts
function normalizeChild(spec, path = "child", options = {}) {
  return { ...normalizeChildSpec(spec, path, options), ...normalizeOrchestration(spec, path) };
}
function createSafeEmitter(onListenerError = defaultListenerErrorReporter) {
  const emitter = mitt();
  const all = emitter.all;
  emitter.emit = ((type, event) => {
    const handlers = all.get(type);
    if (handlers !== void 0 && handlers.length > 0) {
      const list = handlers.length === 1 ? handlers : handlers.slice();
      for (let i = 0; i < list.length; i++) {
        try {
          list[i](event);
        } catch (error) {
          report(onListenerError, error, type);
        }
      }
    }
    const wildcards = all.get("*");
    if (wildcards !== void 0) {
      for (const handler of wildcards.slice()) {
        try {
          handler(type, event);
        } catch (error) {
          report(onListenerError, error, type);
        }
      }
    }
  });
  return emitter;
}
function report(onListenerError, error, type) {
  try {
    onListenerError(error, type);
  } catch {
  }
}
function defaultListenerErrorReporter(error, type) {
  console.error(`[overseer] listener for "${String(type)}" threw:`, error);
}
function checkListeners(value, path, names) {
  if (value === void 0) return void 0;
  checkOptions(value, path, [...names, "*"]);
  for (const [name, listener] of Object.entries(value)) {
    if (listener !== void 0 && typeof listener !== "function") throw new InvalidOptionError(`${path}.${name}`, listener, "a function (the listener)");
  }
  return value;
}
function listen(emitter, listeners2) {
  if (listeners2 === void 0) return emitter;
  for (const name of Object.keys(listeners2)) {
    const listener = listeners2[name];
    if (listener === void 0) continue;
    if (name === "*") emitter.on("*", listener);
    else emitter.on(name, listener);
  }
  return emitter;
}

// supervisor/events.ts
var SUPERVISOR_EVENT_NAMES = Object.keys({
  childStarted: true,
  childExited: true,
  childRestarted: true,
  childTerminated: true,
  childStartFailed: true,
  heldEventsDropped: true,
  childGaveUp: true,
  gaveUp: true,
  messageReceived: true,
  stopped: true,
  persistenceFailed: true
});

// supervisor/options.ts
var STRATEGIES = ["one_for_one", "one_for_all", "rest_for_one"];
var AUTO_SHUTDOWNS = ["never", "any_significant", "all_significant"];
var SUPERVISOR_OPTIONS = ["name", "strategy", "intensity", "period", "autoShutdown", "children", "inspect", "on", "onListenerError"];
var DYNAMIC_SUPERVISOR_OPTIONS = ["name", "strategy", "intensity", "period", "maxChildren", "extraInput", "inspect", "on", "onListenerError"];
var DEFAULT_INTENSITY = 3;
var DEFAULT_PERIOD_MS = 5e3;
function validateIntensity(intensity, period) {
  if (typeof intensity !== "number" || !Number.isInteger(intensity) || intensity < 0) {
    throw new InvalidOptionError("intensity", intensity, "a finite integer >= 0");
  }
  if (typeof period !== "number" || !Number.isFinite(period) || period <= 0) {
    throw new InvalidOptionError("period", period, "a finite number of ms > 0");
  }
}
function validateInspect(inspect) {
  if (inspect !== void 0 && typeof inspect !== "function" && (inspect === null || typeof inspect !== "object")) {
    throw new InvalidOptionError("inspect", inspect, "an inspection observer or function");
  }
}
function listenerOptions(options) {
  const onListenerError = options.onListenerError;
  if (onListenerError !== void 0 && typeof onListenerError !== "function") {
    throw new InvalidOptionError("onListenerError", onListenerError, "a function (error, event) => void");
  }
  return { on: checkListeners(options.on, "on", SUPERVISOR_EVENT_NAMES), onListenerError };
}
function validateName(name) {
  if (name !== void 0 && (typeof name !== "string" || name.length === 0)) {
    throw new InvalidOptionError("name", name, "a non-empty string");
  }
}
function normalizeSupervisorOptions(options, defaultName) {
  checkOptions(options, "", SUPERVISOR_OPTIONS);
  validateName(options.name);
  validateInspect(options.inspect);
  const listeners2 = listenerOptions(options);
  const strategy = options.strategy ?? "one_for_one";
  if (!STRATEGIES.includes(strategy)) {
    throw new InvalidOptionError("strategy", options.strategy, `one of ${STRATEGIES.join(", ")}`);
  }
  const intensity = options.intensity ?? DEFAULT_INTENSITY;
  const period = options.period ?? DEFAULT_PERIOD_MS;
  validateIntensity(intensity, period);
  const autoShutdown = options.autoShutdown ?? "never";
  if (!AUTO_SHUTDOWNS.includes(autoShutdown)) {
    throw new InvalidOptionError("autoShutdown", options.autoShutdown, `one of ${AUTO_SHUTDOWNS.join(", ")}`);
  }
  const rawChildren = options.children ?? [];
  if (!Array.isArray(rawChildren)) {
    throw new InvalidOptionError("children", rawChildren, "an array of child specs");
  }
  const seen = /* @__PURE__ */ new Set();
  const names = /* @__PURE__ */ new Set();
  const children = rawChildren.map((spec, index) => {
    const normalized = normalizeChild(spec, `children[${index}]`);
    if (seen.has(normalized.id)) {
      throw new InvalidOptionError(`children[${index}].id`, normalized.id, "an id not used by another child");
    }
    seen.add(normalized.id);
    checkSignificant(normalized, autoShutdown, `children[${index}]`);
    checkChildRestarts(normalized.childRestarts, false, `children[${index}]`);
    if (normalized.name !== void 0 && names.has(normalized.name)) {
      throw new InvalidOptionError(`children[${index}].name`, normalized.name, "a name not used by another child");
    }
    if (normalized.name !== void 0) names.add(normalized.name);
    return normalized;
  });
  return summarized({
    name: options.name ?? defaultName,
    strategy,
    intensity,
    period,
    autoShutdown,
    children,
    dynamic: false,
    maxChildren: Infinity,
    extraInput: void 0,
    inspect: options.inspect,
    ...listeners2
  });
}
function normalizeDynamicSupervisorOptions(options, defaultName) {
  checkOptions(options, "", DYNAMIC_SUPERVISOR_OPTIONS, { autoShutdown: "a dynamic supervisor has no significant children" });
  if ("strategy" in options && options.strategy !== "one_for_one") {
    throw new InvalidOptionError("strategy", options.strategy, "'one_for_one' (the only strategy of a dynamic supervisor)");
  }
  validateName(options.name);
  validateInspect(options.inspect);
  const listeners2 = listenerOptions(options);
  const intensity = options.intensity ?? DEFAULT_INTENSITY;
  const period = options.period ?? DEFAULT_PERIOD_MS;
  validateIntensity(intensity, period);
  const maxChildren = options.maxChildren ?? Infinity;
  if (typeof maxChildren !== "number" || Number.isNaN(maxChildren) || maxChildren < 0 || Number.isFinite(maxChildren) && !Number.isInteger(maxChildren)) {
    throw new InvalidOptionError("maxChildren", options.maxChildren, "an integer >= 0 or Infinity");
  }
  const extraInput = options.extraInput;
  if (extraInput !== void 0 && (extraInput === null || typeof extraInput !== "object" || Array.isArray(extraInput))) {
    throw new InvalidOptionError("extraInput", extraInput, "a plain object");
  }
  return summarized({
    name: options.name ?? defaultName,
    strategy: "one_for_one",
    intensity,
    period,
    autoShutdown: "never",
    children: [],
    dynamic: true,
    maxChildren,
    extraInput,
    inspect: options.inspect,
    ...listeners2
  });
}
function summarized(options) {
  Object.defineProperty(options, "toJSON", {
    enumerable: false,
    value: () => ({
      name: options.name,
      strategy: options.strategy,
      intensity: options.intensity,
      period: options.period,
      autoShutdown: options.autoShutdown,
      dynamic: options.dynamic,
      children: options.children.map((child) => child.id)
    })
  });
  return options;
}
function checkSignificant(spec, autoShutdown, path) {
  if (spec.significant && autoShutdown === "never") {
    throw new InvalidOptionError(`${path}.significant`, true, "false when the supervisor's autoShutdown is 'never'");
  }
}
function inputFor(options, spec) {
  const extra = options.extraInput;
  if (extra === void 0) return spec.input;
  if (spec.input === void 0) return { ...extra };
  if (spec.input === null || typeof spec.input !== "object" || Array.isArray(spec.input)) {
    throw new InvalidOptionError("child.input", spec.input, "a plain object (extraInput is merged into it)");
  }
  return { ...extra, ...spec.input };
}

// supervisor/persistence/errors.ts
var SnapshotNotSerializableError = class extends OverseerError {
  /** Where in the persisted snapshot the value sits, e.g. `context.items[2].at`. */
  path;
  /** What was found there, e.g. `a function`, `an instance of Map`, `a cycle`. */
  found;
  constructor(key, path, found) {
    super("ERR_SNAPSHOT_NOT_SERIALIZABLE", `Snapshot of "${key}" cannot be persisted: ${path} is ${found} (only plain objects, arrays, strings, finite numbers, booleans and null can be stored).`);
    this.path = path;
    this.found = found;
  }
};
var SnapshotStoreError = class extends OverseerError {
  operation;
  key;
  constructor(operation, key, cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super("ERR_SNAPSHOT_STORE", `Snapshot store could not ${operation}${key === void 0 ? "" : ` "${key}"`}: ${detail}`, { cause });
    this.operation = operation;
    this.key = key;
  }
};
var NotPersistedError = class extends OverseerError {
  constructor(actorId) {
    super("ERR_NOT_PERSISTED", `Actor "${actorId}" is not a running durable child (its spec has no "persist", or it has exited).`);
  }
};
var PersistKeyInUseError = class extends OverseerError {
  key;
  constructor(key) {
    super("ERR_PERSIST_KEY_IN_USE", `Persistence key "${key}" is already used by a running child in the same store.`);
    this.key = key;
  }
};

// supervisor/persistence/serializable.ts
function assertSerializable(key, value) {
  const found = check(value, /* @__PURE__ */ new Set());
  if (found !== void 0) throw new SnapshotNotSerializableError(key, found.path === "" ? "the snapshot" : found.path.replace(/^\./, ""), found.what);
}
function check(value, open) {
  switch (typeof value) {
    case "string":
    case "boolean":
      return void 0;
    case "number":
      return Number.isFinite(value) ? void 0 : { path: "", what: String(value) };
    case "function":
      return { path: "", what: `a function (${value.name || "anonymous"})` };
    case "symbol":
      return { path: "", what: "a symbol" };
    case "bigint":
      return { path: "", what: "a bigint" };
    case "undefined":
      return { path: "", what: "undefined" };
  }
  if (value === null) return void 0;
  const object = value;
  if (open.has(object)) return { path: "", what: "a cycle (an object that contains itself)" };
  open.add(object);
  try {
    if (Array.isArray(object)) {
      for (let i = 0; i < object.length; i++) {
        const inner = check(object[i], open);
        if (inner !== void 0) return { path: `[${i}]${inner.path}`, what: inner.what };
      }
      return void 0;
    }
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      const name = object.constructor?.name;
      return { path: "", what: `an instance of ${name === void 0 || name === "" ? "a class" : name}` };
    }
    for (const key of Object.keys(object)) {
      const field = object[key];
      if (field === void 0) continue;
      const inner = check(field, open);
      if (inner !== void 0) return { path: `${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}${inner.path}`, what: inner.what };
    }
    return void 0;
  } finally {
    open.delete(object);
  }
}

// supervisor/persistence/durable-run.ts
var CHECKPOINT_EVENT = "overseer.checkpoint";
var runs = /* @__PURE__ */ new WeakMap();
function checkpoint(ref) {
  const run = runs.get(ref);
  if (run === void 0 || run.ended) return Promise.reject(new NotPersistedError(ref?.id ?? String(ref)));
  return run.save(ref.getSnapshot());
}
function persistedForm(actor, snapshot, key) {
  let persisted;
  try {
    const { logic } = actor;
    persisted = logic.getPersistedSnapshot(snapshot);
  } catch (error) {
    throw new SnapshotNotSerializableError(key, "the snapshot", `unreadable (${error instanceof Error ? error.message : String(error)})`);
  }
  assertSerializable(key, persisted);
  return persisted;
}
var DurableRun = class {
  constructor(actor, persist, writer, report2, exits) {
    this.actor = actor;
    this.persist = persist;
    this.writer = writer;
    this.report = report2;
    this.exits = exits;
    runs.set(actor, this);
    const mode = persist.save;
    actor.subscribe({
      next: mode === "checkpoint" ? void 0 : (snapshot) => this.changed(snapshot),
      error: () => this.end(true),
      complete: () => this.end(false)
    });
    if (mode !== "transition") actor.on(CHECKPOINT_EVENT, () => void this.save(actor.getSnapshot()).catch(() => void 0));
  }
  actor;
  persist;
  writer;
  report;
  exits;
  ended = false;
  /** Throttle: the newest snapshot not saved yet, and the window's timer. */
  held;
  timer;
  /** The last snapshot seen: an event that changed nothing gives the same object, and no save. */
  seen;
  /** Saves `snapshot`; resolves when it is stored. A failure is reported, then rejects. */
  save(snapshot) {
    if (snapshot.status !== "active") return Promise.resolve();
    let persisted;
    try {
      persisted = persistedForm(this.actor, snapshot, this.persist.key);
    } catch (error) {
      this.report(error);
      return Promise.reject(error);
    }
    return this.writer.save(persisted).catch((error) => {
      this.report(error);
      throw error;
    });
  }
  changed(snapshot) {
    if (snapshot.status !== "active" || snapshot === this.seen) return;
    this.seen = snapshot;
    const mode = this.persist.save;
    if (typeof mode !== "object") {
      this.save(snapshot).catch(() => void 0);
      return;
    }
    if (this.timer !== void 0) {
      this.held = snapshot;
      return;
    }
    this.save(snapshot).catch(() => void 0);
    this.timer = setTimeout(() => this.windowEnded(), mode.throttle);
  }
  windowEnded() {
    this.timer = void 0;
    const held = this.held;
    this.held = void 0;
    if (held !== void 0) {
      this.seen = void 0;
      this.changed(held);
    }
  }
  end(crashed) {
    if (this.ended) return;
    this.ended = true;
    runs.delete(this.actor);
    clearTimeout(this.timer);
    const held = this.held;
    this.held = void 0;
    if (crashed) this.exits.crashed();
    if (this.actor.getSnapshot().status === "done") {
      this.writer.delete().catch((error) => this.report(error));
    } else if (held !== void 0) this.save(held).catch(() => void 0);
    this.exits.ended();
  }
};

// supervisor/facts.ts
var FACT = /* @__PURE__ */ Symbol("overseer.fact");

// supervisor/persistence/key-writer.ts
var KeyWriter = class _KeyWriter {
  constructor(store, key) {
    this.store = store;
    this.key = key;
  }
  store;
  key;
  static writers = /* @__PURE__ */ new WeakMap();
  /** The running child that holds the key, if any. */
  owner;
  queue = [];
  running = false;
  /** Callers of {@link idle} waiting for the queue to empty. */
  idleWaiters = [];
  /** The writer of `key` in `store`, shared by every incarnation of the child that uses it. */
  static for(store, key) {
    let byKey = _KeyWriter.writers.get(store);
    if (byKey === void 0) _KeyWriter.writers.set(store, byKey = /* @__PURE__ */ new Map());
    let writer = byKey.get(key);
    if (writer === void 0) byKey.set(key, writer = new _KeyWriter(store, key));
    return writer;
  }
  /**
   * Resolves once every operation asked so far on `key` in `store` is done (failures are reported
   * by their own callers); at once when there are none.
   *
   * @example
   * ```ts
   * await KeyWriter.settled(store, 'order-1'); // the last save of order-1 is in the store
   * ```
   */
  static settled(store, key) {
    return _KeyWriter.writers.get(store)?.get(key)?.idle() ?? Promise.resolve();
  }
  /** Resolves once the queue is empty and nothing runs. */
  idle() {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve2) => this.idleWaiters.push(resolve2));
  }
  save(snapshot) {
    const last = this.queue.at(-1);
    if (last?.kind === "save") {
      last.snapshot = snapshot;
      return last.promise;
    }
    const done = [];
    const promise = new Promise((resolve2, reject) => done.push({ resolve: resolve2, reject }));
    this.push({ kind: "save", snapshot, done, promise });
    return promise;
  }
  delete() {
    return new Promise((resolve2, reject) => this.push({ kind: "delete", done: [{ resolve: resolve2, reject }] }));
  }
  load() {
    return new Promise((resolve2, reject) => this.push({ kind: "load", done: [{ resolve: resolve2, reject }] }));
  }
  /** Lets go of the key; the writer is forgotten once its queue is empty too. */
  release(owner) {
    if (this.owner === owner) this.owner = void 0;
    this.forgetIfIdle();
  }
  push(operation) {
    this.queue.push(operation);
    if (!this.running) void this.run();
  }
  async run() {
    this.running = true;
    for (let operation = this.queue.shift(); operation !== void 0; operation = this.queue.shift()) {
      try {
        const result = await this.perform(operation);
        for (const { resolve: resolve2 } of operation.done) resolve2(result);
      } catch (error) {
        const failure = error instanceof SnapshotStoreError ? error : new SnapshotStoreError(operation.kind, this.key, error);
        for (const { reject } of operation.done) reject(failure);
      }
    }
    this.running = false;
    for (const resolve2 of this.idleWaiters.splice(0)) resolve2();
    this.forgetIfIdle();
  }
  perform(operation) {
    if (operation.kind === "save") return this.store.save(this.key, operation.snapshot);
    if (operation.kind === "delete") return this.store.delete(this.key);
    return this.store.load(this.key);
  }
  forgetIfIdle() {
    if (this.owner !== void 0 || this.running || this.queue.length > 0) return;
    const byKey = _KeyWriter.writers.get(this.store);
    if (byKey?.get(this.key) === this) byKey.delete(this.key);
  }
};

// supervisor/persistence/durability.ts
var Durability = class {
  constructor(onFailed) {
    this.onFailed = onFailed;
  }
  onFailed;
  states = /* @__PURE__ */ new WeakMap();
  /** How the child's current incarnation started, for its start event; `{}` for a child that is not durable. */
  outcomeOf(child) {
    const outcome = this.states.get(child)?.outcome;
    return outcome === void 0 ? {} : { persistence: outcome };
  }
  /** Takes the child's key and loads its snapshot (after any pending save of it). */
  async restore(child) {
    const persist = child.spec.persist;
    const writer = KeyWriter.for(persist.store, persist.key);
    if (writer.owner !== void 0 && writer.owner !== child) throw new PersistKeyInUseError(persist.key);
    writer.owner = child;
    let state = this.states.get(child);
    if (state === void 0) this.states.set(child, state = { outcome: void 0, restoredAt: void 0, freshNext: false });
    let snapshot;
    let outcome;
    try {
      if (state.freshNext) {
        await writer.delete();
        state.freshNext = false;
        outcome = "fresh-after-crash";
      } else {
        snapshot = await writer.load();
        outcome = snapshot === void 0 ? "fresh" : "restored";
      }
    } catch (error) {
      writer.release(child);
      throw error;
    }
    state.outcome = outcome;
    state.restoredAt = outcome === "restored" ? Date.now() : void 0;
    return { snapshot, release: () => writer.release(child) };
  }
  /**
   * Creates the actor from the restored snapshot. A snapshot its logic refuses (a state that no
   * longer exists) counts as a crash at once: the actor is created fresh instead, and the snapshot removed.
   */
  instantiate(child, restored, make) {
    if (restored.snapshot === void 0) return make(void 0);
    let actor;
    try {
      actor = make(restored.snapshot);
    } catch {
      actor = void 0;
    }
    if (actor !== void 0 && actor.getSnapshot().status !== "error") return actor;
    if (actor !== void 0) stopActor(actor);
    const state = this.states.get(child);
    state.outcome = "fresh-after-crash";
    state.restoredAt = void 0;
    const persist = child.spec.persist;
    KeyWriter.for(persist.store, persist.key).delete().catch(() => void 0);
    return make(void 0);
  }
  /** Whether the child's next start is fresh: its restored incarnation crashed within `freshIfCrashWithin`. */
  startsFreshNext(child) {
    return this.states.get(child)?.freshNext === true;
  }
  /** Resolves once the child's pending saves (and delete) are in its store; at once for a child that is not durable. */
  settled(child) {
    const persist = child.spec.persist;
    return persist === void 0 ? Promise.resolve() : KeyWriter.settled(persist.store, persist.key);
  }
  /** Saves the new incarnation's snapshots; call after creating the actor and before starting it. */
  watch(child, id, actor) {
    const persist = child.spec.persist;
    const writer = KeyWriter.for(persist.store, persist.key);
    const state = this.states.get(child);
    new DurableRun(actor, persist, writer, (error) => this.onFailed({ id, key: persist.key, error }), {
      crashed: () => {
        const { restoredAt } = state;
        if (restoredAt !== void 0 && Date.now() - restoredAt < persist.freshIfCrashWithin) state.freshNext = true;
      },
      ended: () => writer.release(child)
    });
  }
};

// supervisor/child-table.ts
var ChildTable = class {
  constructor(dynamic) {
    this.dynamic = dynamic;
  }
  dynamic;
  rows = /* @__PURE__ */ new Map();
  /** Rows marked `restarting`, so that "is any restart pending" is O(1) on every restart. */
  restartingRows = 0;
  get size() {
    return this.rows.size;
  }
  /** Appends a row for `spec` under `key`, with no actor yet. */
  add(key, spec) {
    const entry2 = {
      key,
      spec,
      actor: void 0,
      unsubscribe: void 0,
      restarting: false,
      restarts: 0,
      lastExit: null,
      lastError: void 0,
      delayed: void 0,
      window: void 0
    };
    this.rows.set(key, entry2);
    return entry2;
  }
  get(key) {
    return this.rows.get(key);
  }
  /** Whether `entry` is still the row under its key (it was not deleted or replaced). */
  holds(entry2) {
    return this.rows.get(entry2.key) === entry2;
  }
  delete(key) {
    const entry2 = this.rows.get(key);
    if (entry2 === void 0) return;
    this.markRestarting(entry2, false);
    this.rows.delete(key);
  }
  clear() {
    this.rows.clear();
    this.restartingRows = 0;
  }
  /** Marks or clears a pending retried restart of `entry`. */
  markRestarting(entry2, restarting) {
    if (entry2.restarting === restarting) return;
    entry2.restarting = restarting;
    if (this.rows.get(entry2.key) === entry2) this.restartingRows += restarting ? 1 : -1;
  }
  /** Rows in start order (a copy: callers may delete while they iterate). */
  entries() {
    return [...this.rows.values()];
  }
  /** A static child by id, or any child by its current actor. A dynamic child has no id to look up. */
  find(idOrRef) {
    if (typeof idOrRef === "string") return this.dynamic ? void 0 : this.rows.get(idOrRef);
    for (const entry2 of this.rows.values()) if (entry2.actor === idOrRef) return entry2;
    return void 0;
  }
  /** Some child waits for a retried restart. */
  anyRestarting() {
    return this.restartingRows > 0;
  }
  /** Significant children still running or waiting for a restart (for `all_significant`; O(children)). */
  significantLeft() {
    let left = 0;
    for (const entry2 of this.rows.values()) if (entry2.spec.significant && (entry2.actor !== void 0 || entry2.restarting)) left++;
    return left;
  }
  which() {
    const rows2 = [];
    for (const entry2 of this.rows.values()) {
      rows2.push(infoOf(entry2));
    }
    return rows2;
  }
  count() {
    let active = 0;
    let supervisors = 0;
    for (const entry2 of this.rows.values()) {
      if (entry2.actor !== void 0) active++;
      if (entry2.spec.type === "supervisor") supervisors++;
    }
    return { specs: this.rows.size, active, supervisors, workers: this.rows.size - supervisors };
  }
  /** A copy of the child's spec with defaults filled in. */
  specOf(id) {
    const entry2 = this.rows.get(id);
    return entry2 === void 0 ? void 0 : { ...entry2.spec };
  }
};
function infoOf(entry2) {
  return {
    id: idOf(entry2),
    ref: entry2.restarting ? "restarting" : entry2.actor,
    type: entry2.spec.type,
    name: entry2.spec.name,
    restarts: entry2.restarts,
    lastExit: entry2.lastExit === null ? null : { ...entry2.lastExit }
  };
}
function idOf(entry2) {
  return entry2.spec.id ?? entry2.key;
}

// supervisor/child-actors.ts
var ChildActors = class {
  constructor(options, parent, gone, onPersistenceFailed = () => void 0) {
    this.options = options;
    this.parent = parent;
    this.gone = gone;
    this.durability = new Durability(onPersistenceFailed);
  }
  options;
  parent;
  gone;
  /** Children's actors that are alive but not in the table: still starting, or being stopped. */
  unowned = /* @__PURE__ */ new Set();
  /** Saves and restores the snapshots of children whose spec has `persist`. */
  durability;
  /** How a durable child's current incarnation started (`{ persistence }`), `{}` for other children. */
  persistenceOf(entry2) {
    return entry2.spec.persist === void 0 ? {} : this.durability.outcomeOf(entry2);
  }
  /**
   * Creates the child's actor, linked to the supervisor's, and starts it; throws its error if it
   * fails to start. Logic with no notion of starting is started at once and returned as is: a
   * restart of a plain machine pays no promise hop. A child still starting is returned as a promise.
   */
  start(entry2, onExit) {
    if (this.gone()) throw new SupervisorNotRunningError(this.options.name);
    if (entry2.spec.persist === void 0) return this.create(entry2, onExit, void 0);
    return this.startDurable(entry2, onExit, true);
  }
  /**
   * A durable child starts from its stored snapshot: loading it is the one promise hop. A restored
   * incarnation that fails to start crashed within `freshIfCrashWithin` of its start: it is started
   * again at once, fresh, in the same start (else a new process would be stuck on the snapshot).
   */
  startDurable(entry2, onExit, retry) {
    return this.durability.restore(entry2).then((restored) => {
      const failed = (error) => {
        restored.release();
        if (!retry || this.gone() || !this.durability.startsFreshNext(entry2)) throw error;
        return this.startDurable(entry2, onExit, false);
      };
      try {
        const started = this.create(entry2, onExit, restored);
        return started instanceof Promise ? started.catch(failed) : started;
      } catch (error) {
        return failed(error);
      }
    });
  }
  create(entry2, onExit, restored) {
    if (this.gone()) throw new SupervisorNotRunningError(this.options.name);
    const make = (snapshot) => createActor(entry2.spec.logic, {
      parent: this.parent,
      // xstate names a child's relayed done/error events after its id and memoizes the machine's
      // transitions per event name for the life of the process. A dynamic child's table key grows
      // without bound (`<id>#<n>`), so its actor id is the spec's id: the names stay few.
      id: this.options.dynamic ? entry2.spec.id ?? "child" : entry2.key,
      input: inputFor(this.options, entry2.spec),
      systemId: entry2.spec.systemId,
      snapshot
    });
    const actor = restored === void 0 ? make(void 0) : this.durability.instantiate(entry2, restored, make);
    const subscription = actor.subscribe({
      error: (error) => onExit(actor, { reason: "crashed", error }),
      complete: () => onExit(actor, exitReasonOfCompleted(actor))
    });
    if (restored !== void 0) this.durability.watch(entry2, idOf(entry2), actor);
    this.unowned.add(actor);
    let starting;
    try {
      actor.start();
      starting = waitUntilStarted(actor);
    } catch (error) {
      throw this.abandon(actor, subscription, error);
    }
    if (starting === void 0) return this.adopt(entry2, actor, subscription);
    return starting.then(
      () => this.adopt(entry2, actor, subscription),
      (error) => {
        throw this.abandon(actor, subscription, error);
      }
    );
  }
  /** The child started: the entry holds it, unless the supervisor was stopped by force meanwhile (which stopped it too). */
  adopt(entry2, actor, subscription) {
    this.unowned.delete(actor);
    if (this.gone()) throw this.abandon(actor, subscription, new SupervisorNotRunningError(this.options.name));
    entry2.actor = actor;
    noteIncarnation(actor, entry2);
    entry2.unsubscribe = () => subscription.unsubscribe();
    return actor;
  }
  /** A child that failed to start: no longer watched, stopped; returns the error to throw. */
  abandon(actor, subscription, error) {
    this.unowned.delete(actor);
    subscription.unsubscribe();
    stopActor(actor);
    return error;
  }
  /** Removes the exit observer and forgets the actor; returns it if it was running. */
  detach(entry2) {
    const actor = entry2.actor;
    entry2.unsubscribe?.();
    entry2.unsubscribe = void 0;
    entry2.actor = void 0;
    return actor;
  }
  /** Stops a child the way its spec says (a durable one: and waits for its pending saves); its exit is not reported. Resolves with the actor stopped and how. */
  async terminate(entry2) {
    const actor = this.detach(entry2);
    if (actor === void 0) {
      await this.durability.settled(entry2);
      return void 0;
    }
    this.unowned.add(actor);
    const outcome = await terminateActor(actor, entry2.spec.shutdown).finally(() => this.unowned.delete(actor));
    await this.durability.settled(entry2);
    return { actor, outcome };
  }
  /** Stops every child at once, the newest first: one starting or stopping now, then `entries` in reverse. */
  killAll(entries) {
    for (const actor of this.unowned) stopActor(actor);
    for (const entry2 of entries.reverse()) {
      const actor = this.detach(entry2);
      if (actor !== void 0) stopActor(actor);
    }
  }
};

// supervisor/restart-intensity.ts
var RestartWindow = class {
  constructor(period) {
    this.period = period;
  }
  period;
  times = [];
  first = 0;
  /** Records a restart at `now`; returns the restarts in `[now - period, now]`, this one included. */
  record(now3) {
    this.times.push(now3);
    return this.count(now3);
  }
  /** The restarts in `[now - period, now]` (OTP keeps `Now - Then =< Period`). */
  count(now3) {
    const times = this.times;
    while (this.first < times.length && times[this.first] < now3 - this.period) this.first++;
    if (this.first > 64 && this.first * 2 > times.length) {
      times.splice(0, this.first);
      this.first = 0;
    }
    return times.length - this.first;
  }
};

// supervisor/child-restarts.ts
function recordChildRestart(entry2, supervisorPeriod, now3) {
  if (entry2.spec.restartDelay === void 0 && entry2.spec.childRestarts === void 0) return 0;
  entry2.window ??= new RestartWindow(entry2.spec.childRestarts?.period ?? supervisorPeriod);
  return entry2.window.record(now3);
}
function beyondOwnLimit(entry2, n) {
  const limit = entry2.spec.childRestarts;
  return limit !== void 0 && n > limit.intensity;
}
function restartDelayOf(entry2, n) {
  const delay = entry2.spec.restartDelay;
  return delay === void 0 ? void 0 : backoffDelay(delay, Math.max(1, n));
}
function cancelDelayedRestart(entry2) {
  entry2.delayed?.cancel();
  entry2.delayed = void 0;
}
function scheduleRestart(entry2, delay, restart) {
  cancelDelayedRestart(entry2);
  entry2.delayed = longTimeout(() => {
    entry2.delayed = void 0;
    restart();
  }, delay);
}

// supervisor/exit-summary.ts
var MAX_ERROR_TEXT = 200;
function summarize(exit, at = Date.now()) {
  if (exit.reason === "crashed") return { reason: "crashed", error: errorText(exit.error), at };
  if (exit.reason === "shutdown" && exit.cause !== void 0) return { reason: "shutdown", cause: exit.cause, at };
  return { reason: exit.reason, at };
}
function errorText(error) {
  let text;
  if (error instanceof Error) text = `${error.name}: ${error.message}`;
  else if (typeof error === "string") text = error;
  else {
    try {
      text = JSON.stringify(error) ?? String(error);
    } catch {
      text = Object.prototype.toString.call(error);
    }
  }
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT - 1)}\u2026` : text;
}

// supervisor/named-delivery.ts
var Binding = class {
  constructor(name, supervisor, entry2) {
    this.name = name;
    this.supervisor = supervisor;
    this.entry = entry2;
  }
  name;
  supervisor;
  entry;
  held = [];
  get id() {
    return idOf(this.entry);
  }
  current() {
    const actor = this.entry.actor;
    if (actor === void 0 || this.entry.restarting || actor.getSnapshot().status !== "active") return void 0;
    return actor;
  }
  heldCount() {
    return this.held.length;
  }
  send(event) {
    const actor = this.current();
    if (actor !== void 0 && this.held.length === 0) {
      actor.send(event);
      return "delivered";
    }
    if (this.held.length >= this.entry.spec.maxHeldEvents) throw new HeldEventsFullError(this.name, this.entry.spec.maxHeldEvents);
    this.held.push(event);
    return "held";
  }
};
var NamedDelivery = class {
  constructor(supervisor, events) {
    this.supervisor = supervisor;
    this.events = events;
  }
  supervisor;
  events;
  byName = /* @__PURE__ */ new Map();
  /** Registers the child's name (nothing for an unnamed child); throws `NameAlreadyRegisteredError`. */
  claim(entry2) {
    const name = entry2.spec.name;
    if (name === void 0 || this.byName.get(name)?.entry === entry2) return;
    const binding = new Binding(name, this.supervisor, entry2);
    registerName(binding);
    this.byName.set(name, binding);
  }
  /** A new incarnation of the child started: the events held for it are delivered, in order. */
  started(entry2, actor) {
    const name = entry2.spec.name;
    if (name === void 0) return;
    const binding = this.byName.get(name);
    if (binding === void 0 || binding.entry !== entry2) return;
    if (binding.held.length === 0) return;
    const held = binding.held.splice(0);
    for (const event of held) actor.send(event);
  }
  /** The child will not come back on its own: its name is released and its held events reported. */
  gone(entry2) {
    const name = entry2.spec.name;
    if (name === void 0) return;
    const binding = this.byName.get(name);
    if (binding === void 0 || binding.entry !== entry2) return;
    this.byName.delete(name);
    unregisterName(binding);
    if (binding.held.length > 0) {
      this.events.emit("heldEventsDropped", { supervisor: this.supervisor, id: binding.id, name, events: binding.held.splice(0) });
    }
  }
  /** Every name is released (the supervisor stopped). */
  goneAll() {
    for (const binding of [...this.byName.values()]) this.gone(binding.entry);
  }
  /** Sends to one of this supervisor's named children; throws `NameNotRegisteredError` / `HeldEventsFullError`. */
  send(name, event) {
    const binding = this.byName.get(name);
    if (binding === void 0) throw new NameNotRegisteredError(name);
    return binding.send(event);
  }
  /** The entry of a named child of this supervisor. */
  entryOf(name) {
    return this.byName.get(name)?.entry;
  }
};

// supervisor/supervision-events.ts
var overseerParents = /* @__PURE__ */ new WeakSet();
function markOverseerParent(actor) {
  overseerParents.add(actor);
}
function tellParent(self, event) {
  const parent = self._parent;
  if (parent === void 0 || overseerParents.has(parent)) return;
  if (parent.getSnapshot().status !== "active") return;
  parent.send(event);
}

// supervisor/supervisor-core.ts
var now = () => Date.now();
var SupervisorCore = class {
  constructor(options, self) {
    this.self = self;
    this.options = options;
    this.name = options.name;
    this.table = new ChildTable(options.dynamic);
    this.window = new RestartWindow(options.period);
    this.actors = new ChildActors(options, self, () => this.finished, (failure) => this.events.emit("persistenceFailed", { supervisor: this.name, ...failure }));
    this.events = listen(createSafeEmitter(options.onListenerError), options.on);
    this.names = new NamedDelivery(this.name, this.events);
    markOverseerParent(self);
    this.ready = new Promise((resolve2, reject) => {
      this.resolveReady = resolve2;
      this.rejectReady = reject;
    });
    this.ready.catch(() => void 0);
    this.exited = new Promise((resolve2) => this.resolveExited = resolve2);
  }
  self;
  name;
  events;
  /** Resolves when the initial children are all started; rejects with the start failure. */
  ready;
  /** Resolves once the supervisor has stopped and every child is gone. */
  exited;
  /** @internal */
  options;
  /** @internal The named children, and events held for them while they restart. */
  names;
  /** The children, in start order. Changed only by this core's mailbox; the handles read it. */
  table;
  /** Restart times inside the period: plain counting; the machine decides on the count. */
  window;
  actors;
  tail = Promise.resolve();
  finished = false;
  shutdownRequested = false;
  /** Set while a fact is being sent: a shutdown decided then is carried out by that message. */
  deciding = false;
  decidedShutdown;
  /** @internal The next dynamic child's key suffix. */
  nextKey = 0;
  inspection;
  resolveReady;
  rejectReady;
  resolveExited;
  get isDynamic() {
    return this.options.dynamic;
  }
  /** The machine's state, or `stopped` once every child is gone. */
  get currentPhase() {
    if (this.finished) return "stopped";
    const snapshot = this.self.getSnapshot();
    return snapshot.status === "active" ? snapshot.value : "stopped";
  }
  /** The restarts inside the last `period` ms (counted here; the machine compares with the intensity). */
  get restartsInPeriod() {
    return this.window.count(now());
  }
  /** Starts the initial children in order; on a failure terminates the started ones and rejects. */
  init() {
    if (this.options.inspect !== void 0 && this.self._parent !== void 0) this.inspection = this.self.system.inspect(this.options.inspect);
    return this.enqueue(async () => {
      const started = [];
      for (const spec of this.options.children) {
        const entry2 = this.table.add(spec.id, spec);
        try {
          this.names.claim(entry2);
          await this.startEntry(entry2, "childStarted");
          started.push(entry2);
        } catch (error) {
          if (this.finished) throw this.refuseStart(new SupervisorNotRunningError(this.name));
          this.table.delete(entry2.key);
          for (const done of started.reverse()) await this.terminateEntry(done);
          this.table.clear();
          this.names.goneAll();
          this.settle({ reason: "shutdown", cause: "failed_to_start" });
          throw this.refuseStart(new FailedToStartChildError(spec.id, error));
        }
      }
      if (this.finished) throw this.refuseStart(new SupervisorNotRunningError(this.name));
      this.resolveReady();
    });
  }
  /** The machine entered `shuttingDown`. */
  onShuttingDown(cause) {
    this.shutdownRequested = true;
    if (this.deciding) this.decidedShutdown = cause;
    else this.enqueue(() => this.shutdown(cause)).catch(() => void 0);
  }
  /** Our own actor was stopped by force: kill every child at once. */
  onActorStopped() {
    if (this.finished) return;
    this.shutdownRequested = true;
    for (const entry2 of this.table.entries()) cancelDelayedRestart(entry2);
    this.actors.killAll(this.table.entries());
    this.table.clear();
    this.finish({ reason: "shutdown", cause: "killed" }, false);
  }
  /** A child sent the supervisor an event of its own (`sendParent`). */
  onMessage(event) {
    queueMicrotask(() => this.events.emit("messageReceived", { supervisor: this.name, event }));
  }
  /** Asks for a graceful stop; resolves with the exit. */
  requestShutdown() {
    if (!this.finished && !this.shutdownRequested) this.self.send({ type: "overseer.shutdown" });
    return this.exited;
  }
  /** @internal Runs `op` after every operation queued before it. Rejects once the supervisor stopped. */
  enqueue(op) {
    const run = this.tail.then(() => {
      if (this.finished) throw new SupervisorNotRunningError(this.name);
      return op();
    });
    this.tail = run.catch(() => void 0);
    return run;
  }
  /**
   * Reports a fact (marked as the core's) to the machine. Returns the shutdown it decided on, to
   * be carried out within the same message, or nothing (no promise hop on the restart path).
   */
  decide(fact) {
    fact[FACT] = true;
    this.deciding = true;
    try {
      this.self.send(fact);
    } finally {
      this.deciding = false;
    }
    const cause = this.decidedShutdown;
    if (cause === void 0) return void 0;
    this.decidedShutdown = void 0;
    if (cause === "reached_max_restart_intensity") {
      const { intensity, period } = this.options;
      this.events.emit("gaveUp", { supervisor: this.name, reason: cause, intensity, period });
      tellParent(this.self, { type: "overseer.gaveUp", supervisor: this.name, intensity, period });
    }
    return this.shutdown(cause);
  }
  /** @internal Starts the child's actor and announces it; a child with no notion of starting is started at once. */
  startEntry(entry2, event) {
    cancelDelayedRestart(entry2);
    if (event === "childRestarted") this.table.markRestarting(entry2, true);
    const started = this.actors.start(entry2, (exited, exit) => this.onChildExit(entry2, exited, exit));
    return started instanceof Promise ? started.then((actor) => this.started(entry2, event, actor)) : this.started(entry2, event, started);
  }
  /** Counts a restart and hands the held events over (first, in order), then announces the child. */
  started(entry2, event, actor) {
    if (event === "childRestarted") entry2.restarts++;
    this.table.markRestarting(entry2, false);
    this.names.started(entry2, actor);
    this.announceStarted(entry2, event, actor);
    if (event === "childRestarted") tellParent(this.self, { type: "overseer.childRestarted", supervisor: this.name, id: idOf(entry2), name: entry2.spec.name, restarts: entry2.restarts, ...this.actors.persistenceOf(entry2) });
    return actor;
  }
  announceStarted(entry2, event, actor) {
    this.events.emit(event, { supervisor: this.name, id: idOf(entry2), ref: actor, ...this.actors.persistenceOf(entry2) });
    return actor;
  }
  /** @internal Stops a child the way its spec says and announces it; its exit is not treated as an exit on its own. */
  async terminateEntry(entry2) {
    cancelDelayedRestart(entry2);
    const stopped = await this.actors.terminate(entry2);
    if (stopped === void 0 || this.finished) return;
    entry2.lastExit = { reason: stopped.outcome === "killed" ? "killed" : "shutdown", at: now() };
    this.events.emit("childTerminated", { supervisor: this.name, id: idOf(entry2), ref: stopped.actor, outcome: stopped.outcome });
  }
  onChildExit(entry2, actor, exit) {
    this.enqueue(() => this.handleExit(entry2, actor, exit)).catch(() => void 0);
  }
  /** One exit: report it, then restart the group if the machine decided so. */
  handleExit(entry2, actor, exit) {
    if (!this.table.holds(entry2) || entry2.actor !== actor) return;
    this.actors.detach(entry2);
    entry2.lastExit = summarize(exit);
    if (exit.reason === "crashed") entry2.lastError = exit.error;
    this.events.emit("childExited", { supervisor: this.name, id: idOf(entry2), ref: actor, exit });
    tellParent(this.self, { type: "overseer.childExited", supervisor: this.name, id: idOf(entry2), name: entry2.spec.name, exit, restarts: entry2.restarts });
    const { restart } = entry2.spec;
    const restartIt = restart === "permanent" || restart === "transient" && isAbnormal(exit);
    if (!restartIt || this.shutdownRequested) {
      this.names.gone(entry2);
      if (restart === "temporary" || this.isDynamic) this.table.delete(entry2.key);
      if (this.shutdownRequested) return;
    }
    const n = restartIt ? recordChildRestart(entry2, this.options.period, now()) : 0;
    if (restartIt && beyondOwnLimit(entry2, n)) return this.giveUpChild(entry2, actor);
    const significant = entry2.spec.significant;
    const significantLeft = significant && this.options.autoShutdown === "all_significant" ? this.table.significantLeft() : 0;
    const restarts = restartIt && entry2.spec.childRestarts === void 0 ? this.window.record(now()) : this.window.count(now());
    const shuttingDown = this.decide({ type: "supervisor.childExited", restart: restartIt, restarts, significant, significantLeft });
    if (shuttingDown !== void 0) return shuttingDown;
    if (restartIt && this.currentPhase === "restarting" && !this.restartLater(entry2, n)) return this.restartGroup(entry2);
  }
  /** The child's spec goes, and its name with it. */
  dropEntry(entry2) {
    this.table.delete(entry2.key);
    this.names.gone(entry2);
  }
  /** A dynamic supervisor's child went past its own limit: it alone is removed; its siblings keep running. */
  giveUpChild(entry2, actor) {
    this.dropEntry(entry2);
    const gaveUp = { supervisor: this.name, id: idOf(entry2), name: entry2.spec.name, error: entry2.lastError, restarts: entry2.restarts };
    this.events.emit("childGaveUp", { ...gaveUp, ref: actor });
    tellParent(this.self, { type: "overseer.childGaveUp", ...gaveUp });
    this.reportRestartsDone();
  }
  /** Waits out the child's `restartDelay` (shown as `restarting`), then restarts it; false if it has none. */
  restartLater(entry2, n) {
    const delay = restartDelayOf(entry2, n);
    if (delay === void 0) return false;
    this.table.markRestarting(entry2, true);
    const due = () => this.shutdownRequested || !this.table.holds(entry2) || !entry2.restarting ? void 0 : this.restartGroup(entry2);
    scheduleRestart(entry2, delay, () => this.enqueue(due).catch(() => void 0));
    return true;
  }
  /**
   * Restarts the group the strategy names, or reports the failed start. A one_for_one restart
   * of a child with no notion of starting is done within this call: no promise hop.
   */
  restartGroup(crashed) {
    if (this.options.strategy !== "one_for_one") {
      return this.restartGroupInOrder(crashed).then(
        (failed) => failed !== void 0 ? this.restartFailed(failed.entry, failed.error) : this.reportRestartsDone()
      );
    }
    let started;
    try {
      started = this.startEntry(crashed, "childRestarted");
    } catch (error) {
      return this.restartFailed(crashed, error);
    }
    if (!(started instanceof Promise)) return this.reportRestartsDone();
    return started.then(
      () => this.reportRestartsDone(),
      (error) => this.restartFailed(crashed, error)
    );
  }
  /** OTP retries a failed restart as a new message, counting it as another restart. */
  async restartFailed(entry2, error) {
    if (this.finished || error instanceof SupervisorNotRunningError) return;
    this.table.markRestarting(entry2, true);
    this.events.emit("childStartFailed", { supervisor: this.name, id: idOf(entry2), error });
    const n = recordChildRestart(entry2, this.options.period, now());
    entry2.lastError = error;
    if (beyondOwnLimit(entry2, n)) return this.giveUpChild(entry2, void 0);
    const restarts = entry2.spec.childRestarts === void 0 ? this.window.record(now()) : this.window.count(now());
    const shuttingDown = this.decide({ type: "supervisor.restartFailed", restarts });
    if (shuttingDown !== void 0) return shuttingDown;
    if (this.currentPhase !== "restarting") return;
    if (this.restartLater(entry2, n)) return;
    await new Promise((resolve2) => setImmediate(resolve2));
    this.enqueue(async () => {
      if (this.shutdownRequested || !this.table.holds(entry2) || !entry2.restarting) return;
      await this.restartGroup(entry2);
    }).catch(() => void 0);
  }
  /** @internal Back to `running` once no child waits for a retried restart. */
  reportRestartsDone() {
    if (this.currentPhase === "restarting" && !this.table.anyRestarting()) this.self.send({ type: "supervisor.restarted", [FACT]: true });
  }
  /**
   * one_for_all and rest_for_one: terminates the bystanders the strategy names (reverse start
   * order), then starts the crashed child and them again in start order. Returns the entry that failed to start.
   */
  async restartGroupInOrder(crashed) {
    const all = this.table.entries();
    let group = this.options.strategy === "one_for_all" ? all : all.slice(all.indexOf(crashed));
    for (const entry2 of [...group].reverse()) {
      if (entry2 === crashed || entry2.actor === void 0) continue;
      await this.terminateEntry(entry2);
      if (entry2.spec.restart === "temporary") this.dropEntry(entry2);
    }
    group = group.filter((entry2) => this.table.holds(entry2));
    for (const entry2 of group) {
      if (this.shutdownRequested) return void 0;
      try {
        this.names.claim(entry2);
        const started = this.startEntry(entry2, "childRestarted");
        if (started instanceof Promise) await started;
      } catch (error) {
        return { entry: entry2, error };
      }
    }
    return void 0;
  }
  /** Terminates every child (reverse start order; in parallel for a dynamic supervisor), then stops. */
  async shutdown(cause) {
    if (this.finished) return;
    const entries = this.table.entries();
    for (const entry2 of entries) cancelDelayedRestart(entry2);
    if (this.isDynamic) {
      await Promise.all(entries.map((entry2) => this.terminateEntry(entry2)));
    } else {
      for (const entry2 of entries.reverse()) await this.terminateEntry(entry2);
    }
    this.table.clear();
    this.finish({ reason: "shutdown", cause }, true);
  }
  finish(exit, tellMachine) {
    if (this.finished) return;
    this.names.goneAll();
    this.finished = true;
    this.events.emit("stopped", { supervisor: this.name, exit });
    if (tellMachine) this.self.send({ type: "supervisor.stopped", exit, [FACT]: true });
    this.settle(exit);
  }
  refuseStart(error) {
    this.rejectReady(error);
    return error;
  }
  /** The supervisor is gone: every promise and observer it holds is released. */
  settle(exit) {
    this.finished = true;
    this.inspection?.unsubscribe();
    this.resolveExited(exit);
  }
};

// supervisor/supervisor.machine.ts
var cores = /* @__PURE__ */ new WeakMap();
function supervisorCoreOf(ref) {
  return cores.get(ref);
}
function coreOf(ref) {
  const core = cores.get(ref);
  if (core === void 0) throw new Error("overseer: this supervisor actor has no core (was it restored from a snapshot?)");
  return core;
}
var supervisorMachine = setup({
  types: {
    context: {},
    input: {},
    events: {},
    output: {}
  },
  actors: {
    init: fromPromise(({ input }) => coreOf(input).init()),
    // Hears a forced stop. A supervisor restored from a persisted snapshot has no core (no child
    // table): it fails as it starts, rather than on its first event.
    lifeline: fromCallback(({ self }) => {
      const core = coreOf(self._parent);
      return () => core.onActorStopped();
    })
  },
  guards: {
    // Every fact carries the core's mark; an event a child sent under a fact's name is ignored.
    fromCore: ({ event }) => FACT in event,
    restartWanted: ({ event }) => FACT in event && event.type === "supervisor.childExited" && event.restart,
    restartWithinIntensity: ({ context, event }) => FACT in event && event.type === "supervisor.childExited" && event.restart && event.restarts <= context.intensity,
    withinIntensity: ({ context, event }) => FACT in event && "restarts" in event && event.restarts <= context.intensity,
    autoShutdown: ({ context, event }) => FACT in event && event.type === "supervisor.childExited" && !event.restart && event.significant && (context.autoShutdown === "any_significant" || context.autoShutdown === "all_significant" && event.significantLeft === 0),
    shutdownPending: ({ context }) => context.cause !== void 0
  },
  actions: {
    requestedBy: assign({ cause: ({ context }) => context.cause ?? "requested" }),
    gaveUp: assign({ cause: "reached_max_restart_intensity" }),
    autoShutdown: assign({ cause: "auto_shutdown" }),
    shutDown: ({ context, self }) => coreOf(self).onShuttingDown(context.cause ?? "requested"),
    announce: ({ event, self }) => cores.get(self)?.onMessage(event),
    forward: enqueueActions(({ enqueue, event, self }) => {
      const parent = self._parent;
      if (parent !== void 0) enqueue.sendTo(parent, event);
    }),
    rethrow: ({ event }) => {
      throw event.error;
    }
  }
}).createMachine({
  id: "supervisor",
  context: ({ input, self }) => {
    cores.set(self, new SupervisorCore(input, self));
    return {
      name: input.name,
      strategy: input.strategy,
      dynamic: input.dynamic,
      intensity: input.intensity,
      period: input.period,
      autoShutdown: input.autoShutdown,
      cause: void 0,
      exit: void 0
    };
  },
  invoke: { src: "lifeline", onError: { actions: "rethrow" } },
  on: {
    // Children's done/error events and facts that arrive after the decision they could change.
    "xstate.*": {},
    "supervisor.*": {},
    [SHUTDOWN_EVENT]: {},
    "*": { actions: ["announce", "forward"] }
  },
  initial: "starting",
  states: {
    starting: {
      tags: [STARTING_TAG],
      invoke: {
        src: "init",
        input: ({ self }) => self,
        onDone: [{ guard: "shutdownPending", target: "shuttingDown" }, { target: "running" }],
        onError: { actions: "rethrow" }
      },
      // Asked to stop while the initial children start: finish starting, then shut down.
      on: { [SHUTDOWN_EVENT]: { actions: "requestedBy" } }
    },
    running: {
      on: {
        [SHUTDOWN_EVENT]: { target: "shuttingDown", actions: "requestedBy" },
        "supervisor.childExited": [
          { guard: "restartWithinIntensity", target: "restarting" },
          { guard: "restartWanted", target: "shuttingDown", actions: "gaveUp" },
          { guard: "autoShutdown", target: "shuttingDown", actions: "autoShutdown" }
        ]
      }
    },
    restarting: {
      on: {
        [SHUTDOWN_EVENT]: { target: "shuttingDown", actions: "requestedBy" },
        "supervisor.childExited": [
          { guard: "restartWithinIntensity" },
          { guard: "restartWanted", target: "shuttingDown", actions: "gaveUp" },
          { guard: "autoShutdown", target: "shuttingDown", actions: "autoShutdown" }
        ],
        // OTP counts a failed restart as another restart, and retries it.
        "supervisor.restartFailed": [
          { guard: "withinIntensity" },
          { guard: "fromCore", target: "shuttingDown", actions: "gaveUp" }
        ],
        "supervisor.restarted": { guard: "fromCore", target: "running" }
      }
    },
    shuttingDown: {
      entry: "shutDown",
      on: { "supervisor.stopped": { guard: "fromCore", target: "stopped", actions: assign({ exit: ({ event }) => event.exit }) } }
    },
    stopped: { type: "final" }
  },
  output: ({ context }) => context.exit ?? { reason: "shutdown", cause: "requested" }
});

// supervisor/handle.ts
var SupervisorHandle = class {
  /** @internal */
  constructor(originCore, origin) {
    this.originCore = originCore;
    this.origin = origin;
  }
  originCore;
  origin;
  /**
   * The supervisor's actor; its `system` is the whole tree's actor system. A handle of a nested
   * supervisor follows its restarts: this is always the current incarnation's actor.
   *
   * @example
   * ```ts
   * sup.actor.system.get('cache');
   * ```
   */
  get actor() {
    return currentIncarnation(this.origin);
  }
  /** @internal The current incarnation's core. */
  get core() {
    const actor = currentIncarnation(this.origin);
    return actor === this.origin ? this.originCore : supervisorCoreOf(actor) ?? this.originCore;
  }
  /**
   * The supervisor's name (from options, or `supervisor-<nanoid>`).
   *
   * @example
   * ```ts
   * sup.name; // 'root'
   * ```
   */
  get name() {
    return this.core.name;
  }
  /**
   * Typed events: childStarted, childExited, childRestarted, childTerminated, childStartFailed,
   * messageReceived, gaveUp, stopped, heldEventsDropped, childGaveUp.
   *
   * @example
   * ```ts
   * sup.events.on('childRestarted', ({ id }) => console.log('restarted', id));
   * ```
   */
  get events() {
    return this.core.events;
  }
  /**
   * The supervisor machine's state: `starting`, `running`, `restarting`, `shuttingDown` or `stopped`.
   *
   * @example
   * ```ts
   * if (sup.phase === 'restarting') console.log('healing');
   * ```
   */
  get phase() {
    return this.core.currentPhase;
  }
  /**
   * How much of the restart intensity is used: the restarts inside the last `period` ms. The
   * supervisor gives up when a restart would take this above `intensity`.
   *
   * @example
   * ```ts
   * const sup = await startSupervisor({ intensity: 3, period: 5000, children });
   * if (sup.restartsInPeriod >= 2) console.warn(`${sup.name}: one more crash within 5 s and it gives up`);
   * ```
   */
  get restartsInPeriod() {
    return this.core.restartsInPeriod;
  }
  /**
   * Resolves once the supervisor stopped, with why: it never rejects.
   *
   * @example
   * ```ts
   * const { cause } = await sup.exited; // 'requested', 'reached_max_restart_intensity', ...
   * ```
   */
  get exited() {
    return this.core.exited;
  }
  /**
   * Lists children in start order: id, current actor (or `undefined` / `'restarting'`), type,
   * name, how often the supervisor restarted it and how its previous incarnation ended.
   *
   * @example
   * ```ts
   * for (const { id, ref } of sup.whichChildren()) console.log(id, ref === undefined ? 'terminated' : 'up');
   * ```
   */
  whichChildren() {
    return this.core.table.which();
  }
  /**
   * Counts specs, running children, supervisors and workers.
   *
   * @example
   * ```ts
   * sup.countChildren(); // { specs: 3, active: 3, supervisors: 1, workers: 2 }
   * ```
   */
  countChildren() {
    return this.core.table.count();
  }
  /**
   * Sends `event` to the child named `name` (its spec's `name`): its current incarnation gets it,
   * whatever restarts happened since the call that gave you a ref. While the child restarts, the
   * event is held (in order, up to the spec's `maxHeldEvents`, default 1000) and handed to the next
   * incarnation first. Returns `'delivered'` or `'held'`; throws `NameNotRegisteredError` when no
   * child of this supervisor holds the name (never started, or gone for good) and
   * `HeldEventsFullError` when the held events are at their bound. Never drops an event silently.
   *
   * @example
   * ```ts
   * const sup = await startSupervisor({ children: [{ id: 'payment', name: 'payment', logic: paymentMachine }] });
   * sup.send('payment', { type: 'CHARGE', amount: 42 }); // 'delivered'
   * ```
   */
  send(name, event) {
    return this.core.names.send(name, event);
  }
  /**
   * The current actor of a child, by its `name` or (static supervisor) its id; `undefined` while it
   * restarts or once it is gone. Ask again after a restart rather than keeping the ref.
   *
   * @example
   * ```ts
   * sup.child('payment')?.getSnapshot().value; // 'idle'
   * ```
   */
  child(nameOrId) {
    const entry2 = this.core.names.entryOf(nameOrId) ?? this.core.table.find(nameOrId);
    return entry2 === void 0 || entry2.restarting ? void 0 : entry2.actor;
  }
  /**
   * Stops the supervisor gracefully: children are terminated in reverse start order (in parallel
   * for a dynamic supervisor). Idempotent: every call returns the same exit.
   *
   * @example
   * ```ts
   * const exit = await sup.stop(); // { reason: 'shutdown', cause: 'requested' }
   * ```
   */
  stop() {
    return this.core.requestShutdown();
  }
};

// supervisor/live-roots.ts
var roots = /* @__PURE__ */ new Set();
var listeners = /* @__PURE__ */ new Set();
var collected = new FinalizationRegistry((ref) => roots.delete(ref));
function registerLiveRoot(actor) {
  const ref = new WeakRef(actor);
  roots.add(ref);
  collected.register(actor, ref, ref);
  const forget = () => {
    roots.delete(ref);
    collected.unregister(ref);
  };
  actor.subscribe({ complete: forget, error: forget });
  for (const listener of listeners) {
    try {
      listener(actor);
    } catch {
    }
  }
}
function onLiveRoot(listener) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
function liveRoots() {
  const alive = [];
  for (const ref of roots) {
    const actor = ref.deref();
    if (actor !== void 0 && actor.getSnapshot().status === "active") alive.push(actor);
    else {
      roots.delete(ref);
      collected.unregister(ref);
    }
  }
  return alive;
}

// supervisor/child-admin.ts
function startChild(core, spec) {
  const normalized = normalizeChild(spec, "child", { requireId: !core.isDynamic });
  checkSignificant(normalized, core.options.autoShutdown, "child");
  if (core.isDynamic && normalized.significant) {
    throw new InvalidOptionError("child.significant", true, "false (a dynamic supervisor has no significant children)");
  }
  checkChildRestarts(normalized.childRestarts, core.isDynamic, "child");
  inputFor(core.options, normalized);
  return core.enqueue(async () => {
    const { table } = core;
    if (!core.isDynamic) {
      const existing = table.get(normalized.id);
      if (existing !== void 0) {
        return existing.actor !== void 0 ? { ok: false, reason: "already_started", ref: existing.actor } : { ok: false, reason: "already_present" };
      }
    } else if (table.size >= core.options.maxChildren) {
      return { ok: false, reason: "max_children" };
    }
    const key = core.isDynamic ? `${normalized.id ?? "child"}#${core.nextKey++}` : normalized.id;
    const entry2 = table.add(key, normalized);
    try {
      core.names.claim(entry2);
    } catch (error) {
      table.delete(key);
      throw error;
    }
    try {
      return { ok: true, ref: await core.startEntry(entry2, "childStarted") };
    } catch (error) {
      table.delete(key);
      core.names.gone(entry2);
      return { ok: false, reason: "start_failed", error };
    }
  });
}
function terminateChild(core, idOrRef) {
  return core.enqueue(async () => {
    const entry2 = core.table.find(idOrRef);
    if (entry2 === void 0) return { ok: false, reason: "not_found" };
    core.table.markRestarting(entry2, false);
    await core.terminateEntry(entry2);
    core.names.gone(entry2);
    if (core.isDynamic || entry2.spec.restart === "temporary") core.table.delete(entry2.key);
    core.reportRestartsDone();
    return { ok: true };
  });
}
function restartChild(core, id) {
  return core.enqueue(async () => {
    const entry2 = core.table.get(id);
    if (entry2 === void 0) return { ok: false, reason: "not_found" };
    if (entry2.actor !== void 0) return { ok: false, reason: "running" };
    if (entry2.restarting) return { ok: false, reason: "restarting" };
    try {
      core.names.claim(entry2);
      return { ok: true, ref: await core.startEntry(entry2, "childStarted") };
    } catch (error) {
      core.names.gone(entry2);
      return { ok: false, reason: "start_failed", error };
    }
  });
}
function deleteChild(core, id) {
  return core.enqueue(async () => {
    const entry2 = core.table.get(id);
    if (entry2 === void 0) return { ok: false, reason: "not_found" };
    if (entry2.actor !== void 0) return { ok: false, reason: "running" };
    if (entry2.restarting) return { ok: false, reason: "restarting" };
    core.table.delete(id);
    return { ok: true };
  });
}
function startRootActor(logic, input, inspect) {
  const actor = createActor(logic, { input, ...inspect === void 0 ? {} : { inspect } });
  actor.subscribe({ error: () => void 0 });
  registerLiveRoot(actor);
  actor.start();
  return actor;
}
function startLinkedActor(logic, input, parent, id) {
  const actor = createActor(logic, { input, parent, id });
  markOverseerParent(parent);
  actor.subscribe({ error: () => void 0 });
  actor.start();
  return actor;
}

// supervisor/supervisor.ts
var Supervisor = class extends SupervisorHandle {
  /**
   * The current actor of a child by name or id, typed by the child's logic when the supervisor was
   * started with typed children (`defineChild`, or an inline `children` array); `undefined` while
   * it restarts or once it is gone.
   *
   * @example
   * ```ts
   * sup.child('payment')?.send({ type: 'RETRY' }); // a compile error for an event paymentMachine does not take
   * ```
   */
  child(nameOrId) {
    return super.child(nameOrId);
  }
  /**
   * Sends to a named child's current incarnation (held while it restarts); the event is checked
   * against the child's logic when the children are typed. See {@link SupervisorHandle.send}.
   *
   * @example
   * ```ts
   * sup.send('payment', { type: 'CHARGE', amount: 42 }); // 'delivered' | 'held'
   * ```
   */
  send(name, event) {
    return super.send(name, event);
  }
  /**
   * The children in start order; with typed children each row's `ref` is typed by its logic
   * (narrow on `id`). See {@link SupervisorHandle.whichChildren}.
   *
   * @example
   * ```ts
   * for (const row of sup.whichChildren()) if (row.id === 'payment' && typeof row.ref === 'object') row.ref.send({ type: 'RETRY' });
   * ```
   */
  whichChildren() {
    return super.whichChildren();
  }
  /**
   * Starts a new child and appends it to the start order.
   *
   * @example
   * ```ts
   * const r = await sup.startChild({ id: 'cache', logic: cacheMachine });
   * if (!r.ok && r.reason === 'already_started') console.log('running as', r.ref.id);
   * ```
   */
  startChild(spec) {
    try {
      return startChild(this.core, spec);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  /**
   * Stops a child by id (per its `shutdown`) and keeps its spec, unless it is temporary.
   * Terminating a terminated child is fine.
   *
   * @example
   * ```ts
   * await sup.terminateChild('cache'); // { ok: true }
   * ```
   */
  terminateChild(id) {
    return terminateChild(this.core, id);
  }
  /**
   * Starts a terminated child again from its kept spec.
   *
   * @example
   * ```ts
   * await sup.terminateChild('cache');
   * const r = await sup.restartChild('cache'); // { ok: true, ref: <new actor> }
   * ```
   */
  restartChild(id) {
    return restartChild(this.core, id);
  }
  /**
   * Deletes a terminated child's spec.
   *
   * @example
   * ```ts
   * await sup.deleteChild('cache'); // { ok: false, reason: 'running' } while it runs
   * ```
   */
  deleteChild(id) {
    return deleteChild(this.core, id);
  }
  /**
   * The child's spec with defaults filled in, or `undefined`.
   *
   * @example
   * ```ts
   * sup.getChildSpec('cache')?.shutdown; // 5000
   * ```
   */
  getChildSpec(id) {
    return this.core.table.specOf(id);
  }
};
async function startSupervisor(options) {
  const normalized = normalizeSupervisorOptions(options, `supervisor-${nanoid(8)}`);
  return await startSupervisorActor(normalized, Supervisor);
}
async function startSupervisorActor(normalized, Handle, link) {
  const actor = link === void 0 ? startRootActor(supervisorMachine, normalized, normalized.inspect) : startLinkedActor(supervisorMachine, normalized, link.parent, link.id);
  const core = supervisorCoreOf(actor);
  await core.ready;
  return new Handle(core, actor);
}
function supervisorSpec(id, options, spec = {}) {
  checkSpecArguments(id, options, spec);
  const input = normalizeSupervisorOptions(options, options.name ?? id);
  return { ...spec, type: "supervisor", id, logic: supervisorMachine, input };
}
function getSupervisor(ref) {
  if (ref === void 0 || ref === "restarting") return void 0;
  const core = supervisorCoreOf(ref);
  return core === void 0 || core.isDynamic ? void 0 : new Supervisor(core, ref);
}

// src/errors.ts
var QueueFullError = class extends OverseerError {
  pool;
  maxQueueSize;
  constructor(pool, maxQueueSize) {
    super("ERR_QUEUE_FULL", `Pool "${pool}" refused the task: its queue is full (maxQueueSize ${maxQueueSize}).`);
    this.pool = pool;
    this.maxQueueSize = maxQueueSize;
  }
};
var CircuitOpenError = class extends OverseerError {
  pool;
  state;
  retryAt;
  constructor(pool, state, retryAt) {
    const when = retryAt === void 0 ? "" : ` until ${new Date(retryAt).toISOString()}`;
    super(
      "ERR_CIRCUIT_OPEN",
      state === "open" ? `Pool "${pool}" refused the task: its circuit breaker is open${when}.` : `Pool "${pool}" refused the task: its circuit breaker is half-open and every probe slot is taken.`
    );
    this.pool = pool;
    this.state = state;
    this.retryAt = retryAt;
  }
};
var PoolClosedError = class extends OverseerError {
  pool;
  constructor(pool, detail = "it is closed") {
    super("ERR_POOL_CLOSED", `Pool "${pool}": ${detail}.`);
    this.pool = pool;
  }
};
var PoolFailedError = class extends OverseerError {
  pool;
  constructor(pool, cause) {
    const detail = cause instanceof Error ? `: ${cause.message}` : "";
    super("ERR_POOL_FAILED", `Pool "${pool}" has failed: its workers crashed more often than the restart intensity allows${detail}.`, { cause });
    this.pool = pool;
  }
};
var PoolRecoveringError = class extends OverseerError {
  pool;
  retryAt;
  attempt;
  constructor(pool, cause, retryAt, attempt) {
    const detail = cause instanceof Error ? ` (${cause.message})` : "";
    super(
      "ERR_POOL_RECOVERING",
      `Pool "${pool}" is recovering: its workers crashed more often than the restart intensity allows${detail}; it takes work again from ${new Date(retryAt).toISOString()}.`,
      { cause }
    );
    this.pool = pool;
    this.retryAt = retryAt;
    this.attempt = attempt;
  }
};
var TaskTimeoutError = class extends OverseerError {
  taskId;
  timeout;
  constructor(taskId, timeout) {
    super("ERR_TASK_TIMEOUT", `Task ${taskId} timed out after ${timeout} ms.`);
    this.taskId = taskId;
    this.timeout = timeout;
  }
};
var TaskCancelledError = class extends OverseerError {
  taskId;
  constructor(taskId) {
    super("ERR_TASK_CANCELLED", `Task ${taskId} was cancelled.`);
    this.taskId = taskId;
  }
};
var WorkerCrashError = class extends OverseerError {
  workerId;
  taskId;
  /** The exit code of a thread-pool worker's thread or process that exited. */
  exitCode;
  /** The signal that killed a thread-pool worker's process (`isolation: 'process'`), e.g. `SIGSEGV`. */
  signal;
  constructor(workerId, taskId, cause, exitCode, signal, isolation = "thread") {
    const how = signal !== void 0 ? `crashed (${isolation} killed by ${signal})` : exitCode === void 0 ? "crashed" : `crashed (${isolation} exit code ${exitCode})`;
    super("ERR_WORKER_CRASH", `Worker ${workerId} ${how}${taskId === void 0 ? "" : ` while running task ${taskId}`}.`, { cause });
    this.workerId = workerId;
    this.taskId = taskId;
    this.exitCode = exitCode;
    this.signal = signal;
  }
};
var hosts = /* @__PURE__ */ new WeakMap();
function poolHostOf(ref) {
  return hosts.get(ref);
}
function hostOf(ref) {
  const host = hosts.get(ref);
  if (host === void 0) throw new Error("overseer: this pool actor has no data plane (was it restored from a snapshot?)");
  return host;
}
var poolMachine = setup({
  types: {
    context: {},
    input: {},
    events: {},
    output: {}
  },
  actors: {
    drain: fromPromise(
      ({ input }) => hostOf(input.self).drain(input.timeout)
    ),
    stopActors: fromPromise(({ input }) => hostOf(input).stopActors()),
    recover: fromPromise(({ input, signal }) => hostOf(input).recover(signal)),
    // Starts the data plane when the machine starts and hears a forced stop. An invoked actor,
    // not an entry action: creating the child actors inside an action would run their setup in
    // the middle of this machine's transition.
    lifeline: fromCallback(({ self }) => {
      const host = hostOf(self._parent);
      host.start();
      return () => host.killed();
    })
  },
  actions: {
    stopAccepting: ({ self, event }) => hostOf(self).stopAccepting(event.type === "pool.terminate" ? "terminated" : "closing"),
    abortTerminated: ({ self }) => hostOf(self).abortAll("terminated"),
    closed: ({ self }) => hostOf(self).closed(),
    failed: ({ self, event }) => hostOf(self).failed(event.error),
    recovering: ({ self, event }) => hostOf(self).recovering(event.error),
    recovered: ({ self }) => hostOf(self).recovered(),
    rethrow: ({ event }) => {
      throw event.error;
    }
  },
  guards: {
    recovers: ({ context }) => context.recovers
  }
}).createMachine({
  id: "pool",
  context: ({ input, self }) => {
    const host = input.open(self);
    hosts.set(self, host);
    return { name: input.name, closeTimeout: void 0, recovers: self._parent === void 0 && host.recovers };
  },
  // A pool restored from a persisted snapshot has no data plane: it fails as it starts.
  invoke: { src: "lifeline", onError: { actions: "rethrow" } },
  on: {
    // Already closing: a parent's shutdown request waits for the close under way.
    [SHUTDOWN_EVENT]: {},
    // The breaker's and the worker supervisor's done/error events: the data plane hears them itself.
    "xstate.*": {}
  },
  initial: "running",
  states: {
    running: {
      on: {
        "pool.close": { target: "closing", actions: assign({ closeTimeout: ({ event }) => event.timeout }) },
        [SHUTDOWN_EVENT]: "closing",
        "pool.terminate": "terminating",
        "pool.workersFailed": [{ guard: "recovers", target: "recovering" }, { target: "failing" }]
      }
    },
    recovering: {
      entry: "recovering",
      invoke: {
        src: "recover",
        input: ({ self }) => self,
        // It never rejects: a new worker supervisor that cannot start reports `pool.workersFailed`.
        onDone: { target: "running", actions: "recovered" }
      },
      on: {
        "pool.close": { target: "closing", actions: assign({ closeTimeout: ({ event }) => event.timeout }) },
        [SHUTDOWN_EVENT]: "closing",
        "pool.terminate": "terminating"
      }
    },
    closing: {
      entry: "stopAccepting",
      invoke: {
        src: "drain",
        input: ({ context, self }) => ({ self, timeout: context.closeTimeout }),
        onDone: [
          {
            guard: ({ event }) => event.output === "timedOut",
            target: "stopping",
            actions: ({ context, self }) => hostOf(self).abortAll({ closeTimedOut: context.closeTimeout ?? 0 })
          },
          { target: "stopping" }
        ]
      },
      on: { "pool.terminate": "terminating", "pool.workersFailed": "failing" }
    },
    terminating: {
      entry: ["stopAccepting", "abortTerminated"],
      always: "stopping"
    },
    stopping: {
      invoke: { src: "stopActors", input: ({ self }) => self, onDone: "closed" },
      // Work abandoned by a timed-out close may still be aborted by a terminate meanwhile.
      on: { "pool.terminate": { actions: "abortTerminated" } }
    },
    closed: { type: "final", entry: "closed", output: { reason: "normal" } },
    failing: {
      entry: "failed",
      invoke: { src: "stopActors", input: ({ self }) => self, onDone: "failed" }
    },
    failed: {
      type: "final",
      output: ({ self }) => ({ reason: "crashed", error: hosts.get(self)?.failure })
    }
  },
  output: ({ event }) => event.output ?? { reason: "normal" }
});

// src/option-checks.ts
function positiveInteger(option, value) {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new InvalidOptionError(option, value, "an integer >= 1");
  }
  return value;
}
function optionalFunction(option, value) {
  if (value !== void 0 && typeof value !== "function") throw new InvalidOptionError(option, value, "a function");
  return value;
}
function booleanOption(option, value, fallback) {
  if (value === void 0) return fallback;
  if (typeof value !== "boolean") throw new InvalidOptionError(option, value, "true or false");
  return value;
}
function positiveMs(option, value) {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError(option, value, "a finite number of ms > 0");
  }
  return value;
}
function timerMs(option, value) {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new InvalidOptionError(option, value, `a number of ms > 0 and at most ${MAX_TIMER_MS} (about 24.8 days)`);
  }
  return value;
}

// src/breaker-options.ts
var BREAKER_OPTIONS = ["failureThreshold", "failureRate", "cooldown", "backoff", "halfOpenMaxCalls", "successThreshold", "isFailure"];
function normalizeBreakerOptions(options) {
  if (options === false) return false;
  const o = options ?? {};
  checkOptions(o, "circuitBreaker", BREAKER_OPTIONS);
  const failureThreshold = positiveInteger("circuitBreaker.failureThreshold", o.failureThreshold ?? 5);
  let rateThreshold;
  let rateWindow = 0;
  let rateMinimumCalls = 0;
  if (o.failureRate !== void 0) {
    const rate = o.failureRate;
    checkOptions(rate, "circuitBreaker.failureRate", ["threshold", "window", "minimumCalls"]);
    if (typeof rate.threshold !== "number" || !(rate.threshold > 0 && rate.threshold <= 1)) {
      throw new InvalidOptionError("circuitBreaker.failureRate.threshold", rate.threshold, "a number in (0, 1]");
    }
    rateThreshold = rate.threshold;
    rateWindow = positiveInteger("circuitBreaker.failureRate.window", rate.window);
    rateMinimumCalls = positiveInteger("circuitBreaker.failureRate.minimumCalls", rate.minimumCalls ?? Math.min(10, rateWindow));
    if (rateMinimumCalls > rateWindow) {
      throw new InvalidOptionError("circuitBreaker.failureRate.minimumCalls", rateMinimumCalls, `at most the window (${rateWindow})`);
    }
  }
  const cooldown = timerMs("circuitBreaker.cooldown", o.cooldown ?? 3e4);
  let backoffMultiplier = 1;
  let maxCooldown = cooldown;
  if (o.backoff !== void 0 && o.backoff !== false) {
    checkOptions(o.backoff, "circuitBreaker.backoff", ["multiplier", "maxCooldown"]);
    backoffMultiplier = o.backoff.multiplier ?? 2;
    if (typeof backoffMultiplier !== "number" || !Number.isFinite(backoffMultiplier) || backoffMultiplier < 1) {
      throw new InvalidOptionError("circuitBreaker.backoff.multiplier", o.backoff.multiplier, "a finite number >= 1");
    }
    maxCooldown = timerMs("circuitBreaker.backoff.maxCooldown", o.backoff.maxCooldown ?? Math.min(cooldown * 10, MAX_TIMER_MS));
    if (maxCooldown < cooldown) throw new InvalidOptionError("circuitBreaker.backoff.maxCooldown", maxCooldown, `at least the cooldown (${cooldown})`);
  }
  return {
    failureThreshold,
    rateThreshold,
    rateWindow,
    rateMinimumCalls,
    cooldown,
    backoffMultiplier,
    maxCooldown,
    halfOpenMaxCalls: positiveInteger("circuitBreaker.halfOpenMaxCalls", o.halfOpenMaxCalls ?? 1),
    successThreshold: positiveInteger("circuitBreaker.successThreshold", o.successThreshold ?? 1),
    isFailure: optionalFunction("circuitBreaker.isFailure", o.isFailure) ?? (() => true)
  };
}

// src/pool/policy-options.ts
var NO_WAIT = Object.freeze({ delay: 0, multiplier: 1, maxDelay: 0, jitter: 0 });
var RECOVERY_BACKOFF = { type: "exponential", delay: 1e3, maxDelay: 3e4 };
function normalizeRetry(value, path) {
  if (value === void 0 || value === false) return void 0;
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new InvalidOptionError(path, value, "{ attempts, backoff?, retryIf? } or false");
  const retry = value;
  checkOptions(retry, path, ["attempts", "backoff", "retryIf"]);
  const attempts = retry.attempts;
  if (typeof attempts !== "number" || !Number.isInteger(attempts) || attempts < 1 || attempts > 1e6) {
    throw new InvalidOptionError(`${path}.attempts`, attempts, "an integer from 1 to 1000000 (tries in all, the first included)");
  }
  if (retry.retryIf !== void 0 && typeof retry.retryIf !== "function") throw new InvalidOptionError(`${path}.retryIf`, retry.retryIf, "a function");
  const backoff = retry.backoff === void 0 ? NO_WAIT : normalizeBackoff(retry.backoff, `${path}.backoff`);
  return { attempts, backoff, retryIf: retry.retryIf };
}
function normalizePolicies(options) {
  const timeoutGrace = options.timeoutGrace ?? 1e3;
  if (typeof timeoutGrace !== "number" || !(timeoutGrace >= 0) || timeoutGrace > MAX_TIMER_MS) {
    throw new InvalidOptionError("timeoutGrace", timeoutGrace, `a number of ms from 0 to ${MAX_TIMER_MS}`);
  }
  return { timeoutGrace, retry: normalizeRetry(options.retry, "retry"), rateLimit: normalizeRateLimit(options.rateLimit), recovery: normalizeRecovery(options.recovery) };
}
function normalizeRateLimit(value) {
  if (value === void 0 || value === false) return void 0;
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new InvalidOptionError("rateLimit", value, "{ limit, interval } or false");
  const rate = value;
  checkOptions(rate, "rateLimit", ["limit", "interval"]);
  if (typeof rate.limit !== "number" || !Number.isInteger(rate.limit) || rate.limit < 1) throw new InvalidOptionError("rateLimit.limit", rate.limit, "an integer >= 1");
  if (typeof rate.interval !== "number" || !Number.isFinite(rate.interval) || rate.interval <= 0 || rate.interval > MAX_TIMER_MS) {
    throw new InvalidOptionError("rateLimit.interval", rate.interval, `a number of ms > 0 and at most ${MAX_TIMER_MS}`);
  }
  return { limit: rate.limit, interval: rate.interval };
}
function normalizeRecovery(value) {
  if (value === false) return false;
  const recovery = value ?? {};
  if (recovery === null || typeof recovery !== "object" || Array.isArray(recovery)) throw new InvalidOptionError("recovery", value, "{ backoff?, resetAfter? } or false");
  checkOptions(recovery, "recovery", ["backoff", "resetAfter"]);
  const resetAfter = recovery.resetAfter ?? 6e4;
  if (typeof resetAfter !== "number" || !(resetAfter >= 0) || resetAfter > MAX_TIMER_MS) {
    throw new InvalidOptionError("recovery.resetAfter", resetAfter, `a number of ms from 0 to ${MAX_TIMER_MS}`);
  }
  return { backoff: normalizeBackoff(recovery.backoff ?? RECOVERY_BACKOFF, "recovery.backoff"), resetAfter };
}

// src/pool/listeners.ts
var POOL_EVENT_NAMES = Object.keys({
  taskQueued: true,
  taskStarted: true,
  taskSucceeded: true,
  taskFailed: true,
  taskTimedOut: true,
  taskCancelled: true,
  taskRetried: true,
  taskRejected: true,
  workerCrashed: true,
  workerRestarted: true,
  workerRetired: true,
  disposeFailed: true,
  circuitOpened: true,
  circuitHalfOpened: true,
  circuitClosed: true,
  drained: true,
  closed: true,
  failed: true,
  recovering: true,
  recovered: true,
  paused: true,
  resumed: true,
  resized: true
});

// src/pool-options.ts
var POOL_SIZE_ENV = "OVERSEER_POOL_SIZE";
var MAX_QUEUE_SIZE_ENV = "OVERSEER_MAX_QUEUE_SIZE";
var POOL_OPTIONS = [
  "name",
  "size",
  "maxQueueSize",
  "taskTimeout",
  "circuitBreaker",
  "intensity",
  "period",
  "signal",
  "handlers",
  "worker",
  "isFatal",
  "wrap",
  "inspect",
  "onListenerError",
  "on",
  "propagateContext",
  "timeoutGrace",
  "retry",
  "rateLimit",
  "recovery"
];
function isAbortSignal(value) {
  if (value === null || typeof value !== "object") return false;
  const signal = value;
  return typeof signal.aborted === "boolean" && typeof signal.addEventListener === "function" && typeof signal.removeEventListener === "function";
}
function fromEnv(variable) {
  const raw = typeof process !== "undefined" ? process.env?.[variable] : void 0;
  if (raw === void 0 || raw.trim() === "") return void 0;
  const text = raw.trim();
  if (text.toLowerCase() === "infinity") return Infinity;
  if (!/^\d+$/.test(text)) throw new InvalidOptionError(variable, raw, "a whole number in decimal digits (or Infinity)");
  return Number(text);
}
var MAX_POOL_SIZE = 1e4;
function poolSize(option, value) {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_POOL_SIZE) {
    throw new InvalidOptionError(option, value, `an integer from 1 to ${MAX_POOL_SIZE}`);
  }
  return value;
}
function normalizePoolOptions(options = {}) {
  checkOptions(options, "", POOL_OPTIONS);
  const name = options.name ?? `pool-${nanoid(8)}`;
  if (typeof name !== "string" || name.length === 0) throw new InvalidOptionError("name", options.name, "a non-empty string");
  const { size, minSize, idleTimeout } = normalizeSize(options.size);
  const maxQueueSize = options.maxQueueSize ?? fromEnv(MAX_QUEUE_SIZE_ENV) ?? 1e3;
  if (typeof maxQueueSize !== "number" || maxQueueSize < 0 || maxQueueSize !== Infinity && !Number.isInteger(maxQueueSize)) {
    throw new InvalidOptionError(options.maxQueueSize === void 0 ? MAX_QUEUE_SIZE_ENV : "maxQueueSize", maxQueueSize, "an integer >= 0 or Infinity");
  }
  const taskTimeout = options.taskTimeout ?? 3e4;
  if (taskTimeout !== false) positiveMs("taskTimeout", taskTimeout);
  const intensity = options.intensity ?? Math.max(3, 2 * size);
  if (typeof intensity !== "number" || !Number.isInteger(intensity) || intensity < 0) {
    throw new InvalidOptionError("intensity", options.intensity, "a finite integer >= 0");
  }
  const period = positiveMs("period", options.period ?? 5e3);
  validateInspect(options.inspect);
  const signal = options.signal;
  if (signal !== void 0 && !isAbortSignal(signal)) throw new InvalidOptionError("signal", signal, "an AbortSignal");
  const handlers = options.handlers ?? {};
  if (handlers === null || typeof handlers !== "object") throw new InvalidOptionError("handlers", handlers, "an object of functions");
  for (const [key, fn] of Object.entries(handlers)) {
    if (typeof fn !== "function") throw new InvalidOptionError(`handlers.${key}`, fn, "a function");
  }
  const worker = options.worker ?? {};
  checkOptions(worker, "worker", ["init", "dispose"]);
  return {
    name,
    size,
    minSize,
    idleTimeout,
    backend: {},
    maxQueueSize,
    taskTimeout,
    breaker: normalizeBreakerOptions(options.circuitBreaker),
    intensity,
    period,
    signal,
    handlers,
    init: optionalFunction("worker.init", worker.init),
    dispose: optionalFunction("worker.dispose", worker.dispose),
    isFatal: optionalFunction("isFatal", options.isFatal),
    wrap: optionalFunction("wrap", options.wrap),
    inspect: options.inspect,
    onListenerError: optionalFunction("onListenerError", options.onListenerError),
    on: checkListeners(options.on, "on", POOL_EVENT_NAMES),
    propagateContext: booleanOption("propagateContext", options.propagateContext, true),
    ...normalizePolicies(options)
  };
}
function normalizeSize(size) {
  if (size === void 0 || typeof size === "number") {
    const fixed = poolSize(size === void 0 ? POOL_SIZE_ENV : "size", size ?? fromEnv(POOL_SIZE_ENV) ?? 10);
    return { size: fixed, minSize: fixed, idleTimeout: 3e4 };
  }
  if (size === null || typeof size !== "object" || Array.isArray(size)) throw new InvalidOptionError("size", size, "a number or { min, max, idleTimeout }");
  checkOptions(size, "size", ["min", "max", "idleTimeout"]);
  const max = poolSize("size.max", size.max);
  const min = size.min ?? 1;
  if (typeof min !== "number" || !Number.isInteger(min) || min < 0 || min > max) {
    throw new InvalidOptionError("size.min", size.min, `an integer from 0 to max (${max})`);
  }
  const idleTimeout = positiveMs("size.idleTimeout", size.idleTimeout ?? 3e4);
  return { size: max, minSize: min, idleTimeout };
}
var breakerMachine = setup({
  types: {
    context: {},
    input: {},
    events: {}
  },
  actions: {
    openFor: assign(({ context }) => {
      const openings = context.openings + 1;
      const currentCooldown = Math.min(context.cooldown * context.backoffMultiplier ** (openings - 1), context.maxCooldown);
      return { openings, currentCooldown, retryAt: Date.now() + currentCooldown };
    }),
    closeUp: assign({ openings: 0, retryAt: void 0 })
  },
  delays: {
    cooldown: ({ context }) => context.currentCooldown
  }
}).createMachine({
  id: "breaker",
  context: ({ input }) => ({ ...input, openings: 0, currentCooldown: input.cooldown, retryAt: void 0 }),
  initial: "closed",
  states: {
    closed: {
      on: {
        "breaker.failuresExceeded": { target: "open", actions: "openFor" },
        "breaker.forceOpen": { target: "open", actions: "openFor" }
      }
    },
    open: {
      after: { cooldown: "halfOpen" },
      on: {
        "breaker.forceOpen": { target: "open", reenter: true, actions: "openFor" },
        "breaker.reset": { target: "closed", actions: "closeUp" }
      }
    },
    halfOpen: {
      on: {
        "breaker.probesSucceeded": { target: "closed", actions: "closeUp" },
        "breaker.probeFailed": { target: "open", actions: "openFor" },
        "breaker.forceOpen": { target: "open", actions: "openFor" },
        "breaker.reset": { target: "closed", actions: "closeUp" }
      }
    }
  }
});
var startups = /* @__PURE__ */ new WeakMap();
var hosts2 = /* @__PURE__ */ new WeakMap();
function hostOf2(self) {
  return hosts2.get(self);
}
var workerMachine = setup({
  types: {
    context: {},
    input: {},
    events: {},
    output: {}
  },
  actors: {
    init: fromPromise(async ({ input, signal }) => {
      const { id } = input.getSnapshot().context;
      const startup = new AbortController();
      const onStopped = () => startup.abort(signal.reason);
      signal.addEventListener("abort", onStopped, { once: true });
      startups.set(input, startup);
      try {
        await hostOf2(input).initResource(id, startup.signal);
      } finally {
        signal.removeEventListener("abort", onStopped);
        startups.delete(input);
      }
      if (signal.aborted) await hostOf2(input).disposeResource(id);
    }),
    dispose: fromPromise(({ input }) => hostOf2(input).disposeResource(input.getSnapshot().context.id))
  },
  actions: {
    ready: ({ context, self }) => hostOf2(self).workerReady(context.id, context.slot, self),
    disposeInBackground: ({ context, self }) => void hostOf2(self).disposeResource(context.id),
    abortStartup: ({ self }) => startups.get(self)?.abort(new Error("overseer: the worker was asked to stop while it was starting"))
  }
}).createMachine({
  id: "worker",
  context: ({ input, self }) => {
    hosts2.set(self, input.host);
    return { id: `${input.pool}/${input.slot}.${nanoid(8)}`, slot: input.slot, stopRequested: false };
  },
  initial: "starting",
  states: {
    starting: {
      invoke: {
        src: "init",
        input: ({ self }) => self,
        onDone: [
          // Asked to stop while init ran: release what init just made instead of leaking it.
          { guard: ({ context }) => context.stopRequested, target: "stopping" },
          { target: "idle", actions: "ready" }
        ],
        onError: [
          { guard: ({ context }) => context.stopRequested, target: "stopped" },
          { target: "crashed" }
        ]
      },
      // Tell init to give up, and wait for it (the supervisor bounds the wait with the child's
      // shutdown time): an init that ignores its signal finishes, and what it made is released.
      on: { [SHUTDOWN_EVENT]: { actions: [assign({ stopRequested: true }), "abortStartup"] } }
    },
    idle: {
      on: {
        "worker.assigned": "busy",
        "worker.faulted": "crashed",
        [SHUTDOWN_EVENT]: "stopping"
      }
    },
    busy: {
      on: {
        "worker.released": "idle",
        "worker.faulted": "crashed",
        [SHUTDOWN_EVENT]: "stopping"
      }
    },
    crashed: {
      type: "final",
      entry: "disposeInBackground",
      output: ({ event }) => ({ reason: "crashed", error: event.error })
    },
    stopping: {
      invoke: { src: "dispose", input: ({ self }) => self, onDone: "stopped", onError: "stopped" }
    },
    stopped: { type: "final", output: { reason: "normal" } }
  },
  output: ({ event }) => event.output ?? { reason: "normal" }
});

// src/task-record.ts
var QUEUED = 0;
var RUNNING = 1;
var SETTLED = 2;
var WAITING = 3;
var capturedResolve;
var capturedReject;
function capture(resolve2, reject) {
  capturedResolve = resolve2;
  capturedReject = reject;
}
var TaskRecord = class {
  constructor(idPrefix, seq, fn, priority, timeoutMs, now3, onCancel) {
    this.idPrefix = idPrefix;
    this.seq = seq;
    this.fn = fn;
    this.timeoutMs = timeoutMs;
    this.onCancel = onCancel;
    this.priority = priority;
    this.enqueuedAt = now3;
  }
  idPrefix;
  seq;
  fn;
  timeoutMs;
  onCancel;
  // queue links while queued; deadline-list links while running
  priority;
  prev = void 0;
  next = void 0;
  level = void 0;
  deadline = 0;
  deadlineList = void 0;
  // breaker ticket
  generation = 0;
  probe = false;
  // lifecycle
  state = QUEUED;
  worker = void 0;
  /** Timer of a per-task `timeout` (a deadline from submission); default timeouts use deadline lists. */
  timer = void 0;
  enqueuedAt;
  startedAt = 0;
  /** `SubmitOptions.label`. */
  label = void 0;
  /** Set when the task may be tried again (`retry`). */
  retry = void 0;
  removeAbortListener = void 0;
  /** The submitter's async context, for a task that waits in the queue (see `propagateContext`). */
  scope = void 0;
  // outcome
  ok = false;
  value = void 0;
  promise = void 0;
  resolveFn = void 0;
  rejectFn = void 0;
  controller = void 0;
  abortReason = void 0;
  aborted = false;
  /** Built on demand: most tasks never need their id as a string. */
  get id() {
    return `${this.idPrefix}-${this.seq}`;
  }
  // ---- TaskContext
  get signal() {
    if (this.controller === void 0) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }
  get workerId() {
    return this.worker?.id ?? "";
  }
  get resource() {
    return this.worker?.resource;
  }
  get taskId() {
    return this.id;
  }
  // ---- TaskHandle
  get result() {
    if (this.promise === void 0) {
      if (this.state === SETTLED) {
        this.promise = this.ok ? Promise.resolve(this.value) : Promise.reject(this.value);
      } else {
        this.promise = new Promise(capture);
        this.resolveFn = capturedResolve;
        this.rejectFn = capturedReject;
      }
    }
    return this.promise;
  }
  cancel(reason) {
    return this.onCancel(this, reason);
  }
  // ---- pool side
  /** Aborts `ctx.signal` (creating it lazily later if nobody has read it yet). */
  abort(reason) {
    if (this.aborted) return;
    this.aborted = true;
    this.abortReason = reason;
    this.controller?.abort(reason);
  }
  /**
   * Readies the task for its next try: off its worker, waiting, and with a fresh `ctx.signal`
   * (the failed try's signal is aborted with `abortReason` when given: a timed-out try must stop).
   */
  nextAttempt(abortReason) {
    if (abortReason !== void 0) this.controller?.abort(abortReason);
    this.controller = void 0;
    this.aborted = false;
    this.abortReason = void 0;
    this.state = WAITING;
    this.worker = void 0;
  }
  /** Settles the handle; the caller has already checked `state !== SETTLED`. */
  settle(ok, value) {
    this.state = SETTLED;
    this.ok = ok;
    this.value = value;
    if (this.removeAbortListener !== void 0) {
      this.removeAbortListener();
      this.removeAbortListener = void 0;
    }
    if (ok) this.resolveFn?.(value);
    else this.rejectFn?.(value);
    this.resolveFn = void 0;
    this.rejectFn = void 0;
  }
};
function createWorkerRecord(id, slot, ref, resource, resume) {
  const worker = {
    id,
    slot,
    ref,
    resource,
    idleSince: 0,
    task: void 0,
    alive: true,
    releasePending: false,
    lingering: void 0,
    reserved: void 0,
    onFulfilled: (value) => resume(worker, true, value),
    onRejected: (error) => resume(worker, false, error)
  };
  return worker;
}

// src/pool/idle-workers.ts
var ASSIGNED = { type: "worker.assigned" };
var RELEASED = { type: "worker.released" };
function tell(worker, event) {
  if (worker.ref.getSnapshot().status === "active") worker.ref.send(event);
}
var IdleWorkers = class {
  constructor(view) {
    this.view = view;
  }
  view;
  stack = [];
  pending = [];
  releaseTimer;
  retireTimer;
  get size() {
    return this.stack.length;
  }
  /** The most recently parked worker. */
  pop() {
    return this.stack.pop();
  }
  /** A worker that just finished `init` joins the stack; its machine is already `idle`. */
  add(worker) {
    worker.idleSince = Date.now();
    this.stack.push(worker);
  }
  /** The worker has nothing to do: busy → idle. */
  park(worker) {
    this.add(worker);
    worker.releasePending = true;
    this.pending.push(worker);
    if (this.releaseTimer === void 0) this.releaseTimer = setImmediate(this.flush);
    this.scheduleRetire();
  }
  /** idle → busy: a worker whose release is still pending never left `busy`, so it needs no event. */
  assign(worker) {
    if (worker.releasePending) worker.releasePending = false;
    else tell(worker, ASSIGNED);
  }
  /** Takes `worker` off the stack if it is there. */
  remove(worker) {
    const index = this.stack.indexOf(worker);
    if (index >= 0) this.stack.splice(index, 1);
  }
  /** Empties the stack and stops both timers (the pool is stopping). */
  clear() {
    this.stack.length = 0;
    if (this.releaseTimer !== void 0) clearImmediate(this.releaseTimer);
    this.releaseTimer = void 0;
    if (this.retireTimer !== void 0) clearTimeout(this.retireTimer);
    this.retireTimer = void 0;
  }
  /** Retires extra workers that stayed idle for `idleTimeout` (oldest idle first). */
  scheduleRetire() {
    const view = this.view;
    if (this.retireTimer !== void 0 || view.started() <= view.minSize || this.stack.length === 0) return;
    const delay = Math.max(0, this.stack[0].idleSince + view.idleTimeout - Date.now());
    this.retireTimer = setTimeout(() => {
      this.retireTimer = void 0;
      const cutoff = Date.now() - view.idleTimeout;
      if (!view.mayRetire()) return;
      while (view.started() > view.minSize && this.stack.length > 0 && this.stack[0].idleSince <= cutoff) {
        if (!view.retire(this.stack[0])) break;
      }
      this.scheduleRetire();
    }, Math.min(delay, MAX_TIMER_MS));
  }
  /** Sends the deferred busy → idle of every worker still parked. */
  flush = () => {
    this.releaseTimer = void 0;
    const workers = this.pending;
    this.pending = [];
    for (const worker of workers) {
      if (!worker.releasePending) continue;
      worker.releasePending = false;
      if (worker.alive) tell(worker, RELEASED);
    }
  };
};

// src/pool/settle.ts
function settleTask(ledger, task, outcome, value, workerId) {
  if (task.state === RUNNING && outcome !== "cancelled") recordVerdict(ledger, task, outcome, value);
  const counters = ledger.counters;
  if (outcome === "completed") {
    counters.completed++;
    task.settle(true, value);
    if (ledger.hasListeners("taskSucceeded")) {
      const runTime = performance.now() - task.startedAt;
      ledger.events.emit("taskSucceeded", { pool: ledger.name, taskId: task.id, label: task.label, workerId, waitTime: task.startedAt - task.enqueuedAt, runTime });
    }
    return;
  }
  const started = task.state === RUNNING;
  if (outcome === "failed" || outcome === "crashed") counters.failed++;
  else if (outcome === "timedOut") counters.timedOut++;
  else counters.cancelled++;
  if (outcome !== "failed") task.abort(value);
  task.settle(false, value);
  const pool = ledger.name;
  if (outcome === "timedOut") {
    if (ledger.hasListeners("taskTimedOut")) {
      ledger.events.emit("taskTimedOut", { pool, taskId: task.id, label: task.label, workerId, timeout: task.timeoutMs, ...timesOf(task, started) });
    }
  } else if (outcome === "cancelled") {
    if (ledger.hasListeners("taskCancelled")) ledger.events.emit("taskCancelled", { pool, taskId: task.id, label: task.label, reason: value, ...timesOf(task, started) });
  } else if (ledger.hasListeners("taskFailed")) {
    ledger.events.emit("taskFailed", { pool, taskId: task.id, label: task.label, workerId, error: value, ...timesOf(task, started) });
  }
}
function recordVerdict(ledger, task, outcome, value) {
  const breaker = ledger.breaker;
  if (breaker === void 0) return;
  const failure = outcome === "timedOut" || outcome === "crashed" || outcome === "failed" && breaker.isFailure(value);
  breaker.record(task, failure ? "failure" : "success");
  task.generation = -1;
}
function timesOf(task, started) {
  const end = performance.now();
  if (!started) return { waitTime: end - task.enqueuedAt };
  return { waitTime: task.startedAt - task.enqueuedAt, runTime: end - task.startedAt };
}
function isFatal(option, error) {
  if (error instanceof WorkerCrashError) return true;
  if (option === void 0) return false;
  try {
    return option(error);
  } catch {
    return false;
  }
}

// src/pool/reservations.ts
function reserveNext(core, worker) {
  const reserve = core.options.backend.reserve;
  if (reserve === void 0 || worker.reserved !== void 0 || core.queue.size === 0 || !mayReserve(core)) return;
  const task = core.queue.shift();
  if (!reserve(worker.resource, task)) {
    core.queue.unshift(task);
    return;
  }
  task.worker = worker;
  worker.reserved = task;
  core.reserved++;
}
function mayReserve(core) {
  return !core.paused && !core.shrinking && core.limiter === void 0 && (core.breaker === void 0 || core.breaker.state === "closed") && (core.phase === "running" || core.phase === "closing");
}
function followReserved(core, worker, ok) {
  const task = worker.reserved;
  if (ok && task.state !== SETTLED && mayAdopt(core)) return adopt(core, worker, task);
  if (release(core, worker, true)) return void 0;
  if (task.state !== SETTLED) return adopt(core, worker, task);
  unlinkReservation(core, worker, task);
  core.retire(worker, "abort");
  return void 0;
}
function mayAdopt(core) {
  return !core.paused && !core.shrinking && (core.breaker === void 0 || core.breaker.canDispatch()) && (core.phase === "running" || core.phase === "closing");
}
function adopt(core, worker, task) {
  unlinkReservation(core, worker, task);
  return task;
}
function release(core, worker, requeue) {
  const task = worker.reserved;
  if (task === void 0) return true;
  if (!core.options.backend.release(worker.resource)) return false;
  unlinkReservation(core, worker, task);
  if (requeue) core.queue.unshift(task);
  return true;
}
function releaseAll(core) {
  if (core.reserved === 0) return;
  for (const worker of core.workers.values()) if (worker.reserved !== void 0) release(core, worker, true);
}
function settleReserved(core, task, outcome, value) {
  const worker = task.worker;
  const released = release(core, worker, false);
  core.clearDeadline(task);
  settleTask(core, task, outcome, value, released ? "" : worker.id);
}
function dropReserved(core, worker) {
  const task = worker.reserved;
  if (task === void 0 || release(core, worker, true)) return;
  unlinkReservation(core, worker, task);
  if (task.state !== SETTLED) {
    settleTask(core, task, "crashed", new WorkerCrashError(worker.id, task.id, new Error("the worker was stopped while its thread ran this task")), worker.id);
  }
}
function unlinkReservation(core, worker, task) {
  worker.reserved = void 0;
  task.worker = void 0;
  core.reserved--;
}

// src/pool/worker-exits.ts
function letGo(core, worker) {
  worker.alive = false;
  if (worker.reserved !== void 0) {
    dropReserved(core, worker);
    if (core.queue.size > 0) queueMicrotask(() => core.dispatchIfRunning());
  }
  stopLingering(core, worker);
  core.workers.delete(worker.id);
  core.idle.remove(worker);
  const task = worker.task;
  worker.task = void 0;
  if (task !== void 0) {
    core.running--;
    core.clearDeadline(task);
    if (task.state === SETTLED) core.breaker?.record(task, "ignore");
  }
  return task;
}
function faultWorker(core, worker, error) {
  if (!worker.alive) return;
  if (worker.task !== void 0) core.options.backend.kill?.(worker.resource);
  const task = letGo(core, worker);
  if (task !== void 0 && task.state !== SETTLED) settleTask(core, task, "crashed", new WorkerCrashError(worker.id, task.id, error), worker.id);
  tell(worker, { type: "worker.faulted", error });
}
function lingerWorker(core, worker, error, grace) {
  core.lingering++;
  worker.lingering = longTimeout(() => {
    stopLingering(core, worker);
    faultWorker(core, worker, error);
    core.wake();
  }, grace);
}
function stopLingering(core, worker) {
  if (worker.lingering === void 0) return;
  worker.lingering.cancel();
  worker.lingering = void 0;
  core.lingering--;
}
function loseWorker(core, workerId, error) {
  const worker = core.workers.get(workerId);
  if (worker === void 0) return;
  faultWorker(core, worker, error);
  core.wake();
}
function retireWorker(core, worker, reason) {
  const slots = core.slots;
  if (!worker.alive || slots === void 0) return false;
  letGo(core, worker);
  if (reason === "abort" || reason === "timeout") core.options.backend.kill?.(worker.resource);
  core.events.emit("workerRetired", { pool: core.name, workerId: worker.id, reason });
  if (reason === "idle" || reason === "resize") slots.retireIdle(worker.slot);
  else slots.refill(worker.slot, () => core.phase === "running" || core.phase === "closing" && core.queue.size > 0);
  return true;
}

// src/pool/admission.ts
var SUBMIT_OPTIONS = ["signal", "timeout", "priority", "label", "retry", "transfer"];
var MAX_LABEL_LENGTH = 200;
function checkTask(core, fn, opts) {
  if (typeof fn !== "function") throw new TypeError(`Pool "${core.name}": a task must be a function, got ${typeof fn}.`);
  if (opts === void 0) return core.defaults;
  checkOptions(opts, "", SUBMIT_OPTIONS);
  if (opts.signal !== void 0 && !isAbortSignal(opts.signal)) throw new InvalidOptionError("signal", opts.signal, "an AbortSignal");
  const priority = opts?.priority ?? 0;
  if (typeof priority !== "number" || Number.isNaN(priority)) throw new TypeError(`Pool "${core.name}": priority must be a number.`);
  const timeout = opts?.timeout === void 0 ? core.options.taskTimeout : opts.timeout;
  if (timeout !== false && (typeof timeout !== "number" || !(timeout > 0) || !Number.isFinite(timeout))) {
    throw new TypeError(`Pool "${core.name}": timeout must be a finite number of ms > 0 or false.`);
  }
  const label = opts.label;
  if (label !== void 0 && (typeof label !== "string" || label.length === 0 || label.length > MAX_LABEL_LENGTH)) {
    throw new InvalidOptionError("label", label, `a non-empty string of at most ${MAX_LABEL_LENGTH} characters`);
  }
  const retry = opts.retry === void 0 ? core.options.retry : normalizeRetry(opts.retry, "retry");
  return { priority, timeout, explicitTimeout: opts?.timeout !== void 0 && opts.timeout !== false, label, retry };
}
function admit(core, fn, opts, defaultLabel) {
  const admitted = checkTask(core, fn, opts);
  const label = admitted.label ?? defaultLabel;
  if (core.phase !== "running") {
    const recovery = core.recovery;
    if (core.phase === "recovering" && recovery !== void 0) {
      throw refuse(core, "recovering", new PoolRecoveringError(core.name, recovery.cause, recovery.retryAt, recovery.attempt), label);
    }
    if (core.phase === "failed") throw refuse(core, "failed", new PoolFailedError(core.name, core.slots?.failureCause), label);
    const closing = core.phase === "closing";
    throw refuse(core, closing ? "closing" : "closed", new PoolClosedError(core.name, closing ? "it is closing and takes no new tasks" : "it is closed"), label);
  }
  const breaker = core.breaker;
  if (breaker !== void 0 && !breaker.canDispatch()) {
    const open = breaker.state === "open";
    throw refuse(core, "circuit_open", new CircuitOpenError(core.name, open ? "open" : "halfOpen", open ? breaker.retryAt : void 0), label);
  }
  if (!core.hasRoom()) throw refuse(core, "queue_full", new QueueFullError(core.name, core.options.maxQueueSize), label);
  return admitted;
}
function hasRoom(core) {
  const max = core.options.maxQueueSize;
  const queued = core.queued;
  const held = queued + core.retries.size;
  const idle = core.idle.size;
  if (held < max || idle > 0 && queued === 0 && held < max + idle) return true;
  const slots = core.slots;
  return slots !== void 0 && held < max + core.options.size - slots.size + slots.growingWorkers;
}
function onlyRoomIsMissing(core) {
  return core.phase === "running" && (core.breaker === void 0 || core.breaker.canDispatch()) && !core.hasRoom();
}
function refuse(core, reason, error, label) {
  core.counters.rejected++;
  if (core.hasListeners("taskRejected")) core.events.emit("taskRejected", { pool: core.name, reason, label });
  return error;
}

// src/pool/lifecycle.ts
var PoolLifecycle = class {
  constructor(core, self) {
    this.core = core;
    this.self = self;
    this.stopped = new Promise((resolve2) => this.resolveStopped = resolve2);
    core.onWorkersFailed = (error) => {
      if (self.getSnapshot().status === "active") self.send({ type: "pool.workersFailed", error });
    };
  }
  core;
  self;
  /** Resolves when the pool has closed or failed and every one of its actors has stopped. */
  stopped;
  resolveStopped;
  removeBaseAbort;
  stopping;
  inspection;
  start() {
    const inspect = this.core.options.inspect;
    if (inspect !== void 0 && this.self._parent !== void 0) this.inspection = this.self.system.inspect(inspect);
    this.core.start(this.self);
    const base = this.core.options.signal;
    if (base === void 0) return;
    const onAbort = () => this.onBaseAbort(base.reason);
    if (base.aborted) queueMicrotask(onAbort);
    else {
      base.addEventListener("abort", onAbort, { once: true });
      this.removeBaseAbort = () => base.removeEventListener("abort", onAbort);
    }
  }
  stopAccepting(why) {
    this.afterTransition(() => this.stopAcceptingNow(why));
  }
  stopAcceptingNow(why) {
    const core = this.core;
    if (core.phase === "running" || core.phase === "recovering") core.phase = "closing";
    core.recovery = void 0;
    if (core.paused) {
      core.paused = false;
      queueMicrotask(() => core.dispatchIfRunning());
    }
    this.refuseWaiting("closing", new PoolClosedError(core.name, why === "terminated" ? "it was terminated" : "it closed while the task waited for room"));
  }
  /** `submitWait` callers still waiting for room are refused: counted and announced as any refusal. */
  refuseWaiting(reason, error) {
    const refused = this.core.waiters.failRoomWaiters(error);
    for (let i = 0; i < refused; i++) refuse(this.core, reason, error);
  }
  drain(timeout) {
    const core = this.core;
    return new Promise((resolve2) => {
      const timer = timeout === void 0 ? void 0 : longTimeout(() => resolve2("timedOut"), timeout);
      core.waiters.waitFor(
        // A worker in its timeoutGrace still runs the timed-out code: its resource is not disposed under it.
        () => core.queue.size === 0 && core.running === 0 && core.retries.size === 0 && core.lingering === 0,
        () => {
          timer?.cancel();
          resolve2("drained");
        }
      );
    });
  }
  abortAll(why) {
    this.afterTransition(() => this.abortAllNow(why));
  }
  abortAllNow(why) {
    const detail = why === "terminated" ? "it was terminated" : `close timed out after ${why.closeTimedOut} ms`;
    this.cancelAll(new PoolClosedError(this.core.name, detail), "settle");
  }
  /** Stops the workers and the breaker; shared by close, failure and a forced stop. */
  stopActors() {
    this.stopping ??= (async () => {
      const core = this.core;
      this.stopTimers();
      this.letGoAll();
      await core.slots?.stop().catch(() => void 0);
      this.removeBaseAbort?.();
      core.breaker?.stop();
      this.stopTimers();
      this.inspection?.unsubscribe();
    })();
    return this.stopping;
  }
  closed() {
    this.afterTransition(() => this.closedNow(), () => this.resolveStopped());
  }
  closedNow() {
    const core = this.core;
    if (core.phase === "failed" || core.phase === "closed") return;
    core.phase = "closed";
    core.idle.clear();
    core.running = 0;
    core.wake();
    core.events.emit("closed", { pool: core.name });
  }
  failed(error) {
    this.afterTransition(() => this.failedNow(error));
  }
  failedNow(error) {
    const core = this.core;
    if (core.phase === "failed" || core.phase === "closed") return;
    core.phase = "failed";
    this.dropEverything("failed", new PoolFailedError(core.name, error));
    this.failure = error;
    core.events.emit("failed", { pool: core.name, error });
    core.wake();
    void this.stopActors().then(() => this.resolveStopped());
  }
  failure = void 0;
  /** The workers gave up: refuse what waits for room, let every worker go, reject every task it held. */
  dropEverything(why, reason) {
    const core = this.core;
    this.refuseWaiting(why, reason);
    this.letGoAll();
    this.cancelAll(reason, "settle");
    core.workers.clear();
    core.running = 0;
    this.stopTimers();
  }
  get recovers() {
    return this.core.options.recovery !== false;
  }
  /** Failures in a row (one within `resetAfter` of the last comeback continues the streak). */
  streak = 0;
  lastRecoveredAt = Number.NEGATIVE_INFINITY;
  recovering(error) {
    this.afterTransition(() => this.recoveringNow(error));
  }
  recoveringNow(error) {
    const core = this.core;
    const recovery = core.options.recovery;
    if (core.phase !== "running" || recovery === false) return;
    const at = Date.now();
    this.streak = at - this.lastRecoveredAt <= recovery.resetAfter ? this.streak + 1 : 1;
    const retryAt = at + backoffDelay(recovery.backoff, this.streak);
    core.recovery = { retryAt, attempt: this.streak, cause: error };
    core.phase = "recovering";
    this.dropEverything("recovering", new PoolRecoveringError(core.name, error, retryAt, this.streak));
    core.events.emit("recovering", { pool: core.name, error, attempt: this.streak, retryAt });
    core.wake();
  }
  async recover(signal) {
    const core = this.core;
    await core.slots?.stop().catch(() => void 0);
    const wait = Math.max(0, (core.recovery?.retryAt ?? 0) - Date.now());
    await new Promise((resolve2) => {
      if (signal.aborted) return resolve2();
      const timer = longTimeout(resolve2, wait);
      signal.addEventListener("abort", () => (timer.cancel(), resolve2()), { once: true });
    });
    if (signal.aborted || core.phase !== "recovering") return;
    try {
      core.openSlots(this.self);
    } catch (error) {
      setTimeout(() => core.onWorkersFailed?.(error), 0);
    }
  }
  recovered() {
    this.afterTransition(() => {
      const core = this.core;
      if (core.phase !== "recovering") return;
      core.phase = "running";
      core.recovery = void 0;
      this.lastRecoveredAt = Date.now();
      core.events.emit("recovered", { pool: core.name, attempt: this.streak });
      core.wake();
    });
  }
  killed() {
    const core = this.core;
    if (core.phase === "running" || core.phase === "closing") {
      this.afterTransition(() => {
        this.stopAcceptingNow("terminated");
        this.abortAllNow("terminated");
      });
    }
    this.stopTimers();
    this.letGoAll();
    core.breaker?.stop();
    this.removeBaseAbort?.();
    this.inspection?.unsubscribe();
    void (core.slots?.kill() ?? Promise.resolve()).then(() => {
      if (core.phase !== "failed") this.closedNow();
      this.resolveStopped();
    });
  }
  /**
   * Runs `work` (called from a pool machine's action) with the pool's events held back, then emits
   * them on the next microtask: listeners are user code, and user code must not run in the middle
   * of a machine's transition (it could start actors there, and it would see a half-taken step).
   * Tasks still settle and counters still move at once.
   */
  afterTransition(work, then) {
    const events = this.core.events;
    const emit = events.emit;
    const emitHeld = emit;
    const held = [];
    events.emit = ((type, event) => void held.push([type, event]));
    try {
      work();
    } finally {
      events.emit = emit;
      if (held.length > 0 || then !== void 0) {
        queueMicrotask(() => {
          for (const [type, event] of held) emitHeld(type, event);
          then?.();
        });
      }
    }
  }
  /** Settles every queued task and every running one with `reason` (or only aborts the running ones). */
  cancelAll(reason, running) {
    const core = this.core;
    for (const worker of [...core.workers.values()]) if (worker.reserved !== void 0) core.finishCancelled(worker.reserved, reason);
    for (const task of core.queue.drain()) core.finishCancelled(task, reason);
    for (const task of core.retries.drain()) core.finishCancelled(task, reason);
    for (const worker of [...core.workers.values()]) {
      const task = worker.task;
      if (task === void 0 || task.state === SETTLED) continue;
      if (running === "settle") core.finishCancelled(task, reason);
      else task.abort(reason);
    }
    core.wake();
  }
  /** Nothing may be retired, reparked or timed out any more: the pool is stopping. */
  stopTimers() {
    this.core.idle.clear();
    this.core.deadlines.clear();
    this.core.limiter?.stop();
  }
  /** Every worker is out of service (the pool closed or failed); their late results are ignored. */
  letGoAll() {
    for (const worker of this.core.workers.values()) {
      worker.alive = false;
      stopLingering(this.core, worker);
      if (worker.task !== void 0) this.core.clearDeadline(worker.task);
    }
    this.core.idle.clear();
  }
  /** The base signal aborted: close, reject what has not started, abort what runs. */
  onBaseAbort(reason) {
    const core = this.core;
    if (core.phase !== "running") return;
    this.self.send({ type: "pool.close" });
    this.cancelAll(reason, core.abortKillsWorker ? "settle" : "abortOnly");
  }
};

// src/pool/controls.ts
function pausePool(core) {
  if (core.paused) return false;
  core.paused = true;
  releaseAll(core);
  core.events.emit("paused", { pool: core.name });
  return true;
}
function resumePool(core) {
  if (!core.paused) return false;
  core.paused = false;
  core.events.emit("resumed", { pool: core.name });
  core.dispatchIfRunning();
  return true;
}
function leaveForResize(core, worker) {
  const slots = core.slots;
  if (slots === void 0 || slots.size <= core.options.size) {
    core.shrinking = false;
    return false;
  }
  return core.retire(worker, "resize");
}
function resizePool(core, size, cap = Infinity) {
  if (size === void 0) throw new InvalidOptionError("size", size, "a number or { min, max, idleTimeout }");
  const next = normalizeSize(size);
  if (next.size > cap) throw new InvalidOptionError(typeof size === "object" ? "size.max" : "size", next.size, `an integer from 1 to ${cap}`);
  if (core.phase !== "running" && core.phase !== "recovering") throw new PoolClosedError(core.name, `it is ${core.phase} and cannot be resized`);
  const options = core.options;
  const previous = options.size;
  options.size = next.size;
  options.minSize = next.minSize;
  options.idleTimeout = next.idleTimeout;
  const slots = core.slots;
  if (slots !== void 0) {
    while (slots.size > options.size && core.idle.size > 0) {
      if (!core.retire(core.idle.pop(), "resize")) break;
    }
    core.shrinking = slots.size > options.size;
    slots.fill(options.minSize);
  }
  core.events.emit("resized", { pool: core.name, size: options.size, previous });
  core.dispatchIfRunning();
  core.idle.scheduleRetire();
}
var CircuitBreaker = class {
  constructor(options, onChange, parent) {
    this.options = options;
    this.window = new Uint8Array(options.rateThreshold === void 0 ? 0 : options.rateWindow);
    this.actor = createActor(breakerMachine, {
      parent,
      id: "breaker",
      input: { cooldown: options.cooldown, backoffMultiplier: options.backoffMultiplier, maxCooldown: options.maxCooldown }
    });
    this.actor.subscribe({
      next: (snapshot) => {
        const next = snapshot.value;
        if (next !== this.state || next === this.pendingTarget) this.pendingTarget = void 0;
        if (next === this.state && snapshot.context.retryAt === this.lastRetryAt) return;
        const previous = this.state;
        this.state = next;
        this.lastRetryAt = snapshot.context.retryAt;
        this.generation++;
        this.consecutiveFailures = 0;
        this.probesInFlight = 0;
        this.probeSuccesses = 0;
        if (next === "closed") this.clearWindow();
        onChange(next, previous);
      },
      error: () => void 0
    });
    this.actor.start();
  }
  options;
  actor;
  state = "closed";
  generation = 0;
  consecutiveFailures = 0;
  probesInFlight = 0;
  probeSuccesses = 0;
  window;
  windowNext = 0;
  windowCount = 0;
  windowFailures = 0;
  lastRetryAt = void 0;
  /** Epoch ms at which an open breaker goes half-open. */
  get retryAt() {
    return this.actor.getSnapshot().context.retryAt;
  }
  /** Whether a task may start now (closed, or half-open with a free probe slot). */
  canDispatch() {
    if (this.pendingTarget !== void 0) return false;
    return this.state === "closed" || this.state === "halfOpen" && this.probesInFlight < this.options.halfOpenMaxCalls;
  }
  /** Stamps a task as it starts. */
  onDispatch(ticket) {
    ticket.generation = this.generation;
    ticket.probe = this.state === "halfOpen";
    if (ticket.probe) this.probesInFlight++;
  }
  /** Records how a started task ended. `ignore` frees a probe slot without counting (a cancel). */
  record(ticket, outcome) {
    if (ticket.generation !== this.generation) return;
    if (ticket.probe) this.probesInFlight--;
    if (outcome === "ignore") return;
    if (this.state === "closed") {
      if (outcome === "failure") this.consecutiveFailures++;
      else this.consecutiveFailures = 0;
      if (this.consecutiveFailures >= this.options.failureThreshold || this.recordInWindow(outcome === "failure")) {
        this.report({ type: "breaker.failuresExceeded" });
      }
    } else if (this.state === "halfOpen") {
      if (outcome === "failure") this.report({ type: "breaker.probeFailed" });
      else if (++this.probeSuccesses >= this.options.successThreshold) this.report({ type: "breaker.probesSucceeded" });
    }
  }
  /**
   * Reports a crossed threshold to the machine. The pool reacts to a state change inside the
   * machine's own update (half-open → dispatch → a probe that fails at once → record), and there
   * xstate only queues the event: until it is processed no further task may start, or a half-open
   * circuit would let every queued task through as a "probe".
   */
  report(event) {
    if (this.pendingTarget !== void 0 || this.actor.getSnapshot().status !== "active") return;
    this.pendingTarget = event.type === "breaker.probesSucceeded" ? "closed" : "open";
    this.actor.send(event);
  }
  /** The state a sent-but-not-yet-processed change leads to. */
  pendingTarget = void 0;
  /** Classifies a task error. */
  isFailure(error) {
    try {
      return this.options.isFailure(error);
    } catch {
      return true;
    }
  }
  forceOpen() {
    if (this.actor.getSnapshot().status === "active") this.actor.send({ type: "breaker.forceOpen" });
  }
  reset() {
    if (this.actor.getSnapshot().status === "active") this.actor.send({ type: "breaker.reset" });
  }
  stop() {
    stopActor(this.actor);
  }
  /** Pushes one outcome into the sliding window; true when the rate condition trips. */
  recordInWindow(failed) {
    const size = this.window.length;
    if (size === 0 || this.options.rateThreshold === void 0) return false;
    if (this.windowCount === size) this.windowFailures -= this.window[this.windowNext];
    else this.windowCount++;
    this.window[this.windowNext] = failed ? 1 : 0;
    this.windowFailures += failed ? 1 : 0;
    this.windowNext = (this.windowNext + 1) % size;
    return this.windowCount >= this.options.rateMinimumCalls && this.windowFailures / this.windowCount > this.options.rateThreshold;
  }
  clearWindow() {
    this.window.fill(0);
    this.windowNext = 0;
    this.windowCount = 0;
    this.windowFailures = 0;
  }
};

// src/intrusive-list.ts
function createList(key) {
  return { head: void 0, tail: void 0, key, timer: void 0 };
}
function append(list, node) {
  node.next = void 0;
  node.prev = list.tail;
  if (list.tail === void 0) list.head = node;
  else list.tail.next = node;
  list.tail = node;
}
function prepend(list, node) {
  node.prev = void 0;
  node.next = list.head;
  if (list.head === void 0) list.tail = node;
  else list.head.prev = node;
  list.head = node;
}
function unlink(list, node) {
  if (node.prev === void 0) list.head = node.next;
  else node.prev.next = node.next;
  if (node.next === void 0) list.tail = node.prev;
  else node.next.prev = node.prev;
  node.prev = void 0;
  node.next = void 0;
}

// src/deadlines.ts
var Deadlines = class {
  constructor(onExpire) {
    this.onExpire = onExpire;
  }
  onExpire;
  lists = /* @__PURE__ */ new Map();
  last;
  add(node, timeoutMs) {
    let list = this.last !== void 0 && this.last.key === timeoutMs ? this.last : this.lists.get(timeoutMs);
    if (list === void 0) {
      list = createList(timeoutMs);
      this.lists.set(timeoutMs, list);
    }
    this.last = list;
    node.deadline = 1e12 + timeoutMs;
    node.deadlineList = list;
    append(list, node);
    if (list.timer === void 0) this.arm(list, timeoutMs);
  }
  remove(node) {
    const list = node.deadlineList;
    if (list === void 0) return;
    unlink(list, node);
    node.deadlineList = void 0;
  }
  /** Cancels every timer (the pool is gone). */
  clear() {
    this.last = void 0;
    for (const list of this.lists.values()) {
      if (list.timer !== void 0) clearTimeout(list.timer);
      list.timer = void 0;
      list.head = void 0;
      list.tail = void 0;
    }
    this.lists.clear();
  }
  arm(list, delay) {
    list.timer = setTimeout(() => this.fire(list), Math.min(MAX_TIMER_MS, Math.max(0, delay)));
  }
  fire(list) {
    list.timer = void 0;
    const now3 = Date.now();
    for (let head = list.head; head !== void 0 && head.deadline <= now3; head = list.head) {
      this.remove(head);
      this.onExpire(head);
    }
    if (list.head !== void 0 && list.timer === void 0) this.arm(list, list.head.deadline - now3);
    else if (list.head === void 0 && list.timer === void 0) {
      this.lists.delete(list.key);
      if (this.last === list) this.last = void 0;
    }
  }
};

// src/task-queue.ts
var TaskQueue = class {
  /** Levels sorted by descending priority. */
  levels = [];
  byPriority = /* @__PURE__ */ new Map();
  count = 0;
  lastLevel;
  get size() {
    return this.count;
  }
  push(node) {
    const level = this.levelFor(node.priority);
    node.level = level;
    append(level, node);
    this.count++;
  }
  /** Puts `node` back first among its priority (a task taken out that must not lose its place). */
  unshift(node) {
    const level = this.levelFor(node.priority);
    node.level = level;
    prepend(level, node);
    this.count++;
  }
  /** Removes and returns the first node of the highest non-empty priority. */
  shift() {
    if (this.count === 0) return void 0;
    for (let i = 0; i < this.levels.length; i++) {
      const level = this.levels[i];
      const node = level.head;
      if (node !== void 0) {
        this.unlink(level, node);
        return node;
      }
    }
    return void 0;
  }
  /** Unlinks `node` if it is queued here; returns whether it was. */
  remove(node) {
    const level = node.level;
    if (level === void 0 || this.byPriority.get(level.key) !== level) return false;
    this.unlink(level, node);
    return true;
  }
  /** Removes and returns every node, highest priority first. */
  drain() {
    const out = [];
    for (let node = this.shift(); node !== void 0; node = this.shift()) out.push(node);
    return out;
  }
  unlink(level, node) {
    unlink(level, node);
    node.level = void 0;
    this.count--;
  }
  levelFor(priority) {
    const last = this.lastLevel;
    if (last !== void 0 && last.key === priority) return last;
    const existing = this.byPriority.get(priority);
    if (existing !== void 0) this.lastLevel = existing;
    if (existing !== void 0) return existing;
    const level = createList(priority);
    let lo = 0;
    let hi = this.levels.length;
    while (lo < hi) {
      const mid = lo + hi >>> 1;
      if (this.levels[mid].key > priority) lo = mid + 1;
      else hi = mid;
    }
    this.levels.splice(lo, 0, level);
    this.byPriority.set(priority, level);
    this.lastLevel = level;
    return level;
  }
};

// src/pool/task-result.ts
function followResult(result, worker) {
  if (result instanceof Promise && result.constructor === Promise) {
    result.then(worker.onFulfilled, worker.onRejected);
    return true;
  }
  if (result === null || typeof result !== "object" && typeof result !== "function") return false;
  let then;
  try {
    then = result.then;
  } catch (error) {
    Promise.reject(error).then(void 0, worker.onRejected);
    return true;
  }
  if (typeof then !== "function") return false;
  new Promise((resolve2, reject) => {
    then.call(result, resolve2, reject);
  }).then(worker.onFulfilled, worker.onRejected);
  return true;
}

// src/histogram.ts
var SUB_BUCKETS = 32;
var MAX_EXPONENT = 40;
var Histogram = class {
  counts = new Float64Array((MAX_EXPONENT + 1) * SUB_BUCKETS);
  total = 0;
  maxValue = 0;
  record(ms) {
    if (!(ms >= 0)) return;
    const us = ms * 1e3;
    const index = bucketOf(us);
    this.counts[index] = this.counts[index] + 1;
    this.total++;
    if (ms > this.maxValue) this.maxValue = ms;
  }
  /** The smallest recorded-bucket value at or above quantile `q` (0..1), in ms. */
  quantile(q) {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(valueOf(i) / 1e3, this.maxValue);
    }
    return this.maxValue;
  }
  /**
   * A copy of the bucket counts, to read later what was recorded since with {@link percentilesSince}.
   *
   * @example
   * ```ts
   * const before = h.copyCounts();
   * h.record(3);
   * h.percentilesSince(before).count; // 1
   * ```
   */
  copyCounts() {
    return this.counts.slice();
  }
  /**
   * The percentiles of the values recorded since `earlier` (a {@link copyCounts} result): a
   * window, not the whole history. `max` is the top of the highest bucket hit, capped by the max ever.
   *
   * @example
   * ```ts
   * const before = h.copyCounts();
   * h.record(2); h.record(8);
   * h.percentilesSince(before); // { count: 2, p50: ≈2, p90: ≈8, p99: ≈8, max: ≈8 }
   * ```
   */
  percentilesSince(earlier) {
    let total = 0;
    const delta = new Float64Array(this.counts.length);
    for (let i = 0; i < delta.length; i++) {
      const d = this.counts[i] - (earlier[i] ?? 0);
      if (d > 0) {
        delta[i] = d;
        total += d;
      }
    }
    const at = (q) => {
      if (total === 0) return 0;
      const rank = Math.max(1, Math.ceil(q * total));
      let seen = 0;
      for (let i = 0; i < delta.length; i++) {
        seen += delta[i];
        if (seen >= rank) return Math.min(valueOf(i) / 1e3, this.maxValue);
      }
      return this.maxValue;
    };
    return { count: total, p50: toMicros(at(0.5)), p90: toMicros(at(0.9)), p99: toMicros(at(0.99)), max: toMicros(at(1)) };
  }
  /** Rounded to the µs for display: the buckets are not finer than that anyway. */
  percentiles() {
    return { count: this.total, p50: toMicros(this.quantile(0.5)), p90: toMicros(this.quantile(0.9)), p99: toMicros(this.quantile(0.99)), max: toMicros(this.maxValue) };
  }
};
function toMicros(ms) {
  return Math.round(ms * 1e3) / 1e3;
}
function bucketOf(us) {
  if (us < SUB_BUCKETS) return Math.floor(us);
  if (us < 4294967296) {
    const v = us >>> 0;
    const msb = 31 - Math.clz32(v);
    return (msb - 4) * SUB_BUCKETS + (v >>> msb - 5 & SUB_BUCKETS - 1);
  }
  const exponent = Math.min(Math.floor(Math.log2(us / SUB_BUCKETS)) + 1, MAX_EXPONENT);
  const base = SUB_BUCKETS * 2 ** (exponent - 1);
  const sub = Math.min(Math.floor((us - base) / (base / SUB_BUCKETS)), SUB_BUCKETS - 1);
  return exponent * SUB_BUCKETS + sub;
}
function valueOf(index) {
  const exponent = Math.floor(index / SUB_BUCKETS);
  const sub = index % SUB_BUCKETS;
  if (exponent === 0) return sub + 1;
  const base = SUB_BUCKETS * 2 ** (exponent - 1);
  return base + (sub + 1) * (base / SUB_BUCKETS);
}

// src/pool/stats.ts
var PoolStats = class {
  counters = {
    accepted: 0,
    completed: 0,
    failed: 0,
    timedOut: 0,
    cancelled: 0,
    rejected: 0,
    crashes: 0,
    restarts: 0,
    retried: 0
  };
  runTime = new Histogram();
  waitTime = new Histogram();
  /** The status for the given gauges. */
  status(gauges) {
    return { ...gauges, ...this.counters };
  }
  /** The metrics for the given status. */
  metrics(status) {
    return { ...status, runTime: this.runTime.percentiles(), waitTime: this.waitTime.percentiles() };
  }
};
function statusOf(core) {
  const gone = core.phase === "failed" || core.phase === "closed" || core.phase === "recovering";
  const crashed = core.phase === "recovering" ? 0 : core.slots?.crashed ?? 0;
  return core.stats.status({
    phase: core.phase,
    circuit: core.breaker?.state ?? "closed",
    size: core.options.size,
    idleWorkers: core.idle.size,
    busyWorkers: gone ? 0 : core.workers.size - core.idle.size,
    startingWorkers: gone ? 0 : Math.max(0, (core.slots?.size ?? 0) - core.workers.size - crashed),
    crashedWorkers: crashed,
    queued: core.queued,
    running: core.running,
    retrying: core.retries.size,
    paused: core.paused
  });
}

// src/pool/waiters.ts
var PoolWaiters = class {
  constructor(view) {
    this.view = view;
  }
  view;
  space = [];
  conditions = [];
  /** Set when a task is accepted, cleared when `drained` fires: one event per busy period. */
  busy = false;
  /** A task was accepted: the pool is busy until it next drains. */
  markBusy() {
    this.busy = true;
  }
  /** Resolves when `ready()` holds; at once if it already does. */
  waitFor(ready, resolve2) {
    if (ready()) resolve2();
    else this.conditions.push({ ready, resolve: resolve2 });
  }
  /** Waits for room: `start` runs when there is some, `fail` if the pool stops accepting first. */
  waitForRoom(start, fail, signal, reject) {
    let onAbort;
    const waiter = {
      start: () => {
        if (onAbort !== void 0) signal?.removeEventListener("abort", onAbort);
        start();
      },
      fail: (error) => {
        if (onAbort !== void 0) signal?.removeEventListener("abort", onAbort);
        fail(error);
      }
    };
    if (signal !== void 0) {
      onAbort = () => {
        const index = this.space.indexOf(waiter);
        if (index >= 0) this.space.splice(index, 1);
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
    }
    this.space.push(waiter);
  }
  /** The pool stopped accepting: every `submitWait` caller still waiting rejects with `error`. Returns how many. */
  failRoomWaiters(error) {
    const waiting = this.space.splice(0);
    for (const waiter of waiting) waiter.fail(error);
    return waiting.length;
  }
  /** After anything that can free room or settle tasks: wake who can go on. `idle`: nothing is queued or running. */
  wake(idle) {
    const view = this.view;
    while (this.space.length > 0 && view.accepting() && view.hasRoom()) this.space.shift().start();
    if (this.conditions.length > 0) {
      const still = [];
      const ready = [];
      for (const waiter of this.conditions) (waiter.ready() ? ready : still).push(waiter);
      this.conditions = still;
      for (const waiter of ready) waiter.resolve();
    }
    if (this.busy && idle) {
      this.busy = false;
      view.onDrained();
    }
  }
};

// src/pool/worker-reports.ts
var WorkerReports = class {
  constructor(core) {
    this.core = core;
  }
  core;
  silent = false;
  /** The slots behind these reports were replaced (a recovery): what they still say is old news. */
  silence() {
    this.silent = true;
  }
  /** A worker finished `init`: it joins the idle stack; tasks reach it right after. */
  workerReady(workerId, slot, ref, resource) {
    const core = this.core;
    if (this.silent || core.phase === "closed" || core.phase === "failed") return;
    const worker = createWorkerRecord(workerId, slot, ref, resource, core.resume);
    core.workers.set(workerId, worker);
    core.idle.add(worker);
    queueMicrotask(() => {
      if (!worker.alive) return;
      core.dispatch();
      core.idle.scheduleRetire();
    });
  }
  workerExited(workerId, error) {
    if (this.silent) return;
    const core = this.core;
    core.counters.crashes++;
    const worker = core.workers.get(workerId);
    if (worker !== void 0) {
      core.fault(worker, error);
      core.wake();
    }
    core.events.emit("workerCrashed", { pool: core.name, workerId, error });
  }
  workerRestarted(workerId) {
    if (this.silent) return;
    this.core.counters.restarts++;
    this.core.events.emit("workerRestarted", { pool: this.core.name, workerId });
  }
  workersFailed(error) {
    if (this.silent) return;
    this.core.onWorkersFailed?.(error);
  }
  workersStarted() {
    if (this.silent) return;
    const core = this.core;
    if (core.phase === "closed" || core.phase === "failed") void core.slots?.stop();
    else core.dispatch();
  }
  disposeFailed(workerId, error) {
    this.core.events.emit("disposeFailed", { pool: this.core.name, workerId, error });
  }
};

// src/pool/worker-slots.ts
var WorkerSlots = class {
  constructor(options, owner, parent) {
    this.options = options;
    this.owner = owner;
    this.host = {
      initResource: async (workerId, signal) => {
        const resource = options.init === void 0 ? void 0 : await options.init({ workerId, signal });
        this.resources.set(workerId, resource);
      },
      disposeResource: (workerId) => this.dispose(workerId),
      workerReady: (workerId, slot, ref) => {
        this.growing.delete(slot);
        owner.workerReady(workerId, slot, ref, this.resources.get(workerId));
      }
    };
    this.started = this.start(parent);
  }
  options;
  owner;
  supervisor;
  started;
  resources = /* @__PURE__ */ new Map();
  host;
  /** Slots in use (started, starting, or crashed and restarting). */
  inUse = 0;
  nextSlot = 0;
  freeSlots = [];
  /** Slots whose worker crashed and has not been replaced yet. */
  crashed = 0;
  /** Slots started by `grow` for queued tasks whose worker is not ready yet. */
  growing = /* @__PURE__ */ new Set();
  lastError = void 0;
  /** Slots in use, starting ones included. */
  get size() {
    return this.inUse;
  }
  /** Workers being started for tasks that wait for them (see `grow`). */
  get growingWorkers() {
    return this.growing.size;
  }
  /** The worker supervisor, once started. */
  get workerSupervisor() {
    return this.supervisor;
  }
  /** The last worker error, the cause of a pool failure. */
  get failureCause() {
    return this.lastError;
  }
  /** Adds workers (up to `size`) while queued tasks outnumber the workers still starting. */
  grow(queued, startedWorkers) {
    const supervisor = this.supervisor;
    if (supervisor === void 0) return;
    while (this.inUse < this.options.size && queued > this.inUse - startedWorkers - this.crashed) this.startSlot(supervisor, true);
  }
  /** Starts workers until `count` slots are in use (`resize()` raised the minimum). */
  fill(count) {
    const supervisor = this.supervisor;
    if (supervisor === void 0) return;
    while (this.inUse < Math.min(count, this.options.size)) this.startSlot(supervisor, false);
  }
  startSlot(supervisor, forQueued) {
    const index = this.freeSlots.pop() ?? this.nextSlot++;
    this.inUse++;
    if (forQueued) this.growing.add(`worker-${index}`);
    supervisor.startChild(this.spec(index)).then(
      (result) => {
        if (!result.ok) this.free(index);
      },
      () => this.free(index)
    );
  }
  /** Frees an idle worker's slot for good (dynamic size going down). */
  retireIdle(slot) {
    const supervisor = this.supervisor;
    if (supervisor === void 0) return;
    this.inUse--;
    void supervisor.terminateChild(slot).then(() => supervisor.deleteChild(slot)).then(() => this.freeSlots.push(Number(slot.slice("worker-".length))), () => void 0);
  }
  /** Replaces a worker without counting a crash (threads: its running task was aborted). */
  refill(slot, stillNeeded) {
    const supervisor = this.supervisor;
    if (supervisor === void 0) return;
    void supervisor.terminateChild(slot).then(() => stillNeeded() ? supervisor.restartChild(slot) : void 0).catch(() => void 0);
  }
  /** Stops every worker (reverse start order, each per its shutdown), then the supervisor. */
  async stop() {
    const supervisor = await this.started;
    if (supervisor !== void 0) await supervisor.stop();
  }
  /** Stops the worker supervisor and every worker at once, then releases every resource left. */
  async kill() {
    this.killed = true;
    if (this.supervisor !== void 0) stopActor(this.supervisor.actor);
    await this.started;
    await Promise.all([...this.resources.keys()].map((workerId) => this.dispose(workerId)));
  }
  killed = false;
  free(index) {
    this.growing.delete(`worker-${index}`);
    this.inUse--;
    this.freeSlots.push(index);
  }
  async dispose(workerId) {
    if (!this.resources.has(workerId)) return;
    const resource = this.resources.get(workerId);
    this.resources.delete(workerId);
    if (this.options.dispose === void 0) return;
    try {
      await this.options.dispose(resource, { workerId });
    } catch (error) {
      this.owner.disposeFailed(workerId, error);
    }
  }
  /** The child spec of worker slot `index`. */
  spec(index) {
    const slot = `worker-${index}`;
    return { id: slot, logic: workerMachine, input: { slot, pool: this.options.name, host: this.host } };
  }
  async start(parent) {
    const { minSize, name, intensity, period } = this.options;
    this.inUse = minSize;
    this.nextSlot = minSize;
    const children = Array.from({ length: minSize }, (_, i) => this.spec(i));
    const normalized = normalizeSupervisorOptions({ name: `${name}/workers`, strategy: "one_for_one", intensity, period, children }, `${name}/workers`);
    let supervisor;
    try {
      supervisor = await startSupervisorActor(normalized, Supervisor, { parent, id: "workers" });
    } catch (error) {
      this.owner.workersFailed(error);
      return void 0;
    }
    this.supervisor = supervisor;
    if (this.killed) {
      stopActor(supervisor.actor);
      return supervisor;
    }
    supervisor.events.on("childExited", ({ ref, exit }) => {
      if (exit.reason !== "crashed" && exit.reason !== "killed") return;
      const error = exit.reason === "crashed" ? exit.error : new Error("worker actor was stopped");
      this.crashed++;
      this.lastError = error;
      this.owner.workerExited(workerIdOf(ref), error);
    });
    supervisor.events.on("childStartFailed", ({ error }) => this.lastError = error);
    supervisor.events.on("childRestarted", ({ ref }) => {
      if (this.crashed > 0) this.crashed--;
      this.owner.workerRestarted(workerIdOf(ref));
    });
    supervisor.events.on("gaveUp", () => this.owner.workersFailed(this.lastError));
    this.fill(this.options.minSize);
    this.owner.workersStarted();
    return supervisor;
  }
};
function workerIdOf(ref) {
  return ref.getSnapshot().context?.id ?? ref.id;
}

// src/pool/timeouts.ts
function timeOutTask(core, task) {
  task.timer = void 0;
  if (core.phase === "closed" || core.phase === "failed") return;
  const error = new TaskTimeoutError(task.id, task.timeoutMs);
  if (task.state === QUEUED && task.worker !== void 0) {
    settleReserved(core, task, "timedOut", error);
    core.wake();
    return;
  }
  if (task.state === QUEUED) {
    core.queue.remove(task);
    settleTask(core, task, "timedOut", error, "");
    core.wake();
    return;
  }
  const worker = task.worker;
  if (worker === void 0 || worker.task !== task) return;
  core.endRun(worker, task);
  if (task.state !== SETTLED && (task.retry === void 0 || !core.retries.retryLater(task, "timedOut", error, worker.id))) {
    settleTask(core, task, "timedOut", error, worker.id);
  }
  const grace = core.options.timeoutGrace;
  if (core.abortKillsWorker) core.retire(worker, "timeout");
  else if (grace > 0) lingerWorker(core, worker, error, grace);
  else core.fault(worker, error);
  core.wake();
}
function workerCameBack(core, worker) {
  stopLingering(core, worker);
  core.continueWorker(worker);
}

// src/pool/rate-limiter.ts
var RateLimiter = class {
  constructor(limit, interval, reopened) {
    this.limit = limit;
    this.interval = interval;
    this.reopened = reopened;
  }
  limit;
  interval;
  reopened;
  windowEnd = 0;
  used = 0;
  timer = void 0;
  /** Takes one start from the window; false when it is used up (the timer is then armed). */
  take() {
    const now3 = performance.now();
    if (now3 >= this.windowEnd) {
      this.windowEnd = now3 + this.interval;
      this.used = 0;
    }
    if (this.used < this.limit) {
      this.used++;
      return true;
    }
    if (this.timer === void 0) {
      this.timer = setTimeout(() => {
        this.timer = void 0;
        this.reopened();
      }, this.windowEnd - now3);
    }
    return false;
  }
  /** When the current window closes (epoch ms), for a caller that wants to know when to retry. */
  get nextWindowAt() {
    return Date.now() + Math.max(0, this.windowEnd - performance.now());
  }
  /** Stops the timer (the pool is stopping). */
  stop() {
    if (this.timer !== void 0) clearTimeout(this.timer);
    this.timer = void 0;
  }
};

// src/pool/retries.ts
var Retries = class {
  constructor(host) {
    this.host = host;
  }
  host;
  /** Tasks waiting for their next try; they count as pending work (close and onIdle wait for them). */
  waiting = /* @__PURE__ */ new Set();
  get size() {
    return this.waiting.size;
  }
  /**
   * Schedules the next try of `task`, whose current try (running on `workerId`) just failed or
   * timed out with `error`. Returns false when the caller must settle it (no try left, the pool
   * stopping, `retryIf` said no), true when it took the task: waiting for its next try, or
   * already settled by user code that `retryIf` ran (a cancel).
   *
   * User code runs here twice (`retryIf`, then the `taskRetried` listeners) and may cancel the
   * task or stop the pool. So the predicate runs before anything changes and its effect is
   * checked after it; the event is emitted last, when the task is already in `waiting` with its
   * timer, where a cancel or a stop finds it.
   */
  retryLater(task, outcome, error, workerId) {
    const state = task.retry;
    if (state === void 0 || state.attempt >= state.policy.attempts || !this.accepting()) return false;
    const attempt = state.attempt;
    const retryIf = state.policy.retryIf;
    if (retryIf !== void 0) {
      let again = false;
      try {
        again = retryIf(error, attempt) === true;
      } catch {
      }
      if (task.state === SETTLED) {
        recordVerdict(this.host, task, outcome, error);
        return true;
      }
      if (!again || !this.accepting()) return false;
    }
    const host = this.host;
    recordVerdict(host, task, outcome, error);
    const delay = backoffDelay(state.policy.backoff, attempt);
    host.counters.retried++;
    state.attempt = attempt + 1;
    task.nextAttempt(outcome === "timedOut" ? error : void 0);
    this.waiting.add(task);
    state.timer = longTimeout(() => this.wakeUp(task), delay);
    if (host.hasListeners("taskRetried")) {
      host.events.emit("taskRetried", { pool: host.name, taskId: task.id, label: task.label, workerId, attempt, delay, error });
    }
    return true;
  }
  /** Tries are scheduled while the pool runs or drains for a close. */
  accepting() {
    return this.host.phase === "running" || this.host.phase === "closing";
  }
  /** A waiting task is settled (cancelled, the pool stops): its next try is off. */
  forget(task) {
    if (!this.waiting.delete(task)) return;
    task.retry?.timer?.cancel();
    if (task.retry !== void 0) task.retry.timer = void 0;
  }
  /** Every waiting task, taken off the list with its timer stopped (the caller settles them). */
  drain() {
    const tasks = [...this.waiting];
    for (const task of tasks) this.forget(task);
    return tasks;
  }
  /** The wait is over: the task joins the queue's tail, with a fresh deadline of its own. */
  wakeUp(task) {
    const host = this.host;
    if (task.state !== WAITING || !this.accepting() || !this.waiting.delete(task)) return;
    const state = task.retry;
    state.timer = void 0;
    task.state = QUEUED;
    task.enqueuedAt = performance.now();
    if (state.explicitTimeout) task.timer = longTimeout(() => host.timeOut(task), task.timeoutMs);
    host.queue.push(task);
    host.dispatch();
  }
};

// src/pool/pool-core.ts
var SYNC_BURST = 1e3;
var now2 = () => 0;
var PoolCore = class {
  name;
  events;
  stats = new PoolStats();
  counters = this.stats.counters;
  waiters;
  breaker;
  slots;
  /** Written by the pool machine's actions only. */
  phase = "running";
  /** The pool's task-running code (`ctx.resource.call`, ...) must stop: abort kills the worker (threads). */
  abortKillsWorker;
  /** This incarnation's options: a copy, so `resize` changes this pool only, not a parent's spec. */
  options;
  /** Tasks between two tries (`retry`). */
  retries = new Retries(this);
  /** `pause()`: no task starts. */
  paused = false;
  /** Workers waiting out a timed-out task's `timeoutGrace` (a close waits for them). */
  lingering = 0;
  /** `resize()` took slots away and workers above the size remain: each leaves when its task ends. */
  shrinking = false;
  limiter;
  defaults;
  queue = new TaskQueue();
  deadlines = new Deadlines((task) => timeOutTask(this, task));
  idle;
  workers = /* @__PURE__ */ new Map();
  idPrefix = nanoid(10);
  seq = 0;
  running = 0;
  /** Tasks sent ahead to busy workers (see reservations.ts): still unstarted, counted as queued. */
  reserved = 0;
  /** The backend can send a task ahead to a busy worker (threads). */
  prefetch;
  syncBurst = 0;
  /** The last clock reading taken when a task finished; the next task on that worker starts then. */
  stamp = 0;
  constructor(spec) {
    const options = this.options = { ...spec };
    this.name = options.name;
    this.defaults = Object.freeze({ priority: 0, timeout: options.taskTimeout, explicitTimeout: false, label: void 0, retry: options.retry });
    const rate = options.rateLimit;
    this.limiter = rate === void 0 ? void 0 : new RateLimiter(rate.limit, rate.interval, () => this.dispatchIfRunning());
    this.abortKillsWorker = options.backend.abortKillsWorker === true;
    this.prefetch = options.backend.reserve !== void 0;
    this.events = createSafeEmitter(options.onListenerError);
    this.idle = new IdleWorkers({
      get minSize() {
        return options.minSize;
      },
      get idleTimeout() {
        return options.idleTimeout;
      },
      started: () => this.workers.size,
      mayRetire: () => this.phase === "running" && this.queue.size === 0,
      retire: (worker) => this.retire(worker, "idle")
    });
    this.waiters = new PoolWaiters({
      accepting: () => this.phase === "running",
      hasRoom: () => this.hasRoom(),
      onDrained: () => {
        if (this.phase !== "closed") this.events.emit("drained", { pool: this.name });
      }
    });
  }
  /** Links the breaker and the worker supervisor under the pool's actor. */
  start(self) {
    const breakerOptions = this.options.breaker;
    if (breakerOptions !== false) this.breaker = new CircuitBreaker(breakerOptions, (state) => this.onCircuitChange(state), self);
    this.openSlots(self);
  }
  /** Starts a worker supervisor with fresh workers (at start, and after a recovery's backoff). */
  openSlots(self) {
    this.reports?.silence();
    this.reports = new WorkerReports(this);
    this.slots = new WorkerSlots(this.options, this.reports, self);
  }
  reports;
  /** While `recovering`: when the pool takes work again, and why it stopped. */
  recovery = void 0;
  /** See `Pool.submit`; `defaultLabel` is the handler's name of a `call`. Throws on refusal (see admission.ts). */
  submit(fn, opts, defaultLabel) {
    const admitted = admit(this, fn, opts, defaultLabel);
    const { priority, timeout, explicitTimeout, retry } = admitted;
    const label = admitted.label ?? defaultLabel;
    const wrapped = this.options.wrap === void 0 ? fn : this.options.wrap(fn);
    const task = new TaskRecord(this.idPrefix, ++this.seq, wrapped, priority, timeout, now2(), this.cancelTask);
    if (label !== void 0) task.label = label;
    if (retry !== void 0 && retry.attempts > 1) task.retry = { policy: retry, attempt: 1, explicitTimeout, timer: void 0 };
    this.accept(task, explicitTimeout, opts?.signal);
    return task;
  }
  accept(task, explicitTimeout, signal) {
    this.counters.accepted++;
    this.waiters.markBusy();
    if (signal?.aborted) {
      this.finishCancelled(task, signal.reason);
      this.wake();
      return;
    }
    if (explicitTimeout) {
      task.timer = longTimeout(() => timeOutTask(this, task), task.timeoutMs);
    }
    if (signal !== void 0) {
      const onAbort = () => this.cancelTask(task, signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      task.removeAbortListener = () => signal.removeEventListener("abort", onAbort);
    }
    const worker = this.idle.size > 0 && this.queue.size === 0 && this.mayStart() ? this.idle.pop() : void 0;
    if (worker !== void 0) {
      this.idle.assign(worker);
      this.run(worker, task, task.enqueuedAt);
      return;
    }
    if (this.options.propagateContext) task.scope = new AsyncResource("overseer.task");
    this.queue.push(task);
    this.grow();
    if (this.hasListeners("taskQueued")) this.events.emit("taskQueued", { pool: this.name, taskId: task.id, label: task.label, queued: this.queued });
  }
  /** Tasks accepted and not started yet: in the queue, or sent ahead to a busy worker. */
  get queued() {
    return this.queue.size + this.reserved;
  }
  /** Whether a task may start now: not paused, the circuit lets it through, the rate window has room (taken). */
  mayStart() {
    return !this.paused && (this.breaker === void 0 || this.breaker.canDispatch()) && (this.limiter === void 0 || this.limiter.take());
  }
  /**
   * Runs `task` on `worker`, then keeps the worker busy with queued tasks in plain code.
   * `startedAt` is a clock reading taken just before (the previous task's finish time, or the
   * submit time): reading the clock is a measurable share of the per-task cost.
   */
  run(worker, first, startedAt) {
    let task = first;
    let stamp = startedAt;
    this.syncBurst = 0;
    while (task !== void 0) {
      if (task.state === SETTLED) {
        task = this.takeNext();
        if (task === void 0) return this.park(worker);
        continue;
      }
      task.state = RUNNING;
      task.worker = worker;
      worker.task = task;
      this.running++;
      task.startedAt = stamp;
      this.stats.waitTime.record(stamp - task.enqueuedAt);
      this.breaker?.onDispatch(task);
      if (task.timeoutMs !== false && task.timer === void 0) this.deadlines.add(task, task.timeoutMs);
      if (this.hasListeners("taskStarted")) {
        this.events.emit("taskStarted", { pool: this.name, taskId: task.id, label: task.label, workerId: worker.id });
        if (!worker.alive || worker.task !== task) return;
        if (task.state === SETTLED) {
          task = this.finishRun(worker, task, true, void 0);
          stamp = this.stamp;
          continue;
        }
      }
      let result;
      try {
        result = task.scope === void 0 ? task.fn(task) : task.scope.runInAsyncScope(task.fn, void 0, task);
      } catch (error) {
        task = this.finishRun(worker, task, false, error);
        stamp = this.stamp;
        continue;
      }
      if (followResult(result, worker)) {
        if (this.prefetch) reserveNext(this, worker);
        return;
      }
      task = this.finishRun(worker, task, true, result);
      stamp = this.stamp;
    }
  }
  /** An async task of `worker` settled. A worker holds one task, so `worker.task` is the one. */
  resume = (worker, ok, value) => {
    const task = worker.task;
    if (task === void 0) {
      if (worker.lingering !== void 0) workerCameBack(this, worker);
      return;
    }
    this.syncBurst = 0;
    const next = this.finishRun(worker, task, ok, value);
    if (next !== void 0) this.run(worker, next, this.stamp);
  };
  /** Records how a run ended and returns the worker's next task, if it has one now. */
  finishRun(worker, task, ok, value) {
    if (worker.task !== task || !worker.alive) return void 0;
    this.endRun(worker, task);
    const fatal = !ok && isFatal(this.options.isFatal, value);
    if (task.state !== SETTLED && (ok || fatal || task.retry === void 0 || !this.retries.retryLater(task, "failed", value, worker.id))) {
      settleTask(this, task, ok ? "completed" : "failed", value, worker.id);
    }
    if (fatal) {
      this.fault(worker, value);
      this.wake();
      return void 0;
    }
    if (worker.reserved !== void 0) {
      const reserved = followReserved(this, worker, ok);
      if (reserved !== void 0) return this.handOver(reserved);
      if (!worker.alive) {
        this.wake();
        return void 0;
      }
    }
    if (++this.syncBurst > SYNC_BURST) {
      this.syncBurst = 0;
      setImmediate(() => this.continueWorker(worker));
      this.wake();
      return void 0;
    }
    if (this.shrinking && leaveForResize(this, worker)) {
      this.wake();
      return void 0;
    }
    const next = this.takeNext();
    if (next === void 0) {
      this.park(worker);
      return void 0;
    }
    return this.handOver(next);
  }
  /** `next` is the worker's next task: waiters hear that the queue moved, not that the pool idles. */
  handOver(next) {
    this.running++;
    this.waiters.wake(false);
    this.running--;
    return next;
  }
  /** The run of `task` on `worker` is over (a result, a timeout, a crash): free the worker of it. */
  endRun(worker, task) {
    this.clearDeadline(task);
    worker.task = void 0;
    this.running--;
    this.stamp = now2();
    this.stats.runTime.record(this.stamp - task.startedAt);
    if (task.state === SETTLED) this.breaker?.record(task, "ignore");
  }
  /** Gives a free worker its next task, or parks it (after a burst of synchronous tasks, or a grace). */
  continueWorker(worker) {
    if (!worker.alive || worker.task !== void 0 || this.phase === "closed" || this.phase === "failed") return;
    if (this.shrinking && leaveForResize(this, worker)) return this.wake();
    const next = this.takeNext();
    if (next !== void 0) this.run(worker, next, now2());
    else this.park(worker);
  }
  /** The worker has nothing to do: it goes on the idle stack (its machine hears it shortly). */
  park(worker) {
    if (this.shrinking && leaveForResize(this, worker)) return this.wake();
    this.idle.park(worker);
    this.wake();
  }
  takeNext() {
    if (this.queue.size === 0 || !this.mayStart()) return void 0;
    return this.queue.shift();
  }
  /** A task's own `timeout` passed (see timeouts.ts). */
  timeOut(task) {
    timeOutTask(this, task);
  }
  /** Stops watching a task's time (it finished, or its worker was let go). */
  clearDeadline(task) {
    this.deadlines.remove(task);
    if (task.timer !== void 0) {
      task.timer.cancel();
      task.timer = void 0;
    }
  }
  /** Starts queued tasks on idle workers, as far as the breaker allows. */
  dispatch() {
    this.grow();
    while (this.idle.size > 0 && this.queue.size > 0 && this.mayStart()) {
      const worker = this.idle.pop();
      const task = this.queue.shift();
      this.idle.assign(worker);
      this.run(worker, task, now2());
    }
    this.wake();
  }
  /** Asks the slots for more workers while tasks wait and some slot is free (a field read when all are used). */
  grow() {
    const slots = this.slots;
    if (slots === void 0 || slots.size >= this.options.size || this.queue.size === 0 || this.idle.size > 0) return;
    if (this.phase === "running" || this.phase === "closing") slots.grow(this.queue.size, this.workers.size);
  }
  /** Handles `cancel()` and aborted signals. Arrow: it is passed to every record. */
  cancelTask = (task, reason) => {
    if (task.state === SETTLED) return false;
    this.finishCancelled(task, reason === void 0 ? new TaskCancelledError(task.id) : reason);
    this.wake();
    return true;
  };
  /** Settles a queued or running task without a result of its own. */
  finishCancelled(task, reason) {
    if (task.state === QUEUED && task.worker !== void 0) {
      settleReserved(this, task, "cancelled", reason);
      return;
    }
    if (task.state === QUEUED) {
      this.queue.remove(task);
      this.clearDeadline(task);
    } else if (task.state === WAITING) this.retries.forget(task);
    settleTask(this, task, "cancelled", reason, task.worker?.id ?? "");
    const worker = task.worker;
    if (this.abortKillsWorker && worker !== void 0 && worker.task === task) this.retire(worker, "abort");
  }
  /** The pool gives up on a worker (timeout in-process, fatal error, dead thread): its machine goes `crashed`. */
  fault(worker, error) {
    faultWorker(this, worker, error);
  }
  retire(worker, reason) {
    return retireWorker(this, worker, reason);
  }
  /** Set by the lifecycle: reports the fact to the pool machine. */
  onWorkersFailed;
  onCircuitChange(state) {
    if (state !== "closed") releaseAll(this);
    if (state === "open") this.events.emit("circuitOpened", { pool: this.name, retryAt: this.breaker?.retryAt });
    else if (state === "halfOpen") this.events.emit("circuitHalfOpened", { pool: this.name });
    else this.events.emit("circuitClosed", { pool: this.name });
    if (state !== "open" && this.phase !== "failed" && this.phase !== "closed") this.dispatch();
  }
  /** Wakes the waiters after a change, telling them whether the pool is now idle. */
  wake() {
    this.waiters.wake(this.running === 0 && this.queue.size === 0 && this.reserved === 0 && this.retries.size === 0);
  }
  /** Starts what waits, if the pool still runs (a rate window reopened, a pause ended). */
  dispatchIfRunning() {
    if (this.phase === "running" || this.phase === "closing") this.dispatch();
  }
  /** Room for one more task (see admission.ts). */
  hasRoom() {
    return hasRoom(this);
  }
  hasListeners(type) {
    const all = this.events.all;
    return all.size > 0 && ((all.get(type)?.length ?? 0) > 0 || (all.get("*")?.length ?? 0) > 0);
  }
};

// src/pool/handle.ts
var PoolHandle = class {
  /** @internal */
  constructor(originLifecycle, origin) {
    this.originLifecycle = originLifecycle;
    this.origin = origin;
  }
  originLifecycle;
  origin;
  /**
   * The pool machine's actor; its children are the breaker and the worker supervisor. A handle of
   * a supervised pool follows its restarts: this is always the current incarnation's actor.
   *
   * @example
   * ```ts
   * pool.actor.getSnapshot().value; // 'running'
   * ```
   */
  get actor() {
    return currentIncarnation(this.origin);
  }
  /** @internal The current incarnation's lifecycle. */
  get lifecycle() {
    const actor = currentIncarnation(this.origin);
    return actor === this.origin ? this.originLifecycle : lifecycleOf(actor) ?? this.originLifecycle;
  }
  /** @internal */
  get core() {
    return this.lifecycle.core;
  }
  /**
   * The pool's name (from options, or `pool-<nanoid>`).
   *
   * @example
   * ```ts
   * createPool({ name: 'images' }).name; // 'images'
   * ```
   */
  get name() {
    return this.core.name;
  }
  /**
   * Typed events; see {@link PoolEvents}.
   *
   * @example
   * ```ts
   * pool.events.on('workerCrashed', ({ workerId, error }) => log.warn(workerId, error));
   * ```
   */
  get events() {
    return this.core.events;
  }
  /**
   * The pool machine's phase: `running`, `closing`, `closed` or `failed`.
   *
   * @example
   * ```ts
   * if (pool.phase === 'failed') await restartSomehow();
   * ```
   */
  get phase() {
    return this.core.phase;
  }
  /**
   * The breaker machine's actor, a child of `actor` (undefined with `circuitBreaker: false`).
   *
   * @example
   * ```ts
   * pool.breakerActor?.getSnapshot().value; // 'closed'
   * ```
   */
  get breakerActor() {
    return this.core.breaker?.actor;
  }
  /**
   * The supervisor that restarts crashed workers one_for_one (once started), a child of `actor`.
   *
   * @example
   * ```ts
   * pool.workerSupervisor?.countChildren().active; // started workers
   * ```
   */
  get workerSupervisor() {
    return this.core.slots?.workerSupervisor;
  }
  /**
   * Stops accepting, lets running and queued tasks finish, then stops the workers. With
   * `timeout`, running tasks are aborted and unstarted ones rejected with `PoolClosedError`
   * when it passes. Idempotent: a second call returns the same promise.
   *
   * @example
   * ```ts
   * process.on('SIGTERM', () => pool.close({ timeout: 10_000 }));
   * ```
   */
  close(options = {}) {
    if (options === null || typeof options !== "object" || Array.isArray(options)) {
      return Promise.reject(new TypeError(`close options must be an object like { timeout }, got ${describeValue(options)}.`));
    }
    try {
      checkOptions(options, "close options", ["timeout"]);
    } catch (error) {
      return Promise.reject(error);
    }
    const timeout = options.timeout;
    if (timeout !== void 0 && (typeof timeout !== "number" || !(timeout >= 0))) {
      return Promise.reject(new TypeError(`close timeout must be a number of ms >= 0 (Infinity: wait for ever), got ${describeValue(timeout)}.`));
    }
    this.command({ type: "pool.close", ...timeout === void 0 ? {} : { timeout } });
    return this.lifecycle.stopped;
  }
  /**
   * Rejects queued tasks, aborts running ones, stops the workers: now.
   *
   * @example
   * ```ts
   * await pool.terminate();
   * ```
   */
  terminate() {
    this.command({ type: "pool.terminate" });
    return this.lifecycle.stopped;
  }
  /** Sends the pool machine a command, unless it has already stopped (closed or failed). */
  command(event) {
    if (this.actor.getSnapshot().status === "active") this.actor.send(event);
  }
  /**
   * What the pool is doing now: phase, circuit, workers by state, queued and running tasks.
   * The same keys mean the same things in `metrics()`.
   *
   * @example
   * ```ts
   * pool.status(); // { phase: 'running', circuit: 'closed', size: 10, idleWorkers: 3, busyWorkers: 7, queued: 12, ... }
   * ```
   */
  status() {
    return statusOf(this.core);
  }
  /**
   * `status()` plus the counters since start (accepted, completed, failed, timedOut, cancelled,
   * rejected, crashes, restarts) and run/wait-time percentiles (ms) from a fixed-memory histogram.
   *
   * @example
   * ```ts
   * const { completed, runTime } = pool.metrics();
   * console.log(completed, runTime.p99);
   * ```
   */
  metrics() {
    return this.core.stats.metrics(statusOf(this.core));
  }
  /**
   * The circuit's state (`closed` when the breaker is disabled).
   *
   * @example
   * ```ts
   * if (pool.circuit === 'open') return reply(503);
   * ```
   */
  get circuit() {
    return this.core.breaker?.state ?? "closed";
  }
  /**
   * Forces the circuit open (e.g. a deploy of the downstream); it half-opens after the cooldown.
   *
   * @example
   * ```ts
   * pool.openCircuit();
   * ```
   */
  openCircuit() {
    this.core.breaker?.forceOpen();
  }
  /**
   * Holds every queued task until `resume()`: no task starts, running ones finish, and
   * submissions still queue (up to `maxQueueSize`). `close()` resumes a paused pool to drain it.
   * Emits `paused`; a second call does nothing. `status().paused` tells.
   *
   * @example
   * ```ts
   * pool.pause();   // the downstream is being migrated
   * await migrate();
   * pool.resume();
   * ```
   */
  pause() {
    pausePool(this.core);
  }
  /**
   * Lets queued tasks start again after `pause()`. Emits `resumed`; does nothing if not paused.
   *
   * @example
   * ```ts
   * pool.resume();
   * ```
   */
  resume() {
    resumePool(this.core);
  }
  /**
   * Changes the pool's size at run time, as the `size` option: a number (a fixed pool: new
   * workers start now) or `{ min, max, idleTimeout }`. Shrinking retires idle workers now and
   * busy ones when their task ends; no task is cut short. Emits `resized`. Throws
   * `InvalidOptionError` for a bad size and `PoolClosedError` once the pool is closing.
   *
   * @example
   * ```ts
   * pool.resize(32);             // peak hours
   * pool.resize({ min: 2, max: 8 });
   * ```
   */
  resize(size) {
    resizePool(this.core, size, this.sizeCap);
  }
  /** @internal The most workers this kind of pool may have (a thread pool caps its threads). */
  get sizeCap() {
    return Infinity;
  }
  /**
   * Resets the circuit to closed.
   *
   * @example
   * ```ts
   * pool.resetCircuit();
   * ```
   */
  resetCircuit() {
    this.core.breaker?.reset();
  }
  /**
   * Resolves once the initial workers (`size`, or `size.min`) have finished `init` — or at once
   * if the pool is past running: recovering (it refuses work until its backoff ends), closing,
   * closed or failed. Tasks submitted before then simply queue; a
   * hand-off pool (`maxQueueSize: 0`) refuses them, so await this first.
   *
   * @example
   * ```ts
   * const pool = createPool({ size: 4, maxQueueSize: 0 });
   * await pool.ready();
   * pool.submit(task); // runs at once on an idle worker
   * ```
   */
  ready() {
    const core = this.core;
    const isReady = () => core.slots?.workerSupervisor !== void 0 && core.workers.size >= core.options.minSize || core.phase !== "running";
    return new Promise((resolve2) => core.waiters.waitFor(isReady, resolve2));
  }
  /**
   * Resolves when the queue is empty, no task runs and none waits to be tried again (at once if so already).
   *
   * @example
   * ```ts
   * await pool.onIdle();
   * ```
   */
  onIdle() {
    const core = this.core;
    return new Promise((resolve2) => core.waiters.waitFor(() => core.queue.size === 0 && core.running === 0 && core.retries.size === 0, resolve2));
  }
  /**
   * Resolves when the queue is empty (tasks may still run).
   *
   * @example
   * ```ts
   * await pool.onEmpty();
   * ```
   */
  onEmpty() {
    return new Promise((resolve2) => this.core.waiters.waitFor(() => this.core.queued === 0, resolve2));
  }
  /**
   * Resolves when fewer than `limit` tasks are queued.
   *
   * @example
   * ```ts
   * await pool.onSizeLessThan(100); // then submit more
   * ```
   */
  onSizeLessThan(limit) {
    if (typeof limit !== "number" || !(limit >= 1)) {
      return Promise.reject(new TypeError(`onSizeLessThan: limit must be a number >= 1, got ${describeValue(limit)}.`));
    }
    return new Promise((resolve2) => this.core.waiters.waitFor(() => this.core.queued < limit, resolve2));
  }
};
function poolInput(normalized, onOpen) {
  return {
    name: normalized.name,
    open: (self) => {
      const core = new PoolCore(normalized);
      listen(core.events, normalized.on);
      onOpen?.(core);
      return new PoolLifecycle(core, self);
    }
  };
}
function startPool(normalized, Handle, onOpen) {
  const actor = startRootActor(poolMachine, poolInput(normalized, onOpen), normalized.inspect);
  return new Handle(lifecycleOf(actor), actor);
}
function lifecycleOf(ref) {
  const host = poolHostOf(ref);
  return host instanceof PoolLifecycle ? host : void 0;
}

// src/pool/submit-wait.ts
function submitWhenRoom(core, submit, task, options) {
  try {
    checkTask(core, task, options);
    if (!onlyRoomIsMissing(core)) return Promise.resolve(submit());
  } catch (error) {
    return Promise.reject(error);
  }
  const signal = options?.signal;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve2, reject) => {
    core.waiters.waitForRoom(
      () => {
        try {
          resolve2(submit());
        } catch (error) {
          reject(error);
        }
      },
      reject,
      signal,
      reject
    );
  });
}

// src/pool/pool.ts
var Pool = class extends PoolHandle {
  /**
   * Submits a task without waiting. Throws synchronously `QueueFullError`, `CircuitOpenError`,
   * `PoolClosedError`, `PoolFailedError`, or a `TypeError` for a non-function.
   *
   * @example
   * ```ts
   * const handle = pool.submit(async ({ signal }) => fetch(url, { signal }), { priority: 1 });
   * const response = await handle.result;
   * ```
   */
  submit(task, options) {
    return this.core.submit(task, options);
  }
  /**
   * Submits and awaits the result; every refusal arrives as a rejection.
   *
   * @example
   * ```ts
   * const n = await pool.run(() => 40 + 2); // 42
   * ```
   */
  run(task, options) {
    try {
      return this.core.submit(task, options).result;
    } catch (error) {
      return Promise.reject(error);
    }
  }
  /**
   * Waits (FIFO among waiters) until the queue has room, then submits. Rejects with
   * `PoolClosedError` if the pool closes first, or the signal's reason if it aborts.
   *
   * @example
   * ```ts
   * for (const job of jobs) await pool.submitWait(() => handle(job)); // back-pressure, never QueueFullError
   * ```
   */
  submitWait(task, options) {
    return submitWhenRoom(this.core, () => this.core.submit(task, options), task, options);
  }
  /**
   * Runs a named handler with `args` (the task context is passed after them).
   *
   * @example
   * ```ts
   * const pool = createPool({ handlers: { add: (a: number, b: number) => a + b } });
   * await pool.call('add', 1, 2); // 3
   * ```
   */
  call(name, ...args) {
    const handlers = this.core.options.handlers;
    const handler = Object.prototype.hasOwnProperty.call(handlers, name) ? handlers[name] : void 0;
    if (typeof handler !== "function") {
      return Promise.reject(new TypeError(`Pool "${this.name}" has no handler named ${JSON.stringify(name)}.`));
    }
    try {
      return this.core.submit((ctx) => handler(...args, ctx), void 0, name).result;
    } catch (error) {
      return Promise.reject(error);
    }
  }
};
function createPool(options = {}) {
  return startPool(normalizePoolOptions(options), Pool);
}
function poolSpec(id, options, spec = {}) {
  checkSpecArguments(id, options, spec);
  const input = poolInput(normalizePoolOptions({ name: id, ...options }));
  return { ...spec, shutdown: spec.shutdown ?? DEFAULT_WORKER_SHUTDOWN_MS, type: "supervisor", id, logic: poolMachine, input };
}
function getPool(ref) {
  if (ref === void 0 || ref === "restarting") return void 0;
  const lifecycle = lifecycleOf(ref);
  if (lifecycle === void 0 || lifecycle.core.options.backend.kind !== void 0) return void 0;
  return new Pool(lifecycle, ref);
}

// src/threads/serialized-error.ts
function deserializeError(serialized) {
  if (!serialized.isError) return serialized.value;
  const Ctor = BUILTIN_ERRORS[serialized.name] ?? Error;
  const error = new Ctor(serialized.message);
  Object.defineProperty(error, "name", { value: serialized.name, configurable: true, writable: true, enumerable: false });
  if (serialized.stack !== void 0) {
    Object.defineProperty(error, "stack", { value: serialized.stack, configurable: true, writable: true, enumerable: false });
  }
  for (const [key, value] of Object.entries(serialized.props)) {
    try {
      Reflect.set(error, key, value);
    } catch {
    }
  }
  return error;
}
var BUILTIN_ERRORS = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError
};

// src/threads/node-flags.ts
var RUNS_SOMETHING_ELSE = {
  "-e": true,
  "--eval": true,
  "-p": true,
  "--print": true,
  "-pe": true,
  "-c": false,
  "--check": false,
  "-i": false,
  "--interactive": false,
  "--run": true,
  "--prof-process": false,
  "--test": false,
  "--watch": false,
  "--watch-path": true,
  "--watch-preserve-output": false
};
var INSPECTOR = {
  "--inspect": false,
  "--inspect-brk": false,
  "--inspect-wait": false,
  "--inspect-port": true,
  "--debug-port": true,
  "--inspect-publish-uid": true
};
var WITH_VALUE = /* @__PURE__ */ new Set([
  ...Object.keys(RUNS_SOMETHING_ELSE).filter((name) => RUNS_SOMETHING_ELSE[name]),
  ...Object.keys(INSPECTOR).filter((name) => INSPECTOR[name]),
  "--import",
  "--require",
  "-r",
  "--loader",
  "--experimental-loader",
  "--conditions",
  "-C",
  "--title",
  "--env-file",
  "--test-name-pattern",
  "--test-skip-pattern",
  "--test-reporter",
  "--test-reporter-destination",
  "--test-concurrency",
  "--test-timeout",
  "--test-shard",
  "--test-isolation",
  "--test-coverage-include",
  "--test-coverage-exclude",
  "--test-coverage-branches",
  "--test-coverage-functions",
  "--test-coverage-lines"
]);
var PRELOAD_FLAGS = /* @__PURE__ */ new Set(["--import", "--require", "-r", "--loader", "--experimental-loader"]);
function flagName(token) {
  const equals = token.indexOf("=");
  return token.startsWith("--") && equals > 0 ? token.slice(0, equals) : token;
}
function replacesEntry(token) {
  const name = flagName(token);
  return name in RUNS_SOMETHING_ELSE || name.startsWith("--test-") ? name : void 0;
}
function parseFlags(argv) {
  const flags = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    const name = flagName(token);
    if (name !== token) {
      flags.push({ name, value: token.slice(name.length + 1), tokens: [token] });
    } else if (WITH_VALUE.has(name) && i + 1 < argv.length) {
      const value = argv[++i];
      flags.push({ name, value, tokens: [token, value] });
    } else {
      flags.push({ name, value: void 0, tokens: [token] });
    }
  }
  return flags;
}
function splitNodeOptions(text) {
  const out = [];
  if (text === void 0) return out;
  let current = "";
  let inToken = false;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === "\\" && i + 1 < text.length) {
      current += text[++i];
    } else if (char === '"') {
      quoted = !quoted;
      inToken = true;
    } else if (!quoted && /\s/.test(char)) {
      if (inToken) out.push(current);
      current = "";
      inToken = false;
    } else {
      current += char;
      inToken = true;
    }
  }
  if (inToken) out.push(current);
  return out;
}
function inheritedFlags(hostArgv, drop) {
  return parseFlags(hostArgv).filter((flag) => replacesEntry(flag.name) === void 0 && !(flag.name in INSPECTOR) && !drop(flag)).flatMap((flag) => flag.tokens);
}

// src/threads/thread-pool-options.ts
var MAX_THREADS = 1024;
var RESOURCE_LIMITS = ["maxYoungGenerationSizeMb", "maxOldGenerationSizeMb", "codeRangeSizeMb", "stackSizeMb"];
var PROCESS_RESOURCE_LIMITS = ["maxYoungGenerationSizeMb", "maxOldGenerationSizeMb"];
var ISOLATIONS = ["thread", "process"];
var IN_PROCESS_ONLY = {
  handlers: "a thread pool's handlers are its module's exports (createPool's `handlers` is for in-process pools)",
  worker: "a thread pool's per-thread resource is made by its module's `init` / `dispose` exports",
  wrap: "tasks of a thread pool are named calls into a thread; a wrapper function cannot cross to it",
  isFatal: "in a thread pool only a lost thread is fatal to its worker (isFatal is createPool's)",
  timeoutGrace: "a thread pool terminates a timed-out call's thread at once: no code is left running to wait for"
};
var THREAD_POOL_OPTIONS = [
  ...POOL_OPTIONS.filter((key) => !(key in IN_PROCESS_ONLY)),
  "resourceLimits",
  "disposeTimeout",
  "isolation",
  "workerData",
  "env",
  "execArgv",
  "prefetch"
];
function normalizeThreadPoolOptions(options) {
  checkOptions(options, "", THREAD_POOL_OPTIONS, IN_PROCESS_ONLY, ["workerData"]);
  const size = options.size;
  const most = typeof size === "object" && size !== null ? size.max : size;
  if (typeof most === "number" && Number.isInteger(most) && most > MAX_THREADS) {
    throw new InvalidOptionError(typeof size === "object" ? "size.max" : "size", most, `an integer from 1 to ${MAX_THREADS}`);
  }
  const isolation = options.isolation ?? "thread";
  if (!ISOLATIONS.includes(isolation)) throw new InvalidOptionError("isolation", options.isolation, "'thread' or 'process'");
  const disposeTimeout = options.disposeTimeout ?? 5e3;
  if (typeof disposeTimeout !== "number" || !(disposeTimeout >= 0)) {
    throw new InvalidOptionError("disposeTimeout", options.disposeTimeout, "a number of ms >= 0 (Infinity: wait for ever)");
  }
  const resourceLimits = options.resourceLimits;
  if (resourceLimits !== void 0) {
    const hint = "a process pool limits its heap only (--max-old-space-size, --max-semi-space-size)";
    const known = isolation === "process" ? PROCESS_RESOURCE_LIMITS : RESOURCE_LIMITS;
    checkOptions(resourceLimits, "resourceLimits", known, isolation === "process" ? { codeRangeSizeMb: hint, stackSizeMb: hint } : {});
    for (const [key, value] of Object.entries(resourceLimits)) {
      if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw new InvalidOptionError(`resourceLimits.${key}`, value, "a finite number of MB > 0");
      if (isolation === "process" && !Number.isInteger(value)) throw new InvalidOptionError(`resourceLimits.${key}`, value, "a whole number of MB (a process pool passes it as a Node flag)");
    }
  }
  const workerData = checkWorkerData(options.workerData, isolation);
  const env = checkEnv(options.env, isolation);
  const execArgv = checkExecArgv(options.execArgv);
  const prefetch = options.prefetch ?? true;
  if (typeof prefetch !== "boolean") throw new InvalidOptionError("prefetch", options.prefetch, "true or false");
  const { resourceLimits: _limits, disposeTimeout: _dispose, isolation: _isolation, workerData: _data, env: _env, execArgv: _argv, prefetch: _prefetch, ...poolOptions } = options;
  return { poolOptions, resourceLimits, disposeTimeout, isolation, workerData, env, execArgv, prefetch };
}
function checkWorkerData(value, isolation) {
  if (value === void 0) return void 0;
  try {
    if (isolation === "process") serialize(value);
    else structuredClone(value);
  } catch {
    const how = isolation === "process" ? "V8's serializer (a process pool's IPC)" : "structured clone";
    throw new InvalidOptionError("workerData", value, `a value ${how} can copy: no functions, symbols or other uncloneable values`);
  }
  return value;
}
function checkEnv(value, isolation) {
  if (value === void 0) return void 0;
  if (value === SHARE_ENV) {
    if (isolation === "process") throw new InvalidOptionError("env", value, "an object of strings (SHARE_ENV shares a thread\u2019s environment with the host; a process has its own)");
    return SHARE_ENV;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidOptionError("env", value, "an object of environment variables (name \u2192 string), or SHARE_ENV for threads");
  }
  const env = {};
  for (const [name, text] of Object.entries(value)) {
    if (text === void 0) continue;
    if (typeof text !== "string") throw new InvalidOptionError(`env.${name}`, text, "a string (or undefined: not set)");
    if (name.includes("\0") || text.includes("\0")) throw new InvalidOptionError(`env.${name}`, text, "a name and value without NUL characters");
    env[name] = text;
  }
  return Object.freeze(env);
}
function checkExecArgv(value) {
  if (value === void 0) return void 0;
  if (!Array.isArray(value)) throw new InvalidOptionError("execArgv", value, 'an array of Node flags, like ["--enable-source-maps"]');
  value.forEach((flag, i) => {
    if (typeof flag !== "string" || flag.length === 0 || flag.includes("\0")) throw new InvalidOptionError(`execArgv[${i}]`, flag, "a non-empty string");
    const other = replacesEntry(flag);
    if (other !== void 0) throw new InvalidOptionError(`execArgv[${i}]`, flag, `a Node flag that leaves the pool's entry alone (${other} would run something else)`);
  });
  return Object.freeze([...value]);
}

// src/threads/thread-entry.ts
var ENTRY_BODY = `
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
    if (message[4] !== undefined) taskPrefix = message[4];
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
  // sleep: waking a sleeping thread costs tens of \xB5s, often more than the call. At most
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
      Atomics.sub(spinners, 0, 1);
    }
    if (!busy) idleSince = performance.now();
  }

  function enterSpin() {
    if (Atomics.add(spinners, 0, 1) < spinLimit) return true;
    Atomics.sub(spinners, 0, 1);
    return false;
  }

  parentPort.on('message', dispatch);
  send([READY]);
})();
`;
var THREAD_CONNECT = "({ parentPort, workerData, threadId, receiveMessageOnPort } = await import('node:worker_threads'));";
var PROCESS_CONNECT = [
  // Listening before the first await: the host's first message (the workerData) may already wait.
  "const booted = new Promise((resolve) => process.once('message', resolve));",
  "parentPort = { postMessage: (message) => process.send(message), on: (event, listener) => process.on(event, listener) };",
  "threadId = process.pid;",
  "process.on('disconnect', () => process.exit(0));",
  // A task that never yields keeps 'disconnect' from ever running: a watchdog thread sees the host
  // go (this process is re-parented) and kills the process, so no worker outlives its host.
  "const { Worker } = await import('node:worker_threads');",
  // It runs with no flags of its own (a preload would only slow it down) and as script or module.
  `new Worker("import('node:worker_threads').then(({ workerData }) => setInterval(() => { if (process.ppid !== workerData) process.kill(process.pid, 'SIGKILL'); }, 250));", { eval: true, workerData: process.ppid, execArgv: [] }).unref();`,
  "workerData = (await booted)[1];"
].join("\n  ");
function entry(connect, boot) {
  return ENTRY_BODY.replace("__BOOT__", () => JSON.stringify(boot)).replace("CONNECT", () => connect);
}
function threadEntrySource(boot) {
  return entry(THREAD_CONNECT, boot);
}
function processEntrySource(boot) {
  return entry(PROCESS_CONNECT, boot);
}
var MSG_CALL = 0;
var MSG_DISPOSE = 1;
var MSG_READY = 2;
var MSG_INIT_FAILED = 3;
var MSG_OK = 4;
var MSG_ERR = 5;
var MSG_DISPOSED = 6;
var MSG_BOOT = 7;
var MSG_SETUP = 8;
function threadLink(settings, workerId) {
  const { url, resourceLimits, env, execArgv } = settings;
  const thread = new Worker(threadEntrySource({ url, workerId, preload: settings.preload }), {
    eval: true,
    workerData: settings.workerData,
    ...resourceLimits === void 0 ? {} : { resourceLimits },
    ...env === void 0 ? {} : { env },
    ...execArgv === void 0 ? {} : { execArgv: [...execArgv] }
  });
  return {
    isolation: "thread",
    id: thread.threadId,
    send: (message, transfer) => thread.postMessage(message, transfer),
    onMessage: (listener) => thread.on("message", listener),
    onError: (listener) => thread.on("error", listener),
    onExit: (listener) => thread.on("exit", (code) => listener(code, null)),
    kill: async () => {
      await thread.terminate();
    }
  };
}
function processLink(settings, workerId) {
  const { url, resourceLimits, env } = settings;
  const flags = [...settings.execArgv ?? settings.inherited];
  if (resourceLimits?.maxOldGenerationSizeMb !== void 0) flags.push(`--max-old-space-size=${resourceLimits.maxOldGenerationSizeMb}`);
  if (resourceLimits?.maxYoungGenerationSizeMb !== void 0) {
    flags.push(`--max-semi-space-size=${Math.max(1, Math.round(resourceLimits.maxYoungGenerationSizeMb / 3))}`);
  }
  const child = spawn(process.execPath, [...flags, "-e", processEntrySource({ url, workerId, preload: [] })], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    serialization: "advanced",
    ...env === void 0 ? {} : { env }
  });
  child.send([MSG_BOOT, settings.workerData], (error) => void 0);
  let exited;
  const gone = new Promise((resolve2) => child.once("exit", () => resolve2()));
  return {
    isolation: "process",
    id: child.pid ?? -1,
    send: (message) => {
      if (!child.connected) throw new Error(`Process ${child.pid ?? "?"} is gone.`);
      child.send(message);
    },
    onMessage: (listener) => child.on("message", (message) => listener(message)),
    onError: (listener) => child.on("error", listener),
    onExit: (listener) => child.once("exit", (code, signal) => listener(code, signal)),
    kill: () => {
      exited ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        await gone;
      })();
      return exited;
    }
  };
}

// src/threads/thread-channel.ts
var spinners = new Int32Array(new SharedArrayBuffer(4));
var SPIN_LIMIT = Math.max(0, availableParallelism() - 1);
var LINGER_US = 50;
var THREAD_CALL = /* @__PURE__ */ Symbol("overseer.threadCall");
var ThreadChannel = class _ThreadChannel {
  constructor(workerId, thread, options) {
    this.workerId = workerId;
    this.thread = thread;
    this.options = options;
    this.threadId = thread.id;
    if (thread.isolation === "thread") {
      this.gate = new Int32Array(new SharedArrayBuffer(8));
      thread.send([MSG_SETUP, this.gate.buffer, spinners.buffer, SPIN_LIMIT, LINGER_US], void 0);
    }
  }
  workerId;
  thread;
  options;
  /** The thread's `threadId`, or the process's pid. */
  threadId;
  pending;
  exitCode;
  exitSignal;
  lastError;
  disposing = false;
  /** The task id prefix the thread knows (sent with the first call, and again if it changes). */
  prefix;
  onDisposed;
  /**
   * Threads only: the prefetch gate. Slot `ticket & 1` holds the ticket of a call the thread may
   * start (0: none). Two slots, because the pool adopts a call before the thread may have taken its
   * ticket, and may reserve the next one at once: consecutive tickets never share a slot.
   */
  gate;
  tickets = 0;
  reservation;
  /**
   * Spawns the thread (or process) and resolves once its module is loaded and its `init` returned.
   * If `signal` aborts first (the worker was stopped meanwhile), it is killed and this rejects: a
   * module whose `init` never settles cannot keep a pool from closing.
   */
  static start(workerId, options, signal) {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve2, reject) => {
      let thread;
      try {
        const link = options.isolation === "process" ? processLink : threadLink;
        thread = link(options, workerId);
      } catch (error) {
        reject(error);
        return;
      }
      const channel = new _ThreadChannel(workerId, thread, options);
      let started = false;
      const onAbort = () => {
        if (started) return;
        started = true;
        channel.disposing = true;
        void thread.kill().then(
          () => reject(signal?.reason),
          () => reject(signal?.reason)
        );
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      thread.onMessage((message) => {
        if (started) {
          channel.onMessage(message);
          return;
        }
        if (message[0] === MSG_READY) {
          started = true;
          signal?.removeEventListener("abort", onAbort);
          resolve2(channel);
        } else if (message[0] === MSG_INIT_FAILED) {
          started = true;
          signal?.removeEventListener("abort", onAbort);
          channel.disposing = true;
          void thread.kill();
          reject(deserializeError(message[1]));
        }
      });
      thread.onError((error) => {
        channel.lastError = error;
      });
      thread.onExit((code, killedBy) => {
        channel.exitCode = code ?? -1;
        channel.exitSignal = killedBy ?? void 0;
        if (!started) {
          started = true;
          signal?.removeEventListener("abort", onAbort);
          reject(channel.lastError ?? new Error(`${channel.what} exited with ${channel.how} before it was ready.`));
          return;
        }
        channel.onExit();
      });
    });
  }
  /** Whether the thread is still running. */
  get alive() {
    return this.exitCode === void 0;
  }
  /**
   * Runs the module's function `name` with `args` in the thread. `transfer` lists
   * ArrayBuffers / MessagePorts to move instead of copy (they are detached here).
   */
  call(name, args, transfer, task) {
    const reservation = this.reservation;
    if (reservation !== void 0 && reservation.seq === task.seq) return this.adopt(reservation);
    if (this.exitCode !== void 0) {
      return Promise.reject(this.crashError(task.id));
    }
    if (transfer !== void 0 && transfer.length > 0 && this.thread.isolation === "process") {
      return Promise.reject(new TypeError("transfer lists move memory between threads; a process pool copies every argument."));
    }
    return new Promise((resolve2, reject) => {
      this.pending = { seq: task.seq, resolve: resolve2, reject };
      try {
        this.post(name, args, transfer, task, void 0);
      } catch (error) {
        this.pending = void 0;
        reject(error);
      }
    });
  }
  /**
   * Sends `task`'s call ahead while the thread still runs another: the thread starts it the
   * moment its current call succeeds, without waiting for the host to hear of it (the host's
   * wake-up is the larger part of a small call). The pool adopts it with {@link call} once the
   * current call's result is in, or takes it back with {@link release}. False when it cannot be
   * sent ahead (a process, a transfer list, a call already reserved, a thread going away).
   *
   * @example
   * ```ts
   * if (channel.reserve('resize', [image], undefined, next)) worker.reserved = next;
   * ```
   */
  reserve(name, args, transfer, task) {
    const gate = this.gate;
    if (gate === void 0 || this.reservation !== void 0 || this.exitCode !== void 0 || this.disposing) return false;
    if (transfer !== void 0 && transfer.length > 0) return false;
    const ticket = this.tickets = this.tickets % 2147483646 + 1;
    Atomics.store(gate, ticket & 1, ticket);
    try {
      this.post(name, args, void 0, task, ticket);
    } catch {
      Atomics.store(gate, ticket & 1, 0);
      return false;
    }
    this.reservation = { seq: task.seq, ticket, reply: void 0 };
    return true;
  }
  /**
   * Takes the reserved call back. True: the thread will never start it (or nothing was reserved).
   * False: the thread has started it; it stays reserved, for the pool to adopt or to stop the thread.
   *
   * @example
   * ```ts
   * if (!channel.release()) console.log('already running on the thread');
   * ```
   */
  release() {
    const reservation = this.reservation;
    if (reservation === void 0) return true;
    const ticket = reservation.ticket;
    if (Atomics.compareExchange(this.gate, ticket & 1, ticket, 0) !== ticket) return false;
    this.reservation = void 0;
    return true;
  }
  /** The reserved call is the pool's running task now: its answer settles it. */
  adopt(reservation) {
    this.reservation = void 0;
    return new Promise((resolve2, reject) => {
      this.pending = { seq: reservation.seq, resolve: resolve2, reject };
      if (reservation.reply !== void 0) this.onMessage(reservation.reply);
      else if (this.exitCode !== void 0) this.onExit();
    });
  }
  post(name, args, transfer, task, ticket) {
    const prefix = task.idPrefix === this.prefix ? void 0 : task.idPrefix;
    if (ticket !== void 0) this.thread.send([MSG_CALL, task.seq, name, args, prefix, ticket], transfer);
    else if (prefix === void 0) this.thread.send([MSG_CALL, task.seq, name, args], transfer);
    else this.thread.send([MSG_CALL, task.seq, name, args, prefix], transfer);
    if (prefix !== void 0) this.prefix = prefix;
  }
  /** Runs the module's `dispose` (bounded by `disposeTimeout`), then terminates the thread. */
  async dispose() {
    if (this.disposing || this.exitCode !== void 0) {
      await this.terminate();
      return;
    }
    this.disposing = true;
    const disposed = new Promise((resolve2) => this.onDisposed = resolve2);
    let timer;
    const timedOut = new Promise((resolve2) => timer = longTimeout(resolve2, this.options.disposeTimeout));
    try {
      this.thread.send([MSG_DISPOSE], void 0);
      await Promise.race([disposed, timedOut]);
    } catch {
    } finally {
      timer?.cancel();
    }
    await this.terminate();
  }
  /** Stops the thread now (a timeout, an abort, a crash). */
  async terminate() {
    this.disposing = true;
    if (this.exitCode !== void 0) return;
    try {
      await this.thread.kill();
    } catch {
    }
  }
  onMessage(message) {
    const kind = message[0];
    if (kind === MSG_DISPOSED) {
      this.onDisposed?.();
      return;
    }
    const pending = this.pending;
    if (pending === void 0 || pending.seq !== message[1]) {
      if (this.reservation !== void 0 && this.reservation.seq === message[1]) this.reservation.reply = message;
      return;
    }
    this.pending = void 0;
    if (kind === MSG_OK) pending.resolve(message[2]);
    else if (kind === MSG_ERR) pending.reject(deserializeError(message[2]));
  }
  onExit() {
    const pending = this.pending;
    this.pending = void 0;
    this.onDisposed?.();
    if (pending !== void 0) {
      pending.reject(this.crashError(`${this.prefix}-${pending.seq}`));
      return;
    }
    if (!this.disposing) this.options.onBroken(this.workerId, this.crashError(void 0));
  }
  get what() {
    return this.thread.isolation === "process" ? `Process ${this.threadId}` : `Thread ${this.threadId}`;
  }
  get how() {
    return this.exitSignal !== void 0 ? `signal ${this.exitSignal}` : `code ${this.exitCode}`;
  }
  crashError(taskId) {
    const cause = this.lastError ?? new Error(`${this.what} exited with ${this.how}.`);
    return new WorkerCrashError(this.workerId, taskId, cause, this.exitSignal === void 0 ? this.exitCode : void 0, this.exitSignal, this.thread.isolation);
  }
};
var TS_EXTENSION = /\.(ts|mts|cts|tsx)$/;
var TS_TWINS = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"]
};
function isTypeScriptModule(moduleUrl2) {
  if (!moduleUrl2.startsWith("file:")) return false;
  const path = fileURLToPath(moduleUrl2);
  if (TS_EXTENSION.test(path)) return true;
  const extension = /\.[cm]?jsx?$/.exec(path)?.[0];
  if (extension === void 0 || existsSync(path)) return false;
  const stem = path.slice(0, -extension.length);
  return (TS_TWINS[extension] ?? []).some((twin) => existsSync(stem + twin));
}
function isTsxFlag(flag) {
  return PRELOAD_FLAGS.has(flag.name) && flag.value !== void 0 && tsxPackageOf(flag.value) !== void 0;
}
function tsxPackageOf(value) {
  if (value === "tsx" || value.startsWith("tsx/")) {
    try {
      return createRequire(join(process.cwd(), "noop.js")).resolve("tsx/package.json");
    } catch {
      return void 0;
    }
  }
  const path = value.startsWith("file:") ? fileURLToPath(value) : value;
  const marker = `${sep}node_modules${sep}tsx${sep}`;
  const at = path.lastIndexOf(marker);
  if (at < 0) return void 0;
  const packageJson = path.slice(0, at + marker.length) + "package.json";
  return existsSync(packageJson) ? packageJson : void 0;
}
function threadPreloads(moduleUrl2, flags) {
  if (!isTypeScriptModule(moduleUrl2)) return [];
  for (const flag of parseFlags(flags)) {
    const packageJson = PRELOAD_FLAGS.has(flag.name) && flag.value !== void 0 ? tsxPackageOf(flag.value) : void 0;
    if (packageJson === void 0) continue;
    const exports = JSON.parse(readFileSync(packageJson, "utf8")).exports ?? {};
    const cjs = importTarget(exports["./cjs"]);
    const api = importTarget(exports["./esm/api"]);
    if (cjs === void 0 || api === void 0) return [];
    const at = (target) => pathToFileURL(join(dirname(packageJson), target)).href;
    return [{ url: at(cjs) }, { url: at(api), call: "register" }];
  }
  return [];
}
function importTarget(entry2) {
  if (typeof entry2 === "string") return entry2;
  if (entry2 === null || typeof entry2 !== "object" || Array.isArray(entry2)) return void 0;
  for (const [condition, inner] of Object.entries(entry2)) {
    if (condition !== "node" && condition !== "import" && condition !== "default") continue;
    const target = importTarget(inner);
    if (target !== void 0) return target;
  }
  return void 0;
}

// src/threads/thread-pool-setup.ts
var threadPoolCores = /* @__PURE__ */ new WeakSet();
function isThreadPoolCore(core) {
  return threadPoolCores.has(core);
}
function moduleUrl(module) {
  if (module instanceof URL) return module.href;
  if (typeof module === "string" && module.length > 0) {
    if (/^(file|data):/.test(module)) return module;
    return pathToFileURL(isAbsolute(module) ? module : resolve(module)).href;
  }
  throw new InvalidOptionError("module", module, "a file URL or a path to the handlers module");
}
function setUpThreadPool(module, options, name) {
  const url = moduleUrl(module);
  const checked = normalizeThreadPoolOptions(options);
  const { poolOptions, isolation, execArgv, env } = checked;
  const envSize = typeof process !== "undefined" ? process.env?.[POOL_SIZE_ENV] : void 0;
  const typeScript = isTypeScriptModule(url);
  const nodeOptions = typeof env === "object" ? env.NODE_OPTIONS : process.env.NODE_OPTIONS;
  const threadFlags = [...execArgv ?? process.execArgv, ...splitNodeOptions(nodeOptions)];
  let core;
  const spawn2 = {
    url,
    resourceLimits: checked.resourceLimits,
    workerData: checked.workerData,
    env,
    execArgv,
    inherited: isolation === "process" ? inheritedFlags(process.execArgv, (flag) => !typeScript && isTsxFlag(flag)) : [],
    preload: isolation === "thread" ? threadPreloads(url, threadFlags) : [],
    isolation,
    disposeTimeout: checked.disposeTimeout,
    // Each incarnation under a supervisor opens a new core; a worker id names one worker of one
    // core only, so a late report from an earlier incarnation finds nothing to do.
    onBroken: (workerId, error) => core === void 0 ? void 0 : loseWorker(core, workerId, error)
  };
  const size = options.size;
  const normalized = normalizePoolOptions({
    // No user code runs on the main thread for a call: its async context has nothing to reach.
    propagateContext: false,
    ...name === void 0 ? {} : { name },
    ...poolOptions,
    size: size ?? (envSize === void 0 || envSize.trim() === "" ? availableParallelism() : void 0),
    worker: {
      init: ({ workerId, signal }) => ThreadChannel.start(workerId, spawn2, signal),
      dispose: (channel) => channel.dispose()
    }
  });
  if (normalized.size > MAX_THREADS) {
    throw new InvalidOptionError(size === void 0 ? POOL_SIZE_ENV : "size", normalized.size, `an integer from 1 to ${MAX_THREADS}`);
  }
  normalized.backend = { kind: "threads", kill: (channel) => void channel.terminate(), abortKillsWorker: true };
  if (checked.prefetch && isolation === "thread") {
    normalized.backend.reserve = (channel, task) => {
      const call = task.fn[THREAD_CALL];
      return call !== void 0 && channel.reserve(call.name, call.args, call.transfer, task);
    };
    normalized.backend.release = (channel) => channel.release();
  }
  const onOpen = (opened) => {
    core = opened;
    threadPoolCores.add(opened);
  };
  return { normalized, onOpen };
}

// src/threads/thread-pool.ts
var ThreadPool = class extends PoolHandle {
  /** @internal `resize()` holds a thread pool to `MAX_THREADS`, as `createThreadPool` does. */
  get sizeCap() {
    return MAX_THREADS;
  }
  /**
   * Calls the module's function `name` in a thread.
   *
   * @example
   * ```ts
   * const pool = createThreadPool<typeof import('./hash.js')>(new URL('./hash.js', import.meta.url));
   * const digest = await pool.call('sha256', 'hello'); // typed from the module
   * ```
   */
  call(name, ...args) {
    return this.run(name, args);
  }
  /**
   * Like `call`, with task options (`signal`, `timeout`, `priority`, `transfer`).
   *
   * @example
   * ```ts
   * const buf = new ArrayBuffer(1 << 20);
   * await pool.run('checksum', [buf], { transfer: [buf], timeout: 1000 }); // buf is detached now
   * ```
   */
  run(name, args, options) {
    try {
      return this.submit(name, args, options).result;
    } catch (error) {
      return Promise.reject(error);
    }
  }
  /**
   * Submits a call without waiting; throws synchronously on refusal, as `Pool.submit`.
   *
   * @example
   * ```ts
   * const handle = pool.submit('resize', [image]);
   * handle.cancel(); // terminates the thread if it already runs
   * ```
   */
  submit(name, args, options) {
    return this.core.submit(this.taskFor(name, args, options?.transfer), options, name);
  }
  /**
   * Waits for room in the queue, then submits (as `Pool.submitWait`).
   *
   * @example
   * ```ts
   * for (const file of files) await pool.submitWait('hashFile', [file]);
   * ```
   */
  submitWait(name, args, options) {
    try {
      const task = this.taskFor(name, args, options?.transfer);
      return submitWhenRoom(this.core, () => this.core.submit(task, options, name), task, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  taskFor(name, args, transfer) {
    if (typeof name !== "string") throw new TypeError(`Thread pool "${this.name}": a handler name must be a string.`);
    if (!Array.isArray(args)) throw new TypeError(`Thread pool "${this.name}": args must be an array.`);
    const task = (ctx) => ctx.resource.call(name, args, transfer, ctx);
    task[THREAD_CALL] = { name, args, transfer };
    return task;
  }
};
function createThreadPool(module, options = {}) {
  const { normalized, onOpen } = setUpThreadPool(module, options);
  return startPool(normalized, ThreadPool, onOpen);
}

// src/threads/thread-pool-spec.ts
function threadPoolSpec(id, module, options = {}, spec = {}) {
  checkSpecArguments(id, options, spec);
  const { normalized, onOpen } = setUpThreadPool(module, options, id);
  const input = poolInput(normalized, onOpen);
  return { ...spec, shutdown: spec.shutdown ?? DEFAULT_WORKER_SHUTDOWN_MS, type: "supervisor", id, logic: poolMachine, input };
}
function getThreadPool(ref) {
  if (ref === void 0 || ref === "restarting") return void 0;
  const lifecycle = lifecycleOf(ref);
  if (lifecycle === void 0 || !isThreadPoolCore(lifecycle.core)) return void 0;
  return new ThreadPool(lifecycle, ref);
}

export { CHECKPOINT_EVENT, CircuitOpenError, DEFAULT_FRESH_IF_CRASH_WITHIN_MS, DEFAULT_INTENSITY, DEFAULT_MAX_HELD_EVENTS, DEFAULT_PERIOD_MS, DEFAULT_WORKER_SHUTDOWN_MS, HeldEventsFullError, MAX_POOL_SIZE, MAX_QUEUE_SIZE_ENV, MAX_THREADS, MAX_TIMER_MS, NameAlreadyRegisteredError, NameNotRegisteredError, NotPersistedError, POOL_SIZE_ENV, PersistKeyInUseError, Pool, PoolClosedError, PoolFailedError, PoolHandle, PoolRecoveringError, QueueFullError, Registry, SHUTDOWN_EVENT, STARTING_TAG, SnapshotNotSerializableError, SnapshotStoreError, Supervisor, SupervisorHandle, TaskCancelledError, TaskTimeoutError, ThreadPool, WorkerCrashError, assertSerializable, backoffDelay, breakerMachine, checkListeners, checkSpecArguments, checkpoint, createPool, createSafeEmitter, createThreadPool, currentIncarnation, deserializeError, getPool, getSupervisor, getThreadPool, isAbnormal, isTypeScriptModule, listen, liveRoots, normalizeBackoff, normalizeDynamicSupervisorOptions, normalizeSupervisorOptions, onLiveRoot, optionalFunction, poolMachine, poolSpec, positiveInteger, positiveMs, startChild, startSupervisor, startSupervisorActor, summarize, supervisorCoreOf, supervisorMachine, supervisorSpec, terminateActor, terminateChild, threadPoolSpec, workerMachine };
//# sourceMappingURL=chunk-2CH7TKCZ.js.map
//# sourceMappingURL=chunk-2CH7TKCZ.js.map