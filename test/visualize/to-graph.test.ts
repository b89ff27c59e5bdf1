import { getMicrosteps, type AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { breakerMachine, InvalidOptionError, isMachine, poolMachine, supervisorMachine, toGraph, workerMachine, type MachineGraph } from '../../src/index.js';
import { playerMachine, rootEdgesMachine, trafficMachine } from './fixtures.js';

const machines: Record<string, AnyStateMachine> = {
  workerMachine,
  poolMachine,
  breakerMachine,
  supervisorMachine,
  trafficMachine,
  playerMachine,
  rootEdgesMachine,
};

/** The state value path of a node (`red.walk`), for `snapshot.matches`. */
function pathOf(graph: MachineGraph, id: string): string[] {
  const path: string[] = [];
  for (let node = graph.nodes.find((n) => n.id === id); node?.parent !== undefined; node = graph.nodes.find((n) => n.id === node!.parent)) path.unshift(node.key);
  return path;
}

describe('toGraph', () => {
  it.each(Object.entries(machines))('%s: plain JSON, every node once, every edge between known nodes', (_name, machine) => {
    const graph = toGraph(machine);
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
    expect(graph.id).toBe(machine.id);
    const ids = graph.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set((machine as unknown as { idMap: Map<string, unknown> }).idMap.keys()));
    expect(graph.nodes[0]).toMatchObject({ id: machine.root.id, key: machine.id });
    expect(graph.nodes[0]?.parent).toBeUndefined();
    for (const node of graph.nodes.slice(1)) expect(ids).toContain(node.parent);
    for (const edge of graph.edges) {
      expect(ids).toContain(edge.source);
      expect(ids).toContain(edge.target);
    }
    // Deterministic: the same machine gives the same text.
    expect(JSON.stringify(toGraph(machine))).toBe(JSON.stringify(graph));
  });

  it.each(Object.entries(machines))('%s: every plain edge is what xstate does (the graph round-trips through xstate)', (_name, machine) => {
    const graph = toGraph(machine);
    const checked = graph.edges.filter(
      (e) => e.guard === undefined && e.delayed === undefined && !e.eventless && !e.targetless && !e.event.includes('*') && graph.nodes.find((n) => n.id === e.source)?.type === 'atomic',
    );
    expect(checked.length).toBeGreaterThan(0);
    for (const edge of checked) {
      const value = pathOf(graph, edge.source).reduceRight<unknown>((inner, key) => (inner === undefined ? key : { [key]: inner }), undefined);
      const start = machine.resolveState({ value: value as string, context: {} });
      const [first] = getMicrosteps(machine, start, { type: edge.event } as never);
      expect(first, `${edge.source} on ${edge.event}`).toBeDefined();
      expect(first![0].matches(pathOf(graph, edge.target).join('.') as never), `${edge.source} on ${edge.event} → ${edge.target}`).toBe(true);
    }
  });

  it('the breaker: delayed by a named delay, a reentering self-transition', () => {
    const { nodes, edges } = toGraph(breakerMachine);
    expect(nodes.map((n) => [n.key, n.type, n.initial])).toEqual([
      ['breaker', 'compound', 'breaker.closed'],
      ['closed', 'atomic', undefined],
      ['open', 'atomic', undefined],
      ['halfOpen', 'atomic', undefined],
    ]);
    expect(edges.find((e) => e.delayed !== undefined)).toEqual({
      source: 'breaker.open',
      target: 'breaker.halfOpen',
      event: 'xstate.after.cooldown.breaker.open',
      label: 'after cooldown',
      delayed: 'cooldown',
    });
    expect(edges.find((e) => e.source === 'breaker.open' && e.target === 'breaker.open')).toMatchObject({ event: 'breaker.forceOpen', reenter: true });
  });

  it('the worker and the supervisor: invoke done/error labels, guards in priority order, finals, tags', () => {
    const worker = toGraph(workerMachine);
    expect(worker.nodes.find((n) => n.key === 'starting')?.invoke).toEqual(['init']);
    expect(worker.nodes.filter((n) => n.final).map((n) => n.key)).toEqual(['crashed', 'stopped']);
    expect(worker.edges.filter((e) => e.source === 'worker.starting' && !e.targetless).map((e) => [e.label, e.guard, e.target])).toEqual([
      ['done: init', 'inline', 'worker.stopping'],
      ['done: init', undefined, 'worker.idle'],
      ['error: init', 'inline', 'worker.stopped'],
      ['error: init', undefined, 'worker.crashed'],
    ]);
    const supervisor = toGraph(supervisorMachine);
    expect(supervisor.nodes.find((n) => n.key === 'starting')?.tags).toEqual(['overseer.starting']);
    expect(supervisor.edges.filter((e) => e.source === 'supervisor.running' && e.event === 'supervisor.childExited').map((e) => e.guard)).toEqual([
      'restartWithinIntensity',
      'restartWanted',
      'autoShutdown',
    ]);
    // Wildcards and swallowed events on the root are kept, flagged targetless.
    expect(supervisor.edges.filter((e) => e.source === 'supervisor').map((e) => [e.event, e.label, e.targetless])).toEqual([
      ['xstate.*', 'xstate.*', true],
      ['supervisor.*', 'supervisor.*', true],
      ['overseer.shutdown', 'overseer.shutdown', true],
      ['*', '*', true],
      ['xstate.error.actor.0.supervisor', 'error: lifeline', true],
    ]);
  });

  it('the pool: an eventless transition', () => {
    expect(toGraph(poolMachine).edges.filter((e) => e.eventless)).toEqual([
      { source: 'pool.terminating', target: 'pool.stopping', event: '', label: 'always', eventless: true },
    ]);
  });

  it('nested states, numeric delays with guards, state onDone, combinators, wildcard', () => {
    const { nodes, edges } = toGraph(trafficMachine);
    expect(nodes.find((n) => n.key === 'red')).toEqual({
      id: 'traffic.red',
      key: 'red',
      parent: 'traffic',
      type: 'compound',
      initial: 'traffic.red.wait',
      tags: ['stop', 'visible'],
      invoke: ['camera'],
    });
    expect(nodes.find((n) => n.key === 'done')).toMatchObject({ parent: 'traffic.red', type: 'final', final: true });
    expect(edges.filter((e) => e.source === 'traffic.yellow').map((e) => [e.delayed, e.guard, e.target, e.label])).toEqual([
      [500, 'isWeekend', 'traffic.red', 'after 500ms'],
      [500, undefined, 'traffic.red.walk', 'after 500ms'],
    ]);
    expect(edges.filter((e) => e.source === 'traffic.red').map((e) => [e.label, e.target])).toEqual([
      ['done', 'traffic.green'],
      ['done: camera', 'traffic.red.walk'],
      ['error: camera', 'traffic.broken'],
    ]);
    expect(edges.filter((e) => e.eventless).map((e) => e.guard)).toEqual(['isNight && !isWeekend', 'isNight || in(red)']);
    expect(edges.find((e) => e.event === '*')).toMatchObject({ source: 'traffic.broken', target: 'traffic.broken', targetless: true });
  });

  it('parallel regions, history, multiple targets, inline invoke named by its id', () => {
    const { nodes, edges } = toGraph(playerMachine);
    expect(nodes[0]).toEqual({ id: 'player', key: 'player', type: 'parallel', tags: [] });
    expect(nodes.find((n) => n.key === 'hist')).toMatchObject({ type: 'history', history: 'deep' });
    expect(nodes.find((n) => n.key === 'playing')?.invoke).toEqual(['decoder']);
    expect(edges.filter((e) => e.event === 'PLAY').map((e) => e.target)).toEqual(['player.video.playing', 'player.audio.unmuted']);
    expect(edges.find((e) => e.event === 'VOLUME.*')).toMatchObject({ targetless: true });
  });

  it('refuses what is not a machine with InvalidOptionError', () => {
    for (const bad of [undefined, null, 42, 'machine', {}, { root: {} }, () => undefined, machines.workerMachine!.root]) {
      expect(() => toGraph(bad as never)).toThrow(InvalidOptionError);
      expect(isMachine(bad)).toBe(false);
    }
    try {
      toGraph({} as never);
    } catch (error) {
      expect(error).toMatchObject({ code: 'ERR_INVALID_OPTION', option: 'machine' });
    }
  });
});
