import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { createLogger } from '../../src/core/logger.js';
import { AppError } from '../../src/core/errors.js';

/** The folder of this suite's fixtures (module migrations and the like). */
export const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A logger that says nothing. */
export const quiet = createLogger({ level: 'silent' });

/** A new empty temporary folder, and how to remove it. */
export async function tempDir(prefix = 'citywork-storage-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** The tables of the public schema, by name. */
export async function tableNames(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public' order by tablename`.execute(db);
  return rows.map((r) => r.name);
}

/** Whether a table of the public schema exists. */
export async function tableExists(db: Kysely<any>, name: string): Promise<boolean> {
  return (await tableNames(db)).includes(name);
}

/** The number of rows of a table. */
export async function countRows(db: Kysely<any>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
  return rows[0]!.n;
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** The AppError a promise rejects with; fails the test when it resolves or throws something else. */
export async function appError(p: Promise<unknown>): Promise<AppError> {
  const err = await rejection(p);
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${err?.constructor?.name}: ${err?.message}`, { cause: err });
  return err;
}
