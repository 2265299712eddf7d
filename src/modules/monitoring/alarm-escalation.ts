import { writeAudits, type AuditEntry } from '../../core/audit.js';
import { systemContext } from '../../core/context.js';
import type { Kernel } from '../../core/kernel.js';
import { enqueueNotifications, type NotificationInput } from '../../core/notify.js';
import type { Alarm, AlarmEffect } from './alarms/alarm.js';
import { escalateIfDue, nextEscalationAt } from './alarms/escalation.js';
import { alarmOf, placeOf, saveAlarms, type AlarmChange, type AlarmPlace, type AlarmRow } from './alarm-rows.js';
import { emitAlarmEffects } from './alarm-emit.js';
import { cityRules, type CityRules } from './rules-pack.js';
import { severityNames } from './rules/types.js';
import { mdb } from './versions.js';

/**
 * Escalation (the leader's job): alarms left unacknowledged past the time set for their
 * severity are escalated by the pure lifecycle (severity one step up, up to the pack's
 * maximum of escalations), and the supervising office is notified through the notification
 * port — the alarm, its history, its event, the notice and the audit record in one
 * transaction per city. Notices are keyed by alarm and escalation, so nothing goes twice.
 */

/** Escalates the alarms that are due now; resolves with how many escalated. */
export async function escalateDueAlarms(k: Kernel, { limit = 200 } = {}): Promise<number> {
  const now = k.clock.now();
  const due = await mdb(k.db).selectFrom('monitoring_alarms').select(['city_code', 'id']).where('state', '=', 'ACTIVE_UNACK').where('next_escalation_at', '<=', now).orderBy('next_escalation_at').limit(limit).execute();
  const byCity = new Map<string, string[]>();
  for (const r of due) byCity.set(r.city_code, [...(byCity.get(r.city_code) ?? []), r.id]);
  let escalated = 0;
  for (const [city, ids] of byCity) {
    const rules = await cityRules(k, city);
    escalated += await k.transaction(async (trx) => {
      const rows = await mdb(trx).selectFrom('monitoring_alarms').selectAll().where('city_code', '=', city).where('id', 'in', ids).where('state', '=', 'ACTIVE_UNACK').where('next_escalation_at', '<=', now).forUpdate().skipLocked().execute();
      const changes: AlarmChange[] = [];
      const effects: AlarmEffect[] = [];
      const notices: NotificationInput[] = [];
      const audits: { ctx: ReturnType<typeof systemContext>; entry: AuditEntry }[] = [];
      const places = new Map<string, AlarmPlace>();
      for (const row of rows) {
        const before = alarmOf(row);
        places.set(row.id, placeOf(row));
        // Without rules (they were removed) nothing escalates any more.
        const r = rules ? escalateIfDue(before, rules.escalation, now.getTime()) : { alarm: before, effects: [] };
        changes.push({ before, alarm: r.alarm, nextEscalationAt: rules ? nextEscalationAt(r.alarm, rules.escalation) : null });
        if (r.alarm === before) continue;
        effects.push(...r.effects);
        notices.push(...r.effects.flatMap((e) => (e.kind === 'escalate' ? [notice(city, row, r.alarm, e, rules!)] : [])));
        audits.push({ ctx: systemContext(city, 'escalation'), entry: { action: 'monitoring.alarm.escalated', resourceType: 'monitoring_alarm', resourceId: row.id, before: { severity: before.severity, escalations: before.escalations }, after: { severity: r.alarm.severity, escalations: r.alarm.escalations, notified: r.alarm.history.at(-1)?.reason ?? null } } });
      }
      await saveAlarms(trx, city, changes);
      await emitAlarmEffects(trx, city, effects, places);
      await enqueueNotifications(trx, k.pii, notices);
      await writeAudits(trx, audits);
      return audits.length;
    });
  }
  return escalated;
}

function notice(city: string, row: AlarmRow, a: Alarm, e: Extract<AlarmEffect, { kind: 'escalate' }>, rules: CityRules): NotificationInput {
  const type = rules.file.alarmTypes[a.alarmType]?.name ?? { zh: a.alarmType, en: a.alarmType };
  const sev = severityNames[e.severity];
  return {
    id: `monitoring.alarm.escalated:${a.id}:${a.escalations}`,
    cityCode: city,
    channel: 'webhook',
    recipient: { kind: 'org', ref: e.notify },
    template: 'monitoring.alarm.escalated',
    params: { alarmId: a.id, alarmType: a.alarmType, severity: e.severity, previousSeverity: e.previousSeverity, asset: row.asset_name, regionCode: row.region_code, minutes: e.unacknowledgedMinutes, escalations: a.escalations },
    body: `【监测报警升级】${type.zh}：${row.asset_name}，已${e.unacknowledgedMinutes}分钟未确认，升级为${sev.zh}，请督办。报警编号${a.id}。`,
  };
}
