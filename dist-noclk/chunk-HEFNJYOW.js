import { SupervisorHandle, startChild, terminateChild, normalizeDynamicSupervisorOptions, startSupervisorActor, checkSpecArguments, supervisorMachine, supervisorCoreOf } from './chunk-2CH7TKCZ.js';
import { nanoid } from 'nanoid';

var DynamicSupervisor = class extends SupervisorHandle {
  /**
   * Starts a child; answers `max_children` when the limit is reached.
   *
   * @example
   * ```ts
   * const r = await dyn.startChild({ logic: sessionMachine, input: { user: 'ada' } });
   * if (r.ok) sessions.set('ada', r.ref);
   * ```
   */
  startChild(spec) {
    try {
      return startChild(this.core, spec);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  /**
   * Stops the child whose actor is `ref` and forgets it.
   *
   * @example
   * ```ts
   * await dyn.terminateChild(ref); // { ok: true }, then { ok: false, reason: 'not_found' }
   * ```
   */
  terminateChild(ref) {
    return terminateChild(this.core, ref);
  }
};
function startDynamicSupervisor(options = {}) {
  try {
    const normalized = normalizeDynamicSupervisorOptions(options, `dynamic-supervisor-${nanoid(8)}`);
    return startSupervisorActor(normalized, DynamicSupervisor);
  } catch (error) {
    return Promise.reject(error);
  }
}
function dynamicSupervisorSpec(id, options = {}, spec = {}) {
  checkSpecArguments(id, options, spec);
  const input = normalizeDynamicSupervisorOptions(options, options.name ?? id);
  return { ...spec, type: "supervisor", id, logic: supervisorMachine, input };
}
function getDynamicSupervisor(ref) {
  if (ref === void 0 || ref === "restarting") return void 0;
  const core = supervisorCoreOf(ref);
  return core !== void 0 && core.isDynamic ? new DynamicSupervisor(core, ref) : void 0;
}

export { DynamicSupervisor, dynamicSupervisorSpec, getDynamicSupervisor, startDynamicSupervisor };
//# sourceMappingURL=chunk-HEFNJYOW.js.map
//# sourceMappingURL=chunk-HEFNJYOW.js.map