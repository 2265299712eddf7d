import { format, toNumber } from './decimal.js';
import { readConcentrations } from './input.js';
import { aqiStandard } from './standards.js';
import { subIndex } from './sub-index.js';
import type { AqiStandard, StandardId } from './types.js';

/** One AQI: the index, each field's sub-index, the level and category, the primary pollutant(s). */
export interface AqiResult {
  aqi: number | null;
  /** Sub-index per input field; null where the standard defines none for that value. */
  iaqi: Record<string, number | null>;
  /** 1–6. */
  level: number | null;
  /** The category in the standard's language (HJ 633: zh, US EPA: en). */
  category: string | null;
  /** Fields with the highest sub-index (all of them on a tie); HJ 633 names them only when AQI > 50. */
  primary: string[];
  /** What the standard leaves open and how it was decided, and which value to report instead. */
  notes: string[];
  /** Fields whose sub-index is above 100 (超标污染物). */
  exceeding: string[];
  color: string | null;
  label: { zh: string; en: string } | null;
  standard: StandardId;
}

/**
 * The AQI of a set of concentrations under a standard (`hj633-2012`, `hj633-2026`, `epa-2024`):
 * field names are pollutant and averaging period (`pm25_24h`, `o3_8h` …) in the units of the
 * standard's table. Fails with `invalid` naming the field for bad input.
 */
export function computeAqi(standardOrId: StandardId | AqiStandard, fields: Record<string, unknown>): AqiResult {
  const standard = typeof standardOrId === 'string' ? aqiStandard(standardOrId) : standardOrId;
  const concentrations = readConcentrations(standard, fields);
  const notes = [...(standard.standingNotes ?? [])];
  const say = (note: string) => void (notes.includes(note) || notes.push(note));
  const iaqi: Record<string, number | null> = {};
  const values: Record<string, number> = {};

  for (const [field, c] of concentrations) {
    const spec = standard.fields[field]!;
    if (spec.note) say(spec.note);
    const r = subIndex(spec, c, standard.rounding);
    const shown = `${field} ${format(r.looked)} ${spec.unit}`;
    values[field] = toNumber(r.looked);
    if (r.truncated) say(`${field} ${format(c)} ${spec.unit} truncated to ${format(r.looked)} before lookup (${standard.id}: ${spec.truncateTo === 0 ? 'integer' : `${spec.truncateTo} decimal${spec.truncateTo === 1 ? '' : 's'}`})`);
    if (r.redirect) {
      iaqi[field] = null;
      const other = r.redirect.useInstead;
      say(`${shown}: no sub-index — ${r.redirect.why}; report ${other}${concentrations.has(other) ? '' : ' (not given here)'} instead`);
      continue;
    }
    if (r.capped) say(`${shown} is above the table's top row (${r.capped.cHi} ${spec.unit}): sub-index held at ${r.capped.iHi} — the table ends there (HJ 633: 爆表; US EPA: “beyond the AQI”); the index is not extrapolated`);
    if (r.onBreakpoint) say(`${shown} lies on a breakpoint shared by two rows; both give ${r.iaqi}, which is level ${levelOf(standard, r.iaqi!)?.level}`);
    if (r.roundedHalf) say(`${field}: the index is exactly ${format(r.exact!)}; rounded half up to ${r.iaqi}`);
    iaqi[field] = r.iaqi;
  }
  for (const rule of standard.rules ?? []) rule({ values, iaqi, notes });

  const defined = Object.entries(iaqi).filter((e): e is [string, number] => e[1] !== null);
  if (!defined.length) {
    say('no sub-index is defined for the values given, so there is no AQI; give the field named above');
    return { aqi: null, iaqi, level: null, category: null, primary: [], notes, exceeding: [], color: null, label: null, standard: standard.id };
  }
  const aqi = Math.max(...defined.map(([, v]) => v));
  const level = levelOf(standard, aqi)!;
  const named = aqi > standard.primaryAbove;
  if (!named) say(`AQI ${aqi} ≤ ${standard.primaryAbove}: no primary pollutant is named (AQI大于${standard.primaryAbove}时才确定首要污染物)`);
  return {
    aqi,
    iaqi,
    level: level.level,
    category: standard.categoryLanguage === 'zh' ? level.zh : level.en,
    primary: named ? defined.filter(([, v]) => v === aqi).map(([f]) => f) : [],
    notes,
    exceeding: defined.filter(([, v]) => v > 100).map(([f]) => f),
    color: level.color,
    label: { zh: level.zh, en: level.en },
    standard: standard.id,
  };
}

/** The AQI of one request object `{standard, <field>: value …}`; `standard` may fall back to a default. */
export function computeAqiRequest(body: Record<string, unknown>, { standard: fallback }: { standard?: string } = {}): AqiResult {
  const { standard, ...fields } = body;
  return computeAqi(aqiStandard(standard ?? fallback).id, fields);
}

/** The level (1–6) an AQI value falls in under a standard. */
export function levelOf(standard: AqiStandard, aqi: number) {
  return standard.levels.find((l) => aqi >= l.min && aqi <= l.max);
}
