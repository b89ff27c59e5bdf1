import { createActor, type AnyActorLogic, type AnyActorRef } from 'xstate';
import type { Emitter } from 'mitt';
import { createSafeEmitter } from '../src/emitter.js';
import { FailedToStartChildError, InvalidOptionError, SupervisorNotRunningError } from '../src/errors.js';
import { normalizeChildSpec, type ChildSpec, type ChildType, type NormalizedChildSpec } from './child-spec.js';
import { exitReasonOfCompleted, isAbnormal, type ExitReason } from './exit-reason.js';
import type { SupervisorEvents, SupervisorExit } from './events.js';
import { checkSignificant, type NormalizedSupervisorOptions } from './options.js';
import { RestartIntensity } from './restart-intensity.js';
import { stopQuietly, terminateActor } from './shutdown.js';
import { waitUntilStarted } from './started.js';

/** One row of the child table. Kept in the supervisor's own Map, not in xstate's `children`. */
interface ChildEntry {
  readonly key: string;
  readonly spec: NormalizedChildSpec;
  actor: AnyActorRef | undefined;
  /** Our exit observer on `actor`; removed before the supervisor stops the child itself. */
  unsubscribe: (() => void) | undefined;
  /** A restart of this child failed and a retry is queued (OTP's `restarting`). */
  restarting: boolean;
}

/** Lifecycle phases; mirrored by the supervisor machine's states. */
export type SupervisorPhase = 'starting' | 'running' | 'restarting' | 'shuttingDown' | 'stopped';

/** Internal events the core sends to its own machine so that the machine mirrors its phase. */
export type SupervisorCoreEvent =
  | { type: 'supervisor.restarting' }
  | { type: 'supervisor.restarted' }
  | { type: 'supervisor.shutting_down' }
  | { type: 'supervisor.stopped'; exit: SupervisorExit };

/** Result of starting a child, in OTP's terms. */
export type StartChildResult =
  | { ok: true; ref: AnyActorRef }
  | { ok: false; reason: 'already_started'; ref: AnyActorRef }
  | { ok: false; reason: 'already_present' }
  | { ok: false; reason: 'max_children' }
  | { ok: false; reason: 'start_failed'; error: unknown };

/** Result of terminating a child. Terminating an already terminated child is `ok`. */
export type TerminateChildResult = { ok: true } | { ok: false; reason: 'not_found' };

/** Result of restarting a terminated child. */
export type RestartChildResult =
  | { ok: true; ref: AnyActorRef }
  | { ok: false; reason: 'running' | 'restarting' | 'not_found' }
  | { ok: false; reason: 'start_failed'; error: unknown };

/** Result of deleting a terminated child's spec. */
export type DeleteChildResult = { ok: true } | { ok: false; reason: 'running' | 'restarting' | 'not_found' };

/** One row of `whichChildren()`: the ref is `undefined` for a terminated child. */
export interface ChildInfo {
  id: string;
  ref: AnyActorRef | 'restarting' | undefined;
  type: ChildType;
}

/** Answer of `countChildren()`, as OTP's `count_children`. */
export interface ChildCounts {
  specs: number;
  active: number;
  supervisors: number;
  workers: number;
}

const now = (): number => Date.now();

/**
 * The supervisor's child table and restart logic. Every operation that changes the
 * table (start, terminate, restart, delete, an exit, shutdown) runs one at a time
 * through a promise chain, as OTP's supervisor handles one message at a time.
 * The xstate machine in `supervisor.machine.ts` owns one core and mirrors its phase.
 */
export class SupervisorCore {
  readonly name: string;
  readonly events: Emitter<SupervisorEvents>;
  /** Resolves when the initial children are all started; rejects with the start failure. */
  readonly ready: Promise<void>;
  /** Resolves once the supervisor has stopped and every child is gone. */
  readonly exited: Promise<SupervisorExit>;

