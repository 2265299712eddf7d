import { sql, type Kysely } from 'kysely';
import type { CoreTables } from '../../core/db/tables.js';
import { parsePartitionName, type MonthPartition } from './partitions.js';

// Partitions this process knows exist (per database handle), so a batch asks nothing when they do.
const known = new WeakMap<object, Set<string>>();

/** The readings' partitions that exist, oldest first. */
export async function listPartitions(db: Kysely<CoreTables>): Promise<MonthPartition[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'monitoring_readings'::regclass`.execute(db);
  const parts = rows.map((r) => parsePartitionName(r.name)).filter((p): p is MonthPartition => p !== null);
  known.set(db, new Set(parts.map((p) => p.name)));
  return parts.sort((a, b) => a.from.getTime() - b.from.getTime());
}

/**
 * Creates the partitions that do not exist yet (ahead of time by a job, and on demand for late
 * or backfilled readings). Another copy creating the same one at the same time is no error.
 */
export async function ensurePartitions(db: Kysely<CoreTables>, wanted: readonly MonthPartition[]): Promise<string[]> {
  let have = known.get(db);
  if (!have || wanted.some((p) => !have!.has(p.name))) have = new Set((await listPartitions(db)).map((p) => p.name));
  const created: string[] = [];
  for (const p of wanted) {
    if (have.has(p.name)) continue;
    try {
      await sql`create table if not exists ${sql.table(p.name)} partition of monitoring_readings for values from (${sql.lit(p.from.toISOString())}) to (${sql.lit(p.to.toISOString())})`.execute(db);
      created.push(p.name);
    } catch (err) {
      // 42P07 duplicate table, 23505 a racing catalogue insert: another copy made it first.
      const code = (err as { code?: string }).code;
      if (code !== '42P07' && code !== '23505') throw err;
    }
    have.add(p.name);
  }
  return created;
}

/** Drops partitions (whole months of raw readings) that ended before the cutoff; their names. */
export async function dropPartitions(db: Kysely<CoreTables>, parts: readonly MonthPartition[]): Promise<string[]> {
  for (const p of parts) {
    await sql`drop table if exists ${sql.table(p.name)}`.execute(db);
    known.get(db)?.delete(p.name);
  }
  return parts.map((p) => p.name);
}
