import type { AnyActorRef } from 'xstate';
import { workerMachine, type WorkerContext, type WorkerHost } from '../../actors/worker.machine.js';
import type { ChildSpec } from '../../supervisor/child-spec.js';
import { normalizeSupervisorOptions } from '../../supervisor/options.js';
import { stopActor } from '../../supervisor/shutdown.js';
import { Supervisor, startSupervisorActor } from '../../supervisor/supervisor.js';
import type { NormalizedPoolOptions } from '../pool-options.js';

/** What the slots report to the pool's data plane. */
export interface SlotsOwner<R> {
  /** A worker finished `init`: it is idle and may take tasks. */
  workerReady(workerId: string, slot: string, ref: AnyActorRef, resource: R): void;
  /** A worker's actor exited abnormally: the one place a worker crash is counted. */
  workerExited(workerId: string, error: unknown): void;
  /** A crashed worker's slot has a fresh worker (still starting). */
  workerRestarted(workerId: string): void;
  /** The worker supervisor gave up (or could not start): the pool fails with `error`. */
  workersFailed(error: unknown): void;
  /** The worker supervisor is up: queued tasks may need more workers. */
  workersStarted(): void;
  /** A worker's `dispose` threw. */
  disposeFailed(workerId: string, error: unknown): void;
}

/**
 * The pool's worker slots and the only part of it that speaks to the supervisor layer. The
 * slots are the children of a `one_for_one` supervisor linked under the pool's actor (child id
 * `workers`), one child id per slot (`worker-0`, `worker-1`, ...), under the pool's restart
 * intensity. Resources live here, by worker id, never in a machine.
 *
 * @example
 * ```ts
 * const slots = new WorkerSlots(options, owner, poolActor);
 * slots.grow(queued, started); // starts workers while queued tasks outnumber the ones starting
 * ```
 */
export class WorkerSlots<R> {
  private supervisor: Supervisor | undefined;
  private readonly started: Promise<Supervisor | undefined>;
  private readonly resources = new Map<string, R>();
  private readonly host: WorkerHost;
  /** Slots in use (started, starting, or crashed and restarting). */
  private inUse = 0;
  private nextSlot = 0;
  private readonly freeSlots: number[] = [];
  /** Slots whose worker crashed and has not been replaced yet. */
  crashed = 0;
  /** Slots started by `grow` for queued tasks whose worker is not ready yet. */
  private readonly growing = new Set<string>();
  private lastError: unknown = undefined;

  constructor(
    private readonly options: NormalizedPoolOptions<R>,
    private readonly owner: SlotsOwner<R>,
    parent: AnyActorRef,
  ) {
    this.host = {
      initResource: async (workerId, signal) => {
        const resource = options.init === undefined ? (undefined as R) : await options.init({ workerId, signal });
        this.resources.set(workerId, resource);
      },
      disposeResource: (workerId) => this.dispose(workerId),
      workerReady: (workerId, slot, ref) => {
        this.growing.delete(slot);
        owner.workerReady(workerId, slot, ref, this.resources.get(workerId) as R);
      },
    };
    this.started = this.start(parent);
  }

  /** Slots in use, starting ones included. */
  get size(): number {
    return this.inUse;
  }

  /** Workers being started for tasks that wait for them (see `grow`). */
  get growingWorkers(): number {
    return this.growing.size;
  }

  /** The worker supervisor, once started. */
  get workerSupervisor(): Supervisor | undefined {
    return this.supervisor;
  }

  /** The last worker error, the cause of a pool failure. */
  get failureCause(): unknown {
    return this.lastError;
  }

  /** Adds workers (up to `size`) while queued tasks outnumber the workers still starting. */
  grow(queued: number, startedWorkers: number): void {
    const supervisor = this.supervisor;
    if (supervisor === undefined) return;
    while (this.inUse < this.options.size && queued > this.inUse - startedWorkers - this.crashed) this.startSlot(supervisor, true);
  }

  /** Starts workers until `count` slots are in use (`resize()` raised the minimum). */
  fill(count: number): void {
    const supervisor = this.supervisor;
    if (supervisor === undefined) return;
    while (this.inUse < Math.min(count, this.options.size)) this.startSlot(supervisor, false);
  }

