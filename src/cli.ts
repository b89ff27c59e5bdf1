#!/usr/bin/env node
// The `overseer` command (package.json "bin"): see src/visualize/export-command.ts and docs/visualize.md.
import { runCli } from './visualize/export-command.js';

process.exitCode = await runCli(process.argv.slice(2), process);
