import { describe, expect, it } from 'vitest';
import type { TaskContext, TaskWrapper } from '../../src/index.js';
import { Boom, makePool, poolSuite, ready, rejectionOf } from './helpers.js';

poolSuite();

describe('named handlers and call()', () => {
  it('call(name, ...args) runs the handler with the args and then the task context', async () => {
    const pool = makePool({
      size: 2,
      handlers: {
        add: (a: number, b: number) => a + b,
        greet: async (name: string) => `hello ${name}`,
        whoAmI: (label: string, ctx: TaskContext) => `${label}:${ctx.workerId}:${ctx.taskId}:${ctx.signal.aborted}`,
        fail: (message: string) => {
          throw new Boom(message);
        },
      },
    });
    await ready(pool);
    expect(await pool.call('add', 1, 2)).toBe(3);
    expect(await pool.call('greet', 'pool')).toBe('hello pool');
    expect(await pool.call('whoAmI', 'me')).toMatch(/^me:\S+:\S+:false$/);
    const error = await rejectionOf(pool.call('fail', 'handler failed'));
    expect(error).toBeInstanceOf(Boom);
    expect((error as Error).message).toBe('handler failed');
    expect(pool.metrics()).toMatchObject({ completed: 3, failed: 1 });
  });

  it('an unknown handler name rejects with a TypeError and runs nothing', async () => {
    const pool = makePool({ size: 1, handlers: { known: () => 1 } });
    await ready(pool);
    // Bypass the typed signature: callers from untyped code (or a queue) can pass any name.
    const call = pool.call.bind(pool) as unknown as (name: string, ...args: unknown[]) => Promise<unknown>;
    const error = await rejectionOf(call('unknown'));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('unknown');
    // Inherited object properties are not handlers.
    expect(await rejectionOf(call('toString'))).toBeInstanceOf(TypeError);
    expect(await rejectionOf(call('__proto__'))).toBeInstanceOf(TypeError);
    expect(pool.metrics().accepted).toBe(0);
  });

  it('call is subject to the bounded queue like any task', async () => {
    const pool = makePool({ size: 1, maxQueueSize: 0, handlers: { wait: () => new Promise(() => undefined) } });
    await ready(pool);
    void pool.call('wait').catch(() => undefined);
    const refused = await rejectionOf(pool.call('wait'));
    expect((refused as Error).name).toBe('QueueFullError');
  });
});

describe('wrap (task middleware)', () => {
  it('is applied to every task: submit, run, submitWait and call', async () => {
    const seen: string[] = [];
    const wrap: TaskWrapper<undefined> = (task) => async (ctx) => {
      seen.push(`before ${ctx.taskId}`);
      try {
        return await task(ctx);
      } finally {
        seen.push(`after ${ctx.taskId}`);
      }
    };
    const pool = makePool({ size: 1, wrap, handlers: { double: (n: number) => n * 2 } });
    await ready(pool);
    const handle = pool.submit(() => 'submitted');
    expect(await handle.result).toBe('submitted');
    expect(await pool.run(() => 'ran')).toBe('ran');
    expect(await (await pool.submitWait(() => 'waited')).result).toBe('waited');
    expect(await pool.call('double', 21)).toBe(42);
    expect(await rejectionOf(pool.run(() => Promise.reject(new Boom())))).toBeInstanceOf(Boom);
    expect(seen).toHaveLength(10);
    expect(seen[0]).toBe(`before ${handle.id}`);
    expect(seen[1]).toBe(`after ${handle.id}`);
  });

  it('a wrapper can change the result and see failures (instrumentation)', async () => {
    const timings: Array<{ ok: boolean }> = [];
    const pool = makePool({
      size: 1,
      circuitBreaker: false,
      wrap: (task) => async (ctx) => {
        try {
          const value = await task(ctx);
          timings.push({ ok: true });
          return typeof value === 'number' ? ((value * 10) as typeof value) : value;
        } catch (error) {
          timings.push({ ok: false });
          throw error;
        }
      },
    });
    await ready(pool);
    expect(await pool.run(() => 4)).toBe(40);
    await rejectionOf(pool.run(() => Promise.reject(new Boom())));
    expect(timings).toEqual([{ ok: true }, { ok: false }]);
  });
});
