import { getDynamicSupervisor } from './chunk-HEFNJYOW.js';
import { SupervisorHandle, PoolHandle, getSupervisor, getThreadPool, getPool, workerMachine, breakerMachine } from './chunk-2CH7TKCZ.js';
import { InvalidOptionError } from './chunk-AESCEPAJ.js';

// src/visualize/system-tree.ts
var NO_HISTORY = { restarts: 0, lastExit: null };
function systemTree(root) {
  const at = Date.now();
  const actor = actorOf(root);
  if (actor === void 0) {
    throw new InvalidOptionError("root", root, "a supervisor, dynamic supervisor, pool or thread pool (its handle or its actor)");
  }
  const node = liveNode(actor, void 0, "", NO_HISTORY, void 0);
  if (node === void 0) throw new InvalidOptionError("root", root, "a supervisor, dynamic supervisor, pool or thread pool (its handle or its actor)");
  return { at, root: node };
}
function actorOf(root) {
  if (root instanceof SupervisorHandle || root instanceof PoolHandle) return root.actor;
  if (root !== null && typeof root === "object" && typeof root.getSnapshot === "function" && typeof root.send === "function") {
    return root;
  }
  return void 0;
}
function liveNode(actor, id, parentPath, history, hint, pathId = id) {
  const dynamic = getDynamicSupervisor(actor);
  const supervisor = dynamic ?? getSupervisor(actor);
  if (supervisor !== void 0) {
    const kind2 = dynamic === void 0 ? "supervisor" : "dynamic-supervisor";
    const node = nodeOf(actor, id ?? supervisor.name, parentPath, history, kind2, { supervisor: supervisorInfo(supervisor) }, pathId);
    addChildren(node, supervisor, void 0);
    return node;
  }
  const threadPool = getThreadPool(actor);
  const pool = threadPool ?? getPool(actor);
  if (pool !== void 0) {
    const kind2 = threadPool === void 0 ? "pool" : "thread-pool";
    const node = nodeOf(actor, id ?? pool.name, parentPath, history, kind2, { pool: { name: pool.name, ...pool.status() } }, pathId);
    addPoolChildren(node, pool);
    return node;
  }
  if (id === void 0) return void 0;
  const logic = actor.logic;
  const kind = hint ?? (logic === workerMachine ? "worker" : logic === breakerMachine ? "breaker" : "actor");
  return nodeOf(actor, id, parentPath, history, kind, void 0, pathId);
}
function nodeOf(actor, id, parentPath, history, kind, info, pathId = id) {
  const snapshot = actor.getSnapshot();
  return {
    id,
    path: parentPath === "" ? pathId : `${parentPath}/${pathId}`,
    kind,
    sessionId: actor.sessionId,
    state: snapshot.value ?? null,
    status: snapshot.status,
    restarts: history.restarts,
    lastExit: copyOf(history.lastExit),
    ...info,
    children: []
  };
}
function supervisorInfo(supervisor) {
  const context = supervisor.actor.getSnapshot().context;
  const { specs, active } = supervisor.countChildren();
  return {
    name: supervisor.name,
    phase: supervisor.phase,
    strategy: context.strategy,
    restartsInPeriod: supervisor.restartsInPeriod,
    intensity: context.intensity,
    period: context.period,
    specs,
    active
  };
}
function copyOf(exit) {
  return exit === null ? null : { ...exit };
}
function addChildren(node, supervisor, childHint) {
  const ids = /* @__PURE__ */ new Set();
  let repeats;
  for (const { id, ref, type, name, restarts, lastExit } of supervisor.whichChildren()) {
    let pathId = id;
    if (ids.has(id)) {
      repeats ??= /* @__PURE__ */ new Map();
      const n = (repeats.get(id) ?? 1) + 1;
      repeats.set(id, n);
      pathId = `${id}#${n}`;
    }
    ids.add(id);
    const record = { restarts, lastExit };
    if (ref === void 0 || ref === "restarting") {
      node.children.push({
        id,
        path: `${node.path}/${pathId}`,
        kind: childHint ?? (type === "supervisor" ? "supervisor" : "actor"),
        ...name === void 0 ? {} : { name },
        state: null,
        status: ref === void 0 ? "terminated" : "restarting",
        restarts: record.restarts,
        lastExit: copyOf(record.lastExit),
        children: []
      });
      continue;
    }
    const child = liveNode(ref, id, node.path, record, childHint, pathId);
    if (child === void 0) continue;
    node.children.push(name === void 0 ? child : withName(child, name));
  }
}
function withName(node, name) {
  const { id, path, kind, ...rest } = node;
  return { id, path, kind, name, ...rest };
}
function addPoolChildren(node, pool) {
  const breaker = pool.breakerActor;
  if (breaker !== void 0) node.children.push(nodeOf(breaker, "breaker", node.path, NO_HISTORY, "breaker"));
  const workers = pool.workerSupervisor;
  if (workers !== void 0) {
    const child = nodeOf(workers.actor, "workers", node.path, NO_HISTORY, "supervisor", { supervisor: supervisorInfo(workers) });
    addChildren(child, workers, "worker");
    node.children.push(child);
  }
}

export { systemTree };
//# sourceMappingURL=chunk-OEG4JWUS.js.map
//# sourceMappingURL=chunk-OEG4JWUS.js.map