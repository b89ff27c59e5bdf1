import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { AnyStateMachine } from 'xstate';
import { isMachine, toGraph } from './machine-graph.js';
import { renderMermaid } from './mermaid.js';

/** Where the command writes: `process.stdout` / `process.stderr`, or anything with `write`. */
export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export const USAGE = `Usage: overseer export <module> [exportName] [--format mermaid|json]

Prints the xstate machines a module exports (all of them, or the one named) as a Mermaid
stateDiagram-v2 (default) or as JSON from toGraph. <module> is a path to a .js or .mjs file;
a .ts file works when Node runs TypeScript, e.g. NODE_OPTIONS='--import tsx' npx overseer export m.ts.
`;

/** A refusal: printed as one line on stderr, with the exit code (2: bad usage, 1: a bad module). */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/**
 * Runs the `overseer` command line and resolves with its exit code: 0 when it printed what it
 * was asked for, 1 when the module cannot be loaded or has no such machine, 2 for bad usage.
 * Every error is one line on stderr, starting with `overseer:`.
 *
 * @example
 * ```ts
 * const code = await runCli(['export', './machines.js', 'checkout', '--format', 'json'], process);
 * process.exitCode = code;
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    const { command, module, exportName, format, help } = parse(argv);
    if (help) {
      io.stdout.write(USAGE);
      return 0;
    }
    if (command !== 'export') throw new CliError(`unknown command ${JSON.stringify(command)} (try: overseer export <module>)`, 2);
    const machines = pick(await load(module), module, exportName);
    io.stdout.write(print(machines, format, exportName !== undefined));
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      if (error.exitCode === 2 && argv.length === 0) io.stderr.write(USAGE);
      else io.stderr.write(`overseer: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`overseer: ${firstLine(error)}\n`);
    return 1;
  }
}

type Format = 'mermaid' | 'json';

function parse(argv: readonly string[]): { command: string; module: string; exportName: string | undefined; format: Format; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new CliError(firstLine(error), 2);
  }
  const { positionals, values } = parsed;
  const help = values.help === true;
  const [command, module, exportName, ...extra] = positionals;
  if (help) return { command: command ?? '', module: '', exportName: undefined, format: 'mermaid', help };
  if (command === undefined) throw new CliError('no command', 2);
  if (command === 'export' && module === undefined) throw new CliError('export needs a module path: overseer export <module> [exportName]', 2);
  if (extra.length > 0) throw new CliError(`unexpected argument ${JSON.stringify(extra[0])}`, 2);
  const format = values.format ?? 'mermaid';
  if (format !== 'mermaid' && format !== 'json') throw new CliError(`--format must be mermaid or json, got ${JSON.stringify(format)}`, 2);
  return { command, module: module ?? '', exportName, format, help };
}

async function load(module: string): Promise<Record<string, unknown>> {
  const path = resolve(module);
  if (!existsSync(path)) throw new CliError(`cannot find module ${module} (looked for ${path})`, 1);
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_UNKNOWN_FILE_EXTENSION' && /\.[cm]?tsx?$/.test(path)) {
      throw new CliError(`cannot load ${module}: this Node does not run TypeScript; run it under tsx: NODE_OPTIONS='--import tsx' npx overseer export ${module}`, 1);
    }
    throw new CliError(`cannot load ${module}: ${firstLine(error)}`, 1);
  }
}

/** The machines to print, by export name: the one asked for, or every export that is a machine (by name). */
function pick(namespace: Record<string, unknown>, module: string, exportName: string | undefined): Array<[string, AnyStateMachine]> {
  // Sorted: a module namespace lists its names in order, but not every loader keeps it.
  const all = Object.keys(namespace)
    .filter((name) => isMachine(namespace[name]))
    .sort();
  if (exportName === undefined) {
    if (all.length === 0) throw new CliError(`${module} exports no xstate machine`, 1);
    return all.map((name) => [name, namespace[name] as AnyStateMachine]);
  }
  if (!Object.prototype.hasOwnProperty.call(namespace, exportName)) {
    const known = all.length === 0 ? 'it exports no machine' : `its machines: ${all.join(', ')}`;
    throw new CliError(`${module} has no export ${JSON.stringify(exportName)} (${known})`, 1);
  }
  const value = namespace[exportName];
  if (!isMachine(value)) throw new CliError(`export ${JSON.stringify(exportName)} of ${module} is not an xstate machine (got ${typeof value})`, 1);
  return [[exportName, value]];
}

/** One named machine prints alone; a module's machines print as `{ name: graph }` or as diagrams headed `%% name`. */
function print(machines: Array<[string, AnyStateMachine]>, format: Format, named: boolean): string {
  if (format === 'json') {
    const graphs = machines.map(([name, machine]) => [name, toGraph(machine)] as const);
    return `${JSON.stringify(named ? graphs[0]?.[1] : Object.fromEntries(graphs), null, 2)}\n`;
  }
  if (named) return renderMermaid(toGraph(machines[0]![1]));
  return machines.map(([name, machine]) => `%% ${name}\n${renderMermaid(toGraph(machine))}`).join('\n');
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
