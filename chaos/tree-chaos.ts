import { setup, type AnyActorRef } from 'xstate';
import {
  dynamicSupervisorSpec,
  getDynamicSupervisor,
  getSupervisor,
  startSupervisor,
  supervisorSpec,
  type ChildSpec,
  type DynamicSupervisor,
  type Supervisor,
} from '../src/index.js';
import { describe, Tally, Violation, within } from './invariants.js';
import type { Rng } from './rng.js';

/** A child that crashes when told to, or finishes normally. */
const worker = setup({
  types: { events: {} as { type: 'CRASH' } | { type: 'FINISH' } },
  actions: {
    crash: () => {
      throw new Error('chaos: child crashed');
    },
  },
}).createMachine({
  initial: 'up',
  states: { up: { on: { CRASH: { actions: 'crash' }, FINISH: 'done' } }, done: { type: 'final' } },
});

type AnySupervisor = Supervisor | DynamicSupervisor;

interface Watched {
  sup: AnySupervisor;
  intensity: number;
  period: number;
  /** Times of the exits its restart policy restarts (one per restart decision, as OTP counts) and of failed restarts. */
  restarts: number[];
  gaveUp: boolean;
}

/** A child's exit that its restart type restarts: permanent always, transient when abnormal. */
function restartWanted(restart: string | undefined, reason: string): boolean {
  return restart === 'permanent' || (restart === 'transient' && (reason === 'crashed' || reason === 'killed'));
}

/** Clock slack between the supervisor's reading and ours, ms. */
const SLACK = 5;

const PERIOD = 400;