  private readonly options: NormalizedSupervisorOptions;
  private readonly self: AnyActorRef;
  private readonly children = new Map<string, ChildEntry>();
  /** Children's actors that are alive but not in the table: still starting, or being stopped. */
  private readonly unowned = new Set<AnyActorRef>();
  private readonly intensity: RestartIntensity;
  private tail: Promise<unknown> = Promise.resolve();
  private phase: SupervisorPhase = 'starting';
  private shutdownRequested = false;
  private nextKey = 0;
  private resolveReady!: () => void;
  private rejectReady!: (error: unknown) => void;
  private resolveExited!: (exit: SupervisorExit) => void;

  constructor(options: NormalizedSupervisorOptions, self: AnyActorRef) {
    this.options = options;
    this.name = options.name;
    this.self = self;
    this.intensity = new RestartIntensity(options.intensity, options.period);
    this.events = createSafeEmitter<SupervisorEvents>();
    this.ready = new Promise<void>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // Nobody may await `ready` (a nested supervisor); never let it become an unhandled rejection.
    this.ready.catch(() => undefined);
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
  }

  get isDynamic(): boolean {
    return this.options.dynamic;
  }

  /** Current lifecycle phase. */
  get currentPhase(): SupervisorPhase {
    return this.phase;
  }

  // ---------------------------------------------------------------- lifecycle

  /** Starts the initial children in order; on a failure terminates the started ones and rejects. */
  init(): Promise<void> {
    return this.enqueue(async () => {
      const started: ChildEntry[] = [];
      for (const spec of this.options.children) {
        const entry = this.addEntry(spec.id, spec);
        try {
          await this.startEntry(entry, 'childStarted');
          started.push(entry);
        } catch (error) {
          this.children.delete(entry.key);
          for (const done of started.reverse()) await this.terminateEntry(done);
          this.children.clear();
          this.phase = 'stopped';
          const failure = new FailedToStartChildError(spec.id, error);
          this.rejectReady(failure);
          this.resolveExited({ exitReason: 'shutdown', cause: 'failed_to_start' });
          throw failure;
        }
      }
      this.phase = 'running';
      this.resolveReady();
    });
  }

  /** Graceful stop: children are terminated in reverse start order (in parallel for dynamic). */
  requestShutdown(): Promise<SupervisorExit> {
    if (!this.shutdownRequested && this.phase !== 'stopped') {
      this.shutdownRequested = true;
      this.enqueue(() => this.shutdown('requested')).catch(() => undefined);
    }
    return this.exited;
  }

  /** Called when our own actor was stopped by force: kill every child at once. */
  onActorStopped(): void {
    if (this.phase === 'stopped') return;
    this.shutdownRequested = true;
    // The newest first: a child being started or stopped right now, then the table in reverse.
    for (const actor of this.unowned) stopQuietly(actor);
    for (const entry of [...this.children.values()].reverse()) {
      const actor = this.detach(entry);
      if (actor !== undefined) stopQuietly(actor);
    }
    this.children.clear();
    this.finish({ exitReason: 'shutdown', cause: 'killed' }, false);
  }

  // ---------------------------------------------------------------- child admin

  /** See `Supervisor.startChild`. */
  startChild(spec: ChildSpec): Promise<StartChildResult> {
    const normalized = normalizeChildSpec(spec, 'child', { requireId: !this.isDynamic });
    checkSignificant(normalized, this.options.autoShutdown, 'child');
    if (this.isDynamic && normalized.significant) {
      throw new InvalidOptionError('child.significant', true, 'false (a dynamic supervisor has no significant children)');
    }
    this.inputFor(normalized); // validate extraInput merging before queueing
    return this.enqueue(async () => {
      if (!this.isDynamic) {
        const existing = this.children.get(normalized.id);
        if (existing !== undefined) {
          return existing.actor !== undefined
            ? { ok: false, reason: 'already_started', ref: existing.actor }
            : { ok: false, reason: 'already_present' };
        }
      } else if (this.children.size >= this.options.maxChildren) {
        return { ok: false, reason: 'max_children' };
      }
      const key = this.isDynamic ? `${normalized.id ?? 'child'}#${this.nextKey++}` : normalized.id;
      const entry = this.addEntry(key, normalized);
      try {
        const ref = await this.startEntry(entry, 'childStarted');
        return { ok: true, ref };
      } catch (error) {
        this.children.delete(key);
        return { ok: false, reason: 'start_failed', error };
      }
    });
  }

