import { afterEach, describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import {
  createPool,
  createThreadPool,
  dynamicSupervisorSpec,
  InvalidOptionError,
  poolSpec,
  startDynamicSupervisor,
  startSupervisor,
  supervisorSpec,
  UnknownOptionError,
  type Pool,
} from '../../src/index.js';

// Issue 13 §2: every bad input is a typed error naming the option, and nothing is started.

const HANDLERS = new URL('./fixtures/handlers.mjs', import.meta.url);
const idle = createMachine({});

const pools: Pool<any, any>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.terminate()));
});

/** The error `fn` throws (or rejects with). */
async function errorOf(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('unknown option keys are named, with the close one suggested', () => {
  it.each([
    ['createPool', () => createPool({ maxQueue: 5 } as never), 'maxQueue', 'maxQueueSize'],
    ['createPool', () => createPool({ timeout: 5 } as never), 'timeout', 'taskTimeout'],
    ['createPool', () => createPool({ sizes: 2 } as never), 'sizes', 'size'],
    ['createPool', () => createPool({ circuitBreaker: { failureTreshold: 3 } } as never), 'circuitBreaker.failureTreshold', 'failureThreshold'],
    ['createPool', () => createPool({ intensty: 3 } as never), 'intensty', 'intensity'],
    ['createPool', () => createPool({ size: { min: 1, maxx: 2 } } as never), 'size.maxx', 'max'],
    ['startSupervisor', () => startSupervisor({ intensty: 3 } as never), 'intensty', 'intensity'],
    ['startSupervisor', () => startSupervisor({ children: [{ id: 'a', logic: idle, restrat: 'temporary' }] } as never), 'children[0].restrat', 'restart'],
    ['startDynamicSupervisor', () => startDynamicSupervisor({ maxChildern: 3 } as never), 'maxChildern', 'maxChildren'],
  ])('%s: %s', async (_api, call, option, suggestion) => {
    const error = await errorOf(call);
    expect(error).toBeInstanceOf(UnknownOptionError);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as UnknownOptionError).option).toBe(option);
    expect((error as UnknownOptionError).suggestion).toBe(suggestion);
    expect((error as Error).message).toContain(`"${suggestion}"`);
  });

  it('a key far from every option gets no suggestion', async () => {
    const error = (await errorOf(() => createPool({ zzzzzzzz: 1 } as never))) as UnknownOptionError;
    expect(error.option).toBe('zzzzzzzz');
    expect(error.suggestion).toBeUndefined();
  });
});

describe('null is refused, never taken as the default', () => {
  it.each([['size'], ['maxQueueSize'], ['taskTimeout'], ['circuitBreaker'], ['intensity'], ['handlers'], ['worker'], ['name']])(
    'createPool({ %s: null })',
    async (option) => {
      const error = (await errorOf(() => createPool({ [option]: null } as never))) as InvalidOptionError;
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error.option).toBe(option);
    },
  );

  it('in supervisor options and child specs; a child input of null is the child’s own data and passes', async () => {
    expect(((await errorOf(() => startSupervisor({ strategy: null } as never))) as InvalidOptionError).option).toBe('strategy');
    expect(((await errorOf(() => startSupervisor({ children: [{ id: 'a', logic: idle, restart: null }] } as never))) as InvalidOptionError).option).toBe(
      'children[0].restart',
    );
    const sup = await startSupervisor({ children: [{ id: 'a', logic: idle, input: null }] });
    await sup.stop();
  });
});

describe('option objects that are not objects', () => {
  it.each([
    ['createPool([])', () => createPool([] as never), 'options'],
    ['size: []', () => createPool({ size: [] as never }), 'size'],
    ['circuitBreaker: []', () => createPool({ circuitBreaker: [] as never }), 'circuitBreaker'],
    ['startSupervisor([])', () => startSupervisor([] as never), 'options'],
  ])('%s', async (_label, call, option) => {
    const error = (await errorOf(call)) as InvalidOptionError;
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.option).toBe(option);
  });
});

describe('environment variables are read as decimal digits only', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it.each([['0x10'], ['1e1'], ['0b11'], ['12abc'], ['-3']])('OVERSEER_POOL_SIZE=%s is refused', (raw) => {
    process.env.OVERSEER_POOL_SIZE = raw;
    expect(() => createPool()).toThrow(InvalidOptionError);
  });

  it('OVERSEER_MAX_QUEUE_SIZE=1e1 is refused; "25" and "Infinity" are read', () => {
    process.env.OVERSEER_MAX_QUEUE_SIZE = '1e1';
    expect(() => createPool({ size: 1 })).toThrow(InvalidOptionError);
    process.env.OVERSEER_MAX_QUEUE_SIZE = ' 25 ';
    process.env.OVERSEER_POOL_SIZE = '3';
    const pool = createPool();
    pools.push(pool);
    expect(pool.status().size).toBe(3);
    process.env.OVERSEER_MAX_QUEUE_SIZE = 'Infinity';
    pools.push(createPool({ size: 1 }));
  });
});

