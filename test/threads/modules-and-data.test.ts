import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createThreadPool, InvalidOptionError, type ThreadPool } from '../../src/index.js';
import {
  CJS_URL,
  HANDLERS_URL,
  makeThreadPool,
  recordEvents,
  rejectionOf,
  threadSuite,
  within,
  type CjsHandlers,
  type Handlers,
} from './helpers.js';
import type { ThreadResource } from '../fixtures/handlers.mjs';

threadSuite();

describe('handlers modules', () => {
  it('runs an ESM module given as a URL', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    expect(await pool.call('inc', 41)).toBe(42);
    expect(await pool.call('delayed', 'later', 5)).toBe('later');
  });

  it('runs an ESM module given as an absolute path, a relative path (from the cwd) and a file: URL string', async () => {
    const absolute = fileURLToPath(HANDLERS_URL);
    const fromCwd = relative(process.cwd(), absolute);
    expect(fromCwd.startsWith('/')).toBe(false);
    for (const module of [absolute, fromCwd, HANDLERS_URL.href]) {
      const pool = makeThreadPool<Handlers>(module, { size: 1 });
      expect(await pool.call('inc', 1), String(module)).toBe(2);
      await pool.close();
    }
  });

  it('runs a CommonJS module (module.exports, require) given as a path, with its init hook', async () => {
    const pool = makeThreadPool<CjsHandlers>(fileURLToPath(CJS_URL), { size: 1 });
    expect(await pool.call('add', 2, 3)).toBe(5);
    const me = await pool.call('whoAmI');
    // `module` and `require` exist at the module's top level: it really ran as CommonJS, in a thread.
    expect(me).toMatchObject({ moduleType: 'commonjs', calls: 1 });
    expect(me.threadId).toBeGreaterThan(0);
    expect(await pool.call('resourceOf')).toEqual({ kind: 'cjs', threadId: me.threadId });
  });

  it('runs a CommonJS module given as a URL', async () => {
    const pool = makeThreadPool<CjsHandlers>(CJS_URL, { size: 1 });
    expect(await pool.call('add', 40, 2)).toBe(42);
  });

  it('an unknown handler name (or a hook name) rejects with a TypeError and the thread stays', async () => {
    const pool = makeThreadPool<Record<string, (...args: any[]) => unknown>>(HANDLERS_URL, { size: 1 });
    const events = recordEvents(pool);
    const before = (await pool.call('whoAmI')) as { threadId: number };
    const unknown = await rejectionOf(pool.call('noSuchHandler'));
    expect(unknown).toBeInstanceOf(TypeError);
    expect((unknown as Error).message).toContain('"noSuchHandler"');
    expect(await rejectionOf(pool.call('init'))).toBeInstanceOf(TypeError);
    expect(((await pool.call('whoAmI')) as { threadId: number }).threadId).toBe(before.threadId);
    expect(events.count('workerCrashed')).toBe(0);
  });

  it('refuses a module that is neither a URL nor a non-empty path', () => {
    expect(() => createThreadPool('' as string)).toThrow(InvalidOptionError);
    expect(() => createThreadPool(42 as unknown as string)).toThrow(InvalidOptionError);
  });
});

describe('typing', () => {
  it('call() infers handler names, argument and result types from the module type', async () => {
    const pool: ThreadPool<Handlers> = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });

    expectTypeOf(pool.call('inc', 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(pool.call('whoAmI')).resolves.toEqualTypeOf<{ threadId: number; calls: number }>();
    expectTypeOf(pool.call('delayed', 'x', 1)).resolves.toEqualTypeOf<unknown>();
    // The trailing thread context is not an argument the caller passes.
    expectTypeOf(pool.call('resourceOf')).resolves.toEqualTypeOf<ThreadResource>();
    expectTypeOf(pool.run('sumBytes', [new ArrayBuffer(1)])).resolves.toEqualTypeOf<{ sum: number; byteLength: number; threadId: number }>();

    // Rejections are observed at once (rejectionOf), so none is ever unhandled.
    const misnamed = rejectionOf(
      // @ts-expect-error: no handler of that name
      pool.call('incc', 1),
    );
    // @ts-expect-error: inc takes a number
    const wrongArg = pool.call('inc', 'one');
    // @ts-expect-error: inc takes one argument
    const missingArg = pool.call('inc');
    const hook = rejectionOf(
      // @ts-expect-error: init / dispose are hooks, not handlers
      pool.call('init'),
    );
    const notArray = rejectionOf(
      // @ts-expect-error: run() takes the arguments as an array
      pool.run('inc', 1),
    );

    // At run time the thread does what JavaScript does with these calls.
    expect(await misnamed).toBeInstanceOf(TypeError);
    expect(await wrongArg).toBe('one1');
    // The thread context follows the arguments: a missing argument is filled by it.
    expect(await missingArg).toBe('[object Object]1');
    expect(await hook).toBeInstanceOf(TypeError);
    expect(await notArray).toBeInstanceOf(TypeError);

    const typed: number = await pool.call('inc', 1);
    expect(typed).toBe(2);
  });

  it('a CommonJS module type works the same way', async () => {
    const pool = makeThreadPool<CjsHandlers>(CJS_URL, { size: 1 });
    expectTypeOf(pool.call('add', 1, 2)).resolves.toEqualTypeOf<number>();
    // @ts-expect-error: add takes numbers
    const wrong = pool.call('add', 'a', 'b');
    expect(await wrong).toBe('ab');
  });
});

