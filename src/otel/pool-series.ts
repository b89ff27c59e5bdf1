import type { Attributes } from '@opentelemetry/api';
import type { RejectionReason } from '../pool/events.js';
import { ATTR } from './names.js';
import type { Series } from './tally.js';

/** How a settled task ended, as the `overseer.task.outcome` attribute spells it. */
export type TaskOutcome = 'completed' | 'failed' | 'timed_out' | 'cancelled';

/** A circuit state, as the `overseer.circuit.state` attribute spells it. */
export type CircuitValue = 'closed' | 'open' | 'half_open';

export const CIRCUIT_VALUES: readonly CircuitValue[] = ['closed', 'open', 'half_open'];

/**
 * Distinct labels kept per pool. Labels are meant to name kinds of task (a handler's name); past
 * this many, further labels are counted under {@link OVERFLOW_LABEL}, so a label that carries ids
 * cannot grow memory (or the backend's series) without bound, and a few pools stay within the
 * SDK's default cardinality limit (2,000 attribute sets per instrument).
 */
export const MAX_LABELS = 200;
/** The label recorded for tasks whose label came after the first {@link MAX_LABELS}. */
export const OVERFLOW_LABEL = '_other';

/**
 * One label's series: a counter per outcome seen so far (whose attributes the histograms reuse),
 * retries, refusals. Series are made when first counted, so an outcome a label never had costs
 * the backend no series.
 */
interface LabelSeries {
  /** The pool's attributes plus the label (if any). */
  readonly attributes: Attributes;
  readonly outcomes: Partial<Record<TaskOutcome, Series>>;
  retries: Series | undefined;
  readonly rejected: Map<RejectionReason, Series>;
}

const series = (attributes: Attributes): Series => ({ attributes, value: 0 });

/**
 * Everything counted for one pool name, across its incarnations (a pool restarted by its
 * supervisor is a new pool with the same name, and carries on the same series). Every attribute
 * object is made once, so recording a task allocates nothing.
 *
 * @example
 * ```ts
 * const images = new PoolSeries('images', {});
 * images.outcome('resize', 'completed').value++;
 * histogram.record(0.012, images.outcome('resize', 'completed').attributes);
 * ```
 */
export class PoolSeries {
  /** The pool's attributes: the user's, then `overseer.pool.name`. */
  readonly attributes: Attributes;
  /** Tasks accepted by incarnations no longer watched (their last reading). */
  acceptedCarried = 0;
  readonly crashes: Series;
  readonly restarts: Series;
  readonly recoveries: Series;
  readonly transitions: Record<CircuitValue, Series>;
  private readonly labels = new Map<string | undefined, LabelSeries>();

  constructor(
    readonly name: string,
    extra: Attributes,
  ) {
    this.attributes = { ...extra, [ATTR.poolName]: name };
    this.crashes = series(this.attributes);
    this.restarts = series(this.attributes);
    this.recoveries = series(this.attributes);
    this.transitions = {
      closed: series({ ...this.attributes, [ATTR.circuitState]: 'closed' }),
      open: series({ ...this.attributes, [ATTR.circuitState]: 'open' }),
      half_open: series({ ...this.attributes, [ATTR.circuitState]: 'half_open' }),
    };
  }

  /** The series of tasks with `label` that ended with `outcome`. */
  outcome(label: string | undefined, outcome: TaskOutcome): Series {
    const one = this.label(label);
    return one.outcomes[outcome] ?? (one.outcomes[outcome] = series({ ...one.attributes, [ATTR.taskOutcome]: outcome }));
  }

  /** The series of retried attempts of tasks with `label`. */
  retries(label: string | undefined): Series {
    const one = this.label(label);
    return one.retries ?? (one.retries = series(one.attributes));
  }

  /** The series of refused submissions with `label`, refused for `reason`. */
  rejected(label: string | undefined, reason: RejectionReason): Series {
    const one = this.label(label);
    let found = one.rejected.get(reason);
    if (found === undefined) {
      found = series({ ...one.attributes, [ATTR.rejectionReason]: reason });
      one.rejected.set(reason, found);
    }
    return found;
  }

  /** Every counted series of `overseer.pool.settled_tasks`. */
  *settled(): Generator<Series> {
    for (const one of this.labels.values()) yield* Object.values(one.outcomes);
  }

  /** Every counted series of `overseer.pool.rejected_tasks`. */
  *rejections(): Generator<Series> {
    for (const one of this.labels.values()) yield* one.rejected.values();
  }

  /** Every counted series of `overseer.pool.task.retries`. */
  *retried(): Generator<Series> {
    for (const one of this.labels.values()) if (one.retries !== undefined) yield one.retries;
  }

  private label(label: string | undefined): LabelSeries {
    const found = this.labels.get(label);
    if (found !== undefined) return found;
    if (label !== undefined && label !== OVERFLOW_LABEL && this.labels.size >= MAX_LABELS) return this.label(OVERFLOW_LABEL);
    const attributes = label === undefined ? this.attributes : { ...this.attributes, [ATTR.taskLabel]: label };
    const made: LabelSeries = { attributes, outcomes: {}, retries: undefined, rejected: new Map() };
    this.labels.set(label, made);
    return made;
  }
}
