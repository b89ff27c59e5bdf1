import type { AnyActorRef } from 'xstate';
import { liveRoots } from '../../supervisor/live-roots.js';
import type { PoolHandle } from '../pool/handle.js';
import type { PoolStats } from '../pool/stats.js';
import { systemTree, type SystemTree } from '../visualize/system-tree.js';
import { EventLog } from './event-log.js';
import type { DashboardBatch, LogEvent, PoolSample, TransitionRecord } from './payload.js';
import { walkTree, type WalkEntry } from './walk.js';

/** Transitions kept per actor between two batches (the latest win). */
const MAX_TRANSITIONS = 20;
/** Stopped roots stay on the page this long, so a supervisor that gave up shows why. */
const STOPPED_ROOT_MS = 5 * 60_000;

/** Paths whose transitions are recorded at once (statecharts open on pages). */
const MAX_FOCUSED = 8;

interface Followed {
  actor?: AnyActorRef;
  subscription?: { unsubscribe(): void };
}

interface PoolMark {
  at: number;
  completed: number;
  failed: number;
  runTime: Float64Array;
  waitTime: Float64Array;
}

/**
 * What the dashboard streams: every `interval` ms, one {@link DashboardBatch} for the watched
 * roots. It does nothing while nobody watches: `start()` (first page) attaches the event
 * listeners and starts the timer, `focus()` follows the actors whose statecharts are drawn, and
 * `stop()` (last page gone) removes them all, so a pool's hot path pays nothing for a dashboard
 * nobody looks at.
 *
 * @example
 * ```ts
 * const feed = new Feed(undefined, 250, (batch) => send(batch));
 * feed.start(); // ... feed.stop();
 * ```
 */
export class Feed {
  private timer: NodeJS.Timeout | undefined;
  private readonly log = new EventLog();
  private readonly focused = new Map<string, Followed>();
  private transitions = new Map<string, TransitionRecord[]>();
  private readonly lastValue = new WeakMap<object, unknown>();
  private readonly poolMarks = new WeakMap<object, PoolMark>();
  /** Roots seen alive, with their last tree; those that stopped are shown a while. */
  private readonly seenRoots = new Map<AnyActorRef, { stoppedAt?: number }>();
  /** The walk of the last batch: what actions and graphs look up. */
  entries = new Map<string, WalkEntry>();

