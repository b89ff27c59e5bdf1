import type { AnyActorRef } from 'xstate';
import type { Emitter, Handler } from 'mitt';
import { DynamicSupervisor, getDynamicSupervisor } from '../../supervisor/dynamic-supervisor.js';
import type { SupervisorEvents } from '../../supervisor/events.js';
import type { SupervisorHandle } from '../../supervisor/handle.js';
import { getSupervisor } from '../../supervisor/supervisor.js';
import { getPool } from '../pool/pool.js';
import { getThreadPool } from '../threads/thread-pool-spec.js';
import { PoolProbe } from './pool-probe.js';
import type { Registry } from './registry.js';
import { errorType, type SupervisorSeries } from './supervisor-series.js';

/**
 * The instrumentation attached to one supervisor (one incarnation) and, through it, to its whole
 * subtree: it counts the supervisor's own events, and watches every child that is a pool (a
 * {@link PoolProbe}; in-process or threads) or a supervisor (another `TreeProbe`), at any depth. Children are followed
 * by actor: a child started or restarted later is a new actor and is attached when its
 * `childStarted` / `childRestarted` arrives; the actor it replaced was detached at its
 * `childExited` / `childTerminated`; everything is detached when the supervisor stops.
 *
 * @example
 * ```ts
 * const probe = new TreeProbe(root, registry); // root's pools, nested supervisors' pools, ...
 * probe.detach();
 * ```
 */
export class TreeProbe {
  private readonly children = new Map<AnyActorRef, PoolProbe | TreeProbe>();
  private readonly listeners: [string, Handler<unknown>][] = [];
  private readonly series: SupervisorSeries;
  /** A dynamic supervisor's children are unbounded: their ids are left out of the attributes. */
  private readonly dynamic: boolean;
  private attached = true;

  constructor(
    readonly supervisor: SupervisorHandle,
    private readonly registry: Registry,
  ) {
    this.series = registry.supervisorSeries(supervisor.name);
    this.dynamic = supervisor instanceof DynamicSupervisor;
    this.on('childStarted', ({ ref }) => this.attach(ref));
    this.on('childRestarted', ({ id, ref }) => {
      this.series.childRestarted(this.idOf(id), undefined);
      this.attach(ref);
    });
    this.on('childStartFailed', ({ id, error }) => this.series.childRestarted(this.idOf(id), errorType(error)));
    this.on('childExited', ({ id, ref, exit }) => {
      this.series.childExited(this.idOf(id), exit);
      this.drop(ref);
    });
    this.on('childTerminated', ({ ref }) => this.drop(ref));
    this.on('stopped', ({ exit }) => {
      this.series.stopped(exit);
      this.dropChildren();
    });
    for (const { ref } of supervisor.whichChildren()) {
      if (ref !== undefined && ref !== 'restarting') this.attach(ref);
    }
  }

  /** Removes this supervisor's listeners and detaches its whole subtree. Idempotent. */
  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    const events = this.supervisor.events as unknown as Emitter<Record<string, unknown>>;
    for (const [name, listener] of this.listeners) events.off(name, listener);
    this.listeners.length = 0;
    this.dropChildren();
  }

  private on<K extends keyof SupervisorEvents>(name: K, listener: Handler<SupervisorEvents[K]>): void {
    this.supervisor.events.on(name, listener);
    this.listeners.push([name, listener as Handler<unknown>]);
  }

  private idOf(id: string): string | undefined {
    return this.dynamic ? undefined : id;
  }

  /** Starts watching the child actor `ref` if it is a pool or a supervisor (once). */
  private attach(ref: AnyActorRef): void {
    if (!this.attached || this.registry.isStopped || this.children.has(ref)) return;
    const pool = getPool(ref) ?? getThreadPool(ref);
    if (pool !== undefined) {
      this.children.set(ref, this.registry.attachPool(pool));
      return;
    }
    const supervisor = getSupervisor(ref) ?? getDynamicSupervisor(ref);
    if (supervisor !== undefined) this.children.set(ref, new TreeProbe(supervisor, this.registry));
  }

  /** Stops watching the child actor `ref` (it exited, or was stopped). */
  private drop(ref: AnyActorRef): void {
    const child = this.children.get(ref);
    if (child === undefined) return;
    this.children.delete(ref);
    if (child instanceof PoolProbe) this.registry.detachPool(child);
    else child.detach();
  }

  private dropChildren(): void {
    for (const ref of [...this.children.keys()]) this.drop(ref);
  }
}
