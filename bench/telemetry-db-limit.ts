// The database's own limit for the telemetry ingest's writes, in the same run: batches of
// messages inserted as the ingest inserts them — a row per device and time holding the
// message's readings as two arrays, one multi-row insert from flat arrays sliced per row,
// idempotent on (device, ts), in autocommit — from two connections (the ingest's two writers),
// with nothing else. Then, for the record, the layout before migration 0004: a row per reading,
// idempotent on (series, ts). Tables of the same shape as the ingest's, in the bench's own database.
import pg from 'pg';

export interface DbLimit {
  mode: 'rows per message' | 'row per reading';
  readingsPerS: number;
  /** Readings per batch. */
  batch: number;
  readingsPerRow: number;
  connections: number;
  seconds: number;
}

const arr = (xs: readonly number[]) => `{${xs.join(',')}}`;

/** Measures both layouts for `seconds` each over `devices` devices of `perMessage` readings, batches of `batch` readings. */
export async function measureDbLimit(url: string, { seconds = 15, batch = 20_000, devices = 10_000, perMessage = 10, connections = 2 } = {}): Promise<DbLimit[]> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  try {
    await setup.query(`create table bench_rows (city_code text not null, device_num integer not null, ts timestamptz not null, series integer[] not null, vals double precision[] not null,
        primary key (city_code, device_num, ts), check (cardinality(series) = cardinality(vals))) partition by range (ts);
      create table bench_rows_all partition of bench_rows for values from ('2000-01-01') to ('2100-01-01');
      create table bench_readings (city_code text not null, series_id integer not null, ts timestamptz not null, value double precision not null, primary key (city_code, series_id, ts)) partition by range (ts);
      create table bench_readings_all partition of bench_readings for values from ('2000-01-01') to ('2100-01-01');`);
    const out: DbLimit[] = [];
    let clock = Date.now();
    let next = 0;
    const messages = Math.round(batch / perMessage);
    for (const mode of ['rows per message', 'row per reading'] as const) {
      const clients = await Promise.all(
        Array.from({ length: connections }, async () => {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          return c;
        }),
      );
      let readings = 0;
      const started = performance.now();
      const until = started + seconds * 1000;
      await Promise.all(
        clients.map(async (c) => {
          while (performance.now() < until) {
            const ts = clock++;
            const device = Array.from({ length: messages }, (_, i) => ((next + i) % devices) + 1);
            next += messages;
            const series = device.flatMap((d) => Array.from({ length: perMessage }, (_, j) => d * perMessage + j));
            const values = series.map((s) => (s % 1000) / 10);
            if (mode === 'rows per message') {
              await c.query(
                `insert into bench_rows (city_code, device_num, ts, series, vals)
                 select '110000', u.d, to_timestamp(u.t / 1000.0), ($5::int[])[u.a : u.a + u.n - 1], ($6::float8[])[u.a : u.a + u.n - 1]
                   from unnest($1::int[], $2::float8[], $3::int[], $4::int[]) as u(d, t, a, n)
                 on conflict do nothing returning cardinality(series) as n`,
                [arr(device), arr(device.map(() => ts)), arr(device.map((_, i) => i * perMessage + 1)), arr(device.map(() => perMessage)), arr(series), arr(values)],
              );
            } else {
              await c.query(
                `insert into bench_readings (city_code, series_id, ts, value) select '110000', u.s, to_timestamp(u.t / 1000.0), u.v
                   from unnest($1::int[], $2::float8[], $3::float8[]) as u(s, t, v) on conflict do nothing`,
                [arr(series), arr(series.map(() => ts)), arr(values)],
              );
            }
            readings += series.length;
          }
        }),
      );
      await Promise.all(clients.map((c) => c.end()));
      out.push({ mode, readingsPerS: Math.round(readings / ((performance.now() - started) / 1000)), batch, readingsPerRow: mode === 'rows per message' ? perMessage : 1, connections, seconds });
    }
    return out;
  } finally {
    await setup.query('drop table if exists bench_rows, bench_readings').catch(() => {});
    await setup.end();
  }
}
