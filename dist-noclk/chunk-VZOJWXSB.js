import { InvalidOptionError } from './chunk-AESCEPAJ.js';

// supervisor/option-keys.ts
var UnknownOptionError = class extends InvalidOptionError {
  suggestion;
  constructor(option, value, suggestion, hint) {
    super(option, value, "no option of that name");
    this.suggestion = suggestion;
    this.message = `Unknown option "${option}"` + (hint !== void 0 ? `: ${hint}.` : suggestion !== void 0 ? `: did you mean "${suggestion}"?` : ".");
  }
};
function distance(a, b) {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_2, j) => i === 0 ? j : j === 0 ? i : 0));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2][j - 2] + 1);
      d[i][j] = best;
    }
  }
  return d[rows - 1][cols - 1];
}
function closest(key, known) {
  const lower = key.toLowerCase();
  let best;
  let bestDistance = Infinity;
  for (const name of known) {
    const n = name.toLowerCase();
    const d = lower.length >= 3 && (n.startsWith(lower) || lower.startsWith(n) || n.endsWith(lower)) ? 1 : distance(lower, n);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  if (best === void 0 || bestDistance > Math.max(2, Math.ceil(key.length / 3))) return void 0;
  return bestDistance < Math.max(key.length, best.length) ? best : void 0;
}
function checkOptions(value, path, known, elsewhere = {}, nullable = []) {
  const name = path === "" ? "options" : path;
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new InvalidOptionError(name, value, "an options object");
  const prefix = path === "" ? "" : `${path}.`;
  for (const key of Object.keys(value)) {
    const field = value[key];
    if (!known.includes(key)) throw new UnknownOptionError(`${prefix}${key}`, field, closest(key, known), elsewhere[key]);
    if (field === null && !nullable.includes(key)) {
      throw new InvalidOptionError(`${prefix}${key}`, null, "a value (null is not taken as unset: leave the option out for its default)");
    }
  }
}

export { UnknownOptionError, checkOptions };
//# sourceMappingURL=chunk-VZOJWXSB.js.map
//# sourceMappingURL=chunk-VZOJWXSB.js.map