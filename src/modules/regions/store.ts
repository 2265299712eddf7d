import { sql, type Kysely, type Transaction } from 'kysely';
import type { CoreTables } from '../../core/db/tables.js';
import type { RegionsTables } from './tables.js';
import type { CleanInput } from './validate.js';

type Db = Kysely<CoreTables> | Transaction<CoreTables>;
const t = (db: Db) => db.withTables<RegionsTables>();

/** A region as the API shows it. */
export interface RegionView {
  code: string;
  name: string;
  nameEn: string | null;
  level: string;
  parent: string | null;
  bbox: [number, number, number, number] | null;
  hasBoundary: boolean;
}

type Row = { code: string; name: string; name_en: string | null; level: string; parent_code: string | null; bbox_west: number | null; bbox_south: number | null; bbox_east: number | null; bbox_north: number | null; has_boundary?: boolean };

const columns = ['code', 'name', 'name_en', 'level', 'parent_code', 'bbox_west', 'bbox_south', 'bbox_east', 'bbox_north'] as const;

/** The API's view of a region row. */
export function toRegionView(r: Row): RegionView {
  return {
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    level: r.level,
    parent: r.parent_code,
    bbox: r.bbox_west === null ? null : [r.bbox_west, r.bbox_south!, r.bbox_east!, r.bbox_north!],
    hasBoundary: r.bbox_west !== null,
  };
}

/** Every stored region's level, for checking an import against what is there. */
export async function existingLevels(db: Db, cityCode: string): Promise<Map<string, { level: string }>> {
  const rows = await t(db).selectFrom('regions_regions').select(['code', 'level']).where('city_code', '=', cityCode).execute();
  return new Map(rows.map((r) => [r.code, { level: r.level }]));
}

/** Writes a checked import (upserts) and bumps the city's regions version, in the caller's transaction. */
export async function writeRegions(trx: Transaction<CoreTables>, cityCode: string, input: CleanInput, onProgress: (done: number, total: number) => void = () => {}): Promise<Record<string, number>> {
  const db = t(trx);
  const total = input.regions.length + input.attributes.length + input.gazetteer.length;
  let done = 0;
  for (const chunk of chunks(input.regions, 500)) {
    await db
      .insertInto('regions_regions')
      .values(
        chunk.map((r) => ({
          city_code: cityCode,
          code: r.code,
          name: r.name,
          name_en: r.nameEn,
          pinyin: r.pinyin,
          initials: r.initials,
          level: r.level,
          parent_code: r.parent,
          geometry: r.geometry ? JSON.stringify(r.geometry) : null,
          bbox_west: r.bbox?.[0] ?? null,
          bbox_south: r.bbox?.[1] ?? null,
          bbox_east: r.bbox?.[2] ?? null,
          bbox_north: r.bbox?.[3] ?? null,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['city_code', 'code']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          name_en: eb.ref('excluded.name_en'),
          pinyin: eb.ref('excluded.pinyin'),
          initials: eb.ref('excluded.initials'),
          level: eb.ref('excluded.level'),
          parent_code: eb.ref('excluded.parent_code'),
          // An import without a boundary keeps the one already stored.
          geometry: sql`coalesce(excluded.geometry, regions_regions.geometry)`,
          bbox_west: sql`coalesce(excluded.bbox_west, regions_regions.bbox_west)`,
          bbox_south: sql`coalesce(excluded.bbox_south, regions_regions.bbox_south)`,
          bbox_east: sql`coalesce(excluded.bbox_east, regions_regions.bbox_east)`,
          bbox_north: sql`coalesce(excluded.bbox_north, regions_regions.bbox_north)`,
          updated_at: sql`now()`,
        })),
      )
      .execute();
    onProgress((done += chunk.length), total);
  }
  for (const chunk of chunks(input.attributes, 500)) {
    await db
      .insertInto('regions_attributes')
      .values(chunk.map((a) => ({ city_code: cityCode, ...a })))
      .onConflict((oc) => oc.columns(['city_code', 'code', 'year', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), unit: eb.ref('excluded.unit'), source: eb.ref('excluded.source') })))
      .execute();
    onProgress((done += chunk.length), total);
  }
  for (const g of input.groups) {
    await db
      .insertInto('regions_groups')
      .values({ city_code: cityCode, code: g.code, kind: g.kind, name: g.name, name_en: g.nameEn, members: g.members, source: g.source })
      .onConflict((oc) => oc.columns(['city_code', 'code']).doUpdateSet({ kind: g.kind, name: g.name, name_en: g.nameEn, members: g.members, source: g.source }))
      .execute();
  }
  const gazetteerCodes = [...new Set(input.gazetteer.map((e) => e.code))];
  for (const chunk of chunks(gazetteerCodes, 1000)) await db.deleteFrom('regions_gazetteer').where('city_code', '=', cityCode).where('code', 'in', chunk).execute();
  for (const chunk of chunks(input.gazetteer, 1000)) {
    await db.insertInto('regions_gazetteer').values(chunk.map((e) => ({ city_code: cityCode, ...e }))).onConflict((oc) => oc.doNothing()).execute();
    onProgress((done += chunk.length), total);
  }
  await bumpVersion(trx, cityCode);
  return { regions: input.regions.length, boundaries: input.regions.filter((r) => r.geometry).length, attributes: input.attributes.length, groups: input.groups.length, gazetteerNames: input.gazetteer.length };
}

