import type { Insertable, Selectable, Transaction } from 'kysely';
import type { CoreTables } from '../../core/db/tables.js';
import type { Alarm, AlarmState, HistoryEntry } from './alarms/alarm.js';
import type { Severity } from './rules/types.js';
import type { MonitoringTables } from './tables.js';
import { mdb } from './versions.js';

/**
 * Alarms between the pure lifecycle and their rows: an alarm is read without its history and
 * comments (the transitions only append to them), and saved as its row plus the history rows
 * it gained. One statement per kind of write, whatever the number of alarms.
 */

export type AlarmRow = Selectable<MonitoringTables['monitoring_alarms']>;
type Trx = Transaction<CoreTables>;

/** Where an alarm is, copied from its asset when it is raised. */
export interface AlarmPlace {
  assetType: string;
  assetName: string;
  assetNameEn: string | null;
  regionCode: string | null;
  lon: number;
  lat: number;
}

/** One alarm to save: as read (null when new), as it is now, and when it escalates next. */
export interface AlarmChange {
  before: Alarm | null;
  alarm: Alarm;
  nextEscalationAt: number | null;
  /** Needed for a new alarm. */
  place?: AlarmPlace;
}

/** The alarm of a row, with an empty history and no comments (they stay in their table). */
export function alarmOf(r: AlarmRow): Alarm {
  const ms = (d: Date | null) => (d ? d.getTime() : null);
  return {
    id: r.id,
    assetId: r.asset_id,
    alarmType: r.alarm_type,
    state: r.state as AlarmState,
    severity: r.severity as Severity,
    ruleSeverity: r.rule_severity as Severity,
    escalations: r.escalations,
    lastEscalatedAt: ms(r.last_escalated_at),
    count: r.count,
    value: r.value,
    peak: r.peak as Alarm['peak'],
    details: r.details,
    startTs: r.start_ts.getTime(),
    lastTs: r.last_ts.getTime(),
    endTs: ms(r.end_ts),
    createdAt: r.created_at.getTime(),
    updatedAt: r.updated_at.getTime(),
    acknowledgedAt: ms(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
    clearedAt: ms(r.cleared_at),
    clearedBy: r.cleared_by,
    clearReason: r.clear_reason,
    assignee: r.assignee_kind && r.assignee_id ? { kind: r.assignee_kind, id: r.assignee_id } : null,
    caseId: r.case_id,
    caseClosedAt: ms(r.case_closed_at),
    caseClosingNote: r.case_closing_note,
    comments: [],
    history: [],
  };
}

/** The place columns of a row. */
export function placeOf(r: AlarmRow): AlarmPlace {
  return { assetType: r.asset_type, assetName: r.asset_name, assetNameEn: r.asset_name_en, regionCode: r.region_code, lon: r.lon, lat: r.lat };
}

/** Writes the changed alarms (inserts, updates) and the history rows they gained. */
export async function saveAlarms(trx: Trx, cityCode: string, changes: AlarmChange[]): Promise<void> {
  const inserts = changes.filter((c) => c.before === null);
  if (inserts.length) await mdb(trx).insertInto('monitoring_alarms').values(inserts.map((c) => ({ ...columnsOf(c), ...newColumns(cityCode, c) }))).execute();
  for (const c of changes) {
    if (c.before === null) continue;
    await mdb(trx)
      .updateTable('monitoring_alarms')
      .set((eb) => ({ ...columnsOf(c), row_version: eb('row_version', '+', 1) }))
      .where('city_code', '=', cityCode)
      .where('id', '=', c.alarm.id)
      .execute();
  }
  const history = changes.flatMap((c) => historyRows(cityCode, c));
  if (history.length) await mdb(trx).insertInto('monitoring_alarm_history').values(history).execute();
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

function columnsOf({ alarm: a, nextEscalationAt }: AlarmChange) {
  return {
    state: a.state,
    severity: a.severity,
    rule_severity: a.ruleSeverity,
    escalations: a.escalations,
    last_escalated_at: date(a.lastEscalatedAt),
    next_escalation_at: date(nextEscalationAt),
    count: a.count,
    value: a.value,
    peak: JSON.stringify(a.peak),
    details: JSON.stringify(a.details),
    start_ts: new Date(a.startTs),
    last_ts: new Date(a.lastTs),
    end_ts: date(a.endTs),
    updated_at: new Date(a.updatedAt),
    acknowledged_at: date(a.acknowledgedAt),
    acknowledged_by: a.acknowledgedBy,
    cleared_at: date(a.clearedAt),
    cleared_by: a.clearedBy,
    clear_reason: a.clearReason,
    assignee_kind: a.assignee?.kind ?? null,
    assignee_id: a.assignee?.id ?? null,
    case_id: a.caseId,
    case_closed_at: date(a.caseClosedAt),
    case_closing_note: a.caseClosingNote,
  };
}

function newColumns(cityCode: string, { alarm: a, place }: AlarmChange): Omit<Insertable<MonitoringTables['monitoring_alarms']>, keyof ReturnType<typeof columnsOf>> {
  if (!place) throw new Error(`alarm ${a.id} is new but has no place`);
  return { city_code: cityCode, id: a.id, asset_id: a.assetId, alarm_type: a.alarmType, created_at: new Date(a.createdAt), asset_type: place.assetType, asset_name: place.assetName, asset_name_en: place.assetNameEn, region_code: place.regionCode, lon: place.lon, lat: place.lat };
}

// The entries and comments an alarm gained since it was read; a comment's text goes on its entry.
function historyRows(cityCode: string, { before, alarm }: AlarmChange) {
  const entries: HistoryEntry[] = alarm.history.slice(before?.history.length ?? 0);
  const comments = alarm.comments.slice(before?.comments.length ?? 0);
  let c = 0;
  return entries.map((h) => ({
    city_code: cityCode,
    alarm_id: alarm.id,
    at: new Date(h.at),
    actor: h.by,
    action: h.action,
    from_state: h.from,
    to_state: h.to,
    severity: h.severity ?? null,
    previous_severity: h.previousSeverity ?? null,
    reason: h.reason ?? null,
    comment: h.action === 'comment' ? (comments[c++]?.text ?? null) : null,
    assignee: h.assignee === undefined ? null : JSON.stringify(h.assignee),
    case_id: h.caseId ?? null,
  }));
}
