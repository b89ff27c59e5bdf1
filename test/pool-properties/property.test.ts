/**
 * Property-based test (fast-check) of the pool's invariants: random sequences of submit
 * (succeeding, throwing, fatal, hanging past the task timeout), cancel, abort and pauses,
 * ended by close, close({ timeout }), terminate, or close then terminate, run against a real
 * pool with real timers. Every invariant is checked in a way that holds for any interleaving,
 * so timing only changes which paths are taken, never the verdict:
 *
 * - every accepted task settles exactly once (one settlement of `handle.result` and exactly one
 *   terminal event), and all of them have settled once close / terminate resolves;
 * - the outcome fits the task (a value only from a task that returned it, its own error only
 *   from a task that threw it, a late result of an abandoned task is ignored) and the counters
 *   add up: completed + failed + cancelled + timedOut === accepted, each matching what was seen;
 * - never more than `size` task bodies hold a worker at once, and a worker never holds two
 *   (a body holds its worker from its start until it returns, or until the pool abandons it:
 *   its task timed out or its worker crashed);
 * - the queue never exceeds `maxQueueSize`;
 * - submissions are refused only with QueueFullError, CircuitOpenError, PoolClosedError,
 *   PoolFailedError or PoolRecoveringError, each at a moment it applies;
 * - a task cancelled or aborted before it started never starts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CircuitOpenError,
  PoolClosedError,
  PoolFailedError,
  PoolRecoveringError,
  QueueFullError,
  TaskCancelledError,
  TaskTimeoutError,
  createPool,
  type Pool,
  type TaskContext,
  type TaskHandle,
} from '../../src/index.js';
import { FatalError, TaskError, isFatal, sleep } from './helpers.js';

// ------------------------------------------------------------------ the generated scenario

type TaskSpec =
  /** Returns a value; `delay` 0 returns it synchronously. */
  | { kind: 'ok'; delay: number }
  /** Throws its own error (0 = synchronously): a task failure, the worker stays. */
  | { kind: 'throw'; delay: number }
  /** Throws an error `isFatal` marks fatal: the task fails and its worker crashes. */
  | { kind: 'fatal'; delay: number }
  /** Runs past the task timeout: returns `lateBy` ms after the pool gave up on it, or never (`null`). */
  | { kind: 'hang'; lateBy: number | null };

type Command =
  /** `timeout`: a per-task timeout, a deadline from submission that also bounds the wait in the queue. */
  | { type: 'submit'; task: TaskSpec; withSignal: boolean; priority: number; timeout: number | undefined }
  /** Cancels the `pick`-th accepted task (modulo their number). */
  | { type: 'cancel'; pick: number; withReason: boolean }
  /** Aborts the signal of the `pick`-th accepted task that has one. */
  | { type: 'abort'; pick: number }
  | { type: 'wait'; ms: number };

type Ending =
  | { type: 'close' }
  | { type: 'closeTimeout'; ms: number }
  | { type: 'terminate' }
  | { type: 'closeThenTerminate'; after: number };

interface Config {
  size: number;
  maxQueueSize: number;
  taskTimeout: number;
  /** ms a timed-out body has to return and give its worker back (0: abandoned at once). */
  timeoutGrace: number;
  /** A pool with no parent backs off and comes back when its workers give up (`false`: it fails). */
  recovery: false | { backoff: { type: 'fixed'; delay: number } };
  breaker: false | { failureThreshold: number; cooldown: number; halfOpenMaxCalls: number; successThreshold: number };
  /** Restart intensity of the worker supervisor; undefined = the pool's default. */
  intensity: number | undefined;
  /** Wait for every worker to be idle before the first command. */
  waitReady: boolean;
}

