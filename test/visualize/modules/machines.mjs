// A user's module for the export CLI tests: two machines, a non-machine export and a default.
import { createMachine } from 'xstate';

export const toggle = createMachine({ id: 'toggle', initial: 'off', states: { off: { on: { FLIP: 'on' } }, on: { on: { FLIP: 'off' } } } });
export const door = createMachine({ id: 'door', initial: 'closed', states: { closed: { on: { OPEN: 'open' } }, open: { after: { 5000: 'closed' } } } });
export const notAMachine = { id: 'nope' };
export default toggle;
