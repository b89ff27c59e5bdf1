import { describe, expect, it } from 'vitest';
import { CircuitOpenError, PoolClosedError, PoolRecoveringError, QueueFullError, TaskTimeoutError } from '../../src/index.js';
import { DURATION_BUCKETS, instrument, METRICS } from '../../src/otel/index.js';
import { makePool, nextEvent, poolSuite, rejectionOf, until, within } from '../pool/helpers.js';
import { makeSdk, sdkSuite } from './helpers.js';

poolSuite();
sdkSuite();

class Fatal extends Error {}

const N = (key: keyof typeof METRICS): string => METRICS[key].name;
const ENV = { 'deployment.environment.name': 'test' };
const POOL = { ...ENV, 'overseer.pool.name': 'jobs' };
const task = (label: string | undefined, outcome: string) => ({
  ...POOL,
  ...(label === undefined ? {} : { 'overseer.task.label': label }),
  'overseer.task.outcome': outcome,
});

/** A task that runs until released, or until its signal aborts (it then returns at once). */
function gate() {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  const fn = ({ signal }: { signal: AbortSignal }) =>
    new Promise<string>((resolve) => {
      void opened.then(() => resolve('released'));
      signal.addEventListener('abort', () => resolve('aborted'), { once: true });
    });
  return { fn, release };
}

