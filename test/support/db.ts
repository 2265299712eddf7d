import { promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database, Driver } from '../../src/core/db/database.js';
import { guardPool, openDatabase } from '../../src/core/db/database.js';
import type { CoreTables } from '../../src/core/db/tables.js';

/** The databases a storage test runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testDrivers(): Driver[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** Whether PostgreSQL tests run; when not, say so once. */
export const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * A fresh, empty database of the given kind: an in-memory PGlite loaded from the run's
 * template, or a new PostgreSQL database on TEST_DATABASE_URL's server (dropped on close).
 */
export async function freshDatabase(driver: Driver): Promise<Database & { url?: string }> {
  if (driver === 'pglite') {
    const tar = await fs.readFile(inject('pgliteTemplate'));
    const pglite = await PGlite.create({ loadDataDir: new Blob([tar]) });
    const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
    guardPool(pool);
    const db = new Kysely<CoreTables>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      driver,
      location: 'memory://',
      pool,
      poolMax: 1,
      guarded: true,
      ping: async () => void (await sql`select 1`.execute(db)),
      close: async () => {
        await db.destroy().catch(() => {});
        await pglite.close().catch(() => {});
      },
    };
  }
  const { url, drop } = await freshPostgresUrl();
  const database = await openDatabase({ url, poolSize: 5 });
  const close = database.close;
  return { ...database, url, close: async () => (await close(), await drop()) };
}

/** A new, empty PostgreSQL database on TEST_DATABASE_URL's server, and how to drop it. */
export async function freshPostgresUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is not set');
  const name = `citywork_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
