/**
 * The main example of docs/supervisor.md, kept runnable (and checked with asserts).
 *
 * Run: npx tsx examples/supervisor-guide.ts
 */
import assert from 'node:assert/strict';
import { fromPromise, sendParent, setup, type AnyActorRef } from 'xstate';
import {
  SHUTDOWN_EVENT,
  STARTING_TAG,
  getSupervisor,
  startSupervisor,
  supervisorSpec,
} from '../src/index.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A connection worker: it "connects" for 20 ms (tagged STARTING_TAG, so its supervisor
// waits for it), tells its parent when it is ready (sendParent), crashes on FAIL, and traps
// exits: on the shutdown request it closes cleanly in 10 ms instead of being stopped at once.
const connection = setup({
  types: {
    input: {} as { url: string },
    context: {} as { url: string },
    events: {} as { type: 'FAIL' } | { type: typeof SHUTDOWN_EVENT },
  },
  actions: {
    fail: ({ context }) => {
      throw new Error(`lost ${context.url}`);
    },
  },
}).createMachine({
  context: ({ input }) => ({ url: input.url }),
  initial: 'connecting',
  states: {
    connecting: { tags: [STARTING_TAG], after: { 20: 'ready' } },
    ready: {
      entry: sendParent(({ context }) => ({ type: 'connection.ready', url: context.url })),
      on: { FAIL: { actions: 'fail' }, [SHUTDOWN_EVENT]: 'closing' },
    },
    closing: { after: { 10: 'closed' } },
    closed: { type: 'final' },
  },
});

// A one-off job: transient, so a normal finish is not restarted (a rejection would be).
const warmCache = fromPromise(async () => {
  await sleep(30);
  return 'warm';
});

const root = await startSupervisor({
  name: 'app',
  strategy: 'one_for_one', // the default
  intensity: 3, // the default: at most 3 restarts ...
  period: 5000, // ... within 5 s, else give up
  children: [
    // systemId: any actor of the tree finds db's current actor with system.get('db').
    { id: 'db', logic: connection, input: { url: 'postgres://db' }, shutdown: 1000, systemId: 'db' },
    { id: 'warm-cache', logic: warmCache, restart: 'transient' },
    supervisorSpec('api', {
      strategy: 'one_for_all',
      children: [
        { id: 'http', logic: connection, input: { url: 'http://0.0.0.0:8080' } },
        { id: 'ws', logic: connection, input: { url: 'ws://0.0.0.0:8081' } },
      ],
    }),
  ],
});
// startSupervisor resolved: every child has left its STARTING_TAG state.

root.events.on('childExited', (e) => console.log(`${e.supervisor}: ${e.id} exited (${e.exit.reason})`));
root.events.on('childRestarted', (e) => console.log(`${e.supervisor}: ${e.id} restarted`));
// What children send with sendParent reaches their supervisor as messageReceived; a nested
// supervisor passes it on to its own parent, so the root also hears the api's children.
const heard: string[] = [];
root.events.on('messageReceived', ({ supervisor, event }) => {
  const { url } = event as { type: string; url: string };
  heard.push(url);
  console.log(`${supervisor}: heard ${event.type} from ${url}`);
});

const refOf = (sup: { whichChildren(): { id: string; ref: unknown }[] }, id: string) =>
  sup.whichChildren().find((child) => child.id === id)?.ref as AnyActorRef;

// 1. one_for_one: a crash of db restarts db only.
const oldDb = refOf(root, 'db');
const dbBack = new Promise((resolve) => root.events.on('childRestarted', resolve));
oldDb.send({ type: 'FAIL' });
await dbBack;
assert.notEqual(refOf(root, 'db'), oldDb);

// 2. The transient job finished normally: not restarted, its spec is kept.
await sleep(50);
assert.equal(refOf(root, 'warm-cache'), undefined);

// 3. one_for_all inside the nested supervisor: a crash of http restarts http and ws.
const api = getSupervisor(refOf(root, 'api'))!;
api.events.on('childRestarted', (e) => console.log(`${e.supervisor}: ${e.id} restarted`));
const oldWs = refOf(api, 'ws');
const bothBack = new Promise<void>((resolve) => {
  let count = 0;
  api.events.on('childRestarted', () => ++count === 2 && resolve());
});
refOf(api, 'http').send({ type: 'FAIL' });
await bothBack;
assert.notEqual(refOf(api, 'ws'), oldWs);

// 4. Child admin calls answer with result objects, as OTP's supervisor does.
assert.deepEqual(await root.terminateChild('db'), { ok: true });
assert.deepEqual(await root.deleteChild('api'), { ok: false, reason: 'running' });
const again = await root.restartChild('db');
assert.equal(again.ok, true);
console.log(root.countChildren()); // { specs: 3, active: 2, supervisors: 1, workers: 2 }

// 5. One actor system for the whole tree: systemId follows db across its restarts, and the nested
//    supervisor and its children share the root's system.
assert.equal(root.actor.system.get('db'), refOf(root, 'db'));
assert.equal(api.actor.system, root.actor.system);
assert.deepEqual(heard, ['postgres://db', 'http://0.0.0.0:8080', 'ws://0.0.0.0:8081', 'postgres://db']);

// 6. Stop: children are terminated in reverse start order; workers that trap exits close cleanly.
const exit = await root.stop();
console.log(exit); // { reason: 'shutdown', cause: 'requested' }
assert.deepEqual(exit, { reason: 'shutdown', cause: 'requested' });
