export * from '../supervisor/index.js';
export {
  OverseerError,
  InvalidOptionError,
  FailedToStartChildError,
  SupervisorNotRunningError,
} from './errors.js';
export { createSafeEmitter } from './emitter.js';
export {
  QueueFullError,
  CircuitOpenError,
  PoolClosedError,
  PoolFailedError,
  TaskTimeoutError,
  TaskCancelledError,
  WorkerCrashError,
} from './errors.js';
export { Pool, createPool, poolSpec, getPool, type CallArgs, type CallResult } from './pool.js';
export type { PoolStatus, PoolMetrics, PoolPhase } from './pool-core.js';
export type { PoolEvents } from './pool-events.js';
export {
  normalizePoolOptions,
  POOL_SIZE_ENV,
  MAX_QUEUE_SIZE_ENV,
  type PoolOptions,
  type NormalizedPoolOptions,
  type Handler,
  type WorkerHooks,
  type TaskWrapper,
} from './pool-options.js';
export type { CircuitBreakerOptions, CircuitState } from './circuit-breaker.js';
export type { Task, TaskContext, TaskHandle, SubmitOptions } from './task-context.js';
export { TaskQueue, type QueueNode } from './task-queue.js';
export { Histogram, type Percentiles } from './histogram.js';
export { workerMachine, type WorkerEvent, type WorkerContext, type WorkerInput, type WorkerExit } from '../actors/worker.machine.js';
export { breakerMachine, type BreakerEvent, type BreakerContext, type BreakerInput } from '../actors/breaker.machine.js';
export { poolMachine, type PoolContext, type PoolExit } from '../actors/pool.machine.js';
export {
  ThreadPool,
  createThreadPool,
  type ThreadPoolOptions,
  type ThreadCallOptions,
  type ThreadTaskContext,
  type ThreadHandlerName,
  type ThreadCallArgs,
  type ThreadCallResult,
} from './threads/thread-pool.js';
export { deserializeError, type SerializedError } from './threads/serialized-error.js';
export type { PoolSizeRange } from './pool-options.js';
export { PoolBase } from './pool-base.js';
