import { metrics, createNoopMeter } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidOptionError, UnknownOptionError, startSupervisor, poolSpec, getPool, createPool } from '../../src/index.js';
import { instrument, METRICS } from '../../src/otel/index.js';
import { makePool, poolSuite } from '../pool/helpers.js';
import { Collected, listenerCount, makeSdk, sdkSuite, TestReader } from './helpers.js';

poolSuite();
sdkSuite();

const N = (key: keyof typeof METRICS): string => METRICS[key].name;

describe('instrument: arguments', () => {
  it('refuses a target that is not a pool or a supervisor, naming it', () => {
    for (const bad of [undefined, null, 42, {}, { events: {} }, createPool]) {
      const error = (() => {
        try {
          instrument(bad as never);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe('target');
      expect((error as InvalidOptionError).code).toBe('ERR_INVALID_OPTION');
    }
  });

  it('refuses a bad meter, bad attributes, a bad durations and unknown options, attaching nothing', () => {
    const pool = makePool({ name: 'args' });
    const cases: [unknown, string][] = [
      [{ meter: 42 }, 'meter'],
      [{ meter: {} }, 'meter'],
      [{ meter: { createHistogram: () => undefined } }, 'meter'],
      [{ attributes: 'env=prod' }, 'attributes'],
      [{ attributes: [] }, 'attributes'],
      [{ attributes: { nested: { a: 1 } } }, 'attributes.nested'],
      [{ attributes: { n: Number.NaN } }, 'attributes.n'],
      [{ durations: 'yes' }, 'durations'],
      [{ meter: null }, 'meter'],
      [null, 'options'],
      ['options', 'options'],
    ];
    for (const [options, option] of cases) {
      let error: unknown;
      try {
        instrument(pool, options as never);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(options)).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe(option);
    }
    let unknown: unknown;
    try {
      instrument(pool, { metre: {} } as never);
    } catch (e) {
      unknown = e;
    }
    expect(unknown).toBeInstanceOf(UnknownOptionError);
    expect((unknown as UnknownOptionError).suggestion).toBe('meter');
    expect(listenerCount(pool.events)).toBe(0);
  });

  it('names the missing method of something that is not a meter', () => {
    const pool = makePool({ name: 'args' });
    expect(() => instrument(pool, { meter: { createHistogram() {} } as never })).toThrow(/no createObservableCounter\(\)/);
  });
});

describe('instrument: the no-op meter', () => {
  afterEach(() => metrics.disable());

  it('with no SDK registered, attaches nothing, throws nothing and stops', async () => {
    const pool = makePool({ name: 'quiet' });
    const handle = instrument(pool);
    expect(listenerCount(pool.events)).toBe(0);
    await pool.run(() => 1, { label: 'x' });
    expect(() => handle.stop()).not.toThrow();
    expect(() => handle.stop()).not.toThrow();
    const sup = await startSupervisor({ children: [poolSpec('inner', { size: 1 })] });
    const inner = getPool(sup.whichChildren()[0]?.ref)!;
    instrument(sup, { meter: createNoopMeter() }).stop();
    expect(listenerCount(sup.events)).toBe(0);
    expect(listenerCount(inner.events)).toBe(0);
    await sup.stop();
  });

  it('uses the global meter provider registered before it is called, under the scope "overseer"', async () => {
    const reader = new TestReader();
    const provider = new MeterProvider({ readers: [reader] });
    expect(metrics.setGlobalMeterProvider(provider)).toBe(true);
    const pool = makePool({ name: 'global' });
    const handle = instrument(pool);
    await pool.run(() => 1);
    const { resourceMetrics } = await reader.collect();
    const scope = resourceMetrics.scopeMetrics.find((s) => s.scope.name === 'overseer');
    expect(scope?.scope.version).toBe('0.1.0');
    const c = new Collected(new Map(scope!.metrics.map((m) => [m.descriptor.name, m])));
    expect(c.value(N('settled'), { 'overseer.pool.name': 'global', 'overseer.task.outcome': 'completed' })).toBe(1);
    handle.stop();
    await provider.shutdown();
  });
});

describe('instrument: stop()', () => {
  it('removes every listener and the observable callback (nothing changes after it); idempotent', async () => {
    const sdk = makeSdk();
    const pool = makePool({ name: 'stopping', size: 1 });
    const before = listenerCount(pool.events);
    const handle = instrument(pool, { meter: sdk.meter, attributes: { region: 'eu' } });
    expect(listenerCount(pool.events)).toBeGreaterThan(before);
    await pool.run(() => 1);
    const done = { region: 'eu', 'overseer.pool.name': 'stopping', 'overseer.task.outcome': 'completed' };
    const queued = { region: 'eu', 'overseer.pool.name': 'stopping', 'overseer.task.state': 'queued' };
    const c = await sdk.collect();
    expect(c.value(N('settled'), done)).toBe(1);
    expect(c.value(N('tasks'), queued)).toBe(0);
    handle.stop();
    handle.stop();
    expect(listenerCount(pool.events)).toBe(before);
    await pool.run(() => 1);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = [pool.run(() => gate), pool.run(() => 1), pool.run(() => 1)];
    expect(pool.status().queued).toBe(2);
    // The SDK still exports the last cumulative values it has, frozen: neither listeners nor the callback run.
    const after = await sdk.collect();
    expect(after.value(N('settled'), done)).toBe(1);
    expect(after.value(N('tasks'), queued)).toBe(0);
    expect(after.value(N('accepted'), { region: 'eu', 'overseer.pool.name': 'stopping' })).toBe(1);
    expect(after.histogram(N('runDuration'), done)?.count).toBe(1);
    release();
    await Promise.all(held);
  });

  it('on a supervisor, detaches the supervisor and every pool under it, and pools started later are not watched', async () => {
    const sdk = makeSdk();
    const sup = await startSupervisor({ name: 'tree', children: [poolSpec('a', { size: 1 })] });
    const a = getPool(sup.whichChildren()[0]?.ref)!;
    const handle = instrument(sup, { meter: sdk.meter });
    expect(listenerCount(sup.events)).toBeGreaterThan(0);
    handle.stop();
    expect(listenerCount(sup.events)).toBe(0);
    expect(listenerCount(a.events)).toBe(0);
    const started = await sup.startChild(poolSpec('b', { size: 1 }));
    if (!started.ok) throw new Error('b did not start');
    expect(listenerCount(getPool(started.ref)!.events)).toBe(0);
    await sup.stop();
  });

  it('two instrumentations of one pool are independent: stopping one leaves the other', async () => {
    const one = makeSdk();
    const two = makeSdk();
    const pool = makePool({ name: 'twice' });
    const first = instrument(pool, { meter: one.meter });
    instrument(pool, { meter: two.meter });
    first.stop();
    await pool.run(() => 1);
    const c = await two.collect();
    expect(c.value(N('settled'), { 'overseer.pool.name': 'twice', 'overseer.task.outcome': 'completed' })).toBe(1);
  });
});

describe('instrument: labels', () => {
  it('caps the distinct labels of a pool, counting the rest under _other', async () => {
    const sdk = makeSdk();
    const pool = makePool({ name: 'many', size: 4 });
    instrument(pool, { meter: sdk.meter, durations: false });
    const { MAX_LABELS, OVERFLOW_LABEL } = await import('../../src/otel/index.js');
    await Promise.all(Array.from({ length: MAX_LABELS + 5 }, (_, i) => pool.run(() => i, { label: `l${i}` })));
    const c = await sdk.collect();
    const labels = new Set(c.points(N('settled')).map(([a]) => a['overseer.task.label']));
    expect(labels.size).toBe(MAX_LABELS + 1);
    expect(c.points(N('settled'))).toHaveLength(MAX_LABELS + 1); // one outcome seen per label: one series each
    expect(c.value(N('settled'), { 'overseer.pool.name': 'many', 'overseer.task.label': OVERFLOW_LABEL, 'overseer.task.outcome': 'completed' })).toBe(5);
    expect(c.sum(N('settled'))).toBe(MAX_LABELS + 5);
  });
});
