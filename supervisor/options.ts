import { InvalidOptionError } from './errors.js';
import type { ChildSpec, NormalizedChildSpec } from './child-spec.js';
import type { InspectOption } from './root.js';
import { checkOptions } from './option-keys.js';
import { checkChildRestarts } from './child-orchestration.js';
import { normalizeChild } from './child-normalize.js';
import { checkListeners, type ListenerErrorHandler } from './emitter.js';
import { SUPERVISOR_EVENT_NAMES, type SupervisorEvents, type SupervisorListeners } from './events.js';

/** OTP restart strategies. */
export type Strategy = 'one_for_one' | 'one_for_all' | 'rest_for_one';
/** OTP `auto_shutdown`: when significant children exiting shut the supervisor down. */
export type AutoShutdown = 'never' | 'any_significant' | 'all_significant';

/** Options of a static supervisor. */
export interface SupervisorOptions {
  /** Name used in events and errors. Default `supervisor-<nanoid>`. */
  name?: string;
  /** Default `'one_for_one'`. */
  strategy?: Strategy;
  /** Max restarts within `period` before giving up. Default 3 (as Elixir). */
  intensity?: number;
  /** Window for `intensity`, in ms. Default 5000 (as Elixir). */
  period?: number;
  /** Default `'never'`. */
  autoShutdown?: AutoShutdown;
  /** Started in list order; stopped in reverse order. */
  children?: readonly ChildSpec[];
  /**
   * An xstate inspection observer. Every actor of the tree shares the root's actor system, so on
   * a root supervisor it sees every actor at any depth; on a nested one it joins the same system.
   */
  inspect?: InspectOption;
  /**
   * Listeners subscribed before the first child starts, by event name (`'*'` hears every event),
   * so the initial children's `childStarted` is heard. Typed by the event map: a misspelled event
   * or payload field does not compile. Given to `supervisorSpec`, every incarnation of the nested
   * supervisor starts with them.
   * @default none
   * @example startSupervisor({ on: { childStarted: ({ id }) => console.log('up:', id) }, children })
   */
  on?: SupervisorListeners;
  /**
   * Called when an event listener throws; the supervisor carries on either way.
   * @default console.error
   * @example startSupervisor({ onListenerError: (error, event) => log.warn(String(event), error), children })
   */
  onListenerError?: ListenerErrorHandler;
}

/** Options of a dynamic supervisor (one_for_one, children added at run time). */
export interface DynamicSupervisorOptions {
  name?: string;
  intensity?: number;
  period?: number;
  /** Most children at once; `startChild` beyond it answers `max_children`. Default `Infinity`. */
  maxChildren?: number;
  /** Shallow-merged under every child's input (the child's own keys win): OTP's `extra_arguments`. */
  extraInput?: Record<string, unknown>;
  inspect?: SupervisorOptions['inspect'];
  /**
   * Listeners subscribed before the supervisor starts, as for `startSupervisor`.
   * @default none
   * @example startDynamicSupervisor({ on: { childStarted: ({ ref }) => sessions.add(ref), stopped: () => sessions.clear() } })
   */
  on?: SupervisorListeners;
  /**
   * Called when an event listener throws; the supervisor carries on either way.
   * @default console.error
   * @example startDynamicSupervisor({ onListenerError: (error, event) => log.warn(String(event), error) })
   */
  onListenerError?: ListenerErrorHandler;
}

/** Options after validation, defaults filled in. */
export interface NormalizedSupervisorOptions {
  name: string;
  strategy: Strategy;
  intensity: number;
  period: number;
  autoShutdown: AutoShutdown;
  children: NormalizedChildSpec[];
  dynamic: boolean;
  maxChildren: number;
  extraInput: Record<string, unknown> | undefined;
  inspect: SupervisorOptions['inspect'];
  on: SupervisorListeners | undefined;
  onListenerError: ListenerErrorHandler | undefined;
}

const STRATEGIES: readonly Strategy[] = ['one_for_one', 'one_for_all', 'rest_for_one'];
const AUTO_SHUTDOWNS: readonly AutoShutdown[] = ['never', 'any_significant', 'all_significant'];

