-- ledger: a test-only module for the crash suite. An entry and its lines are written in one
-- transaction; the totals are the effect of its outbox event, applied by a subscriber.

create table ledger_entries (
  key         text primary key,
  city_code   text not null,
  amount      bigint not null,
  lines       integer not null check (lines between 1 and 20),
  created_at  timestamptz not null default now()
);

create table ledger_lines (
  city_code   text not null,
  entry_key   text not null references ledger_entries (key),
  line_no     integer not null,
  amount      bigint not null,
  primary key (entry_key, line_no)
);

-- One row per outbox event the subscriber saw; deliveries > 1 would mean it was handed twice.
create table ledger_applied (
  event_id    bigint primary key,
  city_code   text not null,
  key         text not null,
  deliveries  integer not null default 1
);

create table ledger_totals (
  city_code   text primary key,
  total       bigint not null
);
