// The outbox dispatcher: delivers the events `events.ts` writes to the subscribers of their topics.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { CoreTables } from './db/tables.js';
import type { Logger } from './logger.js';
import { createWaker } from './waker.js';
import { assertTopic, type OutboxEvent, type Subscriber } from './events.js';

export interface OutboxStats {
  pending: number;
  oldestPendingAgeS: number;
  dead: number;
}

export interface OutboxDispatcher {
  /** Hands what is pending now to its subscribers; resolves with how many events were handled (delivered, retried or dead-lettered) once nothing is left or `maxPasses` passes over the subscribers ran. */
  drain(maxPasses?: number): Promise<number>;
  /** Asks the loop to look now rather than at its next poll. */
  wake(): void;
  start(): void;
  /** Stops polling and finishes the round in progress. */
  stop(): Promise<void>;
  stats(): Promise<OutboxStats>;
}

export interface DispatcherOptions {
  db: Kysely<CoreTables>;
  subscribers: Subscriber[];
  logger: Logger;
  pollMs?: number;
  batchSize?: number;
  /** How long a wake waits to gather more commits' events into its round. */
  wakeDelayMs?: number;
  maxAttempts?: number;
  onDelivered?: (subscriber: string, outcome: 'done' | 'retry' | 'dead') => void;
}

/**
 * The outbox dispatcher: hands each pending event to each subscriber of its topic, one
 * transaction per delivery, in id order. Several copies of the service may run it at once:
 * a transaction-scoped advisory lock per subscriber keeps one copy on one subscriber.
 */