describe('data crossing the thread boundary', () => {
  class Point {
    constructor(
      readonly x: number,
      readonly y: number,
    ) {}
  }

  it('arguments and results are structured-cloned: Map, Set, Date, RegExp, BigInt, typed arrays, cycles; prototypes dropped', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const input: Record<string, unknown> = {
      date: new Date(86_400_000),
      map: new Map<string, unknown>([['a', { deep: [1, 2] }]]),
      set: new Set([1, 'two']),
      re: /ab+c/gi,
      big: 2n ** 70n,
      bytes: new Uint8Array([1, 2, 3]),
      nested: { list: [1, { two: 2 }], nothing: null, undef: undefined },
      point: new Point(1, 2),
    };
    input.self = input;

    const output = (await pool.call('echo', input)) as typeof input;
    expect(output).not.toBe(input);
    expect(output.self).toBe(output); // the cycle survived: not JSON
    expect(output.date).toBeInstanceOf(Date);
    expect((output.date as Date).getTime()).toBe(86_400_000);
    expect(output.map).toBeInstanceOf(Map);
    expect(output.map).toEqual(input.map);
    expect(output.map).not.toBe(input.map);
    expect(output.set).toEqual(new Set([1, 'two']));
    expect(output.re).toBeInstanceOf(RegExp);
    expect(String(output.re)).toBe('/ab+c/gi');
    expect(output.big).toBe(2n ** 70n);
    expect(output.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(output.bytes as Uint8Array)).toEqual([1, 2, 3]);
    expect(output.nested).toEqual(input.nested);
    expect('undef' in (output.nested as object)).toBe(true);
    // A class instance arrives as a plain object.
    expect(output.point).not.toBeInstanceOf(Point);
    expect(output.point).toEqual({ x: 1, y: 2 });
  });

  it('the thread works on a copy: changes it makes do not reach the caller', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const value = { list: ['caller'], map: new Map<string, boolean>([['caller', true]]), count: 1 };
    const changed = await pool.call('mutate', value);
    expect(changed).toEqual({ list: ['caller', 'thread'], map: new Map([['caller', true], ['thread', true]]), count: 2 });
    expect(value).toEqual({ list: ['caller'], map: new Map([['caller', true]]), count: 1 });
  });

  it('an argument that cannot be cloned rejects the call with a DataCloneError, not a crash', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const events = recordEvents(pool);
    const { threadId } = await pool.call('whoAmI');
    const error = await rejectionOf(pool.call('echo', { fn: () => 1 }));
    expect((error as Error).name).toBe('DataCloneError');
    expect((await pool.call('whoAmI')).threadId).toBe(threadId);
    expect(events.count('workerCrashed')).toBe(0);
  });

  it('a result that cannot be cloned rejects the call with a DataCloneError, not a crash', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const events = recordEvents(pool);
    const { threadId } = await pool.call('whoAmI');
    const error = await rejectionOf(pool.call('unclonableResult'));
    expect((error as Error).name).toBe('DataCloneError');
    expect((await pool.call('whoAmI')).threadId).toBe(threadId);
    expect(events.count('workerCrashed')).toBe(0);
  });

  it('transfer moves an ArrayBuffer into the thread: the caller\'s buffer is detached (byteLength 0)', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const buffer = new ArrayBuffer(1024);
    new Uint8Array(buffer).fill(3);
    const result = await pool.run('sumBytes', [buffer], { transfer: [buffer] });
    expect(result).toMatchObject({ sum: 3 * 1024, byteLength: 1024 });
    expect(buffer.byteLength).toBe(0);
  });

  it('without transfer the buffer is copied and stays usable', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const buffer = new ArrayBuffer(16);
    new Uint8Array(buffer).fill(2);
    expect(await pool.call('sumBytes', buffer)).toMatchObject({ sum: 32, byteLength: 16 });
    expect(buffer.byteLength).toBe(16);
    expect(new Uint8Array(buffer)[15]).toBe(2);
  });

  it('transfer moves a MessagePort: the thread can answer on it', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const { port1, port2 } = new MessageChannel();
    const answer = new Promise<unknown>((resolve) => port1.once('message', resolve));
    expect(await pool.run('replyOnPort', [port2, 'hello'], { transfer: [port2] })).toBe('sent');
    const message = (await within(answer, 10_000, 'the answer on the port')) as { text: string; threadId: number };
    expect(message.text).toBe('hello');
    expect(message.threadId).toBe((await pool.call('whoAmI')).threadId);
    port1.close();
  });

  it('transfer works through submit() and submitWait() too', async () => {
    const pool = makeThreadPool<Handlers>(HANDLERS_URL, { size: 1 });
    const a = new ArrayBuffer(8);
    const b = new ArrayBuffer(4);
    const first = pool.submit('byteLength', [a], { transfer: [a] });
    const second = await pool.submitWait('byteLength', [b], { transfer: [b] });
    expect(await first.result).toBe(8);
    expect(await second.result).toBe(4);
    expect(a.byteLength).toBe(0);
    expect(b.byteLength).toBe(0);
  });
});
