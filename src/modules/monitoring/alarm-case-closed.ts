import type { Transaction } from 'kysely';
import { systemActor } from '../../core/context.js';
import type { CoreTables } from '../../core/db/tables.js';
import { emitEvent, type OutboxEvent, type Subscriber } from '../../core/events.js';
import type { Kernel } from '../../core/kernel.js';
import { hotlineEvents, loadVisibleCase, type CaseEventPayload } from '../hotline/index.js';
import { noteCaseClosed } from './alarms/handling.js';
import { alarmOf, saveAlarms } from './alarm-rows.js';
import { alarmCaseEvents } from './alarm-topics.js';
import { mdb } from './versions.js';

/**
 * Alarm ← hotline case: when the hotline closes a case an alarm opened, the alarm records it
 * with the office's reply as the closing note, so the alarm shows how it was handled. So do
 * the alarms whose cases were merged into it (并单: two alarms of one leak, or a citizen's call
 * about it, handled as one case): their own case ends as `merged` and never closes, so the
 * closing of the case it went into is theirs. The alarm itself stays as it is: it clears by
 * its rule's clear condition, or by hand.
 */
export function caseClosedSubscriber(k: Kernel): Subscriber {
  const handleBatch = async (events: OutboxEvent<CaseEventPayload>[], trx: Transaction<CoreTables>) => {
    for (const e of events) await noteClosed(k, trx, e);
  };
  return { name: 'monitoring.note-case-closed', topics: [hotlineEvents.closed], handle: (event, trx) => handleBatch([event], trx), handleBatch };
}

async function noteClosed(k: Kernel, trx: Transaction<CoreTables>, e: OutboxEvent<CaseEventPayload>): Promise<void> {
  const city = e.cityCode;
  const caseIds = [e.payload.caseId, ...(e.payload.mergedCases ?? [])];
  const rows = await mdb(trx).selectFrom('monitoring_alarms').selectAll().where('city_code', '=', city).where('case_id', 'in', caseIds).orderBy('id').forUpdate().execute();
  if (!rows.length) return;
  const actor = systemActor(city, 'monitoring');
  const kase = await loadVisibleCase(trx, actor, e.payload.caseId);
  const note = kase.reply?.trim() || (e.payload.action === 'transfer' ? `工单${kase.number}已转出 / case ${kase.number} transferred` : `工单${kase.number}已办结 / case ${kase.number} closed`);
  const now = k.clock.now().getTime();
  const numbers = new Map<string, string>([[kase.id, kase.number]]);
  for (const row of rows) {
    const caseId = row.case_id!;
    if (!numbers.has(caseId)) numbers.set(caseId, (await loadVisibleCase(trx, actor, caseId)).number);
    const number = numbers.get(caseId)!;
    // A merged case: say which case closed it, then that case's reply.
    const own = caseId === kase.id ? note : `工单${number}已并入工单${kase.number} / case ${number} merged into case ${kase.number}: ${note}`;
    const before = alarmOf(row);
    const r = noteCaseClosed(before, { caseId, now, note: own });
    await saveAlarms(trx, city, [{ before, alarm: r.alarm, nextEscalationAt: row.next_escalation_at?.getTime() ?? null }]);
    await emitEvent(trx, city, alarmCaseEvents.caseClosed, {
      alarmId: row.id,
      caseId,
      caseNumber: number,
      ...(caseId === kase.id ? {} : { mergedInto: { caseId: kase.id, caseNumber: kase.number } }),
      note: own,
      assetId: row.asset_id,
      alarmType: row.alarm_type,
      regionCode: row.region_code,
      lon: row.lon,
      lat: row.lat,
    });
  }
}
