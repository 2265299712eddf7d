-- citywork hotline (12345, 接诉即办): the city's catalog (categories, dispatch rules,
-- deadline policy, working calendar), the knowledge base, and the cases with their timeline.
-- Every table carries city_code (tenancy, and the Citus distribution key).

create table hotline_categories (
  city_code    text not null,
  code         text not null,
  parent       text,
  level        smallint not null check (level between 1 and 3),
  name         text not null,
  name_en      text not null,
  keywords     text[] not null default '{}',
  tier         text,
  description  text,
  attributes   jsonb not null default '[]'::jsonb,
  active       boolean not null default true,
  updated_at   timestamptz not null default now(),
  primary key (city_code, code)
);

create table hotline_dispatch_rules (
  city_code  text not null,
  id         integer not null,
  category   text not null,
  region     text not null,
  target     text not null,
  note       text,
  primary key (city_code, id)
);

-- The city's hotline settings as documents: the deadline policy, the working calendar,
-- the dispatch fallback and the transfer targets.
create table hotline_settings (
  city_code         text primary key,
  deadlines         jsonb not null,
  calendar          jsonb not null,
  dispatch_fallback jsonb not null,
  transfer_targets  jsonb not null default '[]'::jsonb,
  auto_dispatch     boolean not null default true,
  updated_at        timestamptz not null default now()
);

create table hotline_kb_articles (
  city_code    text not null,
  code         text not null,
  version      integer not null,
  title        text not null,
  body         text not null,
  category     text,
  keywords     text[] not null default '{}',
  source       text,
  valid_from   date,
  status       text not null default 'published' check (status in ('published', 'retired')),
  updated_by   text not null,
  updated_at   timestamptz not null default now(),
  primary key (city_code, code)
);

create table hotline_kb_versions (
  city_code    text not null,
  code         text not null,
  version      integer not null,
  title        text not null,
  body         text not null,
  category     text,
  keywords     text[] not null default '{}',
  source       text,
  valid_from   date,
  status       text not null,
  note         text,
  edited_by    text not null,
  edited_at    timestamptz not null default now(),
  primary key (city_code, code, version)
);

-- Work-order numbers: one counter per city and day (Asia/Shanghai date).
create table hotline_counters (
  city_code  text not null,
  day        text not null,
  n          integer not null,
  primary key (city_code, day)
);

create table hotline_cases (
  id                    text primary key,
  city_code             text not null,
  number                text not null,
  channel               text not null,
  kind                  text not null,
  category_code         text,
  title                 text,
  description           text not null,
  urgency               text not null,
  attributes            jsonb not null default '{}'::jsonb,
  -- where
  lon                   double precision,
  lat                   double precision,
  address               text,
  region_code           text,
  location_source       text not null,
  -- who (sealed with the PII keys; masks for display; a keyed hash finds earlier cases)
  citizen_name          text,
  citizen_phone         text,
  citizen_email         text,
  citizen_name_masked   text,
  citizen_phone_masked  text,
  citizen_phone_hash    text,
  citizen_user_id       text,
  confidential          boolean not null default false,
  pii_erased_at         timestamptz,
  -- workflow
  status                text not null,
  org_code              text,
  org_history           text[] not null default '{}',
  proposed_org          text,
  proposed_reason       text,
  proposed_rule         integer,
  dispute_rejected      boolean not null default false,
  pending               jsonb,
  tier                  text not null,
  response_due_at       timestamptz,
  response_warn_at      timestamptz,
  handling_due_at       timestamptz,
  handling_warn_at      timestamptz,
  callback_due_at       timestamptz,
  callback_warn_at      timestamptz,
  warned                text[] not null default '{}',
  overdue               text[] not null default '{}',
  paused_at             timestamptz,
  extensions            integer not null default 0,
  redo_count            integer not null default 0,
  reopen_count          integer not null default 0,
  callback_attempts     integer not null default 0,
  kb_code               text,
  kb_version            integer,
  reply                 text,
  resolved              boolean,
  satisfaction          text,
  merged_into           text,
  transfer_target       text,
  open311_token         text,
  media_url             text,
  received_at           timestamptz not null,
  dispatched_at         timestamptz,
  accepted_at           timestamptz,
  replied_at            timestamptz,
  closed_at             timestamptz,
  updated_at            timestamptz not null,
  row_version           integer not null default 1
);
create unique index hotline_cases_number on hotline_cases (city_code, number);
create unique index hotline_cases_token on hotline_cases (open311_token) where open311_token is not null;
create index hotline_cases_status on hotline_cases (city_code, status, id);
create index hotline_cases_org on hotline_cases (city_code, org_code, status);
create index hotline_cases_region on hotline_cases (city_code, region_code text_pattern_ops);
create index hotline_cases_received on hotline_cases (city_code, received_at);
create index hotline_cases_updated on hotline_cases (city_code, updated_at);
create index hotline_cases_phone on hotline_cases (city_code, citizen_phone_hash) where citizen_phone_hash is not null;
create index hotline_cases_citizen on hotline_cases (city_code, citizen_user_id) where citizen_user_id is not null;
create index hotline_cases_merged on hotline_cases (merged_into) where merged_into is not null;
create index hotline_cases_warn on hotline_cases (city_code, status, response_warn_at, handling_warn_at, callback_warn_at);

-- The timeline: every step of a case, who took it, from which status to which.
create table hotline_case_events (
  id           bigserial primary key,
  city_code    text not null,
  case_id      text not null references hotline_cases (id),
  at           timestamptz not null,
  action       text not null,
  from_status  text,
  to_status    text,
  actor_id     text,
  actor_label  text not null,
  org_code     text,
  note         text,
  data         jsonb not null default '{}'::jsonb
);
create index hotline_case_events_case on hotline_case_events (case_id, id);

-- Every dispatch: what the catalog proposed and what a person chose. Overrides are what
-- the classifier of the next issue learns from.
create table hotline_dispatches (
  id               bigserial primary key,
  city_code        text not null,
  case_id          text not null references hotline_cases (id),
  at               timestamptz not null,
  category_code    text,
  region_code      text,
  proposed_org     text,
  proposed_rule    integer,
  proposed_reason  text,
  chosen_org       text not null,
  overridden       boolean not null,
  reason           text,
  by_person        boolean not null,
  actor_label      text not null
);
create index hotline_dispatches_case on hotline_dispatches (case_id);
create index hotline_dispatches_city_at on hotline_dispatches (city_code, at);

create table hotline_attachments (
  id            text primary key,
  city_code     text not null,
  case_id       text not null references hotline_cases (id),
  url           text not null,
  name          text not null,
  content_type  text not null,
  size          bigint,
  sha256        text,
  stored        boolean not null,
  created_by    text not null,
  created_at    timestamptz not null default now()
);
create index hotline_attachments_case on hotline_attachments (case_id);
