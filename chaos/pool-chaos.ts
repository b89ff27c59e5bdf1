import { createPool, createThreadPool, type Pool, type PoolEvents, type TaskHandle, type ThreadPool } from '../src/index.js';
import { describe, Tally, Violation, within } from './invariants.js';
import type { Rng } from './rng.js';

/** The fault a task is given. Each kind's allowed outcomes are checked (see `expectation`). */
type Fault =
  | 'value'
  | 'throw'
  | 'reject'
  | 'nonError'
  | 'fatal'
  | 'hang'
  | 'spin'
  | 'thenable2x'
  | 'thenGetter'
  | 'abortBefore'
  | 'abortLater'
  | 'cancel'
  | 'perTaskTimeout'
  // threads and processes only
  | 'exit'
  | 'uncloneable'
  // processes only
  | 'abort'
  | 'segfault';

const IN_PROCESS: Readonly<Partial<Record<Fault, number>>> = {
  value: 60,
  throw: 6,
  reject: 6,
  nonError: 3,
  fatal: 2,
  hang: 2,
  spin: 2,
  thenable2x: 2,
  thenGetter: 2,
  abortBefore: 3,
  abortLater: 4,
  cancel: 4,
  perTaskTimeout: 4,
};

const THREADED: Readonly<Partial<Record<Fault, number>>> = {
  value: 70,
  throw: 6,
  reject: 6,
  nonError: 3,
  hang: 1,
  spin: 1,
  thenable2x: 2,
  thenGetter: 2,
  abortBefore: 2,
  abortLater: 2,
  cancel: 2,
  perTaskTimeout: 2,
  exit: 0.4,
  uncloneable: 1,
};

const PROCESS_ONLY: Readonly<Partial<Record<Fault, number>>> = { ...THREADED, abort: 0.2, segfault: 0.2 };

/** What a task's fault allows its result to be. */
function expectation(fault: Fault, value: number): (outcome: { ok: boolean; value: unknown }) => boolean {
  switch (fault) {
    case 'value':
    case 'spin':
    case 'abortLater':
    case 'cancel':
    case 'perTaskTimeout':
    case 'abortBefore':
      // Its own value if it completed; an error if it was stopped first.
      return (o) => !o.ok || o.value === value;
    case 'thenable2x':
      return (o) => !o.ok || o.value === 'first';
    default:
      // A fault of its own: it never succeeds.
      return (o) => !o.ok;
  }
}

interface Record_ {
  fault: Fault;
  value: number;
  ran: boolean;
  accepted: boolean;
  settled: number;
  outcome: { ok: boolean; value: unknown } | undefined;
}

const OUTCOME_EVENTS = ['taskSucceeded', 'taskFailed', 'taskTimedOut', 'taskCancelled'] as const;

/** What a round needs of a pool, in-process or threaded. */
interface Subject {
  pool: Pool<any, any> | ThreadPool<any>;
  size: number;
  maxQueueSize: number;
  submit(fault: Fault, value: number, record: Record_, signal: AbortSignal | undefined, timeout: number | undefined): TaskHandle<unknown>;
}

export type PoolKind = 'in-process' | 'thread' | 'process';

const HANDLERS = new URL('./handlers.mjs', import.meta.url);

/** Faults a thread or process handler module runs by name. */
function threadedTask(fault: Fault): string {
  return fault === 'abortBefore' || fault === 'abortLater' || fault === 'cancel' || fault === 'perTaskTimeout' ? 'value' : fault;
}

