import { sql, type Kysely } from 'kysely';
import type { CoreTables } from '../../../core/db/tables.js';
import type { DailyAqi } from '../air/daily-aqi.js';
import { airDb } from './air-tables.js';

/** A scope's day as stored: the daily AQI and how many stations it rests on. */
export interface StoredDay extends DailyAqi {
  stations: number;
}

/** The scope a row belongs to: a station (its asset id) or a region (its 12-digit code). */
export interface Scope {
  kind: 'station' | 'region';
  id: string;
}

const detailKeys = ['missing', 'concentrations', 'indexed', 'hours', 'refused', 'o3ValidWindows', 'exceeding', 'iaqi'] as const;

/** Writes days of scopes (upsert on city, scope and day), 500 rows a statement. */
export async function upsertDays(db: Kysely<CoreTables>, cityCode: string, rows: { scope: Scope; day: DailyAqi; stations: number }[], now: Date): Promise<number> {
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows.slice(i, i + 500).map(({ scope, day: d, stations }) => ({
      city_code: cityCode,
      scope: scope.id,
      scope_kind: scope.kind,
      day: d.date,
      standard: d.standard,
      valid: d.valid,
      aqi: d.aqi,
      level: d.level,
      category: d.category,
      primary_pollutants: d.primary,
      pm25_ugm3: d.concentrations.pm25_24h,
      stations,
      detail: JSON.stringify(Object.fromEntries(detailKeys.map((key) => [key, d[key]]))),
      computed_at: now,
    }));
    await airDb(db)
      .insertInto('environment_air_daily')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['city_code', 'scope', 'day']).doUpdateSet((eb) => ({
          scope_kind: eb.ref('excluded.scope_kind'),
          standard: eb.ref('excluded.standard'),
          valid: eb.ref('excluded.valid'),
          aqi: eb.ref('excluded.aqi'),
          level: eb.ref('excluded.level'),
          category: eb.ref('excluded.category'),
          primary_pollutants: eb.ref('excluded.primary_pollutants'),
          pm25_ugm3: eb.ref('excluded.pm25_ugm3'),
          stations: eb.ref('excluded.stations'),
          detail: eb.ref('excluded.detail'),
          computed_at: eb.ref('excluded.computed_at'),
        })),
      )
      .execute();
  }
  return rows.length;
}

/** A scope's stored days in [from, to] (local days, inclusive), oldest first. */
export async function readDays(db: Kysely<CoreTables>, cityCode: string, scope: string, from: string, to: string): Promise<StoredDay[]> {
  const rows = await airDb(db)
    .selectFrom('environment_air_daily')
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('date'), 'standard', 'valid', 'aqi', 'level', 'category', 'primary_pollutants', 'stations', 'detail'])
    .where('city_code', '=', cityCode)
    .where('scope', '=', scope)
    .where('day', '>=', sql<Date>`${from}::date`)
    .where('day', '<=', sql<Date>`${to}::date`)
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ date: r.date, standard: r.standard as DailyAqi['standard'], valid: r.valid, aqi: r.aqi, level: r.level, category: r.category, primary: r.primary_pollutants, stations: r.stations, ...(r.detail as Pick<DailyAqi, (typeof detailKeys)[number]>) }));
}

/** The first and last stored day and the count of days of every scope of a city. */
export async function scopeSpans(db: Kysely<CoreTables>, cityCode: string): Promise<Map<string, { first: string; last: string; days: number; validDays: number }>> {
  const rows = await airDb(db)
    .selectFrom('environment_air_daily')
    .select(['scope', sql<string>`to_char(min(day), 'YYYY-MM-DD')`.as('first'), sql<string>`to_char(max(day), 'YYYY-MM-DD')`.as('last'), sql<number>`count(*)::int`.as('days'), sql<number>`count(*) filter (where valid)::int`.as('valid_days')])
    .where('city_code', '=', cityCode)
    .groupBy('scope')
    .execute();
  return new Map(rows.map((r) => [r.scope, { first: r.first, last: r.last, days: r.days, validDays: r.valid_days }]));
}