  /** See `Supervisor.terminateChild`. */
  terminateChild(idOrRef: string | AnyActorRef): Promise<TerminateChildResult> {
    return this.enqueue(async () => {
      const entry = this.findEntry(idOrRef);
      if (entry === undefined) return { ok: false, reason: 'not_found' };
      entry.restarting = false;
      await this.terminateEntry(entry);
      if (this.isDynamic || entry.spec.restart === 'temporary') this.children.delete(entry.key);
      // It may have been the last child waiting for a retried restart.
      this.settleRestartPhase();
      return { ok: true };
    });
  }

  /** See `Supervisor.restartChild`. */
  restartChild(id: string): Promise<RestartChildResult> {
    return this.enqueue(async () => {
      const entry = this.children.get(id);
      if (entry === undefined) return { ok: false, reason: 'not_found' };
      if (entry.actor !== undefined) return { ok: false, reason: 'running' };
      if (entry.restarting) return { ok: false, reason: 'restarting' };
      try {
        return { ok: true, ref: await this.startEntry(entry, 'childStarted') };
      } catch (error) {
        return { ok: false, reason: 'start_failed', error };
      }
    });
  }

  /** See `Supervisor.deleteChild`. */
  deleteChild(id: string): Promise<DeleteChildResult> {
    return this.enqueue(async () => {
      const entry = this.children.get(id);
      if (entry === undefined) return { ok: false, reason: 'not_found' };
      if (entry.actor !== undefined) return { ok: false, reason: 'running' };
      if (entry.restarting) return { ok: false, reason: 'restarting' };
      this.children.delete(id);
      return { ok: true };
    });
  }

  whichChildren(): ChildInfo[] {
    const rows: ChildInfo[] = [];
    for (const entry of this.children.values()) {
      rows.push({ id: entry.spec.id ?? entry.key, ref: entry.restarting ? 'restarting' : entry.actor, type: entry.spec.type });
    }
    return rows;
  }

  countChildren(): ChildCounts {
    let active = 0;
    let supervisors = 0;
    for (const entry of this.children.values()) {
      if (entry.actor !== undefined) active++;
      if (entry.spec.type === 'supervisor') supervisors++;
    }
    return { specs: this.children.size, active, supervisors, workers: this.children.size - supervisors };
  }

  getChildSpec(id: string): NormalizedChildSpec | undefined {
    const entry = this.children.get(id);
    return entry === undefined ? undefined : { ...entry.spec };
  }

  // ---------------------------------------------------------------- internals

