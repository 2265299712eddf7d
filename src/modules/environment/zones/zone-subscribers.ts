import type { Transaction } from 'kysely';
import type { CoreTables } from '../../../core/db/tables.js';
import type { OutboxEvent, Subscriber } from '../../../core/events.js';
import type { Kernel } from '../../../core/kernel.js';
import { hotlineEvents, type CaseEventPayload } from '../../hotline/index.js';
import { monitoringAlarmRaised } from '../events.js';
import { flagSubject } from './zone-flags.js';

/** A monitoring alarm as its event carries it (monitoring's payload; `alarmId` when it names one). */
interface AlarmPayload {
  alarmId?: string;
  assetId?: string;
  lon?: number;
  lat?: number;
  regionCode?: string | null;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Flags hotline cases and monitoring alarms located inside a drinking-water source protection
 * zone, in the delivery's own transaction: both events carry their point (a case without one
 * — an address alone — has nothing to place).
 */
export function zoneSubscribers(k: Kernel): Subscriber[] {
  const handleBatch = async (events: OutboxEvent<Record<string, unknown>>[], trx: Transaction<CoreTables>) => {
    for (const event of events) {
      const city = event.cityCode;
      if (event.topic === monitoringAlarmRaised) {
        const p = event.payload as AlarmPayload;
        const id = p.alarmId ?? p.assetId;
        if (!id || !isNumber(p.lon) || !isNumber(p.lat)) continue;
        await flagSubject(k, trx, city, { type: p.alarmId ? 'monitoring_alarm' : 'monitoring_asset', id, lon: p.lon, lat: p.lat, regionCode: p.regionCode ?? null, eventId: event.id });
        continue;
      }
      const p = event.payload as unknown as CaseEventPayload;
      if (isNumber(p.lon) && isNumber(p.lat)) await flagSubject(k, trx, city, { type: 'hotline_case', id: p.caseId, lon: p.lon, lat: p.lat, regionCode: p.regionCode, eventId: event.id });
    }
  };
  return [{ name: 'environment.flag-zones', topics: [hotlineEvents.received, monitoringAlarmRaised], handle: (event, trx) => handleBatch([event], trx), handleBatch }];
}
