import { createGunzip, createGzip } from 'node:zlib';
import { pipeline, type Readable, type Writable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import { AppError } from './errors.js';

// A logical backup: gzip'd JSON lines, one header then one line per row. The same file
// restores into PGlite or PostgreSQL, so a city can move from a laptop to a cluster.
const format = 'citywork-backup';
// Version 2 adds `n` to a row: its json/jsonb columns that are SQL NULL, so a JSON null survives.
const formatVersion = 2;
const batchRows = 500;

export interface BackupHeader {
  format: typeof format;
  version: number;
  createdAt: string;
  source: string;
  /** The tables (a partitioned table once, its partitions' rows in it) with their row counts. */
  tables: { name: string; rows: number }[];
  /** The partitions of partitioned tables (e.g. months of readings): restore creates the ones the target lacks. */
  partitions?: Partition[];
}

/** A partition as `create table <name> partition of <parent> <bound>` makes it. */
export interface Partition {
  name: string;
  parent: string;
  /** `FOR VALUES FROM (…) TO (…)`, `FOR VALUES IN (…)`, `FOR VALUES WITH (…)` or `DEFAULT`. */
  bound: string;
}

export interface BackupProgress {
  (table: string, rowsDone: number, rowsTotal: number): void;
}

/** Writes every table of the database to `out` from one consistent snapshot. */
export async function writeBackup(db: Kysely<any>, out: Writable, { source = 'citywork', onProgress = () => {} }: { source?: string; onProgress?: BackupProgress } = {}): Promise<BackupHeader> {
  const gzip = createGzip();
  let failure: Error | undefined;
  const fail = (err: Error) => {
    failure ??= err;
    gzip.emit('drain');
  };
  const done = new Promise<void>((resolve, reject) => {
    gzip.pipe(out);
    out.on('finish', resolve);
    out.on('error', (err) => (fail(err), reject(err)));
    // A reader that goes away (an HTTP client hanging up) must not hold the snapshot open.
    out.on('close', () => fail(new Error('the backup destination closed early')));
    gzip.on('error', (err) => (fail(err), reject(err)));
  });
  done.catch(() => {});
  const write = async (line: string) => {
    if (failure) throw failure;
    if (!gzip.write(line + '\n')) await new Promise<void>((r) => gzip.once('drain', () => r()));
    if (failure) throw failure;
  };
  const header = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const tables = await tablesInOrder(trx);
      const counts: { name: string; rows: number }[] = [];
      for (const name of tables) {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(trx);
        counts.push({ name, rows: rows[0]!.n });
      }
      const partitions = await partitionsOf(trx);
      const h: BackupHeader = { format, version: formatVersion, createdAt: new Date().toISOString(), source, tables: counts, ...(partitions.length ? { partitions } : {}) };
      await write(JSON.stringify(h));
      const total = counts.reduce((s, t) => s + t.rows, 0);
      let doneRows = 0;
      const json = await jsonColumns(trx);
      for (const { name } of counts) {
        // row_to_json writes SQL NULL and JSON null alike; `n` names the json columns that are SQL NULL.
        const cols = [...(json.get(name)?.keys() ?? [])];
        const nulls = cols.length ? sql`array_remove(array[${sql.join(cols.map((c) => sql`case when t.${sql.ref(c)} is null then ${c} end`))}]::text[], null)` : sql`null::text[]`;
        // A cursor reads the snapshot in batches, the same on PGlite and PostgreSQL.
        await sql`declare backup_rows no scroll cursor for select row_to_json(t) as r, ${nulls} as n from ${sql.table(name)} t`.execute(trx);
        for (;;) {
          const { rows } = await sql<{ r: unknown; n: string[] | null }>`fetch ${sql.lit(batchRows)} from backup_rows`.execute(trx);
          for (const row of rows) await write(JSON.stringify(row.n?.length ? { t: name, r: row.r, n: row.n } : { t: name, r: row.r }));
          doneRows += rows.length;
          onProgress(name, doneRows, total);
          if (rows.length < batchRows) break;
        }
        await sql`close backup_rows`.execute(trx);
      }
      return h;
    });
  gzip.end();
  await done;
  return header;
}

