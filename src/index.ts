export * from '../supervisor/index.js';
export {
  OverseerError,
  InvalidOptionError,
  FailedToStartChildError,
  SupervisorNotRunningError,
} from './errors.js';
export { createSafeEmitter } from './emitter.js';
