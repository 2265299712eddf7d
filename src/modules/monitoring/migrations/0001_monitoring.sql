-- monitoring: assets and the devices on them, their telemetry, and what was refused (issue 7).
-- Asset types and the metric catalogue come from the city pack; readings are partitioned by
-- month and created ahead by a job (and on demand for late or backfilled data).

create table monitoring_asset_types (
  city_code      text not null,
  code           text not null,
  name           text not null,
  name_en        text not null,
  geometry_kind  text not null default 'point' check (geometry_kind in ('point', 'line', 'polygon')),
  -- The metrics devices on such an asset usually report (a hint for forms, not a rule).
  metrics        text[] not null default '{}',
  description    text,
  updated_at     timestamptz not null default now(),
  primary key (city_code, code)
);

create table monitoring_metrics (
  city_code     text not null,
  name          text not null,
  unit          text not null,
  -- Other spellings of the unit a device may send (`%LEL`, `%lel`).
  unit_aliases  text[] not null default '{}',
  min_value     double precision not null,
  max_value     double precision not null,
  name_zh       text not null,
  name_en       text not null,
  description   text,
  updated_at    timestamptz not null default now(),
  primary key (city_code, name),
  check (min_value <= max_value)
);

create table monitoring_assets (
  city_code    text not null,
  id           text not null,
  -- The owner's own asset number; a pack re-import upserts by it.
  code         text,
  type         text not null,
  name         text not null,
  name_en      text,
  -- A representative point (WGS-84): the point itself, or the middle of a line.
  lon          double precision not null,
  lat          double precision not null,
  geometry     jsonb,
  bbox_west    double precision not null,
  bbox_south   double precision not null,
  bbox_east    double precision not null,
  bbox_north   double precision not null,
  region_code  text,
  properties   jsonb not null default '{}',
  simulated    boolean not null default false,
  version      integer not null default 1,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  primary key (city_code, id),
  unique (city_code, code),
  foreign key (city_code, type) references monitoring_asset_types (city_code, code)
);
create index monitoring_assets_type on monitoring_assets (city_code, type);
create index monitoring_assets_region on monitoring_assets (city_code, region_code text_pattern_ops);

create table monitoring_devices (
  city_code   text not null,
  id          text not null,
  asset_id    text not null,
  model       text,
  metrics     text[] not null,
  properties  jsonb not null default '{}',
  active      boolean not null default true,
  simulated   boolean not null default false,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  primary key (city_code, id),
  foreign key (city_code, asset_id) references monitoring_assets (city_code, id)
);
create index monitoring_devices_asset on monitoring_devices (city_code, asset_id);

-- One series per (device, metric): readings carry its small integer id, not two strings.
create table monitoring_series (
  id          integer generated always as identity primary key,
  city_code   text not null,
  device_id   text not null,
  metric      text not null,
  created_at  timestamptz not null default now(),
  unique (city_code, device_id, metric)
);

create table monitoring_readings (
  city_code  text not null,
  series_id  integer not null,
  ts         timestamptz not null,
  value      double precision not null,
  primary key (city_code, series_id, ts)
) partition by range (ts);

create table monitoring_latest (
  city_code  text not null,
  series_id  integer not null,
  ts         timestamptz not null,
  value      double precision not null,
  primary key (city_code, series_id)
);

create table monitoring_rollups_hourly (
  city_code  text not null,
  series_id  integer not null,
  hour       timestamptz not null,
  min_value  double precision not null,
  max_value  double precision not null,
  sum_value  double precision not null,
  count      integer not null,
  primary key (city_code, series_id, hour)
);
create index monitoring_rollups_hour on monitoring_rollups_hourly (hour);

-- Hours that received readings since they were last rolled up; `version` moves at every
-- mark, so the rollup job removes a mark only if no batch touched the hour meanwhile.
create table monitoring_rollup_dirty (
  city_code  text not null,
  hour       timestamptz not null,
  version    bigint not null default 1,
  primary key (city_code, hour)
);

create table monitoring_quarantine (
  id           bigint generated always as identity primary key,
  city_code    text not null,
  -- The write-ahead record and reading index: a replay after a crash does not repeat a row.
  ref          text not null,
  received_at  timestamptz not null,
  source       text not null check (source in ('mqtt', 'http')),
  topic        text,
  device_id    text,
  metric       text,
  reason       text not null,
  detail       text not null,
  reading      jsonb,
  payload      text not null,
  unique (city_code, ref)
);
create index monitoring_quarantine_at on monitoring_quarantine (city_code, received_at desc);

-- Bumped in the transaction of every change to assets, devices or the catalogue, so each
-- copy of the service knows to reload its device registry.
create table monitoring_versions (
  city_code   text primary key,
  version     bigint not null,
  updated_at  timestamptz not null default now()
);