function childSpecs(rng: Rng, depth: number, prefix: string): ChildSpec[] {
  const n = rng.int(1, 4);
  const specs: ChildSpec[] = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}${i}`;
    const restart = rng.pick(['permanent', 'transient', 'temporary'] as const);
    const kind = depth < 2 ? rng.weighted({ worker: 6, supervisor: 2, dynamic: 1 }) : 'worker';
    if (kind === 'worker') specs.push({ id, logic: worker, restart });
    else if (kind === 'supervisor') {
      specs.push(
        supervisorSpec(id, {
          strategy: rng.pick(['one_for_one', 'one_for_all', 'rest_for_one'] as const),
          intensity: rng.int(0, 4),
          period: PERIOD,
          children: childSpecs(rng, depth + 1, `${id}.`),
        }, { restart }),
      );
    } else specs.push(dynamicSupervisorSpec(id, { intensity: rng.int(0, 4), period: PERIOD }, { restart }));
  }
  return specs;
}

/**
 * One random tree and `operations` random admin calls and crashes. After every operation (once
 * the tree is quiet) each supervisor's child table must be consistent, and no supervisor may have
 * restarted beyond its intensity within its period or given up before reaching it.
 */
export async function treeRound(rng: Rng, seed: number, round: number, operations: number, tally: Tally): Promise<number> {
  const fail = (what: string): never => {
    throw new Violation('supervision tree', seed, round, what);
  };
  const root = await startSupervisor({
    strategy: rng.pick(['one_for_one', 'one_for_all', 'rest_for_one'] as const),
    intensity: rng.int(1, 5),
    period: PERIOD,
    children: childSpecs(rng, 0, 'c'),
  });
  const watched = new Map<AnySupervisor['actor'], Watched>();
  // Seen in a listener, reported at the next check (a listener's throw would only be logged).
  const heard: string[] = [];
  const watch = (sup: AnySupervisor, intensity: number, period: number): void => {
    if (watched.has(sup.actor)) return;
    const w: Watched = { sup, intensity, period, restarts: [], gaveUp: false };
    watched.set(sup.actor, w);
    // Read the restart type before the exit is handled: a temporary child's spec leaves with it.
    const restartTypes = new Map<string, string | undefined>();
    const dynamic = getDynamicSupervisor(sup.actor) !== undefined;
    const typeOf = (id: string): string | undefined => (dynamic ? 'transient' : (sup as Supervisor).getChildSpec(id)?.restart);
    sup.events.on('childStarted', ({ id }) => restartTypes.set(id, typeOf(id)));
    sup.events.on('childExited', ({ id, exit }) => {
      const restart = restartTypes.get(id) ?? typeOf(id);
      if (restartWanted(restart, exit.reason)) w.restarts.push(Date.now());
    });
    sup.events.on('childStartFailed', () => w.restarts.push(Date.now()));
    sup.events.on('gaveUp', () => {
      w.gaveUp = true;
      const now = Date.now();
      const inWindow = w.restarts.filter((t) => t >= now - w.period - SLACK).length;
      // It gives up when this restart would be one more than the intensity allows.
      if (inWindow < w.intensity + 1) heard.push(`${sup.name} gave up after ${inWindow} restarts in its period (intensity ${w.intensity})`);
      tally.add('gave up');
    });
  };
  watch(root, root.actor.getSnapshot().context.intensity, PERIOD);

  /** Every live supervisor of the tree, and watches new ones. */
  const supervisors = (): AnySupervisor[] => {
    const found: AnySupervisor[] = [];
    const visit = (sup: AnySupervisor): void => {
      if (sup.phase === 'stopped') return;
      found.push(sup);
      const context = sup.actor.getSnapshot().context as { intensity: number; period: number };
      watch(sup, context.intensity, context.period);
      for (const child of sup.whichChildren()) {
        if (child.ref === undefined || child.ref === 'restarting') continue;
        const nested = getSupervisor(child.ref) ?? getDynamicSupervisor(child.ref);
        if (nested !== undefined) visit(nested);
      }
    };
    visit(root);
    return found;
  };

  const check = (): void => {
    if (heard.length > 0) fail(heard[0] as string);
    for (const sup of supervisors()) {
      const rows = sup.whichChildren();
      const counts = sup.countChildren();
      if (counts.specs !== rows.length) fail(`${sup.name}: countChildren().specs ${counts.specs} ≠ ${rows.length} rows`);
      const running = rows.filter((r) => r.ref !== undefined && r.ref !== 'restarting');
      if (counts.active !== running.length) fail(`${sup.name}: countChildren().active ${counts.active} ≠ ${running.length} running rows`);
      // A static supervisor's ids are unique; a dynamic one's children may share their spec's id.
      const ids = rows.map((r) => r.id);
      if (getDynamicSupervisor(sup.actor) === undefined && new Set(ids).size !== ids.length) fail(`${sup.name}: duplicate child ids ${ids.join(',')}`);
      for (const row of running) {
        const status = ((row.ref as AnyActorRef).getSnapshot() as { status: string }).status;
        if (status !== 'active') fail(`${sup.name}: child ${row.id} is listed running but its actor is ${status}`);
      }
    }
    for (const w of watched.values()) {
      if (w.gaveUp) continue;
      const now = Date.now();
      // Restarts are counted before the decision; within the intensity, none may exceed it.
      const inWindow = w.restarts.filter((t) => t >= now - w.period + SLACK).length;
      if (inWindow > w.intensity) fail(`${w.sup.name} restarted ${inWindow} times within ${w.period} ms (intensity ${w.intensity}) and did not give up`);
    }
  };

  let done = 0;
  for (let op = 0; op < operations && root.phase !== 'stopped'; op++) {
    done++;
    const sups = supervisors();
    const sup = rng.pick(sups);
    const rows = sup.whichChildren();
    const row = rows.length > 0 ? rng.pick(rows) : undefined;
    const ref = row?.ref !== undefined && row.ref !== 'restarting' ? row.ref : undefined;
    const dynamic = getDynamicSupervisor(sup.actor);
    const action = rng.weighted({ crash: 6, finish: 2, terminate: 2, restart: 2, delete: 1, start: dynamic !== undefined ? 4 : 0, stopNested: 1 });
    tally.add(`tree ${action}`);
    try {
      if (action === 'crash' && ref !== undefined) ref.send({ type: 'CRASH' });
      else if (action === 'finish' && ref !== undefined) ref.send({ type: 'FINISH' });
      else if (action === 'terminate' && row !== undefined && (dynamic === undefined || ref !== undefined)) {
        await within(dynamic !== undefined ? dynamic.terminateChild(ref as AnyActorRef) : (sup as Supervisor).terminateChild(row.id), 10_000, 'terminateChild');
      }
      else if (action === 'restart' && row !== undefined && !dynamic) await within((sup as Supervisor).restartChild(row.id), 10_000, 'restartChild');
      else if (action === 'delete' && row !== undefined && !dynamic) await within((sup as Supervisor).deleteChild(row.id), 10_000, 'deleteChild');
      else if (action === 'start' && dynamic) await within(dynamic.startChild({ id: 'w', logic: worker, restart: 'transient' }), 10_000, 'startChild');
      else if (action === 'stopNested' && sup !== root) await within(sup.stop(), 10_000, 'stop() of a nested supervisor');
    } catch (error) {
      // Calls on a supervisor that stopped meanwhile reject with SupervisorNotRunningError: allowed.
      if ((error as Error).name !== 'SupervisorNotRunningError') fail(`${action}: ${describe(error)}`);
      tally.add('calls after stop');
    }
    // Let the restart (and any cascade) finish before looking.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    check();
  }
  await within(root.stop(), 10_000, 'stop() of the root').catch((e: unknown) => fail(describe(e)));
  if (root.phase !== 'stopped') fail(`the root is ${root.phase} after stop()`);
  if (heard.length > 0) fail(heard[0] as string);
  tally.add('tree operations', done);
  return done;
}
