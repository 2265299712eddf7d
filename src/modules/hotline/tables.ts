import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;
type JsonNull<T> = ColumnType<T | null, string | null | undefined, string | null>;
type Arr = ColumnType<string[], string[] | undefined, string[]>;

/** The hotline's tables, as Kysely sees them. */
export type HotlineTables = {
  hotline_categories: {
    city_code: string;
    code: string;
    parent: string | null;
    level: number;
    name: string;
    name_en: string;
    keywords: Arr;
    tier: string | null;
    description: string | null;
    attributes: Json<unknown[]>;
    active: Generated<boolean>;
    updated_at: Ts;
  };
  hotline_dispatch_rules: { city_code: string; id: number; category: string; region: string; target: string; note: string | null };
  hotline_settings: {
    city_code: string;
    deadlines: Json<unknown>;
    calendar: Json<unknown>;
    dispatch_fallback: Json<{ withRegion: string; withoutRegion: string }>;
    transfer_targets: Json<{ code: string; name: string; nameEn: string; contact?: string }[]>;
    auto_dispatch: Generated<boolean>;
    updated_at: Ts;
  };
  hotline_kb_articles: {
    city_code: string;
    code: string;
    version: number;
    title: string;
    body: string;
    category: string | null;
    keywords: Arr;
    source: string | null;
    valid_from: ColumnType<Date | null, string | null | undefined, string | null>;
    status: 'published' | 'retired';
    updated_by: string;
    updated_at: Ts;
  };
  hotline_kb_versions: {
    city_code: string;
    code: string;
    version: number;
    title: string;
    body: string;
    category: string | null;
    keywords: Arr;
    source: string | null;
    valid_from: ColumnType<Date | null, string | null | undefined, string | null>;
    status: string;
    note: string | null;
    edited_by: string;
    edited_at: Ts;
  };
  hotline_counters: { city_code: string; day: string; n: number };
  hotline_cases: {
    id: string;
    city_code: string;
    number: string;
    channel: string;
    kind: string;
    category_code: string | null;
    title: string | null;
    description: string;
    urgency: string;
    attributes: Json<Record<string, unknown>>;
    lon: number | null;
    lat: number | null;
    address: string | null;
    region_code: string | null;
    location_source: string;
    citizen_name: string | null;
    citizen_phone: string | null;
    citizen_email: string | null;
    citizen_name_masked: string | null;
    citizen_phone_masked: string | null;
    citizen_phone_hash: string | null;
    citizen_user_id: string | null;
    confidential: boolean;
    pii_erased_at: TsNull;
    status: string;
    org_code: string | null;
    org_history: Arr;
    proposed_org: string | null;
    proposed_reason: string | null;
    proposed_rule: number | null;
    dispute_rejected: Generated<boolean>;
    pending: JsonNull<PendingRequest>;
    tier: string;
    response_due_at: TsNull;
    response_warn_at: TsNull;
    handling_due_at: TsNull;
    handling_warn_at: TsNull;
    callback_due_at: TsNull;
    callback_warn_at: TsNull;
    warned: Arr;
    overdue: Arr;
    paused_at: TsNull;
    extensions: Generated<number>;
    redo_count: Generated<number>;
    reopen_count: Generated<number>;
    callback_attempts: Generated<number>;
    kb_code: string | null;
    kb_version: number | null;
    reply: string | null;
    resolved: boolean | null;
    satisfaction: string | null;
    merged_into: string | null;
    transfer_target: string | null;
    open311_token: string | null;
    media_url: string | null;
    received_at: Ts;
    dispatched_at: TsNull;
    accepted_at: TsNull;
    replied_at: TsNull;
    closed_at: TsNull;
    updated_at: Ts;
    row_version: Generated<number>;
    /** What the classifier suggested at intake; null before it existed. */
    suggestions: JsonNull<StoredSuggestions>;
    /** The model version that made them (0: the taxonomy-only model). */
    model_version: ColumnType<number | null, number | null | undefined, number | null>;
  };
  hotline_case_events: {
    id: Generated<string>;
    city_code: string;
    case_id: string;
    at: Ts;
    action: string;
    from_status: string | null;
    to_status: string | null;
    actor_id: string | null;
    actor_label: string;
    org_code: string | null;
    note: string | null;
    data: Json<Record<string, unknown>>;
  };
  hotline_dispatches: {
    id: Generated<string>;
    city_code: string;
    case_id: string;
    at: Ts;
    category_code: string | null;
    region_code: string | null;
    proposed_org: string | null;
    proposed_rule: number | null;
    proposed_reason: string | null;
    chosen_org: string;
    overridden: boolean;
    reason: string | null;
    by_person: boolean;
    actor_label: string;
  };
  hotline_models: {
    city_code: string;
    version: number;
    created_at: Ts;
    created_by: string;
    trained_from: Json<Record<string, number>>;
    metrics: Json<Record<string, number | null>>;
    model: Json<unknown>;
    active: Generated<boolean>;
  };
  hotline_attachments: {
    id: string;
    city_code: string;
    case_id: string;
    url: string;
    name: string;
    content_type: string;
    size: number | null;
    sha256: string | null;
    stored: boolean;
    created_by: string;
    created_at: Ts;
  };
};

/** An extension (延期) or suspension (挂起) asked for by the office, awaiting its supervisor. */
export interface PendingRequest {
  type: 'extension' | 'suspension';
  requestedBy: string;
  requestedAt: string;
  reason: string;
  /** Extension: the new handling deadline asked for. */
  until?: string;
}

/** The classifier's suggestions as a case stores them (`hotline_cases.suggestions`). */
export interface StoredSuggestions {
  source: 'rule' | 'model' | 'none';
  modelVersion: number | null;
  top: { categoryCode: string; score: number; keyword?: string }[];
}
