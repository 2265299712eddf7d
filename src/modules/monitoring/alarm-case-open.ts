import type { Transaction } from 'kysely';
import type { CoreTables } from '../../core/db/tables.js';
import type { OutboxEvent, Subscriber } from '../../core/events.js';
import type { Kernel } from '../../core/kernel.js';
import { alarmEvents } from './alarms/alarm.js';
import { opensCase, type CaseAsset } from './alarms/open-case.js';
import { alarmOf, type AlarmRow } from './alarm-rows.js';
import { wakeCaseFiler } from './alarm-case-filer.js';
import { cityRules } from './rules-pack.js';
import { mdb } from './versions.js';

/**
 * Alarm → hotline case, first half: on its own `raised` event (and on an update that changed
 * the severity, or an escalation), monitoring asks whether the alarm opens a case (the pack's
 * category and least severity per alarm type) and, if so, records the case's draft in the
 * delivery's transaction — once per alarm, whatever the redeliveries. The case itself is
 * filed after that transaction (the hotline's intake commits on its own): see the filer.
 */

interface AlarmPayload {
  alarmId?: string;
  previousSeverity?: string;
}

/** The subscriber that records the cases alarms open. */
export function openCaseSubscriber(k: Kernel): Subscriber {
  const handleBatch = async (events: OutboxEvent<AlarmPayload>[], trx: Transaction<CoreTables>) => {
    const byCity = new Map<string, Set<string>>();
    for (const e of events) {
      // Whether an alarm opens a case depends on its severity: an update that kept it cannot change the answer.
      if (e.topic === alarmEvents.updated && !e.payload.previousSeverity) continue;
      if (!e.payload.alarmId) continue;
      let ids = byCity.get(e.cityCode);
      if (!ids) byCity.set(e.cityCode, (ids = new Set()));
      ids.add(e.payload.alarmId);
    }
    let requested = 0;
    for (const [city, ids] of byCity) requested += await requestCases(k, trx, city, [...ids]);
    if (requested) wakeCaseFiler(k);
  };
  return { name: 'monitoring.open-case-on-alarm', topics: [alarmEvents.raised, alarmEvents.updated, alarmEvents.escalated], handle: (event, trx) => handleBatch([event], trx), handleBatch };
}

async function requestCases(k: Kernel, trx: Transaction<CoreTables>, city: string, ids: string[]): Promise<number> {
  const rules = await cityRules(k, city, trx);
  if (!rules) return 0;
  const rows = await mdb(trx).selectFrom('monitoring_alarms').selectAll().where('city_code', '=', city).where('id', 'in', ids).where('case_id', 'is', null).execute();
  const now = k.clock.now();
  const drafts = rows.flatMap((r) => {
    const draft = opensCase(alarmOf(r), rules.cases, caseAssetOf(r));
    return draft ? [{ city_code: city, alarm_id: r.id, draft: JSON.stringify(draft), next_attempt_at: now, requested_at: now }] : [];
  });
  if (!drafts.length) return 0;
  const inserted = await mdb(trx).insertInto('monitoring_alarm_cases').values(drafts).onConflict((oc) => oc.columns(['city_code', 'alarm_id']).doNothing()).executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0);
}

/** The asset of an alarm row as the case needs it. */
export function caseAssetOf(r: AlarmRow): CaseAsset {
  return { id: r.asset_id, name: { zh: r.asset_name, en: r.asset_name_en ?? r.asset_name }, lon: r.lon, lat: r.lat, regionCode: r.region_code, address: null };
}
