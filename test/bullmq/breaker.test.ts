// The node's circuit breaker against a real Redis: an open circuit pauses only its own node (the
// jobs it holds wait, none fails for it), half-open resumes with the probe limit, and
// `onCircuitOpen: 'rateLimitQueue'` holds every node of the queue instead.
import { expect, it } from 'vitest';
import { settled, testResources, waitFor } from './support.js';

const { queueFor, nodeOn } = testResources();

const slow = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('an open circuit pauses only its own node; the jobs it holds wait and none fails for it', async () => {
  const q = queueFor('breaker-pause');
  const downstream = { up: false };
  const broken = await nodeOn(q, {
    name: 'broken', size: 2, circuitBreaker: { failureThreshold: 3, cooldown: 4_000 },
    processor: async () => {
      await slow(5);
      if (!downstream.up) throw new Error('downstream down');
      return 'broken-node';
    },
  });
  const events: string[] = [];
  broken.on('fetchPaused', ({ reason }) => events.push(`paused ${reason}`));
  broken.on('circuitOpened', ({ retryAt }) => events.push(typeof retryAt === 'number' ? 'open' : 'open without retryAt'));
  broken.on('circuitHalfOpened', () => events.push('halfOpen'));
  broken.on('circuitClosed', () => events.push('closed'));
  const jobs = await q.queue.addBulk(Array.from({ length: 3 }, (_, i) => ({ name: 'any', data: { i } })));
  await waitFor(() => broken.status().circuit === 'open');
  expect(broken.status()).toMatchObject({ fetching: false, circuit: 'open' });
  expect(events).toEqual(['open', 'paused circuitOpen']);
  for (const job of jobs) expect((await settled(q.queue, job.id!)).failedReason).toBe('downstream down');

  // The other node keeps going. A fetch already under way when the node paused may still hand it
  // one job: that job is held (its lock renewed), not failed, and runs when the circuit half-opens.
  const healthy = await nodeOn(q, { name: 'healthy', size: 2, processor: async () => 'healthy-node' });
  const more = await q.queue.addBulk(Array.from({ length: 10 }, (_, i) => ({ name: 'any', data: { i } })));
  await waitFor(() => healthy.metrics().completed + broken.status().active === 10);
  expect(healthy.metrics().completed).toBeGreaterThanOrEqual(8);
  expect(broken.status()).toMatchObject({ circuit: 'open', fetching: false });
  expect(broken.metrics()).toMatchObject({ failed: 3, completed: 0 });
  downstream.up = true;
  const results = [];
  for (const job of more) results.push((await settled(q.queue, job.id!, 15_000)).returnvalue);
  expect(results.filter((r) => r === 'healthy-node').length).toBe(healthy.metrics().completed);
  expect(results.every((r) => r === 'healthy-node' || r === 'broken-node')).toBe(true);
  expect(broken.metrics().failed).toBe(3);
});

it('half-open resumes fetching with the probe limit; a good probe closes the circuit and restores the size', async () => {
  const q = queueFor('breaker-probe');
  const downstream = { up: false };
  const node = await nodeOn(q, {
    size: 3, circuitBreaker: { failureThreshold: 2, cooldown: 400, halfOpenMaxCalls: 1 },
    processor: async () => {
      if (!downstream.up) throw new Error('downstream down');
      await slow(20);
      return 'ok';
    },
  });
  const resumed: number[] = [];
  node.on('fetchResumed', ({ concurrency }) => resumed.push(concurrency));
  const circuit: string[] = [];
  node.on('circuitOpened', () => circuit.push('opened'));
  node.on('circuitHalfOpened', () => circuit.push('halfOpened'));
  node.on('circuitClosed', () => circuit.push('closed'));
  const failing = await q.queue.addBulk([{ name: 'any', data: {} }, { name: 'any', data: {} }]);
  await waitFor(() => node.status().circuit === 'open');
  for (const job of failing) await settled(q.queue, job.id!);
  downstream.up = true;
  const later = await q.queue.addBulk(Array.from({ length: 6 }, () => ({ name: 'any', data: {} })));
  for (const job of later) expect((await settled(q.queue, job.id!)).returnvalue).toBe('ok');
  expect(resumed).toEqual([1, 3]);
  expect(circuit).toEqual(['opened', 'halfOpened', 'closed']);
  expect(node.status()).toMatchObject({ circuit: 'closed', fetching: true });
});

it("onCircuitOpen: 'rateLimitQueue' rate-limits the whole queue for the cooldown: other nodes wait too", async () => {
  const q = queueFor('breaker-ratelimit');
  const options = { onCircuitOpen: 'rateLimitQueue', circuitBreaker: { failureThreshold: 1, cooldown: 1_500 } };
  const tripping = await nodeOn(q, { ...options, name: 'tripping', size: 1, processor: async () => { throw new Error('shared downstream down'); } });
  const limited: number[] = [];
  tripping.on('queueRateLimited', ({ duration }) => limited.push(duration));
  const first = await q.queue.add('any', {});
  await settled(q.queue, first.id!);
  await waitFor(() => limited.length === 1);
  expect(limited[0]).toBeGreaterThan(1_000);
  expect(await q.queue.getRateLimitTtl(1)).toBeGreaterThan(0);
  expect(tripping.status().rateLimitedUntil).toBeGreaterThan(Date.now());

  const other = await nodeOn(q, { ...options, name: 'other', size: 1, processor: async () => 'done' });
  const added = Date.now();
  const held = await q.queue.add('any', {});
  const done = await settled(q.queue, held.id!, 10_000);
  // Processed only once the limit expired (by the other node, or by the tripping node's probe).
  expect(done.processedOn! - added).toBeGreaterThan(500);
  expect(other.status().fetching).toBe(true);
});
