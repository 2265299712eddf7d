import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import { auditRowsFrom } from '../../core/audit.js';
import { outboxRowsFrom } from '../../core/events.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import type { CoreTables } from '../../core/db/tables.js';
import type { Catalog } from './catalog.js';
import { applyAction, hotlineEvents, type CaseRow } from './cases.js';

type Trx = Transaction<CoreTables>;

/** The columns intake writes to `hotline_cases`, with their SQL types (the rest take their defaults). */
const caseColumns = {
  id: 'text',
  city_code: 'text',
  channel: 'text',
  kind: 'text',
  category_code: 'text',
  title: 'text',
  description: 'text',
  urgency: 'text',
  attributes: 'jsonb',
  lon: 'double precision',
  lat: 'double precision',
  address: 'text',
  region_code: 'text',
  location_source: 'text',
  citizen_name: 'text',
  citizen_phone: 'text',
  citizen_email: 'text',
  citizen_name_masked: 'text',
  citizen_phone_masked: 'text',
  citizen_phone_hash: 'text',
  citizen_user_id: 'text',
  confidential: 'boolean',
  status: 'text',
  proposed_org: 'text',
  proposed_reason: 'text',
  proposed_rule: 'integer',
  tier: 'text',
  open311_token: 'text',
  media_url: 'text',
  suggestions: 'jsonb',
  model_version: 'integer',
  received_at: 'timestamptz',
  updated_at: 'timestamptz',
} as const;

/**
 * What the database gives a new case's other columns (their defaults in the migrations,
 * 0001_hotline.sql): the statement returns only each case's id and number, and the row is
 * built here — reading back seventy columns per case (their description and values parsed
 * on every group) had been a tenth of the service's work per intake. The hotline API test
 * (`test/api/hotline.test.ts`) compares the row built with the row stored, on both databases.
 * A function: each row gets arrays of its own.
 */
const newCaseDefaults = () =>
  ({
    pii_erased_at: null,
    org_code: null,
    org_history: [],
    dispute_rejected: false,
    pending: null,
    response_due_at: null,
    response_warn_at: null,
    handling_due_at: null,
    handling_warn_at: null,
    callback_due_at: null,
    callback_warn_at: null,
    warned: [],
    overdue: [],
    paused_at: null,
    extensions: 0,
    redo_count: 0,
    reopen_count: 0,
    callback_attempts: 0,
    kb_code: null,
    kb_version: null,
    reply: null,
    resolved: null,
    satisfaction: null,
    merged_into: null,
    transfer_target: null,
    dispatched_at: null,
    accepted_at: null,
    replied_at: null,
    closed_at: null,
    row_version: 1,
  }) satisfies Partial<CaseRow>;

/** A new case's row as intake decided it: everything but its number, which the group's counter gives. */
export type NewCaseRow = {
  [C in keyof typeof caseColumns]: C extends 'lon' | 'lat' | 'proposed_rule' | 'model_version'
    ? number | null
    : C extends 'confidential'
      ? boolean
      : C extends 'received_at' | 'updated_at'
        ? Date
        : C extends 'attributes' | 'suggestions'
          ? object
          : C extends 'id' | 'city_code' | 'channel' | 'kind' | 'description' | 'urgency' | 'location_source' | 'status' | 'tier'
            ? string
            : string | null;
};

/** A request checked, located, classified and proposed: everything but its rows, decided before the group commit. */
export interface PreparedCase {
  ctx: RequestContext;
  catalog: Catalog;
  key: string | null;
  requestHash: string | null;
  row: NewCaseRow;
  day: string;
  receiveData: Record<string, unknown>;
  audit: Record<string, unknown>;
  /** What follows at once in the same transaction: an answer, the operator's dispatch, or the automatic one. */
  then: { action: 'answer' | 'dispatch'; ctx: RequestContext; input: Record<string, unknown> } | null;
}

export type Filed = { kind: 'filed'; row: CaseRow } | { kind: 'replay' };

