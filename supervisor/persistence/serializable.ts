import type { JsonValue } from './store.js';
import { SnapshotNotSerializableError } from './errors.js';

/**
 * Checks that a persisted snapshot is plain JSON data, so that what a store gives back equals what
 * was saved: plain objects, arrays, strings, finite numbers, booleans, `null` (and `undefined`
 * object fields, which are left out). Anything else - a function, a class instance (a resource, a
 * `Map`, a `Date`), a symbol, a bigint, `NaN` / `Infinity`, a cycle - throws
 * {@link SnapshotNotSerializableError} naming the path.
 *
 * @example
 * ```ts
 * assertSerializable('order-1', { context: { n: 1 } });          // fine
 * assertSerializable('order-1', { context: { at: new Date() } }); // throws: context.at is an instance of Date
 * ```
 */
export function assertSerializable(key: string, value: unknown): asserts value is JsonValue {
  const found = check(value, new Set());
  if (found !== undefined) throw new SnapshotNotSerializableError(key, found.path === '' ? 'the snapshot' : found.path.replace(/^\./, ''), found.what);
}

interface Found {
  path: string;
  what: string;
}

function check(value: unknown, open: Set<object>): Found | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : { path: '', what: String(value) };
    case 'function':
      return { path: '', what: `a function (${value.name || 'anonymous'})` };
    case 'symbol':
      return { path: '', what: 'a symbol' };
    case 'bigint':
      return { path: '', what: 'a bigint' };
    case 'undefined':
      return { path: '', what: 'undefined' };
  }
  if (value === null) return undefined;
  const object = value as object;
  if (open.has(object)) return { path: '', what: 'a cycle (an object that contains itself)' };
  open.add(object);
  try {
    if (Array.isArray(object)) {
      for (let i = 0; i < object.length; i++) {
        const inner = check(object[i], open);
        if (inner !== undefined) return { path: `[${i}]${inner.path}`, what: inner.what };
      }
      return undefined;
    }
    const proto = Object.getPrototypeOf(object) as object | null;
    if (proto !== Object.prototype && proto !== null) {
      const name = (object.constructor as { name?: string } | undefined)?.name;
      return { path: '', what: `an instance of ${name === undefined || name === '' ? 'a class' : name}` };
    }
    for (const key of Object.keys(object)) {
      const field = (object as Record<string, unknown>)[key];
      // An undefined field is left out, as JSON does: loading gives the same object without it.
      if (field === undefined) continue;
      const inner = check(field, open);
      if (inner !== undefined) return { path: `${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}${inner.path}`, what: inner.what };
    }
    return undefined;
  } finally {
    open.delete(object);
  }
}
