import type { AnyActorLogic, InputFrom } from 'xstate';
import { ORCHESTRATION_SPEC_KEYS, type ChildOrchestration, type NormalizedChildOrchestration } from './child-orchestration.js';
import { isPromiseLogic } from './promise-logic.js';
import { InvalidOptionError } from './errors.js';
import { checkOptions } from './option-keys.js';
import { normalizePersist, type NormalizedPersist, type PersistOptions } from './persistence/persist-options.js';

/** When a child is restarted (OTP `restart`). */
export type RestartType = 'permanent' | 'transient' | 'temporary';
/** How a child is stopped: ms to wait after the shutdown request, `'infinity'`, or `'brutal_kill'`. */
export type Shutdown = number | 'infinity' | 'brutal_kill';
/** What kind of child this is; supervisors default to `shutdown: 'infinity'`. */
export type ChildType = 'worker' | 'supervisor';

/**
 * Describes one supervised child: how to start it and how to treat its exits.
 * Any xstate actor logic works: machines, `fromPromise`, `fromCallback`, other supervisors.
 */
export interface ChildSpec<TLogic extends AnyActorLogic = AnyActorLogic> extends ChildOrchestration {
  /** Unique within its supervisor (optional for dynamic supervisors). */
  id: string;
  /** The actor logic to start. */
  logic: TLogic;
  /** Input passed to `createActor(logic, { input })`. */
  input?: InputFrom<TLogic>;
  /** Default `'permanent'`; `'temporary'` for `fromPromise` logic (it finishes on its own, as Elixir's `Task`). */
  restart?: RestartType;
  /** Default `5000` for workers, `'infinity'` for supervisors. */
  shutdown?: Shutdown;
  /** Default `'worker'`. */
  type?: ChildType;
  /** Default `false`. Only transient and temporary children may be significant. */
  significant?: boolean;
  /**
   * Registers the child's actor under this key in the tree's actor system, so
   * `sup.actor.system.get(systemId)` (or `system.get` inside any machine of the tree) finds the
   * current incarnation. Unique within the tree. Default: not registered.
   */
  systemId?: string;
  /**
   * Makes the child durable: its snapshot is saved to a store, and every start (a restart, or a
   * new process with the same store) restores the last one. See docs/durable.md.
   * @default not persisted
   * @example { id: 'order', logic: orderMachine, persist: { store: new FileStore('./state') } }
   */
  persist?: PersistOptions;
}

/** A child spec with every default filled in. */
export interface NormalizedChildSpec<TLogic extends AnyActorLogic = AnyActorLogic> extends NormalizedChildOrchestration {
  id: string;
  logic: TLogic;
  input: InputFrom<TLogic> | undefined;
  restart: RestartType;
  shutdown: Shutdown;
  type: ChildType;
  significant: boolean;
  systemId: string | undefined;
  persist: NormalizedPersist | undefined;
}

const RESTART_TYPES: readonly RestartType[] = ['permanent', 'transient', 'temporary'];
const CHILD_TYPES: readonly ChildType[] = ['worker', 'supervisor'];

/** Default graceful-shutdown wait for worker children, as in OTP. */
export const DEFAULT_WORKER_SHUTDOWN_MS = 5000;

/**
 * The spec fields a builder (`supervisorSpec`, `dynamicSupervisorSpec`, `poolSpec`) takes as its
 * third argument. Not `type`: everything they build supervises children of its own, so the
 * builder sets `type: 'supervisor'` (and `whichChildren()` / `countChildren()` say so).
 *
 * @example
 * ```ts
 * const overrides: SpecOverrides = { restart: 'transient', shutdown: 10_000 };
 * poolSpec('images', { size: 2 }, overrides);
 * ```
 */
export type SpecOverrides = Omit<ChildSpec, 'id' | 'logic' | 'input' | 'type' | 'persist'>;

/**
 * Checks what a spec builder (`supervisorSpec`, `poolSpec`, ...) is given before it builds
 * anything: a non-empty id, an options object, and spec fields that exist (it makes `logic`,
 * `input` and `type` itself). Throws {@link InvalidOptionError} naming the argument.
 *
 * @example
 * ```ts
 * checkSpecArguments('db', {}, { restart: 'transient' }); // fine
 * checkSpecArguments('', {}, {});                          // throws: id
 * ```
 */
export function checkSpecArguments(id: unknown, options: unknown, spec: unknown): void {
  if (typeof id !== 'string' || id.length === 0) throw new InvalidOptionError('id', id, 'a non-empty string');
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new InvalidOptionError('options', options, 'an options object');
  checkOptions(spec, 'spec', [...SPEC_FIELDS, ...ORCHESTRATION_SPEC_KEYS], {
    id: 'the id is the first argument',
    logic: 'the builder makes the logic',
    input: 'the options are the input',
    type: "the builder sets it: what it builds supervises children, so its type is 'supervisor'",
  });
}

