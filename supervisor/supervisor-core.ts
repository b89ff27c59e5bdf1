import type { AnyActorRef, EventObject, Subscription } from 'xstate';
import type { Emitter } from 'mitt';
import { ChildActors } from './child-actors.js';
import { idOf, ChildTable, type ChildEntry } from './child-table.js';
import { beyondOwnLimit, cancelDelayedRestart, recordChildRestart, restartDelayOf, scheduleRestart } from './child-restarts.js';
import { createSafeEmitter, listen } from './emitter.js';
import { FailedToStartChildError, SupervisorNotRunningError } from './errors.js';
import { summarize } from './exit-summary.js';
import { NamedDelivery } from './named-delivery.js';
import { markOverseerParent, tellParent } from './supervision-events.js';
import { isAbnormal, type ExitReason } from './exit-reason.js';
import type { SupervisorEvents, SupervisorExit } from './events.js';
import { FACT, type SupervisorFact } from './facts.js';
import type { NormalizedSupervisorOptions } from './options.js';
import { RestartWindow } from './restart-intensity.js';

/** Lifecycle phases: the supervisor machine's states. */
export type SupervisorPhase = 'starting' | 'running' | 'restarting' | 'shuttingDown' | 'stopped';

type ShutdownCause = SupervisorExit['cause'];

const now = (): number => Date.now();

/**
 * The supervisor's mailbox and the work its machine decides on. Every operation that changes
 * the child table (start, terminate, restart, delete, an exit, shutdown) runs one at a time on
 * a promise chain, as an OTP supervisor handles one message at a time. Exits and failed restarts
 * are reported to the machine as facts; the machine decides (restart, give up, shut down) and
 * this core carries the decision out within the same message.
 */
export class SupervisorCore {
  readonly name: string;
  readonly events: Emitter<SupervisorEvents>;
  /** Resolves when the initial children are all started; rejects with the start failure. */
  readonly ready: Promise<void>;
  /** Resolves once the supervisor has stopped and every child is gone. */
  readonly exited: Promise<SupervisorExit>;

  /** @internal */
  readonly options: NormalizedSupervisorOptions;
  /** @internal The named children, and events held for them while they restart. */
  readonly names: NamedDelivery;
  /** The children, in start order. Changed only by this core's mailbox; the handles read it. */
  readonly table: ChildTable;
  /** Restart times inside the period: plain counting; the machine decides on the count. */
  private readonly window: RestartWindow;
  private readonly actors: ChildActors;
  private tail: Promise<unknown> = Promise.resolve();
  private finished = false;
  private shutdownRequested = false;
  /** Set while a fact is being sent: a shutdown decided then is carried out by that message. */
  private deciding = false;
  private decidedShutdown: ShutdownCause | undefined;
  /** @internal The next dynamic child's key suffix. */
  nextKey = 0;
  private inspection: Subscription | undefined;
  private resolveReady!: () => void;
  private rejectReady!: (error: unknown) => void;
  private resolveExited!: (exit: SupervisorExit) => void;

