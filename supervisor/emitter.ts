import mitt, { type Emitter, type EventType, type Handler, type WildcardHandler } from 'mitt';

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
    if (handlers !== undefined) {
      // Copy so listeners that unsubscribe while running do not skip neighbours.
      for (const handler of handlers.slice()) {
        try {
          handler(event as Events[Key]);
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
