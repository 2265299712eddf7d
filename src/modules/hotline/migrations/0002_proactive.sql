-- citywork hotline, proactive governance (未诉先办): where the same problem keeps coming back,
-- a task for the street office before the next call. The thresholds come from the city
-- pack's optional hotline/proactive.json; the tasks are opened by a daily job.

create table hotline_proactive_settings (
  city_code   text primary key,
  settings    jsonb not null,
  updated_at  timestamptz not null default now()
);

create table hotline_proactive_tasks (
  id                 text primary key,
  city_code          text not null,
  category_code      text not null,
  lon                double precision not null,
  lat                double precision not null,
  radius_m           double precision not null,
  region_code        text,
  org_code           text,
  -- The H3 cell (resolution 9) of the centre: one open task per category and cell.
  place_key          text not null,
  evidence_case_ids  text[] not null,
  status             text not null default 'open' check (status in ('open', 'done', 'dismissed')),
  note               text,
  closed_by          text,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now()
);
create unique index hotline_proactive_tasks_open on hotline_proactive_tasks (city_code, category_code, place_key) where status = 'open';
create index hotline_proactive_tasks_org on hotline_proactive_tasks (city_code, org_code, status);
create index hotline_proactive_tasks_created on hotline_proactive_tasks (city_code, created_at);
