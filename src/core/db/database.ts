import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { AppError } from '../errors.js';
import type { CoreTables } from './tables.js';

// int8 (count(*), bigserial) as numbers: our counters stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric as numbers: measurements and scores, never money.
pg.types.setTypeParser(1700, (v) => Number(v));

export type Driver = 'pglite' | 'postgres';

/** An open database: Kysely over a pg.Pool, the same code path for PGlite and PostgreSQL. */
export interface Database {
  db: Kysely<CoreTables>;
  driver: Driver;
  /** Where it is: the data directory or the URL without its password. */
  location: string;
  pool: pg.Pool;
  poolMax: number;
  /**
   * Whether `Kernel.transaction` marks its work so that `k.db` inside it fails at once (see
   * `transactionScope`): always on the embedded database, where that mistake waits forever;
   * on PostgreSQL only under the tests (NODE_ENV=test), which run on both. The mark is an
   * AsyncLocalStorage, and while one is in use Node runs a hook at every promise — about a
   * tenth of the service thread's time at a thousand intakes a second — for a mistake that on
   * PostgreSQL costs only a second connection.
   */
  guarded: boolean;
  /** A cheap round trip, rejected when the database cannot be reached. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  url?: string;
  /** PGlite's data directory (embedded mode), or `memory://` for tests. */
  pgliteDir?: string;
  poolSize?: number;
}

/** Opens PostgreSQL at `url`, or the embedded PGlite in `pgliteDir`. */
export async function openDatabase({ url, pgliteDir, poolSize = 10 }: OpenDatabaseOptions): Promise<Database> {
  if (url) return openPostgres(url, poolSize);
  if (!pgliteDir) throw new AppError('invalid', 'either a database URL or a PGlite directory is needed');
  return openPglite(pgliteDir);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // A lost connection must not crash the process: the ready check reports it.
  pool.on('error', () => {});
  const location = redactUrl(url);
  try {
    await pool.query('select 1');
  } catch (err) {
    await pool.end().catch(() => {});
    throw new AppError('unavailable', `cannot reach PostgreSQL at ${location}: ${describe(err)}`, { cause: err });
  }
  return wrap(pool, 'postgres', location, poolSize, async () => {});
}

async function openPglite(dir: string): Promise<Database> {
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dir === 'memory://' ? undefined : dir);
  } catch (err) {
    throw new AppError('unavailable', `cannot open the embedded database in ${dir}: ${describe(err)}`, { cause: err });
  }
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  pool.on('error', () => {});
  return wrap(pool, 'pglite', dir, 1, () => pglite.close());
}

/**
 * Marks the work of `Kernel.transaction` (on a `guarded` database): while it runs, asking the
 * pool for another connection (through `k.db` instead of the transaction) is a mistake. On the
 * embedded database, which has one connection, it would wait forever; so it fails at once, saying so.
 */
export const transactionScope = new AsyncLocalStorage<true>();

export function guardPool(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { connect: (...args: unknown[]) => unknown }).connect = (...args: unknown[]) => {
    if (transactionScope.getStore()) {
      const err = new Error('a query used k.db inside k.transaction: use the transaction it was given (the embedded database has one connection and would wait forever)');
      const cb = args[0];
      if (typeof cb === 'function') return (cb as (e: Error) => void)(err);
      return Promise.reject(err);
    }
    return connect(...args);
  };
}

/** Whether a database of this kind guards its transactions (`Database.guarded`). */
function guardsTransactions(driver: Driver): boolean {
  return driver === 'pglite' || process.env.NODE_ENV === 'test';
}

function wrap(pool: pg.Pool, driver: Driver, location: string, poolMax: number, closeDriver: () => Promise<void>): Database {
  const guarded = guardsTransactions(driver);
  if (guarded) guardPool(pool);
  const db = new Kysely<CoreTables>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    driver,
    location,
    pool,
    poolMax,
    guarded,
    async ping(timeoutMs = 2000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([sql`select 1`.execute(db), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy().catch(() => {});
      await closeDriver();
    },
  };
}

/** A URL with its password replaced by `***`, fit for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable database URL)';
  }
}

function describe(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length) return describe(err.errors[0]);
  return err instanceof Error ? err.message || (err as NodeJS.ErrnoException).code || err.name : String(err);
}