describe('sizes have an upper bound', () => {
  it('an in-process pool of 2 ** 31 workers is refused before anything starts', () => {
    const error = (() => {
      try {
        createPool({ size: 2 ** 31 });
      } catch (e) {
        return e as InvalidOptionError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error?.option).toBe('size');
    expect(() => createPool({ size: { min: 0, max: 2 ** 31 } })).toThrow(InvalidOptionError);
  });

  it('a thread pool of 5,000 threads is refused', () => {
    expect(() => createThreadPool(HANDLERS, { size: 5000 })).toThrow(/1024/);
  });
});

describe('thread pool options', () => {
  it.each([['handlers', {}], ['worker', {}], ['wrap', (t: unknown) => t], ['isFatal', () => true], ['timeoutGrace', 100]])(
    'the in-process-only option %s is refused with why',
    (option, value) => {
      const error = (() => {
        try {
          createThreadPool(HANDLERS, { [option]: value } as never);
        } catch (e) {
          return e as UnknownOptionError;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(UnknownOptionError);
      expect(error?.option).toBe(option);
      expect(error?.message.length).toBeGreaterThan(`Unknown option "${option}".`.length);
    },
  );

  it.each([
    [{ maxOldGenerationSizeMb: -1 }, 'resourceLimits.maxOldGenerationSizeMb'],
    [{ maxOldGenerationSizeMb: Number.NaN }, 'resourceLimits.maxOldGenerationSizeMb'],
    [{ maxOldGenSizeMb: 32 }, 'resourceLimits.maxOldGenSizeMb'],
  ])('resourceLimits %j is refused, naming %s, and no thread starts', (limits, option) => {
    let error: InvalidOptionError | undefined;
    try {
      createThreadPool(HANDLERS, { size: 1, resourceLimits: limits as never });
    } catch (e) {
      error = e as InvalidOptionError;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error?.option).toBe(option);
  });
});

describe('onSizeLessThan with a limit the queue can never go below', () => {
  it.each([[Number.NaN], ['x'], [0], [-1]])('onSizeLessThan(%s) rejects at once', async (limit) => {
    const pool = createPool({ size: 1 });
    pools.push(pool);
    await expect(pool.onSizeLessThan(limit as never)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('spec builders check their arguments when called, not at start', () => {
  it.each([
    ["supervisorSpec('', {})", () => supervisorSpec('', {}), 'id'],
    ['supervisorSpec(42, {})', () => supervisorSpec(42 as never, {}), 'id'],
    ["supervisorSpec('s', null)", () => supervisorSpec('s', null as never), 'options'],
    ["dynamicSupervisorSpec('', {})", () => dynamicSupervisorSpec(''), 'id'],
    ["poolSpec('p', null)", () => poolSpec('p', null as never), 'options'],
    ["poolSpec('p', {}, { restrat: 'temporary' })", () => poolSpec('p', {}, { restrat: 'temporary' } as never), 'spec.restrat'],
  ])('%s', (_label, call, option) => {
    let error: InvalidOptionError | undefined;
    try {
      call();
    } catch (e) {
      error = e as InvalidOptionError;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error?.option).toBe(option);
  });
});

describe('submit and close options', () => {
  it('an unknown submit option is named, with a suggestion; null is refused', async () => {
    const pool = createPool({ size: 1 });
    pools.push(pool);
    const error = (await errorOf(() => pool.submit(() => 1, { timout: 5 } as never))) as UnknownOptionError;
    expect(error).toBeInstanceOf(UnknownOptionError);
    expect(error.suggestion).toBe('timeout');
    expect(() => pool.submit(() => 1, { priority: null } as never)).toThrow(InvalidOptionError);
    expect(pool.metrics().accepted).toBe(0);
  });

  it('an unknown close option rejects, naming it', async () => {
    const pool = createPool({ size: 1 });
    pools.push(pool);
    await expect(pool.close({ timeot: 1 } as never)).rejects.toMatchObject({ name: 'UnknownOptionError', suggestion: 'timeout' });
  });

  it('a one- or two-letter key is not taken for an abbreviation', async () => {
    const error = (await errorOf(() => createPool({ e: 1 } as never))) as UnknownOptionError;
    expect(error.suggestion).toBeUndefined();
  });
});

