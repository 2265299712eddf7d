import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDrivers } from '../support/db.js';
import { applyRetention, listPartitions, rollUpClosedHours } from '../../src/modules/monitoring/index.js';
import { monitoringTestService, type MonitoringTestService } from '../api/monitoring-support.js';

const hourMs = 3_600_000;
const monthName = (d: Date) => `monitoring_readings_p${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

describe.each(testDrivers())('monitoring storage: partitions, rollups, retention (%s)', (driver) => {
  let s: MonitoringTestService;
  const now = Date.now();
  const hour = Math.floor(now / hourMs) * hourMs;
  beforeAll(async () => {
    // Raw readings kept 400 days, so a backfill of ten months ago is still taken.
    s = await monitoringTestService({ driver, config: { monitoringRawDays: 400, monitoringRollupDays: 500 } });
  });
  afterAll(() => s.close());

  const post = (device: string, metric: string, points: [number, number][]) =>
    s.app.inject({ method: 'POST', url: '/api/monitoring/telemetry', headers: s.as.engineer, payload: { device, readings: points.map(([ts, value]) => ({ metric, value, ts })) } });
  const hourly = async (from: number, to: number) =>
    (await s.app.inject({ method: 'GET', url: `/api/monitoring/devices/lv-1/readings?resolution=hour&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`, headers: s.as.admin })).json().series[0].points;
  const count = async (query: ReturnType<typeof sql>) => Number(((await query.execute(s.kernel.db)).rows[0] as { n: number }).n);

  it('has this month’s partition and the next two from the start', async () => {
    const names = (await listPartitions(s.kernel.db)).map((p) => p.name);
    const d = new Date(now);
    for (let i = 0; i < 3; i++) expect(names).toContain(monthName(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i, 1))));
  });

  it('creates a partition on demand for backfilled readings', async () => {
    const old = now - 300 * 86_400_000;
    const res = await post('lv-1', 'level_m', [[old, 2.5]]);
    expect(res.json()).toMatchObject({ accepted: 1, quarantined: 0 });
    expect((await listPartitions(s.kernel.db)).map((p) => p.name)).toContain(monthName(new Date(old)));
    const stored = await count(sql`select count(*)::int as n from ${sql.table(monthName(new Date(old)))}`);
    expect(stored).toBe(1);
  });

  it('stores a device’s readings of one moment as one row, and a later message of that moment adds only what the row lacks', async () => {
    const t = now - 7 * 60_000;
    const send = (readings: { metric: string; value: number }[]) => s.app.inject({ method: 'POST', url: '/api/monitoring/telemetry', headers: s.as.engineer, payload: { device: 'wp-1', ts: t, readings } });
    const rows = async () =>
      (await sql<{ series: number[]; vals: number[] }>`select r.series, r.vals from monitoring_readings r join monitoring_devices d on d.num = r.device_num where d.id = 'wp-1' and r.ts = ${new Date(t)}`.execute(s.kernel.db)).rows;
    const counted = async (outcome: string) => {
      const text = (await s.app.inject({ method: 'GET', url: '/metrics' })).body;
      return Number(new RegExp(`citywork_monitoring_readings_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    };
    const before = { stored: await counted('stored'), duplicate: await counted('duplicate') };
    expect((await send([{ metric: 'pressure_mpa', value: 0.31 }])).json()).toMatchObject({ accepted: 1 });
    // The same moment again: the pressure is stored already (its first value stays), the flow is new.
    expect((await send([{ metric: 'pressure_mpa', value: 0.99 }, { metric: 'flow_m3h', value: 120 }])).json()).toMatchObject({ accepted: 2 });
    expect((await send([{ metric: 'flow_m3h', value: 5 }, { metric: 'pressure_mpa', value: 0.5 }])).json()).toMatchObject({ accepted: 2 });
    expect({ stored: (await counted('stored')) - before.stored, duplicate: (await counted('duplicate')) - before.duplicate }).toEqual({ stored: 2, duplicate: 3 });
    const [row] = await rows();
    expect(row!.vals).toEqual([0.31, 120]);
    expect(row!.series).toHaveLength(2);
    const latest = (await s.app.inject({ method: 'GET', url: '/api/monitoring/devices/wp-1', headers: s.as.admin })).json();
    expect(Object.fromEntries(latest.metrics.map((m: { name: string; latest: { value: number } | null }) => [m.name, m.latest?.value]))).toEqual({ pressure_mpa: 0.31, flow_m3h: 120 });
  });

  it('rolls up closed hours once, serves charts from them, and rolls an hour again after a late reading', async () => {
    const h3 = hour - 3 * hourMs;
    const h2 = hour - 2 * hourMs;
    await post('lv-1', 'level_m', [[h3 + 60_000, 1], [h3 + 120_000, 3], [h2 + 60_000, 10], [hour + 1000, 7]]);
    const report = await rollUpClosedHours(s.kernel);
    expect(report.hours).toBeGreaterThanOrEqual(2);
    const rolled = await sql<{ hour: Date; min_value: number; max_value: number; sum_value: number; count: number }>`
      select r.hour, r.min_value, r.max_value, r.sum_value, r.count from monitoring_rollups_hourly r join monitoring_series s on s.id = r.series_id
       where s.device_id = 'lv-1' and r.hour >= ${new Date(h3)} order by r.hour`.execute(s.kernel.db);
    expect(rolled.rows.map((r) => [new Date(r.hour).getTime(), r.min_value, r.max_value, r.sum_value, r.count])).toEqual([[h3, 1, 3, 4, 2], [h2, 10, 10, 10, 1]]);
    // The current hour is not closed: it stays marked, and nothing of it is rolled up.
    expect(await count(sql`select count(*)::int as n from monitoring_rollup_dirty where hour = ${new Date(hour)}`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from monitoring_rollup_dirty where hour in (${new Date(h3)}, ${new Date(h2)})`)).toBe(0);

    // Charts read closed hours from the rollups: remove the raw readings of h3 and it is still there.
    await sql`delete from monitoring_readings where ts >= ${new Date(h3)} and ts < ${new Date(h3 + hourMs)}`.execute(s.kernel.db);
    expect(await hourly(h3, hour + hourMs)).toEqual([
      { ts: new Date(h3).toISOString(), min: 1, max: 3, avg: 2, count: 2 },
      { ts: new Date(h2).toISOString(), min: 10, max: 10, avg: 10, count: 1 },
      { ts: new Date(hour).toISOString(), min: 7, max: 7, avg: 7, count: 1 },
    ]);

    // A late reading marks h3 again: the chart reads it raw until the job rolls it up anew.
    await post('lv-1', 'level_m', [[h3 + 30 * 60_000, 5]]);
    expect((await hourly(h3, h3 + hourMs))[0]).toEqual({ ts: new Date(h3).toISOString(), min: 5, max: 5, avg: 5, count: 1 });
    await rollUpClosedHours(s.kernel);
    const again = await sql<{ count: number }>`select r.count from monitoring_rollups_hourly r join monitoring_series s on s.id = r.series_id where s.device_id = 'lv-1' and r.hour = ${new Date(h3)}`.execute(s.kernel.db);
    expect(again.rows).toEqual([{ count: 1 }]);
  });

  it('keeps an hour marked when a batch marks it again while it is being rolled up', async () => {
    const h5 = hour - 5 * hourMs;
    await post('lv-1', 'level_m', [[h5 + 60_000, 4]]);
    // Another batch's mark lands between the job's read of the mark and its delete (its version moves).
    const original = s.kernel.transaction.bind(s.kernel);
    let raced = false;
    s.kernel.transaction = (async (fn: Parameters<typeof original>[0]) => {
      if (!raced) {
        raced = true;
        await sql`update monitoring_rollup_dirty set version = version + 1 where hour = ${new Date(h5)}`.execute(s.kernel.db);
      }
      return original(fn);
    }) as typeof original;
    try {
      await rollUpClosedHours(s.kernel);
    } finally {
      s.kernel.transaction = original;
    }
    expect(await count(sql`select count(*)::int as n from monitoring_rollup_dirty where hour = ${new Date(h5)}`)).toBe(1);
    await rollUpClosedHours(s.kernel);
    expect(await count(sql`select count(*)::int as n from monitoring_rollup_dirty where hour = ${new Date(h5)}`)).toBe(0);
  });

  it('drops whole months of raw readings past retention, and old rollups and quarantine rows', async () => {
    const ancient = Date.UTC(new Date(now).getUTCFullYear() - 3, 0, 15);
    const name = monthName(new Date(ancient));
    await sql`create table ${sql.table(name)} partition of monitoring_readings for values from (${sql.lit(new Date(Date.UTC(new Date(now).getUTCFullYear() - 3, 0, 1)).toISOString())}) to (${sql.lit(new Date(Date.UTC(new Date(now).getUTCFullYear() - 3, 1, 1)).toISOString())})`.execute(s.kernel.db);
    await sql`insert into monitoring_readings values ('110000', 1, ${new Date(ancient)}, '{1}', '{1}')`.execute(s.kernel.db);
    await sql`insert into monitoring_rollups_hourly values ('110000', 1, ${new Date(ancient)}, 1, 1, 1, 1)`.execute(s.kernel.db);
    await sql`insert into monitoring_quarantine (city_code, ref, received_at, source, reason, detail, payload) values ('110000', 'old:1', ${new Date(ancient)}, 'http', 'bad_ts', 'x', '{}')`.execute(s.kernel.db);
    const report = await applyRetention(s.kernel);
    expect(report).toMatchObject({ droppedPartitions: [name], rollups: 1, quarantined: 1 });
    expect((await listPartitions(s.kernel.db)).map((p) => p.name)).not.toContain(name);
    // Everything younger stays: the backfilled reading of ten months ago, this hour's.
    expect(await count(sql`select sum(cardinality(series))::int as n from monitoring_readings`)).toBeGreaterThan(2);
    expect((await applyRetention(s.kernel)).droppedPartitions).toEqual([]);
  });
});