export function createOutboxDispatcher({
  db,
  subscribers,
  logger,
  pollMs = 1000,
  batchSize = 200,
  wakeDelayMs = 20,
  maxAttempts = 10,
  onDelivered = () => {},
}: DispatcherOptions): OutboxDispatcher {
  const names = new Set<string>();
  for (const s of subscribers) {
    if (names.has(s.name)) throw new Error(`two subscribers are named ${s.name}`);
    names.add(s.name);
    s.topics.forEach(assertTopic);
  }
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;
  let again = false;
  let againFull = false;
  // A short delay gathers the events of the commits meanwhile into one round: under load,
  // fewer and fuller batches (the subscribers' statements are per batch, not per event).
  const waker = createWaker(wakeDelayMs, () => void drain(undefined, false, true).catch((err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'outbox round failed')));
  /**
   * Per subscriber, the id below which its last batches left nothing: a round woken by a commit
   * looks from there, so it does not wade through the index entries of events already done
   * (dead until vacuumed; a queue table's bane). What it cannot see — an event committed late
   * with a lower id, one whose retry came due — the poll's full round finds.
   */
  const floors = new Map<string, number>();

  /**
   * One transaction per batch. The common case is one statement per kind of write: the batch
   * handed to the subscriber at once, its deliveries in one insert. When that fails the
   * transaction is undone and the batch done again (`careful`) with each event in a savepoint,
   * so one failing event neither rolls back the others nor loses its own failure record; the
   * event that failed is not called twice for one attempt.
   */
  async function deliverBatch(sub: Subscriber, full: boolean, careful?: { failedId: number | null; failure: unknown }): Promise<number> {
    let at = -1;
    const floor = full ? null : (floors.get(sub.name) ?? null);
    let ids: number[] = [];
    try {
      return await db.transaction().execute(async (trx) => {
        // The transaction-scoped advisory lock keeps one copy on one subscriber; a row is only
        // returned to the copy holding it (taken in the same statement: one round trip less).
        const rows = await trx
          .selectFrom('core_outbox as o')
          .selectAll('o')
          .select((eb) =>
            eb
              .exists(eb.selectFrom('core_outbox_failures as ff').select('ff.event_id').whereRef('ff.event_id', '=', 'o.id').where('ff.subscriber', '=', sub.name))
              .as('has_failure'),
          )
          .where(sql<boolean>`pg_try_advisory_xact_lock(hashtext(${'outbox:' + sub.name}))`)
          .where('o.done_at', 'is', null)
          .$if(floor !== null, (q) => q.where('o.id', '>=', floor!))
          .where('o.topic', 'in', sub.topics)
          .where(({ not, exists, selectFrom }) =>
            not(exists(selectFrom('core_outbox_deliveries as d').select('d.event_id').whereRef('d.event_id', '=', 'o.id').where('d.subscriber', '=', sub.name))),
          )
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('core_outbox_failures as f')
                  .select('f.event_id')
                  .whereRef('f.event_id', '=', 'o.id')
                  .where('f.subscriber', '=', sub.name)
                  .where('f.next_attempt_at', '>', sql<Date>`now()`),
              ),
            ),
          )
          .orderBy('o.id')
          .limit(batchSize)
          .execute();
        const events = rows.map((row): OutboxEvent => ({ id: row.id, cityCode: row.city_code, topic: row.topic, payload: row.payload as Record<string, unknown>, createdAt: row.created_at }));
        if (!events.length) return 0;
        ids = events.map((e) => e.id);
        if (!careful) {
          if (sub.handleBatch) await sub.handleBatch(events, trx); // a batch handler cannot say which event failed
          else for (at = 0; at < events.length; at++) await sub.handle(events[at]!, trx);
          at = -1;
          await recordDeliveries(trx, sub.name, ids);
          const failed = rows.filter((r) => r.has_failure).map((r) => r.id);
          if (failed.length) await trx.deleteFrom('core_outbox_failures').where('subscriber', '=', sub.name).where('event_id', 'in', failed).execute();
          for (const _ of events) onDelivered(sub.name, 'done');
          floors.set(sub.name, Math.max(floors.get(sub.name) ?? 0, ids[ids.length - 1]! + 1));
          return events.length;
        }
        for (const event of events) {
          if (event.id === careful.failedId) {
            onDelivered(sub.name, await recordFailure(trx, sub, event, careful.failure));
            continue;
          }
          await sql`savepoint outbox_event`.execute(trx);
          try {
            await sub.handle(event, trx);
            await trx.insertInto('core_outbox_deliveries').values({ subscriber: sub.name, event_id: event.id }).execute();
            await trx.deleteFrom('core_outbox_failures').where('subscriber', '=', sub.name).where('event_id', '=', event.id).execute();
            await sql`release savepoint outbox_event`.execute(trx);
            onDelivered(sub.name, 'done');
          } catch (err) {
            await sql`rollback to savepoint outbox_event`.execute(trx);
            onDelivered(sub.name, await recordFailure(trx, sub, event, err));
          }
        }
        await markDone(trx, ids);
        return events.length;
      });
    } catch (failure) {
      if (careful) throw failure;
      return deliverBatch(sub, full, { failedId: at >= 0 ? (ids[at] ?? null) : null, failure });
    }
  }

  async function recordFailure(trx: Transaction<CoreTables>, sub: Subscriber, event: OutboxEvent, err: unknown): Promise<'retry' | 'dead'> {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
    const prior = await trx
      .selectFrom('core_outbox_failures')
      .select('attempts')
      .where('subscriber', '=', sub.name)
      .where('event_id', '=', event.id)
      .executeTakeFirst();
    const attempts = (prior?.attempts ?? 0) + 1;
    if (attempts >= maxAttempts) {
      logger.error({ subscriber: sub.name, eventId: event.id, topic: event.topic, err: message }, 'outbox event dead-lettered');
      await trx.insertInto('core_outbox_deliveries').values({ subscriber: sub.name, event_id: event.id, status: 'dead' }).onConflict((oc) => oc.doNothing()).execute();
      await trx.deleteFrom('core_outbox_failures').where('subscriber', '=', sub.name).where('event_id', '=', event.id).execute();
      return 'dead';
    }
    // Exponential backoff from 1 s, capped at 10 minutes.
    const next = new Date(Date.now() + Math.min(600_000, 1000 * 2 ** (attempts - 1)));
    logger.warn({ subscriber: sub.name, eventId: event.id, topic: event.topic, attempts, err: message }, 'outbox subscriber failed; will retry');
    await trx
      .insertInto('core_outbox_failures')
      .values({ subscriber: sub.name, event_id: event.id, attempts, last_error: message, next_attempt_at: next })
      .onConflict((oc) => oc.columns(['subscriber', 'event_id']).doUpdateSet({ attempts, last_error: message, next_attempt_at: next }))
      .execute();
    return 'retry';
  }

  // An event is done once every subscriber of its topic has it (delivered or dead-lettered).
  // Each batch marks its own events in its transaction; a sweep on every poll catches those
  // whose last subscribers committed at the same moment (neither saw the other's delivery).
  const subscribedTopics = new Map<string, string[]>();
  for (const s of subscribers) for (const t of s.topics) subscribedTopics.set(t, [...(subscribedTopics.get(t) ?? []), s.name]);
  const topicTable = JSON.stringify([...subscribedTopics].map(([topic, subs]) => ({ topic, subs })));
  /**
   * Whether event `o` has every subscriber of its topic (a topic nobody takes is done at once).
   * With `also`, that subscriber counts as delivered: its row is being inserted by the same
   * statement, where a sibling CTE's rows are not visible.
   */
  const allDelivered = (also: string | null = null) =>
    sql<boolean>`coalesce((select (select count(*) from core_outbox_deliveries d where d.event_id = o.id and d.subscriber = any(t.subs) and d.subscriber is distinct from ${also}) = cardinality(t.subs) - ${also === null ? 0 : 1}
                          from jsonb_to_recordset(${topicTable}::jsonb) as t(topic text, subs text[])
                         where t.topic = o.topic), true)`;
  async function markDone(db: Kysely<CoreTables> | Transaction<CoreTables>, ids?: number[]): Promise<void> {
    await sql`update core_outbox o set done_at = now() where o.done_at is null and ${ids ? sql`o.id = any(${ids}::bigint[])` : sql`true`} and ${allDelivered()}`.execute(db);
  }
  /** The batch's deliveries and the events it completes, in one statement. */
  async function recordDeliveries(trx: Transaction<CoreTables>, name: string, ids: number[]): Promise<void> {
    await sql`with delivered as (insert into core_outbox_deliveries (subscriber, event_id) select ${name}, unnest(${ids}::bigint[]))
      update core_outbox o set done_at = now() where o.id = any(${ids}::bigint[]) and o.done_at is null and ${allDelivered(name)}`.execute(trx);
  }

  /**
   * The subscribers that have an undelivered event above their floor, in one statement. A
   * woken round asks this first and opens a batch transaction (three round trips) only for
   * them, instead of for every subscriber on every pass: under a steady trickle of commits the
   * empty batches had cost the database three times the statements of the writes themselves.
   * It may name a subscriber whose only events wait for a retry (its batch then finds nothing);
   * it never misses one a batch would find, as both look from the same floor.
   */
  async function subscribersWithWork(): Promise<Set<string>> {
    const table = JSON.stringify(subscribers.map((s) => ({ name: s.name, topics: s.topics, floor: floors.get(s.name) ?? 0 })));
    const { rows } = await sql<{ name: string }>`select s.name from jsonb_to_recordset(${table}::jsonb) as s(name text, topics text[], floor bigint)
      where exists (select 1 from core_outbox o where o.done_at is null and o.id >= s.floor and o.topic = any(s.topics)
                      and not exists (select 1 from core_outbox_deliveries d where d.event_id = o.id and d.subscriber = s.name))`.execute(db);
    return new Set(rows.map((r) => r.name));
  }

  /**
   * Passes over the subscribers until a pass finds nothing (a handler may emit events), at
   * most `maxPasses`. Only a full round's first pass (the poll's) looks below the floors; a
   * full round also sweeps done events at its end.
   */
  async function round(maxPasses = Infinity, full = false): Promise<{ handled: number; progressed: boolean }> {
    let handled = 0;
    let progressed = false;
    for (let i = 0; i < maxPasses; i++) {
      progressed = false;
      const fullPass = full && i === 0;
      // A full pass that leaves a subscriber nothing (its batch not full) lifts its floor to the
      // id sequence's last value when the pass began: ids handed out later are above it. A
      // subscriber whose topics have nothing pending would otherwise have no floor, and each
      // woken round would look for its events through every dead index entry there is.
      const nextId = fullPass ? Number((await sql<{ m: string | number }>`select last_value as m from core_outbox_id_seq`.execute(db)).rows[0]!.m) : null;
      const busy = fullPass || !subscribers.length ? null : await subscribersWithWork();
      for (const sub of subscribers) {
        if (busy && !busy.has(sub.name)) continue;
        const n = await deliverBatch(sub, fullPass);
        handled += n;
        if (n > 0) progressed = true;
        if (nextId !== null && n < batchSize) floors.set(sub.name, Math.max(floors.get(sub.name) ?? 0, nextId));
      }
      if (!progressed) break;
    }
    if (full) await markDone(db);
    return { handled, progressed };
  }

  /**
   * Runs a round, or joins the one running (and another follows it). `drain()` passes until
   * nothing is left; the wake's and the poll's rounds (`background`) make one pass and, when
   * it delivered something, wake again: the next pass comes after the wake's delay, gathering
   * the commits meanwhile, instead of at once — under a steady load back-to-back passes had
   * each taken the few events committed during the last, one batch transaction per
   * subscriber every few milliseconds.
   */
  function drain(maxPasses?: number, full = true, background = false): Promise<number> {
    if (running) {
      // A caller of drain() is owed a round of its own, after the one running (which may be
      // a background round's single pass).
      if (!background) return running.catch(() => 0).then(() => drain(maxPasses, full));
      again = true;
      againFull ||= full;
      return running;
    }
    running = round(background ? 1 : maxPasses, full)
      .then((r) => {
        if (background && r.progressed && !stopped) waker.wake();
        return r.handled;
      })
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          const nextFull = againFull;
          again = againFull = false;
          if (nextFull) void drain(undefined, true, true).catch(() => {});
          else waker.wake();
        }
      });
    return running;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      drain(undefined, true, true)
        .catch((err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'outbox round failed'))
        .finally(schedule);
    }, pollMs);
    timer.unref();
  }

  return {
    drain: (maxPasses) => drain(maxPasses),
    wake() {
      if (!stopped) waker.wake();
    },
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      waker.cancel();
      await running?.catch(() => 0);
    },
    async stats() {
      const row = await db
        .selectFrom('core_outbox')
        .select(({ fn }) => [fn.countAll<number>().as('pending'), fn.min('created_at').as('oldest')])
        .where('done_at', 'is', null)
        .executeTakeFirstOrThrow();
      const dead = await db.selectFrom('core_outbox_deliveries').select(({ fn }) => fn.countAll<number>().as('n')).where('status', '=', 'dead').executeTakeFirstOrThrow();
      const ageS = row.oldest ? Math.max(0, (Date.now() - new Date(row.oldest as Date).getTime()) / 1000) : 0;
      return { pending: Number(row.pending), oldestPendingAgeS: ageS, dead: Number(dead.n) };
    },
  };
}
