// What the AQI reader (aqi/input.ts) does not catch: a unit other than the table's, PM2.5 above
// PM10 for the same period, and the classic unit slips (CO in µg/m³ or ppb, O3 in ppb). Each is
// refused with a reason naming the field, or said in the notes — never silently used. The
// tolerance and ceilings below are citywork's decisions, not any standard's rule.
import { AppError } from '../../../core/errors.js';
import { computeAqiRequest, type AqiResult } from '../aqi/compute.js';
import { aqiStandard } from '../aqi/standards.js';
import type { AqiStandard } from '../aqi/types.js';

/**
 * PM2.5 is part of PM10, so PM2.5 > PM10 for one period is impossible in the air but happens in
 * data: the two come from separate monitors, each with its own error. Up to this much above
 * PM10 it is used with a note; beyond it the request is refused.
 */
export const pmTolerance = { absoluteUgM3: 10, relative: 0.1 } as const;

/** Values above these are taken for a unit slip (×1000) and refused, by standard family and field. */
export const unitSlipCeilings: { standards: readonly string[]; field: string; above: number; unit: string; slip: string }[] = [
  { standards: ['hj633-2012', 'hj633-2026'], field: 'co_24h', above: 100, unit: 'mg/m³', slip: 'µg/m³ (divide by 1000)' },
  { standards: ['hj633-2012', 'hj633-2026'], field: 'co_1h', above: 100, unit: 'mg/m³', slip: 'µg/m³ (divide by 1000)' },
  { standards: ['epa-2024'], field: 'co_8h', above: 100, unit: 'ppm', slip: 'ppb (divide by 1000)' },
  { standards: ['epa-2024'], field: 'o3_8h', above: 1, unit: 'ppm', slip: 'ppb (divide by 1000)' },
  { standards: ['epa-2024'], field: 'o3_1h', above: 1, unit: 'ppm', slip: 'ppb (divide by 1000)' },
];

// Spellings of the tables' units people send.
const unitSpellings: Record<string, string> = { 'µg/m³': 'µg/m³', 'µg/m3': 'µg/m³', 'μg/m³': 'µg/m³', 'μg/m3': 'µg/m³', 'ug/m3': 'µg/m³', 'ug/m³': 'µg/m³', 'mg/m³': 'mg/m³', 'mg/m3': 'mg/m³', ppm: 'ppm', ppb: 'ppb' };

const numberOf = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

/** Refuses a `units` object naming a unit other than the standard's table for a field. */
function checkUnits(standard: AqiStandard, units: unknown): void {
  if (units === undefined || units === null) return;
  if (typeof units !== 'object' || Array.isArray(units)) throw new AppError('invalid', 'units must be an object {<field>: "<unit>"}', { field: 'units' });
  for (const [field, unit] of Object.entries(units as Record<string, unknown>)) {
    const spec = standard.fields[field];
    if (!spec) throw new AppError('invalid', `units names ${field}, which is not a field of ${standard.id}`, { field: `units.${field}` });
    const given = typeof unit === 'string' ? (unitSpellings[unit.trim().toLowerCase().replace('μ', 'µ')] ?? unitSpellings[unit.trim()] ?? unit.trim()) : String(unit);
    if (given !== spec.unit) throw new AppError('invalid', `${field} is in ${spec.unit} under ${standard.id} (its table's unit), but units says ${String(unit)}; convert it first — nothing is converted for you`, { field: `units.${field}` });
  }
}

/**
 * Checks one request for what the standard's reader cannot see, and returns the notes to add:
 * units, PM2.5 against PM10 of the same period, unit slips. Fails with `invalid` naming the field.
 */
export function checkAqiInput(standard: AqiStandard, fields: Record<string, unknown>, units?: unknown): string[] {
  checkUnits(standard, units);
  const notes: string[] = [];
  for (const period of ['24h', '1h']) {
    const f25 = `pm25_${period}`;
    const f10 = `pm10_${period}`;
    if (!standard.fields[f25] || !standard.fields[f10]) continue;
    const pm25 = numberOf(fields[f25]);
    const pm10 = numberOf(fields[f10]);
    if (!(pm25 >= 0) || !(pm10 >= 0) || pm25 <= pm10) continue;
    const allowed = pm10 + Math.max(pmTolerance.absoluteUgM3, pmTolerance.relative * pm10);
    if (pm25 > allowed) {
      throw new AppError('invalid', `${f25} ${pm25} µg/m³ is above ${f10} ${pm10} µg/m³ by more than the tolerance (${pmTolerance.absoluteUgM3} µg/m³ or ${pmTolerance.relative * 100}%, the larger): PM2.5 is part of PM10, so one of the two is wrong — check the monitors`, { field: f25 });
    }
    notes.push(`${f25} ${pm25} µg/m³ is above ${f10} ${pm10} µg/m³, within the tolerance of two monitors' error (${pmTolerance.absoluteUgM3} µg/m³ or ${pmTolerance.relative * 100}%): used as given`);
  }
  for (const c of unitSlipCeilings) {
    if (!c.standards.includes(standard.id) || !(c.field in fields)) continue;
    const v = numberOf(fields[c.field]);
    if (v > c.above) throw new AppError('invalid', `${c.field} ${v} ${c.unit} is not plausible in ambient air (above ${c.above} ${c.unit}): it looks like ${c.slip}; ${standard.id} takes ${c.unit}`, { field: c.field });
  }
  return notes;
}

/** `computeAqiRequest` with the input checks above: `units` and the cross-field checks first, their notes added to the result's. */
export function checkedAqiRequest(body: Record<string, unknown>, { standard: fallback }: { standard?: string } = {}): AqiResult {
  const { units, ...request } = body;
  const { standard: id, ...fields } = request;
  const notes = checkAqiInput(aqiStandard(id ?? fallback), fields, units);
  const result = computeAqiRequest(request, { standard: fallback });
  return notes.length ? { ...result, notes: [...result.notes, ...notes] } : result;
}
