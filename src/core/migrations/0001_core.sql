-- citywork core: cities, accounts, sessions, tokens, audit, outbox, scheduler, packs.
-- Every table carries city_code: the tenancy and (under Citus) distribution key.

create table core_cities (
  city_code   text primary key,
  name_zh     text not null,
  name_en     text not null,
  timezone    text not null default 'Asia/Shanghai',
  manifest    jsonb not null default '{}'::jsonb,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);

create table core_users (
  id             text primary key,
  city_code      text not null,
  username       text not null unique,
  display_name   text not null,
  password_hash  text not null,
  roles          text[] not null,
  org_id         text,
  jurisdiction   text[] not null default '{}',
  disabled_at    timestamptz,
  failed_logins  integer not null default 0,
  locked_until   timestamptz,
  last_login_at  timestamptz,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now()
);
create index core_users_city on core_users (city_code);

create table core_sessions (
  id           text primary key,
  city_code    text not null,
  user_id      text not null references core_users (id),
  csrf_token   text not null,
  ip           text,
  user_agent   text,
  created_at   timestamptz not null default now(),
  expires_at   timestamptz not null,
  revoked_at   timestamptz
);
create index core_sessions_user on core_sessions (user_id);

create table core_api_tokens (
  id            text primary key,
  city_code     text not null,
  kind          text not null check (kind in ('api', 'open311')),
  name          text not null,
  user_id       text references core_users (id),
  token_hash    text not null unique,
  token_hint    text not null,
  roles         text[] not null default '{}',
  created_by    text,
  created_at    timestamptz not null default now(),
  expires_at    timestamptz,
  last_used_at  timestamptz,
  revoked_at    timestamptz
);

create table core_login_attempts (
  id        bigserial primary key,
  city_code text not null,
  ip        text not null,
  username  text not null,
  ok        boolean not null,
  at        timestamptz not null default now()
);
create index core_login_attempts_ip_at on core_login_attempts (ip, at);

create table core_audit (
  id             bigserial primary key,
  city_code      text not null,
  at             timestamptz not null default now(),
  actor_id       text,
  actor_label    text not null,
  action         text not null,
  resource_type  text not null,
  resource_id    text,
  before         jsonb,
  after          jsonb,
  ip             text,
  request_id     text
);
create index core_audit_resource on core_audit (resource_type, resource_id);
create index core_audit_at on core_audit (city_code, at);

create table core_outbox (
  id          bigserial primary key,
  city_code   text not null,
  topic       text not null,
  payload     jsonb not null,
  created_at  timestamptz not null default now(),
  done_at     timestamptz
);
create index core_outbox_pending on core_outbox (id) where done_at is null;

create table core_outbox_deliveries (
  subscriber    text not null,
  event_id      bigint not null references core_outbox (id),
  status        text not null default 'done' check (status in ('done', 'dead')),
  delivered_at  timestamptz not null default now(),
  primary key (subscriber, event_id)
);

create table core_outbox_failures (
  subscriber       text not null,
  event_id         bigint not null references core_outbox (id),
  attempts         integer not null,
  last_error       text not null,
  next_attempt_at  timestamptz not null,
  primary key (subscriber, event_id)
);

create table core_jobs (
  name              text primary key,
  last_started_at   timestamptz,
  last_finished_at  timestamptz,
  last_status       text,
  last_error        text,
  runs              integer not null default 0
);

create table core_pack_imports (
  id           text primary key,
  city_code    text not null,
  pack_name    text not null,
  version      text not null,
  digest       text not null,
  summary      jsonb not null,
  actor_label  text not null,
  imported_at  timestamptz not null default now()
);
