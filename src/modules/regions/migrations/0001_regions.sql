-- regions: the urban system of a city's deployment, from city clusters to communities.
-- Geometry is GeoJSON (WGS-84) with a bbox; spatial questions use the in-memory index (src/core/geo).

create table regions_regions (
  city_code    text not null,
  code         text not null,
  name         text not null,
  name_en      text,
  pinyin       text not null default '',
  initials     text not null default '',
  level        text not null check (level in ('province', 'city', 'district', 'township', 'community')),
  parent_code  text,
  geometry     jsonb,
  bbox_west    double precision,
  bbox_south   double precision,
  bbox_east    double precision,
  bbox_north   double precision,
  updated_at   timestamptz not null default now(),
  primary key (city_code, code)
);
create index regions_regions_parent on regions_regions (city_code, parent_code);
create index regions_regions_name on regions_regions (city_code, name);

create table regions_attributes (
  city_code  text not null,
  code       text not null,
  year       integer not null,
  key        text not null,
  value      double precision not null,
  unit       text,
  source     text not null,
  primary key (city_code, code, year, key)
);

create table regions_groups (
  city_code  text not null,
  code       text not null,
  kind       text not null check (kind in ('cluster', 'metro')),
  name       text not null,
  name_en    text,
  members    text[] not null,
  source     text not null,
  primary key (city_code, code)
);

create table regions_gazetteer (
  city_code  text not null,
  code       text not null,
  name       text not null,
  primary key (city_code, code, name)
);

-- Bumped in the transaction of every change, so each copy of the service knows to rebuild its index.
create table regions_versions (
  city_code   text primary key,
  version     bigint not null,
  updated_at  timestamptz not null default now()
);
