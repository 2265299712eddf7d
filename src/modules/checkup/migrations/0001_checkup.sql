-- citywork checkup (城市体检): the indicator library with its versioned standards, the values
-- per indicator, region and year (imported, from the pack, or computed by other modules), the
-- problems count indicators found, the renewal projects opened from them, imports and the
-- evaluations recorded with the standards they used. Every table carries city_code.

create table checkup_settings (
  city_code   text primary key,
  near_pct    double precision not null default 10,
  composite   jsonb not null,
  source      text not null,
  updated_at  timestamptz not null default now()
);

create table checkup_indicators (
  city_code        text not null,
  code             text not null,
  task             text not null,
  level            text not null,
  kind             text not null,
  definition       jsonb not null,
  -- The version of checkup_standards in force; null for an indicator without a standard.
  standard_version integer,
  position         integer not null,
  active           boolean not null default true,
  updated_at       timestamptz not null default now(),
  primary key (city_code, code)
);

-- Every standard an indicator ever had: a change adds a version, never overwrites one.
create table checkup_standards (
  city_code   text not null,
  code        text not null,
  version     integer not null,
  target      double precision,
  lower_bound double precision,
  upper_bound double precision,
  tier        text not null,
  document    text not null,
  verified    boolean not null,
  note        text,
  reason      text,
  changed_by  text not null,
  valid_from  timestamptz not null default now(),
  primary key (city_code, code, version)
);

create table checkup_imports (
  id          text primary key,
  city_code   text not null,
  file_name   text,
  format      text not null,
  rows        integer not null,
  applied     integer not null,
  errors      jsonb not null default '[]'::jsonb,
  actor_label text not null,
  created_at  timestamptz not null default now()
);
create index checkup_imports_city on checkup_imports (city_code, created_at desc);

-- One value per indicator, region and year; a missing value has no row (never a 0).
create table checkup_values (
  city_code   text not null,
  code        text not null,
  region_code text not null,
  year        integer not null,
  value       double precision not null,
  origin      text not null check (origin in ('pack', 'import', 'computed')),
  source      text not null,
  sample      boolean not null default false,
  provider    text,
  coverage    double precision,
  import_id   text references checkup_imports (id),
  updated_at  timestamptz not null default now(),
  primary key (city_code, code, region_code, year)
);
create index checkup_values_year on checkup_values (city_code, year, code);

-- The objects a count indicator found for a region and year (its value is how many there are).
create table checkup_problems (
  id          text primary key,
  city_code   text not null,
  code        text not null,
  region_code text not null,
  year        integer not null,
  object_type text not null,
  object_id   text not null,
  object_name text not null,
  detail      text,
  created_at  timestamptz not null default now(),
  unique (city_code, code, region_code, year, object_type, object_id)
);
create index checkup_problems_object on checkup_problems (city_code, code, object_type, object_id, year);

-- Renewal projects (城市更新) opened from problems: 体检 → 更新 → 再体检.
create table checkup_projects (
  id           text primary key,
  city_code    text not null,
  name         text not null,
  region_code  text not null,
  status       text not null check (status in ('planned', 'in_progress', 'done', 'cancelled')),
  percent      double precision not null default 0 check (percent between 0 and 100),
  -- Calendar dates in city time, YYYY-MM-DD.
  start_date   text check (start_date ~ '^\d{4}-\d{2}-\d{2}$'),
  due_date     text check (due_date ~ '^\d{4}-\d{2}-\d{2}$'),
  finished_on  text check (finished_on ~ '^\d{4}-\d{2}-\d{2}$'),
  note         text,
  created_by   text not null,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);
create index checkup_projects_region on checkup_projects (city_code, region_code);

create table checkup_project_problems (
  project_id text not null references checkup_projects (id) on delete cascade,
  problem_id text not null references checkup_problems (id),
  primary key (project_id, problem_id)
);
create index checkup_project_problems_problem on checkup_project_problems (problem_id);

-- An evaluation as it was recorded: each indicator's value, the standard version it was scored against, the outcome.
create table checkup_evaluations (
  id          text primary key,
  city_code   text not null,
  region_code text not null,
  year        integer not null,
  near_pct    double precision not null,
  result      jsonb not null,
  actor_label text not null,
  created_at  timestamptz not null default now()
);
create index checkup_evaluations_region on checkup_evaluations (city_code, region_code, year, created_at desc);
