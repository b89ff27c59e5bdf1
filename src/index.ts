// The public surface: what a user of overseer imports. Internal pieces (the pool's data plane,
// its queue and histogram, option normalizers) are not exported; machines are, for inspection,
// visualization and direct use under a supervisor.
export * from '../supervisor/index.js';
export {
  QueueFullError,
  CircuitOpenError,
  PoolClosedError,
  PoolFailedError,
  PoolRecoveringError,
  TaskTimeoutError,
  TaskCancelledError,
  WorkerCrashError,
} from './errors.js';
export { Pool, createPool, poolSpec, getPool, type CallArgs, type CallResult } from './pool/pool.js';
export type { PoolStatus, PoolMetrics, PoolCounters, PoolPhase } from './pool/stats.js';
export type { PoolEvents, RejectionReason } from './pool/events.js';
export type { PoolListeners } from './pool/listeners.js';
export { POOL_SIZE_ENV, MAX_QUEUE_SIZE_ENV, MAX_POOL_SIZE, type PoolOptions, type PoolSizeRange, type Handler, type WorkerHooks, type TaskWrapper } from './pool-options.js';
export type { CircuitBreakerOptions, CircuitState } from './circuit-breaker.js';
export type { Task, TaskContext, TaskHandle, SubmitOptions } from './task-context.js';
export type { Percentiles } from './histogram.js';
export type { Backoff } from './backoff.js';
export type { RetryOptions, RateLimitOptions, RecoveryOptions } from './pool/policy-options.js';
export { workerMachine, type WorkerEvent, type WorkerContext, type WorkerInput, type WorkerExit } from '../actors/worker.machine.js';
export { breakerMachine, type BreakerEvent, type BreakerContext, type BreakerInput } from '../actors/breaker.machine.js';
export { poolMachine, type PoolContext, type PoolEvent, type PoolExit, type PoolMachineInput } from '../actors/pool.machine.js';
export {
  ThreadPool,
  createThreadPool,
  type ThreadPoolOptions,
  type ThreadCallOptions,
  type ThreadTaskContext,
  type ThreadInitInfo,
  type ThreadHandlerName,
  type ThreadCallArgs,
  type ThreadCallResult,
} from './threads/thread-pool.js';
export { threadPoolSpec, getThreadPool } from './threads/thread-pool-spec.js';
export { deserializeError, type SerializedError } from './threads/serialized-error.js';
export { MAX_THREADS } from './threads/thread-pool-options.js';
export type { Isolation } from './threads/worker-link.js';
export { toGraph, isMachine, type MachineGraph, type GraphNode, type GraphEdge, type GraphNodeType } from './visualize/machine-graph.js';
export { toMermaid } from './visualize/mermaid.js';
export { systemTree, type SystemTree, type SystemTreeRoot, type TreeNode, type TreeNodeKind, type TreeNodeStatus, type SupervisorInfo, type PoolInfo } from './visualize/system-tree.js';
export type { ExitSummary } from './visualize/exit-history.js';
