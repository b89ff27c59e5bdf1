import { describe, expect, it, vi } from 'vitest';
import {
  InvalidOptionError,
  MAX_QUEUE_SIZE_ENV,
  POOL_SIZE_ENV,
  QueueFullError,
  createPool,
  poolSpec,
  type PoolOptions,
} from '../../src/index.js';
import { normalizePoolOptions } from '../../src/pool-options.js';
import { blockers, flushMicrotasks, makePool, poolSuite, ready, sleep, thrownBy, track } from './helpers.js';

poolSuite();

const fn = () => undefined;

/** [option path the error must name, options]. */
const invalid: Array<[string, PoolOptions<any, any>]> = [
  ['options', null as never],
  ['options', 'big' as never],
  ['name', { name: '' }],
  ['name', { name: 42 as never }],
  ['size', { size: 0 }],
  ['size', { size: -1 }],
  ['size', { size: 1.5 }],
  ['size', { size: Number.NaN }],
  ['size', { size: Infinity }],
  ['size', { size: '4' as never }],
  ['size', { size: null as never }],
  ['size.max', { size: { max: 0 } }],
  ['size.max', { size: {} as never }],
  ['size.min', { size: { min: 5, max: 4 } }],
  ['size.min', { size: { min: -1, max: 4 } }],
  ['size.idleTimeout', { size: { max: 4, idleTimeout: 0 } }],
  ['maxQueueSize', { maxQueueSize: -1 }],
  ['maxQueueSize', { maxQueueSize: 2.5 }],
  ['maxQueueSize', { maxQueueSize: Number.NaN }],
  ['maxQueueSize', { maxQueueSize: '10' as never }],
  ['taskTimeout', { taskTimeout: 0 }],
  ['taskTimeout', { taskTimeout: -100 }],
  ['taskTimeout', { taskTimeout: Infinity }],
  ['taskTimeout', { taskTimeout: Number.NaN }],
  ['taskTimeout', { taskTimeout: true as never }],
  ['circuitBreaker', { circuitBreaker: 'on' as never }],
  ['circuitBreaker', { circuitBreaker: true as never }],
  ['circuitBreaker.failureThreshold', { circuitBreaker: { failureThreshold: 0 } }],
  ['circuitBreaker.failureThreshold', { circuitBreaker: { failureThreshold: 2.5 } }],
  ['circuitBreaker.cooldown', { circuitBreaker: { cooldown: 0 } }],
  ['circuitBreaker.cooldown', { circuitBreaker: { cooldown: Infinity } }],
  ['circuitBreaker.halfOpenMaxCalls', { circuitBreaker: { halfOpenMaxCalls: 0 } }],
  ['circuitBreaker.successThreshold', { circuitBreaker: { successThreshold: 0 } }],
  ['circuitBreaker.isFailure', { circuitBreaker: { isFailure: 'all' as never } }],
  ['circuitBreaker.failureRate', { circuitBreaker: { failureRate: 0.5 as never } }],
  ['circuitBreaker.failureRate.threshold', { circuitBreaker: { failureRate: { threshold: 0, window: 10 } } }],
  ['circuitBreaker.failureRate.threshold', { circuitBreaker: { failureRate: { threshold: 1.5, window: 10 } } }],
  ['circuitBreaker.failureRate.window', { circuitBreaker: { failureRate: { threshold: 0.5, window: 0 } } }],
  ['circuitBreaker.failureRate.minimumCalls', { circuitBreaker: { failureRate: { threshold: 0.5, window: 10, minimumCalls: 0 } } }],
  ['circuitBreaker.failureRate.minimumCalls', { circuitBreaker: { failureRate: { threshold: 0.5, window: 10, minimumCalls: 11 } } }],
  ['circuitBreaker.backoff', { circuitBreaker: { backoff: 2 as never } }],
  ['circuitBreaker.backoff.multiplier', { circuitBreaker: { backoff: { multiplier: 0.5 } } }],
  ['circuitBreaker.backoff.maxCooldown', { circuitBreaker: { cooldown: 1000, backoff: { maxCooldown: 500 } } }],
  ['intensity', { intensity: 'often' as never }],
  ['intensity', { intensity: -1 }],
  ['intensity', { intensity: 1.5 }],
  ['period', { period: 0 }],
  ['period', { period: -5 }],
  ['signal', { signal: {} as never }],
  ['signal', { signal: 'abort' as never }],
  ['handlers', { handlers: 'add' as never }],
  ['handlers.add', { handlers: { ok: fn, add: 42 as never } }],
  ['worker', { worker: 'w' as never }],
  ['worker.init', { worker: { init: {} as never } }],
  ['worker.dispose', { worker: { dispose: 'close' as never } }],
  ['isFatal', { isFatal: true as never }],
  ['wrap', { wrap: {} as never }],
  ['onListenerError', { onListenerError: 'log' as never }],
];

