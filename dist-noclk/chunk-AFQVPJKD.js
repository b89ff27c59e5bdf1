import { toGraph } from './chunk-HGD4RTKF.js';

// src/visualize/mermaid.ts
function toMermaid(machine) {
  return renderMermaid(toGraph(machine));
}
var RESERVED = new Set(["state", "note", "class", "classdef", "style", "default", "direction", "end", "as", "hide", "accTitle", "accDescr"].map((w) => w.toLowerCase()));
var SAFE = /[A-Za-z0-9 _.,:()[\]!&|*/'=+?@$^~-]/;
function escapeMermaid(text) {
  let out = "";
  for (const char of text) out += SAFE.test(char) ? char : `#${char.codePointAt(0)};`;
  return out;
}
function renderMermaid(graph) {
  const [root] = graph.nodes;
  if (root === void 0) return "stateDiagram-v2\n";
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const children = /* @__PURE__ */ new Map();
  for (const node of graph.nodes) {
    if (node.parent === void 0) continue;
    const list = children.get(node.parent) ?? [];
    list.push(node);
    children.set(node.parent, list);
  }
  const ids = mermaidIds(graph.nodes);
  const drawn = graph.edges.filter((edge) => edge.targetless !== true);
  const wrapped = root.type === "parallel" || drawn.some((edge) => edge.source === root.id);
  const edgesIn = /* @__PURE__ */ new Map();
  for (const edge of drawn) {
    const block = blockOf(edge, byId, wrapped ? void 0 : root.id) ?? "";
    const list = edgesIn.get(block) ?? [];
    list.push(edge);
    edgesIn.set(block, list);
  }
  const lines = ["stateDiagram-v2"];
  const edgeLine = (edge, indent) => `${indent}${idOf(ids, edge.source)} --> ${idOf(ids, edge.target)}: ${escapeMermaid(edge.guard === void 0 ? edge.label : `${edge.label} [${edge.guard}]`)}`;
  const body = (node, indent) => {
    const kids = children.get(node.id) ?? [];
    if (node.initial !== void 0) lines.push(`${indent}[*] --> ${idOf(ids, node.initial)}`);
    kids.forEach((kid, index) => {
      if (node.type === "parallel" && index > 0) lines.push(`${indent}--`);
      declare(kid, indent);
    });
    for (const kid of kids) if (kid.final === true) lines.push(`${indent}${idOf(ids, kid.id)} --> [*]`);
    for (const edge of edgesIn.get(node.id) ?? []) lines.push(edgeLine(edge, indent));
  };
  const declare = (node, indent) => {
    const name = `state "${escapeMermaid(displayName(node))}" as ${idOf(ids, node.id)}`;
    if ((children.get(node.id) ?? []).length === 0) {
      lines.push(`${indent}${name}`);
      return;
    }
    lines.push(`${indent}${name} {`);
    body(node, `${indent}  `);
    lines.push(`${indent}}`);
  };
  if (wrapped) {
    lines.push(`  [*] --> ${idOf(ids, root.id)}`);
    declare(root, "  ");
  } else {
    body(root, "  ");
  }
  for (const edge of edgesIn.get("") ?? []) lines.push(edgeLine(edge, "  "));
  return `${lines.join("\n")}
`;
}
function displayName(node) {
  if (node.type === "history") return node.history === "deep" ? "H*" : "H";
  return node.key;
}
function idOf(ids, nodeId) {
  return ids.get(nodeId);
}
function mermaidIds(nodes) {
  const ids = /* @__PURE__ */ new Map();
  const taken = /* @__PURE__ */ new Set();
  for (const node of nodes) {
    let base = node.id.replace(/[^A-Za-z0-9_]/g, "_") || "state";
    if (RESERVED.has(base.toLowerCase())) base = `${base}_`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    ids.set(node.id, id);
  }
  return ids;
}
function blockOf(edge, byId, top) {
  const ancestry = (id) => {
    const chain = [];
    for (let node = byId.get(id); node !== void 0; node = node.parent === void 0 ? void 0 : byId.get(node.parent)) chain.unshift(node.id);
    return chain;
  };
  const from = ancestry(edge.source);
  const to = ancestry(edge.target);
  let depth = 0;
  while (depth < from.length && depth < to.length && from[depth] === to[depth]) depth++;
  let block = from[depth - 1];
  while (block !== void 0 && (block === edge.source || block === edge.target || byId.get(block)?.type === "parallel")) {
    block = byId.get(block)?.parent;
  }
  return block === top ? void 0 : block;
}

export { renderMermaid, toMermaid };
//# sourceMappingURL=chunk-AFQVPJKD.js.map
//# sourceMappingURL=chunk-AFQVPJKD.js.map