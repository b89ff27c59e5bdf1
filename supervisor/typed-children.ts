import type { ActorRefFromLogic, AnyActorLogic, AnyActorRef, EventFromLogic, InputFrom } from 'xstate';
import type { ChildSpec } from './child-spec.js';
import type { ChildInfo } from './child-table.js';

/**
 * A child spec typed by its logic: `input` must be the logic's input (required when the logic
 * declares one that `undefined` does not satisfy), and `id` / `name` keep their literal types, so
 * a supervisor started with such specs knows each child's logic by id and by name.
 */
export type TypedChildSpec<TLogic extends AnyActorLogic, TId extends string = string, TName extends string | undefined = string | undefined> = Omit<
  ChildSpec<TLogic>,
  'id' | 'name' | 'input' | 'logic'
> & { id: TId; name?: TName; logic: TLogic } & (undefined extends InputFrom<TLogic> ? { input?: InputFrom<TLogic> } : { input: InputFrom<TLogic> });

/** Any child spec, typed or not. */
export type AnyChildSpec = ChildSpec<any>;

/** The logic of a child spec. */
export type LogicOfSpec<C> = C extends { logic: infer L extends AnyActorLogic } ? L : never;

/**
 * Checks each spec of a `children` tuple against its own logic: `input` must be the logic's input
 * (and is required when the logic needs one).
 * Intersected with the inferred tuple, so a wrong input is a compile error on that element.
 */
export type CheckedChildren<C extends readonly AnyChildSpec[]> = {
  readonly [K in keyof C]: Checked<C[K]>;
};

/**
 * One spec checked against its logic; distributes over a union (the element type of a spread array).
 * A spec with no `input` field at all (an inline literal) must give one when its logic needs it; a
 * spec typed `ChildSpec` (from `poolSpec`, `supervisorSpec`) has already been checked where it was made.
 */
type Checked<S> = S extends { logic: infer L extends AnyActorLogic } ? ChildSpec<L> & ('input' extends keyof S ? unknown : InputOf<L>) : S;

/** `input` is required when the logic declares one that neither `undefined` nor `{}` satisfies. */
type InputOf<TLogic extends AnyActorLogic> = undefined extends InputFrom<TLogic> ? unknown : {} extends InputFrom<TLogic> ? unknown : { input: InputFrom<TLogic> };

/** Whether the children are known by type (a tuple of specs with literal ids), not just `ChildSpec[]`. */
type Known<C extends readonly AnyChildSpec[]> = [C[number]] extends [never] ? false : string extends C[number]['id'] ? false : true;

/** The ids and names a typed supervisor's children answer to. */
export type ChildKey<C extends readonly AnyChildSpec[]> = Known<C> extends true ? C[number]['id'] | Exclude<C[number]['name'], undefined> : string;

/** The spec of the child with id or name `K`. */
type SpecOf<C extends readonly AnyChildSpec[], K> = Extract<C[number], { id: K }> | Extract<C[number], { name: K }>;

/** The ref of the child with id or name `K`: typed by its logic when the children are known. */
export type ChildRef<C extends readonly AnyChildSpec[], K> = Known<C> extends true ? ActorRefFromLogic<LogicOfSpec<SpecOf<C, K>>> : AnyActorRef;

/** The events the child with name `K` accepts. */
export type ChildEvent<C extends readonly AnyChildSpec[], K> = Known<C> extends true ? EventFromLogic<LogicOfSpec<SpecOf<C, K>>> : { type: string; [key: string]: unknown };

/** The names a typed supervisor's children are registered under. */
export type ChildName<C extends readonly AnyChildSpec[]> = Known<C> extends true ? Exclude<C[number]['name'], undefined> : string;

/** `whichChildren()` of a typed supervisor: one row type per child, its `ref` typed by its logic. */
export type TypedChildInfo<C extends readonly AnyChildSpec[]> = Known<C> extends true
  ? { [K in keyof C]: ChildInfo<ActorRefFromLogic<LogicOfSpec<C[K]>>> & { id: C[K]['id'] } }[number]
  : ChildInfo;

/**
 * A child spec checked against its logic: `input` must be what the logic takes, and the spec keeps
 * its logic, id and name in its type, so `sup.child(name)`, `sup.send(name, event)` and
 * `whichChildren()` of the supervisor it is given to are typed by that logic (an event the
 * machine does not accept is a compile error). Returns the spec as given, with `logic` set.
 *
 * @example
 * ```ts
 * const payment = defineChild(paymentMachine, { id: 'payment', name: 'payment', input: { orderId: 'A-1' } });
 * const sup = await startSupervisor({ children: [payment] });
 * sup.send('payment', { type: 'RETRY' }); // checked against paymentMachine's events
 * ```
 */
export function defineChild<TLogic extends AnyActorLogic, const TId extends string, const TName extends string | undefined = undefined>(
  logic: TLogic,
  spec: Omit<TypedChildSpec<TLogic, TId, TName>, 'logic'>,
): NoInfer<TypedChildSpec<TLogic, TId, TName> & { name: TName }> {
  return { ...spec, logic } as TypedChildSpec<TLogic, TId, TName> & { name: TName };
}
