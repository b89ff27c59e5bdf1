// The `overseer/otel` entry: OpenTelemetry metrics for pools and supervision trees. It is the only
// part of overseer that imports @opentelemetry/api (an optional peer dependency), so the root
// entry never loads it; see docs/architecture.md "Dependencies" and docs/metrics.md.
export { instrument, type Instrumentation, type Instrumentable } from './instrument.js';
export type { InstrumentOptions } from './options.js';
export { METRICS, ATTR, DURATION_BUCKETS, type MetricSpec, type MetricKey, type InstrumentKind } from './names.js';
export { MAX_LABELS, OVERFLOW_LABEL } from './pool-series.js';
