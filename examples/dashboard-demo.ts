/**
 * The live dashboard over a small shop: a supervision tree with a payments pool (whose downstream
 * has an outage every 30 s, so its breaker opens, half-opens and closes), a supervisor of services
 * (a mailer that crashes now and then and is restarted; an inventory machine that syncs), and a
 * dynamic supervisor of shoppers' sessions (user machines that come and go).
 *
 * Run: npm run demo:dashboard            (until Ctrl-C; or: npm start -- --dashboard)
 *      npx tsx examples/dashboard-demo.ts --duration 20 --port 4000 --no-actions
 * Open the URL it prints. With CI=true and no --duration it stops after 5 s.
 */
import { assign, createMachine, setup } from 'xstate';
import { pathToFileURL } from 'node:url';
import { dynamicSupervisorSpec, getDynamicSupervisor, getPool, getSupervisor, poolSpec, startSupervisor, supervisorSpec, type Pool } from '../src/index.js';
import { serveDashboard } from '../src/dashboard/index.js';

interface Flags {
  duration: number | undefined;
  port: number;
  actions: boolean;
}

function parseFlags(argv: string[]): Flags {
  const flags: Flags = { duration: process.env.CI === 'true' ? 5 : undefined, port: 0, actions: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--duration') flags.duration = Number(argv[++i]);
    else if (arg === '--port') flags.port = Number(argv[++i]);
    else if (arg === '--no-actions') flags.actions = false;
    else if (arg === '--dashboard') continue;
    else throw new Error(`unknown flag ${arg} (flags: --duration <s>, --port <n>, --no-actions)`);
  }
  if (flags.duration !== undefined && !(flags.duration > 0)) throw new Error('--duration takes a number of seconds > 0');
  return flags;
}

/** Crashes (an action throws) when it gets `FAIL`; otherwise sends mail. */
const mailer = setup({
  actions: {
    crash: () => {
      throw new Error('SMTP connection reset');
    },
  },
}).createMachine({
  id: 'mailer',
  initial: 'idle',
  states: {
    idle: { on: { SEND: 'sending', FAIL: { actions: 'crash' } } },
    sending: { after: { 300: 'idle' }, on: { FAIL: { actions: 'crash' } } },
  },
});

const inventory = createMachine({
  id: 'inventory',
  initial: 'idle',
  states: {
    idle: { after: { 2000: 'syncing' } },
    syncing: { after: { 700: 'idle' } },
  },
});

/** A shopper: browses, checks out, pays or leaves. */
const session = setup({ types: { context: {} as { items: number } } }).createMachine({
  id: 'session',
  context: { items: 0 },
  initial: 'browsing',
  states: {
    browsing: { after: { 1500: [{ guard: () => Math.random() < 0.7, target: 'checkout', actions: assign({ items: () => 1 + Math.floor(Math.random() * 4) }) }, { target: 'left' }] } },
    checkout: { after: { 1200: 'paid' } },
    paid: { type: 'final' },
    left: { type: 'final' },
  },
});

/**
 * Runs the demo until `duration` seconds pass (or Ctrl-C), printing the dashboard's URL.
 *
 * @example
 * ```ts
 * await main(['--duration', '10']);
 * ```
 */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  const flags = parseFlags(argv);
  const shop = await startSupervisor({
    name: 'shop',
    intensity: 20,
    period: 10_000,
    children: [
      poolSpec('payments', { size: 8, maxQueueSize: 500, circuitBreaker: { failureThreshold: 5, cooldown: 3000, backoff: false } }),
      supervisorSpec('services', { intensity: 10, period: 10_000, children: [{ id: 'mailer', logic: mailer }, { id: 'inventory', logic: inventory }] }),
      dynamicSupervisorSpec('sessions', { maxChildren: 50 }),
    ],
  });
  const child = (id: string) => shop.whichChildren().find((c) => c.id === id)?.ref;
  const sessions = getDynamicSupervisor(child('sessions'))!;
  const dash = await serveDashboard({ port: flags.port, actions: flags.actions, watch: [shop] });
  console.log(`overseer dashboard: ${dash.url}`);
  console.log(flags.duration === undefined ? 'Ctrl-C to stop.' : `Stopping in ${flags.duration} s.`);

  const started = Date.now();
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, fn: () => void): void => void timers.push(setInterval(fn, ms));
  // Payments: ~120 tasks/s of 5–60 ms on 8 workers (about half their capacity, so the queue
  // drains after an outage); the downstream is out from 10 s to 16 s of every 30 s, as each task
  // sees it when it ends. While the circuit is open, nothing new is sent: what was queued is held.
  const outage = (): boolean => {
    const phase = (Date.now() - started) % 30_000;
    return phase > 10_000 && phase < 16_000;
  };
  every(50, () => {
    const payments = getPool(child('payments')) as Pool | undefined;
    if (payments === undefined || payments.circuit === 'open') return;
    for (let i = 0; i < 6; i++) {
      payments
        .run(async () => {
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 55));
          if (outage()) throw new Error('card processor unavailable');
        })
        .catch(() => undefined);
    }
  });
  // The mailer sends often and crashes now and then; its supervisor restarts it.
  every(700, () => {
    const mailerRef = getSupervisor(child('services'))?.whichChildren().find((c) => c.id === 'mailer')?.ref;
    if (typeof mailerRef === 'object') mailerRef.send({ type: Math.random() < 0.12 ? 'FAIL' : 'SEND' });
  });
  // Shoppers arrive.
  every(900, () => void sessions.startChild({ id: `shopper-${Math.floor(Math.random() * 1000)}`, logic: session, restart: 'temporary' }).catch(() => undefined));

  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (flags.duration !== undefined) setTimeout(stop, flags.duration * 1000);
  });
  for (const timer of timers) clearInterval(timer);
  await dash.close();
  await shop.stop();
  console.log('Stopped: dashboard closed, tree shut down.');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main().catch((error: unknown) => {
    console.error(`dashboard-demo: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  });
}
