import { DynamicSupervisor, getDynamicSupervisor } from './chunk-HEFNJYOW.js';
import { PoolHandle, SupervisorHandle, getPool, getThreadPool, getSupervisor } from './chunk-2CH7TKCZ.js';
import { checkOptions } from './chunk-VZOJWXSB.js';
import { InvalidOptionError } from './chunk-AESCEPAJ.js';
import { createNoopMeter, metrics } from '@opentelemetry/api';

// src/otel/names.ts
var ATTR = {
  /** The pool's name (`pool.name`). */
  poolName: "overseer.pool.name",
  /** The task's `SubmitOptions.label` (a named handler's name for `call`); absent when it has none. */
  taskLabel: "overseer.task.label",
  /** How a settled task ended: `completed`, `failed`, `timed_out`, `cancelled`. */
  taskOutcome: "overseer.task.outcome",
  /** Where an accepted, unsettled task is: `queued`, `running`, `retrying` (waiting out a retry's backoff). */
  taskState: "overseer.task.state",
  /** Why a submission was refused: `queue_full`, `circuit_open`, `closing`, `closed`, `failed`. */
  rejectionReason: "overseer.rejection.reason",
  /** The pool's phase: `running`, `recovering`, `closing`, `closed`, `failed`. */
  poolPhase: "overseer.pool.phase",
  /** A worker slot's state: `idle`, `busy`, `starting`, `crashed`. */
  workerState: "overseer.worker.state",
  /** A circuit's state: `closed`, `open`, `half_open`. */
  circuitState: "overseer.circuit.state",
  /** The supervisor's name. */
  supervisorName: "overseer.supervisor.name",
  /** The child's spec id (static supervisors only: a dynamic supervisor's children are unbounded). */
  childId: "overseer.child.id",
  /** Why a child exited on its own: `normal`, `shutdown`, `crashed`, `killed`. */
  exitReason: "overseer.exit.reason",
  /** Why a supervisor stopped: `requested`, `reached_max_restart_intensity`, `auto_shutdown`, `killed`, `failed_to_start`. */
  shutdownCause: "overseer.shutdown.cause",
  /** The semantic-convention attribute for a failed operation: the error's class name. */
  errorType: "error.type"
};
var spec = (name, kind, unit, description, attributes) => ({
  name,
  kind,
  unit,
  description,
  attributes
});
var POOL = [ATTR.poolName];
var TASK = [ATTR.poolName, ATTR.taskLabel];
var CHILD = [ATTR.supervisorName, ATTR.childId];
var METRICS = {
  accepted: spec("overseer.pool.accepted_tasks", "counter", "{task}", "Submissions the pool accepted.", POOL),
  settled: spec("overseer.pool.settled_tasks", "counter", "{task}", "Accepted tasks that settled, by outcome.", [...TASK, ATTR.taskOutcome]),
  rejected: spec("overseer.pool.rejected_tasks", "counter", "{task}", "Submissions the pool refused, by reason.", [...TASK, ATTR.rejectionReason]),
  retries: spec("overseer.pool.task.retries", "counter", "{retry}", "Failed task attempts that will be retried.", TASK),
  runDuration: spec("overseer.pool.task.run.duration", "histogram", "s", "How long settled tasks ran (tasks that started).", [
    ...TASK,
    ATTR.taskOutcome
  ]),
  waitDuration: spec("overseer.pool.task.wait.duration", "histogram", "s", "How long settled tasks waited before starting (or before settling, if they never started).", [
    ...TASK,
    ATTR.taskOutcome
  ]),
  tasks: spec("overseer.pool.task.count", "updowncounter", "{task}", "Accepted tasks not settled yet, by state.", [...POOL, ATTR.taskState]),
  workers: spec("overseer.pool.worker.count", "updowncounter", "{worker}", "Worker slots by state.", [...POOL, ATTR.workerState]),
  workerLimit: spec("overseer.pool.worker.limit", "updowncounter", "{worker}", "Most workers the pool runs at once.", POOL),
  crashes: spec("overseer.pool.worker.crashes", "counter", "{crash}", "Worker crashes.", POOL),
  restarts: spec("overseer.pool.worker.restarts", "counter", "{restart}", "Workers restarted after a crash.", POOL),
  circuitStatus: spec("overseer.pool.circuit.status", "updowncounter", "1", "The circuit's state: 1 for the current state, 0 for the others.", [
    ...POOL,
    ATTR.circuitState
  ]),
  circuitTransitions: spec("overseer.pool.circuit.transitions", "counter", "{transition}", "Circuit state changes, by the new state.", [
    ...POOL,
    ATTR.circuitState
  ]),
  status: spec("overseer.pool.status", "updowncounter", "1", "The pool's phase: 1 for the current phase, 0 for the others.", [...POOL, ATTR.poolPhase]),
  recoveries: spec("overseer.pool.recoveries", "counter", "{recovery}", "Times a pool with no parent exhausted its workers' restart intensity and backed off to start fresh ones.", POOL),
  childRestarts: spec("overseer.supervisor.child.restarts", "counter", "{restart}", "Child restarts by the restart strategy; a failed attempt carries error.type.", [
    ...CHILD,
    ATTR.errorType
  ]),
  childExits: spec("overseer.supervisor.child.exits", "counter", "{exit}", "Children that exited on their own, by reason.", [...CHILD, ATTR.exitReason]),
  shutdowns: spec("overseer.supervisor.shutdowns", "counter", "{shutdown}", "Supervisors that stopped, by cause (reached_max_restart_intensity: it gave up).", [
    ATTR.supervisorName,
    ATTR.shutdownCause
  ])
};
var DURATION_BUCKETS = [
  1e-4,
  25e-5,
  5e-4,
  1e-3,
  25e-4,
  5e-3,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  30,
  60
];

