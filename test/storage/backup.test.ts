import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { restoreBackup, writeBackup, type BackupHeader } from '../../src/core/backup.js';
import { writeAudit } from '../../src/core/audit.js';
import { emitEvent } from '../../src/core/events.js';
import { createOutboxDispatcher } from '../../src/core/outbox-dispatcher.js';
import { createScheduler } from '../../src/core/scheduler.js';
import { soleLeadership } from '../../src/core/leader.js';
import { runMigrations } from '../../src/core/db/migrate.js';
import type { CityworkModule } from '../../src/core/module.js';
import { coreMigrations } from '../../src/server.js';
import { systemContext } from '../../src/core/context.js';
import { testService, type TestService } from '../support/service.js';
import { freshDatabase, hasPostgres, testDrivers } from '../support/db.js';
import { seedToken, seedUser, signIn } from '../support/http.js';
import { appError, countRows, fixtures, quiet, tableNames, tempDir } from './helpers.js';

const fxb: CityworkModule = { name: 'fxb', migrationsDir: path.join(fixtures, 'modules', 'fxb') };
const fxj: CityworkModule = { name: 'fxj', migrationsDir: path.join(fixtures, 'modules', 'fxj') };

/**
 * Every row of every table but the migration histories, as sorted text. `exact` compares
 * the records' text form (which tells SQL NULL from JSON null); otherwise rows are read as
 * the application reads them, which compares across drivers and time zones.
 */
async function snapshot(db: Kysely<any>, { exact = true } = {}): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of await tableNames(db)) {
    if (table.startsWith('citywork_migrations_')) continue;
    if (exact) {
      const { rows } = await sql<{ r: string }>`select t::text as r from ${sql.table(table)} t`.execute(db);
      out[table] = rows.map((r) => r.r).sort();
    } else {
      const rows = await db.selectFrom(table).selectAll().execute();
      out[table] = rows.map((r) => JSON.stringify(r)).sort();
    }
  }
  return out;
}

/** Fills a service's database with what a city accumulates: accounts, sessions, audit, events, jobs, module rows. */
async function populate(s: TestService, { assets = 1200 } = {}): Promise<void> {
  const db = s.kernel.db;
  await seedUser(s, 'ada', ['admin']);
  await seedUser(s, 'hana', ['handler'], { jurisdiction: ['110101', '110105'] });
  await seedToken(s, { roles: ['analyst'] });
  await signIn(s, 'ada');
  await db.insertInto('core_cities').values({ city_code: '110000', name_zh: '北京市', name_en: 'Beijing', manifest: JSON.stringify({ name: 'beijing', sources: [{ name: 'osm' }] }) }).execute();
  await writeAudit(db, s.system, { action: 'fxb.district.renamed', resourceType: 'district', resourceId: 'd1', before: { name: '东城' }, after: { name: `Dongcheng 'east' "city" \\ tab\t` } });
  await writeAudit(db, s.system, { action: 'fxb.district.checked', resourceType: 'district' });
  await db.transaction().execute(async (trx) => {
    await emitEvent(trx, '110000', 'fxb.district.renamed', { id: 1, nested: { list: [1, 2.5, null, 'x'] } });
    await emitEvent(trx, '110000', 'fxb.asset.seen', { id: 'a-1' });
  });
  // Deliveries, a pending failure and done_at marks, as a running service leaves them.
  await createOutboxDispatcher({
    db,
    logger: quiet,
    subscribers: [
      { name: 'fxb.mirror', topics: ['core.user.created', 'fxb.district.renamed'], handle: async () => {} },
      { name: 'fxb.flaky', topics: ['fxb.asset.seen'], handle: async () => Promise.reject(new Error('not yet')) },
    ],
  }).drain();
  await createScheduler({ db, jobs: [{ name: 'fxb.nightly', everyMs: 1000, run: async () => {} }], leadership: soleLeadership(), logger: quiet }).tick();
  await sql`insert into fxb_districts (city_code, name, tags, boundary, area_km2, founded) values
    ('110000', '东城区', array['core', 'with,comma', 'with"quote', '{brace}'], '{"type":"Polygon","coordinates":[[[116.38,39.92],[116.44,39.92],[116.44,39.96],[116.38,39.92]]]}', 41.840, '1958-05-01'),
    ('110000', '西城区', '{}', null, 50.700, null),
    ('110000', 'Chaoyang', array[]::text[], '{"type":"Point","coordinates":[116.48,39.95],"properties":{"note":"line\\nbreak"}}', 470.800, '1958-05-01'),
    ('110000', 'Haidian', array['north'], '[]', null, '2000-02-29')`.execute(db);
  await sql`insert into fxb_assets (id, city_code, district_id, reading, active, seen_at)
    select 'ast_' || lpad(g::text, 5, '0'), '110000', 1 + g % 4, case when g % 7 = 0 then null else g * 0.1 + 0.2 end, g % 3 <> 0,
           case when g % 5 = 0 then null else timestamptz '2026-01-01 00:00:00.123456+00' + g * interval '1 minute' end
    from generate_series(1, ${assets}) g`.execute(db);
}

