export { OverseerError, InvalidOptionError, FailedToStartChildError, SupervisorNotRunningError } from './errors.js';
export { UnknownOptionError } from './option-keys.js';
export { NameAlreadyRegisteredError, NameNotRegisteredError, HeldEventsFullError } from './name-errors.js';
export { Registry, type SendResult, type NameEntry } from './registry.js';
export { DEFAULT_MAX_HELD_EVENTS, type ChildOrchestration, type ChildRestartLimit, type RestartDelay } from './child-orchestration.js';
export type { SupervisionEvent } from './supervision-events.js';
export type { ExitSummary } from './exit-summary.js';
export { defineChild, type TypedChildSpec, type TypedChildInfo, type ChildRef, type ChildEvent, type ChildKey, type ChildName, type AnyChildSpec, type CheckedChildren } from './typed-children.js';
export type { TypedSupervisorOptions } from './supervisor.js';
export { currentIncarnation } from './incarnations.js';
export { MAX_TIMER_MS } from './long-timeout.js';
export { SHUTDOWN_EVENT, terminateActor, type ShutdownEvent, type TerminationOutcome } from './shutdown.js';
export { STARTING_TAG } from './started.js';
export { isAbnormal, type ExitReason } from './exit-reason.js';
export { DEFAULT_WORKER_SHUTDOWN_MS, type ChildSpec, type NormalizedChildSpec, type RestartType, type Shutdown, type ChildType, type SpecOverrides } from './child-spec.js';
export {
  normalizeSupervisorOptions,
  DEFAULT_INTENSITY,
  DEFAULT_PERIOD_MS,
  type Strategy,
  type AutoShutdown,
  type SupervisorOptions,
  type DynamicSupervisorOptions,
  type NormalizedSupervisorOptions,
} from './options.js';
export type { InspectOption } from './root.js';
export type { SupervisorEvents, SupervisorExit, SupervisorListeners } from './events.js';
export type { EventListeners, ListenerErrorHandler } from './emitter.js';
export type { StartChildResult, TerminateChildResult, RestartChildResult, DeleteChildResult } from './results.js';
export type { ChildInfo, ChildCounts } from './child-table.js';
export type { SupervisorPhase } from './supervisor-core.js';
export { supervisorMachine, type SupervisorContext } from './supervisor.machine.js';
export { SupervisorHandle } from './handle.js';
export { Supervisor, startSupervisor, supervisorSpec, getSupervisor, type SupervisorActor } from './supervisor.js';
export {
  DynamicSupervisor,
  startDynamicSupervisor,
  dynamicSupervisorSpec,
  getDynamicSupervisor,
  type DynamicChildSpec,
} from './dynamic-supervisor.js';
export * from './persistence/index.js';
export { liveRoots } from './live-roots.js';