export const bodyOf = (row: CaseRow) => ({ id: row.id, number: row.number, token: row.open311_token });

/**
 * Writes a group of prepared cases. A plain group (no Idempotency-Key, nothing done at intake)
 * is ONE statement in autocommit — counter, cases, timeline, audit, outbox — so it costs one
 * round trip and one commit (WAL flush) whatever its size; the events wake the outbox after.
 * A group with keys or intake actions is one transaction: the keys claimed (a key already
 * taken makes its item a replay), the same statement, then the answers and dispatches.
 * Either way the group is atomic, as the group committer's bisection needs.
 */
export async function writeCaseGroup(k: Kernel, items: PreparedCase[]): Promise<Filed[]> {
  if (items.every((p) => !p.key && !p.then)) {
    const { text, values } = receiveQuery(k.db, items);
    let rows: Numbered[];
    if (k.database.driver === 'postgres') {
      // A named statement: PostgreSQL plans it once per connection instead of once per group.
      rows = (await k.database.pool.query<Numbered>({ name: 'hotline.receive', text, values })).rows;
    } else rows = (await k.db.executeQuery<Numbered>(CompiledQuery.raw(text, values))).rows;
    k.outbox.wake();
    return rowsOf(items, rows).map((row) => ({ kind: 'filed', row }));
  }
  return k.transaction((trx) => writeGroupIn(k, trx, items));
}

/** The same as one step of a caller's transaction (an Idempotency-Key replay writes this way). */
export async function writeGroupIn(k: Kernel, trx: Trx, items: PreparedCase[]): Promise<Filed[]> {
  const results: (Filed | null)[] = items.map(() => null);
  const todo: number[] = [];
  for (const [i, p] of items.entries()) {
    if (!p.key) {
      todo.push(i);
      continue;
    }
    const claimed = await trx
      .insertInto('core_idempotency')
      .values({ city_code: p.ctx.cityCode, scope: 'hotline.case', key: p.key, actor_id: p.ctx.actor?.id ?? 'anonymous', request_hash: p.requestHash!, status_code: 0, response: 'null' })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst();
    if (claimed) todo.push(i);
    else results[i] = { kind: 'replay' };
  }
  if (!todo.length) return results as Filed[];

  const group = todo.map((i) => items[i]!);
  const { text, values } = receiveQuery(trx, group);
  const written = rowsOf(group, (await trx.executeQuery<Numbered>(CompiledQuery.raw(text, values))).rows);
  for (const [j, i] of todo.entries()) {
    const p = items[i]!;
    let row = written[j]!;
    if (p.then) row = await applyAction(k, trx, p.then.ctx, row, p.then.action, p.then.input, p.catalog);
    if (p.key) {
      await trx
        .updateTable('core_idempotency')
        .set({ status_code: 201, response: JSON.stringify(bodyOf(row)) })
        .where('city_code', '=', p.ctx.cityCode)
        .where('scope', '=', 'hotline.case')
        .where('actor_id', '=', p.ctx.actor?.id ?? 'anonymous')
        .where('key', '=', p.key)
        .execute();
    }
    results[i] = { kind: 'filed', row };
  }
  return results as Filed[];
}

/** What the statement returns of each case: the number its counter gave. */
type Numbered = { id: string; number: string };

/** The cases' rows as stored: what intake decided, their numbers, the columns' defaults. */
function rowsOf(items: PreparedCase[], rows: Numbered[]): CaseRow[] {
  const numbers = new Map(rows.map((r) => [r.id, r.number]));
  return items.map((p) => {
    const number = numbers.get(p.row.id);
    if (number === undefined) throw new Error(`case ${p.row.id} was not written`);
    return { ...newCaseDefaults(), ...p.row, attributes: p.row.attributes as CaseRow['attributes'], suggestions: p.row.suggestions as CaseRow['suggestions'], number };
  });
}

