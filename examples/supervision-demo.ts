/**
 * A small supervision tree that breaks on purpose and heals itself.
 *
 *   root (one_for_one, intensity 5 / 5 s)
 *   ├── ticker     worker, crashes 800 ms after every start
 *   ├── pipeline   supervisor, one_for_all
 *   │   ├── reader  worker, crashes 1.2 s after it starts
 *   │   └── writer  worker that traps exits (flushes for 50 ms on shutdown)
 *   ├── sessions   dynamic supervisor: three sessions, one crashes, one finishes
 *   └── flaky      supervisor (transient, intensity 1 / 1 s) whose only child
 *                  crashes every 250 ms, so it gives up; root does not restart it
 *
 * The whole tree is one xstate actor system: a single `inspect` observer on the root sees
 * every actor at every level (here it counts the demo workers that start).
 *
 * After ~2.6 s the root is stopped and the demo exits with code 0.
 *
 * Run: npx tsx examples/supervision-demo.ts
 */
import { pathToFileURL } from 'node:url';
import { setup, type Actor, type AnyActorRef, type InspectionEvent } from 'xstate';
import {
  SHUTDOWN_EVENT,
  dynamicSupervisorSpec,
  getDynamicSupervisor,
  getSupervisor,
  startSupervisor,
  supervisorSpec,
  type ExitReason,
  type SupervisorEvents,
  type SupervisorExit,
} from '../src/index.js';

interface WorkerInput {
  label: string;
  /** Throw this many ms after starting; `null` never crashes. */
  crashAfterMs?: number | null;
  /** Finish normally (final state) this many ms after starting. */
  finishAfterMs?: number | null;
  /** Handle the shutdown request by flushing for 50 ms (OTP: trap exits). */
  trapsExits?: boolean;
}

/** A worker whose behaviour comes from its input: steady, crashing on a timer, or finishing. */
export const demoWorker = setup({
  types: {
    input: {} as WorkerInput,
    context: {} as Required<WorkerInput>,
  },
  delays: {
    crashAfter: ({ context }) => context.crashAfterMs ?? 0,
    finishAfter: ({ context }) => context.finishAfterMs ?? 0,
  },
  guards: {
    crashes: ({ context }) => context.crashAfterMs !== null,
    finishes: ({ context }) => context.finishAfterMs !== null,
    trapsExits: ({ context }) => context.trapsExits,
  },
  actions: {
    crash: ({ context }) => {
      throw new Error(`${context.label}: simulated fault`);
    },
  },
}).createMachine({
  id: 'demoWorker',
  context: ({ input }) => ({
    label: input.label,
    crashAfterMs: input.crashAfterMs ?? null,
    finishAfterMs: input.finishAfterMs ?? null,
    trapsExits: input.trapsExits ?? false,
  }),
  initial: 'working',
  states: {
    working: {
      after: {
        crashAfter: { guard: 'crashes', actions: 'crash' },
        finishAfter: { guard: 'finishes', target: 'done' },
      },
      on: {
        // Only a worker that traps exits has a transition for the request; the others are
        // stopped at once by their supervisor, like OTP processes that do not trap exits.
        [SHUTDOWN_EVENT]: { guard: 'trapsExits', target: 'flushing' },
      },
    },
    flushing: { after: { 50: 'done' } },
    done: { type: 'final' },
  },
});

type Log = (line: string) => void;

function describeExit(exit: ExitReason): string {
  switch (exit.reason) {
    case 'crashed':
      return `crashed (${exit.error instanceof Error ? exit.error.message : String(exit.error)})`;
    case 'shutdown':
      return exit.cause === undefined ? 'shutdown' : `shutdown (${exit.cause})`;
    default:
      return exit.reason;
  }
}

