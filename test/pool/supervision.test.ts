import { afterEach, describe, expect, it } from 'vitest';
import { fromCallback, type AnyActorRef } from 'xstate';
import { getPool, poolSpec, startSupervisor, type Supervisor, type SupervisorEvents } from '../../src/index.js';
import { Boom, poolSuite, ready, rejectionOf, until, within, WAIT_MS } from './helpers.js';

poolSuite();

const supervisors: Supervisor[] = [];
afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((sup) => within(sup.stop(), WAIT_MS, `stop of ${sup.name}`)));
});

async function startRoot(children: Parameters<typeof startSupervisor>[0]['children'], intensity = 3) {
  const sup = await startSupervisor({ name: 'root', intensity, period: 60_000, children });
  supervisors.push(sup);
  return sup;
}

function refOf(sup: Supervisor, id: string): AnyActorRef {
  const ref = sup.whichChildren().find((child) => child.id === id)?.ref;
  if (ref === undefined || ref === 'restarting') throw new Error(`child ${id} not running`);
  return ref;
}

function nextSupEvent<K extends keyof SupervisorEvents>(sup: Supervisor, type: K): Promise<SupervisorEvents[K]> {
  return within(
    new Promise((resolve) => {
      const handler = (event: SupervisorEvents[K]) => {
        sup.events.off(type, handler);
        resolve(event);
      };
      sup.events.on(type, handler);
    }),
    WAIT_MS,
    `supervisor event ${String(type)}`,
  );
}

describe('a pool under a supervisor (poolSpec / getPool)', () => {
  it('runs as a child: getPool gives its handle', async () => {
    const root = await startRoot([poolSpec('images', { size: 2 })]);
    const pool = getPool(refOf(root, 'images'));
    expect(pool).toBeDefined();
    expect(pool!.name).toBe('images');
    await ready(pool!);
    expect(await pool!.run(() => 'resized')).toBe('resized');
    expect(pool!.phase).toBe('running');
  });

  it('a pool that fails (worker intensity exhausted) is restarted by its parent with a fresh pool', async () => {
    const root = await startRoot([
      poolSpec('fragile', { size: 1, intensity: 0, period: 60_000, isFatal: (e) => e instanceof Boom }),
    ]);
    const firstRef = refOf(root, 'fragile');
    const first = getPool(firstRef)!;
    await ready(first);
    expect(await first.run(() => 'ok')).toBe('ok');

    const exited = nextSupEvent(root, 'childExited');
    const restarted = nextSupEvent(root, 'childRestarted');
    const failed = new Promise((resolve) => first.events.on('failed', resolve));
    expect(await rejectionOf(first.run(() => Promise.reject(new Boom('fatal'))))).toBeInstanceOf(Boom);
    await within(failed, WAIT_MS, 'failed event');
    expect(first.phase).toBe('failed');

    const exit = await exited;
    expect(exit.id).toBe('fragile');
    expect(exit.exit.reason).toBe('crashed');
    const { ref: secondRef } = await restarted;
    expect(secondRef).not.toBe(firstRef);
    const second = getPool(secondRef)!;
    expect(second).toBeDefined();
    expect(second.phase).toBe('running');
    await ready(second);
    expect(await second.run(() => 'serving again')).toBe('serving again');
    expect(second.metrics()).toMatchObject({ completed: 1, crashes: 0 });
    expect(getPool(refOf(root, 'fragile'))!.actor).toBe(secondRef);
  });

  it('the parent stopping closes the pool gracefully (running tasks finish)', async () => {
    const root = await startSupervisor({ name: 'root', children: [poolSpec('jobs', { size: 1 })] });
    const pool = getPool(refOf(root, 'jobs'))!;
    await ready(pool);
    let finish!: (value: string) => void;
    const running = pool.run(() => new Promise<string>((resolve) => (finish = resolve)));
    await until(() => pool.status().busyWorkers === 1, 'task running');
    const stopping = root.stop();
    await until(() => pool.phase === 'closing', 'pool closing');
    finish('finished');
    expect(await running).toBe('finished');
    await within(stopping, WAIT_MS, 'root stop');
    expect(pool.phase).toBe('closed');
  });

  it('getPool returns undefined for anything that is not a pool actor', async () => {
    const root = await startRoot([{ id: 'other', logic: fromCallback(() => () => undefined), shutdown: 'brutal_kill' }]);
    expect(getPool(refOf(root, 'other'))).toBeUndefined();
    expect(getPool(undefined)).toBeUndefined();
    expect(getPool('restarting')).toBeUndefined();
  });
});
