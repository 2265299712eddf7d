import type { ColumnType } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

/** The regions module's tables, as Kysely sees them. */
export type RegionsTables = {
  regions_regions: {
    city_code: string;
    code: string;
    name: string;
    name_en: string | null;
    pinyin: string;
    initials: string;
    level: string;
    parent_code: string | null;
    geometry: Json<GeoJSON.Polygon | GeoJSON.MultiPolygon> | null;
    bbox_west: number | null;
    bbox_south: number | null;
    bbox_east: number | null;
    bbox_north: number | null;
    updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  };
  regions_attributes: { city_code: string; code: string; year: number; key: string; value: number; unit: string | null; source: string };
  regions_groups: { city_code: string; code: string; kind: 'cluster' | 'metro'; name: string; name_en: string | null; members: string[]; source: string };
  regions_gazetteer: { city_code: string; code: string; name: string };
  regions_versions: { city_code: string; version: number; updated_at: ColumnType<Date, Date | string | undefined, Date | string> };
};
