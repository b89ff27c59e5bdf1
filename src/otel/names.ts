/**
 * The names overseer's OpenTelemetry instrumentation records under, in one place: every metric
 * with its instrument kind and unit, and every attribute key. docs/metrics.md lists the same table.
 *
 * Naming follows OpenTelemetry's semantic-convention guidelines: a project namespace (`overseer.`),
 * dot-separated, snake_case words; counters of countable things are plural with a `{thing}` unit;
 * UpDownCounters are singular and end in `.count`; durations are `.duration` in seconds (`s`); one
 * instrument with an attribute where the values add up (task outcomes, worker states) rather than
 * one instrument per value; a closed set of states is a `.status` metric (1 for the current state,
 * 0 for the others).
 */

/** Attribute keys. */
export const ATTR = {
  /** The pool's name (`pool.name`). */
  poolName: 'overseer.pool.name',
  /** The task's `SubmitOptions.label` (a named handler's name for `call`); absent when it has none. */
  taskLabel: 'overseer.task.label',
  /** How a settled task ended: `completed`, `failed`, `timed_out`, `cancelled`. */
  taskOutcome: 'overseer.task.outcome',
  /** Where an accepted, unsettled task is: `queued`, `running`, `retrying` (waiting out a retry's backoff). */
  taskState: 'overseer.task.state',
  /** Why a submission was refused: `queue_full`, `circuit_open`, `closing`, `closed`, `failed`. */
  rejectionReason: 'overseer.rejection.reason',
  /** The pool's phase: `running`, `recovering`, `closing`, `closed`, `failed`. */
  poolPhase: 'overseer.pool.phase',
  /** A worker slot's state: `idle`, `busy`, `starting`, `crashed`. */
  workerState: 'overseer.worker.state',
  /** A circuit's state: `closed`, `open`, `half_open`. */
  circuitState: 'overseer.circuit.state',
  /** The supervisor's name. */
  supervisorName: 'overseer.supervisor.name',
  /** The child's spec id (static supervisors only: a dynamic supervisor's children are unbounded). */
  childId: 'overseer.child.id',
  /** Why a child exited on its own: `normal`, `shutdown`, `crashed`, `killed`. */
  exitReason: 'overseer.exit.reason',
  /** Why a supervisor stopped: `requested`, `reached_max_restart_intensity`, `auto_shutdown`, `killed`, `failed_to_start`. */
  shutdownCause: 'overseer.shutdown.cause',
  /** The semantic-convention attribute for a failed operation: the error's class name. */
  errorType: 'error.type',
} as const;

/** The OpenTelemetry instrument kinds used. */
export type InstrumentKind = 'counter' | 'histogram' | 'updowncounter';

/** One metric: its instrument, unit and description, and the attributes it carries. */
export interface MetricSpec {
  readonly name: string;
  readonly kind: InstrumentKind;
  readonly unit: string;
  readonly description: string;
  readonly attributes: readonly string[];
}

const spec = (name: string, kind: InstrumentKind, unit: string, description: string, attributes: readonly string[]): MetricSpec => ({
  name,
  kind,
  unit,
  description,
  attributes,
});

const POOL = [ATTR.poolName] as const;
const TASK = [ATTR.poolName, ATTR.taskLabel] as const;
const CHILD = [ATTR.supervisorName, ATTR.childId] as const;

/** Every metric, by a short key the code uses. */
export const METRICS = {
  accepted: spec('overseer.pool.accepted_tasks', 'counter', '{task}', 'Submissions the pool accepted.', POOL),
  settled: spec('overseer.pool.settled_tasks', 'counter', '{task}', 'Accepted tasks that settled, by outcome.', [...TASK, ATTR.taskOutcome]),
  rejected: spec('overseer.pool.rejected_tasks', 'counter', '{task}', 'Submissions the pool refused, by reason.', [...TASK, ATTR.rejectionReason]),
  retries: spec('overseer.pool.task.retries', 'counter', '{retry}', 'Failed task attempts that will be retried.', TASK),
  runDuration: spec('overseer.pool.task.run.duration', 'histogram', 's', 'How long settled tasks ran (tasks that started).', [
    ...TASK,
    ATTR.taskOutcome,
  ]),
  waitDuration: spec('overseer.pool.task.wait.duration', 'histogram', 's', 'How long settled tasks waited before starting (or before settling, if they never started).', [
    ...TASK,
    ATTR.taskOutcome,
  ]),
  tasks: spec('overseer.pool.task.count', 'updowncounter', '{task}', 'Accepted tasks not settled yet, by state.', [...POOL, ATTR.taskState]),
  workers: spec('overseer.pool.worker.count', 'updowncounter', '{worker}', 'Worker slots by state.', [...POOL, ATTR.workerState]),
  workerLimit: spec('overseer.pool.worker.limit', 'updowncounter', '{worker}', 'Most workers the pool runs at once.', POOL),
  crashes: spec('overseer.pool.worker.crashes', 'counter', '{crash}', 'Worker crashes.', POOL),
  restarts: spec('overseer.pool.worker.restarts', 'counter', '{restart}', 'Workers restarted after a crash.', POOL),
  circuitStatus: spec('overseer.pool.circuit.status', 'updowncounter', '1', "The circuit's state: 1 for the current state, 0 for the others.", [
    ...POOL,
    ATTR.circuitState,
  ]),
  circuitTransitions: spec('overseer.pool.circuit.transitions', 'counter', '{transition}', 'Circuit state changes, by the new state.', [
    ...POOL,
    ATTR.circuitState,
  ]),
  status: spec('overseer.pool.status', 'updowncounter', '1', "The pool's phase: 1 for the current phase, 0 for the others.", [...POOL, ATTR.poolPhase]),
  recoveries: spec('overseer.pool.recoveries', 'counter', '{recovery}', 'Times a pool with no parent exhausted its workers\' restart intensity and backed off to start fresh ones.', POOL),
  childRestarts: spec('overseer.supervisor.child.restarts', 'counter', '{restart}', 'Child restarts by the restart strategy; a failed attempt carries error.type.', [
    ...CHILD,
    ATTR.errorType,
  ]),
  childExits: spec('overseer.supervisor.child.exits', 'counter', '{exit}', 'Children that exited on their own, by reason.', [...CHILD, ATTR.exitReason]),
  shutdowns: spec('overseer.supervisor.shutdowns', 'counter', '{shutdown}', 'Supervisors that stopped, by cause (reached_max_restart_intensity: it gave up).', [
    ATTR.supervisorName,
    ATTR.shutdownCause,
  ]),
} as const satisfies Record<string, MetricSpec>;

/** A key of {@link METRICS}. */
export type MetricKey = keyof typeof METRICS;

/**
 * Histogram bucket boundaries in seconds, offered to the SDK as advice (a View overrides them):
 * 100 µs to 60 s, since in-process tasks often take well under a millisecond.
 */
export const DURATION_BUCKETS: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];