// src/otel/instruments.ts
var NOOP_METER = createNoopMeter();
function createInstruments(meter, durations = true) {
  const observables = {};
  let runDuration;
  let waitDuration;
  for (const [key, spec2] of Object.entries(METRICS)) {
    const options = { description: spec2.description, unit: spec2.unit };
    if (spec2.kind === "histogram") {
      const from = durations ? meter : NOOP_METER;
      const histogram = from.createHistogram(spec2.name, { ...options, advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] } });
      if (key === "runDuration") runDuration = histogram;
      else waitDuration = histogram;
    } else if (spec2.kind === "counter") {
      observables[key] = meter.createObservableCounter(spec2.name, options);
    } else {
      observables[key] = meter.createObservableUpDownCounter(spec2.name, options);
    }
  }
  return {
    runDuration,
    waitDuration,
    observables
  };
}
var NoopMeter = NOOP_METER.constructor;
function isNoopMeter(meter) {
  return meter instanceof NoopMeter;
}
var METER_METHODS = [
  "createHistogram",
  "createObservableCounter",
  "createObservableUpDownCounter",
  "addBatchObservableCallback",
  "removeBatchObservableCallback"
];
function missingMeterMethod(value) {
  return METER_METHODS.find((name) => typeof value[name] !== "function");
}

// src/otel/version.ts
var OVERSEER_VERSION = "0.1.0";

// src/otel/options.ts
var OPTION_KEYS = ["meter", "attributes", "durations"];
function normalizeInstrumentOptions(options) {
  if (options === void 0) return { meter: metrics.getMeter("overseer", OVERSEER_VERSION), attributes: {}, durations: true };
  checkOptions(options, "", OPTION_KEYS);
  const { meter, attributes, durations } = options;
  if (durations !== void 0 && typeof durations !== "boolean") throw new InvalidOptionError("durations", durations, "a boolean");
  return { meter: checkMeter(meter), attributes: checkAttributes(attributes), durations: durations ?? true };
}
function checkMeter(meter) {
  if (meter === void 0) return metrics.getMeter("overseer", OVERSEER_VERSION);
  if (typeof meter !== "object" || meter === null) throw new InvalidOptionError("meter", meter, "an OpenTelemetry Meter (meterProvider.getMeter(name))");
  const missing = missingMeterMethod(meter);
  if (missing !== void 0) throw new InvalidOptionError("meter", meter, `an OpenTelemetry Meter (this one has no ${missing}())`);
  return meter;
}
var isPrimitive = (value) => typeof value === "string" || typeof value === "boolean" || typeof value === "number" && Number.isFinite(value);
function checkAttributes(attributes) {
  if (attributes === void 0) return {};
  if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) {
    throw new InvalidOptionError("attributes", attributes, "an object of attribute values");
  }
  const copy = {};
  for (const [key, value] of Object.entries(attributes)) {
    const ok = isPrimitive(value) || Array.isArray(value) && value.every((item) => item === null || item === void 0 || isPrimitive(item));
    if (!ok) throw new InvalidOptionError(`attributes.${key}`, value, "a string, a finite number, a boolean or an array of them");
    copy[key] = value;
  }
  return copy;
}

