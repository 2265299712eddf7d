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
 * autocommit: the readings' rows and the hours they mark, atomic as any statement, one round
 * trip instead of five (begin, insert, mark, commit), and no outbox wake (a batch emits no
 * event). Any other batch is a transaction of `writeBatch`. A row whose device and time are
 * stored already (a resend, or another message of the same moment) is merged by a second
 * statement, which only such a batch pays.
 */
export async function commitBatch(db: Kysely<CoreTables>, batch: Batch): Promise<BatchOutcome> {
  if (batch.cities.size === 1 && !batch.quarantine.length) {
    const [cityCode, c] = [...batch.cities][0]!;
    const { rows } = await sql<Written>`
      with inserted as (${readingsInsert(cityCode, c)}), marked as (${hoursMark(cityCode, c)})
      select count(*)::int as rows, coalesce(sum(n), 0)::int as readings from inserted`.execute(db);
    const inserted = await mergeConflicts(db, cityCode, c, rows[0]!);
    return { inserted, duplicates: batch.accepted - inserted, quarantined: 0 };
  }
  if (!batch.cities.size && !batch.quarantine.length) return { inserted: 0, duplicates: 0, quarantined: 0 };
  return db.transaction().execute((trx) => writeBatch(trx, batch));
}

/**
 * Writes a batch in the given transaction with a handful of statements, whatever its size:
 * one multi-row insert of the readings' rows from arrays (`unnest`), idempotent on (device, ts)
 * and so on (device, metric, ts); a merge of the rows that were there already; a mark on each
 * hour it touched for the rollup job; and its quarantine rows, idempotent on their ref. A
 * series' latest value is its newest reading (assets-store.ts), not a row of its own.
 */
export async function writeBatch(trx: Transaction<CoreTables>, batch: Batch): Promise<BatchOutcome> {
  let inserted = 0;
  for (const [cityCode, cols] of batch.cities) {
    const { rows } = await sql<Written>`with inserted as (${readingsInsert(cityCode, cols)}) select count(*)::int as rows, coalesce(sum(n), 0)::int as readings from inserted`.execute(trx);
    inserted += await mergeConflicts(trx, cityCode, cols, rows[0]!);
  }
  const quarantined = await insertQuarantine(trx, batch.quarantine);
  // Last: every batch marks the same few hours, so the row lock it takes is held by one writer
  // while the other waits; taken just before the commit, it is held for the commit alone.
  for (const [cityCode, cols] of batch.cities) await hoursMark(cityCode, cols).execute(trx);
  return { inserted, duplicates: batch.accepted - inserted, quarantined };
}

/** Rows and readings an insert stored. */
interface Written {
  rows: number;
  readings: number;
}

// The batch's rows from arrays: per row its device, time, and the slice of the flat series and
// values arrays that holds its readings. Arrays as literals: the driver's per-element escaping
// costs a fifth of the insert's time.
const rowsOf = (c: CityColumns) => sql`
  select u.d, to_timestamp(u.t / 1000.0) as ts, (${pgArray(c.series)}::int[])[u.a : u.a + u.n - 1] as s, (${pgArray(c.values)}::float8[])[u.a : u.a + u.n - 1] as v
    from unnest(${pgArray(c.rows.device)}::int[], ${pgArray(c.rows.ts)}::float8[], ${pgArray(c.rows.start)}::int[], ${pgArray(c.rows.count)}::int[]) as u(d, t, a, n)`;

const readingsInsert = (cityCode: string, c: CityColumns) => sql`insert into monitoring_readings (city_code, device_num, ts, series, vals)
    select ${cityCode}, r.d, r.ts, r.s, r.v from (${rowsOf(c)}) as r
    on conflict do nothing
    returning cardinality(series) as n`;

/**
 * The readings of rows the insert found stored already (their device and time) that those rows
 * lack, appended to them: a reading is stored once, the first value stays. Returns the readings
 * stored in all (the insert's and the merge's); a batch whose rows were all new asks nothing more.
 */
async function mergeConflicts(db: Kysely<CoreTables>, cityCode: string, c: CityColumns, written: Written): Promise<number> {
  if (written.rows === c.rows.device.length) return written.readings;
  const { rows } = await sql<{ added: number }>`
    with batch as (${rowsOf(c)}),
    missing as (
      select b.d, b.ts, array_agg(e.s order by e.o) as s, array_agg(e.v order by e.o) as v
        from batch b
        join monitoring_readings r on r.city_code = ${cityCode} and r.device_num = b.d and r.ts = b.ts
       cross join lateral unnest(b.s, b.v) with ordinality as e(s, v, o)
       where e.s <> all(r.series)
       group by b.d, b.ts),
    merged as (
      update monitoring_readings r set series = r.series || m.s, vals = r.vals || m.v
        from missing m where r.city_code = ${cityCode} and r.device_num = m.d and r.ts = m.ts
      returning cardinality(m.s) as n)
    select coalesce(sum(n), 0)::int as added from merged`.execute(db);
  return written.readings + rows[0]!.added;
}

const hoursMark = (cityCode: string, c: CityColumns) => sql`insert into monitoring_rollup_dirty (city_code, hour)
    select ${cityCode}, to_timestamp(h / 1000.0) from unnest(${pgArray([...c.hours].sort((a, b) => a - b))}::float8[]) as h
    on conflict (city_code, hour) do update set version = monitoring_rollup_dirty.version + 1`;

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