/** Runs the demo; resolves with the root's exit once everything has stopped. */
export async function runSupervisionDemo(options: { log?: Log; runForMs?: number } = {}): Promise<SupervisorExit> {
  const log = options.log ?? ((line: string) => console.log(line));
  const runForMs = options.runForMs ?? 2600;
  const t0 = performance.now();
  const say = (who: string, what: string) =>
    log(`[${String(Math.round(performance.now() - t0)).padStart(5)} ms] ${who.padEnd(9)} ${what}`);
  const counts = { crashes: 0, restarts: 0, workersStarted: 0 };
  // One observer for the whole tree: every actor, nested or restarted, joins the root's system.
  const inspect = (event: InspectionEvent) => {
    if (event.type === '@xstate.actor' && (event.actorRef as Actor<typeof demoWorker>).logic === demoWorker) counts.workersStarted++;
  };

  /** Prints every event of one supervisor; nested supervisors are followed as they (re)start. */
  const watch = (events: import('mitt').Emitter<SupervisorEvents>) => {
    events.on('childStarted', (e) => {
      say(e.supervisor, `started ${e.id}`);
      follow(e.ref);
    });
    events.on('childExited', (e) => {
      if (e.exit.reason === 'crashed') counts.crashes++;
      say(e.supervisor, `${e.id} exited: ${describeExit(e.exit)}`);
    });
    events.on('childRestarted', (e) => {
      counts.restarts++;
      say(e.supervisor, `restarted ${e.id}`);
      follow(e.ref);
    });
    events.on('childTerminated', (e) => say(e.supervisor, `terminated ${e.id} (${e.outcome})`));
    events.on('childStartFailed', (e) => say(e.supervisor, `could not restart ${e.id}`));
    events.on('gaveUp', (e) =>
      say(e.supervisor, `GAVE UP: more than ${e.intensity} restarts in ${e.period} ms`),
    );
    events.on('stopped', (e) => say(e.supervisor, `stopped (${e.exit.cause})`));
  };

  const follow = (ref: AnyActorRef) => {
    const nested = getSupervisor(ref) ?? getDynamicSupervisor(ref);
    if (nested === undefined) return;
    // Its own initial children started before its parent reported it; list them now.
    const ids = nested.whichChildren().map((child) => child.id);
    say(nested.name, `is up with [${ids.join(', ')}]`);
    watch(nested.events);
  };

  say('demo', 'starting the tree');
  const root = await startSupervisor({
    name: 'root',
    strategy: 'one_for_one',
    intensity: 5,
    period: 5000,
    inspect,
    children: [
      { id: 'ticker', logic: demoWorker, input: { label: 'ticker', crashAfterMs: 800 } },
      supervisorSpec('pipeline', {
        strategy: 'one_for_all',
        children: [
          { id: 'reader', logic: demoWorker, input: { label: 'reader', crashAfterMs: 1200 } },
          { id: 'writer', logic: demoWorker, input: { label: 'writer', trapsExits: true }, shutdown: 500 },
        ],
      }),
      dynamicSupervisorSpec('sessions', { maxChildren: 10 }),
      supervisorSpec(
        'flaky',
        {
          intensity: 1,
          period: 1000,
          children: [{ id: 'probe', logic: demoWorker, input: { label: 'probe', crashAfterMs: 250 } }],
        },
        // transient: a supervisor that gives up exits with `shutdown`, which is not abnormal,
        // so the root lets it go instead of restarting it.
        { restart: 'transient' },
      ),
    ],
  });
  say('demo', `tree is up: ${JSON.stringify(root.countChildren())}`);
  // The initial children started before we could subscribe: follow the nested supervisors now.
  watch(root.events);
  for (const child of root.whichChildren()) if (typeof child.ref === 'object') follow(child.ref);

  const sessions = getDynamicSupervisor(root.whichChildren().find((child) => child.id === 'sessions')?.ref);
  if (sessions === undefined) throw new Error('the sessions supervisor is not running');
  await sessions.startChild({ id: 'ada', logic: demoWorker, input: { label: 'session ada' } });
  await sessions.startChild({ id: 'bob', logic: demoWorker, input: { label: 'session bob', crashAfterMs: 900 } });
  await sessions.startChild({
    id: 'cy',
    logic: demoWorker,
    input: { label: 'session cy', finishAfterMs: 600 },
    restart: 'temporary',
  });

  await new Promise((resolve) => setTimeout(resolve, runForMs));

  const table = root.whichChildren().map((c) => `${c.id} ${c.ref === undefined ? 'terminated' : 'up'}`);
  say('demo', `stopping; root's children: ${table.join(', ')}`);
  const exit = await root.stop();
  say('demo', `root exited with ${JSON.stringify(exit)}`);
  say('demo', `${counts.crashes} crashes, ${counts.restarts} children restarted`);
  say('demo', `the root's inspect observer saw ${counts.workersStarted} demo workers start, at every level of the tree`);
  return exit;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runSupervisionDemo();
}
