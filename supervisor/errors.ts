/**
 * Typed errors of the supervisor layer, and the base class of every error overseer creates.
 * Every error carries a stable `code`, so callers can branch on it even where `instanceof`
 * cannot reach (another realm, a serialized error).
 */

/**
 * Base class of every error overseer creates.
 *
 * @example
 * ```ts
 * try {
 *   await startSupervisor({ strategy: 'nope' as never, children: [] });
 * } catch (err) {
 *   if (err instanceof OverseerError) console.log(err.code); // 'ERR_INVALID_OPTION'
 * }
 * ```
 */
export class OverseerError extends Error {
  /** Stable machine-readable code, e.g. `ERR_INVALID_OPTION`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * Renders a bad value for an error message without throwing on odd inputs. Numbers that JSON
 * cannot spell (`Infinity`, `-Infinity`, `NaN`) are printed as themselves, not as `null`.
 *
 * @example
 * ```ts
 * describeValue(Infinity); // 'Infinity'
 * describeValue('x');      // '"x"'
 * ```
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  if (typeof value === 'symbol' || typeof value === 'bigint' || value === undefined) return String(value);
  try {
    const json = JSON.stringify(value, (_key, inner: unknown) =>
      typeof inner === 'number' && !Number.isFinite(inner) ? String(inner) : inner,
    );
    return json === undefined ? String(value) : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * An option, child-spec field or argument has a bad value. Nothing was started.
 *
 * @example
 * ```ts
 * try {
 *   await startSupervisor({ children: [{ id: 'a', logic, restart: 'sometimes' as never }] });
 * } catch (err) {
 *   (err as InvalidOptionError).option; // 'children[0].restart'
 * }
 * ```
 */
export class InvalidOptionError extends OverseerError {
  /** Path of the offending field, e.g. `children[1].shutdown`. */
  readonly option: string;
  /** The value that was refused. */
  readonly value: unknown;

  constructor(option: string, value: unknown, expected: string) {
    super('ERR_INVALID_OPTION', `Invalid option "${option}": got ${describeValue(value)}, expected ${expected}.`);
    this.option = option;
    this.value = value;
  }
}

/**
 * A child could not be started while its supervisor was starting (OTP's
 * `{shutdown, {failed_to_start_child, Id, Reason}}`). The children started before
 * it were terminated first. `cause` is the child's own error.
 *
 * @example
 * ```ts
 * try { await startSupervisor({ children: [badSpec] }); }
 * catch (err) { if (err instanceof FailedToStartChildError) console.log(err.childId, err.cause); }
 * ```
 */
export class FailedToStartChildError extends OverseerError {
  readonly childId: string;

  constructor(childId: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : describeValue(cause);
    super('ERR_FAILED_TO_START_CHILD', `Child "${childId}" failed to start: ${detail}`, { cause });
    this.childId = childId;
  }
}

/**
 * The supervisor has stopped (or is stopping) and cannot take the call.
 *
 * @example
 * ```ts
 * await sup.stop();
 * await sup.startChild(spec).catch((err) => err instanceof SupervisorNotRunningError); // true
 * ```
 */
export class SupervisorNotRunningError extends OverseerError {
  readonly supervisor: string;

  constructor(supervisor: string) {
    super('ERR_SUPERVISOR_NOT_RUNNING', `Supervisor "${supervisor}" is not running.`);
    this.supervisor = supervisor;
  }
}
