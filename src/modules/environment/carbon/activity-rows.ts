import { activityUnitOf, unitMismatch } from './activity-units.js';
import type { EmissionFactor } from './emission-factors.js';
import { sectorOf, sectors, type Sector } from './sectors.js';

/** A row as read from an activity file: its spreadsheet line and the cells by column. */
export interface RawActivityRow {
  line: number;
  region?: unknown;
  year?: unknown;
  sector?: unknown;
  fuel?: unknown;
  amount?: unknown;
  unit?: unknown;
  source?: unknown;
}

/** Why a row was refused: its line, the column at fault and the reason. */
export interface RowError {
  line: number;
  field: string;
  reason: string;
}

/** A checked activity row, ready to store. */
export interface ActivityRow {
  line: number;
  regionCode: string;
  year: number;
  sector: Sector;
  fuel: string;
  amount: number;
  unit: string;
  source: string | null;
}

export interface RowRules {
  factors: readonly EmissionFactor[];
  /** Whether a canonical 12-digit region code is one of the city's regions. */
  regionExists: (code: string) => boolean;
  years: { min: number; max: number };
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

/**
 * Checks every row of an activity file and reports every problem with its line and column:
 * a known region, a year in range, a known sector and fuel, a non-negative amount in the fuel's
 * own unit (a mismatch is refused with how to convert), and no key (region, year, sector, fuel) twice.
 */
export function validateActivityRows(raw: readonly RawActivityRow[], rules: RowRules): { clean: ActivityRow[]; errors: RowError[] } {
  const clean: ActivityRow[] = [];
  const errors: RowError[] = [];
  const fuels = new Map(rules.factors.map((f) => [f.code, f]));
  const firstLine = new Map<string, number>();
  for (const r of raw) {
    const before = errors.length;
    const fail = (field: string, reason: string) => errors.push({ line: r.line, field, reason });
    const regionText = text(r.region);
    let regionCode = '';
    if (!/^\d+$/.test(regionText) || ![2, 4, 6, 9, 12].includes(regionText.length)) fail('region', `region code ${JSON.stringify(regionText)} must be 2, 4, 6, 9 or 12 digits`);
    else if (!rules.regionExists((regionCode = regionText.padEnd(12, '0')))) fail('region', `no region ${regionText} in this city`);
    const yearText = text(r.year);
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText) || year < rules.years.min || year > rules.years.max) fail('year', `year ${JSON.stringify(yearText)} must be a year from ${rules.years.min} to ${rules.years.max}`);
    const sector = sectorOf(text(r.sector));
    if (!sector) fail('sector', `unknown sector ${JSON.stringify(text(r.sector))}; the sectors are ${sectors.join(', ')}`);
    const fuelCode = text(r.fuel).toLowerCase();
    const factor = fuels.get(fuelCode);
    if (!factor) fail('fuel', `unknown fuel ${JSON.stringify(text(r.fuel))}; the city's emission factors are for ${[...fuels.keys()].join(', ')}`);
    const amountText = text(r.amount).replace(/,/g, '');
    const amount = Number(amountText);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(amountText) || !Number.isFinite(amount)) fail('amount', `amount ${JSON.stringify(text(r.amount))} must be a number`);
    else if (amount < 0) fail('amount', `amount must not be negative, got ${amountText}`);
    const unitText = text(r.unit);
    const unit = activityUnitOf(unitText);
    if (!unitText) fail('unit', 'give the unit of the amount');
    else if (factor && unit !== factor.activityUnit) fail('unit', unitMismatch(unitText, factor.activityUnit));
    if (errors.length > before) continue;
    const key = `${regionCode}|${year}|${sector}|${fuelCode}`;
    const first = firstLine.get(key);
    if (first !== undefined) {
      fail('fuel', `${regionText} ${year} ${sector} ${fuelCode} is already on line ${first}; give each region, year, sector and fuel once`);
      continue;
    }
    firstLine.set(key, r.line);
    clean.push({ line: r.line, regionCode, year, sector: sector!, fuel: fuelCode, amount, unit: unit!, source: text(r.source) || null });
  }
  return { clean, errors };
}