// src/otel/pool-series.ts
var CIRCUIT_VALUES = ["closed", "open", "half_open"];
var MAX_LABELS = 200;
var OVERFLOW_LABEL = "_other";
var series = (attributes) => ({ attributes, value: 0 });
var PoolSeries = class {
  constructor(name, extra) {
    this.name = name;
    this.attributes = { ...extra, [ATTR.poolName]: name };
    this.crashes = series(this.attributes);
    this.restarts = series(this.attributes);
    this.recoveries = series(this.attributes);
    this.transitions = {
      closed: series({ ...this.attributes, [ATTR.circuitState]: "closed" }),
      open: series({ ...this.attributes, [ATTR.circuitState]: "open" }),
      half_open: series({ ...this.attributes, [ATTR.circuitState]: "half_open" })
    };
  }
  name;
  /** The pool's attributes: the user's, then `overseer.pool.name`. */
  attributes;
  /** Tasks accepted by incarnations no longer watched (their last reading). */
  acceptedCarried = 0;
  crashes;
  restarts;
  recoveries;
  transitions;
  labels = /* @__PURE__ */ new Map();
  /** The series of tasks with `label` that ended with `outcome`. */
  outcome(label, outcome) {
    const one = this.label(label);
    return one.outcomes[outcome] ?? (one.outcomes[outcome] = series({ ...one.attributes, [ATTR.taskOutcome]: outcome }));
  }
  /** The series of retried attempts of tasks with `label`. */
  retries(label) {
    const one = this.label(label);
    return one.retries ?? (one.retries = series(one.attributes));
  }
  /** The series of refused submissions with `label`, refused for `reason`. */
  rejected(label, reason) {
    const one = this.label(label);
    let found = one.rejected.get(reason);
    if (found === void 0) {
      found = series({ ...one.attributes, [ATTR.rejectionReason]: reason });
      one.rejected.set(reason, found);
    }
    return found;
  }
  /** Every counted series of `overseer.pool.settled_tasks`. */
  *settled() {
    for (const one of this.labels.values()) yield* Object.values(one.outcomes);
  }
  /** Every counted series of `overseer.pool.rejected_tasks`. */
  *rejections() {
    for (const one of this.labels.values()) yield* one.rejected.values();
  }
  /** Every counted series of `overseer.pool.task.retries`. */
  *retried() {
    for (const one of this.labels.values()) if (one.retries !== void 0) yield one.retries;
  }
  label(label) {
    const found = this.labels.get(label);
    if (found !== void 0) return found;
    if (label !== void 0 && label !== OVERFLOW_LABEL && this.labels.size >= MAX_LABELS) return this.label(OVERFLOW_LABEL);
    const attributes = label === void 0 ? this.attributes : { ...this.attributes, [ATTR.taskLabel]: label };
    const made = { attributes, outcomes: {}, retries: void 0, rejected: /* @__PURE__ */ new Map() };
    this.labels.set(label, made);
    return made;
  }
};

