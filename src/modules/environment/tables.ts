import type { ColumnType, Kysely, Transaction } from 'kysely';
import type { CoreTables } from '../../core/db/tables.js';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type Arr = ColumnType<string[], string[] | undefined, string[]>;

/** The environment module's tables, as Kysely sees them. */
export type EnvironmentTables = {
  environment_zones: {
    city_code: string;
    id: string;
    name: string;
    name_en: string | null;
    level: 'I' | 'II' | 'quasi';
    source_code: string;
    source_name: string;
    source_name_en: string | null;
    source_kind: 'river' | 'lake' | 'reservoir' | 'groundwater';
    area_kind: 'water' | 'land' | 'both';
    region_codes: Arr;
    geometry: Json<GeoJSON.Polygon | GeoJSON.MultiPolygon>;
    bbox_west: number;
    bbox_south: number;
    bbox_east: number;
    bbox_north: number;
    sample: boolean;
    basis: string | null;
    approved_by: string | null;
    updated_at: Ts;
  };
  environment_zone_versions: { city_code: string; version: number; updated_at: Ts };
  environment_zone_flags: {
    city_code: string;
    id: string;
    subject_type: string;
    subject_id: string;
    zone_id: string;
    zone_name: string;
    level: string;
    source_code: string;
    lon: number;
    lat: number;
    region_code: string | null;
    event_id: ColumnType<number | null, number | null | undefined, number | null>;
    flagged_at: Ts;
  };
  environment_emission_factors: {
    city_code: string;
    code: string;
    from_year: number;
    name: string;
    name_en: string;
    kind: 'fuel' | 'electricity' | 'heat';
    activity_unit: string;
    t_co2_per_unit: number;
    derivation: Json<Record<string, unknown>>;
    verified: boolean;
    updated_at: Ts;
  };
  environment_activity: {
    city_code: string;
    region_code: string;
    year: number;
    sector: string;
    fuel: string;
    amount: number;
    unit: string;
    source: string | null;
    import_id: string;
    updated_at: Ts;
  };
  environment_parks: {
    city_code: string;
    id: string;
    name: string;
    name_en: string | null;
    geometry: Json<GeoJSON.Point | GeoJSON.Polygon | GeoJSON.MultiPolygon>;
    bbox_west: number;
    bbox_south: number;
    bbox_east: number;
    bbox_north: number;
    sample: boolean;
    source: string | null;
    updated_at: Ts;
  };
};

export type Db = Kysely<CoreTables> | Transaction<CoreTables>;

/** The database handle seen through the environment module's tables. */
export const edb = (db: Db) => db.withTables<EnvironmentTables>();
