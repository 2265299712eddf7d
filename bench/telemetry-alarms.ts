// Reading → alarm in bench/telemetry.bench.ts: each incident reading the publishers sent (a
// value past a rule's level that raises at once) should become an alarm; its latency is the
// alarm's creation (stamped when the engine's signal was applied, in the transaction that wrote
// it) minus the reading's ts, which the alarm keeps as its start. Also what the rule engine
// took in, from the monitoring module's readiness. Both are null where alarms are not wired.
import { sql } from 'kysely';
import type { Kernel } from '../src/core/kernel.js';
import { monitoringModule } from '../src/modules/monitoring/index.js';
import { LatencyHistogram, type LatencySummary } from './telemetry-latency.js';

/** Reading → alarm and reading → hotline case latencies of the incidents, or null without alarm tables. */
export async function incidentLatencies(k: Kernel, incidents: readonly { deviceId: string; ts: number }[]): Promise<{ alarm: LatencySummary; case: LatencySummary } | null> {
  if (!incidents.length) return null;
  const from = new Date(Math.min(...incidents.map((i) => i.ts)));
  const to = new Date(Math.max(...incidents.map((i) => i.ts)));
  try {
    const { rows } = await sql<{ device_id: string; start_ts: Date; created_at: Date; filed_at: Date | null }>`
      select d.id as device_id, a.start_ts, a.created_at, c.filed_at
        from monitoring_alarms a
        join monitoring_devices d on d.city_code = a.city_code and d.asset_id = a.asset_id
        left join monitoring_alarm_cases c on c.city_code = a.city_code and c.alarm_id = a.id
       where a.city_code = ${k.config.cityCode} and a.start_ts >= ${from} and a.start_ts <= ${to}`.execute(k.db);
    const byKey = new Map(rows.map((r) => [`${r.device_id}@${new Date(r.start_ts).getTime()}`, r]));
    const alarm = new LatencyHistogram();
    const filed = new LatencyHistogram();
    for (const i of incidents) {
      const r = byKey.get(`${i.deviceId}@${i.ts}`);
      if (!r) continue;
      alarm.add(new Date(r.created_at).getTime() - i.ts);
      if (r.filed_at) filed.add(new Date(r.filed_at).getTime() - i.ts);
    }
    return { alarm: alarm.summary(incidents.length), case: filed.summary(incidents.length) };
  } catch {
    return null;
  }
}

/** Readings the rule engines took in so far, their signals and the alarms raised (null before the engine is wired). */
export function engineCounters(k: Kernel): { readings: number; signals: number; raised: number; failures: number; applyMs: number } | null {
  const rules = (monitoringModule.readiness?.(k) as { rules?: Record<string, unknown> | null } | undefined)?.rules;
  if (!rules || typeof rules.readings !== 'number') return null;
  return { readings: rules.readings, signals: Number(rules.signals ?? 0), raised: Number(rules.raised ?? 0), failures: Number(rules.failures ?? 0), applyMs: Math.round(Number(rules.applySeconds ?? 0) * 1000) };
}
