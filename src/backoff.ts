/** The backoff shape lives with the supervisor (a child's `restartDelay` uses it); re-exported here for src/. */
export { normalizeBackoff, backoffDelay, type Backoff, type NormalizedBackoff } from '../supervisor/backoff.js';