describe('option validation', () => {
  it.each(invalid)('%s: createPool throws InvalidOptionError naming the option (%j)', (option, options) => {
    const error = thrownBy(() => track(createPool(options)));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
    expect((error as InvalidOptionError).code).toBe('ERR_INVALID_OPTION');
    expect((error as InvalidOptionError).message).toContain(`"${option}"`);
  });

  it('the error carries the bad value and shows it in the message', () => {
    const error = thrownBy(() => createPool({ size: -3 })) as InvalidOptionError;
    expect(error.value).toBe(-3);
    expect(error.message).toContain('-3');
    const nested = thrownBy(() => createPool({ circuitBreaker: { failureThreshold: 0 } })) as InvalidOptionError;
    expect(nested.value).toBe(0);
  });

  it('poolSpec validates the options when the spec is built', () => {
    const error = thrownBy(() => poolSpec('p', { size: 0 }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('size');
  });

  it('nothing is started when an option is invalid', async () => {
    const init = vi.fn(() => 'resource');
    expect(() => createPool({ size: 2, worker: { init }, period: 0 })).toThrow(InvalidOptionError);
    await sleep(20);
    expect(init).not.toHaveBeenCalled();
  });

  it('valid edge values are accepted', async () => {
    const pools = [
      makePool({ maxQueueSize: 0, size: 1 }),
      makePool({ maxQueueSize: Infinity, size: 1 }),
      makePool({ taskTimeout: false, size: 1 }),
      makePool({ circuitBreaker: false, size: 1 }),
      makePool({ intensity: 0, size: 1 }),
      makePool({ circuitBreaker: { failureRate: { threshold: 1, window: 1 }, backoff: false }, size: 1 }),
      makePool({ circuitBreaker: { backoff: { multiplier: 1 } }, size: 1 }),
    ];
    for (const pool of pools) {
      await ready(pool); // hand-off (maxQueueSize 0) needs an idle worker
      expect(await pool.run(() => 'ok')).toBe('ok');
    }
  });

  it('defaults are the seeds\': size 10, queue 1000, timeout 30 s, intensity max(3, 2 × size) in 5 s, breaker on', () => {
    const normalized = normalizePoolOptions({});
    expect(normalized).toMatchObject({ size: 10, maxQueueSize: 1000, taskTimeout: 30_000, intensity: 20, period: 5000 });
    expect(normalized.name).toMatch(/^pool-.+/);
    expect(normalized.breaker).toMatchObject({
      failureThreshold: 5,
      cooldown: 30_000,
      halfOpenMaxCalls: 1,
      successThreshold: 1,
      backoffMultiplier: 1,
    });
    expect(normalizePoolOptions({ size: 1 }).intensity).toBe(3);
    expect(normalizePoolOptions({ size: 50 }).intensity).toBe(100);
    expect(normalizePoolOptions({ intensity: 7 }).intensity).toBe(7);
    expect(normalizePoolOptions({ circuitBreaker: { backoff: {}, cooldown: 100 } }).breaker).toMatchObject({
      backoffMultiplier: 2,
      maxCooldown: 1000,
    });
    const pool = makePool();
    expect(pool.name).toMatch(/^pool-.+/);
    expect(pool.metrics().size).toBe(10);
    expect(makePool().name).not.toBe(pool.name);
    expect(makePool({ name: 'images' }).name).toBe('images');
  });
});

describe('environment variables', () => {
  it(`reads ${POOL_SIZE_ENV} and ${MAX_QUEUE_SIZE_ENV} when the options are absent`, async () => {
    expect(POOL_SIZE_ENV).toBe('OVERSEER_POOL_SIZE');
    expect(MAX_QUEUE_SIZE_ENV).toBe('OVERSEER_MAX_QUEUE_SIZE');
    vi.stubEnv('OVERSEER_POOL_SIZE', '3');
    vi.stubEnv('OVERSEER_MAX_QUEUE_SIZE', '2');
    const pool = makePool({ circuitBreaker: false });
    await ready(pool);
    expect(pool.metrics().size).toBe(3);
    expect(pool.status().idleWorkers).toBe(3);
    const b = blockers();
    for (let i = 0; i < 5; i++) pool.submit(b.task);
    expect(pool.status()).toMatchObject({ busyWorkers: 3, queued: 2 });
    expect(thrownBy(() => pool.submit(b.task))).toBeInstanceOf(QueueFullError);
    for (let i = 0; i < 5; i++) {
      await flushMicrotasks();
      if (b.blocked > 0) b.release('x');
    }
  });

  it('explicit options win over the environment', () => {
    vi.stubEnv('OVERSEER_POOL_SIZE', '3');
    vi.stubEnv('OVERSEER_MAX_QUEUE_SIZE', '2');
    expect(normalizePoolOptions({ size: 5, maxQueueSize: 7 })).toMatchObject({ size: 5, maxQueueSize: 7 });
  });

  it('accepts Infinity for the queue size and ignores blank values', () => {
    vi.stubEnv('OVERSEER_MAX_QUEUE_SIZE', 'Infinity');
    vi.stubEnv('OVERSEER_POOL_SIZE', '  ');
    expect(normalizePoolOptions({})).toMatchObject({ size: 10, maxQueueSize: Infinity });
  });

  it('a bad environment value throws InvalidOptionError naming the variable', () => {
    for (const [variable, value] of [
      ['OVERSEER_POOL_SIZE', 'many'],
      ['OVERSEER_POOL_SIZE', '0'],
      ['OVERSEER_POOL_SIZE', '2.5'],
      ['OVERSEER_MAX_QUEUE_SIZE', 'lots'],
      ['OVERSEER_MAX_QUEUE_SIZE', '-1'],
    ] as const) {
      vi.unstubAllEnvs();
      vi.stubEnv(variable, value);
      const error = thrownBy(() => track(createPool({})));
      expect(error, `${variable}=${value}`).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe(variable);
    }
  });
});
