-- citywork hotline: the monthly assessment of offices (三率考评: 响应率, 解决率, 满意率).
-- The city's settings from the pack's optional hotline/assessment.json; without a row the
-- defaults in assessment.ts apply.
create table hotline_assessment_settings (
  city_code                   text primary key,
  weights                     jsonb not null,
  basically_satisfied_weight  double precision not null,
  min_cases                   integer not null,
  source                      text,
  updated_at                  timestamptz not null default now()
);

-- The assessment reads a month's measured steps of every case: dispatches, callbacks and
-- suspensions, by city and time.
create index hotline_case_events_assessed on hotline_case_events (city_code, at)
  where action in ('dispatch', 'redispatch', 'uphold_dispute', 'reopen', 'callback', 'redo', 'approve_suspension');