  constructor(
    private readonly watch: readonly AnyActorRef[] | undefined,
    readonly interval: number,
    private readonly send: (batch: DashboardBatch) => void,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Starts listening and sending (idempotent); the first batch goes out at once. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.tick(), this.interval);
    this.timer.unref();
    this.tick();
  }

  /** Stops the timer and removes every observer and listener (idempotent). */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.unfollowAll();
    this.log.detachAll();
    this.transitions = new Map();
  }

  /** Adds a line to the event log (the page's actions are logged too). */
  note(event: LogEvent): void {
    this.log.push(event);
  }

  /** The roots to show: the watch list, or every live root plus those that stopped lately. */
  roots(): AnyActorRef[] {
    if (this.watch !== undefined) return [...this.watch];
    const now = Date.now();
    const live = new Set(liveRoots());
    for (const actor of live) if (!this.seenRoots.has(actor)) this.seenRoots.set(actor, {});
    const shown: AnyActorRef[] = [];
    for (const [actor, seen] of this.seenRoots) {
      if (!live.has(actor)) seen.stoppedAt ??= now;
      if (seen.stoppedAt !== undefined && now - seen.stoppedAt > STOPPED_ROOT_MS) this.seenRoots.delete(actor);
      else shown.push(actor);
    }
    return shown;
  }

  /** Walks the roots now, into `entries` (also what a batch starts with). */
  walk(): SystemTree[] {
    const trees: SystemTree[] = [];
    const entries = new Map<string, WalkEntry>();
    for (const root of this.roots()) {
      try {
        trees.push(systemTree(root));
        walkTree(root, entries);
      } catch {
        // A root that is neither a supervisor nor a pool any more (e.g. failed to start): skip it.
      }
    }
    this.entries = entries;
    return trees;
  }

  private tick(): void {
    const trees = this.walk();
    const seen = new Set<object>();
    const pools: Record<string, PoolSample> = {};
    const now = Date.now();
    for (const entry of this.entries.values()) {
      const key = entry.actor;
      if (key === undefined) continue;
      if (entry.supervisor !== undefined && entry.supervisor.phase !== 'stopped') {
        seen.add(key);
        if (!this.log.has(key)) this.log.watchSupervisor(key, entry.supervisor, entry.path);
      }
      if (entry.pool !== undefined) {
        seen.add(key);
        if (!this.log.has(key)) this.log.watchPool(key, entry.pool, entry.path);
        const sample = this.sample(entry.pool, now);
        if (sample !== undefined) pools[entry.path] = sample;
      }
    }
    this.log.detachOthers(seen);
    this.followFocused();
    const transitions: Record<string, TransitionRecord[]> = {};
    for (const [sessionId, records] of this.transitions) transitions[sessionId] = records.slice(-MAX_TRANSITIONS);
    this.transitions = new Map();
    this.send({ at: now, roots: trees, pools, events: this.log.take(), transitions });
  }

  /** Throughput and percentiles since the previous batch, from the pool's own counters and histograms. */
  private sample(pool: PoolHandle<any>, now: number): PoolSample | undefined {
    const stats = statsOf(pool);
    const previous = this.poolMarks.get(pool.actor);
    const mark: PoolMark = {
      at: now,
      completed: stats.counters.completed,
      failed: stats.counters.failed,
      runTime: stats.runTime.copyCounts(),
      waitTime: stats.waitTime.copyCounts(),
    };
    this.poolMarks.set(pool.actor, mark);
    if (previous === undefined || now <= previous.at) return undefined;
    const seconds = (now - previous.at) / 1000;
    return {
      at: now,
      window: now - previous.at,
      completedPerSecond: Math.max(0, mark.completed - previous.completed) / seconds,
      failedPerSecond: Math.max(0, mark.failed - previous.failed) / seconds,
      runTime: stats.runTime.percentilesSince(previous.runTime),
      waitTime: stats.waitTime.percentilesSince(previous.waitTime),
    };
  }

  /**
   * Records the transitions of the actor at `path` from now on (a page drew its statechart). At
   * most 8 paths are followed at once, the latest; all are dropped when the last page goes.
   */
  focus(path: string): void {
    if (!this.running) return;
    if (!this.focused.has(path)) {
      this.focused.set(path, {});
      if (this.focused.size > MAX_FOCUSED) {
        const [oldest, followed] = this.focused.entries().next().value as [string, Followed];
        followed.subscription?.unsubscribe();
        this.focused.delete(oldest);
      }
    }
    this.followFocused();
  }

  /**
   * Subscribes to the current actor of each focused path (again after a restart). One actor's own
   * subscription costs only that actor's transitions; a system-wide inspection observer would make
   * xstate build an inspection event for every event of every actor, workers included (measured:
   * about 9 % of a busy pool's throughput, see bench/dashboard-cost.ts).
   */
  private followFocused(): void {
    for (const [path, followed] of this.focused) {
      const actor = this.entries.get(path)?.actor;
      if (followed.actor === actor) continue;
      followed.subscription?.unsubscribe();
      followed.actor = actor;
      followed.subscription = undefined;
      if (actor === undefined) continue;
      this.lastValue.set(actor, (actor.getSnapshot() as { value?: unknown }).value);
      followed.subscription = actor.subscribe({
        next: (snapshot) => this.onSnapshot(actor, (snapshot as { value?: unknown }).value),
        error: () => undefined,
      });
    }
  }

  private unfollowAll(): void {
    for (const followed of this.focused.values()) followed.subscription?.unsubscribe();
    this.focused.clear();
  }

  private onSnapshot(actor: AnyActorRef, value: unknown): void {
    if (value === undefined) return;
    const previous = this.lastValue.get(actor);
    this.lastValue.set(actor, value);
    if (previous === undefined || previous === value) return;
    const from = typeof previous === 'string' ? previous : JSON.stringify(previous);
    const to = typeof value === 'string' ? value : JSON.stringify(value);
    if (from === to) return;
    let records = this.transitions.get(actor.sessionId);
    if (records === undefined) this.transitions.set(actor.sessionId, (records = []));
    // Past the cap the oldest half goes at once: amortized O(1) for a worker changing state 100k times a second.
    if (records.length >= MAX_TRANSITIONS * 2) records.splice(0, records.length - MAX_TRANSITIONS);
    records.push({ at: Date.now(), from, to });
  }
}

/** A pool's counters and histograms (the handle keeps its data plane to itself; the dashboard only reads). */
function statsOf(pool: PoolHandle<any>): PoolStats {
  return (pool as unknown as { core: { stats: PoolStats } }).core.stats;
}
