/**
 * The HTTP service of the README and docs/production.md: a route that calls a downstream
 * through a pool, with a timeout, a circuit breaker and the pool's self-healing defaults.
 *
 * Run: npx tsx examples/http-service.ts [downstream-url]
 * (without a URL it starts a toy downstream of its own, stalls it for 2 s, and shows the
 * route failing fast during the stall and serving again after it).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { CircuitOpenError, PoolRecoveringError, QueueFullError, TaskTimeoutError, createPool, type Pool } from '../src/index.js';

/** The HTTP status for a pool's typed error: overload and known outages are 503, a timeout 504. */
export function statusFor(error: unknown): number {
  if (error instanceof TaskTimeoutError) return 504;
  if (error instanceof CircuitOpenError || error instanceof QueueFullError || error instanceof PoolRecoveringError) return 503;
  return 502;
}

export interface Service {
  url: string;
  pool: Pool;
  close(): Promise<void>;
}

/** Starts the service on `port` (0: any free port), calling `downstream` for each request. */
export async function startService(downstream: string, port = 0): Promise<Service> {
  const pool = createPool({
    size: 8,
    taskTimeout: 250, // a slow downstream answers within 250 ms or not at all
    circuitBreaker: { failureThreshold: 3, cooldown: 500 },
  });
  const server = http.createServer(async (_req, res) => {
    try {
      // ctx.signal aborts at the timeout: fetch stops, the task returns within the grace,
      // and its worker is free again (no crash, no restart).
      const body = await pool.run(({ signal }) => fetch(downstream, { signal }).then((r) => r.text()), { label: 'downstream' });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(body);
    } catch (error) {
      const status = statusFor(error);
      const retryAt = (error as { retryAt?: number }).retryAt;
      res.writeHead(status, retryAt === undefined ? {} : { 'retry-after': String(Math.max(1, Math.ceil((retryAt - Date.now()) / 1000))) }).end(String(status));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/`,
    pool,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await pool.close({ timeout: 1000 });
    },
  };
}

/** A toy downstream that can stall: while stalled, a request gets no answer until its client gives up. */
export async function startDownstream(): Promise<{ url: string; stall(ms: number): void; close(): Promise<void> }> {
  let stalledUntil = 0;
  const server = http.createServer((_req, res) => {
    if (Date.now() < stalledUntil) return; // hangs: the caller's abort closes the socket
    res.end('quote: 42');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stall: (ms) => (stalledUntil = Date.now() + ms),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function demo(): Promise<void> {
  const downstream = await startDownstream();
  const service = await startService(process.argv[2] ?? downstream.url);
  const hit = async (): Promise<string> => {
    const started = performance.now();
    const res = await fetch(service.url);
    await res.text();
    return `${res.status} in ${Math.round(performance.now() - started)} ms`;
  };
  console.log('healthy:', await hit());
  downstream.stall(2000);
  const stallEnds = Date.now() + 2000;
  while (Date.now() < stallEnds) {
    console.log('stalled:', await hit(), '| pool', service.pool.phase, 'circuit', service.pool.circuit);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await new Promise((resolve) => setTimeout(resolve, 600)); // the breaker's cooldown
  console.log('recovered:', await hit(), '| crashes', service.pool.status().crashes);
  await service.close();
  await downstream.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await demo();
