// supervisor/errors.ts
var OverseerError = class extends Error {
  /** Stable machine-readable code, e.g. `ERR_INVALID_OPTION`. */
  code;
  constructor(code, message, options) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
};
function describeValue(value) {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "function") return `[function ${value.name || "anonymous"}]`;
  if (typeof value === "symbol" || typeof value === "bigint" || value === void 0) return String(value);
  try {
    const json = JSON.stringify(
      value,
      (_key, inner) => typeof inner === "number" && !Number.isFinite(inner) ? String(inner) : inner
    );
    return json === void 0 ? String(value) : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
var InvalidOptionError = class extends OverseerError {
  /** Path of the offending field, e.g. `children[1].shutdown`. */
  option;
  /** The value that was refused. */
  value;
  constructor(option, value, expected) {
    super("ERR_INVALID_OPTION", `Invalid option "${option}": got ${describeValue(value)}, expected ${expected}.`);
    this.option = option;
    this.value = value;
  }
};
var FailedToStartChildError = class extends OverseerError {
  childId;
  constructor(childId, cause) {
    const detail = cause instanceof Error ? cause.message : describeValue(cause);
    super("ERR_FAILED_TO_START_CHILD", `Child "${childId}" failed to start: ${detail}`, { cause });
    this.childId = childId;
  }
};
var SupervisorNotRunningError = class extends OverseerError {
  supervisor;
  constructor(supervisor) {
    super("ERR_SUPERVISOR_NOT_RUNNING", `Supervisor "${supervisor}" is not running.`);
    this.supervisor = supervisor;
  }
};

export { FailedToStartChildError, InvalidOptionError, OverseerError, SupervisorNotRunningError, describeValue };
//# sourceMappingURL=chunk-AESCEPAJ.js.map
//# sourceMappingURL=chunk-AESCEPAJ.js.map