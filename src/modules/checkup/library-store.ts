import type { Kysely, Selectable, Transaction } from 'kysely';
import { AppError } from '../../core/errors.js';
import type { CoreTables } from '../../core/db/tables.js';
import type { CompositeSettings, IndicatorDefinition, LibraryFile } from './indicator-schema.js';
import type { CheckupTables } from './tables.js';
import type { Tier } from './tasks.js';

type Db = Kysely<CoreTables> | Transaction<CoreTables>;
/** The checkup's tables on a database or transaction. */
export const c = (db: Db) => db.withTables<CheckupTables>();

/** One version of an indicator's standard, as it was set. */
export interface StandardVersion {
  version: number;
  target: number | null;
  lower: number | null;
  upper: number | null;
  tier: Tier;
  document: string;
  verified: boolean;
  note: string | null;
  reason: string | null;
  changedBy: string;
  validFrom: Date;
}

/** An indicator as the city has it now: its definition and the standard in force. */
export interface Indicator extends Omit<IndicatorDefinition, 'standard'> {
  standard: StandardVersion | null;
}

/** The city's library: its settings and its indicators in the pack's order. */
export interface Library {
  nearPct: number;
  composite: CompositeSettings;
  source: string;
  indicators: Indicator[];
  byCode: Map<string, Indicator>;
}

/** The city's indicator library, or a not_found error naming what to import. */
export async function loadLibrary(db: Db, cityCode: string): Promise<Library> {
  const settings = await c(db).selectFrom('checkup_settings').selectAll().where('city_code', '=', cityCode).executeTakeFirst();
  if (!settings) throw new AppError('not_found', `city ${cityCode} has no checkup indicator library: import a pack with checkup/indicators.json`, { field: 'cityCode' });
  const rows = await c(db).selectFrom('checkup_indicators').selectAll().where('city_code', '=', cityCode).where('active', '=', true).orderBy('position').execute();
  const standards = await c(db)
    .selectFrom('checkup_standards as s')
    .innerJoin('checkup_indicators as i', (j) => j.onRef('i.city_code', '=', 's.city_code').onRef('i.code', '=', 's.code').onRef('i.standard_version', '=', 's.version'))
    .selectAll('s')
    .where('s.city_code', '=', cityCode)
    .execute();
  const byStandard = new Map(standards.map((s) => [s.code, toVersion(s)]));
  const indicators = rows.map((r) => {
    const { standard: _declared, ...def } = r.definition;
    return { ...def, standard: byStandard.get(r.code) ?? null };
  });
  return { nearPct: settings.near_pct, composite: settings.composite, source: settings.source, indicators, byCode: new Map(indicators.map((i) => [i.code, i])) };
}

/** Every version of an indicator's standard, newest first. */
export async function standardHistory(db: Db, cityCode: string, code: string): Promise<StandardVersion[]> {
  const rows = await c(db).selectFrom('checkup_standards').selectAll().where('city_code', '=', cityCode).where('code', '=', code).orderBy('version', 'desc').execute();
  return rows.map(toVersion);
}

const packReason = 'pack import';

/**
 * Writes a pack's library in the caller's transaction: settings, definitions, and for each
 * indicator whose declared standard differs from what the pack declared before, a new standard
 * version (earlier versions stay, so past evaluations keep theirs). Indicators the pack no
 * longer lists are deactivated, not deleted.
 */
export async function writeLibrary(trx: Transaction<CoreTables>, cityCode: string, lib: LibraryFile, actorLabel: string): Promise<Record<string, number>> {
  const t = c(trx);
  const settings = { near_pct: lib.nearPct, composite: JSON.stringify(lib.composite), source: lib.source, updated_at: new Date() };
  await t.insertInto('checkup_settings').values({ city_code: cityCode, ...settings }).onConflict((oc) => oc.column('city_code').doUpdateSet(settings)).execute();
  const current = new Map((await t.selectFrom('checkup_indicators').select(['code', 'standard_version']).where('city_code', '=', cityCode).execute()).map((r) => [r.code, r.standard_version]));
  let newStandards = 0;
  for (const [position, d] of lib.indicators.entries()) {
    let version = current.get(d.code) ?? null;
    if (d.standard) {
      // Compared with what the pack said last time, not with the standard in force: a standard
      // changed through the API stays until the pack itself declares a different one.
      const lastFromPack = await t.selectFrom('checkup_standards').selectAll().where('city_code', '=', cityCode).where('code', '=', d.code).where('reason', '=', packReason).orderBy('version', 'desc').limit(1).executeTakeFirst();
      const s = d.standard;
      const same = lastFromPack && lastFromPack.target === (s.target ?? null) && lastFromPack.lower_bound === (s.lower ?? null) && lastFromPack.upper_bound === (s.upper ?? null) && lastFromPack.tier === s.tier && lastFromPack.document === s.document && lastFromPack.verified === s.verified;
      if (!same || version === null) {
        version = await nextVersion(trx, cityCode, d.code);
        await t
          .insertInto('checkup_standards')
          .values({ city_code: cityCode, code: d.code, version, target: s.target ?? null, lower_bound: s.lower ?? null, upper_bound: s.upper ?? null, tier: s.tier, document: s.document, verified: s.verified, note: s.note ?? null, reason: packReason, changed_by: actorLabel })
          .execute();
        newStandards++;
      }
    } else version = null;
    const row = { task: d.task, level: d.level, kind: d.kind, definition: JSON.stringify(d), standard_version: version, position, active: true, updated_at: new Date() };
    await t.insertInto('checkup_indicators').values({ city_code: cityCode, code: d.code, ...row }).onConflict((oc) => oc.columns(['city_code', 'code']).doUpdateSet(row)).execute();
  }
  const listed = lib.indicators.map((d) => d.code);
  const retired = await t.updateTable('checkup_indicators').set({ active: false, updated_at: new Date() }).where('city_code', '=', cityCode).where('code', 'not in', listed).where('active', '=', true).executeTakeFirst();
  return { indicators: lib.indicators.length, standardVersions: newStandards, retired: Number(retired.numUpdatedRows) };
}

/** The next version number of an indicator's standard. */
export async function nextVersion(trx: Db, cityCode: string, code: string): Promise<number> {
  const row = await c(trx).selectFrom('checkup_standards').select((eb) => eb.fn.max('version').as('v')).where('city_code', '=', cityCode).where('code', '=', code).executeTakeFirst();
  return Number(row?.v ?? 0) + 1;
}

function toVersion(s: Selectable<CheckupTables['checkup_standards']>): StandardVersion {
  return {
    version: s.version,
    target: s.target,
    lower: s.lower_bound,
    upper: s.upper_bound,
    tier: s.tier as Tier,
    document: s.document,
    verified: s.verified,
    note: s.note,
    reason: s.reason,
    changedBy: s.changed_by,
    validFrom: new Date(s.valid_from),
  };
}
