// The database's own limit for the telemetry ingest's writes, in the same run: batches of
// readings inserted as the ingest inserts them (one multi-row insert from arrays, idempotent on
// (series, ts), one transaction each) from two connections (the ingest's two writers), with
// nothing else — then the same with the latest value of each series upserted after each batch,
// as the ingest kept it until the latest values were read from the readings (migration 0003):
// what that design cost, for the record. Tables of the same shape as the ingest's, in the bench's own database.
import pg from 'pg';

export interface DbLimit {
  mode: 'readings' | 'readings+latest';
  readingsPerS: number;
  batch: number;
  connections: number;
  seconds: number;
}

const arr = (xs: readonly number[]) => `{${xs.join(',')}}`;

/** Measures both modes for `seconds` each over `series` series, batches of `batch` readings. */
export async function measureDbLimit(url: string, { seconds = 15, batch = 20_000, series = 100_000, connections = 2 } = {}): Promise<DbLimit[]> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  try {
    await setup.query(`create table bench_readings (city_code text not null, series_id integer not null, ts timestamptz not null, value double precision not null, primary key (city_code, series_id, ts)) partition by range (ts);
      create table bench_readings_all partition of bench_readings for values from ('2000-01-01') to ('2100-01-01');
      create table bench_latest (city_code text not null, series_id integer not null, ts timestamptz not null, value double precision not null, primary key (city_code, series_id));`);
    const out: DbLimit[] = [];
    let clock = Date.now();
    let next = 0;
    for (const mode of ['readings', 'readings+latest'] as const) {
      const clients = await Promise.all(
        Array.from({ length: connections }, async () => {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          return c;
        }),
      );
      let rows = 0;
      const started = performance.now();
      const until = started + seconds * 1000;
      await Promise.all(
        clients.map(async (c) => {
          while (performance.now() < until) {
            const ts = clock++;
            const ids = Array.from({ length: batch }, (_, i) => ((next + i) % series) + 1);
            next += batch;
            const times = ids.map(() => ts);
            await c.query('begin');
            await c.query(
              `insert into bench_readings (city_code, series_id, ts, value) select '110000', u.s, to_timestamp(u.t / 1000.0), u.v
                 from unnest($1::int[], $2::float8[], $3::float8[]) as u(s, t, v) on conflict do nothing`,
              [arr(ids), arr(times), arr(ids.map((i) => (i % 1000) / 10))],
            );
            await c.query('commit');
            if (mode === 'readings+latest') {
              const sorted = [...ids].sort((a, b) => a - b);
              await c.query('begin');
              await c.query(
                `insert into bench_latest (city_code, series_id, ts, value) select '110000', u.s, to_timestamp(u.t / 1000.0), u.v
                   from unnest($1::int[], $2::float8[], $3::float8[]) as u(s, t, v)
                 on conflict (city_code, series_id) do update set ts = excluded.ts, value = excluded.value where bench_latest.ts < excluded.ts`,
                [arr(sorted), arr(times), arr(sorted.map((i) => (i % 1000) / 10))],
              );
              await c.query('commit');
            }
            rows += batch;
          }
        }),
      );
      await Promise.all(clients.map((c) => c.end()));
      out.push({ mode, readingsPerS: Math.round(rows / ((performance.now() - started) / 1000)), batch, connections, seconds });
    }
    return out;
  } finally {
    await setup.query('drop table if exists bench_readings, bench_latest').catch(() => {});
    await setup.end();
  }
}
