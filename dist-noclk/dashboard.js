import { systemTree } from './chunk-OEG4JWUS.js';
import { isMachine, toGraph } from './chunk-HGD4RTKF.js';
import { walkTree, isDynamic } from './chunk-AKM3HT3T.js';
import './chunk-HEFNJYOW.js';
import { onLiveRoot, liveRoots, SupervisorHandle, PoolHandle, summarize } from './chunk-2CH7TKCZ.js';
export { liveRoots } from './chunk-2CH7TKCZ.js';
import { checkOptions } from './chunk-VZOJWXSB.js';
import { OverseerError, InvalidOptionError, describeValue } from './chunk-AESCEPAJ.js';
import { createServer } from 'http';
import { randomBytes, timingSafeEqual } from 'crypto';
import { isIP } from 'net';
import { readFile } from 'fs/promises';
import { fileURLToPath } from 'url';

// src/dashboard/actions.ts
var KILL_EVENT_TYPE = "xstate.error.actor.overseer.dashboard.kill";
var ACTIONS = /* @__PURE__ */ new Set(["kill", "terminate", "restart", "openCircuit", "closeCircuit"]);
function parseAction(body) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return "the body must be a JSON object { action, target }";
  const { action, target } = body;
  if (typeof action !== "string" || !ACTIONS.has(action)) return `action must be one of ${[...ACTIONS].join(", ")}, got ${describeValue(action)}`;
  if (typeof target !== "string" || target === "") return `target must be a node's path, got ${describeValue(target)}`;
  return { action, target };
}
async function performAction(request, entry) {
  if (entry === void 0) return { ok: false, detail: `no node at ${request.target}` };
  switch (request.action) {
    case "kill":
      return kill(entry);
    case "terminate":
      return terminate(entry);
    case "restart":
      return restart(entry);
    case "openCircuit":
    case "closeCircuit": {
      const pool = entry.pool;
      if (pool === void 0 || pool.breakerActor === void 0) return { ok: false, detail: `${entry.path} is not a pool with a circuit breaker` };
      if (request.action === "openCircuit") pool.openCircuit();
      else pool.resetCircuit();
      return { ok: true, detail: pool.circuit };
    }
  }
}
function kill(entry) {
  const actor = entry.actor;
  if (actor === void 0 || entry.parent === void 0) return { ok: false, detail: `${entry.path} has no running child actor to kill` };
  if (entry.supervisor !== void 0) return { ok: false, detail: `${entry.path} is a supervisor: it traps exits; terminate or restart it instead` };
  if (!isMachine(actor.logic)) {
    return { ok: false, detail: `${entry.path} is not a state machine: only machines can be crashed from outside` };
  }
  if (actor.getSnapshot().status !== "active") return { ok: false, detail: `${entry.path} is not running` };
  actor.send({ type: KILL_EVENT_TYPE, error: new Error(`killed from the dashboard (${entry.path})`) });
  const status = actor.getSnapshot().status;
  return status === "active" ? { ok: false, detail: `${entry.path} handled the crash event itself (it traps xstate.* events)` } : { ok: true, detail: "crashed" };
}
async function terminate(entry) {
  const { parent, childId, actor } = entry;
  if (parent === void 0 || childId === void 0) return { ok: false, detail: `${entry.path} is not a supervisor's child` };
  if (entry.poolWorker) return { ok: false, detail: `${entry.path} is a pool's worker: the pool manages it (kill it, or resize the pool)` };
  if (isDynamic(parent)) {
    if (actor === void 0) return { ok: false, detail: `${entry.path} is not running` };
    return resultOf(await parent.terminateChild(actor));
  }
  return resultOf(await parent.terminateChild(childId));
}
async function restart(entry) {
  const { parent, childId } = entry;
  if (parent === void 0 || childId === void 0) return { ok: false, detail: `${entry.path} is not a supervisor's child` };
  if (entry.poolWorker) return { ok: false, detail: `${entry.path} is a pool's worker: the pool manages it (kill it, or resize the pool)` };
  if (isDynamic(parent)) return { ok: false, detail: `${entry.path} is under a dynamic supervisor: its children are not kept once stopped` };
  const supervisor = parent;
  if (entry.actor !== void 0) {
    const stopped = await supervisor.terminateChild(childId);
    if (!stopped.ok) return resultOf(stopped);
  }
  return resultOf(await supervisor.restartChild(childId));
}
function resultOf(result) {
  return result.ok ? { ok: true } : { ok: false, detail: result.reason ?? "refused" };
}
function hasToken(request, url, token) {
  if (token === void 0) return true;
  const header = request.headers["x-overseer-token"];
  const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const given = url.searchParams.get("token") ?? (typeof header === "string" ? header : void 0) ?? bearer;
  if (given === void 0 || given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
function hostAllowed(hostHeader, listenHost) {
  if (hostHeader === void 0) return false;
  const name = hostHeader.startsWith("[") ? hostHeader.slice(1, hostHeader.indexOf("]")) : hostHeader.replace(/:\d+$/, "");
  return name === "localhost" || name === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) || name === listenHost;
}

// src/dashboard/errors.ts
var DashboardListenError = class extends OverseerError {
  host;
  port;
  constructor(host, port, cause) {
    const detail = cause?.code ?? (cause instanceof Error ? cause.message : String(cause));
    super("ERR_DASHBOARD_LISTEN", `The dashboard cannot listen on ${host}:${port} (${String(detail)}).`, { cause });
    this.host = host;
    this.port = port;
  }
};

// src/dashboard/event-log.ts
var MAX_PENDING = 500;
var EventLog = class {
  pending = [];
  attached = /* @__PURE__ */ new Map();
  /** Adds one event (an action the page asked for, e.g.). */
  push(event) {
    if (this.pending.length >= MAX_PENDING) this.pending.shift();
    this.pending.push(event);
  }
  /** The events since the last call. */
  take() {
    const events = this.pending;
    this.pending = [];
    return events;
  }
  /** Whether `key` (a supervisor's or pool's actor) is listened to. */
  has(key) {
    return this.attached.has(key);
  }
  /** Listens to a supervisor's events, naming it `source`. */
  watchSupervisor(key, supervisor, source) {
    const handlers = {
      childExited: ({ id, exit }) => this.push({ at: Date.now(), kind: "childExited", source, child: id, detail: exitText(summarize(exit)) }),
      childRestarted: ({ id }) => this.push({ at: Date.now(), kind: "childRestarted", source, child: id }),
      childTerminated: ({ id, outcome }) => this.push({ at: Date.now(), kind: "childTerminated", source, child: id, detail: outcome }),
      childStartFailed: ({ id, error }) => this.push({ at: Date.now(), kind: "childStartFailed", source, child: id, detail: errorText(error) }),
      gaveUp: ({ intensity, period }) => this.push({ at: Date.now(), kind: "gaveUp", source, detail: `reached_max_restart_intensity: more than ${intensity} restarts in ${period} ms` }),
      stopped: ({ exit }) => this.push({ at: Date.now(), kind: "stopped", source, detail: exit.cause })
    };
    this.attach(key, supervisor.events, handlers);
  }
  /** Listens to a pool's events (not its per-task ones), naming it `source`. */
  watchPool(key, pool, source) {
    const handlers = {
      workerCrashed: ({ workerId, error }) => this.push({ at: Date.now(), kind: "workerCrashed", source, child: workerId, detail: errorText(error) }),
      workerRestarted: ({ workerId }) => this.push({ at: Date.now(), kind: "workerRestarted", source, child: workerId }),
      circuitOpened: ({ retryAt }) => this.push({ at: Date.now(), kind: "circuitOpened", source, ...retryAt === void 0 ? {} : { detail: `half-opens at ${new Date(retryAt).toISOString()}` } }),
      circuitHalfOpened: () => this.push({ at: Date.now(), kind: "circuitHalfOpened", source }),
      circuitClosed: () => this.push({ at: Date.now(), kind: "circuitClosed", source }),
      recovering: ({ error, attempt }) => this.push({ at: Date.now(), kind: "recovering", source, detail: `attempt ${attempt}: ${errorText(error)}` }),
      recovered: ({ attempt }) => this.push({ at: Date.now(), kind: "recovered", source, detail: `after ${attempt} attempt(s)` }),
      failed: ({ error }) => this.push({ at: Date.now(), kind: "failed", source, detail: errorText(error) })
    };
    this.attach(key, pool.events, handlers);
  }
  /** Stops listening to every source not in `seen`. */
  detachOthers(seen) {
    for (const [key, detach] of this.attached) {
      if (!seen.has(key)) {
        detach();
        this.attached.delete(key);
      }
    }
  }
  /** Stops listening to everything, and drops what was not taken. */
  detachAll() {
    for (const detach of this.attached.values()) detach();
    this.attached.clear();
    this.pending = [];
  }
  attach(key, emitter, handlers) {
    if (this.attached.has(key)) return;
    const entries = Object.entries(handlers);
    for (const [name, handler] of entries) emitter.on(name, handler);
    this.attached.set(key, () => {
      for (const [name, handler] of entries) emitter.off(name, handler);
    });
  }
};
function exitText(exit) {
  return [exit.reason, exit.cause, exit.error].filter((part) => part !== void 0).join(": ");
}
function errorText(error) {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : typeof error === "string" ? error : Object.prototype.toString.call(error);
  return text.length > 200 ? `${text.slice(0, 199)}\u2026` : text;
}

// src/dashboard/feed.ts
var MAX_TRANSITIONS = 20;
var STOPPED_ROOT_MS = 5 * 6e4;
var MAX_FOCUSED = 8;
var Feed = class {
  constructor(watch, interval, send) {
    this.watch = watch;
    this.interval = interval;
    this.send = send;
  }
  watch;
  interval;
  send;
  timer;
  log = new EventLog();
  focused = /* @__PURE__ */ new Map();
  transitions = /* @__PURE__ */ new Map();
  lastValue = /* @__PURE__ */ new WeakMap();
  poolMarks = /* @__PURE__ */ new WeakMap();
  /** Roots seen alive, with their last tree; those that stopped are shown a while. */
  seenRoots = /* @__PURE__ */ new Map();
  /** The walk of the last batch: what actions and graphs look up. */
  entries = /* @__PURE__ */ new Map();
  get running() {
    return this.timer !== void 0;
  }
  /** Starts listening and sending (idempotent); the first batch goes out at once. */
  start() {
    if (this.timer !== void 0) return;
    this.timer = setInterval(() => this.tick(), this.interval);
    this.timer.unref();
    this.tick();
  }
  /** Stops the timer and removes every observer and listener (idempotent). */
  stop() {
    if (this.timer !== void 0) clearInterval(this.timer);
    this.timer = void 0;
    this.unfollowAll();
    this.log.detachAll();
    this.transitions = /* @__PURE__ */ new Map();
  }
  /** Adds a line to the event log (the page's actions are logged too). */
  note(event) {
    this.log.push(event);
  }
  /** The roots to show: the watch list, or every live root plus those that stopped lately. */
  roots() {
    if (this.watch !== void 0) return [...this.watch];
    const now = Date.now();
    const live = new Set(liveRoots());
    for (const actor of live) if (!this.seenRoots.has(actor)) this.seenRoots.set(actor, {});
    const shown = [];
    for (const [actor, seen] of this.seenRoots) {
      if (!live.has(actor)) seen.stoppedAt ??= now;
      if (seen.stoppedAt !== void 0 && now - seen.stoppedAt > STOPPED_ROOT_MS) this.seenRoots.delete(actor);
      else shown.push(actor);
    }
    return shown;
  }
  /** Walks the roots now, into `entries` (also what a batch starts with). */
  walk() {
    const trees = [];
    const entries = /* @__PURE__ */ new Map();
    for (const root of this.roots()) {
      try {
        trees.push(systemTree(root));
        walkTree(root, entries);
      } catch {
      }
    }
    this.entries = entries;
    return trees;
  }
  tick() {
    const trees = this.walk();
    const seen = /* @__PURE__ */ new Set();
    const pools = {};
    const now = Date.now();
    for (const entry of this.entries.values()) {
      const key = entry.actor;
      if (key === void 0) continue;
      if (entry.supervisor !== void 0 && entry.supervisor.phase !== "stopped") {
        seen.add(key);
        if (!this.log.has(key)) this.log.watchSupervisor(key, entry.supervisor, entry.path);
      }
      if (entry.pool !== void 0) {
        seen.add(key);
        if (!this.log.has(key)) this.log.watchPool(key, entry.pool, entry.path);
        const sample = this.sample(entry.pool, now);
        if (sample !== void 0) pools[entry.path] = sample;
      }
    }
    this.log.detachOthers(seen);
    this.followFocused();
    const transitions = {};
    for (const [sessionId, records] of this.transitions) transitions[sessionId] = records.slice(-MAX_TRANSITIONS);
    this.transitions = /* @__PURE__ */ new Map();
    this.send({ at: now, roots: trees, pools, events: this.log.take(), transitions });
  }
  /** Throughput and percentiles since the previous batch, from the pool's own counters and histograms. */
  sample(pool, now) {
    const stats = statsOf(pool);
    const previous = this.poolMarks.get(pool.actor);
    const mark = {
      at: now,
      completed: stats.counters.completed,
      failed: stats.counters.failed,
      runTime: stats.runTime.copyCounts(),
      waitTime: stats.waitTime.copyCounts()
    };
    this.poolMarks.set(pool.actor, mark);
    if (previous === void 0 || now <= previous.at) return void 0;
    const seconds = (now - previous.at) / 1e3;
    return {
      at: now,
      window: now - previous.at,
      completedPerSecond: Math.max(0, mark.completed - previous.completed) / seconds,
      failedPerSecond: Math.max(0, mark.failed - previous.failed) / seconds,
      runTime: stats.runTime.percentilesSince(previous.runTime),
      waitTime: stats.waitTime.percentilesSince(previous.waitTime)
    };
  }
  /**
   * Records the transitions of the actor at `path` from now on (a page drew its statechart). At
   * most 8 paths are followed at once, the latest; all are dropped when the last page goes.
   */
  focus(path) {
    if (!this.running) return;
    if (!this.focused.has(path)) {
      this.focused.set(path, {});
      if (this.focused.size > MAX_FOCUSED) {
        const [oldest, followed] = this.focused.entries().next().value;
        followed.subscription?.unsubscribe();
        this.focused.delete(oldest);
      }
    }
    this.followFocused();
  }
  /**
   * Subscribes to the current actor of each focused path (again after a restart). One actor's own
   * subscription costs only that actor's transitions; a system-wide inspection observer would make
   * xstate build an inspection event for every event of every actor, workers included (measured:
   * about 9 % of a busy pool's throughput, see bench/dashboard-cost.ts).
   */
  followFocused() {
    for (const [path, followed] of this.focused) {
      const actor = this.entries.get(path)?.actor;
      if (followed.actor === actor) continue;
      followed.subscription?.unsubscribe();
      followed.actor = actor;
      followed.subscription = void 0;
      if (actor === void 0) continue;
      this.lastValue.set(actor, actor.getSnapshot().value);
      followed.subscription = actor.subscribe({
        next: (snapshot) => this.onSnapshot(actor, snapshot.value),
        error: () => void 0
      });
    }
  }
  unfollowAll() {
    for (const followed of this.focused.values()) followed.subscription?.unsubscribe();
    this.focused.clear();
  }
  onSnapshot(actor, value) {
    if (value === void 0) return;
    const previous = this.lastValue.get(actor);
    this.lastValue.set(actor, value);
    if (previous === void 0 || previous === value) return;
    const from = typeof previous === "string" ? previous : JSON.stringify(previous);
    const to = typeof value === "string" ? value : JSON.stringify(value);
    if (from === to) return;
    let records = this.transitions.get(actor.sessionId);
    if (records === void 0) this.transitions.set(actor.sessionId, records = []);
    if (records.length >= MAX_TRANSITIONS * 2) records.splice(0, records.length - MAX_TRANSITIONS);
    records.push({ at: Date.now(), from, to });
  }
};
function statsOf(pool) {
  return pool.core.stats;
}
var KEYS = ["port", "host", "token", "actions", "watch", "interval"];
var TOKEN = /^[A-Za-z0-9\-_.~]{16,256}$/;
var HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
function isLoopback(host) {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
function normalizeDashboardOptions(options = {}) {
  checkOptions(options, "", KEYS);
  const { port = 0, host = "127.0.0.1", token, actions = false, watch, interval = 250 } = options;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidOptionError("port", port, "an integer from 0 to 65535 (0: any free port)");
  }
  if (typeof host !== "string" || !(isIP(host) !== 0 || HOSTNAME.test(host))) {
    throw new InvalidOptionError("host", host, 'an IP address or a host name, e.g. "127.0.0.1"');
  }
  if (token !== void 0 && (typeof token !== "string" || !TOKEN.test(token))) {
    throw new InvalidOptionError("token", token, "16 to 256 URL-safe characters (A-Z a-z 0-9 - _ . ~)");
  }
  if (typeof actions !== "boolean") throw new InvalidOptionError("actions", actions, "true or false");
  if (typeof interval !== "number" || !(interval >= 50 && interval <= 1e4)) {
    throw new InvalidOptionError("interval", interval, "a number of ms from 50 to 10000");
  }
  let roots;
  if (watch !== void 0) {
    if (!Array.isArray(watch)) throw new InvalidOptionError("watch", watch, "an array of supervisors and pools");
    roots = watch.map((item, i) => actorOf(item, `watch[${i}]`));
  }
  const needsToken = actions || !isLoopback(host);
  return { port, host, token: token ?? (needsToken ? randomBytes(24).toString("base64url") : void 0), actions, watch: roots, interval };
}
function actorOf(item, option) {
  if (item instanceof SupervisorHandle || item instanceof PoolHandle) return item.actor;
  if (item !== null && typeof item === "object" && typeof item.getSnapshot === "function" && typeof item.send === "function") {
    return item;
  }
  throw new InvalidOptionError(option, item, "a supervisor or pool (its handle or its actor)");
}
var script;
function pageScript() {
  script ??= load();
  script.catch(() => script = void 0);
  return script;
}
async function load() {
  try {
    return await readFile(new URL("./dashboard-page.js", import.meta.url), "utf8");
  } catch {
    return bundleFromSource();
  }
}
async function bundleFromSource(entry = fileURLToPath(new URL("./page/main.ts", import.meta.url))) {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    minify: true,
    loader: { ".css": "text" },
    format: "iife",
    target: "es2020",
    platform: "browser",
    legalComments: "eof",
    logLevel: "silent"
  });
  const file = result.outputFiles[0];
  if (file === void 0) throw new Error("overseer: the dashboard page bundled to nothing");
  return file.text;
}

