import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { CoreTables } from './db/tables.js';

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
  /** Handles a batch at once (fewer statements); must do what `handle` does for each event. */
  handleBatch?(events: OutboxEvent<any>[], trx: Transaction<CoreTables>): Promise<void>;
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

/**
 * The outbox rows of a set-based write as one SQL step: `insert into core_outbox … select …
 * from <source> order by <order>`, for a data-modifying CTE of a statement that writes a whole
 * group at once; the events exist iff that statement commits. Each field is an SQL expression
 * over the source's columns; the ids follow `order`.
 */
export function outboxRowsFrom(source: string, e: { cityCode: RawBuilder<unknown>; topic: string; payload: RawBuilder<unknown>; order: RawBuilder<unknown> }): RawBuilder<unknown> {
  assertTopic(e.topic);
  return sql`insert into core_outbox (city_code, topic, payload) select ${e.cityCode}, ${e.topic}, ${e.payload} from ${sql.table(source)} order by ${e.order}`;
}
