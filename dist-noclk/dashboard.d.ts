import { AnyActorRef } from 'xstate';
import { S as SupervisorHandle, P as PoolHandle, O as OverseerError, d as Percentiles } from './handle-B2PbfEt1.js';
import { S as SystemTree } from './live-roots-CYtKyP6D.js';
export { l as liveRoots } from './live-roots-CYtKyP6D.js';
import 'mitt';
import './store-Bc8qgNEI.js';
import 'node:async_hooks';

/** Options of {@link serveDashboard}. */
interface DashboardOptions {
    /**
     * The TCP port; `0` picks a free one (read it from `url`).
     * @default 0
     */
    port?: number;
    /**
     * The address to listen on. Anything but a loopback address (`127.0.0.1`, `::1`, `localhost`)
     * exposes the dashboard to the network and requires a token.
     * @default '127.0.0.1'
     */
    host?: string;
    /**
     * The secret every request must carry (`?token=` in the URL, or an `x-overseer-token` /
     * `Authorization: Bearer` header): 16 to 256 URL-safe characters (`A-Z a-z 0-9 - _ . ~`).
     * Required with `actions: true` or a non-loopback `host`: one is generated (and in `url`) when
     * not given. Without either it is optional.
     * @default undefined (generated when required)
     */
    token?: string;
    /**
     * Lets the page kill, terminate and restart children and open or close breakers.
     * @default false
     */
    actions?: boolean;
    /**
     * The supervisors and pools to show (handles or actors). Default: every supervisor and pool
     * started as a root in this process, as they come and go.
     * @default undefined (every live root)
     */
    watch?: ReadonlyArray<SupervisorHandle | PoolHandle<any> | AnyActorRef>;
    /**
     * How often the page gets a batch of updates, in ms (50 to 10,000).
     * @default 250
     */
    interval?: number;
}
/**
 * Whether `host` only takes connections from this machine.
 *
 * @example
 * ```ts
 * isLoopback('127.0.0.1'); // true
 * isLoopback('0.0.0.0');   // false
 * ```
 */
declare function isLoopback(host: string): boolean;

/** A running dashboard. */
interface Dashboard {
    /** The page's address, with `?token=` when a token is required. */
    url: string;
    /** The token every request must carry, when there is one. */
    token?: string;
    /** Ends every connection (streams included) and stops listening; idempotent. */
    close(): Promise<void>;
}
/**
 * Serves the live dashboard: one page (tree, statecharts, pools, event log, actions) from
 * `node:http`, its script bundled in the package (no CDN: nothing leaves the machine), and a
 * Server-Sent Events stream of batched updates (`interval`, 250 ms by default). Nothing runs
 * while no page is open: the inspection observers, event listeners and timer come with the first
 * page and go with the last.
 *
 * Safe by default: it listens on 127.0.0.1, refuses requests whose `Host` is not this machine
 * (DNS rebinding), and with `actions: true` or a non-loopback `host` requires a token on every
 * request (generated into `url` when not given). Payloads hold no function, actor, worker
 * resource, task or task argument. Bad options throw `InvalidOptionError`; a port that cannot be
 * bound rejects with `DashboardListenError`.
 *
 * @example
 * ```ts
 * import { serveDashboard } from 'overseer/dashboard';
 * const dash = await serveDashboard({ port: 4000 });
 * console.log(`dashboard: ${dash.url}`);
 * process.on('SIGTERM', () => dash.close());
 * ```
 */
declare function serveDashboard(options?: DashboardOptions): Promise<Dashboard>;

/**
 * The dashboard could not listen: the port is taken, the address is not this machine's, or the
 * process may not bind it. `cause` is Node's error (`EADDRINUSE`, `EADDRNOTAVAIL`, `EACCES`...).
 *
 * @example
 * ```ts
 * try { await serveDashboard({ port: 4000 }); }
 * catch (err) { if (err instanceof DashboardListenError) console.error(err.code, err.cause); } // 'ERR_DASHBOARD_LISTEN'
 * ```
 */
declare class DashboardListenError extends OverseerError {
    readonly host: string;
    readonly port: number;
    constructor(host: string, port: number, cause: unknown);
}

/**
 * What the dashboard sends its page: plain JSON, built from `systemTree`, the pools' counters and
 * histograms, the supervisors' and pools' events and the snapshots of the actors whose
 * statecharts are open. Never a function, an
 * actor, a worker resource, a task or a task argument: errors are `Name: message` text.
 */
/** One line of the event log. */
interface LogEvent {
    /** Epoch ms. */
    at: number;
    kind: 'childExited' | 'childRestarted' | 'childTerminated' | 'childStartFailed' | 'gaveUp' | 'stopped' | 'workerCrashed' | 'workerRestarted' | 'circuitOpened' | 'circuitHalfOpened' | 'circuitClosed' | 'recovering' | 'recovered' | 'failed' | 'action';
    /** The tree path of the supervisor or pool that reported it. */
    source: string;
    /** The child or worker it is about, if any. */
    child?: string;
    /** A short text: the exit reason, the error as `Name: message`, the cause. */
    detail?: string;
}
/** A state change of one actor whose statechart a page draws (from the actor's own subscription). */
interface TransitionRecord {
    at: number;
    /** The state value before and after, as text (`busy`, `{"running":"serving"}`). */
    from: string;
    to: string;
    /** The type of the event that caused it, when known. */
    event?: string;
}
/** A pool's figures over the last batch (a window, not since start). */
interface PoolSample {
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
interface DashboardBatch {
    at: number;
    roots: SystemTree[];
    /** By pool path. */
    pools: Record<string, PoolSample>;
    events: LogEvent[];
    /** New transitions since the last batch, by the actor's `sessionId`; at most the last 20 each. */
    transitions: Record<string, TransitionRecord[]>;
}
/** The first message of the stream. */
interface DashboardHello {
    actions: boolean;
    /** The batch interval, ms. */
    interval: number;
}
/** An action the page asks for (POST /api/action); `target` is the node's tree path. */
interface ActionRequest {
    action: 'kill' | 'terminate' | 'restart' | 'openCircuit' | 'closeCircuit';
    target: string;
}
/** The answer to an action: `ok`, or why not. */
interface ActionResult {
    ok: boolean;
    /** The result of the call, as text (`{ ok: false, reason: 'not_found' }` → `not_found`). */
    detail?: string;
}

/**
 * The dashboard's actions, each through the public API a program would use:
 * - `kill`: injects a crash, as Erlang observer's "Kill process": the child's actor is sent an
 *   unhandled `xstate.error.actor.*` event — what xstate does when a linked actor fails — so the
 *   machine errors and its supervisor sees it crash (`lastExit.reason: 'crashed'`) and applies
 *   its restart strategy. Only for machines that do not trap such events: supervisors and pools
 *   do (they are stopped with `terminate`), and non-machine logic cannot be crashed from outside;
 * - `terminate` / `restart`: the parent supervisor's `terminateChild` / `restartChild` (a running
 *   child is terminated first; under a dynamic supervisor `restart` does not exist: its children
 *   are not kept once stopped);
 * - `openCircuit` / `closeCircuit`: the pool's `openCircuit()` / `resetCircuit()`.
 */
/** The event `kill` sends; its name is one no invoke of a user's machine uses. */
declare const KILL_EVENT_TYPE = "xstate.error.actor.overseer.dashboard.kill";

export { type ActionRequest, type ActionResult, type Dashboard, type DashboardBatch, type DashboardHello, DashboardListenError, type DashboardOptions, KILL_EVENT_TYPE, type LogEvent, type PoolSample, type TransitionRecord, isLoopback, serveDashboard };
