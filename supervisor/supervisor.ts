import { createActor, type AnyActorRef, type Actor } from 'xstate';
import type { Emitter } from 'mitt';
import { nanoid } from 'nanoid';
import type { ChildSpec, NormalizedChildSpec } from './child-spec.js';
import type { SupervisorEvents, SupervisorExit } from './events.js';
import { normalizeSupervisorOptions, type NormalizedSupervisorOptions, type SupervisorOptions } from './options.js';
import type {
  ChildCounts,
  ChildInfo,
  DeleteChildResult,
  RestartChildResult,
  StartChildResult,
  SupervisorCore,
  SupervisorPhase,
  TerminateChildResult,
} from './supervisor-core.js';
import { supervisorMachine } from './supervisor.machine.js';

/** The running supervisor machine actor. */
export type SupervisorActor = Actor<typeof supervisorMachine>;

/**
 * Handle on a running static supervisor. Every method that changes the child table is
 * serialized with the supervisor's own restart work, as calls to an OTP supervisor are.
 */
export class Supervisor {
  /** @internal */
  constructor(protected readonly core: SupervisorCore, readonly actor: AnyActorRef) {}

  /** The supervisor's name (from options, or `supervisor-<nanoid>`). */
  get name(): string {
    return this.core.name;
  }

  /** Typed events: childStarted, childExited, childRestarted, childTerminated, childStartFailed, gaveUp, stopped. */
  get events(): Emitter<SupervisorEvents> {
    return this.core.events;
  }

  /** `starting`, `running`, `restarting`, `shuttingDown` or `stopped`. */
  get phase(): SupervisorPhase {
    return this.core.currentPhase;
  }

  /** Resolves once the supervisor stopped, with why: it never rejects. */
  get exited(): Promise<SupervisorExit> {
    return this.core.exited;
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
  startChild(spec: ChildSpec): Promise<StartChildResult> {
    try {
      return this.core.startChild(spec);
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
    return this.core.terminateChild(id);
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
    return this.core.restartChild(id);
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
    return this.core.deleteChild(id);
  }

  /**
   * Lists children in start order: id, current actor (or `undefined` / `'restarting'`), type.
   *
   * @example
   * ```ts
   * for (const { id, ref } of sup.whichChildren()) console.log(id, ref === undefined ? 'terminated' : 'up');
   * ```
   */
  whichChildren(): ChildInfo[] {
    return this.core.whichChildren();
  }

  /**
   * Counts specs, running children, supervisors and workers.
   *
   * @example
   * ```ts
   * sup.countChildren(); // { specs: 3, active: 3, supervisors: 1, workers: 2 }
   * ```
   */
  countChildren(): ChildCounts {
    return this.core.countChildren();
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
    return this.core.getChildSpec(id);
  }

  /**
   * Stops the supervisor gracefully: children are terminated in reverse start order.
   * Idempotent: every call returns the same exit.
   *
   * @example
   * ```ts
   * const exit = await sup.stop(); // { exitReason: 'shutdown', cause: 'requested' }
   * ```
   */
  stop(): Promise<SupervisorExit> {
    return this.core.requestShutdown();
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
export async function startSupervisor(options: SupervisorOptions): Promise<Supervisor> {
  const normalized = normalizeSupervisorOptions(options, `supervisor-${nanoid(8)}`);
  return startRootSupervisor(normalized, Supervisor);
}

/** @internal Shared by static and dynamic root supervisors. */
export async function startRootSupervisor<T>(
  normalized: NormalizedSupervisorOptions,
  Handle: new (core: SupervisorCore, actor: AnyActorRef) => T,
): Promise<T> {
  const actor = createActor(supervisorMachine, {
    input: normalized,
    ...(normalized.inspect === undefined ? {} : { inspect: normalized.inspect }),
  });
  // A root actor with no error observer rethrows into the host; a start failure is reported via `ready`.
  actor.subscribe({ error: () => undefined });
  const core = actor.getSnapshot().context.core;
  actor.start();
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
  spec: Omit<ChildSpec, 'id' | 'logic' | 'input'> = {},
): ChildSpec<typeof supervisorMachine> {
  const input = normalizeSupervisorOptions(options, options.name ?? id);
  return { type: 'supervisor', ...spec, id, logic: supervisorMachine, input };
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
  const core = coreOf(ref);
  return core === undefined || core.isDynamic ? undefined : new Supervisor(core, ref);
}

/** @internal */
export function coreOf(ref: AnyActorRef): SupervisorCore | undefined {
  if ((ref as { logic?: unknown }).logic !== supervisorMachine) return undefined;
  const context = (ref.getSnapshot() as { context?: { core?: SupervisorCore } }).context;
  return context?.core;
}
