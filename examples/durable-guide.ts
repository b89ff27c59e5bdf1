/**
 * The running example of docs/durable.md, kept runnable (and checked with asserts): an order
 * machine that survives its own crashes and a restart of the whole process.
 *
 * Run: npx tsx examples/durable-guide.ts
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assign, emit, setup, type AnyActorRef } from 'xstate';
import { CHECKPOINT_EVENT, FileStore, SnapshotNotSerializableError, checkpoint, startSupervisor, type ChildSpec } from '../src/index.js';

// An order: pending → paid → shipped. `BUG` stands for a defect that throws in an action.
// `ATTACH_SOCKET` puts a resource in the context, which no store can keep.
const order = setup({
  types: {
    context: {} as { orderId: string; paidCents: number; socket?: unknown },
    input: {} as { orderId: string },
    events: {} as { type: 'PAY'; cents: number } | { type: 'SHIP' } | { type: 'BUG' } | { type: 'ATTACH_SOCKET' },
  },
}).createMachine({
  id: 'order',
  context: ({ input }) => ({ orderId: input.orderId, paidCents: 0 }),
  initial: 'pending',
  states: {
    pending: { on: { PAY: { target: 'paid', actions: [assign({ paidCents: ({ event }) => event.cents }), emit({ type: CHECKPOINT_EVENT })] } } },
    paid: { on: { SHIP: { target: 'shipped', actions: emit({ type: CHECKPOINT_EVENT }) } } },
    shipped: {},
  },
  on: {
    BUG: {
      actions: () => {
        throw new Error('a defect in an action');
      },
    },
    ATTACH_SOCKET: { actions: assign({ socket: () => new (class Socket {})() }) },
  },
});

const directory = await mkdtemp(join(tmpdir(), 'overseer-durable-guide-'));
const store = new FileStore(directory);
const children: ChildSpec[] = [{ id: 'order-42', logic: order, input: { orderId: '42' }, persist: { store } }];
const ref = (sup: { whichChildren(): Array<{ id: string; ref: unknown }> }): AnyActorRef => sup.whichChildren()[0]!.ref as AnyActorRef;
const stateOf = (actor: AnyActorRef) => actor.getSnapshot() as { value: string; context: { paidCents: number } };

try {
  // 1. A crash restores the last snapshot: the order stays paid.
  const sup = await startSupervisor({ children, on: { childRestarted: ({ id, persistence }) => console.log(`restarted ${id}: ${persistence}`) } });
  ref(sup).send({ type: 'PAY', cents: 1999 });
  await checkpoint(ref(sup)); // wait until the store has it
  const restarted = new Promise((resolve) => sup.events.on('childRestarted', resolve));
  ref(sup).send({ type: 'BUG' });
  await restarted;
  assert.equal(stateOf(ref(sup)).value, 'paid');
  assert.equal(stateOf(ref(sup)).context.paidCents, 1999);

  // 2. A snapshot that cannot be stored is a typed error at save time; the order runs on.
  const failed = new Promise<{ error: unknown }>((resolve) => sup.events.on('persistenceFailed', resolve));
  ref(sup).send({ type: 'ATTACH_SOCKET' });
  const { error } = await failed;
  assert.ok(error instanceof SnapshotNotSerializableError);
  console.log(`not persisted: ${error.path} is ${error.found}`);
  await sup.stop();

  // 3. The process "restarts": a new supervisor on the same store resumes the order where it was
  //    (the last snapshot that could be saved: paid, without the socket).
  const again = await startSupervisor({ children, on: { childStarted: ({ id, persistence }) => console.log(`started ${id}: ${persistence}`) } });
  assert.equal(stateOf(ref(again)).value, 'paid');
  ref(again).send({ type: 'SHIP' });
  await checkpoint(ref(again));
  assert.deepEqual(await store.keys(), ['order-42']);

  // 4. `again` restored the order less than freshIfCrashWithin (5 s by default) ago. If it crashes
  //    now, the snapshot itself may be what makes it crash: it is restarted fresh, and the event says so.
  const fresh = new Promise<{ persistence?: string }>((resolve) => again.events.on('childRestarted', resolve));
  ref(again).send({ type: 'BUG' });
  assert.equal((await fresh).persistence, 'fresh-after-crash');
  assert.equal(stateOf(ref(again)).value, 'pending');
  await again.stop();
  console.log('durable guide: ok');
} finally {
  await rm(directory, { recursive: true, force: true });
}
