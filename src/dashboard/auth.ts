import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Whether a request carries the dashboard's token: `?token=` in its URL, an `x-overseer-token`
 * header, or `Authorization: Bearer <token>`. Compared in constant time. With no token set,
 * every request passes.
 *
 * @example
 * ```ts
 * if (!hasToken(request, url, 'secret-secret-secret')) return reply(response, 401);
 * ```
 */
export function hasToken(request: IncomingMessage, url: URL, token: string | undefined): boolean {
  if (token === undefined) return true;
  const header = request.headers['x-overseer-token'];
  const bearer = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const given = url.searchParams.get('token') ?? (typeof header === 'string' ? header : undefined) ?? bearer;
  if (given === undefined || given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether the `Host` header names this server by a loopback name or the address it listens on:
 * a page of another site cannot reach a dashboard on 127.0.0.1 by DNS rebinding.
 *
 * @example
 * ```ts
 * hostAllowed('127.0.0.1:4000', '127.0.0.1'); // true
 * hostAllowed('evil.example:4000', '127.0.0.1'); // false
 * ```
 */
export function hostAllowed(hostHeader: string | undefined, listenHost: string): boolean {
  if (hostHeader === undefined) return false;
  const name = hostHeader.startsWith('[') ? hostHeader.slice(1, hostHeader.indexOf(']')) : hostHeader.replace(/:\d+$/, '');
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) || name === listenHost;
}
