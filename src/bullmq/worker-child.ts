/**
 * The BullMQ worker as a supervised child: a machine whose `consume` actor starts one BullMQ
 * `Worker` on the node's current pool and runs until that worker fails (the machine errors, so
 * the node's supervisor restarts it, after the node's backoff) or the node drains (a normal exit).
 * A shutdown request from the supervisor is a drain; a kill closes the worker by force.
 */
import { Worker } from 'bullmq';
import { fromPromise, setup, type AnyActorRef } from 'xstate';
import { SHUTDOWN_EVENT } from '../../supervisor/shutdown.js';
import { backoffDelay } from '../backoff.js';
import { getPool } from '../pool/pool.js';
import { getThreadPool } from '../threads/thread-pool-spec.js';
import { within, type QueueWorkerNode } from './node.js';
import { makeProcessor } from './processor.js';

/**
 * The node, out of sight of serializers: inspection (the Stately adapter, any `inspect` observer)
 * serializes snapshots, contexts and init events, and the node holds the Redis connection, the
 * BullMQ `Worker` and the processor, which must not leave the process (nor make every event
 * megabytes long). Its only own property is the node's `name`; the node is in a private field.
 *
 * @example
 * ```ts
 * const ref = new NodeRef(node);
 * ref.node === node; // true
 * JSON.stringify(ref); // '{"name":"images"}'
 * ```
 */
export class NodeRef {
  readonly name: string;
  readonly #node: QueueWorkerNode;

  constructor(node: QueueWorkerNode) {
    this.name = node.name;
    this.#node = node;
  }

  get node(): QueueWorkerNode {
    return this.#node;
  }
}

/** The child's input (also its context and its `consume` actor's input): its node and where its pool is registered. */
export interface WorkerChildInput {
  nodeRef: NodeRef;
  poolSystemId: string;
}

/** A worker that has stayed up this long resets the restart backoff. */
const STABLE_MS = 10_000;
const FORCE_CLOSE_MS = 5_000;
const UNREACHED_LIMIT = 2 ** 31;

const consume = fromPromise<void, WorkerChildInput>(async ({ input, signal, system }) => {
  const { nodeRef, poolSystemId } = input;
  const node = nodeRef.node;
  const { options } = node;
  // A fresh start of the node's supervisor after a parent drained it: run again.
  node.reopenIfDrained();
  if (node.crashStreak > 0) await sleep(backoffDelay(options.restartBackoff, node.crashStreak), AbortSignal.any([signal, node.closingSignal]));
  if (signal.aborted || node.phase !== 'running') return;
  // Open circuit on a node that pauses: start fetching only when the breaker moves on.
  while (node.holdFetching && !signal.aborted && node.phase === 'running') await node.circuitChange(AbortSignal.any([signal, node.closingSignal]));
  if (signal.aborted || node.phase !== 'running') return;

  const ref = system.get(poolSystemId) as AnyActorRef | undefined;
  const pool = options.handlers === undefined ? getPool<any, any>(ref) : getThreadPool(ref);
  if (pool === undefined) return startFailed(node, new Error(`Queue worker "${node.name}": its pool is not running.`));
  node.pool = pool;
  const incarnation = ++node.incarnation;
  let worker: Worker;
  try {
    worker = new Worker(options.queue, makeProcessor(node, pool, incarnation), {
      // A queue-wide rate limit holds only workers that have a limiter: a node that may set one has
      // one (a limit no normal load reaches) unless the user gave their own.
      ...(options.onCircuitOpen === 'rateLimitQueue' ? { limiter: { max: UNREACHED_LIMIT, duration: 1_000 } } : {}),
      ...options.workerOptions,
      connection: options.connection,
      concurrency: node.concurrency,
      autorun: false,
      name: node.name,
      ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    });
  } catch (error) {
    // BullMQ refused to make the worker: a crash like any other (an event, a backoff, a restart),
    // never a start that waits for ever.
    return startFailed(node, error);
  }

  let failed: (error: unknown) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => {
    failed = reject;
  });
  failure.catch(() => undefined);
  worker.on('error', (error) => {
    if (node.phase === 'running') failed(error);
  });
  const dropped = node.dropSignal();
  const stopped = new Promise<'killed'>((resolve) => {
    signal.addEventListener('abort', () => resolve('killed'), { once: true });
    dropped.addEventListener('abort', () => resolve('killed'), { once: true });
  });
  const stable = setTimeout(() => (node.crashStreak = 0), STABLE_MS);
  try {
    const ready = worker.waitUntilReady();
    ready.catch(() => undefined); // a failure that wins the race below must not leave it unhandled
    await Promise.race([ready, failure, stopped]);
    // Killed, dropped, or a drain began while this worker was getting ready: it never attaches
    // (a drain closes only the worker it found attached), so the finally below closes it.
    if (signal.aborted || dropped.aborted || node.phase !== 'running') return;
    node.attach(worker);
    // `run()` returns when the worker pauses (an open circuit) or closes, and `resume()` runs it
    // again; it ending any other way, or rejecting, is a failure.
    worker.run().then(
      () => {
        if (!worker.isPaused() && !worker.closing && node.phase === 'running') failed(new Error(`Queue worker "${node.name}": the BullMQ worker stopped by itself.`));
      },
      (error: unknown) => failed(error),
    );
    // Runs until the worker fails (throws: a crash), the node drains, or the child is killed.
    await Promise.race([node.drainDone(), failure, stopped]);
  } catch (error) {
    clearTimeout(stable);
    if (node.phase !== 'running') return;
    node.crashed(error, backoffDelay(options.restartBackoff, node.crashStreak + 1));
    await closeByForce(node, worker, incarnation);
    throw error;
  } finally {
    clearTimeout(stable);
    // A drain closes the worker it found attached; any other way out (killed, crashed, or a drain
    // that began while this worker was still starting) closes this one here.
    if (node.worker !== worker || node.phase === 'running') {
      if ((signal.aborted || dropped.aborted) && node.worker === worker) {
        node.workerState = 'stopped';
        node.fetching = false;
      }
      await closeByForce(node, worker, incarnation);
    }
  }
});

