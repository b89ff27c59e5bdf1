/**
 * Type tests, checked by `npx tsc --noEmit` (this file is in the project): every `@ts-expect-error`
 * below must be an error, or tsc fails on the unused directive. The runtime parts run under vitest.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { setup, type ActorRefFromLogic, type AnyActorRef } from 'xstate';
import { defineChild, startDynamicSupervisor, startSupervisor, type ChildSpec } from '../../src/index.js';
import { stopAllAfterEach } from '../supervisor/helpers.js';

const { track } = stopAllAfterEach();

const payment = setup({
  types: { input: {} as { orderId: string; amount: number }, context: {} as { orderId: string; amount: number }, events: {} as { type: 'CHARGE' } | { type: 'REFUND'; amount: number } },
}).createMachine({ id: 'payment', context: ({ input }) => input });

const audit = setup({ types: { events: {} as { type: 'LOG'; line: string } } }).createMachine({ id: 'audit' });

describe('typed children', () => {
  it('defineChild checks input against the logic and keeps the logic in the type', async () => {
    const ok = defineChild(payment, { id: 'payment', name: 'pay-A', input: { orderId: 'A', amount: 10 } });
    expectTypeOf(ok.logic).toEqualTypeOf<typeof payment>();
    expectTypeOf(ok.id).toEqualTypeOf<'payment'>();

    // @ts-expect-error: `wrong` is not payment's input
    defineChild(payment, { id: 'payment', input: { wrong: 1 } });
    // @ts-expect-error: payment needs an input
    defineChild(payment, { id: 'payment' });
    // @ts-expect-error: amount must be a number
    defineChild(payment, { id: 'payment', input: { orderId: 'A', amount: '10' } });
    // A logic with no input needs none.
    defineChild(audit, { id: 'audit' });

    const sup = await startSupervisor({ children: [ok, defineChild(audit, { id: 'audit', name: 'audit-log' })] });
    track(sup);
    const ref = sup.child('pay-A');
    expectTypeOf(ref).toEqualTypeOf<ActorRefFromLogic<typeof payment> | undefined>();
    expectTypeOf(sup.child('audit')).toEqualTypeOf<ActorRefFromLogic<typeof audit> | undefined>();
    ref?.send({ type: 'REFUND', amount: 3 });
    // @ts-expect-error: TYPO is not an event payment accepts
    ref?.send({ type: 'TYPO' });
    // @ts-expect-error: REFUND needs its amount
    sup.send('pay-A', { type: 'REFUND' });
    expect(sup.send('pay-A', { type: 'CHARGE' })).toBe('delivered');
    expect(sup.send('audit-log', { type: 'LOG', line: 'x' })).toBe('delivered');
    // @ts-expect-error: LOG goes to audit, not to payment
    expect(() => sup.send('pay-A', { type: 'LOG', line: 'x' })).not.toThrow();
    // @ts-expect-error: no child has this name
    sup.child('nobody');
    expect(ref?.getSnapshot().context).toEqual({ orderId: 'A', amount: 10 });
  });

  it('an inline children array is checked element by element, and whichChildren rows narrow on id', async () => {
    // @ts-expect-error: the second child's input is not payment's
    await startSupervisor({ children: [{ id: 'audit', logic: audit }, { id: 'payment', logic: payment, input: { wrong: 1 } }] }).then(
      (sup) => sup.stop(),
      () => undefined,
    );
    // @ts-expect-error: payment needs an input, and the inline spec gives none
    await startSupervisor({ children: [{ id: 'payment', logic: payment }] }).then(
      (sup) => sup.stop(),
      () => undefined,
    );
    const sup = await startSupervisor({ children: [{ id: 'audit', logic: audit }, { id: 'payment', name: 'pay-B', logic: payment, input: { orderId: 'B', amount: 5 } }] });
    track(sup);
    for (const row of sup.whichChildren()) {
      if (row.id === 'payment' && typeof row.ref === 'object') {
        expectTypeOf(row.ref).toEqualTypeOf<ActorRefFromLogic<typeof payment>>();
        row.ref.send({ type: 'CHARGE' });
        // @ts-expect-error: payment has no LOG event
        row.ref.send({ type: 'LOG', line: 'x' });
      }
    }
    expect(sup.whichChildren().map((row) => row.id)).toEqual(['audit', 'payment']);
  });

  it('the children stay typed through a generic wrapper around startSupervisor', async () => {
    const sup = track(await startSupervisor({ children: [defineChild(payment, { id: 'payment', name: 'pay-W', input: { orderId: 'W', amount: 1 } })] }));
    expectTypeOf(sup.child('pay-W')).toEqualTypeOf<ActorRefFromLogic<typeof payment> | undefined>();
    // @ts-expect-error: TYPO is not an event payment accepts
    sup.send('pay-W', { type: 'TYPO' });
  });

  it('untyped children (ChildSpec[]) keep the untyped API', async () => {
    const children: ChildSpec[] = [{ id: 'audit', logic: audit }];
    const sup = await startSupervisor({ children });
    track(sup);
    expectTypeOf(sup.child('anything')).toEqualTypeOf<AnyActorRef | undefined>();
    expect(sup.child('audit')).toBeDefined();
  });

  it('a dynamic supervisor checks each startChild input and types the ref', async () => {
    const dyn = await startDynamicSupervisor();
    track(dyn);
    const result = await dyn.startChild({ logic: payment, input: { orderId: 'C', amount: 1 } });
    if (result.ok) expectTypeOf(result.ref).toEqualTypeOf<ActorRefFromLogic<typeof payment>>();
    expect(result.ok).toBe(true);
    // @ts-expect-error: not payment's input
    await dyn.startChild({ logic: payment, input: { orderId: 1 } });
  });
});
