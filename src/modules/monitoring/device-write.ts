import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError } from '../../core/errors.js';
import { writeAudit } from '../../core/audit.js';
import { emitEvent } from '../../core/events.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import type { CoreTables } from '../../core/db/tables.js';
import { getDevice, loadVisibleAsset } from './assets-store.js';
import type { DeviceView } from './asset-views.js';
import { monitoringEvents } from './events.js';
import type { DeviceInput } from './pack-schema.js';
import { bumpRegistryVersion, ensureSeries, mdb } from './versions.js';

type Db = Kysely<CoreTables> | Transaction<CoreTables>;
export type DeviceChanges = Partial<Omit<DeviceInput, 'id'>> & { assetId?: string };

const writeAction = 'monitoring.asset.write';

/** Fails naming the field unless every metric of every device is in the city's catalogue, once per device. */
export async function checkDeviceMetrics(db: Db, cityCode: string, devices: Pick<DeviceInput, 'metrics'>[], field = 'devices'): Promise<void> {
  const known = new Set((await mdb(db).selectFrom('monitoring_metrics').select('name').where('city_code', '=', cityCode).execute()).map((r) => r.name));
  devices.forEach((d, i) => {
    const at = devices.length === 1 && field === 'metrics' ? 'metrics' : `${field}.${i}.metrics`;
    const unknown = d.metrics.find((m) => !known.has(m));
    if (unknown) throw new AppError('invalid', `${unknown} is not in the metric catalogue (GET /api/monitoring/catalog)`, { field: at });
    if (new Set(d.metrics).size !== d.metrics.length) throw new AppError('invalid', 'a metric is listed twice', { field: at });
  });
}

/** Inserts devices on an asset with their series; a device id already taken is a conflict naming it. */
export async function insertDevices(trx: Db, cityCode: string, assetId: string, devices: DeviceInput[], { simulated = false, now = new Date() } = {}): Promise<void> {
  const ids = devices.map((d) => d.id);
  const taken = await mdb(trx).selectFrom('monitoring_devices').select('id').where('city_code', '=', cityCode).where('id', 'in', ids).executeTakeFirst();
  if (taken || new Set(ids).size !== ids.length) throw new AppError('conflict', `device ${taken?.id ?? 'id'} is already registered`, { field: 'id' });
  await mdb(trx)
    .insertInto('monitoring_devices')
    .values(devices.map((d) => ({ city_code: cityCode, id: d.id, asset_id: assetId, model: d.model ?? null, metrics: d.metrics, properties: JSON.stringify(d.properties ?? {}), active: d.active ?? true, simulated: d.simulated ?? simulated, created_at: now, updated_at: now })))
    .execute();
  await ensureSeries(trx, cityCode, devices);
}

/** Registers a device on an asset the actor may write. */
export async function createDevice(k: Kernel, ctx: RequestContext, input: DeviceInput & { assetId: string }): Promise<DeviceView> {
  const actor = k.policy.check(ctx.actor, { action: writeAction });
  const asset = await loadVisibleAsset(k.db, actor, input.assetId);
  k.policy.check(actor, { action: writeAction, regionCode: asset.region_code });
  await checkDeviceMetrics(k.db, ctx.cityCode, [input], 'metrics');
  const { assetId, ...device } = input;
  await k.transaction(async (trx) => {
    await insertDevices(trx, ctx.cityCode, assetId, [device], { simulated: input.simulated ?? asset.simulated, now: k.clock.now() });
    await bumpRegistryVersion(trx, ctx.cityCode);
    await writeAudit(trx, ctx, { action: monitoringEvents.deviceCreated, resourceType: 'device', resourceId: input.id, after: { assetId, metrics: input.metrics, model: input.model ?? null } });
    await emitEvent(trx, ctx.cityCode, monitoringEvents.deviceCreated, { deviceId: input.id, assetId });
  });
  return stripRegion(await getDevice(k.db, actor, input.id));
}

/** Changes a device (its metrics, model, activity, or the asset it is on) the actor may write. */
export async function updateDevice(k: Kernel, ctx: RequestContext, id: string, changes: DeviceChanges): Promise<DeviceView> {
  const actor = k.policy.check(ctx.actor, { action: writeAction });
  const current = await getDevice(k.db, actor, id);
  k.policy.check(actor, { action: writeAction, regionCode: current.regionCode });
  if (changes.assetId && changes.assetId !== current.assetId) {
    const target = await loadVisibleAsset(k.db, actor, changes.assetId);
    k.policy.check(actor, { action: writeAction, regionCode: target.region_code });
  }
  if (changes.metrics) await checkDeviceMetrics(k.db, ctx.cityCode, [{ metrics: changes.metrics }], 'metrics');
  await k.transaction(async (trx) => {
    await mdb(trx)
      .updateTable('monitoring_devices')
      .set({
        ...(changes.assetId !== undefined && { asset_id: changes.assetId }),
        ...(changes.metrics !== undefined && { metrics: changes.metrics }),
        ...(changes.model !== undefined && { model: changes.model }),
        ...(changes.properties !== undefined && { properties: JSON.stringify(changes.properties) }),
        ...(changes.active !== undefined && { active: changes.active }),
        ...(changes.simulated !== undefined && { simulated: changes.simulated }),
        updated_at: sql`now()`,
      })
      .where('city_code', '=', ctx.cityCode)
      .where('id', '=', id)
      .execute();
    if (changes.metrics) await ensureSeries(trx, ctx.cityCode, [{ id, metrics: changes.metrics }]);
    await bumpRegistryVersion(trx, ctx.cityCode);
    await writeAudit(trx, ctx, { action: monitoringEvents.deviceUpdated, resourceType: 'device', resourceId: id, before: { assetId: current.assetId, metrics: current.metrics.map((m) => m.name), active: current.active }, after: changes });
    await emitEvent(trx, ctx.cityCode, monitoringEvents.deviceUpdated, { deviceId: id, assetId: changes.assetId ?? current.assetId });
  });
  return stripRegion(await getDevice(k.db, actor, id));
}

function stripRegion({ regionCode: _r, ...view }: DeviceView & { regionCode: string | null }): DeviceView {
  return view;
}
