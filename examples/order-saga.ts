/**
 * The running example of docs/orchestration.md, kept runnable (and checked with asserts): an
 * order saga whose payment step runs under a supervisor it invokes. The saga is a state machine
 * that hears its supervision tree as xstate events: `payment.charged` from the payment machine
 * (`sendParent`), and `overseer.childRestarted` / `overseer.childExited` from the supervisor.
 * When `payment` has been restarted three times, the order moves to `manualReview`.
 *
 * Run: npx tsx examples/order-saga.ts
 */
import assert from 'node:assert/strict';
import { assign, createActor, fromPromise, sendParent, setup, toPromise } from 'xstate';
import { Registry, defineChild, normalizeSupervisorOptions, supervisorMachine, type SupervisionEvent } from '../src/index.js';

// A flaky card processor: it refuses the first `failures` charges of an order.
const attempts = new Map<string, number>();
async function chargeCard(orderId: string, amount: number, failures: number): Promise<string> {
  const attempt = (attempts.get(orderId) ?? 0) + 1;
  attempts.set(orderId, attempt);
  await new Promise((resolve) => setTimeout(resolve, 5));
  if (attempt <= failures) throw new Error(`card processor unavailable (order ${orderId}, attempt ${attempt})`);
  return `txn-${orderId}-${amount}-${attempt}`;
}

interface PaymentInput {
  orderId: string;
  amount: number;
  failures: number;
}

// The payment step: charges once as it starts. A refused charge is an unhandled invoke error, so
// the machine crashes and its supervisor restarts it (after a backoff); a charge that goes
// through is told to the parent, which the supervisor forwards to the order.
const payment = setup({
  types: { input: {} as PaymentInput, context: {} as PaymentInput, events: {} as { type: 'STATUS' } },
  actors: { charge: fromPromise<string, PaymentInput>(({ input }) => chargeCard(input.orderId, input.amount, input.failures)) },
}).createMachine({
  id: 'payment',
  context: ({ input }) => input,
  initial: 'charging',
  states: {
    charging: {
      invoke: {
        src: 'charge',
        input: ({ context }) => context,
        onDone: { target: 'charged', actions: sendParent(({ event }) => ({ type: 'payment.charged', txn: event.output })) },
      },
    },
    charged: {},
  },
});

type OrderEvent = SupervisionEvent | { type: 'payment.charged'; txn: string };

interface OrderContext extends PaymentInput {
  outcome: 'paid' | 'manualReview' | undefined;
  txn: string | undefined;
  paymentRestarts: number;
  lastError: string | undefined;
}

// The saga. Its `awaitingPayment` state invokes a supervisor (its input from `normalizeSupervisorOptions`) whose one
// child is the payment machine, named `payment-<orderId>` and restarted with exponential backoff.
const order = setup({
  types: { input: {} as PaymentInput, context: {} as OrderContext, events: {} as OrderEvent, output: {} as { state: string; txn?: string; restarts: number; lastError?: string } },
  actors: { supervisor: supervisorMachine },
  guards: {
    paymentRestartedThrice: ({ event }) => event.type === 'overseer.childRestarted' && event.id === 'payment' && event.restarts >= 3,
  },
  actions: {
    countRestart: assign({ paymentRestarts: ({ event, context }) => (event.type === 'overseer.childRestarted' ? event.restarts : context.paymentRestarts) }),
  },
}).createMachine({
  id: 'order',
  context: ({ input }) => ({ ...input, outcome: undefined, txn: undefined, paymentRestarts: 0, lastError: undefined }),
  initial: 'awaitingPayment',
  states: {
    awaitingPayment: {
      invoke: {
        src: 'supervisor',
        input: ({ context }) =>
          normalizeSupervisorOptions(
            {
              intensity: 5,
              period: 60_000,
              children: [
                defineChild(payment, {
                  id: 'payment',
                  name: `payment-${context.orderId}`,
                  input: { orderId: context.orderId, amount: context.amount, failures: context.failures },
                  restartDelay: { type: 'exponential', delay: 20, maxDelay: 200 },
                }),
              ],
            },
            `order-${context.orderId}`,
          ),
      },
      on: {
        'payment.charged': { target: 'paid', actions: assign({ txn: ({ event }) => event.txn }) },
        'overseer.childExited': {
          actions: assign({ lastError: ({ event }) => (event.exit.reason === 'crashed' ? String(event.exit.error) : undefined) }),
        },
        'overseer.childRestarted': [
          { guard: 'paymentRestartedThrice', target: 'manualReview', actions: 'countRestart' },
          { actions: 'countRestart' },
        ],
        // The supervisor itself gave up: a person must look at this order too.
        'overseer.gaveUp': 'manualReview',
      },
    },
    paid: { type: 'final', entry: assign({ outcome: 'paid' as const }) },
    manualReview: { type: 'final', entry: assign({ outcome: 'manualReview' as const }) },
  },
  output: ({ context }) => ({
    state: context.outcome ?? 'unknown',
    ...(context.txn === undefined ? {} : { txn: context.txn }),
    restarts: context.paymentRestarts,
    ...(context.lastError === undefined ? {} : { lastError: context.lastError }),
  }),
});

// Order A's card is refused once: one restart, then paid.
// Order B's card is always refused: after the third restart of `payment`, manual review.
const a = createActor(order, { input: { orderId: 'A', amount: 40, failures: 1 } });
const b = createActor(order, { input: { orderId: 'B', amount: 99, failures: Number.POSITIVE_INFINITY } });
a.start();
b.start();

// While they run, each payment step answers to its stable name, whatever incarnation is current
// (the supervisors start their children asynchronously: wait a few turns of the event loop).
for (let turn = 0; turn < 100 && Registry.lookup('payment-A') === undefined; turn++) await new Promise(setImmediate);
assert.equal(Registry.lookup('payment-A')?.supervisor, 'order-A');

const [resultA, resultB] = await Promise.all([toPromise(a), toPromise(b)]);
console.log('order A:', resultA);
console.log('order B:', resultB);

assert.equal(resultA.state, 'paid');
assert.equal(resultA.restarts, 1);
assert.match(resultA.txn ?? '', /^txn-A-40-2$/);
assert.equal(resultB.state, 'manualReview');
assert.equal(resultB.restarts, 3);
assert.match(resultB.lastError ?? '', /card processor unavailable \(order B, attempt 3\)/);
// Leaving `awaitingPayment` stopped each order's supervisor: the names are released.
assert.equal(Registry.lookup('payment-A'), undefined);
assert.equal(Registry.lookup('payment-B'), undefined);
console.log('order saga: ok');
