import type { IndicatorDefinition } from './indicator-schema.js';

/** A closed interval of values an indicator can plausibly take; outside it an import row is refused. */
export interface Range {
  min: number;
  max: number;
}

// Units as people write them, folded to one spelling: `km2` and `平方公里` are `km²`.
const aliases: Record<string, string> = {
  '％': '%',
  percent: '%',
  km2: 'km²',
  '平方公里': 'km²',
  'm2/人': 'm²/人',
  '平方米/人': 'm²/人',
  '人/km2': '人/km²',
  '人/平方公里': '人/km²',
  'km/km2': 'km/km²',
  '公里/平方公里': 'km/km²',
  minutes: 'min',
  '分钟': 'min',
};

/** The one spelling of a unit: trimmed, full-width and ASCII forms folded (`km2` → `km²`). */
export function canonicalUnit(unit: string): string {
  const u = unit.trim().replace(/\s+/g, '');
  return aliases[u] ?? aliases[u.toLowerCase()] ?? u;
}

// Plausible ranges by unit, wide on purpose: they catch a share typed as 9500 or a count typed
// as -3, not an unusual city. An indicator's own `plausible` range overrides its unit's.
const byUnit: Record<string, Range> = {
  '%': { min: 0, max: 100 },
  '‰': { min: 0, max: 1000 },
  '个': { min: 0, max: 10_000_000 },
  '栋': { min: 0, max: 10_000_000 },
  '处': { min: 0, max: 10_000_000 },
  '条': { min: 0, max: 10_000_000 },
  '件': { min: 0, max: 100_000_000 },
  '套': { min: 0, max: 100_000_000 },
  '户': { min: 0, max: 100_000_000 },
  '人': { min: 0, max: 100_000_000 },
  '件/万人': { min: 0, max: 100_000 },
  '人/km²': { min: 0, max: 100_000 },
  'km/km²': { min: 0, max: 100 },
  'm²/人': { min: 0, max: 10_000 },
  'min': { min: 0, max: 1_440 },
  '元/人': { min: 0, max: 10_000_000 },
  'km²': { min: 0, max: 1_000_000 },
  '分': { min: 0, max: 100 },
  'µg/m³': { min: 0, max: 2_000 },
};

/** The range an indicator's values must lie in: its own, else its unit's, else any finite number. */
export function plausibleRange(def: Pick<IndicatorDefinition, 'unit' | 'plausible'>): Range {
  return def.plausible ?? byUnit[canonicalUnit(def.unit)] ?? { min: -Number.MAX_VALUE, max: Number.MAX_VALUE };
}

/** The units with a built-in plausible range, for the template's notes and the docs. */
export const unitRanges: Readonly<Record<string, Range>> = byUnit;
