// What the GB 3838-2002 classifier (water/water-class.ts, which already refuses negative values
// and pH outside 0–14) does not catch: a unit other than table 1's, a part above its whole
// (NH3-N above TN, BOD5 above COD), and dissolved oxygen no water holds. Each is refused with a
// reason naming the item, or said in the notes. The tolerances are citywork's decisions.
import { AppError } from '../../../core/errors.js';
import { gb3838Table1, waterClasses, type WaterClass } from '../water/gb3838-2002.js';
import { waterClass, type WaterClassResult } from '../water/water-class.js';

/** Pairs where the first is part of the second: up to `absolute` mg/L or `relative` above, used with a note; beyond, refused. */
export const partOfWhole = [
  { part: 'nh3n', whole: 'tn', absolute: 0.05, relative: 0.1, why: 'ammonia nitrogen is part of total nitrogen' },
  { part: 'bod5', whole: 'cod', absolute: 2, relative: 0.1, why: 'BOD5 is the biodegradable part of the oxygen demand COD measures' },
] as const;

/** Dissolved oxygen above this (mg/L) is refused: saturation is 14.6 mg/L at 0 ℃ and algal blooms supersaturate to about 20. */
export const maxDissolvedOxygenMgL = 25;

const mgL = ['mg/l', 'mg/L'];
// Each table unit's spellings, and the units it is often confused with and how to convert.
const units: Record<string, { accept: string[]; confused: Record<string, string> }> = {
  'mg/L': { accept: mgL, confused: { 'µg/l': 'divide by 1000', 'ug/l': 'divide by 1000', 'μg/l': 'divide by 1000', 'g/l': 'multiply by 1000', 'mg/m3': 'divide by 1000' } },
  dimensionless: { accept: ['', 'ph', 'dimensionless', '无量纲', '1'], confused: {} },
  'count/L (个/L)': { accept: ['个/l', 'count/l', '/l', 'mpn/l', 'cfu/l'], confused: { 'mpn/100ml': 'multiply by 10', 'cfu/100ml': 'multiply by 10', '个/100ml': 'multiply by 10', '个/ml': 'multiply by 1000' } },
};

const numberOf = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

function checkUnits(given: unknown): void {
  if (given === undefined || given === null) return;
  if (typeof given !== 'object' || Array.isArray(given)) throw new AppError('invalid', 'units must be an object {<item>: "<unit>"}', { field: 'units' });
  for (const [item, unit] of Object.entries(given as Record<string, unknown>)) {
    const spec = gb3838Table1[item];
    if (!spec) throw new AppError('invalid', `units names ${item}, which is not a GB 3838-2002 table 1 item`, { field: `units.${item}` });
    const u = String(unit ?? '').trim().toLowerCase().replace(/\s+/g, '');
    const rule = units[spec.unit]!;
    if (rule.accept.some((a) => a.toLowerCase() === u)) continue;
    const hint = rule.confused[u] ? `: ${rule.confused[u]} to get ${spec.unit}` : '';
    throw new AppError('invalid', `${item} is in ${spec.unit} in GB 3838-2002 table 1, but units says ${String(unit)}${hint}; nothing is converted for you`, { field: `units.${item}` });
  }
}

/** Checks a sample for what the classifier cannot see; returns the notes to add, or fails with `invalid` naming the item. */
export function checkWaterInput(sample: Record<string, unknown>, unitsGiven?: unknown): string[] {
  checkUnits(unitsGiven);
  const notes: string[] = [];
  const dissolved = numberOf(sample.do);
  if (dissolved > maxDissolvedOxygenMgL) throw new AppError('invalid', `do ${dissolved} mg/L is more dissolved oxygen than surface water holds (saturation 14.6 mg/L at 0 ℃; blooms reach about 20): check the value and its unit`, { field: 'do' });
  for (const p of partOfWhole) {
    const part = numberOf(sample[p.part]);
    const whole = numberOf(sample[p.whole]);
    if (!(part >= 0) || !(whole >= 0) || part <= whole) continue;
    const allowed = whole + Math.max(p.absolute, p.relative * whole);
    if (part > allowed) throw new AppError('invalid', `${p.part} ${part} mg/L is above ${p.whole} ${whole} mg/L by more than the tolerance (${p.absolute} mg/L or ${p.relative * 100}%, the larger), yet ${p.why}: one of the two is wrong`, { field: p.part });
    notes.push(`${p.part} ${part} mg/L is above ${p.whole} ${whole} mg/L within the tolerance of the two methods (${p.why}): used as given`);
  }
  return notes;
}

/** The GB 3838-2002 class of one request `{waterBody?, target?, units?, <item>: value …}`, with the input checks above. */
export function checkedWaterClass(body: Record<string, unknown>): WaterClassResult {
  const { waterBody, target, units: unitsGiven, ...sample } = body;
  if (waterBody !== undefined && waterBody !== 'river' && waterBody !== 'lake') throw new AppError('invalid', 'waterBody must be river or lake', { field: 'waterBody' });
  if (target !== undefined && !waterClasses.slice(0, 5).includes(target as WaterClass)) throw new AppError('invalid', 'target must be one of I, II, III, IV, V', { field: 'target' });
  const notes = checkWaterInput(sample, unitsGiven);
  const result = waterClass(sample, { waterBody: waterBody as 'river' | 'lake' | undefined, target: target as WaterClass | undefined });
  return notes.length ? { ...result, notes: [...result.notes, ...notes] } : result;
}
