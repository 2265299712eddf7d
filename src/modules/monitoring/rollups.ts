import { sql } from 'kysely';
import type { Kernel } from '../../core/kernel.js';
import { mdb } from './versions.js';

const hourMs = 3_600_000;
// The origin every hourly bucket is counted from (date_bin, PostgreSQL 14+): UTC hours,
// whatever the session's time zone (date_trunc would follow it, and +05:30 zones exist).
export const hourBin = sql`date_bin('1 hour', ts, timestamptz '2000-01-01 00:00:00+00')`;

/** What one run of the rollup job did. */
export interface RollupReport {
  hours: number;
  rows: number;
}

/**
 * Rolls up the hours that received readings, once each hour has closed (plus `graceMs` for
 * stragglers): min, max, sum and count per series and hour, recomputed from the raw readings
 * so a late or repeated reading never counts twice. An hour's mark is removed only if no batch
 * marked it again meanwhile (its version did not move); otherwise it is rolled up again next time.
 */
export async function rollUpClosedHours(k: Kernel, { graceMs = 5 * 60_000, maxHours = 48 }: { graceMs?: number; maxHours?: number } = {}): Promise<RollupReport> {
  const cutoff = new Date(k.clock.now().getTime() - graceMs - hourMs);
  const due = await mdb(k.db).selectFrom('monitoring_rollup_dirty').select(['city_code', 'hour', 'version']).where('hour', '<=', cutoff).orderBy('hour').limit(maxHours).execute();
  let rows = 0;
  for (const d of due) {
    const from = new Date(d.hour);
    const to = new Date(from.getTime() + hourMs);
    rows += await k.transaction(async (trx) => {
      await sql`delete from monitoring_rollups_hourly where city_code = ${d.city_code} and hour = ${from}`.execute(trx);
      const inserted = await sql`insert into monitoring_rollups_hourly (city_code, series_id, hour, min_value, max_value, sum_value, count)
        select r.city_code, u.s, ${from}::timestamptz, min(u.v), max(u.v), sum(u.v), count(*)
          from monitoring_readings r cross join lateral unnest(r.series, r.vals) as u(s, v)
         where r.city_code = ${d.city_code} and r.ts >= ${from} and r.ts < ${to}
         group by r.city_code, u.s`.execute(trx);
      await sql`delete from monitoring_rollup_dirty where city_code = ${d.city_code} and hour = ${from} and version = ${d.version}`.execute(trx);
      return Number(inserted.numAffectedRows ?? 0);
    });
  }
  return { hours: due.length, rows };
}
