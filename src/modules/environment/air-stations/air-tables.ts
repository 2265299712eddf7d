import type { ColumnType, Kysely, Transaction } from 'kysely';
import type { CoreTables } from '../../../core/db/tables.js';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;

/** The air stations' tables (migration 0002_air.sql), as Kysely sees them. */
export type AirTables = {
  environment_air_daily: {
    city_code: string;
    scope: string;
    scope_kind: 'station' | 'region';
    /** Written as `YYYY-MM-DD`; read it with `to_char` (a pg date comes back as a local-midnight Date). */
    day: ColumnType<Date, string, string>;
    standard: string;
    valid: boolean;
    aqi: number | null;
    level: number | null;
    category: string | null;
    primary_pollutants: ColumnType<string[], string[] | undefined, string[]>;
    pm25_ugm3: number | null;
    stations: ColumnType<number, number | undefined, number>;
    detail: ColumnType<Record<string, unknown>, string, string>;
    computed_at: Ts;
  };
};

/** The database handle seen through the air stations' tables. */
export const airDb = (db: Kysely<CoreTables> | Transaction<CoreTables>) => db.withTables<AirTables>();