const columnList = Object.keys(caseColumns).join(', ');
const recordType = [...Object.entries(caseColumns), ['ord', 'integer'], ['day', 'text'], ['actor_id', 'text'], ['actor_label', 'text'], ['event_data', 'jsonb'], ['audit_after', 'jsonb'], ['ip', 'text'], ['request_id', 'text']]
  .map(([c, t]) => `${c} ${t}`)
  .join(', ');

/**
 * The receive statement's text, compiled once: it is the same for every group (the group is
 * its first parameter, the rest are constants) and for both drivers (one SQL dialect), and
 * building it with the query builder for each group had cost as much as a group's own encoding.
 */
let compiledReceive: { text: string; constants: unknown[] } | null = null;

/** The statement that writes `items`, and its parameters: the group as JSON, then the statement's constants. */
function receiveQuery(db: Kysely<CoreTables>, items: PreparedCase[]): { text: string; values: unknown[] } {
  if (!compiledReceive) {
    const compiled = receiveStatement('[]').compile(db);
    compiledReceive = { text: compiled.sql, constants: compiled.parameters.slice(1) };
  }
  return { text: compiledReceive.text, values: [receiveInput(items), ...compiledReceive.constants] };
}

/** A group's rows as the statement's one JSON parameter. */
function receiveInput(items: PreparedCase[]): string {
  return JSON.stringify(
    items.map((p, ord) => ({
      ...p.row,
      ord,
      day: p.day,
      actor_id: p.ctx.actor?.id ?? null,
      actor_label: p.ctx.actor?.label ?? 'anonymous',
      event_data: p.receiveData,
      audit_after: p.audit,
      ip: p.ctx.ip,
      request_id: p.ctx.requestId,
    })),
  );
}

/**
 * The whole group as one statement of data-modifying CTEs over one JSON parameter: the day's
 * counter moved once per city and day, each case numbered `<day><6 digits>` in the group's
 * order, then its case row, its `receive` step, its audit record and its event (payload as
 * `payloadOf` makes it for a new case). Returns each case's id and number.
 */
function receiveStatement(input: string) {
  return sql<Numbered>`
    with input as (select * from jsonb_to_recordset(${input}::jsonb) as r(${sql.raw(recordType)})),
    counters as (
      insert into hotline_counters as c (city_code, day, n)
      select city_code, day, count(*) from input group by city_code, day
      on conflict (city_code, day) do update set n = c.n + excluded.n
      returning city_code, day, n),
    numbered as (
      select i.*, i.day || lpad(seq::text, greatest(6, length(seq::text)), '0') as number
        from (select i.*, c.n - count(*) over (partition by i.city_code, i.day) + row_number() over (partition by i.city_code, i.day order by i.ord) as seq
                from input i join counters c on c.city_code = i.city_code and c.day = i.day) i),
    cases as (insert into hotline_cases (${sql.raw(columnList)}, number) select ${sql.raw(columnList)}, number from numbered returning id, number),
    steps as (
      insert into hotline_case_events (city_code, case_id, at, action, from_status, to_status, actor_id, actor_label, org_code, note, data)
      select city_code, id, received_at, 'receive', null, 'received', actor_id, actor_label, null, null, event_data from numbered order by ord),
    audit as (${auditRowsFrom('numbered', {
      cityCode: sql.ref('city_code'),
      actorId: sql.ref('actor_id'),
      actorLabel: sql.ref('actor_label'),
      action: 'hotline.case.received',
      resourceType: 'hotline_case',
      resourceId: sql.ref('id'),
      after: sql`jsonb_build_object('number', number) || audit_after`,
      ip: sql.ref('ip'),
      requestId: sql.ref('request_id'),
    })}),
    events as (${outboxRowsFrom('numbered', {
      cityCode: sql.ref('city_code'),
      topic: hotlineEvents.received,
      // payloadOf(row, 'receive', null) of a new case
      payload: sql`jsonb_build_object('caseId', id, 'number', number, 'action', 'receive', 'from', null, 'to', status, 'orgCode', null, 'regionCode', region_code, 'categoryCode', category_code, 'lon', lon, 'lat', lat)`,
      order: sql.ref('ord'),
    })})
    select * from cases`;
}
