/**
 * `createQueueWorker` and `queueWorkerSpec`: a BullMQ worker whose jobs run on an overseer pool,
 * both under one `rest_for_one` supervisor (the pool first, the BullMQ worker after it), so a
 * worker that loses Redis restarts alone and a pool that fails takes a fresh worker with it.
 */
import type { AnyActorRef } from 'xstate';
import type { Handler, WildcardHandler } from 'mitt';
import { checkSpecArguments, type ChildSpec, type SpecOverrides } from '../../supervisor/child-spec.js';

import { getSupervisor, startSupervisor, supervisorSpec, type Supervisor } from '../../supervisor/supervisor.js';
import { poolSpec } from '../pool/pool.js';
import { threadPoolSpec } from '../threads/thread-pool-spec.js';
import { InvalidOptionError } from '../../supervisor/errors.js';
import { QueueWorkerClosedError } from './errors.js';
import type { QueueWorkerEvents } from './events.js';
import { QueueWorkerNode, type QueueWorkerMetrics, type QueueWorkerStatus } from './node.js';
import { normalizeQueueWorkerOptions, type QueueWorkerOptions } from './options.js';
import { bullWorkerMachine, NodeRef, type WorkerChildInput } from './worker-child.js';

const WORKER_CHILD = 'bullmq-worker';
const POOL_CHILD = 'pool';
/** A force close of BullMQ and the pool's stop, beyond `closeTimeout`. */
const SHUTDOWN_MARGIN_MS = 10_000;

/** The node's children and supervisor options, for `createQueueWorker` and `queueWorkerSpec`. */
function nodeSupervisor(node: QueueWorkerNode) {
  const o = node.options;
  const poolSystemId = `${o.name}/pool`;
  const common = {
    name: `${o.name}/pool`,
    size: o.size,
    maxQueueSize: Infinity,
    taskTimeout: o.jobTimeout,
    circuitBreaker: o.circuitBreaker,
    intensity: o.pool.intensity,
    period: o.pool.period,
    on: {
      circuitOpened: ({ retryAt }: { retryAt: number | undefined }) => node.onCircuit('open', retryAt),
      circuitHalfOpened: () => node.onCircuit('halfOpen'),
      circuitClosed: () => node.onCircuit('closed'),
    },
  };
  const pool =
    o.handlers === undefined
      ? poolSpec(POOL_CHILD, { ...common, ...(o.timeoutGrace === undefined ? {} : { timeoutGrace: o.timeoutGrace }) }, { systemId: poolSystemId })
      : threadPoolSpec(POOL_CHILD, o.handlers, { ...common, ...o.threads }, { systemId: poolSystemId });
  const worker: ChildSpec = {
    id: WORKER_CHILD,
    logic: bullWorkerMachine,
    input: { nodeRef: new NodeRef(node), poolSystemId } satisfies WorkerChildInput,
    restart: 'transient',
    shutdown: o.closeTimeout + SHUTDOWN_MARGIN_MS,
  };
  return {
    name: o.name, strategy: 'rest_for_one' as const, intensity: o.intensity, period: o.period, children: [pool, worker],
    on: { gaveUp: () => node.gaveUp() },
  };
}

/**
 * A running queue worker node: its status, metrics and events, BullMQ's cancel, and `close`.
 */
export class QueueWorker {
  /** @internal */
  constructor(
    private readonly node: QueueWorkerNode,
    /** The node's supervisor (`rest_for_one` over its pool and its BullMQ worker), when it owns one. */
    readonly supervisor: Supervisor | undefined,
  ) {}

  /** The node's name. */
  get name(): string {
    return this.node.name;
  }

  /**
   * The node now: phase, BullMQ worker state, whether it fetches, the circuit, active jobs, the pool.
   *
   * @example
   * ```ts
   * queueWorker.status(); // { node: 'images-1', phase: 'running', worker: 'running', fetching: true, circuit: 'closed', active: 3, ... }
   * ```
   */
  status(): QueueWorkerStatus {
    return this.node.status();
  }

  /**
   * The status plus the node's counters (completed, failed, timedOut, cancelled, retried,
   * restarts, abandoned) and the pool's metrics.
   *
   * @example
   * ```ts
   * const { completed, failed, pool } = queueWorker.metrics();
   * ```
   */
  metrics(): QueueWorkerMetrics {
    return this.node.metrics();
  }

  /**
   * Subscribes to an event (`'*'` for all); returns the unsubscribe function.
   *
   * @example
   * ```ts
   * const off = queueWorker.on('jobFailed', ({ jobId, reason }) => log.warn(jobId, reason));
   * ```
   */
  on<K extends keyof QueueWorkerEvents>(type: K, listener: Handler<QueueWorkerEvents[K]>): () => void;
  on(type: '*', listener: WildcardHandler<QueueWorkerEvents>): () => void;
  on(type: keyof QueueWorkerEvents | '*', listener: (...args: any[]) => void): () => void {
    this.node.events.on(type as keyof QueueWorkerEvents, listener);
    return () => this.node.events.off(type as keyof QueueWorkerEvents, listener);
  }