const SUPERVISOR_OPTIONS = ['name', 'strategy', 'intensity', 'period', 'autoShutdown', 'children', 'inspect', 'on', 'onListenerError'];
const DYNAMIC_SUPERVISOR_OPTIONS = ['name', 'strategy', 'intensity', 'period', 'maxChildren', 'extraInput', 'inspect', 'on', 'onListenerError'];

/** Elixir's defaults: 3 restarts in 5 seconds. */
export const DEFAULT_INTENSITY = 3;
export const DEFAULT_PERIOD_MS = 5000;

function validateIntensity(intensity: unknown, period: unknown): void {
  if (typeof intensity !== 'number' || !Number.isInteger(intensity) || intensity < 0) {
    throw new InvalidOptionError('intensity', intensity, 'a finite integer >= 0');
  }
  if (typeof period !== 'number' || !Number.isFinite(period) || period <= 0) {
    throw new InvalidOptionError('period', period, 'a finite number of ms > 0');
  }
}

/** `inspect` must be an observer or a function, as xstate expects. */
export function validateInspect(inspect: unknown): void {
  if (inspect !== undefined && typeof inspect !== 'function' && (inspect === null || typeof inspect !== 'object')) {
    throw new InvalidOptionError('inspect', inspect, 'an inspection observer or function');
  }
}

/** The listener options, checked: `on` by event name, `onListenerError` a function. */
function listenerOptions(options: { on?: unknown; onListenerError?: unknown }): Pick<NormalizedSupervisorOptions, 'on' | 'onListenerError'> {
  const onListenerError = options.onListenerError;
  if (onListenerError !== undefined && typeof onListenerError !== 'function') {
    throw new InvalidOptionError('onListenerError', onListenerError, 'a function (error, event) => void');
  }
  return { on: checkListeners<SupervisorEvents>(options.on, 'on', SUPERVISOR_EVENT_NAMES), onListenerError: onListenerError as ListenerErrorHandler | undefined };
}

function validateName(name: unknown): void {
  if (name !== undefined && (typeof name !== 'string' || name.length === 0)) {
    throw new InvalidOptionError('name', name, 'a non-empty string');
  }
}

/**
 * Validates static supervisor options and fills in defaults. Throws
 * {@link InvalidOptionError} naming the field; nothing is started.
 *
 * @example
 * ```ts
 * normalizeSupervisorOptions({ strategy: 'one_for_all', children: [] }, 'sup-1').intensity; // 3
 * ```
 */
export function normalizeSupervisorOptions(options: SupervisorOptions, defaultName: string): NormalizedSupervisorOptions {
  checkOptions(options, '', SUPERVISOR_OPTIONS);
  validateName(options.name);
  validateInspect(options.inspect);
  const listeners = listenerOptions(options);
  const strategy = options.strategy ?? 'one_for_one';
  if (!STRATEGIES.includes(strategy)) {
    throw new InvalidOptionError('strategy', options.strategy, `one of ${STRATEGIES.join(', ')}`);
  }
  const intensity = options.intensity ?? DEFAULT_INTENSITY;
  const period = options.period ?? DEFAULT_PERIOD_MS;
  validateIntensity(intensity, period);
  const autoShutdown = options.autoShutdown ?? 'never';
  if (!AUTO_SHUTDOWNS.includes(autoShutdown)) {
    throw new InvalidOptionError('autoShutdown', options.autoShutdown, `one of ${AUTO_SHUTDOWNS.join(', ')}`);
  }
  const rawChildren = options.children ?? [];
  if (!Array.isArray(rawChildren)) {
    throw new InvalidOptionError('children', rawChildren, 'an array of child specs');
  }
  const seen = new Set<string>();
  const names = new Set<string>();
  const children = rawChildren.map((spec, index) => {
    const normalized = normalizeChild(spec, `children[${index}]`);
    if (seen.has(normalized.id)) {
      throw new InvalidOptionError(`children[${index}].id`, normalized.id, 'an id not used by another child');
    }
    seen.add(normalized.id);
    checkSignificant(normalized, autoShutdown, `children[${index}]`);
    checkChildRestarts(normalized.childRestarts, false, `children[${index}]`);
    if (normalized.name !== undefined && names.has(normalized.name)) {
      throw new InvalidOptionError(`children[${index}].name`, normalized.name, 'a name not used by another child');
    }
    if (normalized.name !== undefined) names.add(normalized.name);
    return normalized;
  });
  return summarized({
    name: options.name ?? defaultName,
    strategy,
    intensity,
    period,
    autoShutdown,
    children,
    dynamic: false,
    maxChildren: Infinity,
    extraInput: undefined,
    inspect: options.inspect,
    ...listeners,
  });
}

