#!/usr/bin/env node
import { renderMermaid } from './chunk-AFQVPJKD.js';
import { isMachine, toGraph } from './chunk-HGD4RTKF.js';
import './chunk-AESCEPAJ.js';
import { existsSync } from 'fs';
import { resolve } from 'path';
import { pathToFileURL } from 'url';
import { parseArgs } from 'util';

var USAGE = `Usage: overseer export <module> [exportName] [--format mermaid|json]

Prints the xstate machines a module exports (all of them, or the one named) as a Mermaid
stateDiagram-v2 (default) or as JSON from toGraph. <module> is a path to a .js or .mjs file;
a .ts file works when Node runs TypeScript, e.g. NODE_OPTIONS='--import tsx' npx overseer export m.ts.
`;
var CliError = class extends Error {
  constructor(message, exitCode) {
    super(message);
    this.exitCode = exitCode;
  }
  exitCode;
};
async function runCli(argv, io) {
  try {
    const { command, module, exportName, format, help } = parse(argv);
    if (help) {
      io.stdout.write(USAGE);
      return 0;
    }
    if (command !== "export") throw new CliError(`unknown command ${JSON.stringify(command)} (try: overseer export <module>)`, 2);
    const machines = pick(await load(module), module, exportName);
    io.stdout.write(print(machines, format, exportName !== void 0));
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      if (error.exitCode === 2 && argv.length === 0) io.stderr.write(USAGE);
      else io.stderr.write(`overseer: ${error.message}
`);
      return error.exitCode;
    }
    io.stderr.write(`overseer: ${firstLine(error)}
`);
    return 1;
  }
}
function parse(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { format: { type: "string", short: "f" }, help: { type: "boolean", short: "h" } }
    });
  } catch (error) {
    throw new CliError(firstLine(error), 2);
  }
  const { positionals, values } = parsed;
  const help = values.help === true;
  const [command, module, exportName, ...extra] = positionals;
  if (help) return { command: command ?? "", module: "", exportName: void 0, format: "mermaid", help };
  if (command === void 0) throw new CliError("no command", 2);
  if (command === "export" && module === void 0) throw new CliError("export needs a module path: overseer export <module> [exportName]", 2);
  if (extra.length > 0) throw new CliError(`unexpected argument ${JSON.stringify(extra[0])}`, 2);
  const format = values.format ?? "mermaid";
  if (format !== "mermaid" && format !== "json") throw new CliError(`--format must be mermaid or json, got ${JSON.stringify(format)}`, 2);
  return { command, module: module ?? "", exportName, format, help };
}
async function load(module) {
  const path = resolve(module);
  if (!existsSync(path)) throw new CliError(`cannot find module ${module} (looked for ${path})`, 1);
  try {
    return await import(pathToFileURL(path).href);
  } catch (error) {
    const code = error.code;
    if (code === "ERR_UNKNOWN_FILE_EXTENSION" && /\.[cm]?tsx?$/.test(path)) {
      throw new CliError(`cannot load ${module}: this Node does not run TypeScript; run it under tsx: NODE_OPTIONS='--import tsx' npx overseer export ${module}`, 1);
    }
    throw new CliError(`cannot load ${module}: ${firstLine(error)}`, 1);
  }
}
function pick(namespace, module, exportName) {
  const all = Object.keys(namespace).filter((name) => isMachine(namespace[name])).sort();
  if (exportName === void 0) {
    if (all.length === 0) throw new CliError(`${module} exports no xstate machine`, 1);
    return all.map((name) => [name, namespace[name]]);
  }
  if (!Object.prototype.hasOwnProperty.call(namespace, exportName)) {
    const known = all.length === 0 ? "it exports no machine" : `its machines: ${all.join(", ")}`;
    throw new CliError(`${module} has no export ${JSON.stringify(exportName)} (${known})`, 1);
  }
  const value = namespace[exportName];
  if (!isMachine(value)) throw new CliError(`export ${JSON.stringify(exportName)} of ${module} is not an xstate machine (got ${typeof value})`, 1);
  return [[exportName, value]];
}
function print(machines, format, named) {
  if (format === "json") {
    const graphs = machines.map(([name, machine]) => [name, toGraph(machine)]);
    return `${JSON.stringify(named ? graphs[0]?.[1] : Object.fromEntries(graphs), null, 2)}
`;
  }
  if (named) return renderMermaid(toGraph(machines[0][1]));
  return machines.map(([name, machine]) => `%% ${name}
${renderMermaid(toGraph(machine))}`).join("\n");
}
function firstLine(error) {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}

// src/cli.ts
process.exitCode = await runCli(process.argv.slice(2), process);
//# sourceMappingURL=cli.js.map
//# sourceMappingURL=cli.js.map