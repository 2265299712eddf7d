import { sql, type Kysely } from 'kysely';
import { AppError } from '../../core/errors.js';
import type { Actor } from '../../core/context.js';
import type { CoreTables } from '../../core/db/tables.js';
import { getDevice } from './assets-store.js';
import { hourBin } from './rollups.js';
import { mdb } from './versions.js';

const hourMs = 3_600_000;

export interface ReadingsQuery {
  metric?: string;
  from?: Date;
  to?: Date;
  resolution: 'raw' | 'hour';
  /** Raw points per series at most. */
  limit?: number;
}

export type Point = { ts: string; value: number } | { ts: string; min: number; max: number; avg: number; count: number };

export interface DeviceSeries {
  metric: string;
  unit: string | null;
  points: Point[];
  /** More raw points lie in the range than `limit`. */
  truncated: boolean;
}

/**
 * A device's readings in [from, to): raw points, or hourly min/max/avg/count — closed hours from
 * the rollups, the others (the current hour, hours that received late readings) from the raw
 * readings, so a chart is complete to the last reading. Defaults: the last day raw, the last week hourly.
 */
export async function deviceReadings(db: Kysely<CoreTables>, actor: Actor, deviceId: string, q: ReadingsQuery, now: Date): Promise<{ deviceId: string; from: string; to: string; resolution: 'raw' | 'hour'; series: DeviceSeries[] }> {
  const device = await getDevice(db, actor, deviceId);
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - (q.resolution === 'raw' ? 24 : 7 * 24) * hourMs);
  if (from >= to) throw new AppError('invalid', 'from must be before to', { field: 'from' });
  const metrics = q.metric ? [q.metric] : device.metrics.map((m) => m.name);
  if (q.metric && !device.metrics.some((m) => m.name === q.metric)) {
    const known = await mdb(db).selectFrom('monitoring_series').select('id').where('device_id', '=', deviceId).where('metric', '=', q.metric).where('city_code', '=', actor.cityCode).executeTakeFirst();
    if (!known) throw new AppError('invalid', `device ${deviceId} has no metric ${q.metric}`, { field: 'metric' });
  }
  // Each series with its device's number, which the readings' rows carry.
  const series = await mdb(db)
    .selectFrom('monitoring_series as s')
    .innerJoin('monitoring_devices as d', (j) => j.onRef('d.city_code', '=', 's.city_code').onRef('d.id', '=', 's.device_id'))
    .select(['s.id', 's.metric', 'd.num'])
    .where('s.city_code', '=', actor.cityCode)
    .where('s.device_id', '=', deviceId)
    .where('s.metric', 'in', metrics)
    .execute();
  const byMetric = new Map(series.map((s) => [s.metric, s]));
  const units = new Map(device.metrics.map((m) => [m.name, m.unit]));
  const out: DeviceSeries[] = [];
  for (const metric of metrics) {
    const s = byMetric.get(metric);
    const base = { metric, unit: units.get(metric) ?? null };
    if (s === undefined) out.push({ ...base, points: [], truncated: false });
    else if (q.resolution === 'raw') out.push({ ...base, ...(await rawPoints(db, actor.cityCode, s.num, s.id, from, to, q.limit ?? 5000)) });
    else out.push({ ...base, points: await hourlyPoints(db, actor.cityCode, s.num, s.id, from, to), truncated: false });
  }
  return { deviceId, from: from.toISOString(), to: to.toISOString(), resolution: q.resolution, series: out };
}

// A series' readings are the elements of its device's rows that name it (each row names a series once).
const seriesValue = (seriesId: number) => sql`vals[array_position(series, ${seriesId}::int)]`;
const ofSeries = (city: string, deviceNum: number, seriesId: number) => sql`city_code = ${city} and device_num = ${deviceNum} and ${seriesId}::int = any(series)`;

async function rawPoints(db: Kysely<CoreTables>, city: string, deviceNum: number, seriesId: number, from: Date, to: Date, limit: number) {
  const { rows } = await sql<{ ts: Date; value: number }>`
    select ts, ${seriesValue(seriesId)} as value from monitoring_readings where ${ofSeries(city, deviceNum, seriesId)} and ts >= ${from} and ts < ${to}
     order by ts limit ${limit + 1}`.execute(db);
  return { points: rows.slice(0, limit).map((r) => ({ ts: new Date(r.ts).toISOString(), value: r.value })), truncated: rows.length > limit };
}

async function hourlyPoints(db: Kysely<CoreTables>, city: string, deviceNum: number, seriesId: number, from: Date, to: Date): Promise<Point[]> {
  const start = new Date(Math.floor(from.getTime() / hourMs) * hourMs);
  const dirty = new Set(
    (await sql<{ hour: Date }>`select hour from monitoring_rollup_dirty where city_code = ${city} and hour >= ${start} and hour < ${to}`.execute(db)).rows.map((r) => new Date(r.hour).getTime()),
  );
  const rolled = (
    await sql<{ hour: Date; min_value: number; max_value: number; sum_value: number; count: number }>`
      select hour, min_value, max_value, sum_value, count from monitoring_rollups_hourly
       where city_code = ${city} and series_id = ${seriesId} and hour >= ${start} and hour < ${to} order by hour`.execute(db)
  ).rows.filter((r) => !dirty.has(new Date(r.hour).getTime()));
  const lastRolled = rolled.length ? new Date(rolled.at(-1)!.hour).getTime() + hourMs : start.getTime();
  // Raw for what the rollups do not (yet) hold: hours after the last rolled one, and hours marked again.
  const ranges = [[Math.max(lastRolled, start.getTime()), to.getTime()], ...[...dirty].filter((h) => h < lastRolled).map((h) => [h, h + hourMs])].filter(([a, b]) => a! < b!);
  const raw = ranges.length
    ? (
        await sql<{ hour: Date; min: number; max: number; sum: number; count: number }>`
          select ${hourBin} as hour, min(value) as min, max(value) as max, sum(value) as sum, count(*)::int as count
            from (select ts, ${seriesValue(seriesId)} as value from monitoring_readings where ${ofSeries(city, deviceNum, seriesId)}
             and (${sql.join(ranges.map(([a, b]) => sql`(ts >= ${new Date(a!)} and ts < ${new Date(b!)})`), sql` or `)})) as r
           group by 1`.execute(db)
      ).rows
    : [];
  const points = new Map<number, Point>();
  for (const r of rolled) points.set(new Date(r.hour).getTime(), { ts: new Date(r.hour).toISOString(), min: r.min_value, max: r.max_value, avg: r.sum_value / r.count, count: r.count });
  for (const r of raw) points.set(new Date(r.hour).getTime(), { ts: new Date(r.hour).toISOString(), min: r.min, max: r.max, avg: r.sum / r.count, count: r.count });
  return [...points.entries()].filter(([h]) => h + hourMs > from.getTime()).sort(([a], [b]) => a - b).map(([, p]) => p);
}