  constructor(
    options: NormalizedSupervisorOptions,
    private readonly self: AnyActorRef,
  ) {
    this.options = options;
    this.name = options.name;
    this.table = new ChildTable(options.dynamic);
    this.window = new RestartWindow(options.period);
    this.actors = new ChildActors(options, self, () => this.finished, (failure) => this.events.emit('persistenceFailed', { supervisor: this.name, ...failure }));
    // The `on` listeners are subscribed now, before `init` starts the first child.
    this.events = listen(createSafeEmitter<SupervisorEvents>(options.onListenerError), options.on);
    this.names = new NamedDelivery(this.name, this.events);
    markOverseerParent(self);
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

  /** The machine's state, or `stopped` once every child is gone. */
  get currentPhase(): SupervisorPhase {
    if (this.finished) return 'stopped';
    const snapshot = this.self.getSnapshot() as { status: string; value: SupervisorPhase };
    return snapshot.status === 'active' ? snapshot.value : 'stopped';
  }

  /** The restarts inside the last `period` ms (counted here; the machine compares with the intensity). */
  get restartsInPeriod(): number {
    return this.window.count(now());
  }

  /** Starts the initial children in order; on a failure terminates the started ones and rejects. */
  init(): Promise<void> {
    // A nested supervisor's own `inspect` observes the system it joined (the root's one).
    if (this.options.inspect !== undefined && this.self._parent !== undefined) this.inspection = this.self.system.inspect(this.options.inspect);
    return this.enqueue(async () => {
      const started: ChildEntry[] = [];
      for (const spec of this.options.children) {
        const entry = this.table.add(spec.id, spec);
        try {
          this.names.claim(entry);
          await this.startEntry(entry, 'childStarted');
          started.push(entry);
        } catch (error) {
          // Stopped by force meanwhile: the start was not refused by a child, the supervisor is gone.
          if (this.finished) throw this.refuseStart(new SupervisorNotRunningError(this.name));
          this.table.delete(entry.key);
          for (const done of started.reverse()) await this.terminateEntry(done);
          this.table.clear();
          this.names.goneAll();
          this.settle({ reason: 'shutdown', cause: 'failed_to_start' });
          throw this.refuseStart(new FailedToStartChildError(spec.id, error));
        }
      }
      if (this.finished) throw this.refuseStart(new SupervisorNotRunningError(this.name));
      this.resolveReady();
    });
  }

  /** The machine entered `shuttingDown`. */
  onShuttingDown(cause: ShutdownCause): void {
    this.shutdownRequested = true;
    if (this.deciding) this.decidedShutdown = cause;
    else this.enqueue(() => this.shutdown(cause)).catch(() => undefined);
  }

  /** Our own actor was stopped by force: kill every child at once. */
  onActorStopped(): void {
    if (this.finished) return;
    this.shutdownRequested = true;
    for (const entry of this.table.entries()) cancelDelayedRestart(entry);
    this.actors.killAll(this.table.entries());
    this.table.clear();
    this.finish({ reason: 'shutdown', cause: 'killed' }, false);
  }

  /** A child sent the supervisor an event of its own (`sendParent`). */
  onMessage(event: EventObject): void {
    // Called from the machine's action: listeners run after its transition, not inside it.
    queueMicrotask(() => this.events.emit('messageReceived', { supervisor: this.name, event }));
  }

  /** Asks for a graceful stop; resolves with the exit. */
  requestShutdown(): Promise<SupervisorExit> {
    if (!this.finished && !this.shutdownRequested) this.self.send({ type: 'overseer.shutdown' });
    return this.exited;
  }

  /** @internal Runs `op` after every operation queued before it. Rejects once the supervisor stopped. */
  enqueue<T>(op: () => T | Promise<T>): Promise<T> {
    const run = this.tail.then(() => {
      if (this.finished) throw new SupervisorNotRunningError(this.name);
      return op();
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Reports a fact (marked as the core's) to the machine. Returns the shutdown it decided on, to
   * be carried out within the same message, or nothing (no promise hop on the restart path).
   */
  private decide(fact: SupervisorFact): Promise<void> | undefined {
    fact[FACT] = true;
    this.deciding = true;
    try {
      this.self.send(fact);
    } finally {
      this.deciding = false;
    }
    const cause = this.decidedShutdown;
    if (cause === undefined) return undefined;
    this.decidedShutdown = undefined;
    if (cause === 'reached_max_restart_intensity') {
      const { intensity, period } = this.options;
      this.events.emit('gaveUp', { supervisor: this.name, reason: cause, intensity, period });
      tellParent(this.self, { type: 'overseer.gaveUp', supervisor: this.name, intensity, period });
    }
    return this.shutdown(cause);
  }

  /** @internal Starts the child's actor and announces it; a child with no notion of starting is started at once. */
  startEntry(entry: ChildEntry, event: 'childStarted' | 'childRestarted'): AnyActorRef | Promise<AnyActorRef> {
    cancelDelayedRestart(entry);
    if (event === 'childRestarted') this.table.markRestarting(entry, true); // a slow restart (a snapshot loading) is not `terminated`
    const started = this.actors.start(entry, (exited, exit) => this.onChildExit(entry, exited, exit));
    return started instanceof Promise ? started.then((actor) => this.started(entry, event, actor)) : this.started(entry, event, started);
  }

  /** Counts a restart and hands the held events over (first, in order), then announces the child. */
  private started(entry: ChildEntry, event: 'childStarted' | 'childRestarted', actor: AnyActorRef): AnyActorRef {
    if (event === 'childRestarted') entry.restarts++;
    this.table.markRestarting(entry, false); // first: an event sent to the name while the held ones go is delivered
    this.names.started(entry, actor);
    this.announceStarted(entry, event, actor);
    if (event === 'childRestarted') tellParent(this.self, { type: 'overseer.childRestarted', supervisor: this.name, id: idOf(entry), name: entry.spec.name, restarts: entry.restarts, ...this.actors.persistenceOf(entry) });
    return actor;
  }

  private announceStarted(entry: ChildEntry, event: 'childStarted' | 'childRestarted', actor: AnyActorRef): AnyActorRef {
    this.events.emit(event, { supervisor: this.name, id: idOf(entry), ref: actor, ...this.actors.persistenceOf(entry) });
    return actor;
  }

  /** @internal Stops a child the way its spec says and announces it; its exit is not treated as an exit on its own. */
  async terminateEntry(entry: ChildEntry): Promise<void> {
    cancelDelayedRestart(entry);
    const stopped = await this.actors.terminate(entry);
    // Stopped by force meanwhile: the child was killed with the others and `stopped` is already out.
    if (stopped === undefined || this.finished) return;
    entry.lastExit = { reason: stopped.outcome === 'killed' ? 'killed' : 'shutdown', at: now() };
    this.events.emit('childTerminated', { supervisor: this.name, id: idOf(entry), ref: stopped.actor, outcome: stopped.outcome });
  }

  private onChildExit(entry: ChildEntry, actor: AnyActorRef, exit: ExitReason): void {
    this.enqueue(() => this.handleExit(entry, actor, exit)).catch(() => undefined);
  }

  /** One exit: report it, then restart the group if the machine decided so. */
  private handleExit(entry: ChildEntry, actor: AnyActorRef, exit: ExitReason): Promise<void> | void {
    // Only exits of the child's current actor count; stale ones (replaced, terminated) are dropped.
    if (!this.table.holds(entry) || entry.actor !== actor) return;
    this.actors.detach(entry);
    entry.lastExit = summarize(exit);
    if (exit.reason === 'crashed') entry.lastError = exit.error;
    this.events.emit('childExited', { supervisor: this.name, id: idOf(entry), ref: actor, exit });
    tellParent(this.self, { type: 'overseer.childExited', supervisor: this.name, id: idOf(entry), name: entry.spec.name, exit, restarts: entry.restarts });
    const { restart } = entry.spec;
    const restartIt = restart === 'permanent' || (restart === 'transient' && isAbnormal(exit));
    if (!restartIt || this.shutdownRequested) {
      this.names.gone(entry);
      if (restart === 'temporary' || this.isDynamic) this.table.delete(entry.key);
      if (this.shutdownRequested) return;
    }
    const n = restartIt ? recordChildRestart(entry, this.options.period, now()) : 0;
    // A child with its own limit is counted against it alone, and given up alone past it.
    if (restartIt && beyondOwnLimit(entry, n)) return this.giveUpChild(entry, actor);
    const significant = entry.spec.significant;
    // Counting the significant children left walks the table: only `all_significant` needs it.
    const significantLeft = significant && this.options.autoShutdown === 'all_significant' ? this.table.significantLeft() : 0;
    // The restart is counted before the decision, as OTP's add_restart; the machine compares.
    const restarts = restartIt && entry.spec.childRestarts === undefined ? this.window.record(now()) : this.window.count(now());
    const shuttingDown = this.decide({ type: 'supervisor.childExited', restart: restartIt, restarts, significant, significantLeft });
    if (shuttingDown !== undefined) return shuttingDown;
    if (restartIt && this.currentPhase === 'restarting' && !this.restartLater(entry, n)) return this.restartGroup(entry);
  }

  /** The child's spec goes, and its name with it. */
  private dropEntry(entry: ChildEntry): void {
    this.table.delete(entry.key);
    this.names.gone(entry);
  }

  /** A dynamic supervisor's child went past its own limit: it alone is removed; its siblings keep running. */
  private giveUpChild(entry: ChildEntry, actor: AnyActorRef | undefined): void {
    this.dropEntry(entry);
    const gaveUp = { supervisor: this.name, id: idOf(entry), name: entry.spec.name, error: entry.lastError, restarts: entry.restarts };
    this.events.emit('childGaveUp', { ...gaveUp, ref: actor });
    tellParent(this.self, { type: 'overseer.childGaveUp', ...gaveUp });
    this.reportRestartsDone();
  }

  /** Waits out the child's `restartDelay` (shown as `restarting`), then restarts it; false if it has none. */
  private restartLater(entry: ChildEntry, n: number): boolean {
    const delay = restartDelayOf(entry, n);
    if (delay === undefined) return false;
    this.table.markRestarting(entry, true);
    const due = () => (this.shutdownRequested || !this.table.holds(entry) || !entry.restarting ? undefined : this.restartGroup(entry));
    scheduleRestart(entry, delay, () => this.enqueue(due).catch(() => undefined));
    return true;
  }

  /**
   * Restarts the group the strategy names, or reports the failed start. A one_for_one restart
   * of a child with no notion of starting is done within this call: no promise hop.
   */
  private restartGroup(crashed: ChildEntry): Promise<void> | void {
    if (this.options.strategy !== 'one_for_one') {
      return this.restartGroupInOrder(crashed).then((failed) =>
        failed !== undefined ? this.restartFailed(failed.entry, failed.error) : this.reportRestartsDone(),
      );
    }
    let started: AnyActorRef | Promise<AnyActorRef>;
    try {
      started = this.startEntry(crashed, 'childRestarted');
    } catch (error) {
      return this.restartFailed(crashed, error);
    }
    if (!(started instanceof Promise)) return this.reportRestartsDone();
    return started.then(
      () => this.reportRestartsDone(),
      (error: unknown) => this.restartFailed(crashed, error),
    );
  }

  /** OTP retries a failed restart as a new message, counting it as another restart. */
  private async restartFailed(entry: ChildEntry, error: unknown): Promise<void> {
    // Stopped by force meanwhile: that is not a failed restart, and nothing is reported after `stopped`.
    if (this.finished || error instanceof SupervisorNotRunningError) return;
    this.table.markRestarting(entry, true);
    this.events.emit('childStartFailed', { supervisor: this.name, id: idOf(entry), error });
    // A failed restart counts as another restart: against the child's own limit if it has one.
    const n = recordChildRestart(entry, this.options.period, now());
    entry.lastError = error;
    if (beyondOwnLimit(entry, n)) return this.giveUpChild(entry, undefined);
    const restarts = entry.spec.childRestarts === undefined ? this.window.record(now()) : this.window.count(now());
    const shuttingDown = this.decide({ type: 'supervisor.restartFailed', restarts });
    if (shuttingDown !== undefined) return shuttingDown;
    if (this.currentPhase !== 'restarting') return;
    if (this.restartLater(entry, n)) return;
    // Let other queued messages (and the event loop) run before the retry.
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.enqueue(async () => {
      if (this.shutdownRequested || !this.table.holds(entry) || !entry.restarting) return;
      await this.restartGroup(entry);
    }).catch(() => undefined);
  }

  /** @internal Back to `running` once no child waits for a retried restart. */
  reportRestartsDone(): void {
    if (this.currentPhase === 'restarting' && !this.table.anyRestarting()) this.self.send({ type: 'supervisor.restarted', [FACT]: true });
  }

  /**
   * one_for_all and rest_for_one: terminates the bystanders the strategy names (reverse start
   * order), then starts the crashed child and them again in start order. Returns the entry that failed to start.
   */
  private async restartGroupInOrder(crashed: ChildEntry): Promise<{ entry: ChildEntry; error: unknown } | undefined> {
    const all = this.table.entries();
    let group = this.options.strategy === 'one_for_all' ? all : all.slice(all.indexOf(crashed));
    // As OTP's start_children: every child of the group that keeps a spec is started again,
    // including one that had been terminated by terminateChild (or exited normally as transient).
    for (const entry of [...group].reverse()) {
      if (entry === crashed || entry.actor === undefined) continue;
      await this.terminateEntry(entry);
      // A temporary bystander is never restarted; its spec goes. The others are simply
      // terminated (no actor): only the child whose start failed is marked `restarting`, as in OTP.
      if (entry.spec.restart === 'temporary') this.dropEntry(entry);
    }
    group = group.filter((entry) => this.table.holds(entry));
    for (const entry of group) {
      if (this.shutdownRequested) return undefined;
      try {
        this.names.claim(entry); // a name released meanwhile (a transient's normal exit, terminateChild)
        const started = this.startEntry(entry, 'childRestarted');
        if (started instanceof Promise) await started;
      } catch (error) {
        return { entry, error };
      }
    }
    return undefined;
  }

  /** Terminates every child (reverse start order; in parallel for a dynamic supervisor), then stops. */
  private async shutdown(cause: ShutdownCause): Promise<void> {
    if (this.finished) return;
    const entries = this.table.entries();
    for (const entry of entries) cancelDelayedRestart(entry);
    if (this.isDynamic) {
      // DynamicSupervisor stops its children in parallel; they have no order.
      await Promise.all(entries.map((entry) => this.terminateEntry(entry)));
    } else {
      for (const entry of entries.reverse()) await this.terminateEntry(entry);
    }
    this.table.clear();
    this.finish({ reason: 'shutdown', cause }, true);
  }

  private finish(exit: SupervisorExit, tellMachine: boolean): void {
    // A graceful shutdown interrupted by a forced stop must not report a second exit.
    if (this.finished) return;
    this.names.goneAll();
    // Finished before the machine hears it: its final state stops the lifeline, which must not
    // take that for a forced stop.
    this.finished = true;
    this.events.emit('stopped', { supervisor: this.name, exit });
    if (tellMachine) this.self.send({ type: 'supervisor.stopped', exit, [FACT]: true });
    this.settle(exit);
  }

  private refuseStart(error: Error): Error {
    this.rejectReady(error);
    return error;
  }

  /** The supervisor is gone: every promise and observer it holds is released. */
  private settle(exit: SupervisorExit): void {
    this.finished = true;
    this.inspection?.unsubscribe();
    this.resolveExited(exit);
  }
}