const taskArb: fc.Arbitrary<TaskSpec> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('ok' as const), delay: fc.integer({ min: 0, max: 15 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('throw' as const), delay: fc.integer({ min: 0, max: 10 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fatal' as const), delay: fc.integer({ min: 0, max: 10 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('hang' as const), lateBy: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }) }),
  },
);

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('submit' as const),
      task: taskArb,
      withSignal: fc.boolean(),
      priority: fc.integer({ min: 0, max: 2 }),
      timeout: fc.option(fc.integer({ min: 20, max: 60 }), { nil: undefined, freq: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cancel' as const), pick: fc.nat(), withReason: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('abort' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 20 }) }) },
);

const endingArb: fc.Arbitrary<Ending> = fc.oneof(
  fc.constant({ type: 'close' as const }),
  fc.record({ type: fc.constant('closeTimeout' as const), ms: fc.integer({ min: 0, max: 60 }) }),
  fc.constant({ type: 'terminate' as const }),
  fc.record({ type: fc.constant('closeThenTerminate' as const), after: fc.integer({ min: 0, max: 30 }) }),
);

const configArb: fc.Arbitrary<Config> = fc.record({
  size: fc.integer({ min: 1, max: 4 }),
  maxQueueSize: fc.integer({ min: 0, max: 5 }),
  taskTimeout: fc.integer({ min: 30, max: 50 }),
  timeoutGrace: fc.constantFrom(0, 10, 40),
  recovery: fc.oneof(fc.constant(false as const), fc.record({ backoff: fc.record({ type: fc.constant('fixed' as const), delay: fc.integer({ min: 5, max: 30 }) }) })),
  breaker: fc.oneof(
    fc.constant(false as const),
    fc.record({
      failureThreshold: fc.integer({ min: 1, max: 3 }),
      cooldown: fc.integer({ min: 10, max: 40 }),
      halfOpenMaxCalls: fc.integer({ min: 1, max: 2 }),
      successThreshold: fc.integer({ min: 1, max: 2 }),
    }),
  ),
  intensity: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined, freq: 3 }),
  waitReady: fc.boolean(),
});

// ------------------------------------------------------------------ running one scenario

/** Bound on how long close / terminate may take; they finish in well under a second here. */
const CLOSE_BOUND_MS = 5_000;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
type TerminalEvent = 'taskSucceeded' | 'taskFailed' | 'taskTimedOut' | 'taskCancelled';

interface Tracked {
  readonly index: number;
  readonly spec: TaskSpec;
  /** What an `ok` task returns. */
  readonly value: { task: number };
  /** What a `throw` / `fatal` task throws. */
  readonly error: Error;
  readonly controller: AbortController | undefined;
  /** Submitted with its own timeout (which also runs while it is queued). */
  readonly ownTimeout: boolean;
  handle: TaskHandle<unknown> | undefined;
  id: string | undefined;
  refused: boolean;
  bodyStarts: number;
  /** Cancelled or aborted before its body started: it must never start. */
  mustNotStart: boolean;
  /** Reasons this task may legitimately carry when it was cancelled / aborted. */
  readonly cancelReasons: unknown[];
  settlements: number;
  outcome: Outcome | undefined;
}

async function runScenario(config: Config, commands: Command[], ending: Ending): Promise<string[]> {
  const violations: string[] = [];
  const fail = (message: string): void => {
    if (violations.length < 20) violations.push(message);
  };

  const pool: Pool = createPool({
    size: config.size,
    maxQueueSize: config.maxQueueSize,
    taskTimeout: config.taskTimeout,
    timeoutGrace: config.timeoutGrace,
    recovery: config.recovery,
    circuitBreaker: config.breaker,
    isFatal,
    ...(config.intensity === undefined ? {} : { intensity: config.intensity, period: 5000 }),
    onListenerError: (error, event) => fail(`listener for ${String(event)} threw: ${String(error)}`),
  });

  const tracked: Tracked[] = [];
  const terminal = new Map<string, TerminalEvent[]>();
  const startedEvents = new Map<string, number>();
  /** Bodies holding a worker: taskId → workerId. */
  const holding = new Map<string, string>();
  const lateBodies: Promise<unknown>[] = [];
  let refusals = 0;
  let terminated = false;

  const onTerminal = (type: TerminalEvent) => (event: { taskId: string }) => {
    const list = terminal.get(event.taskId) ?? [];
    list.push(type);
    terminal.set(event.taskId, list);
  };
  pool.events.on('taskSucceeded', onTerminal('taskSucceeded'));
  pool.events.on('taskFailed', onTerminal('taskFailed'));
  pool.events.on('taskTimedOut', onTerminal('taskTimedOut'));
  pool.events.on('taskCancelled', onTerminal('taskCancelled'));
  pool.events.on('taskStarted', ({ taskId }) => startedEvents.set(taskId, (startedEvents.get(taskId) ?? 0) + 1));
  pool.events.on('taskQueued', ({ queued }) => {
    if (queued > config.maxQueueSize) fail(`taskQueued reported ${queued} queued > maxQueueSize ${config.maxQueueSize}`);
  });
  /** Workers the pool abandoned (timeout) or saw crash: they must never get another task. */
  const deadWorkers = new Set<string>();
  // With no grace the pool abandons a body whose task timed out: it no longer holds a worker.
  // With a grace the body keeps its worker until it returns (then the worker takes work again)
  // or the grace ends (then the worker crashes, below): no other task may start on it meanwhile.
  pool.events.on('taskTimedOut', ({ taskId, workerId }) => {
    if (config.timeoutGrace > 0 || workerId === '') return;
    holding.delete(taskId);
    deadWorkers.add(workerId);
  });
  // A pool that goes recovering lets every worker go, as a crash does, with whatever code they ran.
  pool.events.on('recovering', () => {
    for (const worker of holding.values()) deadWorkers.add(worker);
    holding.clear();
  });
  pool.events.on('workerCrashed', ({ workerId }) => {
    deadWorkers.add(workerId);
    for (const [taskId, holder] of holding) if (holder === workerId) holding.delete(taskId);
  });

  const checkShape = (where: string): void => {
    const status = pool.status();
    const metrics = pool.metrics();
    if (status.queued > config.maxQueueSize) fail(`${where}: ${status.queued} queued > maxQueueSize ${config.maxQueueSize}`);
    if (metrics.running > config.size) fail(`${where}: metrics.running ${metrics.running} > size ${config.size}`);
    if (status.idleWorkers + status.busyWorkers > config.size) {
      fail(`${where}: ${status.idleWorkers} idle + ${status.busyWorkers} busy workers > size ${config.size}`);
    }
    if (metrics.accepted !== tracked.filter((t) => !t.refused).length) {
      fail(`${where}: metrics.accepted ${metrics.accepted} but ${tracked.filter((t) => !t.refused).length} handles were returned`);
    }
  };

  const bodyStarted = (t: Tracked, ctx: TaskContext<unknown>): void => {
    t.bodyStarts++;
    if (t.refused) fail(`task #${t.index} was refused but its body ran`);
    if (t.bodyStarts > 1) fail(`task #${t.index} body ran ${t.bodyStarts} times`);
    if (t.mustNotStart) fail(`task #${t.index} was cancelled/aborted before it started, yet it started`);
    if (terminated) fail(`task #${t.index} started after terminate()`);
    if (deadWorkers.has(ctx.workerId)) fail(`task #${t.index} started on worker ${ctx.workerId}, which timed out or crashed`);
    for (const [otherTask, worker] of holding) {
      if (worker === ctx.workerId) fail(`worker ${ctx.workerId} got task ${ctx.taskId} while still holding ${otherTask}`);
    }
    holding.set(ctx.taskId, ctx.workerId);
    if (holding.size > config.size) fail(`${holding.size} task bodies hold workers at once > size ${config.size}`);
    checkShape(`start of task #${t.index}`);
  };
  const bodyEnded = (ctx: TaskContext<unknown>): void => {
    holding.delete(ctx.taskId);
  };

  const makeBody = (t: Tracked) => (ctx: TaskContext<unknown>): unknown => {
    bodyStarted(t, ctx);
    const spec = t.spec;
    const after = <V>(ms: number, then: () => V): Promise<V> =>
      sleep(ms).then(() => {
        bodyEnded(ctx);
        return then();
      });
    switch (spec.kind) {
      case 'ok':
        if (spec.delay === 0) {
          bodyEnded(ctx);
          return t.value;
        }
        return after(spec.delay, () => t.value);
      case 'throw':
      case 'fatal':
        if (spec.delay === 0) {
          bodyEnded(ctx);
          throw t.error;
        }
        return after(spec.delay, () => {
          throw t.error;
        });
      case 'hang': {
        if (spec.lateBy === null) return new Promise(() => undefined); // never returns
        // Runs until the pool gives up on it (timeout, cancel, close timeout, terminate, failure:
        // each aborts ctx.signal), then returns a result anyway: a late result the pool must ignore.
        // Keying the return on the abort, not on a sleep longer than the timeout, keeps it late
        // whatever the timer jitter.
        const signal = ctx.signal;
        const aborted = signal.aborted
          ? Promise.resolve()
          : new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        const late = aborted.then(() => after(spec.lateBy as number, () => t.value));
        lateBodies.push(late);
        return late;
      }
    }
  };

  const submit = (command: Extract<Command, { type: 'submit' }>): void => {
    const index = tracked.length;
    const spec = command.task;
    const t: Tracked = {
      index,
      spec,
      value: { task: index },
      error: spec.kind === 'fatal' ? new FatalError(`fatal #${index}`) : new TaskError(`error #${index}`),
      controller: command.withSignal ? new AbortController() : undefined,
      ownTimeout: command.timeout !== undefined,
      handle: undefined,
      id: undefined,
      refused: false,
      bodyStarts: 0,
      mustNotStart: false,
      cancelReasons: [],
      settlements: 0,
      outcome: undefined,
    };
    tracked.push(t);
    const before = pool.status();
    const phase = pool.phase;
    const circuit = pool.circuit;
    let handle: TaskHandle<unknown>;
    try {
      handle = pool.submit(makeBody(t), {
        priority: command.priority,
        ...(t.controller ? { signal: t.controller.signal } : {}),
        ...(command.timeout === undefined ? {} : { timeout: command.timeout }),
      });
    } catch (error) {
      t.refused = true;
      refusals++;
      if (error instanceof QueueFullError) {
        const full = before.queued >= config.maxQueueSize && (before.queued > 0 || before.idleWorkers === 0);
        if (!full) fail(`QueueFullError with ${before.queued} queued and ${before.idleWorkers} idle (maxQueueSize ${config.maxQueueSize})`);
      } else if (error instanceof CircuitOpenError) {
        if (config.breaker === false || circuit === 'closed') fail(`CircuitOpenError while the circuit is ${circuit}`);
      } else if (error instanceof PoolFailedError) {
        if (phase !== 'failed') fail(`PoolFailedError while the pool is ${phase}`);
      } else if (error instanceof PoolRecoveringError) {
        if (phase !== 'recovering' || config.recovery === false) fail(`PoolRecoveringError while the pool is ${phase} (recovery ${JSON.stringify(config.recovery)})`);
      } else if (error instanceof PoolClosedError) {
        fail(`PoolClosedError before close (phase ${phase})`);
      } else {
        fail(`submit threw an untyped refusal: ${String(error)}`);
      }
      return;
    }
    t.handle = handle;
    t.id = handle.id;
    handle.result.then(
      (value) => {
        t.settlements++;
        t.outcome = { ok: true, value };
      },
      (error: unknown) => {
        t.settlements++;
        t.outcome = { ok: false, error };
      },
    );
  };

  const accepted = (): Tracked[] => tracked.filter((t) => !t.refused);
  const settledNow = (t: Tracked): boolean => (terminal.get(t.id as string)?.length ?? 0) > 0;

  // ---------------------------------------------------------------- commands
  if (config.waitReady) {
    for (let i = 0; i < 2000 && pool.status().idleWorkers < config.size; i++) await sleep(1);
    if (pool.status().idleWorkers < config.size) fail(`workers not ready: ${JSON.stringify(pool.status())}`);
  }
  for (const command of commands) {
    switch (command.type) {
      case 'submit':
        submit(command);
        break;
      case 'cancel': {
        const list = accepted();
        if (list.length === 0) break;
        const t = list[command.pick % list.length] as Tracked;
        const wasSettled = settledNow(t);
        if (t.bodyStarts === 0) t.mustNotStart = true;
        const reason = command.withReason ? new Error(`cancel reason #${t.index}`) : undefined;
        if (reason !== undefined) t.cancelReasons.push(reason);
        else t.cancelReasons.push('TaskCancelledError');
        const result = (t.handle as TaskHandle<unknown>).cancel(reason);
        if (result === wasSettled) fail(`cancel() of task #${t.index} returned ${result} although it had ${wasSettled ? '' : 'not '}settled`);
        if (!settledNow(t)) fail(`task #${t.index} not settled right after cancel()`);
        break;
      }
      case 'abort': {
        const list = accepted().filter((t) => t.controller !== undefined);
        if (list.length === 0) break;
        const t = list[command.pick % list.length] as Tracked;
        if (t.bodyStarts === 0) t.mustNotStart = true;
        const reason = new Error(`abort reason #${t.index}`);
        t.cancelReasons.push(reason);
        (t.controller as AbortController).abort(reason);
        if (!settledNow(t)) fail(`task #${t.index} not settled right after its signal aborted`);
        break;
      }
      case 'wait':
        await sleep(command.ms);
        break;
    }
    checkShape(`after ${command.type}`);
  }

  // ---------------------------------------------------------------- ending
  const terminate = (): Promise<void> => {
    const done = pool.terminate();
    terminated = true;
    return done;
  };
  let closing: Promise<unknown>;
  switch (ending.type) {
    case 'close':
      closing = pool.close();
      break;
    case 'closeTimeout':
      closing = pool.close({ timeout: ending.ms });
      break;
    case 'terminate':
      closing = terminate();
      break;
    case 'closeThenTerminate':
      closing = Promise.all([pool.close(), sleep(ending.after).then(terminate)]);
      break;
  }
  let bound: ReturnType<typeof setTimeout> | undefined;
  const outcome = await Promise.race([
    closing.then(() => 'done' as const),
    new Promise<'stuck'>((resolve) => (bound = setTimeout(() => resolve('stuck'), CLOSE_BOUND_MS))),
  ]);
  clearTimeout(bound);
  if (outcome === 'stuck') {
    fail(`${ending.type} did not finish within ${CLOSE_BOUND_MS} ms: ${JSON.stringify(pool.status())} running=${pool.metrics().running}`);
    await pool.terminate();
    return violations;
  }
  await sleep(0); // let the settlement callbacks run

  const phase = pool.phase;
  if (phase !== 'closed' && phase !== 'failed') fail(`phase after ${ending.type} is ${phase}`);
  const refused = (() => {
    try {
      pool.submit(() => 1);
      return undefined;
    } catch (error) {
      return error;
    }
  })();
  if (!(refused instanceof PoolClosedError || (phase === 'failed' && refused instanceof PoolFailedError))) {
    fail(`submit after ${ending.type} was not refused with PoolClosedError/PoolFailedError: ${String(refused)}`);
  }
  refusals++;
  const status = pool.status();
  if (status.queued !== 0) fail(`${status.queued} tasks still queued after ${ending.type}`);

  // ---------------------------------------------------------------- exactly once and counts
  const checkSettlements = (where: string): Record<string, number> => {
    const seen = { completed: 0, failed: 0, timedOut: 0, cancelled: 0 };
    for (const t of accepted()) {
      const id = t.id as string;
      const events = terminal.get(id) ?? [];
      if (t.settlements !== 1) fail(`${where}: task #${t.index} (${t.spec.kind}) settled ${t.settlements} times`);
      if (events.length !== 1) fail(`${where}: task #${t.index} (${t.spec.kind}) got terminal events [${events.join(', ')}]`);
      if ((startedEvents.get(id) ?? 0) !== t.bodyStarts) {
        fail(`${where}: task #${t.index} had ${startedEvents.get(id) ?? 0} taskStarted events but ${t.bodyStarts} body starts`);
      }
      const result = t.outcome;
      if (result === undefined) continue;
      let expectedEvent: TerminalEvent;
      if (result.ok) {
        expectedEvent = 'taskSucceeded';
        seen.completed++;
        if (t.spec.kind !== 'ok' || result.value !== t.value) {
          fail(`${where}: task #${t.index} (${t.spec.kind}) resolved with ${JSON.stringify(result.value)}`);
        }
      } else if (result.error === t.error) {
        expectedEvent = 'taskFailed';
        seen.failed++;
        if (t.spec.kind !== 'throw' && t.spec.kind !== 'fatal') fail(`${where}: task #${t.index} rejected with another task's error`);
        if (t.bodyStarts !== 1) fail(`${where}: task #${t.index} failed with its own error but never ran`);
      } else if (result.error instanceof TaskTimeoutError) {
        expectedEvent = 'taskTimedOut';
        seen.timedOut++;
        if (t.bodyStarts !== 1 && !t.ownTimeout) fail(`${where}: task #${t.index} timed out while queued without a timeout of its own`);
      } else if (result.error instanceof TaskCancelledError) {
        expectedEvent = 'taskCancelled';
        seen.cancelled++;
        if (!t.cancelReasons.includes('TaskCancelledError')) fail(`${where}: task #${t.index} rejected with TaskCancelledError but was never cancelled`);
      } else if (t.cancelReasons.includes(result.error)) {
        expectedEvent = 'taskCancelled';
        seen.cancelled++;
      } else if (result.error instanceof PoolClosedError) {
        expectedEvent = 'taskCancelled';
        seen.cancelled++;
        if (ending.type === 'close') fail(`${where}: task #${t.index} rejected with PoolClosedError by a plain close()`);
      } else if (result.error instanceof PoolFailedError) {
        expectedEvent = 'taskCancelled';
        seen.cancelled++;
        if (phase !== 'failed') fail(`${where}: task #${t.index} rejected with PoolFailedError but the pool is ${phase}`);
      } else if (result.error instanceof PoolRecoveringError) {
        // Held when its workers gave up: rejected with the way back (the pool went on afterwards).
        expectedEvent = 'taskCancelled';
        seen.cancelled++;
        if (config.recovery === false) fail(`${where}: task #${t.index} rejected with PoolRecoveringError but recovery is off`);
      } else {
        fail(`${where}: task #${t.index} (${t.spec.kind}) rejected with an unexpected error: ${String(result.error)}`);
        continue;
      }
      if (events.length === 1 && events[0] !== expectedEvent) {
        fail(`${where}: task #${t.index} settled as ${expectedEvent} but the pool emitted ${events[0]}`);
      }
    }
    const metrics = pool.metrics();
    const total = metrics.completed + metrics.failed + metrics.cancelled + metrics.timedOut;
    if (metrics.accepted !== accepted().length) fail(`${where}: metrics.accepted ${metrics.accepted} !== ${accepted().length} accepted`);
    if (total !== metrics.accepted) {
      fail(`${where}: completed ${metrics.completed} + failed ${metrics.failed} + cancelled ${metrics.cancelled} + timedOut ${metrics.timedOut} !== accepted ${metrics.accepted}`);
    }
    for (const key of ['completed', 'failed', 'timedOut', 'cancelled'] as const) {
      if (metrics[key] !== seen[key]) fail(`${where}: metrics.${key} ${metrics[key]} but ${seen[key]} such settlements were seen`);
    }
    if (metrics.rejected !== refusals) fail(`${where}: metrics.rejected ${metrics.rejected} but ${refusals} submissions were refused`);
    const finalStatus = pool.status();
    if (finalStatus.completed !== metrics.completed) fail(`${where}: status.completed ${finalStatus.completed} !== completed ${metrics.completed}`);
    for (const key of ['failed', 'timedOut', 'cancelled', 'accepted', 'rejected'] as const) {
      if (finalStatus[key] !== metrics[key]) fail(`${where}: status.${key} ${finalStatus[key]} !== metrics.${key} ${metrics[key]}`);
    }
    return { ...seen, accepted: metrics.accepted, rejected: metrics.rejected };
  };

  const atClose = checkSettlements(`after ${ending.type}`);

  // Late results of abandoned tasks arrive now: they must change nothing.
  await Promise.all(lateBodies);
  await sleep(5);
  const later = checkSettlements('after late results');
  if (JSON.stringify(later) !== JSON.stringify(atClose)) fail(`counts changed after close: ${JSON.stringify(atClose)} → ${JSON.stringify(later)}`);
  return violations;
}

// ------------------------------------------------------------------ the property

const runs = Number(process.env.POOL_PROPERTY_RUNS ?? 50);
const seed = process.env.POOL_PROPERTY_SEED === undefined ? undefined : Number(process.env.POOL_PROPERTY_SEED);

describe('pool invariants under random command sequences (fast-check)', () => {
  it(
    'settles every accepted task exactly once, keeps counts, concurrency and the queue within bounds',
    async () => {
      let scenarios = 0;
      await fc.assert(
        fc.asyncProperty(configArb, fc.array(commandArb, { minLength: 3, maxLength: 30, size: 'max' }), endingArb, async (config, commands, ending) => {
          scenarios++;
          const violations = await runScenario(config, commands, ending);
          expect(violations, JSON.stringify({ config, ending })).toEqual([]);
        }),
        { numRuns: runs, interruptAfterTimeLimit: 120_000, markInterruptAsFailure: true, ...(seed === undefined ? {} : { seed }) },
      );
      expect(scenarios).toBeGreaterThanOrEqual(runs);
    },
    150_000,
  );
});
