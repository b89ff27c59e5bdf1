import type { Percentiles } from '../histogram.js';
import type { SystemTree } from '../visualize/system-tree.js';

/**
 * What the dashboard sends its page: plain JSON, built from `systemTree`, the pools' counters and
 * histograms, the supervisors' and pools' events and the snapshots of the actors whose
 * statecharts are open. Never a function, an
 * actor, a worker resource, a task or a task argument: errors are `Name: message` text.
 */

/** One line of the event log. */
export interface LogEvent {
  /** Epoch ms. */
  at: number;
  kind:
    | 'childExited'
    | 'childRestarted'
    | 'childTerminated'
    | 'childStartFailed'
    | 'gaveUp'
    | 'stopped'
    | 'workerCrashed'
    | 'workerRestarted'
    | 'circuitOpened'
    | 'circuitHalfOpened'
    | 'circuitClosed'
    | 'recovering'
    | 'recovered'
    | 'failed'
    | 'action';
  /** The tree path of the supervisor or pool that reported it. */
  source: string;
  /** The child or worker it is about, if any. */
  child?: string;
  /** A short text: the exit reason, the error as `Name: message`, the cause. */
  detail?: string;
}

/** A state change of one actor whose statechart a page draws (from the actor's own subscription). */
export interface TransitionRecord {
  at: number;
  /** The state value before and after, as text (`busy`, `{"running":"serving"}`). */
  from: string;
  to: string;
  /** The type of the event that caused it, when known. */
  event?: string;
}

/** A pool's figures over the last batch (a window, not since start). */
export interface PoolSample {
  /** Epoch ms of the end of the window, and its length in ms. */
  at: number;
  window: number;
  /** Tasks completed and failed per second over the window. */
  completedPerSecond: number;
  failedPerSecond: number;
  runTime: Percentiles;
  waitTime: Percentiles;
}

/** One message of the stream: the whole tree of each watched root, and what happened since the last one. */
export interface DashboardBatch {
  at: number;
  roots: SystemTree[];
  /** By pool path. */
  pools: Record<string, PoolSample>;
  events: LogEvent[];
  /** New transitions since the last batch, by the actor's `sessionId`; at most the last 20 each. */
  transitions: Record<string, TransitionRecord[]>;
}

/** The first message of the stream. */
export interface DashboardHello {
  actions: boolean;
  /** The batch interval, ms. */
  interval: number;
}

/** An action the page asks for (POST /api/action); `target` is the node's tree path. */
export interface ActionRequest {
  action: 'kill' | 'terminate' | 'restart' | 'openCircuit' | 'closeCircuit';
  target: string;
}

/** The answer to an action: `ok`, or why not. */
export interface ActionResult {
  ok: boolean;
  /** The result of the call, as text (`{ ok: false, reason: 'not_found' }` → `not_found`). */
  detail?: string;
}