function subject(kind: PoolKind, rng: Rng, tally: Tally): Subject {
  const size = rng.chance(0.3) ? { min: rng.int(0, 2), max: rng.int(2, 5) } : rng.int(1, 5);
  const maxQueueSize = rng.pick([0, 10, 200, 1000, Number.POSITIVE_INFINITY]);
  const common = {
    size,
    maxQueueSize,
    taskTimeout: rng.pick([false, 10, 60] as const),
    circuitBreaker: rng.chance(0.5) ? (false as const) : { failureThreshold: rng.int(2, 8), cooldown: rng.int(5, 40) },
    // Mostly generous, sometimes small enough that the pool fails: both must keep every invariant.
    intensity: rng.chance(0.85) ? 10_000 : rng.int(1, 6),
    period: 1000,
    onListenerError: () => tally.add('listener errors reported'),
    // Pool policies: retries, a pool with no parent coming back, a start rate. Each must keep
    // every invariant (a retried task still settles once; a recovering pool rejects what it held).
    ...(rng.chance(0.3) ? { retry: { attempts: rng.int(2, 3), backoff: { type: 'fixed' as const, delay: rng.int(0, 5) } } } : {}),
    recovery: rng.chance(0.5) ? (false as const) : { backoff: { type: 'fixed' as const, delay: rng.int(5, 30) } },
    ...(rng.chance(0.15) ? { rateLimit: { limit: rng.int(5, 50), interval: rng.int(5, 20) } } : {}),
  };
  const most = typeof size === 'number' ? size : size.max;
  if (kind === 'in-process') {
    const pool = createPool({ ...common, timeoutGrace: rng.pick([0, 5, 50]), isFatal: (e) => (e as { fatal?: boolean } | undefined)?.fatal === true });
    return {
      pool,
      size: most,
      maxQueueSize,
      submit: (fault, value, record, signal, timeout) =>
        pool.submit(() => {
          record.ran = true;
          return inProcessTask(fault, value);
        }, { ...(signal === undefined ? {} : { signal }), ...(timeout === undefined ? {} : { timeout }) }),
    };
  }
  const pool = createThreadPool(HANDLERS, { ...common, isolation: kind === 'process' ? 'process' : 'thread' });
  return {
    pool,
    size: most,
    maxQueueSize,
    submit: (fault, value, record, signal, timeout) => {
      record.ran = true; // a thread's run cannot be observed here; refusals are checked by the counters
      return pool.submit(threadedTask(fault), [value], { ...(signal === undefined ? {} : { signal }), ...(timeout === undefined ? {} : { timeout }) });
    },
  };
}

function inProcessTask(fault: Fault, value: number): unknown {
  switch (fault) {
    case 'throw':
      throw new Error('chaos: thrown');
    case 'reject':
      return Promise.reject(new Error('chaos: rejected'));
    case 'nonError':
      throw { chaos: 'not an Error' };
    case 'fatal':
      throw Object.assign(new Error('chaos: fatal'), { fatal: true });
    case 'hang':
      return new Promise(() => undefined);
    case 'spin': {
      const until = performance.now() + 1;
      while (performance.now() < until) {
        // a little synchronous work
      }
      return value;
    }
    case 'thenable2x':
      return {
        then(resolve: (v: unknown) => void, reject: (e: unknown) => void) {
          resolve('first');
          reject(new Error('chaos: stray'));
          resolve('stray');
        },
      };
    case 'thenGetter':
      return {
        get then(): never {
          throw new Error('chaos: then getter');
        },
      };
    default:
      return value;
  }
}

/**
 * One round: a pool with random options, `tasks` submissions with random faults, random awaits in
 * between, one random ending mid-flight, then every invariant. Returns how many were accepted.
 */
