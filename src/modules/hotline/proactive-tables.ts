import type { ColumnType } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type Arr = ColumnType<string[], string[], string[]>;

/** The tables of proactive governance (未诉先办), as Kysely sees them. */
export type ProactiveTables = {
  hotline_proactive_settings: { city_code: string; settings: ColumnType<unknown, string, string>; updated_at: Ts };
  hotline_proactive_tasks: {
    id: string;
    city_code: string;
    category_code: string;
    lon: number;
    lat: number;
    radius_m: number;
    region_code: string | null;
    org_code: string | null;
    place_key: string;
    evidence_case_ids: Arr;
    status: ColumnType<'open' | 'done' | 'dismissed', 'open' | 'done' | 'dismissed' | undefined, 'open' | 'done' | 'dismissed'>;
    note: string | null;
    closed_by: string | null;
    created_at: Ts;
    updated_at: Ts;
  };
};
