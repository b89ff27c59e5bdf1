import { P as PoolHandle, S as SupervisorHandle } from './handle-B2PbfEt1.js';
import { Meter, Attributes } from '@opentelemetry/api';
import 'xstate';
import 'mitt';
import './store-Bc8qgNEI.js';
import 'node:async_hooks';

/** Options of {@link instrument}. */
interface InstrumentOptions {
    /**
     * The meter to record with. The default is read from the global API when `instrument` is
     * called, so register the SDK's `MeterProvider` first (or pass its meter here); while no SDK is
     * registered it is the no-op meter, and the instrumentation attaches nothing at all.
     * @default metrics.getMeter('overseer', <overseer's version>)
     * @example instrument(pool, { meter: meterProvider.getMeter('overseer') })
     */
    meter?: Meter;
    /**
     * Attributes added to every data point (a service area, a shard): strings, numbers, booleans
     * or arrays of them. Keep them constant and low-cardinality; the instrumentation's own keys
     * (`overseer.pool.name`, ...) win over them.
     * @default {}
     * @example instrument(pool, { attributes: { 'deployment.environment.name': 'prod' } })
     */
    attributes?: Attributes;
    /**
     * Record the run-time and wait-time histograms. They are the instrumentation's one real per-task
     * cost: the SDK hashes a histogram record's attribute set on every call (about 1 µs each, two per
     * task), more than a no-op task costs the pool (docs/metrics.md, "Overhead"). Turn them off for a
     * pool that runs hundreds of thousands of tiny tasks a second; the counters and gauges stay.
     * @default true
     * @example instrument(pool, { durations: false })
     */
    durations?: boolean;
}

/** What {@link instrument} returns: the one way to take the instrumentation off again. */
interface Instrumentation {
    /**
     * Removes every event listener and the observable callback: nothing more is recorded or read.
     * (An SDK with cumulative temporality keeps exporting the last values it collected, frozen.)
     * Idempotent.
     *
     * @example
     * ```ts
     * const metrics = instrument(pool);
     * await pool.close();
     * metrics.stop();
     * ```
     */
    stop(): void;
}
/** What can be instrumented: any pool (`createPool`, `createThreadPool`, `getPool`, `getThreadPool`) or supervisor. */
type Instrumentable = PoolHandle<any> | SupervisorHandle;
/**
 * Records a pool's, or a whole supervision tree's, metrics with OpenTelemetry (names, units and
 * attributes: docs/metrics.md). Given a supervisor, it records the supervisor's child restarts,
 * exits and shutdowns, and every pool and supervisor under it at any depth, including children
 * started or restarted later (a restarted pool is a new pool: its new incarnation is watched and
 * the old one dropped, under the same series).
 *
 * Counters and gauges cost the pool one property increment per event and are read when a reader
 * collects; per task, the wait and run times go to two histograms (`durations: false` leaves them
 * out, the one real per-task cost). With the no-op meter (no SDK
 * registered) nothing is attached at all. Throws {@link InvalidOptionError} for a target that is
 * not a pool or supervisor, or a bad option.
 *
 * @example
 * ```ts
 * import { metrics } from '@opentelemetry/api';
 * import { MeterProvider } from '@opentelemetry/sdk-metrics';
 * import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
 * import { createPool } from 'overseer';
 * import { instrument } from 'overseer/otel';
 *
 * metrics.setGlobalMeterProvider(new MeterProvider({ readers: [new PrometheusExporter({ port: 9464 })] }));
 * const pool = createPool({ name: 'images', size: 4 });
 * const otel = instrument(pool, { attributes: { 'service.area': 'media' } });
 * // ... later
 * otel.stop();
 * ```
 */
