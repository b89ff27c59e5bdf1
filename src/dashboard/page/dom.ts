/** Small DOM helpers for the page: escaping for HTML built as text, and the token-carrying fetch. */

/**
 * Escapes text for HTML content and attribute values.
 *
 * @example
 * ```ts
 * esc('<b>'); // '&lt;b&gt;'
 * ```
 */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The token the page was opened with (`?token=`), sent with every request it makes. */
export const token = new URLSearchParams(location.search).get('token') ?? undefined;

/**
 * A same-origin URL with the token in its query (for EventSource, which sends no headers).
 *
 * @example
 * ```ts
 * new EventSource(withToken('api/events'));
 * ```
 */
export function withToken(path: string): string {
  return token === undefined ? path : `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}

/**
 * Fetches JSON from the dashboard's server, the token in a header.
 *
 * @example
 * ```ts
 * const graph = await api('api/graph?path=app/db');
 * ```
 */
export async function api<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const headers = new Headers(init.headers);
  if (token !== undefined) headers.set('x-overseer-token', token);
  const response = await fetch(path, { ...init, headers });
  return { status: response.status, body: (await response.json()) as T };
}

/**
 * A state value as text: `busy`, or `running.serving` for nested values.
 *
 * @example
 * ```ts
 * stateText({ running: 'serving' }); // 'running.serving'
 * ```
 */
export function stateText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return Object.entries(value as Record<string, unknown>)
    .map(([key, inner]) => (inner !== null && typeof inner === 'object' && Object.keys(inner).length === 0 ? key : `${key}.${stateText(inner)}`))
    .join(', ');
}

/**
 * A clock time with ms, for the log.
 *
 * @example
 * ```ts
 * clock(Date.now()); // '04:12:33.120'
 * ```
 */
export function clock(at: number): string {
  const d = new Date(at);
  return `${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

const shown = new WeakMap<Element, string>();

/**
 * Replaces an element's content only when it changed: a batch that changed nothing there costs
 * the browser no layout or paint.
 *
 * @example
 * ```ts
 * setHtml(tree, renderTree(root, memory, selected, actions));
 * ```
 */
export function setHtml(element: Element, html: string): void {
  if (shown.get(element) === html) return;
  shown.set(element, html);
  element.innerHTML = html;
}
