import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { runMigrations, migrationStatus, type MigrationSource } from '../../src/core/db/migrate.js';
import { openDatabase, type Database } from '../../src/core/db/database.js';
import { coreMigrations } from '../../src/server.js';
import { freshDatabase, testDrivers } from '../support/db.js';
import { appError, countRows, fixtures, tableExists, tableNames, tempDir } from './helpers.js';

const source = (name: string): MigrationSource => ({ name, dir: path.join(fixtures, 'migrations', name) });
const alpha = source('alpha');
const beta = source('beta');
const broken = source('broken');

describe.each(testDrivers())('migrations (%s)', (driver) => {
  let database: Database & { url?: string };
  beforeEach(async () => {
    database = await freshDatabase(driver);
  });
  afterEach(() => database.close());

  it('applies the core and each module source, each with its own history table', async () => {
    const reports = await runMigrations(database.db, [coreMigrations, alpha]);
    expect(reports).toEqual([
      { source: 'core', applied: ['0001_core', '0002_orgs', '0003_idempotency', '0004_notifications', '0005_queue_vacuum'] },
      { source: 'alpha', applied: ['0001_alpha_places', '0002_alpha_places_kind'] },
    ]);
    const tables = await tableNames(database.db);
    expect(tables).toEqual(expect.arrayContaining(['core_users', 'core_outbox', 'alpha_places', 'citywork_migrations_core', 'citywork_migrations_alpha']));
    const { rows } = await sql<{ name: string }>`select name from citywork_migrations_alpha order by name`.execute(database.db);
    expect(rows.map((r) => r.name)).toEqual(['0001_alpha_places', '0002_alpha_places_kind']);
    // The second file ran after the first: the column it adds exists, with its default.
    await sql`insert into alpha_places (city_code, name) values ('110000', 'Jingshan')`.execute(database.db);
    const { rows: places } = await sql<{ kind: string }>`select kind from alpha_places`.execute(database.db);
    expect(places).toEqual([{ kind: 'park' }]);
    expect(await migrationStatus(database.db, [coreMigrations, alpha, beta])).toEqual({ core: ['0001_core', '0002_orgs', '0003_idempotency', '0004_notifications', '0005_queue_vacuum'], alpha: ['0001_alpha_places', '0002_alpha_places_kind'], beta: [] });
  });

  it('applies nothing the second time', async () => {
    await runMigrations(database.db, [coreMigrations, alpha]);
    await sql`insert into alpha_places (city_code, name) values ('110000', 'Beihai')`.execute(database.db);
    const again = await runMigrations(database.db, [coreMigrations, alpha]);
    expect(again).toEqual([
      { source: 'core', applied: [] },
      { source: 'alpha', applied: [] },
    ]);
    expect(await countRows(database.db, 'alpha_places')).toBe(1);
    expect(await countRows(database.db, 'citywork_migrations_alpha')).toBe(2);
  });

  it('migrates a module added later without touching the ones already there', async () => {
    await runMigrations(database.db, [coreMigrations, alpha]);
    await sql`insert into alpha_places (city_code, name) values ('110000', 'Ritan')`.execute(database.db);
    const { rows: before } = await sql<{ name: string; timestamp: string }>`select name, timestamp from citywork_migrations_alpha order by name`.execute(database.db);

    const reports = await runMigrations(database.db, [coreMigrations, alpha, beta]);
    expect(reports).toEqual([
      { source: 'core', applied: [] },
      { source: 'alpha', applied: [] },
      { source: 'beta', applied: ['0001_beta_notes'] },
    ]);
    expect(await tableExists(database.db, 'beta_notes')).toBe(true);
    expect(await tableExists(database.db, 'citywork_migrations_beta')).toBe(true);
    const { rows: after } = await sql<{ name: string; timestamp: string }>`select name, timestamp from citywork_migrations_alpha order by name`.execute(database.db);
    expect(after).toEqual(before);
    expect(await countRows(database.db, 'alpha_places')).toBe(1);
  });

  it('names the source and file of a failing migration and leaves no partial schema from it', async () => {
    const err = await appError(runMigrations(database.db, [coreMigrations, alpha, broken, beta]));
    expect(err.message).toContain('broken/0002_broken_bad');
    expect(err.message).toContain('no_such_column');
    // The sources before it are in; the file's table and index are not; the sources after it never ran.
    expect(await tableExists(database.db, 'core_users')).toBe(true);
    expect(await tableExists(database.db, 'alpha_places')).toBe(true);
    expect(await tableExists(database.db, 'broken_half')).toBe(false);
    const { rows: index } = await sql<{ n: number }>`select count(*)::int as n from pg_class where relname = 'broken_half_name'`.execute(database.db);
    expect(index[0]!.n).toBe(0);
    expect(await tableExists(database.db, 'beta_notes')).toBe(false);
    // History and schema agree: a migration is recorded exactly when its table exists.
    const status = await migrationStatus(database.db, [broken]);
    expect(status.broken).not.toContain('0002_broken_bad');
    expect(status.broken!.includes('0001_broken_ok')).toBe(await tableExists(database.db, 'broken_ok'));

    // Once the file is fixed, the next run applies what is pending and nothing twice.
    const fixed = await tempDir();
    try {
      await fs.cp(broken.dir, fixed.dir, { recursive: true });
      await fs.writeFile(path.join(fixed.dir, '0002_broken_bad.sql'), 'create table broken_half (id bigserial primary key, name text);\n');
      const reports = await runMigrations(database.db, [coreMigrations, alpha, { name: 'broken', dir: fixed.dir }, beta]);
      expect(reports.find((r) => r.source === 'broken')!.applied).toContain('0002_broken_bad');
      expect(reports.find((r) => r.source === 'beta')!.applied).toEqual(['0001_beta_notes']);
      expect(await migrationStatus(database.db, [broken])).toEqual({ broken: ['0001_broken_ok', '0002_broken_bad'] });
    } finally {
      await fixed.remove();
    }
  });

  it.runIf(driver === 'postgres')('lets two copies migrate one database at the same time, each file applied once', async () => {
    const other = await openDatabase({ url: database.url!, poolSize: 2 });
    try {
      const [a, b] = await Promise.all([runMigrations(database.db, [coreMigrations, alpha, beta]), runMigrations(other.db, [coreMigrations, alpha, beta])]);
      const applied = (reports: typeof a, name: string) => reports.find((r) => r.source === name)!.applied;
      for (const name of ['core', 'alpha', 'beta']) {
        expect([...applied(a, name), ...applied(b, name)].sort()).toEqual((await migrationStatus(database.db, [source(name)]))[name]);
      }
      expect(await countRows(database.db, 'citywork_migrations_alpha')).toBe(2);
    } finally {
      await other.close();
    }
  });
});
