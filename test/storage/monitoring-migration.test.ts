import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { runMigrations } from '../../src/core/db/migrate.js';
import type { Database } from '../../src/core/db/database.js';
import { monitoringModule } from '../../src/modules/monitoring/index.js';
import { coreMigrations } from '../../src/server.js';
import { freshDatabase, testDrivers } from '../support/db.js';
import { tempDir } from './helpers.js';

// Migration 0004: readings stored a row per reading move to a row per device and time.
describe.each(testDrivers())('monitoring migration to a row per device and time (%s)', (driver) => {
  let database: Database;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  const monitoringDir = monitoringModule.migrationsDir!;
  beforeEach(async () => {
    database = await freshDatabase(driver);
    tmp = await tempDir('citywork-monitoring-migration-');
  });
  afterEach(async () => {
    await database.close();
    await tmp.remove();
  });

  it('moves every month of readings, grouped by device and time, and keeps the partitions’ names', async () => {
    // The schema as it was: the module's migrations up to 0003, under the module's own history table.
    for (const f of (await fs.readdir(monitoringDir)).filter((f) => f < '0004')) await fs.copyFile(path.join(monitoringDir, f), path.join(tmp.dir, f));
    await runMigrations(database.db, [coreMigrations, { name: 'monitoring', dir: tmp.dir }]);
    const db = database.db;
    await sql`insert into monitoring_asset_types (city_code, code, name, name_en) values ('110000', 'pipe', '管段', 'Pipe')`.execute(db);
    await sql`insert into monitoring_assets (city_code, id, type, name, lon, lat, bbox_west, bbox_south, bbox_east, bbox_north)
      select '110000', a, 'pipe', a, 116.4, 39.9, 116.4, 39.9, 116.4, 39.9 from unnest(array['a1', 'a2']) as a`.execute(db);
    await sql`insert into monitoring_devices (city_code, id, asset_id, metrics) values ('110000', 'wp-1', 'a1', '{pressure_mpa,flow_m3h}'), ('110000', 'lv-1', 'a2', '{level_m}')`.execute(db);
    await sql`insert into monitoring_series (city_code, device_id, metric) values ('110000', 'wp-1', 'pressure_mpa'), ('110000', 'wp-1', 'flow_m3h'), ('110000', 'lv-1', 'level_m'), ('110000', 'gone-1', 'level_m')`.execute(db);
    const ids = Object.fromEntries((await sql<{ id: number; device_id: string; metric: string }>`select id, device_id, metric from monitoring_series`.execute(db)).rows.map((r) => [`${r.device_id}/${r.metric}`, r.id]));
    for (const month of ['2026-01', '2026-02']) {
      const [y, m] = month.split('-').map(Number) as [number, number];
      await sql`create table ${sql.table(`monitoring_readings_p${y}${String(m).padStart(2, '0')}`)} partition of monitoring_readings for values from (${sql.lit(new Date(Date.UTC(y, m - 1, 1)).toISOString())}) to (${sql.lit(new Date(Date.UTC(y, m, 1)).toISOString())})`.execute(db);
    }
    const t1 = new Date('2026-01-10T08:00:00Z');
    const t2 = new Date('2026-02-03T09:30:00Z');
    const old: [number, Date, number][] = [
      [ids['wp-1/pressure_mpa']!, t1, 0.31],
      [ids['wp-1/flow_m3h']!, t1, 120],
      [ids['wp-1/pressure_mpa']!, t2, 0.29],
      [ids['lv-1/level_m']!, t1, 1.5],
      [ids['gone-1/level_m']!, t1, 9],
    ];
    for (const [series, ts, value] of old) await sql`insert into monitoring_readings (city_code, series_id, ts, value) values ('110000', ${series}, ${ts}, ${value})`.execute(db);

    const reports = await runMigrations(database.db, [coreMigrations, { name: 'monitoring', dir: monitoringDir }]);
    expect(reports[1]!.applied).toContain('0004_readings_per_message');

    const { rows } = await sql<{ id: string; ts: Date; series: number[]; vals: number[] }>`
      select d.id, r.ts, r.series, r.vals from monitoring_readings r join monitoring_devices d on d.num = r.device_num order by d.id, r.ts`.execute(db);
    expect(rows.map((r) => [r.id, new Date(r.ts).toISOString(), r.series, r.vals])).toEqual([
      ['lv-1', t1.toISOString(), [ids['lv-1/level_m']], [1.5]],
      ['wp-1', t1.toISOString(), [ids['wp-1/pressure_mpa'], ids['wp-1/flow_m3h']], [0.31, 120]],
      ['wp-1', t2.toISOString(), [ids['wp-1/pressure_mpa']], [0.29]],
    ]);
    const parts = await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'monitoring_readings'::regclass order by 1`.execute(db);
    expect(parts.rows.map((r) => r.name)).toEqual(['monitoring_readings_p202601', 'monitoring_readings_p202602']);
    // The readings of a device that no longer exists had no row to go to.
    expect(rows.flatMap((r) => r.series)).not.toContain(ids['gone-1/level_m']);
  });
});
