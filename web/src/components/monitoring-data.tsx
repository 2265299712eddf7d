import { useEffect, useState } from 'react';
import { api } from '../api';
import { useI18n, type MessageKey } from '../i18n';

/** What the monitoring API gives the console: alarms, assets, devices, the catalogue and the city's rules. */

export type Names = { zh: string; en: string };
export const severities = ['critical', 'major', 'minor', 'warning'] as const;
export type Severity = (typeof severities)[number];
export const alarmStates = ['ACTIVE_UNACK', 'ACTIVE_ACK', 'CLEARED_UNACK', 'CLEARED_ACK'] as const;

export interface AlarmView {
  id: string;
  assetId: string;
  assetType: string;
  assetName: Names;
  alarmType: string;
  alarmTypeName: Names;
  state: (typeof alarmStates)[number];
  stateName: Names;
  active: boolean;
  severity: Severity;
  severityName: Names;
  escalations: number;
  nextEscalationAt: string | null;
  count: number;
  value: number;
  unit: string | null;
  peak: { severity: Severity; value: number; ts: string };
  details: Record<string, unknown>;
  startTs: string;
  lastTs: string;
  endTs: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  clearedAt: string | null;
  clearReason: string | null;
  assignee: { kind: 'user' | 'org'; id: string } | null;
  caseId: string | null;
  caseClosedAt: string | null;
  caseClosingNote: string | null;
  regionCode: string | null;
  lon: number;
  lat: number;
  version: number;
  allowed: string[];
}

export interface HistoryView {
  at: string;
  by: string;
  action: string;
  from: string | null;
  to: string;
  severity: string | null;
  previousSeverity: string | null;
  reason: string | null;
  comment: string | null;
  assignee: { kind: string; id: string } | null;
  caseId: string | null;
}

export interface AlarmDetail {
  alarm: AlarmView;
  history: HistoryView[];
  case: { id: string; number: string; status: string; statusName: Names; org: { code: string; name: string } | null; reply: string | null; closedAt: string | null } | null;
  caseRequest: { status: 'pending' | 'filed' | 'failed'; attempts: number; lastError: string | null; caseNumber: string | null; requestedAt: string; filedAt: string | null } | null;
}

export interface AssetView {
  id: string;
  code: string | null;
  type: string;
  name: string;
  nameEn: string | null;
  lon: number;
  lat: number;
  regionCode: string | null;
  properties: Record<string, unknown>;
  simulated: boolean;
}

export interface DeviceView {
  id: string;
  model: string | null;
  active: boolean;
  simulated: boolean;
  metrics: { name: string; unit: string | null; latest: { ts: string; value: number } | null }[];
}

export type AssetDetail = AssetView & { devices: DeviceView[] };

export interface Catalog {
  metrics: { name: string; unit: string; nameZh: string; nameEn: string }[];
  assetTypes: { code: string; name: string; nameEn: string }[];
}

type ValueRef = number | { property: string; factor?: number; offset?: number };
interface RuleLevel {
  severity: Severity;
  raise: ValueRef;
  name?: Names;
}
export interface Rules {
  assetTypes: Record<string, { rules: { kind: string; metric?: string; direction?: string; levels?: RuleLevel[]; name?: Names }[] }>;
  alarmTypes: Record<string, { name: Names; openCaseAt?: Severity | null; category?: string | null }>;
}

/** Whether an alarm of this type and severity opens a hotline case, by the city's rules (its `openCaseAt`). */
export function opensCase(rules: Rules | undefined, alarmType: string, severity: Severity): boolean {
  const at = rules?.alarmTypes[alarmType]?.openCaseAt;
  return !!at && severities.indexOf(severity) <= severities.indexOf(at);
}

/** Severity colours: the four warning colours of the map, red for critical down to blue for warning. */
export const severityColour: Record<Severity, string> = { critical: '#d50000', major: '#f57c00', minor: '#f5c400', warning: '#1e64c8' };

let refs: Promise<{ catalog: Catalog; rules: Rules }> | null = null;

/** The metric catalogue and the city's rules, fetched once per page load (the rules may be missing: then none). */
export function useMonitoringRefs(): { catalog: Catalog; rules: Rules } | null {
  const [value, setValue] = useState<{ catalog: Catalog; rules: Rules } | null>(null);
  useEffect(() => {
    refs ??= Promise.all([
      api<Catalog>('/api/monitoring/catalog'),
      api<Rules>('/api/monitoring/rules').catch(() => ({ assetTypes: {}, alarmTypes: {} }) as Rules),
    ]).then(([catalog, rules]) => ({ catalog, rules }));
    refs.then(setValue, () => {
      refs = null;
      setValue({ catalog: { metrics: [], assetTypes: [] }, rules: { assetTypes: {}, alarmTypes: {} } });
    });
  }, []);
  return value;
}

/** A level of a threshold rule on a chart: its value, severity, name, and whether it is crossed from above. */
export interface Threshold {
  value: number;
  severity: Severity;
  name: Names | null;
  below: boolean;
}

/** The threshold levels a rule draws for this metric of this asset, resolved against its properties (e.g. 0.8 × designStrainUe). */
export function thresholdsFor(rules: Rules | undefined, assetType: string, metric: string, properties: Record<string, unknown>): Threshold[] {
  const out: Threshold[] = [];
  for (const r of rules?.assetTypes[assetType]?.rules ?? []) {
    if (r.kind !== 'threshold' || r.metric !== metric) continue;
    for (const l of r.levels ?? []) {
      const v = resolve(l.raise, properties);
      if (v !== null) out.push({ value: v, severity: l.severity, name: l.name ?? null, below: r.direction === 'below' });
    }
  }
  return out;
}

function resolve(ref: ValueRef, properties: Record<string, unknown>): number | null {
  if (typeof ref === 'number') return ref;
  const base = properties[ref.property];
  return typeof base === 'number' ? base * (ref.factor ?? 1) + (ref.offset ?? 0) : null;
}

/** An alarm's severity as a coloured badge, in the user's language. */
export function SeverityBadge({ severity, name }: { severity: Severity; name?: Names }) {
  const { pick, t } = useI18n();
  return (
    <span className={`badge severity-${severity}`} data-severity={severity}>
      {name ? pick(name.zh, name.en) : t(`monitoring.severity.${severity}` as MessageKey)}
    </span>
  );
}