  /**
   * Cancels a job running on this node (BullMQ's `worker.cancelJob`): its `ctx.signal` aborts, its
   * thread is terminated, and it fails with `JobCancelledError` (BullMQ's `attempts` decide a retry).
   * Resolves to `false` when this node does not run the job.
   *
   * @example
   * ```ts
   * await queueWorker.cancelJob(job.id!, 'superseded');
   * ```
   */
  async cancelJob(jobId: string, reason?: string): Promise<boolean> {
    if (this.node.phase === 'closed') throw new QueueWorkerClosedError(this.node.name);
    const worker = this.node.worker;
    if (worker === undefined || !this.node.active.has(jobId)) return false;
    return worker.cancelJob(jobId, reason);
  }

  /**
   * Stops the node: no more fetching; active jobs get `timeout` ms to finish (their results are
   * written); past it the BullMQ worker closes without writing results, the jobs' threads are
   * terminated, and those jobs stay `active` in Redis until their locks expire, when BullMQ's
   * stalled check (on any node) moves them back to wait. Then the pool and the supervisor stop.
   * Resolves to the number of jobs so abandoned. Calling it again waits for the first close. A
   * `timeout` that is not a number of ms >= 0 rejects with `InvalidOptionError` (nothing closes).
   *
   * @example
   * ```ts
   * process.once('SIGTERM', () => void queueWorker.close({ timeout: 20_000 }).then(() => process.exit(0)));
   * ```
   */
  close(options: { timeout?: number } = {}): Promise<number> {
    const timeout = options?.timeout ?? this.node.options.closeTimeout;
    if (typeof timeout !== 'number' || !(timeout >= 0)) return Promise.reject(new InvalidOptionError('timeout', timeout, 'a number of ms >= 0'));
    // On the node, not the handle: every handle of one node (getQueueWorker makes a new one per call) shares it.
    this.node.closing ??= this.closeOnce(timeout);
    return this.node.closing;
  }

  private async closeOnce(timeout: number): Promise<number> {
    this.node.closedByHandle = true;
    const abandoned = await this.node.drain(timeout);
    if (this.supervisor !== undefined && this.supervisor.actor.getSnapshot().status === 'active') await this.supervisor.stop();
    this.node.phase = 'closed';
    this.node.events.emit('closed', { node: this.node.name, abandoned });
    return abandoned;
  }
}

/**
 * Starts a queue worker node: a BullMQ `Worker` on `queue` whose jobs run on an overseer pool (in
 * process with `processor`, on threads with `handlers`), with per-job timeouts that stop the work,
 * a circuit breaker that pauses this node, restarts of the BullMQ worker with backoff, and a
 * graceful `close`. Bad options throw `InvalidOptionError` / `UnknownOptionError`; nothing starts.
 *
 * @example
 * ```ts
 * import { createQueueWorker } from 'overseer/bullmq';
 * const node = await createQueueWorker({
 *   queue: 'images', connection: new IORedis({ maxRetriesPerRequest: null }),
 *   handlers: new URL('./jobs.mjs', import.meta.url), size: 4, jobTimeout: 60_000,
 * });
 * process.once('SIGTERM', () => void node.close({ timeout: 20_000 }));
 * ```
 */
export async function createQueueWorker<T = any, R = any>(options: QueueWorkerOptions<T, R>): Promise<QueueWorker> {
  const node = new QueueWorkerNode(normalizeQueueWorkerOptions(options as QueueWorkerOptions));
  const supervisor = await startSupervisor(nodeSupervisor(node));
  await node.started;
  return new QueueWorker(node, supervisor);
}

/**
 * A child spec that runs a queue worker node under your supervisor: its own `rest_for_one`
 * supervisor of the pool and the BullMQ worker. A graceful stop of the parent drains the node
 * (`closeTimeout`, then the same outcome as `close`). Get its handle with {@link getQueueWorker}.
 *
 * @example
 * ```ts
 * const root = await startSupervisor({ children: [queueWorkerSpec('images', { queue: 'images', connection, handlers: url })] });
 * const node = getQueueWorker(root.whichChildren().find((c) => c.id === 'images')?.ref);
 * ```
 */
export function queueWorkerSpec<T = any, R = any>(id: string, options: QueueWorkerOptions<T, R>, spec: SpecOverrides = {}): ChildSpec {
  checkSpecArguments(id, options, spec);
  const node = new QueueWorkerNode(normalizeQueueWorkerOptions({ name: id, ...(options as QueueWorkerOptions) }));
  return supervisorSpec(id, nodeSupervisor(node), { shutdown: node.options.closeTimeout + 2 * SHUTDOWN_MARGIN_MS, ...spec });
}

/**
 * The handle of a queue worker node running under a supervisor (made by {@link queueWorkerSpec});
 * `undefined` for any other child. Its `close` drains the node and stops its supervisor, which
 * the parent sees as a normal exit.
 *
 * @example
 * ```ts
 * const node = getQueueWorker(root.whichChildren().find((c) => c.id === 'images')?.ref);
 * node?.status().active;
 * ```
 */
export function getQueueWorker(ref: AnyActorRef | 'restarting' | undefined): QueueWorker | undefined {
  const supervisor = getSupervisor(ref);
  const input = supervisor?.getChildSpec(WORKER_CHILD)?.input as { nodeRef?: unknown } | undefined;
  if (supervisor === undefined || !(input?.nodeRef instanceof NodeRef)) return undefined;
  return new QueueWorker(input.nodeRef.node, supervisor);
}

