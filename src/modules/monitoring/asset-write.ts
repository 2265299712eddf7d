import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { writeAudit } from '../../core/audit.js';
import { emitEvent } from '../../core/events.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import type { Geometry } from '../../core/geo/index.js';
import { locate } from '../regions/index.js';
import { assetPlace } from './asset-geometry.js';
import { assetView, type AssetView } from './asset-views.js';
import { loadVisibleAsset } from './assets-store.js';
import { insertDevices, checkDeviceMetrics } from './device-write.js';
import { monitoringEvents } from './events.js';
import type { DeviceInput } from './pack-schema.js';
import { bumpRegistryVersion, mdb } from './versions.js';

export interface NewAsset {
  code?: string | null;
  type: string;
  name: string;
  nameEn?: string | null;
  lon: number;
  lat: number;
  geometry?: Geometry | null;
  properties?: Record<string, unknown>;
  simulated?: boolean;
  devices?: DeviceInput[];
}

export type AssetChanges = Partial<Omit<NewAsset, 'devices'>> & { expectedVersion?: number };

const writeAction = 'monitoring.asset.write';

/**
 * Registers an asset (and any devices on it) where its point lies: the region comes from
 * `regions.locate`, and the actor must be allowed to write there.
 */
export async function createAsset(k: Kernel, ctx: RequestContext, input: NewAsset): Promise<AssetView> {
  k.policy.check(ctx.actor, { action: writeAction });
  const place = assetPlace(input.lon, input.lat, input.geometry);
  await checkAssetType(k, ctx.cityCode, input.type);
  if (input.devices?.length) await checkDeviceMetrics(k.db, ctx.cityCode, input.devices);
  const regionCode = (await locate(k, ctx.cityCode, place.lon, place.lat)).region?.code ?? null;
  k.policy.check(ctx.actor, { action: writeAction, regionCode });
  const id = newId('ast', k.clock.now());
  const now = k.clock.now();
  const row = await k.transaction(async (trx) => {
    const inserted = await mdb(trx)
      .insertInto('monitoring_assets')
      .values({
        city_code: ctx.cityCode,
        id,
        code: input.code ?? null,
        type: input.type,
        name: input.name,
        name_en: input.nameEn ?? null,
        lon: place.lon,
        lat: place.lat,
        geometry: place.geometry ? JSON.stringify(place.geometry) : null,
        bbox_west: place.bbox[0],
        bbox_south: place.bbox[1],
        bbox_east: place.bbox[2],
        bbox_north: place.bbox[3],
        region_code: regionCode,
        properties: JSON.stringify(input.properties ?? {}),
        simulated: input.simulated ?? false,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.devices?.length) await insertDevices(trx, ctx.cityCode, id, input.devices, { simulated: input.simulated ?? false, now });
    await bumpRegistryVersion(trx, ctx.cityCode);
    await writeAudit(trx, ctx, { action: monitoringEvents.assetCreated, resourceType: 'asset', resourceId: id, after: { type: input.type, name: input.name, code: input.code ?? null, regionCode, devices: input.devices?.map((d) => d.id) ?? [] } });
    await emitEvent(trx, ctx.cityCode, monitoringEvents.assetCreated, { assetId: id, type: input.type, regionCode });
    return inserted;
  });
  return assetView(row);
}

/** Changes an asset the actor may see and write; a move re-locates it and needs the right to write there too. */
export async function updateAsset(k: Kernel, ctx: RequestContext, id: string, changes: AssetChanges): Promise<AssetView> {
  const actor = k.policy.check(ctx.actor, { action: writeAction });
  const current = await loadVisibleAsset(k.db, actor, id);
  k.policy.check(actor, { action: writeAction, regionCode: current.region_code });
  if (changes.type && changes.type !== current.type) await checkAssetType(k, ctx.cityCode, changes.type);
  const moved = changes.lon !== undefined || changes.lat !== undefined || changes.geometry !== undefined;
  const place = assetPlace(changes.lon ?? current.lon, changes.lat ?? current.lat, changes.geometry === undefined ? current.geometry : changes.geometry);
  const regionCode = moved ? ((await locate(k, ctx.cityCode, place.lon, place.lat)).region?.code ?? null) : current.region_code;
  if (moved) k.policy.check(actor, { action: writeAction, regionCode });
  const row = await k.transaction(async (trx) => {
    const locked = await loadVisibleAsset(trx, actor, id, { lock: true });
    if (changes.expectedVersion !== undefined && changes.expectedVersion !== locked.version) {
      throw new AppError('conflict', `asset ${id} is at version ${locked.version}, not ${changes.expectedVersion}; reload it`, { field: 'expectedVersion', details: { version: locked.version } });
    }
    const updated = await mdb(trx)
      .updateTable('monitoring_assets')
      .set({
        ...(changes.code !== undefined && { code: changes.code }),
        ...(changes.type !== undefined && { type: changes.type }),
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.nameEn !== undefined && { name_en: changes.nameEn }),
        ...(changes.properties !== undefined && { properties: JSON.stringify(changes.properties) }),
        ...(changes.simulated !== undefined && { simulated: changes.simulated }),
        lon: place.lon,
        lat: place.lat,
        geometry: place.geometry ? JSON.stringify(place.geometry) : null,
        bbox_west: place.bbox[0],
        bbox_south: place.bbox[1],
        bbox_east: place.bbox[2],
        bbox_north: place.bbox[3],
        region_code: regionCode,
        version: locked.version + 1,
        updated_at: k.clock.now(),
      })
      .where('city_code', '=', ctx.cityCode)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await bumpRegistryVersion(trx, ctx.cityCode);
    const { expectedVersion: _v, ...changed } = changes;
    await writeAudit(trx, ctx, { action: monitoringEvents.assetUpdated, resourceType: 'asset', resourceId: id, before: { version: locked.version, regionCode: locked.region_code }, after: { ...changed, regionCode, version: updated.version } });
    await emitEvent(trx, ctx.cityCode, monitoringEvents.assetUpdated, { assetId: id, type: updated.type, regionCode });
    return updated;
  });
  return assetView(row);
}

async function checkAssetType(k: Kernel, cityCode: string, type: string): Promise<void> {
  const row = await mdb(k.db).selectFrom('monitoring_asset_types').select('code').where('city_code', '=', cityCode).where('code', '=', type).executeTakeFirst();
  if (!row) throw new AppError('invalid', `${type} is not an asset type of this city (GET /api/monitoring/catalog lists them)`, { field: 'type' });
}
