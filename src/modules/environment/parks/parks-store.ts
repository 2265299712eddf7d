import type { Transaction } from 'kysely';
import { writeAudit } from '../../../core/audit.js';
import type { RequestContext } from '../../../core/context.js';
import type { CoreTables } from '../../../core/db/tables.js';
import type { Bbox } from '../../../core/geo/index.js';
import type { Kernel } from '../../../core/kernel.js';
import type { PackLoader } from '../../../core/pack.js';
import { edb, type Db } from '../tables.js';
import { parksFile, readParksFile, type ParkGeometry, type ParkInput } from './parks-file.js';

/** Upserts parks by id, in the caller's transaction. */
export async function writeParks(trx: Transaction<CoreTables>, cityCode: string, parks: ParkInput[]): Promise<number> {
  const db = edb(trx);
  for (let i = 0; i < parks.length; i += 500) {
    const rows = parks.slice(i, i + 500).map((p) => ({
      city_code: cityCode,
      id: p.id,
      name: p.name,
      name_en: p.nameEn,
      geometry: JSON.stringify(p.geometry),
      bbox_west: p.bbox[0],
      bbox_south: p.bbox[1],
      bbox_east: p.bbox[2],
      bbox_north: p.bbox[3],
      sample: p.sample,
      source: p.source,
      updated_at: new Date(),
    }));
    await db
      .insertInto('environment_parks')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['city_code', 'id']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          name_en: eb.ref('excluded.name_en'),
          geometry: eb.ref('excluded.geometry'),
          bbox_west: eb.ref('excluded.bbox_west'),
          bbox_south: eb.ref('excluded.bbox_south'),
          bbox_east: eb.ref('excluded.bbox_east'),
          bbox_north: eb.ref('excluded.bbox_north'),
          sample: eb.ref('excluded.sample'),
          source: eb.ref('excluded.source'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  return parks.length;
}

/** The pack loader of `environment/parks.geojson` (optional): upserts the city's parks by id. */
export const parksPackLoader: PackLoader = {
  name: 'environment.parks',
  async load({ has, readJson, trx, manifest }): Promise<Record<string, number>> {
    if (!has(parksFile)) return {};
    return { parks: await writeParks(trx, manifest.city.code, readParksFile(await readJson(parksFile))) };
  },
};

/** Imports parks from a GeoJSON FeatureCollection (upsert by id), with the audit record. */
export async function importParks(k: Kernel, ctx: RequestContext, geojson: unknown): Promise<{ parks: number; sample: number }> {
  k.policy.check(ctx.actor, { action: 'environment.park.import' });
  const parks = readParksFile(geojson, 'body');
  await k.transaction(async (trx) => {
    await writeParks(trx, ctx.cityCode, parks);
    await writeAudit(trx, ctx, { action: 'environment.parks.imported', resourceType: 'environment_parks', after: { parks: parks.length, sample: parks.filter((p) => p.sample).length } });
  });
  return { parks: parks.length, sample: parks.filter((p) => p.sample).length };
}

/** The parks whose box comes within `marginDeg` of a bbox, with whether any is a sample. */
export async function parksNear(db: Db, cityCode: string, bbox: Bbox, marginDeg: number): Promise<{ id: string; name: string; geometry: ParkGeometry; sample: boolean }[]> {
  const [w, s, e, n] = bbox;
  return edb(db)
    .selectFrom('environment_parks')
    .select(['id', 'name', 'geometry', 'sample'])
    .where('city_code', '=', cityCode)
    .where('bbox_east', '>=', w - marginDeg)
    .where('bbox_west', '<=', e + marginDeg)
    .where('bbox_north', '>=', s - marginDeg)
    .where('bbox_south', '<=', n + marginDeg)
    .orderBy('id')
    .execute() as Promise<{ id: string; name: string; geometry: ParkGeometry; sample: boolean }[]>;
}