  private startSlot(supervisor: Supervisor, forQueued: boolean): void {
    const index = this.freeSlots.pop() ?? this.nextSlot++;
    this.inUse++;
    if (forQueued) this.growing.add(`worker-${index}`);
    supervisor.startChild(this.spec(index)).then(
      (result) => {
        if (!result.ok) this.free(index);
      },
      () => this.free(index),
    );
  }

  /** Frees an idle worker's slot for good (dynamic size going down). */
  retireIdle(slot: string): void {
    const supervisor = this.supervisor;
    if (supervisor === undefined) return;
    this.inUse--;
    void supervisor
      .terminateChild(slot)
      .then(() => supervisor.deleteChild(slot))
      .then(() => this.freeSlots.push(Number(slot.slice('worker-'.length))), () => undefined);
  }

  /** Replaces a worker without counting a crash (threads: its running task was aborted). */
  refill(slot: string, stillNeeded: () => boolean): void {
    const supervisor = this.supervisor;
    if (supervisor === undefined) return;
    void supervisor
      .terminateChild(slot)
      .then(() => (stillNeeded() ? supervisor.restartChild(slot) : undefined))
      .catch(() => undefined);
  }

  /** Stops every worker (reverse start order, each per its shutdown), then the supervisor. */
  async stop(): Promise<void> {
    const supervisor = await this.started;
    if (supervisor !== undefined) await supervisor.stop();
  }

  /** Stops the worker supervisor and every worker at once, then releases every resource left. */
  async kill(): Promise<void> {
    this.killed = true;
    if (this.supervisor !== undefined) stopActor(this.supervisor.actor);
    await this.started;
    await Promise.all([...this.resources.keys()].map((workerId) => this.dispose(workerId)));
  }

  private killed = false;

  private free(index: number): void {
    this.growing.delete(`worker-${index}`);
    this.inUse--;
    this.freeSlots.push(index);
  }

  private async dispose(workerId: string): Promise<void> {
    if (!this.resources.has(workerId)) return;
    const resource = this.resources.get(workerId) as R;
    this.resources.delete(workerId);
    if (this.options.dispose === undefined) return;
    try {
      await this.options.dispose(resource, { workerId });
    } catch (error) {
      this.owner.disposeFailed(workerId, error);
    }
  }

  /** The child spec of worker slot `index`. */
  private spec(index: number): ChildSpec<typeof workerMachine> {
    const slot = `worker-${index}`;
    return { id: slot, logic: workerMachine, input: { slot, pool: this.options.name, host: this.host } };
  }

  private async start(parent: AnyActorRef): Promise<Supervisor | undefined> {
    const { minSize, name, intensity, period } = this.options;
    this.inUse = minSize;
    this.nextSlot = minSize;
    const children = Array.from({ length: minSize }, (_, i) => this.spec(i));
    const normalized = normalizeSupervisorOptions({ name: `${name}/workers`, strategy: 'one_for_one', intensity, period, children }, `${name}/workers`);
    let supervisor: Supervisor;
    try {
      supervisor = await startSupervisorActor(normalized, Supervisor, { parent, id: 'workers' });
    } catch (error) {
      this.owner.workersFailed(error);
      return undefined;
    }
    this.supervisor = supervisor;
    if (this.killed) {
      stopActor(supervisor.actor);
      return supervisor;
    }
    supervisor.events.on('childExited', ({ ref, exit }) => {
      if (exit.reason !== 'crashed' && exit.reason !== 'killed') return;
      const error = exit.reason === 'crashed' ? exit.error : new Error('worker actor was stopped');
      this.crashed++;
      this.lastError = error;
      this.owner.workerExited(workerIdOf(ref), error);
    });
    supervisor.events.on('childStartFailed', ({ error }) => (this.lastError = error));
    supervisor.events.on('childRestarted', ({ ref }) => {
      if (this.crashed > 0) this.crashed--;
      this.owner.workerRestarted(workerIdOf(ref));
    });
    supervisor.events.on('gaveUp', () => this.owner.workersFailed(this.lastError));
    // `resize()` before the supervisor was up raised the minimum: start the difference now.
    this.fill(this.options.minSize);
    this.owner.workersStarted();
    return supervisor;
  }
}

function workerIdOf(ref: AnyActorRef): string {
  return (ref.getSnapshot() as { context?: WorkerContext }).context?.id ?? ref.id;
}
