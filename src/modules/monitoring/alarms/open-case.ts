import { atLeast, severityNames, type Severity } from '../rules/types.js';
import { isActive, type Alarm } from './alarm.js';

/**
 * Whether an alarm opens a hotline case (channel `alarm`), and the case it opens: an alarm
 * of at least the severity its type names (`openCaseAt`, from the pack) that has no case yet
 * is filed under the type's hotline category, at the asset's place, with its readings in
 * the text, so that the catalog dispatches it to the responsible operator like any request.
 */

export interface AlarmTypeCaseConfig {
  name: { zh: string; en: string };
  /** The hotline category (6 digits); null: this type never opens a case. */
  category: string | null;
  openCaseAt: Severity | null;
  /** What the category's required attributes are for a case from this alarm type. */
  caseAttributes?: Record<string, string>;
}

export interface CaseConfig {
  alarmTypes: Record<string, AlarmTypeCaseConfig | undefined>;
  /** For the times in the text (Beijing: 480). */
  utcOffsetMinutes?: number;
}

/** The asset the alarm is on, as the case needs it. */
export interface CaseAsset {
  id: string;
  name: { zh: string; en: string } | string;
  lon: number;
  lat: number;
  regionCode?: string | null;
  address?: string | null;
}

/** A case to file, in the hotline's terms (its `NewCase` plus an English title and the idempotency key). */
export interface CaseDraft {
  channel: 'alarm';
  kind: 'report';
  categoryCode: string;
  urgency: 'normal' | 'urgent' | 'critical';
  title: { zh: string; en: string };
  description: string;
  location: { lon: number; lat: number; regionCode: string | null; address: string | null };
  attributes: { alarmId: string; assetId: string; alarmType: string; severity: Severity };
  /** The case's attributes as its category defines them (from the alarm type's `caseAttributes`). */
  caseAttributes: Record<string, string>;
  /** Filing twice with this key files one case. */
  idempotencyKey: string;
}

const urgencyOf: Record<Severity, CaseDraft['urgency']> = { critical: 'critical', major: 'urgent', minor: 'normal', warning: 'normal' };

/** The case an alarm opens, or null when it opens none (inactive, has one, type or severity not configured). */
export function opensCase(alarm: Alarm, config: CaseConfig, asset: CaseAsset): CaseDraft | null {
  const type = config.alarmTypes[alarm.alarmType];
  if (!type || type.category === null || type.openCaseAt === null) return null;
  if (!isActive(alarm) || alarm.caseId !== null || !atLeast(alarm.severity, type.openCaseAt)) return null;
  const name = typeof asset.name === 'string' ? { zh: asset.name, en: asset.name } : asset.name;
  const sev = severityNames[alarm.severity];
  const at = (ms: number) => formatLocal(ms, config.utcOffsetMinutes ?? 480);
  const unit = typeof alarm.details.unit === 'string' ? ` ${alarm.details.unit}` : '';
  const metric = typeof alarm.details.metric === 'string' ? alarm.details.metric : '';
  const threshold = typeof alarm.details.raise === 'number' ? alarm.details.raise : null;
  const level = typeof alarm.details.level === 'string' ? alarm.details.level : null;
  const zh = [
    `监测报警：${type.name.zh}（${sev.zh}）。`,
    `位置：${name.zh}${asset.address ? `，${asset.address}` : ''}。`,
    `读数：${metric} 最新值 ${fmt(alarm.value)}${unit}，最高级别时 ${fmt(alarm.peak.value)}${unit}${threshold !== null ? `，报警阈值 ${fmt(threshold)}${unit}` : ''}${level ? `（级别 ${level}）` : ''}。`,
    `首次报警 ${at(alarm.startTs)}，最近 ${at(alarm.lastTs)}，共 ${alarm.count} 次。报警编号 ${alarm.id}。`,
  ].join('');
  const en = [
    `Monitoring alarm: ${type.name.en} (${sev.en}). `,
    `Place: ${name.en}${asset.address ? `, ${asset.address}` : ''}. `,
    `Readings: ${metric} latest ${fmt(alarm.value)}${unit}, ${fmt(alarm.peak.value)}${unit} at its most severe${threshold !== null ? `, alarm threshold ${fmt(threshold)}${unit}` : ''}${level ? ` (level ${level})` : ''}. `,
    `First ${at(alarm.startTs)}, latest ${at(alarm.lastTs)}, ${alarm.count} time${alarm.count === 1 ? '' : 's'}. Alarm ${alarm.id}.`,
  ].join('');
  return {
    channel: 'alarm',
    kind: 'report',
    categoryCode: type.category,
    urgency: urgencyOf[alarm.severity],
    title: { zh: `【监测报警】${type.name.zh}（${sev.zh}）— ${name.zh}`, en: `[Alarm] ${type.name.en} (${sev.en}) — ${name.en}` },
    description: `${zh}\n\n${en}`,
    location: { lon: asset.lon, lat: asset.lat, regionCode: asset.regionCode ?? null, address: asset.address ?? null },
    attributes: { alarmId: alarm.id, assetId: alarm.assetId, alarmType: alarm.alarmType, severity: alarm.severity },
    caseAttributes: { ...(type.caseAttributes ?? {}) },
    idempotencyKey: `alarm:${alarm.id}`,
  };
}

/** A time as local `YYYY-MM-DD HH:mm` at a fixed UTC offset. */
export function formatLocal(ms: number, utcOffsetMinutes: number): string {
  return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Math.round(x * 1000) / 1000);
}
