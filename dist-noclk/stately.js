import { walkTree } from './chunk-AKM3HT3T.js';
import './chunk-HEFNJYOW.js';
import { liveRoots, onLiveRoot, SupervisorHandle, PoolHandle } from './chunk-2CH7TKCZ.js';
import { checkOptions } from './chunk-VZOJWXSB.js';
import { InvalidOptionError } from './chunk-AESCEPAJ.js';

// src/stately/inspect-with-stately.ts
function inspectWithStately(inspector, options = {}) {
  if (inspector === null || typeof inspector !== "object" || typeof inspector.actor !== "function" || typeof inspector.inspect?.next !== "function") {
    throw new InvalidOptionError("inspector", inspector, "an inspector from @statelyai/inspect (createInspector, createWebSocketInspector, ...)");
  }
  checkOptions(options, "", ["watch"]);
  const { watch } = options;
  if (watch !== void 0 && !Array.isArray(watch)) throw new InvalidOptionError("watch", watch, "an array of supervisors and pools");
  const roots = watch === void 0 ? liveRoots() : watch.map((item, i) => actorOf(item, `watch[${i}]`));
  const subscriptions = [];
  const systems = /* @__PURE__ */ new Set();
  const forward = (root) => {
    if (systems.has(root.system)) return;
    systems.add(root.system);
    subscriptions.push(root.system.inspect(inspector.inspect));
  };
  for (const root of roots) {
    announce(inspector, root);
    forward(root);
  }
  const stopListening = watch === void 0 ? onLiveRoot((root) => {
    inspector.actor(root);
    forward(root);
  }) : void 0;
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      stopListening?.();
      for (const subscription of subscriptions) subscription.unsubscribe();
    }
  };
}
function announce(inspector, root) {
  const entries = /* @__PURE__ */ new Map();
  walkTree(root, entries);
  for (const { actor } of entries.values()) {
    if (actor === void 0) continue;
    const snapshot = actor.getSnapshot();
    inspector.actor(actor, { status: snapshot.status, value: snapshot.value, context: snapshot.context });
  }
}
function actorOf(item, option) {
  if (item instanceof SupervisorHandle || item instanceof PoolHandle) return item.actor;
  if (item !== null && typeof item === "object" && typeof item.getSnapshot === "function" && typeof item.system === "object") {
    return item;
  }
  throw new InvalidOptionError(option, item, "a supervisor or pool (its handle or its actor)");
}

export { inspectWithStately };
//# sourceMappingURL=stately.js.map
//# sourceMappingURL=stately.js.map