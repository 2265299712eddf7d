import { writeAudit } from '../../../core/audit.js';
import { regionPrefix } from '../../../core/auth/jurisdiction.js';
import type { RequestContext } from '../../../core/context.js';
import { AppError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import type { Kernel } from '../../../core/kernel.js';
import type { PackLoader } from '../../../core/pack.js';
import { levelOfCode, lineage, listAttributes, normaliseCode, regionLevels } from '../../regions/index.js';
import { edb, type Db } from '../tables.js';
import { readActivityCsv } from './activity-csv.js';
import { validateActivityRows, type RowError } from './activity-rows.js';
import { factorsFile, readFactorsFile, type EmissionFactor } from './emission-factors.js';
import { computeEmissions, type Emissions, type RegionFigure } from './emissions.js';
import type { Sector } from './sectors.js';

/** The pack loader of `environment/emission-factors.json` (optional): the city's complete factor table. */
export const factorsPackLoader: PackLoader = {
  name: 'environment.emission-factors',
  async load({ has, readJson, trx, manifest }): Promise<Record<string, number>> {
    if (!has(factorsFile)) return {};
    const factors = readFactorsFile(await readJson(factorsFile));
    const city = manifest.city.code;
    const db = edb(trx);
    await db.deleteFrom('environment_emission_factors').where('city_code', '=', city).execute();
    await db
      .insertInto('environment_emission_factors')
      .values(factors.map((f) => ({ city_code: city, code: f.code, from_year: f.fromYear, name: f.name, name_en: f.nameEn, kind: f.kind, activity_unit: f.activityUnit, t_co2_per_unit: f.tCo2PerUnit, derivation: JSON.stringify(f.derivation), verified: f.verified })))
      .execute();
    return { emissionFactors: factors.length };
  },
};

/** The city's emission factors, by code and first year. */
export async function loadFactors(db: Db, cityCode: string): Promise<EmissionFactor[]> {
  const rows = await edb(db).selectFrom('environment_emission_factors').selectAll().where('city_code', '=', cityCode).orderBy('code').orderBy('from_year').execute();
  return rows.map((r) => ({ code: r.code, fromYear: r.from_year, name: r.name, nameEn: r.name_en, kind: r.kind, activityUnit: r.activity_unit as EmissionFactor['activityUnit'], tCo2PerUnit: r.t_co2_per_unit, derivation: r.derivation, verified: r.verified }));
}

/** What an activity import did. */
export interface ActivityImportReport {
  id: string | null;
  status: 'applied' | 'checked';
  rows: number;
  applied: number;
  errors: RowError[];
}

/**
 * Imports activity data from CSV (region, year, sector, fuel, amount, unit[, source]), all or
 * nothing: every row is checked first, and a file with any bad row changes nothing and fails
 * with `invalid`, every row's problem in `details.errors`. Good rows replace the stored records
 * of their region, year, sector and fuel, in one transaction with the audit record.
 */
export async function importActivity(k: Kernel, ctx: RequestContext, csv: string, { fileName = null, dryRun = false }: { fileName?: string | null; dryRun?: boolean } = {}): Promise<ActivityImportReport> {
  k.policy.check(ctx.actor, { action: 'environment.activity.import' });
  const raw = readActivityCsv(csv);
  const factors = await loadFactors(k.db, ctx.cityCode);
  if (!factors.length) throw new AppError('unavailable', `city ${ctx.cityCode} has no emission factors: import a city pack with ${factorsFile}`);
  const codes = [...new Set(raw.map((r) => String(r.region ?? '').trim()).filter((c) => /^\d+$/.test(c) && [2, 4, 6, 9, 12].includes(c.length)).map((c) => c.padEnd(12, '0')))];
  const known = new Set<string>();
  for (const c of codes) if (await lineage(k, ctx.cityCode, c)) known.add(c);
  const { clean, errors } = validateActivityRows(raw, { factors, regionExists: (c) => known.has(c), years: { min: 1990, max: k.clock.now().getUTCFullYear() + 1 } });
  for (const r of clean) k.policy.check(ctx.actor, { action: 'environment.activity.import', regionCode: r.regionCode });
  if (errors.length) {
    const lines = new Set(errors.map((e) => e.line)).size;
    throw new AppError('invalid', `${lines} of ${raw.length} rows are bad; nothing was imported (first: line ${errors[0]!.line}, ${errors[0]!.field}: ${errors[0]!.reason})`, { field: 'file', details: { rows: raw.length, errors } });
  }
  if (dryRun) return { id: null, status: 'checked', rows: raw.length, applied: 0, errors: [] };
  const id = newId('act', k.clock.now());
  await k.transaction(async (trx) => {
    const db = edb(trx);
    for (let i = 0; i < clean.length; i += 500) {
      const chunk = clean.slice(i, i + 500).map((r) => ({ city_code: ctx.cityCode, region_code: r.regionCode, year: r.year, sector: r.sector, fuel: r.fuel, amount: r.amount, unit: r.unit, source: r.source, import_id: id, updated_at: new Date() }));
      await db
        .insertInto('environment_activity')
        .values(chunk)
        .onConflict((oc) => oc.columns(['city_code', 'region_code', 'year', 'sector', 'fuel']).doUpdateSet((eb) => ({ amount: eb.ref('excluded.amount'), unit: eb.ref('excluded.unit'), source: eb.ref('excluded.source'), import_id: eb.ref('excluded.import_id'), updated_at: eb.ref('excluded.updated_at') })))
        .execute();
    }
    await writeAudit(trx, ctx, { action: 'environment.activity.imported', resourceType: 'environment_activity_import', resourceId: id, after: { fileName, rows: clean.length, regions: [...new Set(clean.map((r) => r.regionCode))].length, years: [...new Set(clean.map((r) => r.year))].sort() } });
  });
  return { id, status: 'applied', rows: raw.length, applied: clean.length, errors: [] };
}

// Units the regions module's figures come in, to persons and yuan.
const scale: Record<string, number> = { 人: 1, persons: 1, 万人: 10_000, 元: 1, 万元: 1e4, 亿元: 1e8 };

/** The latest figure of a key at or before `year` (persons or yuan), or null. */
function figureOf(rows: { year: number; key: string; value: unknown; unit: string | null; source: string }[], key: string, year: number): RegionFigure | null {
  const r = rows.filter((x) => x.key === key && x.year <= year && scale[x.unit ?? ''] !== undefined).sort((a, b) => b.year - a.year)[0];
  return r ? { value: Number(r.value) * scale[r.unit!]!, year: r.year, source: r.source } : null;
}

/**
 * A region's energy CO2 for a year (the checkup's input): its own activity records, or when it
 * has none, the sum of the records at the widest level below it that has any; per capita from
 * the regions module's resident population, per unit GDP from its GDP (latest at or before the year).
 */
export async function emissionsOf(k: Kernel, cityCode: string, regionCode: string, year: number): Promise<Emissions> {
  const code = normaliseCode(regionCode, 'region');
  const db = edb(k.db);
  let rows = await db.selectFrom('environment_activity').select(['region_code', 'sector', 'fuel', 'amount', 'unit']).where('city_code', '=', cityCode).where('region_code', '=', code).where('year', '=', year).execute();
  const notes: string[] = [];
  if (!rows.length) {
    const below = await db.selectFrom('environment_activity').select(['region_code', 'sector', 'fuel', 'amount', 'unit']).where('city_code', '=', cityCode).where('region_code', 'like', `${regionPrefix(code)}%`).where('year', '=', year).execute();
    const levels = [...new Set(below.map((r) => levelOfCode(r.region_code)))].sort((a, b) => regionLevels.indexOf(a) - regionLevels.indexOf(b));
    if (levels.length) {
      rows = below.filter((r) => levelOfCode(r.region_code) === levels[0]);
      notes.push(`${code} has no records of its own for ${year}: summed from ${new Set(rows.map((r) => r.region_code)).size} ${levels[0]} regions' records (regions without records count as none)`);
    }
  }
  const factors = await loadFactors(k.db, cityCode);
  const figures = await listAttributes(k.db, cityCode, code);
  const result = computeEmissions(code, year, rows.map((r) => ({ sector: r.sector as Sector, fuel: r.fuel, amount: r.amount, unit: r.unit })), factors, {
    population: figureOf(figures, 'resident_population', year),
    gdp: figureOf(figures, 'gdp', year),
  });
  return { ...result, notes: [...notes, ...result.notes] };
}
