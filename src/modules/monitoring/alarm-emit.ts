import type { Transaction } from 'kysely';
import type { CoreTables } from '../../core/db/tables.js';
import { emitEvents } from '../../core/events.js';
import type { AlarmEffect } from './alarms/alarm.js';
import type { AlarmPlace } from './alarm-rows.js';

/**
 * Writes the outbox events of alarm transitions in the caller's transaction, in order, each
 * naming its alarm and where it is (the asset's name, region and point), so that subscribers
 * (the hotline link, the environment's zone flags, the console) need not read the alarm.
 */
export async function emitAlarmEffects(trx: Transaction<CoreTables>, cityCode: string, effects: readonly AlarmEffect[], places: ReadonlyMap<string, AlarmPlace>): Promise<void> {
  const events = effects.flatMap((e) => {
    if (e.kind !== 'event') return [];
    const p = places.get(e.alarmId);
    const where = p ? { assetType: p.assetType, assetName: p.assetName, regionCode: p.regionCode, lon: p.lon, lat: p.lat } : {};
    return [{ cityCode, topic: e.event, payload: { alarmId: e.alarmId, ...e.payload, ...where } }];
  });
  await emitEvents(trx, events);
}
