-- monitoring: each city's rules (its lifelines pack), the rule engine's saved state, alarms
-- with their full history, and the hotline cases alarms open (issue 7).

-- The parsed `lifelines/rules.json` of a city: every copy of the service reads the same rules.
-- `version` moves only when the file's content changed, so a re-import of the same pack is a no-op.
create table monitoring_rule_packs (
  city_code    text primary key,
  rules        jsonb not null,
  digest       text not null,
  version      integer not null default 1,
  imported_at  timestamptz not null default now()
);

-- The rule engine's state per (asset, rule), plain JSON, written every few seconds and at stop:
-- a crash loses at most those seconds of window state (the readings themselves are kept).
create table monitoring_rule_state (
  city_code  text not null,
  asset_id   text not null,
  rule_id    text not null,
  state      jsonb not null,
  saved_at   timestamptz not null default now(),
  primary key (city_code, asset_id, rule_id)
);

create table monitoring_alarms (
  city_code           text not null,
  id                  text not null,
  asset_id            text not null,
  alarm_type          text not null,
  state               text not null check (state in ('ACTIVE_UNACK', 'ACTIVE_ACK', 'CLEARED_UNACK', 'CLEARED_ACK')),
  severity            text not null check (severity in ('critical', 'major', 'minor', 'warning')),
  -- 3 critical … 0 warning, for "most severe first".
  severity_rank       smallint generated always as (case severity when 'critical' then 3 when 'major' then 2 when 'minor' then 1 else 0 end) stored,
  rule_severity       text not null,
  escalations         integer not null default 0,
  last_escalated_at   timestamptz,
  -- When the escalation job should look at it next (null: never, e.g. acknowledged).
  next_escalation_at  timestamptz,
  count               integer not null,
  value               double precision not null,
  peak                jsonb not null,
  details             jsonb not null,
  start_ts            timestamptz not null,
  last_ts             timestamptz not null,
  end_ts              timestamptz,
  created_at          timestamptz not null,
  updated_at          timestamptz not null,
  acknowledged_at     timestamptz,
  acknowledged_by     text,
  cleared_at          timestamptz,
  cleared_by          text,
  clear_reason        text,
  assignee_kind       text check (assignee_kind in ('user', 'org')),
  assignee_id         text,
  case_id             text,
  case_closed_at      timestamptz,
  case_closing_note   text,
  -- The asset as it was when the alarm was raised: lists filter, place and scope by these
  -- without a join (an alarm stays where it happened, even if the asset moves later).
  asset_type          text not null,
  asset_name          text not null,
  asset_name_en       text,
  region_code         text,
  lon                 double precision not null,
  lat                 double precision not null,
  row_version         integer not null default 1,
  primary key (city_code, id),
  check ((assignee_kind is null) = (assignee_id is null))
);
-- One active alarm per (asset, alarm type): a second raise updates it.
create unique index monitoring_alarms_one_active on monitoring_alarms (city_code, asset_id, alarm_type) where state in ('ACTIVE_UNACK', 'ACTIVE_ACK');
create index monitoring_alarms_newest on monitoring_alarms (city_code, created_at desc, id desc);
create index monitoring_alarms_severe on monitoring_alarms (city_code, severity_rank desc, created_at desc, id desc);
create index monitoring_alarms_region on monitoring_alarms (city_code, region_code text_pattern_ops);
-- "Changed since": the console's live list polls with it.
create index monitoring_alarms_changed on monitoring_alarms (city_code, updated_at);
create index monitoring_alarms_asset on monitoring_alarms (city_code, asset_id);
create index monitoring_alarms_escalation on monitoring_alarms (next_escalation_at) where next_escalation_at is not null;
create index monitoring_alarms_case on monitoring_alarms (city_code, case_id) where case_id is not null;

-- Every change of an alarm, one row each, append-only: who did what, when, why, from which
-- state to which; a comment's text is on its row. Lists and audits read it directly.
create table monitoring_alarm_history (
  id                 bigint generated always as identity primary key,
  city_code          text not null,
  alarm_id           text not null,
  at                 timestamptz not null,
  actor              text not null,
  action             text not null,
  from_state         text,
  to_state           text not null,
  severity           text,
  previous_severity  text,
  reason             text,
  comment            text,
  assignee           jsonb,
  case_id            text,
  foreign key (city_code, alarm_id) references monitoring_alarms (city_code, id)
);
create index monitoring_alarm_history_alarm on monitoring_alarm_history (city_code, alarm_id, id);
create index monitoring_alarm_history_actor on monitoring_alarm_history (city_code, actor, at);

-- The hotline case an alarm asked for, filed outside the transaction that decided it (the
-- hotline's intake has its own): the draft is kept as it was decided, so every attempt files
-- the same request under the same Idempotency-Key and one case results.
create table monitoring_alarm_cases (
  city_code        text not null,
  alarm_id         text not null,
  draft            jsonb not null,
  status           text not null default 'pending' check (status in ('pending', 'filed', 'failed')),
  attempts         integer not null default 0,
  next_attempt_at  timestamptz not null,
  last_error       text,
  case_id          text,
  case_number      text,
  requested_at     timestamptz not null,
  filed_at         timestamptz,
  primary key (city_code, alarm_id),
  foreign key (city_code, alarm_id) references monitoring_alarms (city_code, id)
);
create index monitoring_alarm_cases_due on monitoring_alarm_cases (next_attempt_at) where status = 'pending';
