import { and, assign, createMachine, fromPromise, not, or, setup, stateIn } from 'xstate';

/**
 * Machines that use every kind of state and transition the exporters must handle: nesting,
 * parallel regions, final states, history, delayed, guarded, eventless, invoke, wildcard and
 * targetless transitions, multiple targets, and names Mermaid cannot take as they are.
 */
export const trafficMachine = setup({
  guards: { isNight: () => false, isWeekend: () => false },
  delays: { walkTime: 3000 },
  actors: { camera: fromPromise(async () => 'ok') },
}).createMachine({
  id: 'traffic',
  initial: 'green',
  states: {
    green: { after: { 1000: 'yellow' }, on: { EMERGENCY: { target: 'red', guard: 'isNight' } } },
    yellow: { after: { 500: [{ target: 'red', guard: 'isWeekend' }, { target: 'red.walk' }] } },
    red: {
      initial: 'wait',
      tags: ['stop', 'visible'],
      invoke: { src: 'camera', onDone: '.walk', onError: { target: '#traffic.broken' } },
      states: {
        wait: { on: { TICK: 'walk' } },
        walk: { after: { walkTime: 'done' } },
        done: { type: 'final' },
      },
      onDone: 'green',
    },
    broken: {
      always: [{ guard: and(['isNight', not('isWeekend')]), target: 'green' }, { guard: or(['isNight', stateIn('red')]), target: 'red' }],
      on: { '*': { actions: () => undefined } },
    },
  },
});

export const playerMachine = createMachine({
  id: 'player',
  type: 'parallel',
  states: {
    audio: {
      initial: 'muted',
      states: {
        muted: { on: { UNMUTE: 'unmuted' } },
        unmuted: { on: { MUTE: 'muted', 'VOLUME.*': { actions: assign({}) } } },
        hist: { type: 'history', history: 'deep' },
      },
    },
    video: {
      initial: 'stopped',
      states: {
        stopped: { on: { PLAY: { target: ['playing', '#player.audio.unmuted'] } } },
        playing: {
          invoke: { id: 'decoder', src: fromPromise(async () => 1), onError: 'stopped' },
          on: { STOP: 'stopped', 'xstate.*': {} },
        },
      },
    },
  },
});

export const rootEdgesMachine = createMachine({
  id: 'odd-id: "quoted"; #1',
  initial: 'state',
  on: { RESET: '.state', 'a:b"c;d#e{f}': { target: '.end' } },
  states: {
    state: { on: { GO: { target: 'end', reenter: true } } },
    end: { type: 'final' },
  },
});
