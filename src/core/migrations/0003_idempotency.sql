-- Idempotency keys: a create replayed with the same Idempotency-Key returns the first
-- result instead of creating a second thing. The key row is written in the same
-- transaction as what it creates, so a crash leaves either both or neither.

create table core_idempotency (
  city_code     text not null,
  scope         text not null,
  key           text not null,
  actor_id      text not null,
  request_hash  text not null,
  status_code   integer not null,
  response      jsonb not null,
  created_at    timestamptz not null default now(),
  primary key (city_code, scope, actor_id, key)
);
create index core_idempotency_created on core_idempotency (created_at);
