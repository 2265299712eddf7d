-- Organisations (单位): departments, street offices and townships, dispatch centres and
-- public-utility enterprises, with their jurisdictions and supervising organisation.
-- Accounts belong to one by its code (core_users.org_id holds the code).

create table core_orgs (
  city_code      text not null,
  code           text not null,
  name           text not null,
  name_en        text not null,
  kind           text not null check (kind in ('dispatch_centre', 'department', 'street', 'enterprise')),
  region_code    text not null,
  jurisdiction   text[] not null default '{}',
  supervisor     text,
  phone          text,
  active         boolean not null default true,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  primary key (city_code, code)
);
create index core_orgs_region on core_orgs (city_code, region_code);
