-- citywork hotline: the category classifier of each city, learnt from its own history
-- (dispatches a person confirmed or corrected) and its taxonomy. Versions increase per
-- city; the latest is the active one. Every copy of the service loads the active model
-- from here and rechecks its version every few seconds.
create table hotline_models (
  city_code      text not null,
  version        integer not null check (version > 0),
  created_at     timestamptz not null default now(),
  created_by     text not null,
  -- what it learnt from: {confirmed, corrected, taxonomy, labels, skipped}
  trained_from   jsonb not null,
  -- held-out top-1/top-3 when there were enough examples, sizes and training time
  metrics        jsonb not null,
  -- the serialised model (format citywork.hotline.city-classifier/1, sparse weights in base64)
  model          jsonb not null,
  active         boolean not null default true,
  primary key (city_code, version)
);
create unique index hotline_models_active on hotline_models (city_code) where active;

-- What the classifier suggested at intake (top 3 with scores and their source) and the
-- model version that made the suggestion; null for cases filed before it existed.
alter table hotline_cases add column suggestions jsonb;
alter table hotline_cases add column model_version integer;