// src/otel/observe.ts
var PHASES = ["running", "recovering", "closing", "closed", "failed"];
var WORKER_STATES = ["idle", "busy", "starting", "crashed"];
var TASK_STATES = ["queued", "running", "retrying"];
var SUMMED = ["accepted", ...TASK_STATES, ...WORKER_STATES, "limit"];
var zero = () => ({
  accepted: 0,
  queued: 0,
  running: 0,
  retrying: 0,
  idle: 0,
  busy: 0,
  starting: 0,
  crashed: 0,
  limit: 0,
  circuit: void 0,
  phase: { running: 0, recovering: 0, closing: 0, closed: 0, failed: 0 }
});
var stateAttributes = /* @__PURE__ */ new WeakMap();
function withState(series2, key, value) {
  let byState = stateAttributes.get(series2);
  if (byState === void 0) stateAttributes.set(series2, byState = /* @__PURE__ */ new Map());
  const id = `${key}=${value}`;
  let attributes = byState.get(id);
  if (attributes === void 0) byState.set(id, attributes = { ...series2.attributes, [key]: value });
  return attributes;
}
function observe(result, instruments, state) {
  const o = instruments.observables;
  const totals = /* @__PURE__ */ new Map();
  for (const probe of state.probes) {
    const reading = probe.read();
    let sum = totals.get(probe.series);
    if (sum === void 0) totals.set(probe.series, sum = zero());
    for (const key of SUMMED) sum[key] += reading[key];
    sum.phase[reading.phase]++;
    if (reading.circuit !== void 0) {
      sum.circuit ??= { closed: 0, open: 0, half_open: 0 };
      sum.circuit[reading.circuit]++;
    }
  }
  const each = (observable, all) => {
    for (const { value, attributes } of all) result.observe(observable, value, attributes);
  };
  for (const pool of state.pools) {
    const live = totals.get(pool);
    result.observe(o.accepted, pool.acceptedCarried + (live?.accepted ?? 0), pool.attributes);
    each(o.settled, pool.settled());
    each(o.rejected, pool.rejections());
    each(o.retries, pool.retried());
    result.observe(o.crashes, pool.crashes.value, pool.attributes);
    result.observe(o.restarts, pool.restarts.value, pool.attributes);
    result.observe(o.recoveries, pool.recoveries.value, pool.attributes);
    each(o.circuitTransitions, Object.values(pool.transitions));
    if (live === void 0) continue;
    for (const state2 of TASK_STATES) result.observe(o.tasks, live[state2], withState(pool, ATTR.taskState, state2));
    for (const state2 of WORKER_STATES) result.observe(o.workers, live[state2], withState(pool, ATTR.workerState, state2));
    result.observe(o.workerLimit, live.limit, pool.attributes);
    for (const phase of PHASES) result.observe(o.status, live.phase[phase], withState(pool, ATTR.poolPhase, phase));
    if (live.circuit !== void 0) {
      for (const state2 of CIRCUIT_VALUES) result.observe(o.circuitStatus, live.circuit[state2], withState(pool, ATTR.circuitState, state2));
    }
  }
  for (const supervisor of state.supervisors) {
    each(o.childRestarts, supervisor.restarts.all());
    each(o.childExits, supervisor.exits.all());
    each(o.shutdowns, supervisor.shutdowns.all());
  }
}

// src/otel/pool-events.ts
function settled(to, label, outcome, times) {
  const series2 = to.series.outcome(label, outcome);
  series2.value++;
  const { attributes } = series2;
  to.instruments.waitDuration.record(times.waitTime / 1e3, attributes);
  if (times.runTime !== void 0) to.instruments.runDuration.record(times.runTime / 1e3, attributes);
}
function transition(to, state) {
  to.series.transitions[state].value++;
}
var POOL_EVENT_HANDLERS = {
  taskSucceeded: (to, e) => settled(to, e.label, "completed", e),
  taskFailed: (to, e) => settled(to, e.label, "failed", e),
  taskTimedOut: (to, e) => settled(to, e.label, "timed_out", e),
  taskCancelled: (to, e) => settled(to, e.label, "cancelled", e),
  taskRetried: (to, e) => void to.series.retries(e.label).value++,
  taskRejected: (to, e) => void to.series.rejected(e.label, e.reason).value++,
  workerCrashed: (to) => void to.series.crashes.value++,
  workerRestarted: (to) => void to.series.restarts.value++,
  circuitOpened: (to) => transition(to, "open"),
  circuitHalfOpened: (to) => transition(to, "half_open"),
  circuitClosed: (to) => transition(to, "closed"),
  recovering: (to) => void to.series.recoveries.value++
};

// src/otel/pool-probe.ts
var CIRCUIT = { closed: "closed", open: "open", halfOpen: "half_open" };
var PoolProbe = class {
  constructor(pool, series2, instruments) {
    this.pool = pool;
    this.series = series2;
    this.instruments = instruments;
    const status = pool.status();
    this.acceptedAtAttach = status.accepted - status.queued - status.running - status.retrying;
    for (const [name, handler] of Object.entries(POOL_EVENT_HANDLERS)) {
      const listener = (event) => handler(this, event);
      this.events.on(name, listener);
      this.listeners.push([name, listener]);
    }
  }
  pool;
  series;
  instruments;
  listeners = [];
  /** `status().accepted` when attached: only acceptances since count. */
  acceptedAtAttach;
  attached = true;
  /** The pool's emitter, keyed by plain strings: the handler table types each payload. */
  get events() {
    return this.pool.events;
  }
  /** The pool's gauges now. */
  read() {
    const status = this.pool.status();
    return {
      accepted: status.accepted - this.acceptedAtAttach,
      queued: status.queued,
      running: status.running,
      retrying: status.retrying,
      idle: status.idleWorkers,
      busy: status.busyWorkers,
      starting: status.startingWorkers,
      crashed: status.crashedWorkers,
      limit: status.size,
      phase: status.phase,
      circuit: this.pool.breakerActor === void 0 ? void 0 : CIRCUIT[status.circuit]
    };
  }
  /** Removes the listeners and keeps the accepted count in the series. Idempotent. */
  detach() {
    if (!this.attached) return;
    this.attached = false;
    for (const [name, listener] of this.listeners) this.events.off(name, listener);
    this.listeners.length = 0;
    this.series.acceptedCarried += this.pool.status().accepted - this.acceptedAtAttach;
  }
};

