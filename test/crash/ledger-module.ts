import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { sql, type Generated, type Transaction } from 'kysely';
import type { CityworkModule } from '../../src/core/module.js';
import type { Kernel } from '../../src/core/kernel.js';
import type { CoreTables } from '../../src/core/db/tables.js';
import { emitEvent, type OutboxEvent, type Subscriber } from '../../src/core/events.js';
import { AppError } from '../../src/core/errors.js';

// A test fixture, not a domain module: its routes check no policy, since the crash suite
// exercises durability and the outbox, not access control.

export const entryRecorded = 'ledger.entry.recorded';

/** The ledger's tables, as Kysely sees them. */
// A type alias, not an interface: Kysely's withTables needs an index-compatible type.
export type LedgerTables = {
  ledger_entries: { key: string; city_code: string; amount: number; lines: number };
  ledger_lines: { city_code: string; entry_key: string; line_no: number; amount: number };
  ledger_applied: { event_id: number; city_code: string; key: string; deliveries: Generated<number> };
  ledger_totals: { city_code: string; total: number };
};

export interface EntryInput {
  key: string;
  amount: number;
  lines: number;
}

const entryBody = z.strictObject({ key: z.string().min(1).max(100), amount: z.number().int().min(-1e9).max(1e9), lines: z.number().int().min(1).max(20) });

/**
 * Records an entry and its lines and emits `ledger.entry.recorded`, all in one transaction.
 * A retry with the same key and body is idempotent (`created: false`, answered 200); the same
 * key with another body is a `conflict` (409).
 */
export async function recordEntry(k: Kernel, cityCode: string, input: EntryInput): Promise<{ entry: EntryInput; created: boolean }> {
  return k.transaction(async (trx) => {
    const t = trx.withTables<LedgerTables>();
    const inserted = await t
      .insertInto('ledger_entries')
      .values({ key: input.key, city_code: cityCode, amount: input.amount, lines: input.lines })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!inserted) {
      const existing = await t.selectFrom('ledger_entries').select(['key', 'amount', 'lines']).where('key', '=', input.key).executeTakeFirstOrThrow();
      if (existing.amount !== input.amount || existing.lines !== input.lines) {
        throw new AppError('conflict', `entry ${input.key} exists with another amount or line count`, { field: 'key', details: existing });
      }
      return { entry: existing, created: false };
    }
    await t.insertInto('ledger_lines').values(splitLines(cityCode, input)).execute();
    await emitEvent(trx, cityCode, entryRecorded, { key: input.key, amount: input.amount });
    return { entry: input, created: true };
  });
}

/** Adds an entry's amount to its city's total, once per event even if it is handed over again. */
export const totalsSubscriber: Subscriber = {
  name: 'ledger.totals',
  topics: [entryRecorded],
  async handle(event: OutboxEvent<{ key: string; amount: number }>, trx: Transaction<CoreTables>) {
    const t = trx.withTables<LedgerTables>();
    const seen = await t
      .insertInto('ledger_applied')
      .values({ event_id: event.id, city_code: event.cityCode, key: event.payload.key })
      .onConflict((oc) => oc.column('event_id').doUpdateSet((eb) => ({ deliveries: eb('ledger_applied.deliveries', '+', 1) })))
      .returning('deliveries')
      .executeTakeFirstOrThrow();
    if (seen.deliveries > 1) return;
    await t
      .insertInto('ledger_totals')
      .values({ city_code: event.cityCode, total: event.payload.amount })
      .onConflict((oc) => oc.column('city_code').doUpdateSet((eb) => ({ total: eb('ledger_totals.total', '+', event.payload.amount) })))
      .execute();
  },
};

/** What the crash suite asserts on: counts and every inconsistency the ledger can show. */
export async function checkLedger(k: Kernel, cityCode: string) {
  const db = k.db;
  const outbox = await k.outbox.stats();
  const keys = (await sql<{ key: string }>`select key from ledger_entries where city_code = ${cityCode} order by key`.execute(db)).rows.map((r) => r.key);
  const halfWritten = await sql<{ key: string; lines: number; found: number; amount: number; sum: number }>`
    select e.key, e.lines, e.amount, count(l.line_no)::int as found, coalesce(sum(l.amount), 0)::bigint as sum
    from ledger_entries e left join ledger_lines l on l.entry_key = e.key
    where e.city_code = ${cityCode}
    group by e.key, e.lines, e.amount
    having count(l.line_no) <> e.lines or coalesce(sum(l.amount), 0) <> e.amount`.execute(db);
  const notAppliedOnce = await sql<{ key: string; applied: number }>`
    select e.key, count(a.event_id)::int as applied
    from ledger_entries e left join ledger_applied a on a.key = e.key
    where e.city_code = ${cityCode}
    group by e.key having count(a.event_id) <> 1`.execute(db);
  const eventsNotOne = await sql<{ key: string; events: number }>`
    select e.key, count(o.id)::int as events
    from ledger_entries e left join core_outbox o on o.topic = ${entryRecorded} and o.payload->>'key' = e.key
    where e.city_code = ${cityCode}
    group by e.key having count(o.id) <> 1`.execute(db);
  const sums = await sql<{ applied: number; orphans: number; redeliveries: number; sumAmounts: number; total: number }>`
    select (select count(*) from ledger_applied where city_code = ${cityCode})::int as applied,
           (select count(*) from ledger_applied a where city_code = ${cityCode} and not exists (select 1 from ledger_entries e where e.key = a.key))::int as orphans,
           (select coalesce(sum(deliveries - 1), 0) from ledger_applied where city_code = ${cityCode})::bigint as "redeliveries",
           (select coalesce(sum(amount), 0) from ledger_entries where city_code = ${cityCode})::bigint as "sumAmounts",
           (select coalesce(sum(total), 0) from ledger_totals where city_code = ${cityCode})::bigint as total`.execute(db);
  return {
    pendingOutbox: outbox.pending,
    deadOutbox: outbox.dead,
    entries: keys.length,
    keys,
    halfWritten: halfWritten.rows,
    notAppliedOnce: notAppliedOnce.rows,
    eventsNotOne: eventsNotOne.rows,
    ...sums.rows[0]!,
  };
}

export type LedgerCheck = Awaited<ReturnType<typeof checkLedger>>;

/** The test-only `ledger` module: one write route, one check route, one subscriber. */
export const ledgerModule: CityworkModule = {
  name: 'ledger',
  migrationsDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
  subscribers: [totalsSubscriber],
  routes(app, k) {
    app.post('/api/ledger/entries', {
      schema: { tags: ['ledger'], summary: 'Records a ledger entry with its lines (test fixture)', body: entryBody },
      handler: async (req, reply) => {
        const result = await recordEntry(k, req.ctx.cityCode, req.body);
        return reply.status(result.created ? 201 : 200).send(result);
      },
    });
    app.get('/api/ledger/check', {
      schema: { tags: ['ledger'], summary: 'Counts and inconsistencies of the ledger (test fixture)' },
      handler: async (req) => checkLedger(k, req.ctx.cityCode),
    });
  },
};

// The amount spread over the lines; the first line takes the remainder, so the lines sum to it.
function splitLines(cityCode: string, { key, amount, lines }: EntryInput) {
  const share = Math.trunc(amount / lines);
  return Array.from({ length: lines }, (_, i) => ({ city_code: cityCode, entry_key: key, line_no: i + 1, amount: i === 0 ? amount - share * (lines - 1) : share }));
}
