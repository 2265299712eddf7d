import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { activityUnits, type ActivityUnit } from './activity-units.js';

/** The pack file of emission factors. */
export const factorsFile = 'environment/emission-factors.json';

const figure = z.strictObject({
  value: z.number().positive(),
  unit: z.string().min(1),
  source: z.string().min(1),
  verified: z.boolean(),
  verification: z.string().optional(),
});
const entry = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be lower-case letters, digits and underscores'),
  name: z.string().min(1),
  nameEn: z.string().min(1),
  kind: z.enum(['fuel', 'electricity', 'heat']),
  activityUnit: z.enum(activityUnits),
  /** The first year the factor applies to (an electricity factor per year); absent: any year. */
  fromYear: z.number().int().min(1900).max(2200).optional(),
  /** A factor published per unit of activity, used as is (tCO2/<activityUnit>). */
  factor: figure.optional(),
  /** Or derived (IPCC 2006 Vol. 2 eq. 2.1, Tier 1): net calorific value (GJ/<activityUnit>) × CO2 per energy (tCO2/TJ) × oxidation. */
  ncv: figure.optional(),
  co2PerEnergy: figure.optional(),
  oxidation: z.number().gt(0).max(1).default(1),
  note: z.string().optional(),
});
export const factorsFileSchema = z.object({ note: z.string().optional(), factors: z.array(entry).min(1) });
type Entry = z.infer<typeof entry>;

/** One emission factor as stored: tCO2 per unit of activity, how it was made, whether every part was checked. */
export interface EmissionFactor {
  code: string;
  fromYear: number;
  name: string;
  nameEn: string;
  kind: 'fuel' | 'electricity' | 'heat';
  activityUnit: ActivityUnit;
  tCo2PerUnit: number;
  derivation: Record<string, unknown>;
  verified: boolean;
}

/** The factor of one entry: published, or NCV × CO2 per energy / 1000 × oxidation; checks each part's unit. */
export function deriveFactor(e: Entry, at = 'factors'): EmissionFactor {
  const base = { code: e.code, fromYear: e.fromYear ?? 0, name: e.name, nameEn: e.nameEn, kind: e.kind, activityUnit: e.activityUnit };
  const expect = (f: z.infer<typeof figure>, unit: string, field: string) => {
    if (f.unit !== unit) throw new AppError('invalid', `${factorsFile}: ${at}.${field}.unit must be ${unit}, got ${f.unit}`, { field: `${factorsFile}:${at}.${field}.unit` });
  };
  if (e.factor && !e.ncv && !e.co2PerEnergy) {
    expect(e.factor, `tCO2/${e.activityUnit}`, 'factor');
    return { ...base, tCo2PerUnit: e.factor.value, derivation: { published: e.factor, note: e.note ?? null }, verified: e.factor.verified };
  }
  if (!e.factor && e.ncv && e.co2PerEnergy) {
    expect(e.ncv, `GJ/${e.activityUnit}`, 'ncv');
    expect(e.co2PerEnergy, 'tCO2/TJ', 'co2PerEnergy');
    // GJ/unit × tCO2/TJ × (1 TJ / 1000 GJ) = tCO2/unit.
    const value = (e.ncv.value * e.co2PerEnergy.value * e.oxidation) / 1000;
    return { ...base, tCo2PerUnit: value, derivation: { ncv: e.ncv, co2PerEnergy: e.co2PerEnergy, oxidation: e.oxidation, formula: 'ncv × co2PerEnergy × oxidation / 1000', note: e.note ?? null }, verified: e.ncv.verified && e.co2PerEnergy.verified };
  }
  throw new AppError('invalid', `${factorsFile}: ${at}: give either factor, or ncv and co2PerEnergy`, { field: `${factorsFile}:${at}` });
}

/** Reads and checks the factors file: the schema, each factor's units, no code given twice for one year. */
export function readFactorsFile(raw: unknown): EmissionFactor[] {
  const parsed = factorsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.join('.');
    throw new AppError('invalid', `${factorsFile}: ${at || '(root)'}: ${issue.message}`, { field: `${factorsFile}:${at}` });
  }
  const seen = new Set<string>();
  return parsed.data.factors.map((e, i) => {
    const key = `${e.code}|${e.fromYear ?? 0}`;
    if (seen.has(key)) throw new AppError('invalid', `${factorsFile}: factors.${i}: ${e.code} is given twice${e.fromYear ? ` from ${e.fromYear}` : ''}`, { field: `${factorsFile}:factors.${i}.code` });
    seen.add(key);
    return deriveFactor(e, `factors.${i}`);
  });
}

/**
 * The factor of a code for a year: the one with the latest first year at or before it; for a
 * year before all of them, the earliest, with a note saying so. Null when the code is unknown.
 */
export function factorFor(factors: readonly EmissionFactor[], code: string, year: number): { factor: EmissionFactor; note: string | null } | null {
  const own = factors.filter((f) => f.code === code).sort((a, b) => a.fromYear - b.fromYear);
  if (!own.length) return null;
  const inForce = own.filter((f) => f.fromYear <= year).pop();
  if (inForce) return { factor: inForce, note: null };
  return { factor: own[0]!, note: `${code}: no factor for ${year}; the ${own[0]!.fromYear} factor is used` };
}