describe('instrument(pool): every instrument after a scripted run', () => {
  it('counts outcomes, refusals, retries, crashes, restarts and circuit transitions, and records times in seconds', async () => {
    const sdk = makeSdk();
    const pool = makePool({ name: 'jobs', size: 2, maxQueueSize: 2, isFatal: (e) => e instanceof Fatal, intensity: 10 });
    const otel = instrument(pool, { meter: sdk.meter, attributes: ENV });
    await pool.ready();

    // Successes: two labelled, one without a label.
    await pool.run(() => 'ok', { label: 'a' });
    await pool.run(() => 'ok', { label: 'a' });
    await pool.run(() => 'ok');
    // A failure.
    expect(await rejectionOf(pool.run(() => Promise.reject(new Error('no')), { label: 'a' }))).toBeInstanceOf(Error);
    // A timeout: the task runs for its 30 ms deadline.
    const slow = gate();
    expect(await rejectionOf(pool.run(slow.fn, { timeout: 30, label: 't' }))).toBeInstanceOf(TaskTimeoutError);
    // A worker crash (a fatal error fails the task and crashes its worker), then its restart.
    const restarted = nextEvent(pool, 'workerRestarted');
    expect(await rejectionOf(pool.run(() => Promise.reject(new Fatal('gone')), { label: 'f' }))).toBeInstanceOf(Fatal);
    await within(restarted);
    await pool.ready();
    // A retry: the first try fails, the second succeeds.
    let tries = 0;
    await pool.run(() => (++tries === 1 ? Promise.reject(new Error('flaky')) : 'ok'), { label: 'r', retry: { attempts: 2 } });
    expect(tries).toBe(2);

    // Both workers held, two queued: the fifth is refused; one running and one queued task cancelled.
    const [one, two] = [gate(), gate()];
    const running = pool.submit(one.fn, { label: 'c' });
    const held = pool.submit(two.fn);
    await until(() => pool.status().running === 2);
    const queued = pool.submit(() => 'never', { label: 'cq' });
    const queuedToo = pool.submit(() => 'later');
    expect(() => pool.submit(() => 'refused', { label: 'q' })).toThrow(QueueFullError);
    running.cancel(new Error('user left'));
    queued.cancel(new Error('user left'));
    expect(await rejectionOf(running.result)).toBeInstanceOf(Error);
    expect(await rejectionOf(queued.result)).toBeInstanceOf(Error);
    two.release();
    await held.result;
    await queuedToo.result;

    // The circuit, forced open (a refusal while open), then reset.
    pool.openCircuit();
    expect(await rejectionOf(pool.run(() => 'refused'))).toBeInstanceOf(CircuitOpenError);
    pool.resetCircuit();
    await pool.close();
    expect(await rejectionOf(pool.run(() => 'refused', { label: 'late' }))).toBeInstanceOf(PoolClosedError);
    slow.release();
    one.release();

    const c = await sdk.collect();
    expect(c.value(N('accepted'), POOL)).toBe(11);
    expect(c.value(N('accepted'), POOL)).toBe(pool.status().accepted);
    expect(c.value(N('settled'), task('a', 'completed'))).toBe(2);
    expect(c.value(N('settled'), task(undefined, 'completed'))).toBe(3); // 'ok', the held task and the queued one
    expect(c.value(N('settled'), task('a', 'failed'))).toBe(1);
    expect(c.value(N('settled'), task('t', 'timed_out'))).toBe(1);
    expect(c.value(N('settled'), task('f', 'failed'))).toBe(1);
    expect(c.value(N('settled'), task('r', 'completed'))).toBe(1);
    expect(c.value(N('settled'), task('c', 'cancelled'))).toBe(1);
    expect(c.value(N('settled'), task('cq', 'cancelled'))).toBe(1);
    // Every accepted task settled once: the outcomes add up to the acceptances.
    expect(c.sum(N('settled'))).toBe(11);
    expect(c.value(N('retries'), { ...POOL, 'overseer.task.label': 'r' })).toBe(1);
    expect(c.value(N('rejected'), { ...POOL, 'overseer.task.label': 'q', 'overseer.rejection.reason': 'queue_full' })).toBe(1);
    expect(c.value(N('rejected'), { ...POOL, 'overseer.rejection.reason': 'circuit_open' })).toBe(1);
    expect(c.value(N('rejected'), { ...POOL, 'overseer.task.label': 'late', 'overseer.rejection.reason': 'closed' })).toBe(1);
    expect(c.sum(N('rejected'))).toBe(pool.status().rejected);
    expect(c.value(N('crashes'), POOL)).toBe(1);
    expect(c.value(N('restarts'), POOL)).toBe(1);
    expect(c.value(N('circuitTransitions'), { ...POOL, 'overseer.circuit.state': 'open' })).toBe(1);
    expect(c.value(N('circuitTransitions'), { ...POOL, 'overseer.circuit.state': 'closed' })).toBe(1);
    expect(c.value(N('circuitTransitions'), { ...POOL, 'overseer.circuit.state': 'half_open' })).toBe(0);
    expect(c.value(N('recoveries'), POOL)).toBe(0);

    // Histograms: seconds, one point per task that started (run) or settled (wait).
    for (const key of ['runDuration', 'waitDuration'] as const) {
      expect(c.metric(N(key)).descriptor.unit).toBe('s');
    }
    const timedOut = c.histogram(N('runDuration'), task('t', 'timed_out'));
    expect(timedOut?.count).toBe(1);
    expect(timedOut?.sum).toBeGreaterThanOrEqual(0.025); // ran for its 30 ms timeout
    expect(timedOut?.sum).toBeLessThan(5); // seconds, not ms
    expect(c.histogram(N('runDuration'), task('a', 'completed'))?.count).toBe(2);
    expect(c.histogram(N('waitDuration'), task('a', 'completed'))?.count).toBe(2);
    // The task cancelled in the queue never ran: a wait time, no run time.
    expect(c.histogram(N('waitDuration'), task('cq', 'cancelled'))?.count).toBe(1);
    expect(c.histogram(N('runDuration'), task('cq', 'cancelled'))).toBeUndefined();
    expect(c.histogram(N('runDuration'), task('c', 'cancelled'))?.count).toBe(1);
    expect(c.sum(N('waitDuration'))).toBe(11);
    expect(c.sum(N('runDuration'))).toBe(10);
    // The advised buckets (seconds) reach the SDK.
    expect(c.histogram(N('runDuration'), task('a', 'completed'))?.buckets.boundaries).toEqual(DURATION_BUCKETS);
    otel.stop();
  });

  it('reads the gauges when a reader collects: tasks and workers by state, the limit, the circuit and the phase', async () => {
    const sdk = makeSdk();
    let releaseInit!: () => void;
    const initHeld = new Promise<void>((resolve) => (releaseInit = resolve));
    let inits = 0;
    // The second worker's init hangs: one slot is `starting`.
    const pool = makePool({ name: 'jobs', size: 3, maxQueueSize: 10, worker: { init: async () => (++inits === 2 ? initHeld : undefined) } });
    instrument(pool, { meter: sdk.meter, attributes: ENV });
    await until(() => pool.status().idleWorkers === 2);
    const g = gate();
    const held = [pool.submit(g.fn), pool.submit(g.fn), pool.submit(g.fn), pool.submit(g.fn)];
    await until(() => pool.status().running === 2);
    pool.openCircuit();

    const c = await sdk.collect();
    const state = (key: string, value: string) => ({ ...POOL, [key]: value });
    expect(c.value(N('tasks'), state('overseer.task.state', 'queued'))).toBe(2);
    expect(c.value(N('tasks'), state('overseer.task.state', 'running'))).toBe(2);
    expect(c.value(N('tasks'), state('overseer.task.state', 'retrying'))).toBe(0);
    expect(c.value(N('workers'), state('overseer.worker.state', 'idle'))).toBe(0);
    expect(c.value(N('workers'), state('overseer.worker.state', 'busy'))).toBe(2);
    expect(c.value(N('workers'), state('overseer.worker.state', 'starting'))).toBe(1);
    expect(c.value(N('workers'), state('overseer.worker.state', 'crashed'))).toBe(0);
    expect(c.value(N('workerLimit'), POOL)).toBe(3);
    expect(c.value(N('circuitStatus'), state('overseer.circuit.state', 'open'))).toBe(1);
    expect(c.value(N('circuitStatus'), state('overseer.circuit.state', 'closed'))).toBe(0);
    expect(c.value(N('status'), state('overseer.pool.phase', 'running'))).toBe(1);
    expect(c.sum(N('status'))).toBe(1);
    expect(c.metric(N('tasks')).descriptor.unit).toBe('{task}');

    pool.resetCircuit();
    g.release();
    releaseInit();
    await Promise.all(held.map((h) => h.result));
    await pool.close();
    const after = await sdk.collect();
    expect(after.value(N('status'), state('overseer.pool.phase', 'closed'))).toBe(1);
    expect(after.value(N('status'), state('overseer.pool.phase', 'running'))).toBe(0);
    expect(after.sum(N('tasks'))).toBe(0);
    expect(after.value(N('accepted'), POOL)).toBe(4);
  });

  it('follows a breaker that opens on failures, half-opens after its cooldown and closes on a success', async () => {
    const sdk = makeSdk();
    const pool = makePool({ name: 'jobs', size: 1, circuitBreaker: { failureThreshold: 2, cooldown: 40 } });
    instrument(pool, { meter: sdk.meter, attributes: ENV });
    const opened = nextEvent(pool, 'circuitOpened');
    for (let i = 0; i < 2; i++) await rejectionOf(pool.run(() => Promise.reject(new Error('downstream')), { label: 'call' }));
    await within(opened);
    expect(await rejectionOf(pool.run(() => 1, { label: 'call' }))).toBeInstanceOf(CircuitOpenError);
    const state = (value: string) => ({ ...POOL, 'overseer.circuit.state': value });
    let c = await sdk.collect();
    expect(c.value(N('circuitStatus'), state('open'))).toBe(1);
    expect(c.value(N('circuitTransitions'), state('open'))).toBe(1);
    expect(c.value(N('rejected'), { ...POOL, 'overseer.task.label': 'call', 'overseer.rejection.reason': 'circuit_open' })).toBe(1);

    await within(nextEvent(pool, 'circuitHalfOpened'));
    c = await sdk.collect();
    expect(c.value(N('circuitStatus'), state('half_open'))).toBe(1);
    expect(c.value(N('circuitStatus'), state('open'))).toBe(0);
    const closed = nextEvent(pool, 'circuitClosed');
    await pool.run(() => 'ok', { label: 'call' });
    await within(closed);
    c = await sdk.collect();
    expect(c.value(N('circuitStatus'), state('closed'))).toBe(1);
    for (const value of ['open', 'half_open', 'closed']) expect(c.value(N('circuitTransitions'), state(value))).toBe(1);
    expect(c.value(N('settled'), task('call', 'failed'))).toBe(2);
    expect(c.value(N('settled'), task('call', 'completed'))).toBe(1);
  });

  it('counts a recovery of a pool with no parent, and shows its phase while it recovers', async () => {
    const sdk = makeSdk();
    const pool = makePool({ name: 'jobs', size: 1, intensity: 0, isFatal: (e) => e instanceof Fatal, recovery: { backoff: { type: 'fixed', delay: 80 } } });
    instrument(pool, { meter: sdk.meter, attributes: ENV });
    await pool.ready();
    const recovering = nextEvent(pool, 'recovering');
    await rejectionOf(pool.run(() => Promise.reject(new Fatal('gone'))));
    await within(recovering);
    expect(await rejectionOf(pool.run(() => 1, { label: 'early' }))).toBeInstanceOf(PoolRecoveringError);
    let c = await sdk.collect();
    expect(c.value(N('recoveries'), POOL)).toBe(1);
    expect(c.value(N('status'), { ...POOL, 'overseer.pool.phase': 'recovering' })).toBe(1);
    expect(c.value(N('rejected'), { ...POOL, 'overseer.task.label': 'early', 'overseer.rejection.reason': 'recovering' })).toBe(1);
    await within(nextEvent(pool, 'recovered'));
    await pool.run(() => 1);
    c = await sdk.collect();
    expect(c.value(N('status'), { ...POOL, 'overseer.pool.phase': 'running' })).toBe(1);
    expect(c.value(N('recoveries'), POOL)).toBe(1);
    expect(c.value(N('crashes'), POOL)).toBe(1);
  });

  it('leaves the circuit status out for a pool without a breaker', async () => {
    const sdk = makeSdk();
    const pool = makePool({ name: 'plain', circuitBreaker: false });
    instrument(pool, { meter: sdk.meter });
    await pool.run(() => 1);
    const c = await sdk.collect();
    expect(c.names()).not.toContain(N('circuitStatus'));
    expect(c.value(N('settled'), { 'overseer.pool.name': 'plain', 'overseer.task.outcome': 'completed' })).toBe(1);
  });

  it('counts only what happens after it is attached', async () => {
    const sdk = makeSdk();
    const pool = makePool({ name: 'late' });
    await pool.run(() => 1);
    await pool.run(() => 1);
    instrument(pool, { meter: sdk.meter });
    await pool.run(() => 1);
    const c = await sdk.collect();
    expect(c.value(N('accepted'), { 'overseer.pool.name': 'late' })).toBe(1);
    expect(c.sum(N('settled'))).toBe(1);
  });

  it('with durations: false records no histograms, and still counts', async () => {
    const sdk = makeSdk();
    const pool = makePool({ name: 'fast' });
    instrument(pool, { meter: sdk.meter, durations: false });
    await pool.run(() => 1, { label: 'x' });
    const c = await sdk.collect();
    expect(c.names()).not.toContain(N('runDuration'));
    expect(c.names()).not.toContain(N('waitDuration'));
    expect(c.value(N('settled'), { 'overseer.pool.name': 'fast', 'overseer.task.label': 'x', 'overseer.task.outcome': 'completed' })).toBe(1);
  });

  it('a cancelled-before-start task (aborted signal) is accepted and cancelled', async () => {
    const sdk = makeSdk();
    const pool = makePool({ name: 'abort' });
    instrument(pool, { meter: sdk.meter });
    const controller = new AbortController();
    const reason = new Error('gone');
    controller.abort(reason);
    expect(await rejectionOf(pool.run(() => 1, { signal: controller.signal }))).toBe(reason);
    const c = await sdk.collect();
    expect(c.value(N('accepted'), { 'overseer.pool.name': 'abort' })).toBe(1);
    expect(c.value(N('settled'), { 'overseer.pool.name': 'abort', 'overseer.task.outcome': 'cancelled' })).toBe(1);
    expect(c.histogram(N('runDuration'), { 'overseer.pool.name': 'abort', 'overseer.task.outcome': 'cancelled' })).toBeUndefined();
  });
});