const SPEC_FIELDS = ['restart', 'shutdown', 'significant', 'systemId'];

/** The keys of a child spec. */
export const CHILD_SPEC_KEYS = ['id', 'logic', 'input', 'restart', 'shutdown', 'type', 'significant', 'systemId', 'persist'];

/**
 * Checks a child spec and fills in OTP's defaults. `path` prefixes field names in
 * errors (e.g. `children[2]`). Throws {@link InvalidOptionError} naming the field.
 *
 * @example
 * ```ts
 * const spec = normalizeChildSpec({ id: 'db', logic: dbMachine });
 * spec.restart;  // 'permanent'
 * spec.shutdown; // 5000
 * ```
 */
export function normalizeChildSpec<TLogic extends AnyActorLogic>(
  spec: ChildSpec<TLogic>,
  path = 'child',
  options: { requireId?: boolean } = {},
): Omit<NormalizedChildSpec<TLogic>, keyof NormalizedChildOrchestration> {
  if (spec === null || typeof spec !== 'object') {
    throw new InvalidOptionError(path, spec, 'a child spec object');
  }
  // `input` may be null: it is the child's own data, passed as given.
  checkOptions(spec, path, [...CHILD_SPEC_KEYS, ...ORCHESTRATION_SPEC_KEYS], {}, ['input']);
  const requireId = options.requireId ?? true;
  if (requireId || spec.id !== undefined) {
    if (typeof spec.id !== 'string' || spec.id.length === 0) {
      throw new InvalidOptionError(`${path}.id`, spec.id, 'a non-empty string');
    }
  }
  const logic = spec.logic as unknown;
  if (logic === null || typeof logic !== 'object' || typeof (logic as { transition?: unknown }).transition !== 'function') {
    throw new InvalidOptionError(`${path}.logic`, logic, 'xstate actor logic (a machine, fromPromise, fromCallback, ...)');
  }
  // A promise child finishes on its own: it defaults to `temporary`, as Elixir's Task.
  const restart = spec.restart ?? (isPromiseLogic(spec.logic) ? 'temporary' : 'permanent');
  if (!RESTART_TYPES.includes(restart)) {
    throw new InvalidOptionError(`${path}.restart`, spec.restart, `one of ${RESTART_TYPES.join(', ')}`);
  }
  const type = spec.type ?? 'worker';
  if (!CHILD_TYPES.includes(type)) {
    throw new InvalidOptionError(`${path}.type`, spec.type, `one of ${CHILD_TYPES.join(', ')}`);
  }
  const shutdown = spec.shutdown ?? (type === 'supervisor' ? 'infinity' : DEFAULT_WORKER_SHUTDOWN_MS);
  if (shutdown !== 'infinity' && shutdown !== 'brutal_kill') {
    if (typeof shutdown !== 'number' || !Number.isFinite(shutdown) || shutdown < 0) {
      throw new InvalidOptionError(`${path}.shutdown`, spec.shutdown, "a finite number of ms >= 0, 'infinity' or 'brutal_kill'");
    }
  }
  const significant = spec.significant ?? false;
  if (typeof significant !== 'boolean') {
    throw new InvalidOptionError(`${path}.significant`, spec.significant, 'a boolean');
  }
  if (significant && restart === 'permanent') {
    throw new InvalidOptionError(`${path}.significant`, true, "false for a permanent child (only transient or temporary children may be significant)");
  }
  const systemId = spec.systemId;
  if (systemId !== undefined && (typeof systemId !== 'string' || systemId.length === 0)) {
    throw new InvalidOptionError(`${path}.systemId`, systemId, 'a non-empty string');
  }
  if (spec.persist !== undefined && type === 'supervisor') {
    throw new InvalidOptionError(`${path}.persist`, spec.persist, 'no persist on a supervisor child (persist its workers: a supervisor is rebuilt from its specs)');
  }
  const persist = spec.persist === undefined ? undefined : normalizePersist(spec.persist, defaultKeyOf(spec), path);
  return { id: spec.id, logic: spec.logic, input: spec.input, restart, shutdown, type, significant, systemId, persist };
}

/**
 * The store key of a durable child that gives none: its name (unique in the process, so two
 * per-order children of one dynamic supervisor never share a key), else its id.
 *
 * @example
 * ```ts
 * defaultKeyOf({ id: 'order', name: 'order-42', logic }); // 'order-42'
 * ```
 */
function defaultKeyOf(spec: { id?: string; name?: unknown }): string | undefined {
  return typeof spec.name === 'string' && spec.name !== '' ? spec.name : spec.id;
}
