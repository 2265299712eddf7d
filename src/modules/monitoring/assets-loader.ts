import { sql } from 'kysely';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Kernel } from '../../core/kernel.js';
import type { PackLoader } from '../../core/pack.js';
import { locate } from '../regions/index.js';
import { assetPlace } from './asset-geometry.js';
import { parsePackFile } from './catalog.js';
import { assetsFileSchema, monitoringFiles, type AssetsFile } from './pack-schema.js';
import { bumpRegistryVersion, ensureSeries, mdb } from './versions.js';

const file = monitoringFiles.assets;

/** Checks the file against itself and the catalogue: unique codes and device ids, known types and metrics. */
export function checkAssetsFile(f: AssetsFile, types: Set<string>, metrics: Set<string>): void {
  const codes = new Set<string>();
  const devices = new Set<string>();
  f.assets.forEach((a, i) => {
    const at = `${file}:assets.${i}`;
    if (codes.has(a.code)) throw new AppError('invalid', `${file}: assets.${i}.code: ${a.code} is listed twice`, { field: `${at}.code` });
    codes.add(a.code);
    if (!types.has(a.type)) throw new AppError('invalid', `${file}: assets.${i}.type: ${a.type} is not an asset type of monitoring/catalog.json`, { field: `${at}.type` });
    assetPlace(a.lon, a.lat, a.geometry, { field: `${at}.geometry` });
    a.devices.forEach((d, j) => {
      if (devices.has(d.id)) throw new AppError('invalid', `${file}: assets.${i}.devices.${j}.id: ${d.id} is listed twice`, { field: `${at}.devices.${j}.id` });
      devices.add(d.id);
      const unknown = d.metrics.find((m) => !metrics.has(m));
      if (unknown) throw new AppError('invalid', `${file}: assets.${i}.devices.${j}.metrics: ${unknown} is not in the metric catalogue`, { field: `${at}.devices.${j}.metrics` });
    });
  });
}

/**
 * The pack loader of the monitored assets and their devices (`monitoring/assets.json`): an
 * upsert by the owner's asset code and the device id. Regions are assigned once the pack has
 * committed (its regions may come in the same import).
 */
export const assetsPackLoader: PackLoader = {
  name: 'monitoring.assets',
  after: ['monitoring.catalog'],
  async load({ has, readJson, trx, manifest, progress }): Promise<Record<string, number>> {
    if (!has(file)) return {};
    const parsed = parsePackFile(assetsFileSchema, await readJson(file), file);
    const city = manifest.city.code;
    const db = mdb(trx);
    const types = new Set((await db.selectFrom('monitoring_asset_types').select('code').where('city_code', '=', city).execute()).map((r) => r.code));
    const metrics = new Set((await db.selectFrom('monitoring_metrics').select('name').where('city_code', '=', city).execute()).map((r) => r.name));
    checkAssetsFile(parsed, types, metrics);
    const now = new Date();
    let devices = 0;
    for (let i = 0; i < parsed.assets.length; i += 500) {
      const chunk = parsed.assets.slice(i, i + 500);
      const rows = await db
        .insertInto('monitoring_assets')
        .values(
          chunk.map((a) => {
            const place = assetPlace(a.lon, a.lat, a.geometry);
            return {
              city_code: city,
              id: newId('ast', now),
              code: a.code,
              type: a.type,
              name: a.name,
              name_en: a.nameEn ?? null,
              lon: a.lon,
              lat: a.lat,
              geometry: a.geometry ? JSON.stringify(a.geometry) : null,
              bbox_west: place.bbox[0],
              bbox_south: place.bbox[1],
              bbox_east: place.bbox[2],
              bbox_north: place.bbox[3],
              properties: JSON.stringify(a.properties ?? {}),
              simulated: a.simulated ?? parsed.simulated,
              created_at: now,
              updated_at: now,
            };
          }),
        )
        .onConflict((oc) =>
          oc.columns(['city_code', 'code']).doUpdateSet((eb) => ({
            type: eb.ref('excluded.type'),
            name: eb.ref('excluded.name'),
            name_en: eb.ref('excluded.name_en'),
            lon: eb.ref('excluded.lon'),
            lat: eb.ref('excluded.lat'),
            geometry: eb.ref('excluded.geometry'),
            bbox_west: eb.ref('excluded.bbox_west'),
            bbox_south: eb.ref('excluded.bbox_south'),
            bbox_east: eb.ref('excluded.bbox_east'),
            bbox_north: eb.ref('excluded.bbox_north'),
            properties: eb.ref('excluded.properties'),
            simulated: eb.ref('excluded.simulated'),
            version: sql`monitoring_assets.version + 1`,
            updated_at: now,
          })),
        )
        .returning(['id', 'code'])
        .execute();
      const idByCode = new Map(rows.map((r) => [r.code!, r.id]));
      const deviceRows = chunk.flatMap((a) =>
        a.devices.map((d) => ({ city_code: city, id: d.id, asset_id: idByCode.get(a.code)!, model: d.model ?? null, metrics: d.metrics, properties: JSON.stringify(d.properties ?? {}), active: d.active ?? true, simulated: d.simulated ?? a.simulated ?? parsed.simulated, created_at: now, updated_at: now })),
      );
      if (deviceRows.length) {
        await db
          .insertInto('monitoring_devices')
          .values(deviceRows)
          .onConflict((oc) =>
            oc.columns(['city_code', 'id']).doUpdateSet((eb) => ({
              asset_id: eb.ref('excluded.asset_id'),
              model: eb.ref('excluded.model'),
              metrics: eb.ref('excluded.metrics'),
              properties: eb.ref('excluded.properties'),
              active: eb.ref('excluded.active'),
              simulated: eb.ref('excluded.simulated'),
              updated_at: now,
            })),
          )
          .execute();
        await ensureSeries(trx, city, deviceRows);
      }
      devices += deviceRows.length;
      progress(Math.min(i + 500, parsed.assets.length), parsed.assets.length);
    }
    await bumpRegistryVersion(trx, city);
    return { assets: parsed.assets.length, devices };
  },
  committed: async (k, cityCode) => void (await locateAssets(k, cityCode)),
};

/** Sets each asset's region from `regions.locate` where it changed (after a pack or a boundary change). */
export async function locateAssets(k: Kernel, cityCode: string): Promise<number> {
  const rows = await mdb(k.db).selectFrom('monitoring_assets').select(['id', 'lon', 'lat', 'region_code']).where('city_code', '=', cityCode).execute();
  const ids: string[] = [];
  const regions: (string | null)[] = [];
  for (const r of rows) {
    const region = (await locate(k, cityCode, r.lon, r.lat)).region?.code ?? null;
    if (region !== r.region_code) {
      ids.push(r.id);
      regions.push(region);
    }
  }
  if (!ids.length) return 0;
  await k.transaction(async (trx) => {
    await sql`update monitoring_assets a set region_code = u.region_code, updated_at = now()
      from unnest(${ids}::text[], ${regions}::text[]) as u(id, region_code)
     where a.city_code = ${cityCode} and a.id = u.id`.execute(trx);
    await bumpRegistryVersion(trx, cityCode);
  });
  return ids.length;
}
