// A database of its own on the benchmark's PostgreSQL server, dropped afterwards.
import pg from 'pg';

/** The server benchmarks use: BENCH_DATABASE_URL, else TEST_DATABASE_URL; undefined when neither is set. */
export const benchPostgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

/** Creates a fresh database on `serverUrl`, hands its URL to `fn`, and drops it whatever happens. */
export async function withFreshPostgres<T>(serverUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `citywork_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  try {
    return await fn(u.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