// src/otel/tally.ts
var Tally = class {
  byKey = /* @__PURE__ */ new Map();
  /** The series for `key`, made with `attributes()` the first time. */
  series(key, attributes) {
    let found = this.byKey.get(key);
    if (found === void 0) {
      found = { attributes: attributes(), value: 0 };
      this.byKey.set(key, found);
    }
    return found;
  }
  /** Adds `by` (default 1) to the series for `key`. */
  add(key, attributes, by = 1) {
    this.series(key, attributes).value += by;
  }
  /** Every series so far, in the order they were first seen. */
  all() {
    return this.byKey.values();
  }
};

// src/otel/supervisor-series.ts
function errorType(error) {
  if (error instanceof Error && error.name !== "") return error.name;
  const ctor = error?.constructor?.name;
  return typeof ctor === "string" && ctor !== "" && ctor !== "Object" ? ctor : "_OTHER";
}
var SupervisorSeries = class {
  restarts = new Tally();
  exits = new Tally();
  shutdowns = new Tally();
  attributes;
  constructor(name, extra) {
    this.attributes = { ...extra, [ATTR.supervisorName]: name };
  }
  /** A restart of child `id` (`undefined` under a dynamic supervisor), failed with `error` if given. */
  childRestarted(id, failedWith) {
    this.restarts.add(`${id ?? ""}\0${failedWith ?? ""}`, () => {
      const attributes = this.child(id);
      return failedWith === void 0 ? attributes : { ...attributes, [ATTR.errorType]: failedWith };
    });
  }
  /** Child `id` exited on its own. */
  childExited(id, exit) {
    this.exits.add(`${id ?? ""}\0${exit.reason}`, () => ({ ...this.child(id), [ATTR.exitReason]: exit.reason }));
  }
  /** The supervisor stopped. */
  stopped(exit) {
    this.shutdowns.add(exit.cause, () => ({ ...this.attributes, [ATTR.shutdownCause]: exit.cause }));
  }
  child(id) {
    return id === void 0 ? this.attributes : { ...this.attributes, [ATTR.childId]: id };
  }
};

// src/otel/registry.ts
var Registry = class {
  constructor(meter, attributes, durations = true) {
    this.meter = meter;
    this.attributes = attributes;
    this.instruments = createInstruments(meter, durations);
    this.callback = (result) => observe(result, this.instruments, { pools: this.pools.values(), probes: this.probes, supervisors: this.supervisors.values() });
    meter.addBatchObservableCallback(this.callback, Object.values(this.instruments.observables));
  }
  meter;
  attributes;
  instruments;
  pools = /* @__PURE__ */ new Map();
  supervisors = /* @__PURE__ */ new Map();
  probes = /* @__PURE__ */ new Set();
  callback;
  stopped = false;
  /** Starts watching `pool`; its counts go to the series of its name. */
  attachPool(pool) {
    let series2 = this.pools.get(pool.name);
    if (series2 === void 0) this.pools.set(pool.name, series2 = new PoolSeries(pool.name, this.attributes));
    const probe = new PoolProbe(pool, series2, this.instruments);
    if (this.stopped) probe.detach();
    else this.probes.add(probe);
    return probe;
  }
  /** Stops watching a pool (it stopped, or a restart replaced it); its counts stay reported. */
  detachPool(probe) {
    probe.detach();
    this.probes.delete(probe);
  }
  /** The series of the supervisor named `name`. */
  supervisorSeries(name) {
    let series2 = this.supervisors.get(name);
    if (series2 === void 0) this.supervisors.set(name, series2 = new SupervisorSeries(name, this.attributes));
    return series2;
  }
  /** Whether `stop()` was called. */
  get isStopped() {
    return this.stopped;
  }
  /** Detaches every pool and removes the batch callback: nothing more is recorded or reported. Idempotent. */
  stop() {
    if (this.stopped) return;
    this.stopped = true;
    for (const probe of this.probes) probe.detach();
    this.probes.clear();
    this.meter.removeBatchObservableCallback(this.callback, Object.values(this.instruments.observables));
  }
};

