import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { AnyActorRef } from 'xstate';
import { InvalidOptionError } from '../../supervisor/errors.js';
import { checkOptions } from '../../supervisor/option-keys.js';
import { SupervisorHandle } from '../../supervisor/handle.js';
import { PoolHandle } from '../pool/handle.js';

/** Options of {@link serveDashboard}. */
export interface DashboardOptions {
  /**
   * The TCP port; `0` picks a free one (read it from `url`).
   * @default 0
   */
  port?: number;
  /**
   * The address to listen on. Anything but a loopback address (`127.0.0.1`, `::1`, `localhost`)
   * exposes the dashboard to the network and requires a token.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * The secret every request must carry (`?token=` in the URL, or an `x-overseer-token` /
   * `Authorization: Bearer` header): 16 to 256 URL-safe characters (`A-Z a-z 0-9 - _ . ~`).
   * Required with `actions: true` or a non-loopback `host`: one is generated (and in `url`) when
   * not given. Without either it is optional.
   * @default undefined (generated when required)
   */
  token?: string;
  /**
   * Lets the page kill, terminate and restart children and open or close breakers.
   * @default false
   */
  actions?: boolean;
  /**
   * The supervisors and pools to show (handles or actors). Default: every supervisor and pool
   * started as a root in this process, as they come and go.
   * @default undefined (every live root)
   */
  watch?: ReadonlyArray<SupervisorHandle | PoolHandle<any> | AnyActorRef>;
  /**
   * How often the page gets a batch of updates, in ms (50 to 10,000).
   * @default 250
   */
  interval?: number;
}

/** The options after checks and defaults. */
export interface NormalizedDashboardOptions {
  port: number;
  host: string;
  token: string | undefined;
  actions: boolean;
  watch: AnyActorRef[] | undefined;
  interval: number;
}

const KEYS = ['port', 'host', 'token', 'actions', 'watch', 'interval'] as const;
const TOKEN = /^[A-Za-z0-9\-_.~]{16,256}$/;
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Whether `host` only takes connections from this machine.
 *
 * @example
 * ```ts
 * isLoopback('127.0.0.1'); // true
 * isLoopback('0.0.0.0');   // false
 * ```
 */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Checks `serveDashboard`'s options; throws `InvalidOptionError` / `UnknownOptionError` (both
 * code `ERR_INVALID_OPTION`) naming the option. Generates the token when one is required.
 *
 * @example
 * ```ts
 * normalizeDashboardOptions({ actions: true }).token; // 32 random URL-safe characters
 * normalizeDashboardOptions({ port: 70000 }); // throws InvalidOptionError (option "port")
 * ```
 */
export function normalizeDashboardOptions(options: DashboardOptions = {}): NormalizedDashboardOptions {
  checkOptions(options, '', KEYS);
  const { port = 0, host = '127.0.0.1', token, actions = false, watch, interval = 250 } = options;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidOptionError('port', port, 'an integer from 0 to 65535 (0: any free port)');
  }
  if (typeof host !== 'string' || !(isIP(host) !== 0 || HOSTNAME.test(host))) {
    throw new InvalidOptionError('host', host, 'an IP address or a host name, e.g. "127.0.0.1"');
  }
  if (token !== undefined && (typeof token !== 'string' || !TOKEN.test(token))) {
    throw new InvalidOptionError('token', token, '16 to 256 URL-safe characters (A-Z a-z 0-9 - _ . ~)');
  }
  if (typeof actions !== 'boolean') throw new InvalidOptionError('actions', actions, 'true or false');
  if (typeof interval !== 'number' || !(interval >= 50 && interval <= 10_000)) {
    throw new InvalidOptionError('interval', interval, 'a number of ms from 50 to 10000');
  }
  let roots: AnyActorRef[] | undefined;
  if (watch !== undefined) {
    if (!Array.isArray(watch)) throw new InvalidOptionError('watch', watch, 'an array of supervisors and pools');
    roots = watch.map((item, i) => actorOf(item, `watch[${i}]`));
  }
  const needsToken = actions || !isLoopback(host);
  return { port, host, token: token ?? (needsToken ? randomBytes(24).toString('base64url') : undefined), actions, watch: roots, interval };
}

function actorOf(item: unknown, option: string): AnyActorRef {
  if (item instanceof SupervisorHandle || item instanceof PoolHandle) return item.actor;
  if (item !== null && typeof item === 'object' && typeof (item as AnyActorRef).getSnapshot === 'function' && typeof (item as AnyActorRef).send === 'function') {
    return item as AnyActorRef;
  }
  throw new InvalidOptionError(option, item, 'a supervisor or pool (its handle or its actor)');
}
