import { sql, type Transaction } from 'kysely';
import type { CoreTables } from '../../../core/db/tables.js';
import type { PackLoader } from '../../../core/pack.js';
import { edb, type Db } from '../tables.js';
import { invalidateZones } from './zone-index.js';
import { zoneLevelTable, type ZoneLevel } from './zone-levels.js';
import { readZonesFile, zonesFile, type ZoneInput } from './zones-file.js';

/**
 * Writes a city's zones as the complete set: upserts by zone id, deletes the zones the new set
 * no longer has (their flags keep the zone as it was), and bumps the version every copy's
 * index follows. Re-importing the same set changes nothing but the version.
 */
export async function writeZones(trx: Transaction<CoreTables>, cityCode: string, zones: ZoneInput[]): Promise<{ zones: number; removed: number }> {
  const db = edb(trx);
  for (const z of zones) {
    const row = {
      city_code: cityCode,
      id: z.id,
      name: z.name,
      name_en: z.nameEn,
      level: z.level,
      source_code: z.source.code,
      source_name: z.source.name,
      source_name_en: z.source.nameEn,
      source_kind: z.source.kind,
      area_kind: z.area,
      region_codes: z.regionCodes,
      geometry: JSON.stringify(z.geometry),
      bbox_west: z.bbox[0],
      bbox_south: z.bbox[1],
      bbox_east: z.bbox[2],
      bbox_north: z.bbox[3],
      sample: z.sample,
      basis: z.basis,
      approved_by: z.approvedBy,
      updated_at: new Date(),
    };
    const { city_code: _c, id: _i, ...update } = row;
    await db.insertInto('environment_zones').values(row).onConflict((oc) => oc.columns(['city_code', 'id']).doUpdateSet(update)).execute();
  }
  let q = db.deleteFrom('environment_zones').where('city_code', '=', cityCode);
  if (zones.length) q = q.where('id', 'not in', zones.map((z) => z.id));
  const removed = Number((await q.executeTakeFirst()).numDeletedRows);
  await db
    .insertInto('environment_zone_versions')
    .values({ city_code: cityCode, version: 1 })
    .onConflict((oc) => oc.column('city_code').doUpdateSet({ version: sql`environment_zone_versions.version + 1`, updated_at: sql`now()` }))
    .execute();
  return { zones: zones.length, removed };
}

/** The pack loader of `environment/water-source-zones.geojson` (optional): the city's complete set of zones. */
export const zonesPackLoader: PackLoader = {
  name: 'environment.zones',
  async load({ has, readJson, trx, manifest }): Promise<Record<string, number>> {
    if (!has(zonesFile)) return {};
    return writeZones(trx, manifest.city.code, readZonesFile(await readJson(zonesFile)));
  },
  committed(k, cityCode) {
    invalidateZones(k, cityCode);
  },
};

/** The city's zones as a GeoJSON FeatureCollection (WGS-84), optionally of one level or source. */
export async function zonesGeoJson(db: Db, cityCode: string, { level, source }: { level?: ZoneLevel; source?: string } = {}) {
  let q = edb(db).selectFrom('environment_zones').selectAll().where('city_code', '=', cityCode);
  if (level) q = q.where('level', '=', level);
  if (source) q = q.where('source_code', '=', source);
  const rows = await q.orderBy('source_code').orderBy('id').execute();
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.id,
      properties: {
        id: r.id,
        name: r.name,
        nameEn: r.name_en,
        level: r.level,
        levelName: { zh: zoneLevelTable[r.level].zh, en: zoneLevelTable[r.level].en },
        source: { code: r.source_code, name: r.source_name, nameEn: r.source_name_en, kind: r.source_kind },
        area: r.area_kind,
        regionCodes: r.region_codes,
        sample: r.sample,
        basis: r.basis,
        approvedBy: r.approved_by,
      },
      geometry: r.geometry,
    })),
  };
}
