import type { Suite } from '../types.js';
import { namedSendSuite } from './named-send.js';
import { poolFeaturesSuite } from './pool-features.js';
import { poolThroughputSuite } from './pool-throughput.js';
import { supervisorMemorySuite } from './supervisor-memory.js';
import { supervisorRestartSuite } from './supervisor-restart.js';
import { threadThroughputSuite } from './thread-throughput.js';
import { durablePersistSuite } from './durable-persist.js';
import { queueScaleOutSuite } from './queue-scale-out.js';

/**
 * Every benchmark suite, in the order they run and appear in docs/benchmarks.md.
 * A new backend adds its suite file next to these and appends it here.
 */
export const suites: readonly Suite[] = [
  supervisorRestartSuite,
  supervisorMemorySuite,
  poolThroughputSuite,
  poolFeaturesSuite,
  threadThroughputSuite,
  namedSendSuite,
  durablePersistSuite,
  queueScaleOutSuite,
];
