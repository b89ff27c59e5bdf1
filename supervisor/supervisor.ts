import type { ActorRefFromLogic, AnyActorLogic, AnyActorRef, Actor, AnyEventObject } from 'xstate';
import type { SendResult } from './registry.js';
import type { AnyChildSpec, CheckedChildren, ChildEvent, ChildKey, ChildName, ChildRef, TypedChildInfo } from './typed-children.js';
import { nanoid } from 'nanoid';
import { checkSpecArguments, type ChildSpec, type SpecOverrides, type NormalizedChildSpec } from './child-spec.js';
import { SupervisorHandle } from './handle.js';
import { startChild, terminateChild, restartChild, deleteChild } from './child-admin.js';
import { normalizeSupervisorOptions, type NormalizedSupervisorOptions, type SupervisorOptions } from './options.js';
import type { DeleteChildResult, RestartChildResult, StartChildResult, TerminateChildResult } from './results.js';
import { startLinkedActor, startRootActor } from './root.js';
import type { SupervisorCore } from './supervisor-core.js';
import { supervisorCoreOf, supervisorMachine } from './supervisor.machine.js';

/** The running supervisor machine actor. */
export type SupervisorActor = Actor<typeof supervisorMachine>;

/**
 * Handle on a running static supervisor. Every method that changes the child table is
 * serialized with the supervisor's own restart work, as calls to an OTP supervisor are.
 */
export class Supervisor<out C extends readonly AnyChildSpec[] = readonly ChildSpec[]> extends SupervisorHandle {
  /**
   * The current actor of a child by name or id, typed by the child's logic when the supervisor was
   * started with typed children (`defineChild`, or an inline `children` array); `undefined` while
   * it restarts or once it is gone.
   *
   * @example
   * ```ts
   * sup.child('payment')?.send({ type: 'RETRY' }); // a compile error for an event paymentMachine does not take
   * ```
   */
  override child<K extends ChildKey<C>>(nameOrId: K): ChildRef<C, K> | undefined {
    return super.child(nameOrId) as ChildRef<C, K> | undefined;
  }

  /**
   * Sends to a named child's current incarnation (held while it restarts); the event is checked
   * against the child's logic when the children are typed. See {@link SupervisorHandle.send}.
   *
   * @example
   * ```ts
   * sup.send('payment', { type: 'CHARGE', amount: 42 }); // 'delivered' | 'held'
   * ```
   */
  override send<K extends ChildName<C>>(name: K, event: ChildEvent<C, K>): SendResult {
    return super.send(name, event as AnyEventObject);
  }

  /**
   * The children in start order; with typed children each row's `ref` is typed by its logic
   * (narrow on `id`). See {@link SupervisorHandle.whichChildren}.
   *
   * @example
   * ```ts
   * for (const row of sup.whichChildren()) if (row.id === 'payment' && typeof row.ref === 'object') row.ref.send({ type: 'RETRY' });
   * ```
   */
  override whichChildren(): TypedChildInfo<C>[] {
    return super.whichChildren() as TypedChildInfo<C>[];
  }

