import { sql, type Transaction } from 'kysely';
import type { CoreTables } from '../../core/db/tables.js';
import { syntheticOperator, type TimelineEntry } from './synthetic-timeline.js';

/** The columns of `hotline_cases` the generator fills, with their SQL types. */
export const syntheticCaseColumns = [
  ['id', 'text'], ['city_code', 'text'], ['number', 'text'], ['channel', 'text'], ['kind', 'text'], ['category_code', 'text'], ['title', 'text'], ['description', 'text'],
  ['urgency', 'text'], ['attributes', 'jsonb'], ['lon', 'double precision'], ['lat', 'double precision'], ['address', 'text'], ['region_code', 'text'], ['location_source', 'text'],
  ['confidential', 'boolean'], ['status', 'text'], ['org_code', 'text'], ['org_history', 'text[]'], ['proposed_org', 'text'], ['proposed_reason', 'text'], ['proposed_rule', 'integer'],
  ['tier', 'text'], ['response_due_at', 'timestamptz'], ['response_warn_at', 'timestamptz'], ['handling_due_at', 'timestamptz'], ['handling_warn_at', 'timestamptz'],
  ['callback_due_at', 'timestamptz'], ['callback_warn_at', 'timestamptz'], ['warned', 'text[]'], ['overdue', 'text[]'], ['callback_attempts', 'integer'], ['redo_count', 'integer'], ['reply', 'text'],
  ['resolved', 'boolean'], ['satisfaction', 'text'], ['received_at', 'timestamptz'], ['dispatched_at', 'timestamptz'], ['accepted_at', 'timestamptz'], ['replied_at', 'timestamptz'],
  ['closed_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['row_version', 'integer'],
] as const;

/** A case row to store: one value per column of `syntheticCaseColumns`. */
export type SyntheticCaseRow = { id: string } & Record<(typeof syntheticCaseColumns)[number][0], unknown>;

const names = syntheticCaseColumns.map((c) => c[0]).join(', ');
// A case's values by position, its timeline after them: `jsonb_array_elements` hands each case over as an array.
const values = syntheticCaseColumns.map(([c, t], i) => (t === 'jsonb' ? `v->${i}` : `(v->>${i})::${t}`) + ` as ${c}`).join(', ');
const timelineAt = syntheticCaseColumns.length;

/**
 * Stores synthetic cases with one statement: the case rows, their timelines, and a
 * `hotline_dispatches` row for each case dispatched (the simulated operator confirmed the
 * catalog's proposal: the city classifier learns from these). The rows travel once, as one
 * JSON document of arrays: a case as its values in the order of `syntheticCaseColumns`, then
 * its timeline, an entry as [at, action, from, to, org, actor label, note, data].
 */
export async function storeSyntheticCases(trx: Transaction<CoreTables>, cases: { row: SyntheticCaseRow; timeline: TimelineEntry[] }[], { actorId }: { actorId: string | null }): Promise<void> {
  if (!cases.length) return;
  await sql`with r as (
      select ${sql.raw(values)}, v->${sql.lit(timelineAt)} as timeline from jsonb_array_elements(convert_from(${documentOf(cases)}, 'UTF8')::jsonb) as d(v)
    ), c as (
      insert into hotline_cases (${sql.raw(names)}) select ${sql.raw(names)} from r
      returning id, city_code, dispatched_at, category_code, region_code, proposed_org, proposed_rule, proposed_reason, org_code
    ), d as (
      insert into hotline_dispatches (city_code, case_id, at, category_code, region_code, proposed_org, proposed_rule, proposed_reason, chosen_org, overridden, reason, by_person, actor_label)
      select city_code, id, dispatched_at, category_code, region_code, proposed_org, proposed_rule, proposed_reason, org_code, false, ${'合成数据 synthetic dispatch'}, true, ${syntheticOperator}
      from c where dispatched_at is not null and org_code is not null
    )
    -- In step order, so that a case's timeline reads in the order of its ids.
    insert into hotline_case_events (city_code, case_id, at, action, from_status, to_status, actor_id, actor_label, org_code, note, data)
    select r.city_code, r.id, (e->>0)::timestamptz, e->>1, e->>2, e->>3, ${actorId}, e->>5, e->>4, e->>6, e->7
    from r cross join lateral jsonb_array_elements(r.timeline) with ordinality as s(e, n)
    order by r.id, s.n`.execute(trx);
}

/**
 * The cases as arrays, without key names (half of the characters otherwise), in UTF-8 bytes
 * (a bytea parameter): PGlite's driver measures a string parameter character by character in
 * JavaScript, twice, where bytes are copied as they are. Both cost seconds at 60,000 cases.
 */
function documentOf(cases: { row: SyntheticCaseRow; timeline: TimelineEntry[] }[]): Buffer {
  const doc = cases.map(({ row, timeline }) => [
    ...syntheticCaseColumns.map(([c, t]) => (t === 'text[]' ? textArray(row[c] as string[]) : row[c])),
    timeline.map((e) => [e.at, e.action, e.from, e.to, e.org, e.actorLabel, e.note, e.data]),
  ]);
  return Buffer.from(JSON.stringify(doc));
}

/** A PostgreSQL array literal of strings: `{"a","b"}`. */
function textArray(xs: readonly string[]): string {
  return `{${xs.map((x) => `"${x.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}
