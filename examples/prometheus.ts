/**
 * overseer's metrics on a Prometheus `/metrics` page, through OpenTelemetry.
 *
 *   npx tsx examples/prometheus.ts          # then: curl http://127.0.0.1:9464/metrics
 *   PORT=0 npx tsx examples/prometheus.ts   # any free port (printed)
 *
 * A small supervision tree (an `images` pool, and a `mail` supervisor with an `smtp` pool under
 * it) gets a steady trickle of work, some of which fails, and `instrument(root)` records all of
 * it. Ctrl-C (SIGINT) or SIGTERM stops the workload, the tree and the server, and exits 0.
 * docs/metrics.md explains the names and how the wiring below works.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { getPool, getSupervisor, poolSpec, startSupervisor, supervisorSpec, type Pool } from '../src/index.js';
import { instrument } from '../src/otel/index.js';

/** What {@link startExample} gives back: where the metrics are served, and how to stop it all. */
export interface RunningExample {
  /** `http://127.0.0.1:<port>/metrics`. */
  url: string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Image work: a resize that takes a few ms, a thumbnail that sometimes fails. */
const imageHandlers = {
  resize: async (width: number) => {
    await sleep(2 + Math.random() * 8);
    return width / 2;
  },
  thumbnail: async (id: number) => {
    await sleep(1);
    if (id % 7 === 0) throw new Error(`image ${id} is corrupt`);
    return `thumb-${id}`;
  },
};

/**
 * Registers the SDK with a Prometheus reader, starts the tree, instruments it, drives work through
 * it and serves `/metrics` on `port` (0: any free port).
 *
 * @example
 * ```ts
 * const { url, stop } = await startExample({ port: 0 });
 * console.log(await (await fetch(url)).text());
 * await stop();
 * ```
 */
export async function startExample({ port = 9464 }: { port?: number } = {}): Promise<RunningExample> {
  // 1. The SDK, registered globally BEFORE instrument() reads the global meter. The exporter does
  //    not start its own server here: its request handler is mounted on ours (any port, 0 too).
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter] });
  metrics.setGlobalMeterProvider(provider);

  // 2. The tree, and one instrument() for all of it: pools at any depth, restarts included.
  const root = await startSupervisor({
    name: 'app',
    children: [
      poolSpec('images', { size: 2, handlers: imageHandlers }),
      supervisorSpec('mail', { name: 'mail', children: [poolSpec('smtp', { size: 1, maxQueueSize: 5 })] }),
    ],
  });
  const otel = instrument(root, { attributes: { 'deployment.environment.name': 'example' } });

  // 3. Work: every 50 ms a resize, a thumbnail and a mail (the small mail queue refuses some).
  const images = getPool<undefined, typeof imageHandlers>(root.whichChildren().find((c) => c.id === 'images')?.ref) as Pool<undefined, typeof imageHandlers>;
  const mail = getSupervisor(root.whichChildren().find((c) => c.id === 'mail')?.ref);
  const smtp = getPool(mail?.whichChildren()[0]?.ref) as Pool;
  let n = 0;
  const ignore = (): void => undefined;
  const tick = setInterval(() => {
    n++;
    images.call('resize', 100 * n).catch(ignore);
    images.call('thumbnail', n).catch(ignore);
    smtp.run(() => sleep(20), { label: 'send' }).catch(ignore);
  }, 50);

  // 4. The server: /metrics answered by the exporter, anything else 404.
  const server: Server = createServer((request, response) => {
    if (request.url === '/metrics') exporter.getMetricsRequestHandler(request, response);
    else response.writeHead(404).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      clearInterval(tick);
      await root.stop();
      otel.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await provider.shutdown();
      metrics.disable();
    })());
  return { url, stop };
}

// Run directly: serve until SIGINT / SIGTERM.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url, stop } = await startExample({ port: Number(process.env.PORT ?? 9464) });
  console.log(`overseer metrics at ${url}`);
  const shutdown = (): void => {
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
