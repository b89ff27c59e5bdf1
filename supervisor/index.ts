export { SHUTDOWN_EVENT, terminateActor, type ShutdownEvent, type TerminationOutcome } from './shutdown.js';
export { STARTING_TAG, waitUntilStarted } from './started.js';
export { RestartIntensity } from './restart-intensity.js';
export { isAbnormal, type ExitReason } from './exit-reason.js';
export {
  normalizeChildSpec,
  DEFAULT_WORKER_SHUTDOWN_MS,
  type ChildSpec,
  type NormalizedChildSpec,
  type RestartType,
  type Shutdown,
  type ChildType,
} from './child-spec.js';
export {
  normalizeSupervisorOptions,
  normalizeDynamicSupervisorOptions,
  DEFAULT_INTENSITY,
  DEFAULT_PERIOD_MS,
  type Strategy,
  type AutoShutdown,
  type SupervisorOptions,
  type DynamicSupervisorOptions,
  type NormalizedSupervisorOptions,
} from './options.js';
export type { SupervisorEvents, SupervisorExit } from './events.js';
export type {
  StartChildResult,
  TerminateChildResult,
  RestartChildResult,
  DeleteChildResult,
  ChildInfo,
  ChildCounts,
  SupervisorPhase,
} from './supervisor-core.js';
export { supervisorMachine, type SupervisorContext } from './supervisor.machine.js';
export { Supervisor, startSupervisor, supervisorSpec, getSupervisor, type SupervisorActor } from './supervisor.js';
export {
  DynamicSupervisor,
  startDynamicSupervisor,
  dynamicSupervisorSpec,
  getDynamicSupervisor,
  type DynamicChildSpec,
} from './dynamic-supervisor.js';