/** Writes a backup of `db` to a file and returns the file's bytes and header. */
async function backupToFile(db: Kysely<any>, file: string): Promise<{ bytes: Buffer; header: BackupHeader }> {
  const header = await writeBackup(db, createWriteStream(file), { source: 'storage-test' });
  return { bytes: await fs.readFile(file), header };
}

/** The bytes of a backup of `db`, in memory. */
async function backupBytes(db: Kysely<any>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeBackup(db, out);
  return Buffer.concat(chunks);
}

/** Restores `source()` into `db` (the stream is made only when the restore is called). */
function restoreHeldBack(db: Kysely<any>, source: () => Readable, options?: Parameters<typeof restoreBackup>[2]): Promise<BackupHeader> {
  return restoreBackup(db, source(), options);
}

describe.each(testDrivers())('backup and restore (%s)', (driver) => {
  let a: TestService;
  let b: TestService;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let file: string;
  let bytes: Buffer;
  let header: BackupHeader;
  beforeAll(async () => {
    tmp = await tempDir();
    file = path.join(tmp.dir, 'city.backup.gz');
    [a, b] = await Promise.all([testService({ driver, modules: [fxb, fxj] }), testService({ driver, modules: [fxb, fxj] })]);
    await populate(a);
    ({ bytes, header } = await backupToFile(a.kernel.db, file));
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await tmp?.remove();
  });

  it('writes a gzip’d header naming every table with its row count', async () => {
    const lines = gunzipSync(bytes).toString('utf8').trim().split('\n');
    const head = JSON.parse(lines[0]!) as BackupHeader;
    expect(head).toEqual(header);
    expect(head).toMatchObject({ format: 'citywork-backup', source: 'storage-test' });
    expect(head.version).toBeGreaterThanOrEqual(1);
    const counts = Object.fromEntries(head.tables.map((t) => [t.name, t.rows]));
    for (const table of await tableNames(a.kernel.db)) expect(counts[table], table).toBe(await countRows(a.kernel.db, table));
    expect(counts).toMatchObject({ core_users: 2, fxb_districts: 4, fxb_assets: 1200 });
    expect(counts.core_audit).toBeGreaterThanOrEqual(4);
    expect(counts.core_outbox).toBeGreaterThanOrEqual(4);
    expect(counts.core_outbox_deliveries).toBeGreaterThanOrEqual(3);
    expect(counts.core_outbox_failures).toBe(1);
    // Parents come before children, whatever their names.
    const order = head.tables.map((t) => t.name);
    expect(order.indexOf('fxb_districts')).toBeLessThan(order.indexOf('fxb_assets'));
    expect(order.indexOf('core_users')).toBeLessThan(order.indexOf('core_sessions'));
    expect(lines).toHaveLength(1 + head.tables.reduce((n, t) => n + t.rows, 0));
  });

  it('restores into a fresh migrated database: identical rows in every table, and what was there is gone', async () => {
    await seedUser(b, 'zeta', ['analyst']);
    await sql`insert into fxb_districts (city_code, name) values ('110000', 'only in b')`.execute(b.kernel.db);
    const progress: [string, number, number][] = [];
    const restored = await restoreHeldBack(b.kernel.db, () => createReadStream(file), { onProgress: (t, done, total) => progress.push([t, done, total]) });
    expect(restored).toEqual(header);
    expect(await snapshot(b.kernel.db)).toEqual(await snapshot(a.kernel.db));
    expect(await b.kernel.db.selectFrom('core_users').select('username').where('username', '=', 'zeta').execute()).toEqual([]);
    // Progress counts the rows restored (migration histories are not) against the header's total.
    const total = header.tables.reduce((n, t) => n + t.rows, 0);
    const restorable = header.tables.filter((t) => !t.name.startsWith('citywork_migrations_')).reduce((n, t) => n + t.rows, 0);
    expect(progress.every(([, done, of], i) => of === total && done >= (progress[i - 1]?.[1] ?? 0))).toBe(true);
    expect(progress.at(-1)![1]).toBe(restorable);
    // Each migration history stays the target's own.
    expect(await countRows(b.kernel.db, 'citywork_migrations_core')).toBe(5);
  });

  it('continues every sequence after the restored ids', async () => {
    const db = b.kernel.db;
    const max = async (table: string) => Number((await sql<{ m: number }>`select max(id) as m from ${sql.table(table)}`.execute(db)).rows[0]!.m);
    const [audit, outbox, districts] = [await max('core_audit'), await max('core_outbox'), await max('fxb_districts')];
    await writeAudit(db, b.system, { action: 'fxb.district.added', resourceType: 'district' });
    const eventId = await emitEvent(db, '110000', 'fxb.district.added', {});
    await sql`insert into fxb_districts (city_code, name) values ('110000', 'Fengtai')`.execute(db);
    expect(await max('core_audit')).toBeGreaterThan(audit);
    expect(eventId).toBeGreaterThan(outbox);
    expect(await max('fxb_districts')).toBeGreaterThan(districts);
    // Put b back to the backup's content for the tests that follow.
    await restoreHeldBack(db, () => createReadStream(file));
  });

  describe('refuses a damaged or foreign file and leaves the target as it was', () => {
    const lines = () => gunzipSync(bytes).toString('utf8').trim().split('\n');
    const headerWith = (change: (h: BackupHeader) => BackupHeader) => {
      const all = lines();
      return gzipSync([JSON.stringify(change(JSON.parse(all[0]!))), ...all.slice(1)].join('\n') + '\n');
    };
    const cases: [string, () => Buffer, RegExp][] = [
      ['random bytes', () => randomBytes(4096), /cannot be restored/],
      ['a plain-text file', () => Buffer.from('id,name\n1,Dongcheng\n'), /cannot be restored/],
      ['an empty file', () => Buffer.alloc(0), /cannot be restored|empty/],
      ['gzip’d JSON that is no citywork backup', () => gzipSync('{"hello":"world"}\n{"t":"core_users","r":{}}\n'), /not a citywork backup/],
      ['a backup cut off in the middle', () => bytes.subarray(0, Math.floor(bytes.length * 0.7)), /cannot be restored \(line \d+\)/],
      ['a backup from a newer citywork', () => headerWith((h) => ({ ...h, version: 99 })), /newer/],
      ['a backup with a table this database lacks', () => headerWith((h) => ({ ...h, tables: [...h.tables, { name: 'fxz_things', rows: 0 }] })), /fxz_things/],
      ['a backup whose last row breaks a foreign key', () => gzipSync(lines().join('\n') + '\n' + JSON.stringify({ t: 'fxb_assets', r: { id: 'ast_x', city_code: '110000', district_id: 999999, active: true } }) + '\n'), /cannot be restored/],
      ['a backup with a column this database lacks', () => gzipSync(lines().map((l) => l.replace('{"t":"fxb_assets","r":{', '{"t":"fxb_assets","r":{"shoe_size":42,')).join('\n') + '\n'), /shoe_size/],
      ['a backup with a line that is not JSON', () => gzipSync(lines().slice(0, 40).join('\n') + '\n{"t":"core_audit","r":\n'), /cannot be restored \(line 41\)/],
    ];
    it.each(cases)('%s', async (_name, make, message) => {
      const expected = await snapshot(b.kernel.db);
      expect(expected.fxb_assets).toHaveLength(1200);
      const bad = make();
      const err = await appError(restoreHeldBack(b.kernel.db, () => Readable.from([bad])));
      expect(err.kind).toBe('invalid');
      expect(err.field).toBe('file');
      expect(err.message).toMatch(message);
      expect(await snapshot(b.kernel.db)).toEqual(expected);
    });
  });

  // BUG (src/core/backup.ts): row_to_json + json_populate_recordset turn a jsonb JSON null into
  // SQL NULL, so a NOT NULL jsonb column holding `null` makes the backup unrestorable, and a
  // nullable one comes back as SQL NULL. Remove `.fails` once restore keeps JSON null.
  it('keeps a jsonb JSON null apart from SQL NULL (GeoJSON "properties": null)', async () => {
    try {
      await sql`insert into fxj_features (id, properties, style) values ('f1', 'null', 'null'), ('f2', '{"name":"gate"}', null)`.execute(a.kernel.db);
      const { bytes: withJson } = await backupToFile(a.kernel.db, path.join(tmp.dir, 'json-null.backup.gz'));
      await restoreHeldBack(b.kernel.db, () => Readable.from([withJson]));
      expect(await snapshot(b.kernel.db)).toEqual(await snapshot(a.kernel.db));
    } finally {
      await sql`delete from fxj_features`.execute(a.kernel.db);
      await sql`delete from fxj_features`.execute(b.kernel.db);
    }
  });

  // BUG (src/core/backup.ts): restore inserts explicit ids, which a `generated always as identity`
  // column refuses without OVERRIDING SYSTEM VALUE. Remove `.fails` once restore says so.
  it('restores a table with a generated-always identity column and continues its sequence', async () => {
    try {
      await sql`insert into fxj_readings (value) values (1.5), (2.5), (3.5)`.execute(a.kernel.db);
      const { bytes: withIdentity } = await backupToFile(a.kernel.db, path.join(tmp.dir, 'identity.backup.gz'));
      await restoreHeldBack(b.kernel.db, () => Readable.from([withIdentity]));
      expect(await snapshot(b.kernel.db)).toEqual(await snapshot(a.kernel.db));
      const { rows } = await sql<{ id: number }>`insert into fxj_readings (value) values (4.5) returning id`.execute(b.kernel.db);
      expect(Number(rows[0]!.id)).toBeGreaterThan(3);
    } finally {
      await sql`delete from fxj_readings`.execute(a.kernel.db);
      await sql`delete from fxj_readings`.execute(b.kernel.db);
    }
  });
  it('backs a partitioned table up once (its partitions are its rows) and makes the partitions a target lacks', async () => {
    const make = async (db: Kysely<any>, months: string[]) => {
      await sql`create table fxj_series (ts timestamptz not null primary key, v int) partition by range (ts)`.execute(db);
      for (const m of months) {
        const [y, mo] = m.split('-').map(Number) as [number, number];
        const to = new Date(Date.UTC(y, mo, 1)).toISOString();
        await sql`create table ${sql.table(`fxj_series_${y}_${String(mo).padStart(2, '0')}`)} partition of fxj_series for values from (${sql.lit(`${m}-01T00:00:00Z`)}) to (${sql.lit(to)})`.execute(db);
      }
    };
    try {
      await make(a.kernel.db, ['2026-10', '2026-11']);
      await make(b.kernel.db, ['2026-11']);
      await sql`insert into fxj_series (ts, v) values ('2026-10-03T01:00:00Z', 1), ('2026-10-30T23:00:00Z', 2), ('2026-11-01T00:00:00Z', 3), ('2026-11-15T12:00:00Z', 4), ('2026-11-29T08:00:00Z', 5)`.execute(a.kernel.db);
      const { bytes: partitioned, header: h } = await backupToFile(a.kernel.db, path.join(tmp.dir, 'partitions.backup.gz'));
      expect(h.tables.find((t) => t.name === 'fxj_series')?.rows).toBe(5);
      expect(h.tables.filter((t) => t.name.startsWith('fxj_series_'))).toEqual([]);
      expect(h.partitions?.map((p) => [p.name, p.parent])).toEqual([
        ['fxj_series_2026_10', 'fxj_series'],
        ['fxj_series_2026_11', 'fxj_series'],
      ]);
      await restoreHeldBack(b.kernel.db, () => Readable.from([partitioned]));
      const { rows } = await sql<{ v: number; part: string }>`select v, tableoid::regclass::text as part from fxj_series order by v`.execute(b.kernel.db);
      expect(rows.map((r) => [r.v, r.part])).toEqual([
        [1, 'fxj_series_2026_10'],
        [2, 'fxj_series_2026_10'],
        [3, 'fxj_series_2026_11'],
        [4, 'fxj_series_2026_11'],
        [5, 'fxj_series_2026_11'],
      ]);
      // A bound that is not PostgreSQL's own is refused, not run.
      const lines = gunzipSync(partitioned).toString('utf8').split('\n');
      const head = JSON.parse(lines[0]!) as BackupHeader;
      head.partitions = [{ name: 'fxj_series_x', parent: 'fxj_series', bound: "DEFAULT; drop table core_users" }];
      const forged = gzipSync([JSON.stringify(head), ...lines.slice(1)].join('\n'));
      expect(await appError(restoreBackup(b.kernel.db, Readable.from([forged])))).toMatchObject({ kind: 'invalid', field: 'file' });
      expect(await countRows(b.kernel.db, 'fxj_series')).toBe(5);
    } finally {
      await sql`drop table if exists fxj_series cascade`.execute(a.kernel.db);
      await sql`drop table if exists fxj_series cascade`.execute(b.kernel.db);
    }
  });
});

