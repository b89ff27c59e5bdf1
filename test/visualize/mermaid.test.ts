// @vitest-environment jsdom
// Mermaid's parser sanitizes labels with DOMPurify, which needs a DOM: vitest's jsdom environment
// gives it one (a real `window`), and the parser itself runs unchanged.
import mermaid from 'mermaid';
import type { AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { breakerMachine, InvalidOptionError, poolMachine, supervisorMachine, toGraph, toMermaid, workerMachine } from '../../src/index.js';
import { escapeMermaid } from '../../src/visualize/mermaid.js';
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

describe('toMermaid', () => {
  it.each(Object.entries(machines))('%s: the real Mermaid 11 parser reads it as a state diagram', async (_name, machine) => {
    const text = toMermaid(machine);
    expect(text.startsWith('stateDiagram-v2\n')).toBe(true);
    await expect(mermaid.parse(text)).resolves.toMatchObject({ diagramType: 'stateDiagram' });
    expect(toMermaid(machine)).toBe(text);
  });

  it.each(Object.entries(machines))('%s: one declaration per state, one arrow per drawn edge', (_name, machine) => {
    const graph = toGraph(machine);
    const text = toMermaid(machine);
    expect(text.match(/^\s*state "/gm)?.length).toBe(graph.nodes.length - (text.includes(`as ${graph.id.replace(/\W/g, '_')} {`) ? 0 : 1));
    const arrows = text.split('\n').filter((line) => line.includes(' --> ') && !line.includes('[*]'));
    expect(arrows.length).toBe(graph.edges.filter((e) => !e.targetless).length);
  });

  it('the breaker, as docs show it', () => {
    expect(toMermaid(breakerMachine)).toBe(
      [
        'stateDiagram-v2',
        '  [*] --> breaker_closed',
        '  state "closed" as breaker_closed',
        '  state "open" as breaker_open',
        '  state "halfOpen" as breaker_halfOpen',
        '  breaker_closed --> breaker_open: breaker.failuresExceeded',
        '  breaker_closed --> breaker_open: breaker.forceOpen',
        '  breaker_open --> breaker_open: breaker.forceOpen',
        '  breaker_open --> breaker_closed: breaker.reset',
        '  breaker_open --> breaker_halfOpen: after cooldown',
        '  breaker_halfOpen --> breaker_closed: breaker.probesSucceeded',
        '  breaker_halfOpen --> breaker_open: breaker.probeFailed',
        '  breaker_halfOpen --> breaker_open: breaker.forceOpen',
        '  breaker_halfOpen --> breaker_closed: breaker.reset',
        '',
      ].join('\n'),
    );
  });

  it('composites, finals, guards, eventless and delayed labels', () => {
    const text = toMermaid(trafficMachine);
    expect(text).toContain('  state "red" as traffic_red {\n    [*] --> traffic_red_wait\n');
    expect(text).toContain('    traffic_red_done --> [*]\n');
    // An edge inside one composite is written in it; one that leaves it is written outside.
    expect(text).toContain('    traffic_red_walk --> traffic_red_done: after walkTime\n');
    expect(text).toContain('  traffic_yellow --> traffic_red_walk: after 500ms\n');
    expect(text).toContain('  traffic_broken --> traffic_green: always [isNight && !isWeekend]\n');
    expect(text).toContain('  traffic_red --> traffic_broken: error: camera\n');
  });

  it('parallel regions are split by --, inside a composite named after the machine', () => {
    const text = toMermaid(playerMachine);
    expect(text).toContain('  [*] --> player\n  state "player" as player {\n');
    expect(text).toMatch(/\n {4}}\n {4}--\n {4}state "video" as player_video \{\n/);
    expect(text).toContain('state "H*" as player_audio_hist');
    // A transition with two targets is two arrows.
    expect(text.match(/: PLAY$/gm)?.length).toBe(2);
  });

  it('ids and labels Mermaid cannot take are made safe; root transitions start from the machine', async () => {
    const text = toMermaid(rootEdgesMachine);
    expect(text).toContain('state "odd-id: #34;quoted#34;#59; #35;1" as odd_id___quoted____1 {');
    expect(text).toContain('as odd_id___quoted____1_state\n');
    expect(text).toContain('  odd_id___quoted____1 --> odd_id___quoted____1_end: a:b#34;c#59;d#35;e#123;f#125;\n');
    expect(escapeMermaid('a; "b"\n%%')).toBe('a#59; #34;b#34;#10;#37;#37;');
    // Keywords are not ids.
    const { createMachine } = await import('xstate');
    const keywords = createMachine({
      id: 'state',
      initial: 'a',
      states: { a: { id: 'note', on: { go: '#class' } }, b: { id: 'class' }, c: { id: 'default' }, d: { id: 'a-b' }, e: { id: 'a_b' } },
    });
    const keywordText = toMermaid(keywords);
    expect(keywordText).toContain('as note_\n');
    expect(keywordText).toContain('as a_b\n');
    expect(keywordText).toContain('as a_b_2\n');
    expect(keywordText).toContain('note_ --> class_: go');
    await expect(mermaid.parse(keywordText)).resolves.toBeTruthy();
    // The parser is real: it refuses what Mermaid cannot read.
    // (This label is why `#`, `;` and braces are written as entity codes.)
    await expect(mermaid.parse('stateDiagram-v2\n  a --> b: x # ; {}\n')).rejects.toThrow(/Parse error/);
    await expect(mermaid.parse(`stateDiagram-v2\n  a --> b: ${escapeMermaid('x # ; {}')}\n`)).resolves.toBeTruthy();
  });

  it('refuses what is not a machine with InvalidOptionError', () => {
    expect(() => toMermaid({ id: 'x' } as never)).toThrow(InvalidOptionError);
  });
});
