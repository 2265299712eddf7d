import type { ColumnType, Generated } from 'kysely';
import type { IndicatorDefinition, CompositeSettings } from './indicator-schema.js';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type DateCol = ColumnType<string | null, string | null | undefined, string | null>;

/** The checkup's tables, as Kysely sees them. */
export type CheckupTables = {
  checkup_settings: { city_code: string; near_pct: number; composite: Json<CompositeSettings>; source: string; updated_at: Ts };
  checkup_indicators: { city_code: string; code: string; task: string; level: string; kind: string; definition: Json<IndicatorDefinition>; standard_version: number | null; position: number; active: Generated<boolean>; updated_at: Ts };
  checkup_standards: {
    city_code: string;
    code: string;
    version: number;
    target: number | null;
    lower_bound: number | null;
    upper_bound: number | null;
    tier: string;
    document: string;
    verified: boolean;
    note: string | null;
    reason: string | null;
    changed_by: string;
    valid_from: Ts;
  };
  checkup_imports: { id: string; city_code: string; file_name: string | null; format: string; rows: number; applied: number; errors: Json<unknown[]>; actor_label: string; created_at: Ts };
  checkup_values: {
    city_code: string;
    code: string;
    region_code: string;
    year: number;
    value: number;
    origin: 'pack' | 'import' | 'computed';
    source: string;
    sample: Generated<boolean>;
    provider: string | null;
    coverage: number | null;
    import_id: string | null;
    updated_at: Ts;
  };
  checkup_problems: { id: string; city_code: string; code: string; region_code: string; year: number; object_type: string; object_id: string; object_name: string; detail: string | null; created_at: Ts };
  checkup_projects: {
    id: string;
    city_code: string;
    name: string;
    region_code: string;
    status: 'planned' | 'in_progress' | 'done' | 'cancelled';
    percent: number;
    start_date: DateCol;
    due_date: DateCol;
    finished_on: DateCol;
    note: string | null;
    created_by: string;
    created_at: Ts;
    updated_at: Ts;
  };
  checkup_project_problems: { project_id: string; problem_id: string };
  checkup_evaluations: { id: string; city_code: string; region_code: string; year: number; near_pct: number; result: Json<unknown>; actor_label: string; created_at: Ts };
};
