import { sql, type Kysely, type Transaction } from 'kysely';
import type { CoreTables } from '../../core/db/tables.js';
import type { MonitoringTables } from './tables.js';

type Db = Kysely<CoreTables> | Transaction<CoreTables>;

/** The monitoring tables on a kernel database or transaction. */
export const mdb = (db: Db) => db.withTables<MonitoringTables>();

/** Moves the city's registry version, in the caller's transaction: every copy reloads its devices. */
export async function bumpRegistryVersion(trx: Db, cityCode: string): Promise<void> {
  await sql`insert into monitoring_versions (city_code, version) values (${cityCode}, 1)
    on conflict (city_code) do update set version = monitoring_versions.version + 1, updated_at = now()`.execute(trx);
}

/** The city's registry version (0 before anything was loaded). */
export async function readRegistryVersion(db: Db, cityCode: string): Promise<number> {
  const row = await mdb(db).selectFrom('monitoring_versions').select('version').where('city_code', '=', cityCode).executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** Creates the series of a device's metrics that do not exist yet. */
export async function ensureSeries(trx: Db, cityCode: string, devices: { id: string; metrics: string[] }[]): Promise<void> {
  const rows = devices.flatMap((d) => d.metrics.map((metric) => ({ city_code: cityCode, device_id: d.id, metric })));
  for (let i = 0; i < rows.length; i += 2000) {
    await mdb(trx)
      .insertInto('monitoring_series')
      .values(rows.slice(i, i + 2000))
      .onConflict((oc) => oc.columns(['city_code', 'device_id', 'metric']).doNothing())
      .execute();
  }
}
