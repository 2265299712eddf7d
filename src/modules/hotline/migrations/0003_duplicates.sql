-- Duplicate requests (重复诉求并单): how far and how long back the city looks for an open
-- case that is the same request, per category prefix, from the pack's hotline/duplicates.json.
-- The row of category '*' is the city's default; no rows at all: 250 m and 7 days.
create table hotline_duplicate_rules (
  city_code    text not null,
  category     text not null check (category = '*' or category ~ '^(\d{2}|\d{4}|\d{6})$'),
  radius_m     double precision not null check (radius_m > 0),
  window_days  integer not null check (window_days > 0),
  updated_at   timestamptz not null default now(),
  primary key (city_code, category)
);

-- The candidates' box query: open cases with a point, by latitude then longitude.
create index hotline_cases_open_place on hotline_cases (city_code, lat, lon)
  where lat is not null and status not in ('closed', 'merged', 'transferred');
