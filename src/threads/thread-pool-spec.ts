/**
 * A thread pool as a child of a supervisor, as `poolSpec` / `getPool` are for in-process pools.
 */
import type { AnyActorRef } from 'xstate';
import { poolMachine } from '../../actors/pool.machine.js';
import { checkSpecArguments, DEFAULT_WORKER_SHUTDOWN_MS, type ChildSpec, type SpecOverrides } from '../../supervisor/child-spec.js';
import { lifecycleOf, poolInput } from '../pool/handle.js';
import type { ThreadChannel } from './thread-channel.js';
import { ThreadPool, type ThreadPoolOptions } from './thread-pool.js';
import { isThreadPoolCore, setUpThreadPool } from './thread-pool-setup.js';

type Fn = (...args: any[]) => unknown;

/**
 * A child spec that runs a thread pool (or, with `isolation: 'process'`, a process pool) under a
 * supervisor. When the pool fails (its workers exhausted their restart intensity: a module that
 * cannot load, an `init` that keeps throwing, threads that keep crashing) it exits `crashed`, and
 * the parent restarts it by its own strategy and intensity: a fresh pool, fresh threads, the same
 * module and options. A graceful stop of the parent closes the pool: running and queued calls
 * finish within the spec's `shutdown` (default 5000 ms, as for `poolSpec`); past it the pool is
 * stopped at once (running calls' threads terminated, queued calls rejected). Give
 * `shutdown: 'infinity'` to let every queued call finish. Its `type` is `'supervisor'` (a pool
 * supervises its workers), set by the builder as for `poolSpec`.
 *
 * The arguments are checked as `poolSpec` checks them, and the module and options as
 * `createThreadPool` does: `InvalidOptionError` / `UnknownOptionError` naming what is wrong.
 * The pool's `name` defaults to `id`. Get the running pool's handle with {@link getThreadPool}.
 *
 * @example
 * ```ts
 * const root = await startSupervisor({
 *   children: [threadPoolSpec('hash', new URL('./hash.js', import.meta.url), { size: 2 }, { systemId: 'hash' })],
 * });
 * const hash = getThreadPool<typeof import('./hash.js')>(root.actor.system.get('hash'))!;
 * console.log(await hash.call('sha256', 'hello'));
 * ```
 */
export function threadPoolSpec(
  id: string,
  module: string | URL,
  options: ThreadPoolOptions = {},
  spec: SpecOverrides = {},
): ChildSpec<typeof poolMachine> {
  checkSpecArguments(id, options, spec);
  const { normalized, onOpen } = setUpThreadPool(module, options as Record<string, unknown>, id);
  const input = poolInput(normalized, onOpen);
  return { ...spec, shutdown: spec.shutdown ?? DEFAULT_WORKER_SHUTDOWN_MS, type: 'supervisor', id, logic: poolMachine, input };
}

/**
 * The `ThreadPool` handle of a thread pool running under a supervisor (made by
 * {@link threadPoolSpec}); `undefined` for any other actor, an in-process pool included, and for
 * a child that is not running (`undefined` or `'restarting'` from `whichChildren()`). Look it up
 * again after a restart: the old handle belongs to the failed pool.
 *
 * @example
 * ```ts
 * const ref = sup.whichChildren().find((child) => child.id === 'hash')?.ref;
 * const hash = getThreadPool<typeof import('./hash.js')>(ref);
 * await hash?.call('sha256', 'hello');
 * ```
 */
export function getThreadPool<M = Record<string, Fn>>(ref: AnyActorRef | 'restarting' | undefined): ThreadPool<M> | undefined {
  if (ref === undefined || ref === 'restarting') return undefined;
  const lifecycle = lifecycleOf<ThreadChannel>(ref);
  if (lifecycle === undefined || !isThreadPoolCore(lifecycle.core)) return undefined;
  return new ThreadPool<M>(lifecycle, ref);
}
