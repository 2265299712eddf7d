-- environment (issue 8, third part): air stations' daily AQI figures, per station and per region.

-- 空气质量日报: one row per scope (a station, or a region whose figure is the mean of its
-- stations' hourly concentrations) and local day, computed from the hourly readings monitoring
-- stores, under the HJ 633 in force that day, with GB 3095-2012 §8 validity. The reports read
-- these rows; a recomputation replaces the days it finds readings for and leaves the others.
create table environment_air_daily (
  city_code          text not null,
  -- The station's asset id (`ast_…`), or a 12-digit region code.
  scope              text not null,
  scope_kind         text not null check (scope_kind in ('station', 'region')),
  day                date not null,
  standard           text not null,
  -- All seven daily statistics valid: only then is there a daily AQI.
  valid              boolean not null,
  aqi                integer,
  level              smallint check (level between 1 and 6),
  category           text,
  primary_pollutants text[] not null default '{}',
  -- The day's 24-h PM2.5 mean (µg/m³), when it has 20 valid hours.
  pm25_ugm3          double precision,
  -- How many stations the figure rests on (1 for a station).
  stations           smallint not null default 1,
  -- The statistics, what was indexed, the sub-indices, valid hours, refused values, missing statistics.
  detail             jsonb not null,
  computed_at        timestamptz not null default now(),
  primary key (city_code, scope, day)
);
create index environment_air_daily_day on environment_air_daily (city_code, day, scope);