/**
 * Validates dynamic supervisor options and fills in defaults.
 *
 * @example
 * ```ts
 * normalizeDynamicSupervisorOptions({ maxChildren: 100 }, 'dyn-1').strategy; // 'one_for_one'
 * ```
 */
export function normalizeDynamicSupervisorOptions(
  options: DynamicSupervisorOptions,
  defaultName: string,
): NormalizedSupervisorOptions {
  checkOptions(options, '', DYNAMIC_SUPERVISOR_OPTIONS, { autoShutdown: 'a dynamic supervisor has no significant children' });
  if ('strategy' in options && (options as { strategy?: unknown }).strategy !== 'one_for_one') {
    throw new InvalidOptionError('strategy', (options as { strategy?: unknown }).strategy, "'one_for_one' (the only strategy of a dynamic supervisor)");
  }
  validateName(options.name);
  validateInspect(options.inspect);
  const listeners = listenerOptions(options);
  const intensity = options.intensity ?? DEFAULT_INTENSITY;
  const period = options.period ?? DEFAULT_PERIOD_MS;
  validateIntensity(intensity, period);
  const maxChildren = options.maxChildren ?? Infinity;
  if (typeof maxChildren !== 'number' || Number.isNaN(maxChildren) || maxChildren < 0 || (Number.isFinite(maxChildren) && !Number.isInteger(maxChildren))) {
    throw new InvalidOptionError('maxChildren', options.maxChildren, 'an integer >= 0 or Infinity');
  }
  const extraInput = options.extraInput;
  if (extraInput !== undefined && (extraInput === null || typeof extraInput !== 'object' || Array.isArray(extraInput))) {
    throw new InvalidOptionError('extraInput', extraInput, 'a plain object');
  }
  return summarized({
    name: options.name ?? defaultName,
    strategy: 'one_for_one',
    intensity,
    period,
    autoShutdown: 'never',
    children: [],
    dynamic: true,
    maxChildren,
    extraInput,
    inspect: options.inspect,
    ...listeners,
  });
}

/**
 * Normalized options are the supervisor machine's input, which xstate puts in the `xstate.init`
 * inspection event. They hold child logic and user input, so they serialize (non-enumerable
 * `toJSON`) to a summary: settings and child ids, never a machine definition or user data.
 */
function summarized(options: NormalizedSupervisorOptions): NormalizedSupervisorOptions {
  Object.defineProperty(options, 'toJSON', {
    enumerable: false,
    value: () => ({
      name: options.name,
      strategy: options.strategy,
      intensity: options.intensity,
      period: options.period,
      autoShutdown: options.autoShutdown,
      dynamic: options.dynamic,
      children: options.children.map((child) => child.id),
    }),
  });
  return options;
}

/** OTP refuses a significant child under `auto_shutdown => never`. */
export function checkSignificant(spec: NormalizedChildSpec, autoShutdown: AutoShutdown, path: string): void {
  if (spec.significant && autoShutdown === 'never') {
    throw new InvalidOptionError(`${path}.significant`, true, "false when the supervisor's autoShutdown is 'never'");
  }
}

/**
 * The input a child starts with: its spec's input, with a dynamic supervisor's `extraInput`
 * merged under it (the child's own keys win). Throws {@link InvalidOptionError} when there is
 * something to merge into a non-object input.
 *
 * @example
 * ```ts
 * inputFor(dynamicOptions, spec); // { region: 'eu', host: 'a' }
 * ```
 */
export function inputFor(options: NormalizedSupervisorOptions, spec: NormalizedChildSpec): unknown {
  const extra = options.extraInput;
  if (extra === undefined) return spec.input;
  if (spec.input === undefined) return { ...extra };
  if (spec.input === null || typeof spec.input !== 'object' || Array.isArray(spec.input)) {
    throw new InvalidOptionError('child.input', spec.input, 'a plain object (extraInput is merged into it)');
  }
  return { ...extra, ...(spec.input as object) };
}
