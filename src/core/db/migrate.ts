import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type MigrationResult } from 'kysely';
import { AppError } from '../errors.js';

/** One owner of migrations: the core or a module, with its folder of `NNNN_name.sql` files. */
export interface MigrationSource {
  name: string;
  dir: string;
}

export interface MigrationReport {
  source: string;
  applied: string[];
}

/**
 * Applies every pending migration of each source, in the order given. Each source keeps its
 * own history table (`citywork_migrations_<name>`), so modules can be added in any order later.
 */
export async function runMigrations(db: Kysely<any>, sources: MigrationSource[]): Promise<MigrationReport[]> {
  const reports: MigrationReport[] = [];
  for (const source of sources) {
    const migrator = new Migrator({
      db,
      provider: new SqlFolderProvider(source.dir),
      migrationTableName: `citywork_migrations_${source.name}`,
      migrationLockTableName: `citywork_migrations_${source.name}_lock`,
    });
    const { error, results } = await migrator.migrateToLatest();
    const applied = (results ?? []).filter((r: MigrationResult) => r.status === 'Success').map((r) => r.migrationName);
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(before any migration ran)';
      const message = error instanceof Error ? error.message : String(error);
      throw new AppError('unavailable', `migration ${source.name}/${failed} failed: ${message}`, { cause: error });
    }
    reports.push({ source: source.name, applied });
  }
  return reports;
}

/** The names of the migrations each source has applied, for `migrate --status` and backups. */
export async function migrationStatus(db: Kysely<any>, sources: MigrationSource[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const source of sources) {
    const table = `citywork_migrations_${source.name}`;
    try {
      const { rows } = await sql<{ name: string }>`select name from ${sql.table(table)} order by name`.execute(db);
      out[source.name] = rows.map((r) => r.name);
    } catch {
      out[source.name] = [];
    }
  }
  return out;
}

// Plain SQL files, run as one multi-statement query inside Kysely's migration transaction.
class SqlFolderProvider implements MigrationProvider {
  constructor(private readonly dir: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(this.dir)).filter((f) => f.endsWith('.sql')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const text = await fs.readFile(path.join(this.dir, file), 'utf8');
      migrations[file.replace(/\.sql$/, '')] = { up: async (db) => void (await sql.raw(text).execute(db)) };
    }
    return migrations;
  }
}
