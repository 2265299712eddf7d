-- The rule engine's saved state in a few rows per city instead of one per (asset, rule): at
-- 10,000 reporting assets a save had upserted ~30,000 jsonb rows every 5 s (the database's
-- parse, update and index work for each), now it writes at most 64 text rows.
--
-- An asset's states live in shard `get_byte(sha256(asset id as UTF-8), 0) % 64` (the service
-- computes the same, rule-state-shards.ts); a row holds its shard's states as JSON text
-- `{"<asset id>": {"<rule id>": <state>}}`, written whole. Text, not jsonb: the database only
-- stores it and never looks inside, so the parse jsonb costs would be spent for nothing.
create table monitoring_rule_state_shards (
  city_code  text not null,
  shard      integer not null,
  states     text not null,
  saved_at   timestamptz not null default now(),
  primary key (city_code, shard)
);

-- The states saved before, sharded here by the same hash: a service started on this database
-- restores them as they were.
insert into monitoring_rule_state_shards (city_code, shard, states, saved_at)
select city_code, shard, json_object_agg(asset_id, rules)::text, max(saved_at)
  from (select city_code, asset_id, get_byte(sha256(convert_to(asset_id, 'UTF8')), 0) % 64 as shard,
               json_object_agg(rule_id, state) as rules, max(saved_at) as saved_at
          from monitoring_rule_state
         group by city_code, asset_id) as a
 group by city_code, shard;

drop table monitoring_rule_state;
