-- citywork core: notifications (SMS, webhooks). Callers enqueue a row in their transaction;
-- the delivery worker sends pending rows outside any transaction and marks them.
-- Standalone: depends on no other migration but 0001.

create table core_notifications (
  id                text primary key,
  city_code         text not null,
  channel           text not null check (channel in ('sms', 'webhook')),
  recipient_kind    text not null check (recipient_kind in ('citizen', 'org', 'user')),
  -- what the message is about or for (a case id, an org code); never a phone number
  recipient_ref     text not null,
  recipient_masked  text,
  -- the phone number sealed with the PII key; erased once sent or abandoned
  recipient_secret  text,
  template          text not null,
  params            jsonb not null default '{}'::jsonb,
  body              text not null,
  -- 'failed': the last attempt failed and another is due at next_attempt_at
  status            text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'abandoned')),
  adapter           text,
  attempts          integer not null default 0,
  -- null: due at once; while an attempt is in flight, the end of its lease
  next_attempt_at   timestamptz,
  last_error        text,
  provider_id       text,
  created_at        timestamptz not null default now(),
  sent_at           timestamptz
);
-- The worker's scan: only rows still to send, which stay few however many were sent.
create index core_notifications_due on core_notifications (next_attempt_at nulls first, created_at)
  where status in ('pending', 'failed');
create index core_notifications_ref on core_notifications (city_code, recipient_ref, created_at);
create index core_notifications_template on core_notifications (city_code, template, created_at);