describe('restore reading its input (PGlite, one database per test)', () => {
  /** A database with the core migrated and a few audit rows, and a backup of it. */
  async function smallDatabase() {
    const database = await freshDatabase('pglite');
    await runMigrations(database.db, [coreMigrations]);
    for (let i = 0; i < 50; i++) await writeAudit(database.db, systemContext('110000'), { action: 'fxb.district.checked', resourceType: 'district', resourceId: `d${i}` });
    return { database, bytes: await backupBytes(database.db) };
  }
  const within = <T>(p: Promise<T>, ms: number) => Promise.race([p.then((v) => v, (err: unknown) => err), new Promise((r) => setTimeout(() => r(`still waiting after ${ms} ms`), ms))]);

  it('restores a backup it is given (the control for the two tests below)', async () => {
    const { database, bytes } = await smallDatabase();
    const expected = await snapshot(database.db);
    expect(await within(restoreHeldBack(database.db, () => Readable.from([bytes])), 5000)).toMatchObject({ format: 'citywork-backup' });
    expect(await snapshot(database.db)).toEqual(expected);
    await database.close();
  });

  // BUG (src/core/backup.ts): restoreBackup creates its readline interface before it awaits the
  // transaction; readline reads at once, and lines read before `for await` starts are lost. When
  // the database is slower to begin than the file is to read (PostgreSQL over the network, a busy
  // pool), the restore fails with "not a citywork backup (no header)" or waits forever.
  // Remove `.fails` once the line reader is created inside the transaction, right before its loop.
  it('restores a file that is read before the database has begun the transaction', async () => {
    const { database, bytes } = await smallDatabase();
    const expected = await snapshot(database.db);
    // Hold PGlite's only connection while the restore starts, as a busy pool would.
    let release!: () => void;
    const busy = database.db.transaction().execute(() => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    const restoring = restoreBackup(database.db, Readable.from([bytes]));
    await new Promise((r) => setTimeout(r, 200));
    release();
    await busy;
    expect(await within(restoring, 3000)).toMatchObject({ format: 'citywork-backup' });
    expect(await snapshot(database.db)).toEqual(expected);
    await database.close();
  });

  // BUG (src/core/backup.ts): `input.pipe(createGunzip())` does not pass the input's error on,
  // so the restore waits forever with its transaction open. Remove `.fails` once it rejects.
  it('rejects with an invalid error, instead of hanging, when the input stream errors', async () => {
    const { database, bytes } = await smallDatabase();
    let sent = false;
    const input = new Readable({
      read() {
        if (sent) return this.destroy(new Error('connection reset by peer'));
        sent = true;
        this.push(bytes.subarray(0, Math.floor(bytes.length / 2)));
      },
    });
    input.on('error', () => {}); // the test observes the restore, not the stream
    expect(await within(restoreHeldBack(database.db, () => input), 3000)).toMatchObject({ kind: 'invalid' });
    await database.close();
  });
});

describe.runIf(hasPostgres)('backup across drivers', () => {
  let lite: TestService;
  let pg: TestService;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir();
    [lite, pg] = await Promise.all([testService({ driver: 'pglite', modules: [fxb] }), testService({ driver: 'postgres', modules: [fxb] })]);
    await populate(lite, { assets: 700 });
  });
  afterAll(async () => {
    await Promise.all([lite?.close(), pg?.close()]);
    await tmp?.remove();
  });

  it('restores a PGlite backup into PostgreSQL and back', async () => {
    const there = path.join(tmp.dir, 'lite.backup.gz');
    await writeBackup(lite.kernel.db, createWriteStream(there));
    await restoreHeldBack(pg.kernel.db, () => createReadStream(there));
    expect(await snapshot(pg.kernel.db, { exact: false })).toEqual(await snapshot(lite.kernel.db, { exact: false }));

    await writeAudit(pg.kernel.db, pg.system, { action: 'fxb.district.moved', resourceType: 'district', after: { to: 'PostgreSQL' } });
    const back = path.join(tmp.dir, 'pg.backup.gz');
    await writeBackup(pg.kernel.db, createWriteStream(back));
    await restoreHeldBack(lite.kernel.db, () => createReadStream(back));
    expect(await snapshot(lite.kernel.db, { exact: false })).toEqual(await snapshot(pg.kernel.db, { exact: false }));
    expect(await lite.kernel.db.selectFrom('core_audit').select('action').where('action', '=', 'fxb.district.moved').execute()).toHaveLength(1);
  });
});
