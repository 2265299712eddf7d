import { sql, type Kysely, type Transaction } from 'kysely';
import type { CoreTables } from './db/tables.js';
import type { Logger } from './logger.js';

/** A domain event as stored in the outbox and handed to subscribers. */
export interface OutboxEvent<P = Record<string, unknown>> {
  id: number;
  cityCode: string;
  /** `<module>.<entity>.<past-verb>`, declared once as a constant by the module that emits it. */
  topic: string;
  payload: P;
  createdAt: Date;
}

/**
 * Reacts to events. `handle` runs in the same transaction that records the delivery, so a
 * change it makes through `trx` is applied exactly once; anything it does outside the
 * database must be idempotent, since delivery is at-least-once.
 */
export interface Subscriber {
  /** Unique and stable: `hotline.open-case-on-alarm`. Renaming it re-delivers every event. */
  name: string;
  topics: string[];
  handle(event: OutboxEvent<any>, trx: Transaction<CoreTables>): Promise<void>;
}

/** Checks an event name against `<module>.<entity>.<past-verb>`. */
export function assertTopic(topic: string): void {
  if (!/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/.test(topic)) {
    throw new Error(`event topic must be <module>.<entity>.<past-verb>: ${topic}`);
  }
}

/** Writes an event into the outbox, in the caller's transaction: it exists iff the change does. */
export async function emitEvent(trx: Transaction<CoreTables> | Kysely<CoreTables>, cityCode: string, topic: string, payload: object): Promise<number> {
  return (await emitEvents(trx, [{ cityCode, topic, payload }]))[0]!;
}

/** Writes several events to the outbox in one statement, in order; returns their ids. */
export async function emitEvents(trx: Transaction<CoreTables> | Kysely<CoreTables>, events: { cityCode: string; topic: string; payload: object }[]): Promise<number[]> {
  if (!events.length) return [];
  for (const e of events) assertTopic(e.topic);
  const rows = await trx
    .insertInto('core_outbox')
    .values(events.map((e) => ({ city_code: e.cityCode, topic: e.topic, payload: JSON.stringify(e.payload) })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

export interface OutboxStats {
  pending: number;
  oldestPendingAgeS: number;
  dead: number;
}

export interface OutboxDispatcher {
  /** Hands what is pending now to its subscribers; resolves with how many events were handled (delivered, retried or dead-lettered) once nothing is left or `maxRounds` ran. */
  drain(maxRounds?: number): Promise<number>;
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
  batchSize = 50,
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

  // One transaction per batch; each event in a savepoint, so one failing event neither
  // rolls back the others nor loses its own failure record.
  async function deliverBatch(sub: Subscriber): Promise<number> {
    return db.transaction().execute(async (trx) => {
      const { rows: lock } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(hashtext(${'outbox:' + sub.name})) as ok`.execute(trx);
      if (!lock[0]?.ok) return 0;
      const rows = await trx
        .selectFrom('core_outbox as o')
        .selectAll('o')
        .where('o.done_at', 'is', null)
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
      // The common case first: the whole batch at once, its deliveries in one statement. Only
      // when some event fails is the batch undone and done again event by event.
      await sql`savepoint outbox_batch`.execute(trx);
      let at = 0;
      let failure: unknown;
      try {
        for (; at < events.length; at++) await sub.handle(events[at]!, trx);
        await trx.insertInto('core_outbox_deliveries').values(events.map((e) => ({ subscriber: sub.name, event_id: e.id }))).execute();
        await trx.deleteFrom('core_outbox_failures').where('subscriber', '=', sub.name).where('event_id', 'in', events.map((e) => e.id)).execute();
        await sql`release savepoint outbox_batch`.execute(trx);
        for (const _ of events) onDelivered(sub.name, 'done');
        return events.length;
      } catch (err) {
        failure = err;
        await sql`rollback to savepoint outbox_batch`.execute(trx);
      }
      for (const [i, event] of events.entries()) {
        const row = event;
        // The event that failed the batch has had its attempt: record it rather than call again.
        if (i === at && failure !== undefined) {
          onDelivered(sub.name, await recordFailure(trx, sub, event, failure));
          continue;
        }
        await sql`savepoint outbox_event`.execute(trx);
        try {
          await sub.handle(event, trx);
          await trx.insertInto('core_outbox_deliveries').values({ subscriber: sub.name, event_id: row.id }).execute();
          await trx.deleteFrom('core_outbox_failures').where('subscriber', '=', sub.name).where('event_id', '=', row.id).execute();
          await sql`release savepoint outbox_event`.execute(trx);
          onDelivered(sub.name, 'done');
        } catch (err) {
          await sql`rollback to savepoint outbox_event`.execute(trx);
          onDelivered(sub.name, await recordFailure(trx, sub, event, err));
        }
      }
      return rows.length;
    });
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
  async function markDone(): Promise<void> {
    const topics = new Map<string, string[]>();
    for (const s of subscribers) for (const t of s.topics) topics.set(t, [...(topics.get(t) ?? []), s.name]);
    await db
      .updateTable('core_outbox as o')
      .set({ done_at: sql`now()` })
      .where('o.done_at', 'is', null)
      .where('o.topic', 'not in', topics.size ? [...topics.keys()] : ['-'])
      .execute();
    for (const [topic, subs] of topics) {
      await db
        .updateTable('core_outbox as o')
        .set({ done_at: sql`now()` })
        .where('o.done_at', 'is', null)
        .where('o.topic', '=', topic)
        .where(
          (eb) =>
            eb
              .selectFrom('core_outbox_deliveries as d')
              .select(eb.fn.countAll<number>().as('n'))
              .whereRef('d.event_id', '=', 'o.id')
              .where('d.subscriber', 'in', subs),
          '=',
          subs.length,
        )
        .execute();
    }
  }

  async function round(maxRounds = Infinity): Promise<number> {
    let handled = 0;
    for (let i = 0; i < maxRounds; i++) {
      let progressed = false;
      for (const sub of subscribers) {
        const n = await deliverBatch(sub);
        handled += n;
        if (n > 0) progressed = true;
      }
      await markDone();
      if (!progressed) break;
    }
    return handled;
  }

  function drain(maxRounds?: number): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = round(maxRounds).finally(() => {
      running = undefined;
      if (again && !stopped) {
        again = false;
        void drain().catch(() => {});
      }
    });
    return running;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      drain()
        .catch((err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'outbox round failed'))
        .finally(schedule);
    }, pollMs);
    timer.unref();
  }

  return {
    drain,
    wake() {
      if (stopped) return;
      void drain().catch((err) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'outbox round failed'));
    },
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
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
