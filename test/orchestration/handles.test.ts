import { describe, expect, it } from 'vitest';
import { setup, type AnyActorRef } from 'xstate';
import { getPool, getSupervisor, poolSpec, startSupervisor, supervisorSpec } from '../../src/index.js';
import { nextEvent, stopAllAfterEach } from '../supervisor/helpers.js';

const { track } = stopAllAfterEach();

const idle = setup({}).createMachine({ id: 'idle' });

describe('a handle kept across its parent restarting the child', () => {
  it('getPool: a pool restarted by its supervisor is still reached through the old handle', async () => {
    const root = track(await startSupervisor({ name: 'root', children: [poolSpec('images', { size: 1 })] }));
    const first = root.whichChildren()[0]!.ref as AnyActorRef;
    const pool = getPool(first)!;
    expect(await pool.run(() => 1)).toBe(1);
    // The pool exits abnormally (killed behind the root's back): the root restarts it.
    const restarted = nextEvent(root.events, 'childRestarted');
    (first as AnyActorRef & { _stop(): void })._stop();
    const { ref: second } = await restarted;
    expect(second).not.toBe(first);
    // The kept handle follows the new incarnation.
    expect(pool.actor).toBe(second);
    expect(pool.phase).toBe('running');
    expect(await pool.run(() => 2)).toBe(2);
  });

  it('getSupervisor: a nested supervisor restarted by its parent is still reached through the old handle', async () => {
    const root = track(
      await startSupervisor({ name: 'root', children: [supervisorSpec('inner', { children: [{ id: 'w', name: 'inner-w', logic: idle }] })] }),
    );
    const first = root.whichChildren()[0]!.ref as AnyActorRef;
    const inner = getSupervisor(first)!;
    const restarted = nextEvent(root.events, 'childRestarted');
    (first as AnyActorRef & { _stop(): void })._stop();
    const { ref: second } = await restarted;
    expect(inner.actor).toBe(second);
    expect(inner.phase).toBe('running');
    expect(inner.whichChildren().map((c) => c.id)).toEqual(['w']);
    expect((await inner.startChild({ id: 'added', logic: idle })).ok).toBe(true);
    expect(inner.send('inner-w', { type: 'ANY' })).toBe('delivered');
  });
});
