/**
 * `npm start` entry point: the supervised worker pool under a realistic workload
 * (see examples/pool-demo.ts).
 *
 * The supervision-tree demo runs on its own: npx tsx examples/supervision-demo.ts
 *
 * Run: npx tsx examples/demo.ts
 */
import { main } from './pool-demo.js';

if (process.argv.includes('--dashboard')) {
  // `npm start -- --dashboard`: the longer demo with the live dashboard (examples/dashboard-demo.ts).
  const dashboard = await import('./dashboard-demo.js');
  await dashboard.main();
} else {
  await main();
  console.log('\nAlso try the supervision tree demo: npx tsx examples/supervision-demo.ts');
  console.log('And the live dashboard: npm run demo:dashboard');
}
