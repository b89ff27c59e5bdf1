import mitt, { type Emitter, type EventType, type Handler, type WildcardHandler } from 'mitt';
import { InvalidOptionError } from './errors.js';
import { checkOptions } from './option-keys.js';

/**
 * What `onListenerError` is called with: the error a listener threw and the name of the event
 * it was listening to.
 */
export type ListenerErrorHandler = (error: unknown, event: PropertyKey) => void;

/**
 * Listeners given with the start options (`on`), subscribed before the first child or worker
 * starts: one per event name, typed by the event map, and `'*'` for every event (called with
 * the event's name and payload, as mitt's wildcard listeners are).
 *
 * @example
 * ```ts
 * const on: EventListeners<SupervisorEvents> = {
 *   childStarted: ({ id }) => console.log('started', id),
 *   '*': (type, event) => log.debug(type, event),
 * };
 * ```
 */
export type EventListeners<Events extends Record<EventType, unknown>> = {
  [K in keyof Events]?: Handler<Events[K]>;
} & { '*'?: WildcardHandler<Events> };

/**
 * A mitt emitter whose `emit` never throws: a listener that throws is reported to
 * `onListenerError` and the remaining listeners still run. Supervisors and pools
 * emit from inside their own control flow, so a faulty listener must not be able
 * to break them.
 *
 * @example
 * ```ts
 * const events = createSafeEmitter<{ ping: number }>();
 * events.on('ping', () => { throw new Error('bad listener'); });
 * events.emit('ping', 1); // does not throw; the error goes to console.error
 * ```
 */
export function createSafeEmitter<Events extends Record<EventType, unknown>>(
  onListenerError: (error: unknown, type: keyof Events) => void = defaultListenerErrorReporter,
): Emitter<Events> {
  const emitter = mitt<Events>();
  const all = emitter.all;

  emitter.emit = (<Key extends keyof Events>(type: Key, event?: Events[Key]) => {
    const handlers = all.get(type) as Handler<Events[Key]>[] | undefined;
    if (handlers !== undefined && handlers.length > 0) {
      // Copy so listeners that unsubscribe while running do not skip neighbours (a lone
      // listener has none: the common case pays no copy).
      const list = handlers.length === 1 ? handlers : handlers.slice();
      for (let i = 0; i < list.length; i++) {
        try {
          (list[i] as Handler<Events[Key]>)(event as Events[Key]);
        } catch (error) {
          report(onListenerError, error, type);
        }
      }
    }
    const wildcards = all.get('*') as WildcardHandler<Events>[] | undefined;
    if (wildcards !== undefined) {
      for (const handler of wildcards.slice()) {
        try {
          handler(type, event as Events[Key]);
        } catch (error) {
          report(onListenerError, error, type);
        }
      }
    }
  }) as Emitter<Events>['emit'];

  return emitter;
}

function report<Events>(
  onListenerError: (error: unknown, type: keyof Events) => void,
  error: unknown,
  type: keyof Events,
): void {
  try {
    onListenerError(error, type);
  } catch {
    // The reporter itself failed; there is nowhere safe left to send it.
  }
}

function defaultListenerErrorReporter(error: unknown, type: PropertyKey): void {
  console.error(`[overseer] listener for "${String(type)}" threw:`, error);
}

/**
 * Checks an `on` option: an object whose keys are event names (or `'*'`) and whose values are
 * functions (`undefined` leaves an event out). An unknown name throws {@link UnknownOptionError} naming `<path>.<name>` with the
 * closest event suggested; anything else throws {@link InvalidOptionError}.
 *
 * @example
 * ```ts
 * checkListeners({ childStrated: log }, 'on', ['childStarted']); // throws: did you mean "childStarted"?
 * ```
 */
export function checkListeners<Events extends Record<EventType, unknown>>(
  value: unknown,
  path: string,
  names: readonly (keyof Events & string)[],
): EventListeners<Events> | undefined {
  if (value === undefined) return undefined;
  checkOptions(value, path, [...names, '*']);
  for (const [name, listener] of Object.entries(value as object)) {
    // An event set to `undefined` is left out, as any option is.
    if (listener !== undefined && typeof listener !== 'function') throw new InvalidOptionError(`${path}.${name}`, listener, 'a function (the listener)');
  }
  return value as EventListeners<Events>;
}

/**
 * Subscribes the listeners of an `on` option to `emitter` and returns the emitter. Called as
 * the emitter is made, before anything it reports on has started, so no event is missed.
 *
 * @example
 * ```ts
 * const events = listen(createSafeEmitter<SupervisorEvents>(), { childStarted: ({ id }) => seen.push(id) });
 * ```
 */
export function listen<Events extends Record<EventType, unknown>>(
  emitter: Emitter<Events>,
  listeners: EventListeners<Events> | undefined,
): Emitter<Events> {
  if (listeners === undefined) return emitter;
  for (const name of Object.keys(listeners)) {
    const listener = (listeners as Record<string, Handler<unknown> | undefined>)[name];
    if (listener === undefined) continue;
    if (name === '*') emitter.on('*', listener as unknown as WildcardHandler<Events>);
    else emitter.on(name as keyof Events, listener as Handler<Events[keyof Events]>);
  }
  return emitter;
}
