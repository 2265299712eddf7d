import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type JsonDefault<T> = ColumnType<T, string | undefined, string>;
type Arr = ColumnType<string[], string[] | undefined, string[]>;

/** The monitoring module's tables, as Kysely sees them. */
export type MonitoringTables = {
  monitoring_asset_types: {
    city_code: string;
    code: string;
    name: string;
    name_en: string;
    geometry_kind: Generated<'point' | 'line' | 'polygon'>;
    metrics: Arr;
    description: string | null;
    updated_at: Ts;
  };
  monitoring_metrics: {
    city_code: string;
    name: string;
    unit: string;
    unit_aliases: Arr;
    min_value: number;
    max_value: number;
    name_zh: string;
    name_en: string;
    description: string | null;
    updated_at: Ts;
  };
  monitoring_assets: {
    city_code: string;
    id: string;
    code: string | null;
    type: string;
    name: string;
    name_en: string | null;
    lon: number;
    lat: number;
    geometry: ColumnType<GeoJSON.Geometry | null, string | null | undefined, string | null>;
    bbox_west: number;
    bbox_south: number;
    bbox_east: number;
    bbox_north: number;
    region_code: string | null;
    properties: JsonDefault<Record<string, unknown>>;
    simulated: Generated<boolean>;
    version: Generated<number>;
    created_at: Ts;
    updated_at: Ts;
  };
  monitoring_devices: {
    city_code: string;
    id: string;
    asset_id: string;
    model: string | null;
    metrics: string[];
    properties: JsonDefault<Record<string, unknown>>;
    active: Generated<boolean>;
    simulated: Generated<boolean>;
    created_at: Ts;
    updated_at: Ts;
  };
  monitoring_series: {
    id: Generated<number>;
    city_code: string;
    device_id: string;
    metric: string;
    created_at: Ts;
  };
  monitoring_readings: { city_code: string; series_id: number; ts: Ts; value: number };
  monitoring_latest: { city_code: string; series_id: number; ts: Ts; value: number };
  monitoring_rollups_hourly: { city_code: string; series_id: number; hour: Ts; min_value: number; max_value: number; sum_value: number; count: number };
  monitoring_rollup_dirty: { city_code: string; hour: Ts; version: Generated<number> };
  monitoring_quarantine: {
    id: Generated<number>;
    city_code: string;
    ref: string;
    received_at: Ts;
    source: 'mqtt' | 'http';
    topic: string | null;
    device_id: string | null;
    metric: string | null;
    reason: string;
    detail: string;
    reading: Json<unknown> | null;
    payload: string;
  };
  monitoring_versions: { city_code: string; version: number; updated_at: Ts };
};