/**
 * Replaces the content of every table with the backup's, in one transaction: either the
 * whole backup is restored or nothing changes. The schema must already be migrated; columns
 * the backup lacks take their defaults, and sequences continue after the restored ids.
 */
export async function restoreBackup(db: Kysely<any>, input: Readable, { onProgress = () => {} }: { onProgress?: BackupProgress } = {}): Promise<BackupHeader> {
  // pipeline, not pipe: an error of the input (a read error, a client gone) reaches the reader.
  const unzipped = pipeline(input, createGunzip(), () => {});
  // The loop below sees an error through the stream itself; this keeps one raised before the
  // loop starts (an empty or non-gzip file) from being an uncaught 'error' event.
  unzipped.on('error', () => {});
  let header: BackupHeader | undefined;
  let lineNo = 0;
  return db.transaction().execute(async (trx) => {
    const tables = await tablesInOrder(trx);
    const known = new Set(tables);
    const json = await jsonColumns(trx);
    let pending: { table: string; rows: { r: object; n?: string[] }[] } | undefined;
    let doneRows = 0;
    let total = 0;
    const flush = async () => {
      if (!pending || pending.rows.length === 0) return;
      const columns = Object.keys(pending.rows[0]!.r);
      const types = json.get(pending.table);
      const values = columns.map((c) => {
        const type = types?.get(c);
        // A version-1 backup cannot tell JSON null from SQL NULL: it restores both as SQL NULL.
        if (!type || header!.version < 2) return sql.ref(`p.${c}`);
        return sql`(case when coalesce(x.e->'n', '[]') ? ${c} then null else x.e->'r'->${c} end)::${sql.raw(type)}`;
      });
      // Overriding system value: the ids of `generated always` identity columns come from the backup.
      await sql`insert into ${sql.table(pending.table)} (${sql.join(columns.map((c) => sql.ref(c)))}) overriding system value
        select ${sql.join(values)} from jsonb_array_elements(${JSON.stringify(pending.rows)}::jsonb) as x(e)
        cross join lateral jsonb_populate_record(null::${sql.table(pending.table)}, x.e->'r') as p`.execute(trx);
      doneRows += pending.rows.length;
      onProgress(pending.table, doneRows, total);
      pending.rows = [];
    };
    try {
      for await (const line of linesOf(unzipped)) {
        lineNo++;
        if (!line.trim()) continue;
        const value = JSON.parse(line) as { t?: string; r?: object; n?: string[] } & Partial<BackupHeader>;
        if (!header) {
          if (value.format !== format) throw new AppError('invalid', 'not a citywork backup (no header)', { field: 'file' });
          if ((value.version ?? 0) > formatVersion) throw new AppError('invalid', `backup format ${value.version} is newer than this citywork understands`, { field: 'file' });
          header = value as BackupHeader;
          total = header.tables.reduce((s, t) => s + t.rows, 0);
          const missing = header.tables.filter((t) => !known.has(t.name)).map((t) => t.name);
          if (missing.length) throw new AppError('invalid', `the backup has tables this database lacks (${missing.join(', ')}): migrate to a citywork with those modules first`, { field: 'file' });
          // The rows of a partitioned table go to its partitions: the months the target lacks are made first.
          await createPartitions(trx, header.partitions ?? [], known);
          // Children before parents, so foreign keys never point at a removed row.
          for (const name of [...tables].reverse()) if (!name.startsWith('citywork_migrations_')) await sql`delete from ${sql.table(name)}`.execute(trx);
          continue;
        }
        if (!value.t || value.t.startsWith('citywork_migrations_')) continue;
        if (pending?.table !== value.t) {
          await flush();
          pending = { table: value.t, rows: [] };
        }
        pending.rows.push({ r: value.r ?? {}, n: value.n });
        if (pending.rows.length >= batchRows) await flush();
      }
      await flush();
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('invalid', `the backup cannot be restored (line ${lineNo}): ${(err as Error).message}`, { field: 'file', cause: err });
    }
    if (!header) throw new AppError('invalid', 'the backup file is empty', { field: 'file' });
    await resetSequences(trx);
    return header;
  }).finally(() => unzipped.destroy());
}

