import type { ColumnType, Generated } from 'kysely';
import type { NotifyTables } from '../notify.js';

/** A timestamp column: read as Date, written as Date or ISO string, with a default. */
type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string, string>;

/** The core's tables, as Kysely sees them; each module declares its own alongside. */
export interface CoreTables extends NotifyTables {
  core_cities: {
    city_code: string;
    name_zh: string;
    name_en: string;
    timezone: Generated<string>;
    manifest: Json<Record<string, unknown>>;
    created_at: Ts;
    updated_at: Ts;
  };
  core_users: {
    id: string;
    city_code: string;
    username: string;
    display_name: string;
    password_hash: string;
    roles: string[];
    org_id: string | null;
    jurisdiction: ColumnType<string[], string[] | undefined, string[]>;
    disabled_at: TsNull;
    failed_logins: Generated<number>;
    locked_until: TsNull;
    last_login_at: TsNull;
    created_at: Ts;
    updated_at: Ts;
  };
  core_sessions: {
    id: string;
    city_code: string;
    user_id: string;
    csrf_token: string;
    ip: string | null;
    user_agent: string | null;
    created_at: Ts;
    expires_at: Ts;
    revoked_at: TsNull;
  };
  core_api_tokens: {
    id: string;
    city_code: string;
    kind: 'api' | 'open311';
    name: string;
    user_id: string | null;
    token_hash: string;
    token_hint: string;
    roles: ColumnType<string[], string[] | undefined, string[]>;
    created_by: string | null;
    created_at: Ts;
    expires_at: TsNull;
    last_used_at: TsNull;
    revoked_at: TsNull;
  };
  core_login_attempts: {
    id: Generated<number>;
    city_code: string;
    ip: string;
    username: string;
    ok: boolean;
    at: Ts;
  };
  core_audit: {
    id: Generated<number>;
    city_code: string;
    at: Ts;
    actor_id: string | null;
    actor_label: string;
    action: string;
    resource_type: string;
    resource_id: string | null;
    before: Json | null;
    after: Json | null;
    ip: string | null;
    request_id: string | null;
  };
  core_outbox: {
    id: Generated<number>;
    city_code: string;
    topic: string;
    payload: Json;
    created_at: Ts;
    done_at: TsNull;
  };
  core_outbox_deliveries: {
    subscriber: string;
    event_id: number;
    status: Generated<'done' | 'dead'>;
    delivered_at: Ts;
  };
  core_outbox_failures: {
    subscriber: string;
    event_id: number;
    attempts: number;
    last_error: string;
    next_attempt_at: Ts;
  };
  core_orgs: {
    city_code: string;
    code: string;
    name: string;
    name_en: string;
    kind: 'dispatch_centre' | 'department' | 'street' | 'enterprise';
    region_code: string;
    jurisdiction: ColumnType<string[], string[] | undefined, string[]>;
    supervisor: string | null;
    phone: string | null;
    active: Generated<boolean>;
    created_at: Ts;
    updated_at: Ts;
  };
  core_idempotency: {
    city_code: string;
    scope: string;
    key: string;
    actor_id: string;
    request_hash: string;
    status_code: number;
    response: Json<unknown>;
    created_at: Ts;
  };
  core_jobs: {
    name: string;
    last_started_at: TsNull;
    last_finished_at: TsNull;
    last_status: string | null;
    last_error: string | null;
    runs: Generated<number>;
  };
  core_pack_imports: {
    id: string;
    city_code: string;
    pack_name: string;
    version: string;
    digest: string;
    summary: Json;
    actor_label: string;
    imported_at: Ts;
  };
}
