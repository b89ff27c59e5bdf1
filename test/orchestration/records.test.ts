import { describe, expect, it } from 'vitest';
import type { AnyActorRef } from 'xstate';
import { InvalidOptionError, Registry, poolSpec, startSupervisor, systemTree } from '../../src/index.js';
import { flush, nextEvent, stopAllAfterEach } from '../supervisor/helpers.js';
import { recorder } from './fixtures.js';

const { track } = stopAllAfterEach();

describe('what a supervisor keeps per child', () => {
  it('restarts and lastExit are exact in whichChildren and systemTree, even when the tree is first looked at after the restarts', async () => {
    const sup = track(await startSupervisor({ name: 'kept', intensity: 10, children: [{ id: 'c', name: 'kept-c', logic: recorder }] }));
    for (let i = 0; i < 3; i++) {
      const restarted = nextEvent(sup.events, 'childRestarted');
      sup.send('kept-c', { type: 'CRASH' });
      await restarted;
    }
    expect(sup.whichChildren()[0]).toMatchObject({ id: 'c', name: 'kept-c', restarts: 3, lastExit: { reason: 'crashed', error: 'Error: recorder crashed' } });
    // The first look at the tree: the counts are the supervisor's, not counted from now.
    const node = systemTree(sup).root.children[0]!;
    expect(node).toMatchObject({ id: 'c', restarts: 3, lastExit: { reason: 'crashed', error: 'Error: recorder crashed' } });
    // Rows are copies: changing one changes nothing kept.
    const row = sup.whichChildren()[0]!;
    row.lastExit!.reason = 'normal';
    expect(sup.whichChildren()[0]!.lastExit!.reason).toBe('crashed');
  });
});

describe('more on names', () => {
  it('a named pool is found in the registry and reached by its name across a restart', async () => {
    const root = track(await startSupervisor({ children: [poolSpec('images', { size: 1 }, { name: 'images-pool' })] }));
    const first = Registry.whereis('images-pool');
    expect(first).toBe(root.whichChildren()[0]!.ref);
    const restarted = nextEvent(root.events, 'childRestarted');
    (first as AnyActorRef & { _stop(): void })._stop();
    const { ref } = await restarted;
    expect(Registry.whereis('images-pool')).toBe(ref);
  });

  it('held events are handed back by heldEventsDropped when the supervisor stops first', async () => {
    const sup = await startSupervisor({ children: [{ id: 'c', name: 'held-at-stop', logic: recorder, restartDelay: 60_000 }] });
    sup.send('held-at-stop', { type: 'CRASH' });
    await flush(sup);
    expect(sup.whichChildren()[0]!.ref).toBe('restarting');
    expect(sup.send('held-at-stop', { type: 'PUSH', value: 'a' })).toBe('held');
    const dropped = nextEvent(sup.events, 'heldEventsDropped');
    const order: string[] = [];
    sup.events.on('heldEventsDropped', () => order.push('heldEventsDropped'));
    sup.events.on('stopped', () => order.push('stopped'));
    await sup.stop();
    expect(await dropped).toMatchObject({ name: 'held-at-stop', events: [{ type: 'PUSH', value: 'a' }] });
    expect(order).toEqual(['heldEventsDropped', 'stopped']);
    expect(Registry.lookup('held-at-stop')).toBeUndefined();
  });

  it('refuses bad name, maxHeldEvents and restartDelay values, naming the field', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ name: 42 }, 'children[0].name'],
      [{ maxHeldEvents: -1 }, 'children[0].maxHeldEvents'],
      [{ maxHeldEvents: 1.5 }, 'children[0].maxHeldEvents'],
      [{ restartDelay: Number.NaN }, 'children[0].restartDelay'],
      [{ restartDelay: { type: 'linear', delay: 1 } }, 'children[0].restartDelay.type'],
      [{ childRestarts: 3 }, 'children[0].childRestarts'],
    ];
    for (const [fields, option] of bad) {
      const error = await startSupervisor({ children: [{ id: 'c', logic: recorder, ...fields } as never] }).catch((e: unknown) => e);
      expect(error, option).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option, option).toBe(option);
    }
  });
});