// src/dashboard/page-html.ts
function pageHtml(token) {
  const src = token === void 0 ? "page.js" : `page.js?token=${encodeURIComponent(token)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>overseer dashboard</title>
<link rel="icon" href="data:,">
</head>
<body>
<div id="app">Loading\u2026</div>
<script src="${src}"></script>
</body>
</html>
`;
}
var CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// src/dashboard/server.ts
var MAX_BUFFERED = 4 * 1024 * 1024;
var MAX_BODY = 16 * 1024;
async function serveDashboard(options = {}) {
  const config = normalizeDashboardOptions(options);
  const clients = /* @__PURE__ */ new Set();
  const sockets = /* @__PURE__ */ new Set();
  const broadcast = (batch) => {
    const message = `data: ${JSON.stringify(batch)}

`;
    for (const client of clients) if (client.writableLength < MAX_BUFFERED) client.write(message);
  };
  const feed = new Feed(config.watch, config.interval, broadcast);
  feed.walk();
  const stopWatchingRoots = config.watch === void 0 ? onLiveRoot((actor) => {
    setImmediate(() => {
      try {
        systemTree(actor);
      } catch {
      }
    });
  }) : void 0;
  const loopback = isLoopback(config.host);
  const hello = { actions: config.actions, interval: config.interval };
  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      if (!response.headersSent) reply(response, 500, { ok: false, detail: String(error) });
      else response.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  async function handle(request, response) {
    const url2 = new URL(request.url ?? "/", "http://dashboard");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    if (loopback && !hostAllowed(request.headers.host, config.host)) return reply(response, 403, { ok: false, detail: "unknown Host" });
    if (!hasToken(request, url2, config.token)) return reply(response, 401, { ok: false, detail: "the token is missing or wrong" });
    const route = `${request.method} ${url2.pathname}`;
    switch (route) {
      case "GET /":
        response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CONTENT_SECURITY_POLICY });
        response.end(pageHtml(config.token));
        return;
      case "GET /page.js":
        response.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8" });
        response.end(await pageScript());
        return;
      case "GET /api/events":
        return stream(request, response);
      case "GET /api/graph":
        return graph(url2, response);
      case "POST /api/action":
        return action(request, response);
      default:
        return reply(response, 404, { ok: false, detail: `no ${route}` });
    }
  }
  function stream(request, response) {
    response.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", Connection: "keep-alive" });
    response.write(`event: hello
data: ${JSON.stringify(hello)}

`);
    clients.add(response);
    const leave = () => {
      clients.delete(response);
      if (clients.size === 0) feed.stop();
    };
    request.on("close", leave);
    response.on("close", leave);
    if (feed.running) feed.walk();
    else feed.start();
  }
  function graph(url2, response) {
    const path = url2.searchParams.get("path") ?? "";
    if (feed.entries.size === 0 || !feed.running) feed.walk();
    const logic = feed.entries.get(path)?.actor?.logic;
    if (!isMachine(logic)) return reply(response, 404, { ok: false, detail: `no state machine runs at ${JSON.stringify(path)}` });
    feed.focus(path);
    reply(response, 200, toGraph(logic));
  }
  async function action(request, response) {
    if (!config.actions) return reply(response, 403, { ok: false, detail: "actions are off (serveDashboard({ actions: true }))" });
    let body;
    try {
      body = JSON.parse(await readBody(request));
    } catch (error) {
      response.setHeader("Connection", "close");
      return reply(response, error instanceof BodyTooLarge ? 413 : 400, { ok: false, detail: error instanceof Error ? error.message : "bad body" });
    }
    const parsed = parseAction(body);
    if (typeof parsed === "string") return reply(response, 400, { ok: false, detail: parsed });
    feed.walk();
    const result = await performAction(parsed, feed.entries.get(parsed.target));
    feed.note({ at: Date.now(), kind: "action", source: parsed.target, detail: `${parsed.action}: ${result.ok ? "ok" : "refused"}${result.detail === void 0 ? "" : ` (${result.detail})`}` });
    reply(response, result.ok ? 200 : 409, result);
  }
  await new Promise((resolve, reject) => {
    server.once("error", (error) => reject(new DashboardListenError(config.host, config.port, error)));
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  const hostInUrl = config.host.includes(":") ? `[${config.host}]` : config.host;
  const url = `http://${hostInUrl}:${port}/${config.token === void 0 ? "" : `?token=${config.token}`}`;
  let closing;
  const close = () => {
    closing ??= new Promise((resolve) => {
      stopWatchingRoots?.();
      feed.stop();
      for (const client of clients) client.end();
      clients.clear();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };
  return { url, ...config.token === void 0 ? {} : { token: config.token }, close };
}
function reply(response, status, body) {
  response.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}
var BodyTooLarge = class extends Error {
  constructor() {
    super(`the body is over ${MAX_BODY} bytes`);
  }
};
function readBody(request) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    request.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new BodyTooLarge());
        request.removeAllListeners("data");
        request.resume();
      } else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

export { DashboardListenError, KILL_EVENT_TYPE, isLoopback, serveDashboard };
//# sourceMappingURL=dashboard.js.map
//# sourceMappingURL=dashboard.js.map