  /** Runs `op` after every operation queued before it. Rejects once the supervisor stopped. */
  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const run = this.tail.then(() => {
      if (this.phase === 'stopped') throw new SupervisorNotRunningError(this.name);
      return op();
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  private addEntry(key: string, spec: NormalizedChildSpec): ChildEntry {
    const entry: ChildEntry = { key, spec, actor: undefined, unsubscribe: undefined, restarting: false };
    this.children.set(key, entry);
    return entry;
  }

  private findEntry(idOrRef: string | AnyActorRef): ChildEntry | undefined {
    if (typeof idOrRef === 'string') return this.isDynamic ? undefined : this.children.get(idOrRef);
    for (const entry of this.children.values()) if (entry.actor === idOrRef) return entry;
    return undefined;
  }

  private inputFor(spec: NormalizedChildSpec): unknown {
    const extra = this.options.extraInput;
    if (extra === undefined) return spec.input;
    if (spec.input === undefined) return { ...extra };
    if (spec.input === null || typeof spec.input !== 'object' || Array.isArray(spec.input)) {
      throw new InvalidOptionError('child.input', spec.input, 'a plain object (extraInput is merged into it)');
    }
    return { ...extra, ...(spec.input as object) };
  }

  /** Creates and starts the child's actor; throws the child's error if it fails to start. */
  private async startEntry(entry: ChildEntry, event: 'childStarted' | 'childRestarted'): Promise<AnyActorRef> {
    if (this.phase === 'stopped') throw new SupervisorNotRunningError(this.name);
    const actor: AnyActorRef = createActor(entry.spec.logic as AnyActorLogic, {
      input: this.inputFor(entry.spec),
      ...(this.options.inspect === undefined ? {} : { inspect: this.options.inspect }),
    });
    // Subscribe before start: an actor with no error observer rethrows its error into the host.
    const subscription = actor.subscribe({
      error: (error) => this.onChildExit(entry, actor, { reason: 'crashed', error }),
      complete: () => this.onChildExit(entry, actor, exitReasonOfCompleted(actor)),
    });
    this.unowned.add(actor);
    try {
      actor.start();
      await waitUntilStarted(actor);
      // Stopped by force while this child was starting (which stopped it too): do not adopt it.
      if (this.currentPhase === 'stopped') throw new SupervisorNotRunningError(this.name);
    } catch (error) {
      subscription.unsubscribe();
      stopQuietly(actor);
      throw error;
    } finally {
      this.unowned.delete(actor);
    }
    entry.actor = actor;
    entry.unsubscribe = () => subscription.unsubscribe();
    entry.restarting = false;
    this.events.emit(event, { supervisor: this.name, id: entry.spec.id ?? entry.key, ref: actor });
    return actor;
  }

  /** Removes our exit observer and forgets the actor; returns it if it was running. */
  private detach(entry: ChildEntry): AnyActorRef | undefined {
    const actor = entry.actor;
    entry.unsubscribe?.();
    entry.unsubscribe = undefined;
    entry.actor = undefined;
    return actor;
  }

  /** Stops a child the way its spec says; its exit is not treated as an exit on its own. */
  private async terminateEntry(entry: ChildEntry): Promise<void> {
    const actor = this.detach(entry);
    if (actor === undefined) return;
    this.unowned.add(actor);
    const outcome = await terminateActor(actor, entry.spec.shutdown).finally(() => this.unowned.delete(actor));
    // Stopped by force meanwhile: the child was killed with the others and `stopped` is already out.
    if (this.phase === 'stopped') return;
    this.events.emit('childTerminated', { supervisor: this.name, id: entry.spec.id ?? entry.key, ref: actor, outcome });
  }

  private onChildExit(entry: ChildEntry, actor: AnyActorRef, exit: ExitReason): void {
    // Only exits of the child's current actor count; stale ones are dropped when handled.
    this.enqueue(() => this.handleExit(entry, actor, exit)).catch(() => undefined);
  }

  private async handleExit(entry: ChildEntry, actor: AnyActorRef, exit: ExitReason): Promise<void> {
    if (this.children.get(entry.key) !== entry || entry.actor !== actor) return;
    this.detach(entry);
    this.events.emit('childExited', { supervisor: this.name, id: entry.spec.id ?? entry.key, ref: actor, exit });
    const { restart } = entry.spec;
    const restartIt = restart === 'permanent' || (restart === 'transient' && isAbnormal(exit));
    if (!restartIt || this.shutdownRequested) {
      if (restart === 'temporary' || this.isDynamic) this.children.delete(entry.key);
      if (!this.shutdownRequested) await this.maybeAutoShutdown(entry);
      return;
    }
    await this.restart(entry);
  }

  private async maybeAutoShutdown(exited: ChildEntry): Promise<void> {
    if (!exited.spec.significant) return;
    const mode = this.options.autoShutdown;
    if (mode === 'all_significant') {
      for (const entry of this.children.values()) {
        if (entry.spec.significant && (entry.actor !== undefined || entry.restarting)) return;
      }
    } else if (mode !== 'any_significant') {
      return;
    }
    this.shutdownRequested = true;
    await this.shutdown('auto_shutdown');
  }

  /** One crash = one restart: count it, then apply the strategy. */
  private async restart(crashed: ChildEntry): Promise<void> {
    if (!this.intensity.allow(now())) {
      await this.giveUp();
      return;
    }
    this.setPhase('restarting');
    const failed = await this.restartByStrategy(crashed);
    if (failed !== undefined) {
      await this.restartFailed(failed.entry, failed.error);
      return;
    }
    this.settleRestartPhase();
  }

  /** OTP retries a failed restart as a new message, counting it as another restart. */
  private async restartFailed(entry: ChildEntry, error: unknown): Promise<void> {
    // Stopped by force meanwhile: that is not a failed restart, and nothing is reported after `stopped`.
    if (this.phase === 'stopped' || error instanceof SupervisorNotRunningError) return;
    entry.restarting = true;
    this.events.emit('childStartFailed', { supervisor: this.name, id: entry.spec.id ?? entry.key, error });
    if (!this.intensity.allow(now())) {
      await this.giveUp();
      return;
    }
    // Let other queued messages (and the event loop) run before the retry.
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.enqueue(async () => {
      if (this.shutdownRequested || this.children.get(entry.key) !== entry || !entry.restarting) return;
      const failed = await this.restartByStrategy(entry);
      if (failed !== undefined) await this.restartFailed(failed.entry, failed.error);
      else this.settleRestartPhase();
    }).catch(() => undefined);
  }

  private settleRestartPhase(): void {
    if (this.phase !== 'restarting') return;
    for (const entry of this.children.values()) if (entry.restarting) return;
    this.setPhase('running');
  }

  /**
   * Terminates the bystanders the strategy names (reverse start order), then starts
   * the crashed child and them again in start order. Returns the entry that failed to start.
   */
  private async restartByStrategy(crashed: ChildEntry): Promise<{ entry: ChildEntry; error: unknown } | undefined> {
    const strategy = this.options.strategy;
    let group: ChildEntry[];
    if (strategy === 'one_for_one') {
      group = [crashed];
    } else {
      const all = [...this.children.values()];
      group = strategy === 'one_for_all' ? all : all.slice(all.indexOf(crashed));
      // As OTP's start_children: every child of the group that keeps a spec is started again,
      // including one that had been terminated by terminateChild (or exited normally as transient).
      for (const entry of [...group].reverse()) {
        if (entry === crashed || entry.actor === undefined) continue;
        await this.terminateEntry(entry);
        // A temporary bystander is never restarted; its spec goes. The others are simply
        // terminated (no actor): only the child whose start failed is marked `restarting`, as in OTP.
        if (entry.spec.restart === 'temporary') this.children.delete(entry.key);
      }
      group = group.filter((entry) => this.children.get(entry.key) === entry);
    }
    for (const entry of group) {
      if (this.shutdownRequested) return undefined;
      try {
        await this.startEntry(entry, 'childRestarted');
      } catch (error) {
        return { entry, error };
      }
    }
    return undefined;
  }

  private async giveUp(): Promise<void> {
    this.events.emit('gaveUp', {
      supervisor: this.name,
      reason: 'reached_max_restart_intensity',
      intensity: this.options.intensity,
      period: this.options.period,
    });
    this.shutdownRequested = true;
    await this.shutdown('reached_max_restart_intensity');
  }

  private async shutdown(cause: SupervisorExit['cause']): Promise<void> {
    if (this.phase === 'stopped' || this.phase === 'shuttingDown') return;
    this.setPhase('shuttingDown');
    const entries = [...this.children.values()];
    if (this.isDynamic) {
      // DynamicSupervisor stops its children in parallel; they have no order.
      await Promise.all(entries.map((entry) => this.terminateEntry(entry)));
    } else {
      for (const entry of entries.reverse()) await this.terminateEntry(entry);
    }
    this.children.clear();
    this.finish({ exitReason: 'shutdown', cause }, true);
  }

  private finish(exit: SupervisorExit, notifyMachine: boolean): void {
    // A graceful shutdown interrupted by a forced stop must not report a second exit.
    if (this.phase === 'stopped') return;
    this.phase = 'stopped';
    this.events.emit('stopped', { supervisor: this.name, exit });
    if (notifyMachine) this.notify({ type: 'supervisor.stopped', exit });
    this.resolveExited(exit);
  }

  private setPhase(phase: 'running' | 'restarting' | 'shuttingDown'): void {
    if (this.phase === phase || this.phase === 'stopped') return;
    this.phase = phase;
    this.notify({
      type: phase === 'running' ? 'supervisor.restarted' : phase === 'restarting' ? 'supervisor.restarting' : 'supervisor.shutting_down',
    });
  }

  private notify(event: SupervisorCoreEvent): void {
    if ((this.self.getSnapshot() as { status: string }).status === 'active') this.self.send(event);
  }
}
