import { InvalidOptionError } from './chunk-AESCEPAJ.js';

// src/visualize/guard-label.ts
function guardLabel(guard) {
  if (guard === void 0 || guard === null) return void 0;
  return label(guard, false);
}
function label(guard, nested) {
  if (typeof guard === "string") return guard;
  if (typeof guard === "function") return isCombinator(guard) ? combinator(guard, nested) : "inline";
  if (typeof guard === "object" && guard !== null && typeof guard.type === "string") {
    return guard.type;
  }
  return "inline";
}
function isCombinator(guard) {
  return "check" in guard && typeof guard.check === "function";
}
function combinator(guard, nested) {
  const operands = Array.isArray(guard.guards) ? guard.guards : [];
  switch (guard.name) {
    case "not":
      return `!${label(operands[0], true)}`;
    case "and":
    case "or": {
      const joined = operands.map((operand) => label(operand, true)).join(guard.name === "and" ? " && " : " || ");
      return nested && operands.length > 1 ? `(${joined})` : joined;
    }
    case "stateIn":
      return `in(${typeof guard.stateValue === "string" ? guard.stateValue : JSON.stringify(guard.stateValue)})`;
    default:
      return "inline";
  }
}

// src/visualize/machine-graph.ts
function isMachine(value) {
  if (value === null || typeof value !== "object") return false;
  const candidate = value;
  return candidate.__xstatenode === true && typeof candidate.id === "string" && candidate.root !== null && typeof candidate.root === "object";
}
function rootOf(machine, argument) {
  if (!isMachine(machine)) throw new InvalidOptionError(argument, machine, "an xstate v5 machine (createMachine or setup().createMachine)");
  return machine.root;
}
function toGraph(machine) {
  const root = rootOf(machine, "machine");
  const nodes = [];
  const edges = [];
  const visit = (node) => {
    nodes.push(nodeOf(node, root));
    for (const transition of [...node.transitions.values()].flat()) addEdges(edges, node, transition, false);
    for (const transition of node.always ?? []) addEdges(edges, node, transition, true);
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(root);
  return { id: machine.id, nodes, edges };
}
function nodeOf(node, root) {
  const first = node.type === "compound" ? node.initial.target[0] : void 0;
  return {
    id: node.id,
    key: node === root ? node.id : node.key,
    ...node.parent === void 0 ? {} : { parent: node.parent.id },
    type: node.type,
    ...first === void 0 ? {} : { initial: first.id },
    ...node.type === "final" ? { final: true } : {},
    ...node.type === "history" && node.history !== false ? { history: node.history } : {},
    tags: [...node.tags],
    ...node.invoke.length === 0 ? {} : { invoke: node.invoke.map((invoke) => invokeName(node, invoke)) }
  };
}
function invokeName(node, invoke) {
  if (!invoke.src.startsWith("xstate.invoke.")) return invoke.src;
  const generated = invoke.id.endsWith(`.${node.id}`) && /^\d+$/.test(invoke.id.slice(0, -node.id.length - 1));
  return generated ? "inline" : invoke.id;
}
function addEdges(edges, source, transition, eventless) {
  const guard = guardLabel(transition.guard);
  const edge = (target, targetless) => ({
    source: source.id,
    target,
    event: eventless ? "" : transition.eventType,
    label: eventless ? "always" : eventLabel(source, transition),
    ...guard === void 0 ? {} : { guard },
    ...transition.delay === void 0 ? {} : { delayed: transition.delay },
    ...eventless ? { eventless: true } : {},
    ...targetless ? { targetless: true } : {},
    ...transition.reenter === true ? { reenter: true } : {}
  });
  const targets = transition.target ?? [];
  if (targets.length === 0) edges.push(edge(source.id, true));
  for (const target of targets) edges.push(edge(target.id, false));
}
var DONE_ACTOR = "xstate.done.actor.";
var ERROR_ACTOR = "xstate.error.actor.";
var SNAPSHOT = "xstate.snapshot.";
function eventLabel(source, transition) {
  const event = transition.eventType;
  if (transition.delay !== void 0) return typeof transition.delay === "number" ? `after ${transition.delay}ms` : `after ${transition.delay}`;
  if (event === `xstate.done.state.${source.id}`) return "done";
  for (const [prefix, word] of [
    [DONE_ACTOR, "done"],
    [ERROR_ACTOR, "error"],
    [SNAPSHOT, "snapshot"]
  ]) {
    if (!event.startsWith(prefix)) continue;
    const invoke = source.invoke.find((candidate) => candidate.id === event.slice(prefix.length));
    if (invoke !== void 0) return `${word}: ${invokeName(source, invoke)}`;
  }
  return event;
}

export { isMachine, toGraph };
//# sourceMappingURL=chunk-HGD4RTKF.js.map
//# sourceMappingURL=chunk-HGD4RTKF.js.map