/** Marks the city's regions as changed, so every copy rebuilds its index. */
export async function bumpVersion(trx: Db, cityCode: string): Promise<void> {
  await t(trx)
    .insertInto('regions_versions')
    .values({ city_code: cityCode, version: 1 })
    .onConflict((oc) => oc.column('city_code').doUpdateSet({ version: sql`regions_versions.version + 1`, updated_at: sql`now()` }))
    .execute();
}

/** The city's regions version (0 before any import). */
export async function currentVersion(db: Db, cityCode: string): Promise<number> {
  const row = await t(db).selectFrom('regions_versions').select('version').where('city_code', '=', cityCode).executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** One region by canonical code. */
export async function findRegion(db: Db, cityCode: string, code: string): Promise<RegionView | null> {
  const row = await t(db).selectFrom('regions_regions').select(columns).where('city_code', '=', cityCode).where('code', '=', code).executeTakeFirst();
  return row ? toRegionView(row) : null;
}

/** A region's children, optionally only those of one level. */
export async function listChildren(db: Db, cityCode: string, code: string, level?: string): Promise<RegionView[]> {
  let q = t(db).selectFrom('regions_regions').select(columns).where('city_code', '=', cityCode).where('parent_code', '=', code);
  if (level) q = q.where('level', '=', level);
  return (await q.orderBy('code').execute()).map(toRegionView);
}

/** The figures stored for a region, newest year first. */
export async function listAttributes(db: Db, cityCode: string, code: string) {
  return t(db).selectFrom('regions_attributes').select(['year', 'key', 'value', 'unit', 'source']).where('city_code', '=', cityCode).where('code', '=', code).orderBy('key').orderBy('year', 'desc').execute();
}

/** Regions whose name, pinyin or initials match: exact names first, then prefixes, then the rest. */
export async function searchRegions(db: Db, cityCode: string, q: string, { level, limit = 20 }: { level?: string; limit?: number } = {}): Promise<RegionView[]> {
  const needle = q.trim().toLowerCase();
  const latin = /^[a-z\s]+$/.test(needle);
  const compact = needle.replace(/\s+/g, '');
  const like = `%${escapeLike(latin ? compact : needle)}%`;
  let query = t(db)
    .selectFrom('regions_regions')
    .select(columns)
    .where('city_code', '=', cityCode)
    .where((eb) => (latin ? eb.or([eb('pinyin', 'like', like), eb('initials', '=', compact), eb(sql`lower(name_en)`, 'like', `%${escapeLike(needle)}%`)]) : eb('name', 'like', like)));
  if (level) query = query.where('level', '=', level);
  const field = latin ? sql`pinyin` : sql`name`;
  const exact = latin ? compact : needle;
  const rows = await query
    .orderBy(sql`case when ${field} = ${exact} or initials = ${compact} then 0 when ${field} like ${escapeLike(exact) + '%'} then 1 else 2 end`)
    .orderBy(sql`case level when 'province' then 0 when 'city' then 1 when 'district' then 2 when 'township' then 3 else 4 end`)
    .orderBy('code')
    .limit(limit)
    .execute();
  return rows.map(toRegionView);
}

/** Regions with boundaries as a GeoJSON FeatureCollection, by level and/or under a parent. */
export async function regionsGeoJson(db: Db, cityCode: string, { level, parent }: { level?: string; parent?: string }): Promise<GeoJSON.FeatureCollection> {
  let q = t(db).selectFrom('regions_regions').select(['code', 'name', 'name_en', 'level', 'parent_code', 'geometry']).where('city_code', '=', cityCode).where('geometry', 'is not', null);
  if (level) q = q.where('level', '=', level);
  if (parent) q = q.where('parent_code', '=', parent);
  const rows = await q.orderBy('code').execute();
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({ type: 'Feature', id: r.code, properties: { code: r.code, name: r.name, nameEn: r.name_en, level: r.level, parent: r.parent_code }, geometry: r.geometry as GeoJSON.Geometry })),
  };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