// The lines of a stream, read only as the loop asks for them: nothing is lost before the loop
// starts, and an error of the stream (or of what is piped into it) is thrown in the loop.
async function* linesOf(stream: Readable): AsyncGenerator<string> {
  stream.setEncoding('utf8');
  let rest = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    yield* parts;
  }
  if (rest) yield rest;
}

// The json and jsonb columns of each table of the public schema, with their type.
async function jsonColumns(db: Kysely<any>): Promise<Map<string, Map<string, string>>> {
  const { rows } = await sql<{ tbl: string; col: string; type: string }>`
    select table_name as tbl, column_name as col, data_type as type from information_schema.columns
    where table_schema = 'public' and data_type in ('json', 'jsonb')`.execute(db);
  const out = new Map<string, Map<string, string>>();
  for (const r of rows) out.set(r.tbl, (out.get(r.tbl) ?? new Map<string, string>()).set(r.col, r.type));
  return out;
}

// Tables of the public schema, parents before children by their foreign keys. A partitioned
// table is one table here (reading it reads its partitions; writing it routes each row to its
// own): listing the partitions too would back every row up twice.
async function tablesInOrder(db: Kysely<any>): Promise<string[]> {
  const { rows: tables } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by c.relname`.execute(db);
  const { rows: fks } = await sql<{ child: string; parent: string }>`
    select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where c.contype = 'f' and n.nspname = 'public'`.execute(db);
  const parents = new Map<string, string[]>();
  for (const fk of fks) if (fk.child !== fk.parent) parents.set(fk.child, [...(parents.get(fk.child) ?? []), fk.parent]);
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const p of parents.get(t) ?? []) visit(p);
    out.push(t);
  };
  tables.forEach((t) => visit(t.name));
  return out;
}

// The partitions of the public schema's partitioned tables, with their bounds.
async function partitionsOf(db: Kysely<any>): Promise<Partition[]> {
  const { rows } = await sql<Partition>`
    select c.relname as name, p.relname as parent, pg_get_expr(c.relpartbound, c.oid) as bound
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join pg_inherits i on i.inhrelid = c.oid join pg_class p on p.oid = i.inhparent
     where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relispartition order by p.relname, c.relname`.execute(db);
  return rows;
}

// A bound as PostgreSQL prints it; anything else in a file is refused rather than run as SQL.
const partitionBound = /^(FOR VALUES (FROM \([^;]*\) TO \([^;]*\)|IN \([^;]*\)|WITH \(modulus \d+, remainder \d+\))|DEFAULT)$/;

async function createPartitions(db: Kysely<any>, partitions: Partition[], tables: Set<string>): Promise<void> {
  if (!partitions.length) return;
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relispartition`.execute(db);
  const have = new Set(rows.map((r) => r.name));
  for (const p of partitions) {
    if (have.has(p.name)) continue;
    if (!tables.has(p.parent) || !partitionBound.test(p.bound)) throw new AppError('invalid', `the backup's partition ${p.name} (of ${p.parent}, ${p.bound}) cannot be made here`, { field: 'file' });
    await sql`create table ${sql.table(p.name)} partition of ${sql.table(p.parent)} ${sql.raw(p.bound)}`.execute(db);
  }
}

async function resetSequences(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ tbl: string; col: string; seq: string }>`
    select c.relname as tbl, a.attname as col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) as seq
    from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid
    where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
      and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null`.execute(db);
  for (const r of rows) {
    await sql`select setval(${r.seq}::regclass, coalesce((select max(${sql.ref(r.col)}) from ${sql.table(r.tbl)}), 0) + 1, false)`.execute(db);
  }
}
