import { z } from 'zod';
import type { Selectable } from 'kysely';
import { alarmStateNames, alarmStates, type AlarmState } from './alarms/alarm.js';
import { severities, severityNames, type Severity } from './rules/types.js';
import type { AlarmRow } from './alarm-rows.js';
import type { MonitoringTables } from './tables.js';

/** Alarms as the API shows them: the list row and the detail with history, in both languages. */

const names = z.object({ zh: z.string(), en: z.string() });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const alarmViewSchema = z.object({
  id: z.string(),
  assetId: z.string(),
  assetType: z.string(),
  assetName: names,
  alarmType: z.string(),
  alarmTypeName: names,
  state: z.enum(alarmStates),
  stateName: names,
  active: z.boolean(),
  severity: z.enum(severities),
  severityName: names,
  ruleSeverity: z.enum(severities),
  escalations: z.number(),
  nextEscalationAt: z.string().nullable().describe('when it escalates if still unacknowledged'),
  count: z.number().describe('raise and update signals it has had'),
  value: z.number().describe('the latest value the rule judged'),
  unit: z.string().nullable(),
  peak: z.object({ severity: z.enum(severities), value: z.number(), ts: z.string() }),
  details: z.record(z.string(), z.unknown()).describe('the rule, its level, thresholds, baseline'),
  startTs: z.string(),
  lastTs: z.string(),
  endTs: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  clearedAt: z.string().nullable(),
  clearedBy: z.string().nullable(),
  clearReason: z.string().nullable(),
  assignee: z.object({ kind: z.enum(['user', 'org']), id: z.string() }).nullable(),
  caseId: z.string().nullable(),
  caseClosedAt: z.string().nullable(),
  caseClosingNote: z.string().nullable(),
  regionCode: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
  version: z.number().describe('send it back as expectedVersion to act only on what you saw'),
  allowed: z.array(z.string()).describe('what you may do with it now'),
});
export type AlarmView = z.infer<typeof alarmViewSchema>;

export const historyViewSchema = z.object({
  at: z.string(),
  by: z.string(),
  action: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  severity: z.string().nullable(),
  previousSeverity: z.string().nullable(),
  reason: z.string().nullable(),
  comment: z.string().nullable(),
  assignee: z.object({ kind: z.string(), id: z.string() }).nullable(),
  caseId: z.string().nullable(),
});
export type HistoryView = z.infer<typeof historyViewSchema>;

/** The view of an alarm row, with the names of its type and the actions the viewer may take. */
export function alarmView(r: AlarmRow, typeNames: Record<string, { zh: string; en: string }>, allowed: string[]): AlarmView {
  const peak = r.peak as { severity: Severity; value: number; ts: number };
  const unit = typeof r.details.unit === 'string' ? r.details.unit : null;
  return {
    id: r.id,
    assetId: r.asset_id,
    assetType: r.asset_type,
    assetName: { zh: r.asset_name, en: r.asset_name_en ?? r.asset_name },
    alarmType: r.alarm_type,
    alarmTypeName: typeNames[r.alarm_type] ?? { zh: r.alarm_type, en: r.alarm_type },
    state: r.state as AlarmState,
    stateName: alarmStateNames[r.state as AlarmState],
    active: r.state === 'ACTIVE_UNACK' || r.state === 'ACTIVE_ACK',
    severity: r.severity as Severity,
    severityName: severityNames[r.severity as Severity],
    ruleSeverity: r.rule_severity as Severity,
    escalations: r.escalations,
    nextEscalationAt: iso(r.next_escalation_at),
    count: r.count,
    value: r.value,
    unit,
    peak: { severity: peak.severity, value: peak.value, ts: new Date(peak.ts).toISOString() },
    details: r.details,
    startTs: r.start_ts.toISOString(),
    lastTs: r.last_ts.toISOString(),
    endTs: iso(r.end_ts),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
    clearedAt: iso(r.cleared_at),
    clearedBy: r.cleared_by,
    clearReason: r.clear_reason,
    assignee: r.assignee_kind && r.assignee_id ? { kind: r.assignee_kind, id: r.assignee_id } : null,
    caseId: r.case_id,
    caseClosedAt: iso(r.case_closed_at),
    caseClosingNote: r.case_closing_note,
    regionCode: r.region_code,
    lon: r.lon,
    lat: r.lat,
    version: r.row_version,
    allowed,
  };
}

/** The view of a history row. */
export function historyView(h: Selectable<MonitoringTables['monitoring_alarm_history']>): HistoryView {
  const assignee = h.assignee as { kind: string; id: string } | null;
  return {
    at: h.at.toISOString(),
    by: h.actor,
    action: h.action,
    from: h.from_state,
    to: h.to_state,
    severity: h.severity,
    previousSeverity: h.previous_severity,
    reason: h.reason,
    comment: h.comment,
    assignee: assignee ?? null,
    caseId: h.case_id,
  };
}
