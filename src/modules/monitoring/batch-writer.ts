import { sql, type Kysely, type Transaction } from 'kysely';
import type { CoreTables } from '../../core/db/tables.js';
import type { Batch, CityColumns, QuarantineRow } from './batch.js';
import { mdb } from './versions.js';

/** What one batch's commit did: readings inserted (not duplicates), duplicates ignored, rows quarantined. */
export interface BatchOutcome {
  inserted: number;
  duplicates: number;
  quarantined: number;
}

const pgArray = (xs: readonly number[]) => `{${xs.join(',')}}`;

/**
 * Commits a batch. The common one — one city, nothing to quarantine — is ONE statement in
 * autocommit: the readings and the hours they mark, atomic as any statement, one round trip
 * instead of five (begin, insert, mark, commit), and no outbox wake (a batch emits no event).
 * Any other batch is a transaction of `writeBatch`.
 */
export async function commitBatch(db: Kysely<CoreTables>, batch: Batch): Promise<BatchOutcome> {
  if (batch.cities.size === 1 && !batch.quarantine.length) {
    const [cityCode, c] = [...batch.cities][0]!;
    const { rows } = await sql<{ inserted: number }>`
      with inserted as (${readingsInsert(cityCode, c)} returning 1), marked as (${hoursMark(cityCode, c)})
      select count(*)::int as inserted from inserted`.execute(db);
    const inserted = rows[0]?.inserted ?? 0;
    return { inserted, duplicates: batch.accepted - inserted, quarantined: 0 };
  }
  if (!batch.cities.size && !batch.quarantine.length) return { inserted: 0, duplicates: 0, quarantined: 0 };
  return db.transaction().execute((trx) => writeBatch(trx, batch));
}

/**
 * Writes a batch in the given transaction with a handful of statements, whatever its size:
 * one multi-row insert of the readings from arrays (`unnest`), idempotent on (series, ts); a
 * mark on each hour it touched for the rollup job; and its quarantine rows, idempotent on their
 * ref. A series' latest value is its newest reading (assets-store.ts), not a row of its own.
 */
export async function writeBatch(trx: Transaction<CoreTables>, batch: Batch): Promise<BatchOutcome> {
  let inserted = 0;
  for (const [cityCode, cols] of batch.cities) inserted += await insertReadings(trx, cityCode, cols);
  const quarantined = await insertQuarantine(trx, batch.quarantine);
  // Last: every batch marks the same few hours, so the row lock it takes is held by one writer
  // while the other waits; taken just before the commit, it is held for the commit alone.
  for (const [cityCode, cols] of batch.cities) await markHours(trx, cityCode, cols);
  return { inserted, duplicates: batch.accepted - inserted, quarantined };
}

// Arrays as literals: the driver's per-element escaping costs a fifth of the insert's time.
const readingsInsert = (cityCode: string, c: CityColumns) => sql`insert into monitoring_readings (city_code, series_id, ts, value)
    select ${cityCode}, u.s, to_timestamp(u.t / 1000.0), u.v
      from unnest(${pgArray(c.series)}::int[], ${pgArray(c.ts)}::float8[], ${pgArray(c.values)}::float8[]) as u(s, t, v)
    on conflict do nothing`;

const hoursMark = (cityCode: string, c: CityColumns) => sql`insert into monitoring_rollup_dirty (city_code, hour)
    select ${cityCode}, to_timestamp(h / 1000.0) from unnest(${pgArray([...c.hours].sort((a, b) => a - b))}::float8[]) as h
    on conflict (city_code, hour) do update set version = monitoring_rollup_dirty.version + 1`;

async function insertReadings(trx: Transaction<CoreTables>, cityCode: string, c: CityColumns): Promise<number> {
  return Number((await readingsInsert(cityCode, c).execute(trx)).numAffectedRows ?? 0);
}

async function markHours(trx: Transaction<CoreTables>, cityCode: string, c: CityColumns): Promise<void> {
  await hoursMark(cityCode, c).execute(trx);
}

async function insertQuarantine(trx: Transaction<CoreTables>, rows: QuarantineRow[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const result = await mdb(trx)
      .insertInto('monitoring_quarantine')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['city_code', 'ref']).doNothing())
      .executeTakeFirst();
    n += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return n;
}
