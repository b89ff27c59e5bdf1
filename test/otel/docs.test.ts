import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ATTR, METRICS } from '../../src/otel/index.js';

/** docs/metrics.md's tables must name exactly what the code records. */
const doc = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
const KINDS: Record<string, string> = { Counter: 'counter', Histogram: 'histogram', UpDownCounter: 'updowncounter' };

describe('docs/metrics.md', () => {
  it('lists every metric with its instrument and unit, and no other', () => {
    const rows = [...doc.matchAll(/^\| `(overseer\.[a-z_.]+)` \| (\w+)(?: \(async\))? \| `([^`]+)` \|/gm)].map((m) => ({
      name: m[1],
      kind: KINDS[m[2] as string],
      unit: m[3],
    }));
    const code = Object.values(METRICS).map(({ name, kind, unit }) => ({ name, kind, unit }));
    expect(rows.sort((a, b) => a.name!.localeCompare(b.name!))).toEqual(code.sort((a, b) => a.name.localeCompare(b.name)));
  });

  it('lists every attribute key', () => {
    const keys = [...doc.matchAll(/^\| `([a-z_.]+)` \| [^|]+ \|$/gm)].map((m) => m[1]);
    expect(keys.sort()).toEqual(Object.values(ATTR).sort());
  });
});