/** A worker that could not be made: reported as a crash, restarted after the backoff. */
function startFailed(node: QueueWorkerNode, error: unknown): never {
  node.crashed(error, backoffDelay(node.options.restartBackoff, node.crashStreak + 1));
  throw error;
}

/** Closes a worker without waiting for its jobs (BullMQ writes no result after this), then stops them. */
async function closeByForce(node: QueueWorkerNode, worker: Worker, incarnation: number): Promise<void> {
  await within(worker.close(true), FORCE_CLOSE_MS);
  node.abandon(incarnation);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * The BullMQ worker child's logic. A failure of its worker makes it error (a crash its
 * supervisor restarts); a drain of the node ends it normally (`restart: 'transient'` keeps it down).
 *
 * @example
 * ```ts
 * const spec = { id: 'bullmq', logic: bullWorkerMachine, input: { nodeRef: new NodeRef(node), poolSystemId }, restart: 'transient' };
 * ```
 */
export const bullWorkerMachine = setup({
  types: { input: {} as WorkerChildInput, context: {} as WorkerChildInput },
  actors: { consume },
  actions: {
    rethrow: ({ event }) => {
      throw (event as { error?: unknown }).error;
    },
  },
}).createMachine({
  id: 'bullmq-worker',
  context: ({ input }) => input,
  initial: 'consuming',
  states: {
    consuming: {
      invoke: { src: 'consume', input: ({ context }) => context, onDone: 'stopped', onError: { actions: 'rethrow' } },
      on: {
        // A parent's graceful stop: drain within the node's closeTimeout; consume ends when it is done.
        // But when the pool before it has failed (rest_for_one is restarting both), there is nothing
        // to drain into: drop this worker at once and leave its jobs to stalled recovery.
        [SHUTDOWN_EVENT]: {
          actions: ({ context }) => {
            const node = context.nodeRef.node;
            const phase = node.pool?.status().phase;
            if (phase === 'failed' || phase === 'closed') node.dropWorker();
            else void node.drain(node.options.closeTimeout);
          },
        },
      },
    },
    stopped: { type: 'final' },
  },
});
