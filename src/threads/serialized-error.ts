/** An error as it crosses a thread boundary: name, message, stack and own enumerable properties. */
export interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
  props: Record<string, unknown>;
  /** The thrown value was not an Error (a string, a number, ...). */
  value?: unknown;
  isError: boolean;
}

/**
 * Rebuilds a thread's error on the main thread: an `Error` (or a `TypeError`, `RangeError`, ...)
 * with the original name, message, stack and own enumerable properties such as `code`.
 * A non-Error thrown value comes back as itself.
 *
 * @example
 * ```ts
 * const err = deserializeError({ name: 'ValidationError', message: 'bad', stack: '...', props: { code: 'E1' }, isError: true });
 * err.name; // 'ValidationError'
 * (err as any).code; // 'E1'
 * ```
 */
export function deserializeError(serialized: SerializedError): unknown {
  if (!serialized.isError) return serialized.value;
  const Ctor = BUILTIN_ERRORS[serialized.name] ?? Error;
  const error = new Ctor(serialized.message);
  Object.defineProperty(error, 'name', { value: serialized.name, configurable: true, writable: true, enumerable: false });
  if (serialized.stack !== undefined) {
    Object.defineProperty(error, 'stack', { value: serialized.stack, configurable: true, writable: true, enumerable: false });
  }
  for (const [key, value] of Object.entries(serialized.props)) {
    try {
      Reflect.set(error, key, value);
    } catch {
      // a read-only property on the constructor's prototype; keep the rest
    }
  }
  return error;
}

const BUILTIN_ERRORS: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};
