import { OverseerError } from '../../supervisor/errors.js';

/**
 * The dashboard could not listen: the port is taken, the address is not this machine's, or the
 * process may not bind it. `cause` is Node's error (`EADDRINUSE`, `EADDRNOTAVAIL`, `EACCES`...).
 *
 * @example
 * ```ts
 * try { await serveDashboard({ port: 4000 }); }
 * catch (err) { if (err instanceof DashboardListenError) console.error(err.code, err.cause); } // 'ERR_DASHBOARD_LISTEN'
 * ```
 */
export class DashboardListenError extends OverseerError {
  readonly host: string;
  readonly port: number;

  constructor(host: string, port: number, cause: unknown) {
    const detail = (cause as { code?: unknown } | undefined)?.code ?? (cause instanceof Error ? cause.message : String(cause));
    super('ERR_DASHBOARD_LISTEN', `The dashboard cannot listen on ${host}:${port} (${String(detail)}).`, { cause });
    this.host = host;
    this.port = port;
  }
}