declare function instrument(target: Instrumentable, options?: InstrumentOptions): Instrumentation;

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
declare const ATTR: {
    /** The pool's name (`pool.name`). */
    readonly poolName: "overseer.pool.name";
    /** The task's `SubmitOptions.label` (a named handler's name for `call`); absent when it has none. */
    readonly taskLabel: "overseer.task.label";
    /** How a settled task ended: `completed`, `failed`, `timed_out`, `cancelled`. */
    readonly taskOutcome: "overseer.task.outcome";
    /** Where an accepted, unsettled task is: `queued`, `running`, `retrying` (waiting out a retry's backoff). */
    readonly taskState: "overseer.task.state";
    /** Why a submission was refused: `queue_full`, `circuit_open`, `closing`, `closed`, `failed`. */
    readonly rejectionReason: "overseer.rejection.reason";
    /** The pool's phase: `running`, `recovering`, `closing`, `closed`, `failed`. */
    readonly poolPhase: "overseer.pool.phase";
    /** A worker slot's state: `idle`, `busy`, `starting`, `crashed`. */
    readonly workerState: "overseer.worker.state";
    /** A circuit's state: `closed`, `open`, `half_open`. */
    readonly circuitState: "overseer.circuit.state";
    /** The supervisor's name. */
    readonly supervisorName: "overseer.supervisor.name";
    /** The child's spec id (static supervisors only: a dynamic supervisor's children are unbounded). */
    readonly childId: "overseer.child.id";
    /** Why a child exited on its own: `normal`, `shutdown`, `crashed`, `killed`. */
    readonly exitReason: "overseer.exit.reason";
    /** Why a supervisor stopped: `requested`, `reached_max_restart_intensity`, `auto_shutdown`, `killed`, `failed_to_start`. */
    readonly shutdownCause: "overseer.shutdown.cause";
    /** The semantic-convention attribute for a failed operation: the error's class name. */
    readonly errorType: "error.type";
};
/** The OpenTelemetry instrument kinds used. */
type InstrumentKind = 'counter' | 'histogram' | 'updowncounter';
/** One metric: its instrument, unit and description, and the attributes it carries. */
interface MetricSpec {
    readonly name: string;
    readonly kind: InstrumentKind;
    readonly unit: string;
    readonly description: string;
    readonly attributes: readonly string[];
}
/** Every metric, by a short key the code uses. */
declare const METRICS: {
    readonly accepted: MetricSpec;
    readonly settled: MetricSpec;
    readonly rejected: MetricSpec;
    readonly retries: MetricSpec;
    readonly runDuration: MetricSpec;
    readonly waitDuration: MetricSpec;
    readonly tasks: MetricSpec;
    readonly workers: MetricSpec;
    readonly workerLimit: MetricSpec;
    readonly crashes: MetricSpec;
    readonly restarts: MetricSpec;
    readonly circuitStatus: MetricSpec;
    readonly circuitTransitions: MetricSpec;
    readonly status: MetricSpec;
    readonly recoveries: MetricSpec;
    readonly childRestarts: MetricSpec;
    readonly childExits: MetricSpec;
    readonly shutdowns: MetricSpec;
};
/** A key of {@link METRICS}. */
type MetricKey = keyof typeof METRICS;
/**
 * Histogram bucket boundaries in seconds, offered to the SDK as advice (a View overrides them):
 * 100 µs to 60 s, since in-process tasks often take well under a millisecond.
 */
declare const DURATION_BUCKETS: readonly number[];

/**
 * Distinct labels kept per pool. Labels are meant to name kinds of task (a handler's name); past
 * this many, further labels are counted under {@link OVERFLOW_LABEL}, so a label that carries ids
 * cannot grow memory (or the backend's series) without bound, and a few pools stay within the
 * SDK's default cardinality limit (2,000 attribute sets per instrument).
 */
declare const MAX_LABELS = 200;
/** The label recorded for tasks whose label came after the first {@link MAX_LABELS}. */
declare const OVERFLOW_LABEL = "_other";

export { ATTR, DURATION_BUCKETS, type InstrumentKind, type InstrumentOptions, type Instrumentable, type Instrumentation, MAX_LABELS, METRICS, type MetricKey, type MetricSpec, OVERFLOW_LABEL, instrument };