export async function poolRound(kind: PoolKind, rng: Rng, seed: number, round: number, tasks: number, tally: Tally): Promise<number> {
  const part = `${kind} pool`;
  const fail = (what: string): never => {
    throw new Violation(part, seed, round, what);
  };
  const s = subject(kind, rng, tally);
  const pool = s.pool;
  const records = new Map<string, Record_>();
  const outcomeEvents = new Map<string, number>();
  for (const type of OUTCOME_EVENTS) {
    pool.events.on(type, (event: PoolEvents[typeof type]) => outcomeEvents.set(event.taskId, (outcomeEvents.get(event.taskId) ?? 0) + 1));
  }
  // Seen in a listener, reported after the round (a listener's throw would only be logged).
  const heard: string[] = [];
  const observe = (): void => {
    const status = pool.status();
    if (status.running > s.size) heard.push(`running ${status.running} > size ${s.size}`);
    // A pool that can grow takes one task per worker it can start beyond maxQueueSize.
    if (status.queued > s.maxQueueSize + s.size) heard.push(`queued ${status.queued} > maxQueueSize ${s.maxQueueSize} + size ${s.size}`);
  };
  pool.events.on('taskStarted', observe);
  pool.events.on('recovering', () => tally.add('pool recoveries'));
  if (rng.chance(0.2)) {
    pool.events.on('taskSucceeded', () => {
      throw new Error('chaos: a throwing listener');
    });
  }
  const weights = kind === 'in-process' ? IN_PROCESS : kind === 'thread' ? THREADED : PROCESS_ONLY;
  const pending: Promise<void>[] = [];
  let settled = 0;
  // Half of the rounds have no hung task, so that a plain close() can end them too.
  const hangsAllowed = rng.chance(0.5);
  for (let i = 0; i < tasks; i++) {
    let fault = rng.weighted(weights as Record<Fault, number>);
    if (fault === 'hang' && !hangsAllowed) fault = 'value';
    const value = i;
    const record: Record_ = { fault, value, ran: false, accepted: false, settled: 0, outcome: undefined };
    tally.add(`fault ${fault}`);
    let controller: AbortController | undefined;
    if (fault === 'abortBefore' || fault === 'abortLater') controller = new AbortController();
    if (fault === 'abortBefore') controller?.abort(new Error('chaos: aborted before'));
    const timeout = fault === 'perTaskTimeout' ? rng.int(1, 30) : undefined;
    let handle: TaskHandle<unknown>;
    try {
      handle = s.submit(fault, value, record, controller?.signal, timeout);
    } catch (error) {
      tally.add(`refused ${(error as Error).name}`);
      if (kind === 'in-process' && record.ran) fail(`a refused task ran (${describe(error)})`);
      observe();
      if (rng.chance(0.3)) await tick(rng);
      continue;
    }
    record.accepted = true;
    records.set(handle.id, record);
    pending.push(
      handle.result.then(
        (v) => {
          settled++;
          record.settled++;
          record.outcome = { ok: true, value: v };
        },
        (e: unknown) => {
          settled++;
          record.settled++;
          record.outcome = { ok: false, value: e };
        },
      ),
    );
    if (fault === 'abortLater') setTimeout(() => controller?.abort(new Error('chaos: aborted later')), rng.int(0, 5));
    if (fault === 'cancel') setTimeout(() => handle.cancel(), rng.int(0, 5));
    if (rng.chance(0.05)) observe();
    if (rng.chance(0.04)) await tick(rng);
  }
  // End mid-flight. Hung tasks with no timeout would keep a plain close() waiting for ever.
  const hangs = [...records.values()].some((r) => r.fault === 'hang');
  const ending = rng.weighted({ close: hangs ? 0 : 3, closeTimeout: 3, terminate: 2, settle: hangs ? 0 : 2 });
  tally.add(`ending ${ending}`);
  // End after a random share of the work has settled, so that most rounds end with tasks running.
  const share = rng.next();
  const patience = performance.now() + (kind === 'in-process' ? 200 : 3_000);
  while (settled < share * records.size && performance.now() < patience) await new Promise((resolve) => setTimeout(resolve, 1));
  try {
    if (ending === 'close') await within(pool.close(), 30_000, 'close()');
    else if (ending === 'closeTimeout') await within(pool.close({ timeout: rng.int(0, 20) }), 30_000, 'close({ timeout })');
    else if (ending === 'terminate') await within(pool.terminate(), 30_000, 'terminate()');
    else {
      await within(Promise.all(pending), 30_000, 'every task to settle');
      await within(pool.close(), 30_000, 'close()');
    }
  } catch (error) {
    fail(describe(error));
  }
  await within(Promise.all(pending), 30_000, 'every accepted task to settle after the pool ended').catch((e: unknown) => fail(describe(e)));
  await new Promise((resolve) => setImmediate(resolve)); // deferred events
  if (heard.length > 0) fail(heard[0] as string);
  const status = pool.status();
  if (status.queued !== 0 || status.running !== 0 || status.retrying !== 0) {
    fail(`after the end: queued ${status.queued}, running ${status.running}, retrying ${status.retrying}`);
  }
  if (status.retried > 0) tally.add('tries retried', status.retried);
  const ended = status.completed + status.failed + status.timedOut + status.cancelled;
  if (ended !== status.accepted) fail(`accepted ${status.accepted} ≠ completed + failed + timedOut + cancelled = ${ended}`);
  if (status.accepted !== records.size) fail(`accepted ${status.accepted}, but ${records.size} handles were returned`);
  for (const [id, record] of records) {
    if (record.settled !== 1) fail(`task ${id} (${record.fault}) settled ${record.settled} times`);
    const events = outcomeEvents.get(id) ?? 0;
    if (events !== 1) fail(`task ${id} (${record.fault}) announced ${events} outcomes`);
    const outcome = record.outcome as { ok: boolean; value: unknown };
    if (!expectation(record.fault, record.value)(outcome)) fail(`task ${id} (${record.fault}) ended ${outcome.ok ? 'with' : 'failing with'} ${describe(outcome.value)}`);
    tally.add(outcome.ok ? 'settled ok' : `settled ${(outcome.value as Error | undefined)?.name ?? 'non-Error'}`);
  }
  tally.add(`${kind} tasks accepted`, records.size);
  return records.size;
}

function tick(rng: Rng): Promise<void> {
  return new Promise((resolve) => (rng.chance(0.5) ? setImmediate(resolve) : setTimeout(resolve, rng.int(0, 3))));
}
