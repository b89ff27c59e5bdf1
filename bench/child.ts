/**
 * The entry of a fresh measurement process (see isolate.ts): imports the module, calls the
 * named export with the JSON argument, prints the result on one marked line and exits.
 */
const [moduleHref, exportName, json] = process.argv.slice(2);
const loaded = (await import(moduleHref as string)) as Record<string, (args: unknown) => Promise<unknown>>;
const measure = loaded[exportName as string];
if (typeof measure !== 'function') throw new Error(`bench child: ${moduleHref} has no export ${exportName}`);
const result = await measure(JSON.parse(json as string));
process.stdout.write(`@@bench-result ${JSON.stringify(result)}\n`);
// Pools a peer left open must not keep the process alive.
process.exit(0);
export {};
