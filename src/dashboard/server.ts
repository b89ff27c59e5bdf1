import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { onLiveRoot } from '../../supervisor/live-roots.js';
import { isMachine, toGraph } from '../visualize/machine-graph.js';
import { systemTree } from '../visualize/system-tree.js';
import { parseAction, performAction } from './actions.js';
import { hasToken, hostAllowed } from './auth.js';
import { DashboardListenError } from './errors.js';
import { Feed } from './feed.js';
import { isLoopback, normalizeDashboardOptions, type DashboardOptions } from './options.js';
import { pageScript } from './page-assets.js';
import { CONTENT_SECURITY_POLICY, pageHtml } from './page-html.js';
import type { DashboardBatch, DashboardHello } from './payload.js';

/** A running dashboard. */
export interface Dashboard {
  /** The page's address, with `?token=` when a token is required. */
  url: string;
  /** The token every request must carry, when there is one. */
  token?: string;
  /** Ends every connection (streams included) and stops listening; idempotent. */
  close(): Promise<void>;
}

/** A client that reads more slowly than batches come is skipped until it catches up. */
const MAX_BUFFERED = 4 * 1024 * 1024;
const MAX_BODY = 16 * 1024;

/**
 * Serves the live dashboard: one page (tree, statecharts, pools, event log, actions) from
 * `node:http`, its script bundled in the package (no CDN: nothing leaves the machine), and a
 * Server-Sent Events stream of batched updates (`interval`, 250 ms by default). Nothing runs
 * while no page is open: the inspection observers, event listeners and timer come with the first
 * page and go with the last.
 *
 * Safe by default: it listens on 127.0.0.1, refuses requests whose `Host` is not this machine
 * (DNS rebinding), and with `actions: true` or a non-loopback `host` requires a token on every
 * request (generated into `url` when not given). Payloads hold no function, actor, worker
 * resource, task or task argument. Bad options throw `InvalidOptionError`; a port that cannot be
 * bound rejects with `DashboardListenError`.
 *
 * @example
 * ```ts
 * import { serveDashboard } from 'overseer/dashboard';
 * const dash = await serveDashboard({ port: 4000 });
 * console.log(`dashboard: ${dash.url}`);
 * process.on('SIGTERM', () => dash.close());
 * ```
 */
export async function serveDashboard(options: DashboardOptions = {}): Promise<Dashboard> {
  const config = normalizeDashboardOptions(options);
  const clients = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const broadcast = (batch: DashboardBatch): void => {
    const message = `data: ${JSON.stringify(batch)}\n\n`;
    for (const client of clients) if (client.writableLength < MAX_BUFFERED) client.write(message);
  };
  const feed = new Feed(config.watch, config.interval, broadcast);
  // Restarts are counted from the first look at a tree: look now, not when the first page opens,
  // and at every root that starts while the dashboard is served.
  feed.walk();
  const stopWatchingRoots =
    config.watch === undefined
      ? onLiveRoot((actor) => {
          setImmediate(() => {
            try {
              systemTree(actor);
            } catch {
              // Not started after all (it failed to start): nothing to count.
            }
          });
        })
      : undefined;
  // Bound to loopback, the Host check stops DNS rebinding; elsewhere the token (required there) does.
  const loopback = isLoopback(config.host);
  const hello: DashboardHello = { actions: config.actions, interval: config.interval };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) reply(response, 500, { ok: false, detail: String(error) });
      else response.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://dashboard');
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    if (loopback && !hostAllowed(request.headers.host, config.host)) return reply(response, 403, { ok: false, detail: 'unknown Host' });
    if (!hasToken(request, url, config.token)) return reply(response, 401, { ok: false, detail: 'the token is missing or wrong' });
    const route = `${request.method} ${url.pathname}`;
    switch (route) {
      case 'GET /':
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
        response.end(pageHtml(config.token));
        return;
      case 'GET /page.js':
        response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
        response.end(await pageScript());
        return;
      case 'GET /api/events':
        return stream(request, response);
      case 'GET /api/graph':
        return graph(url, response);
      case 'POST /api/action':
        return action(request, response);
      default:
        return reply(response, 404, { ok: false, detail: `no ${route}` });
    }
  }

  function stream(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    response.write(`event: hello\ndata: ${JSON.stringify(hello)}\n\n`);
    clients.add(response);
    const leave = (): void => {
      clients.delete(response);
      if (clients.size === 0) feed.stop();
    };
    request.on('close', leave);
    response.on('close', leave);
    if (feed.running) feed.walk();
    else feed.start();
  }

  function graph(url: URL, response: ServerResponse): void {
    const path = url.searchParams.get('path') ?? '';
    if (feed.entries.size === 0 || !feed.running) feed.walk();
    const logic = (feed.entries.get(path)?.actor as { logic?: unknown } | undefined)?.logic;
    if (!isMachine(logic)) return reply(response, 404, { ok: false, detail: `no state machine runs at ${JSON.stringify(path)}` });
    feed.focus(path);
    reply(response, 200, toGraph(logic));
  }

  async function action(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!config.actions) return reply(response, 403, { ok: false, detail: 'actions are off (serveDashboard({ actions: true }))' });
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request));
    } catch (error) {
      response.setHeader('Connection', 'close');
      return reply(response, error instanceof BodyTooLarge ? 413 : 400, { ok: false, detail: error instanceof Error ? error.message : 'bad body' });
    }
    const parsed = parseAction(body);
    if (typeof parsed === 'string') return reply(response, 400, { ok: false, detail: parsed });
    feed.walk();
    const result = await performAction(parsed, feed.entries.get(parsed.target));
    feed.note({ at: Date.now(), kind: 'action', source: parsed.target, detail: `${parsed.action}: ${result.ok ? 'ok' : 'refused'}${result.detail === undefined ? '' : ` (${result.detail})`}` });
    reply(response, result.ok ? 200 : 409, result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(new DashboardListenError(config.host, config.port, error)));
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const hostInUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${hostInUrl}:${port}/${config.token === undefined ? '' : `?token=${config.token}`}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      stopWatchingRoots?.();
      feed.stop();
      for (const client of clients) client.end();
      clients.clear();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };
  return { url, ...(config.token === undefined ? {} : { token: config.token }), close };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

class BodyTooLarge extends Error {
  constructor() {
    super(`the body is over ${MAX_BODY} bytes`);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        // Refused; the rest is read and dropped so that the answer can still be sent.
        reject(new BodyTooLarge());
        request.removeAllListeners('data');
        request.resume();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