  /**
   * Starts a new child and appends it to the start order.
   *
   * @example
   * ```ts
   * const r = await sup.startChild({ id: 'cache', logic: cacheMachine });
   * if (!r.ok && r.reason === 'already_started') console.log('running as', r.ref.id);
   * ```
   */
  startChild<TLogic extends AnyActorLogic>(spec: ChildSpec<TLogic>): Promise<StartChildResult<ActorRefFromLogic<TLogic>>> {
    try {
      return startChild(this.core, spec as ChildSpec) as Promise<StartChildResult<ActorRefFromLogic<TLogic>>>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Stops a child by id (per its `shutdown`) and keeps its spec, unless it is temporary.
   * Terminating a terminated child is fine.
   *
   * @example
   * ```ts
   * await sup.terminateChild('cache'); // { ok: true }
   * ```
   */
  terminateChild(id: string): Promise<TerminateChildResult> {
    return terminateChild(this.core, id);
  }

  /**
   * Starts a terminated child again from its kept spec.
   *
   * @example
   * ```ts
   * await sup.terminateChild('cache');
   * const r = await sup.restartChild('cache'); // { ok: true, ref: <new actor> }
   * ```
   */
  restartChild(id: string): Promise<RestartChildResult> {
    return restartChild(this.core, id);
  }

  /**
   * Deletes a terminated child's spec.
   *
   * @example
   * ```ts
   * await sup.deleteChild('cache'); // { ok: false, reason: 'running' } while it runs
   * ```
   */
  deleteChild(id: string): Promise<DeleteChildResult> {
    return deleteChild(this.core, id);
  }

  /**
   * The child's spec with defaults filled in, or `undefined`.
   *
   * @example
   * ```ts
   * sup.getChildSpec('cache')?.shutdown; // 5000
   * ```
   */
  getChildSpec(id: string): NormalizedChildSpec | undefined {
    return this.core.table.specOf(id);
  }
}

/**
 * Starts a root supervisor and resolves once every initial child has started (OTP's
 * `start_link`). Rejects with {@link InvalidOptionError} on bad options (nothing started)
 * or {@link FailedToStartChildError} when a child fails to start (the ones started before
 * it are terminated first). The returned supervisor never throws into the host process:
 * when it gives up, `exited` resolves and `gaveUp` / `stopped` events fire.
 *
 * @example
 * ```ts
 * const sup = await startSupervisor({
 *   strategy: 'one_for_one',
 *   children: [
 *     { id: 'db', logic: dbMachine },
 *     { id: 'jobs', logic: fromPromise(async () => runJobs()), restart: 'transient' },
 *   ],
 * });
 * sup.events.on('childRestarted', (e) => console.log('restarted', e.id));
 * ```
 */
export async function startSupervisor<const C extends readonly AnyChildSpec[] = readonly ChildSpec[]>(
  options: TypedSupervisorOptions<C>,
): Promise<Supervisor<NoInfer<C>>> {
  const normalized = normalizeSupervisorOptions(options as SupervisorOptions, `supervisor-${nanoid(8)}`);
  return (await startSupervisorActor(normalized, Supervisor)) as unknown as Supervisor<C>;
}

/** {@link SupervisorOptions} whose `children` are checked one by one against their own logic. */
export type TypedSupervisorOptions<C extends readonly AnyChildSpec[]> = Omit<SupervisorOptions, 'children'> & { children?: C & CheckedChildren<C> };

/**
 * @internal Starts a supervisor and resolves its handle once its initial children are up; a
 * start failure rejects with its cause. With `link`, the supervisor is a child of that actor (in
 * its actor system) under the given id, as a pool's worker supervisor is; otherwise it is a root.
 */
export async function startSupervisorActor<T>(
  normalized: NormalizedSupervisorOptions,
  Handle: new (core: SupervisorCore, actor: AnyActorRef) => T,
  link?: { parent: AnyActorRef; id: string },
): Promise<T> {
  const actor =
    link === undefined
      ? startRootActor(supervisorMachine, normalized, normalized.inspect)
      : startLinkedActor(supervisorMachine, normalized, link.parent, link.id);
  const core = supervisorCoreOf(actor) as SupervisorCore;
  await core.ready;
  return new Handle(core, actor);
}

/**
 * A child spec that runs a nested supervisor (type `supervisor`, shutdown `infinity`
 * by default). Options are validated now, so a bad tree fails before anything starts.
 *
 * @example
 * ```ts
 * const root = await startSupervisor({
 *   children: [supervisorSpec('workers', { strategy: 'one_for_all', children: [a, b] })],
 * });
 * ```
 */
export function supervisorSpec(
  id: string,
  options: SupervisorOptions,
  spec: SpecOverrides = {},
): ChildSpec<typeof supervisorMachine> {
  checkSpecArguments(id, options, spec);
  const input = normalizeSupervisorOptions(options, options.name ?? id);
  return { ...spec, type: 'supervisor', id, logic: supervisorMachine, input };
}

/**
 * The handle of a supervisor running as a child (from `whichChildren()` or a
 * `childStarted` event), or `undefined` if `ref` is not a supervisor.
 *
 * @example
 * ```ts
 * const inner = getSupervisor(root.whichChildren()[0].ref);
 * await inner?.startChild(spec);
 * ```
 */
export function getSupervisor(ref: AnyActorRef | 'restarting' | undefined): Supervisor | undefined {
  if (ref === undefined || ref === 'restarting') return undefined;
  const core = supervisorCoreOf(ref);
  return core === undefined || core.isDynamic ? undefined : new Supervisor(core, ref);
}
