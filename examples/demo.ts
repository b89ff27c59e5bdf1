/**
 * `npm start` entry point. For now it runs the supervision demo.
 *
 * Run: npx tsx examples/demo.ts
 */
import { runSupervisionDemo } from './supervision-demo.js';

await runSupervisionDemo();
