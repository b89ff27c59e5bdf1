// `overseer/bullmq`: supervised pools consuming a BullMQ queue. The only code that imports bullmq
// (and, through it, ioredis): both are optional peers, see docs/architecture.md.
export { createQueueWorker, queueWorkerSpec, getQueueWorker, QueueWorker } from './queue-worker.js';
export { JobTimeoutError, JobCancelledError, JobResultError, QueueWorkerClosedError } from './errors.js';
export type { QueueWorkerEvents, JobFailure } from './events.js';
export type { QueueWorkerStatus, QueueWorkerMetrics, QueueWorkerCounters, QueueWorkerPhase, BullWorkerState } from './node.js';
export type { QueueWorkerOptions, JobContext, JobProcessor, OnCircuitOpen, QueueWorkerThreadOptions, PassedWorkerOptions } from './options.js';
export type { ThreadJob } from './processor.js';
