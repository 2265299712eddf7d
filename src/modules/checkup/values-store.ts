import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { CoreTables } from '../../core/db/tables.js';
import type { IndicatorProblem } from '../../core/module.js';
import { c } from './library-store.js';

type Db = Kysely<CoreTables> | Transaction<CoreTables>;

/** A value to store for an indicator, region and year, with where it came from. */
export interface ValueInput {
  code: string;
  regionCode: string;
  year: number;
  value: number;
  source: string;
  sample: boolean;
  /** Count indicators: the objects counted (the stored list becomes exactly this); null otherwise. */
  problems: IndicatorProblem[] | null;
  coverage?: number | null;
  line?: number;
}

/** A stored value with its provenance. */
export interface StoredValue {
  code: string;
  regionCode: string;
  year: number;
  value: number;
  origin: 'pack' | 'import' | 'computed';
  source: string;
  sample: boolean;
  provider: string | null;
  coverage: number | null;
  importId: string | null;
  updatedAt: Date;
}

/**
 * Upserts values in the caller's transaction, and for count indicators replaces the problem list
 * of that indicator, region and year. A problem already opened as a renewal project is not
 * dropped by new data: an import is refused (a conflict naming the problem and the line), a
 * computation keeps it on the list (`linked: 'keep'`).
 */
export async function writeValues(
  trx: Transaction<CoreTables>,
  cityCode: string,
  rows: readonly ValueInput[],
  o: { origin: 'pack' | 'import' | 'computed'; importId?: string | null; provider?: (row: ValueInput) => string | null; linked?: 'conflict' | 'keep' },
): Promise<{ values: number; problems: number }> {
  const t = c(trx);
  let problems = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await t
      .insertInto('checkup_values')
      .values(chunk.map((r) => ({ city_code: cityCode, code: r.code, region_code: r.regionCode, year: r.year, value: r.value, origin: o.origin, source: r.source, sample: r.sample, provider: o.provider?.(r) ?? null, coverage: r.coverage ?? null, import_id: o.importId ?? null, updated_at: new Date() })))
      .onConflict((oc) =>
        oc.columns(['city_code', 'code', 'region_code', 'year']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          origin: eb.ref('excluded.origin'),
          source: eb.ref('excluded.source'),
          sample: eb.ref('excluded.sample'),
          provider: eb.ref('excluded.provider'),
          coverage: eb.ref('excluded.coverage'),
          import_id: eb.ref('excluded.import_id'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  for (const r of rows) {
    if (r.problems === null) continue;
    problems += await replaceProblems(trx, cityCode, r, o.linked ?? 'conflict');
  }
  return { values: rows.length, problems };
}

async function replaceProblems(trx: Transaction<CoreTables>, cityCode: string, r: ValueInput, onLinked: 'conflict' | 'keep'): Promise<number> {
  const t = c(trx);
  const list = r.problems ?? [];
  const existing = await t
    .selectFrom('checkup_problems as p')
    .leftJoin('checkup_project_problems as pp', 'pp.problem_id', 'p.id')
    .select(['p.id', 'p.object_type', 'p.object_id', 'pp.project_id'])
    .where('p.city_code', '=', cityCode)
    .where('p.code', '=', r.code)
    .where('p.region_code', '=', r.regionCode)
    .where('p.year', '=', r.year)
    .execute();
  const keep = new Set(list.map((p) => `${p.type}|${p.id}`));
  const dropped = existing.filter((e) => !keep.has(`${e.object_type}|${e.object_id}`) && !(onLinked === 'keep' && e.project_id));
  const linked = dropped.find((e) => e.project_id);
  if (linked) {
    throw new AppError('conflict', `${r.code} ${r.regionCode} ${r.year}: problem ${linked.object_id} is part of renewal project ${linked.project_id} and cannot be dropped by new data${r.line ? ` (line ${r.line})` : ''}`, { field: 'problems', details: { line: r.line ?? null, problem: linked.id, project: linked.project_id } });
  }
  if (dropped.length) await t.deleteFrom('checkup_problems').where('id', 'in', dropped.map((d) => d.id)).execute();
  if (!list.length) return 0;
  await t
    .insertInto('checkup_problems')
    .values(list.map((p) => ({ id: newId('prb'), city_code: cityCode, code: r.code, region_code: r.regionCode, year: r.year, object_type: p.type, object_id: p.id, object_name: p.name, detail: p.detail ?? null })))
    .onConflict((oc) => oc.columns(['city_code', 'code', 'region_code', 'year', 'object_type', 'object_id']).doUpdateSet((eb) => ({ object_name: eb.ref('excluded.object_name'), detail: eb.ref('excluded.detail') })))
    .execute();
  return list.length;
}

/** Stored values of the city, filtered by indicators, regions and years (each optional). */
export async function readValues(db: Db, cityCode: string, f: { codes?: readonly string[]; regionCodes?: readonly string[]; years?: readonly number[] } = {}): Promise<StoredValue[]> {
  let q = c(db).selectFrom('checkup_values').selectAll().where('city_code', '=', cityCode);
  if (f.codes) q = q.where('code', 'in', f.codes.length ? [...f.codes] : ['-']);
  if (f.regionCodes) q = q.where('region_code', 'in', f.regionCodes.length ? [...f.regionCodes] : ['-']);
  if (f.years) q = q.where('year', 'in', f.years.length ? [...f.years] : [-1]);
  const rows = await q.orderBy('code').orderBy('region_code').orderBy('year').execute();
  return rows.map((r) => ({ code: r.code, regionCode: r.region_code, year: r.year, value: r.value, origin: r.origin, source: r.source, sample: r.sample, provider: r.provider, coverage: r.coverage, importId: r.import_id, updatedAt: new Date(r.updated_at) }));
}

/** The years a region has any value for, newest first. */
export async function yearsWithData(db: Db, cityCode: string, regionCode: string): Promise<number[]> {
  const rows = await c(db).selectFrom('checkup_values').select(sql<number>`distinct year`.as('year')).where('city_code', '=', cityCode).where('region_code', '=', regionCode).orderBy('year', 'desc').execute();
  return rows.map((r) => Number(r.year));
}

/** The regions of the city that have any checkup value, by code. */
export async function regionsWithValues(db: Db, cityCode: string): Promise<string[]> {
  const rows = await c(db).selectFrom('checkup_values').select('region_code').distinct().where('city_code', '=', cityCode).orderBy('region_code').execute();
  return rows.map((r) => r.region_code);
}
