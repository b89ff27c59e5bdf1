import { getDynamicSupervisor, DynamicSupervisor } from './chunk-HEFNJYOW.js';
import { getSupervisor, getThreadPool, getPool } from './chunk-2CH7TKCZ.js';

// src/dashboard/walk.ts
function walkTree(root, into) {
  visit(root, void 0, void 0, "", void 0, into);
}
function visit(actor, parent, childId, parentPath, pathId, into) {
  const supervisor = getDynamicSupervisor(actor) ?? getSupervisor(actor);
  const pool = supervisor === void 0 ? getThreadPool(actor) ?? getPool(actor) : void 0;
  const id = pathId ?? supervisor?.name ?? pool?.name;
  if (id === void 0) return;
  const path = parentPath === "" ? id : `${parentPath}/${id}`;
  const entry = { path, actor, ...parent === void 0 ? {} : { parent, childId } };
  if (supervisor !== void 0) entry.supervisor = supervisor;
  if (pool !== void 0) entry.pool = pool;
  into.set(path, entry);
  if (supervisor !== void 0) visitChildren(supervisor, path, into);
  if (pool !== void 0) {
    const breaker = pool.breakerActor;
    if (breaker !== void 0) into.set(`${path}/breaker`, { path: `${path}/breaker`, actor: breaker });
    const workers = pool.workerSupervisor;
    if (workers !== void 0) {
      const workersPath = `${path}/workers`;
      into.set(workersPath, { path: workersPath, actor: workers.actor, supervisor: workers });
      visitChildren(workers, workersPath, into, true);
    }
  }
}
function visitChildren(supervisor, path, into, leaves = false) {
  const counts = /* @__PURE__ */ new Map();
  for (const { id, ref } of supervisor.whichChildren()) {
    const n = (counts.get(id) ?? 0) + 1;
    counts.set(id, n);
    const pathId = n === 1 ? id : `${id}#${n}`;
    if (ref === void 0 || ref === "restarting" || leaves) {
      const childPath = `${path}/${pathId}`;
      const entry = { path: childPath, parent: supervisor, childId: id };
      if (typeof ref === "object") entry.actor = ref;
      if (leaves) entry.poolWorker = true;
      into.set(childPath, entry);
      continue;
    }
    visit(ref, supervisor, id, path, pathId, into);
  }
}
function isDynamic(handle) {
  return handle instanceof DynamicSupervisor;
}

export { isDynamic, walkTree };
//# sourceMappingURL=chunk-AKM3HT3T.js.map
//# sourceMappingURL=chunk-AKM3HT3T.js.map