// src/otel/tree-probe.ts
var TreeProbe = class _TreeProbe {
  constructor(supervisor, registry) {
    this.supervisor = supervisor;
    this.registry = registry;
    this.series = registry.supervisorSeries(supervisor.name);
    this.dynamic = supervisor instanceof DynamicSupervisor;
    this.on("childStarted", ({ ref }) => this.attach(ref));
    this.on("childRestarted", ({ id, ref }) => {
      this.series.childRestarted(this.idOf(id), void 0);
      this.attach(ref);
    });
    this.on("childStartFailed", ({ id, error }) => this.series.childRestarted(this.idOf(id), errorType(error)));
    this.on("childExited", ({ id, ref, exit }) => {
      this.series.childExited(this.idOf(id), exit);
      this.drop(ref);
    });
    this.on("childTerminated", ({ ref }) => this.drop(ref));
    this.on("stopped", ({ exit }) => {
      this.series.stopped(exit);
      this.dropChildren();
    });
    for (const { ref } of supervisor.whichChildren()) {
      if (ref !== void 0 && ref !== "restarting") this.attach(ref);
    }
  }
  supervisor;
  registry;
  children = /* @__PURE__ */ new Map();
  listeners = [];
  series;
  /** A dynamic supervisor's children are unbounded: their ids are left out of the attributes. */
  dynamic;
  attached = true;
  /** Removes this supervisor's listeners and detaches its whole subtree. Idempotent. */
  detach() {
    if (!this.attached) return;
    this.attached = false;
    const events = this.supervisor.events;
    for (const [name, listener] of this.listeners) events.off(name, listener);
    this.listeners.length = 0;
    this.dropChildren();
  }
  on(name, listener) {
    this.supervisor.events.on(name, listener);
    this.listeners.push([name, listener]);
  }
  idOf(id) {
    return this.dynamic ? void 0 : id;
  }
  /** Starts watching the child actor `ref` if it is a pool or a supervisor (once). */
  attach(ref) {
    if (!this.attached || this.registry.isStopped || this.children.has(ref)) return;
    const pool = getPool(ref) ?? getThreadPool(ref);
    if (pool !== void 0) {
      this.children.set(ref, this.registry.attachPool(pool));
      return;
    }
    const supervisor = getSupervisor(ref) ?? getDynamicSupervisor(ref);
    if (supervisor !== void 0) this.children.set(ref, new _TreeProbe(supervisor, this.registry));
  }
  /** Stops watching the child actor `ref` (it exited, or was stopped). */
  drop(ref) {
    const child = this.children.get(ref);
    if (child === void 0) return;
    this.children.delete(ref);
    if (child instanceof PoolProbe) this.registry.detachPool(child);
    else child.detach();
  }
  dropChildren() {
    for (const ref of [...this.children.keys()]) this.drop(ref);
  }
};

// src/otel/instrument.ts
function instrument(target, options) {
  if (!(target instanceof PoolHandle) && !(target instanceof SupervisorHandle)) {
    throw new InvalidOptionError("target", target, "a pool (createPool, createThreadPool, getPool, getThreadPool) or a supervisor (startSupervisor, startDynamicSupervisor, getSupervisor)");
  }
  const { meter, attributes, durations } = normalizeInstrumentOptions(options);
  if (isNoopMeter(meter)) return { stop: () => void 0 };
  const registry = new Registry(meter, attributes, durations);
  const tree = target instanceof SupervisorHandle ? new TreeProbe(target, registry) : void 0;
  if (target instanceof PoolHandle) registry.attachPool(target);
  return {
    stop: () => {
      tree?.detach();
      registry.stop();
    }
  };
}

export { ATTR, DURATION_BUCKETS, MAX_LABELS, METRICS, OVERFLOW_LABEL, instrument };
//# sourceMappingURL=otel.js.map
//# sourceMappingURL=otel.js.map