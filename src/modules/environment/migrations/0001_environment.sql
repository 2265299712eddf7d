-- environment (issue 8, second part): drinking-water source protection zones and the flags of
-- what lies inside them, carbon emission factors and activity data, parks.

-- 饮用水水源保护区 (HJ 338-2018): one row per zone of one source and level, from the city pack.
create table environment_zones (
  city_code       text not null,
  -- The pack's stable zone code (`miyun-reservoir-I`).
  id              text not null,
  name            text not null,
  name_en         text,
  -- 一级保护区 I, 二级保护区 II, 准保护区 quasi.
  level           text not null check (level in ('I', 'II', 'quasi')),
  source_code     text not null,
  source_name     text not null,
  source_name_en  text,
  -- HJ 338-2018: surface water (river, lake or reservoir) or groundwater.
  source_kind     text not null check (source_kind in ('river', 'lake', 'reservoir', 'groundwater')),
  -- 水域 water, 陆域 land, or both in one polygon.
  area_kind       text not null default 'both' check (area_kind in ('water', 'land', 'both')),
  -- The districts the zone lies in (when given, a case elsewhere is never looked up).
  region_codes    text[] not null default '{}',
  geometry        jsonb not null,
  bbox_west       double precision not null,
  bbox_south      double precision not null,
  bbox_east       double precision not null,
  bbox_north      double precision not null,
  -- A sample zone drawn for demonstration, never the legal boundary.
  sample          boolean not null,
  basis           text,
  approved_by     text,
  updated_at      timestamptz not null default now(),
  primary key (city_code, id)
);

-- Bumped by every zone import, so each copy of the service rebuilds its in-memory index.
create table environment_zone_versions (
  city_code   text primary key,
  version     integer not null,
  updated_at  timestamptz not null default now()
);

-- A case, alarm or other subject found inside a zone: recorded once per subject and zone.
create table environment_zone_flags (
  city_code     text not null,
  id            text not null primary key,
  subject_type  text not null,
  subject_id    text not null,
  zone_id       text not null,
  -- The zone as it was when flagged (a later pack may redraw or drop it).
  zone_name     text not null,
  level         text not null,
  source_code   text not null,
  lon           double precision not null,
  lat           double precision not null,
  region_code   text,
  -- The outbox event that brought the subject.
  event_id      bigint,
  flagged_at    timestamptz not null default now(),
  unique (city_code, subject_type, subject_id, zone_id)
);
create index environment_zone_flags_subject on environment_zone_flags (city_code, subject_id);


-- Emission factors from the pack: tCO2 per unit of activity, by code and first year of use.
create table environment_emission_factors (
  city_code      text not null,
  code           text not null,
  from_year      integer not null default 0,
  name           text not null,
  name_en        text not null,
  kind           text not null check (kind in ('fuel', 'electricity', 'heat')),
  activity_unit  text not null,
  t_co2_per_unit double precision not null check (t_co2_per_unit >= 0),
  -- How the factor was made (NCV × carbon factor, or published as is), with the sources.
  derivation     jsonb not null,
  verified       boolean not null,
  updated_at     timestamptz not null default now(),
  primary key (city_code, code, from_year)
);

-- Activity data (活动水平) per region, year, sector and fuel; an import replaces its keys.
create table environment_activity (
  city_code    text not null,
  region_code  text not null,
  year         integer not null,
  sector       text not null,
  fuel         text not null,
  amount       double precision not null check (amount >= 0),
  unit         text not null,
  source       text,
  import_id    text not null,
  updated_at   timestamptz not null default now(),
  primary key (city_code, region_code, year, sector, fuel)
);
create index environment_activity_year on environment_activity (city_code, year, region_code);

-- Parks (公园) as points (entrances) or polygons, from the pack or an imported GeoJSON.
create table environment_parks (
  city_code   text not null,
  id          text not null,
  name        text not null,
  name_en     text,
  geometry    jsonb not null,
  bbox_west   double precision not null,
  bbox_south  double precision not null,
  bbox_east   double precision not null,
  bbox_north  double precision not null,
  sample      boolean not null,
  source      text,
  updated_at  timestamptz not null default now(),
  primary key (city_code, id)
);
