import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { emitEvent, type OutboxEvent, type Subscriber } from '../../src/core/events.js';
import { createOutboxDispatcher, type DispatcherOptions } from '../../src/core/outbox-dispatcher.js';
import { openDatabase } from '../../src/core/db/database.js';
import type { CoreTables } from '../../src/core/db/tables.js';
import type { CityworkModule } from '../../src/core/module.js';
import { createService, type Service } from '../../src/server.js';
import { testService, type TestService } from '../support/service.js';
import { testDrivers } from '../support/db.js';
import { fixtures, quiet } from './helpers.js';

const city = '110000';

/** Records that `subscriber` handled `eventId`, in the delivery's transaction. */
async function writeEffect(trx: Transaction<CoreTables>, subscriber: string, eventId: number, note: string | null = null): Promise<void> {
  await sql`insert into fxo_effects (subscriber, event_id, note) values (${subscriber}, ${eventId}, ${note})`.execute(trx);
}

/** A subscriber that writes one effect row per event and remembers the ids it was handed, in order. */
function recorder(name: string, topics: string[], fail: (event: OutboxEvent, call: number) => string | null = () => null): Subscriber & { calls: number[] } {
  const calls: number[] = [];
  return {
    name,
    topics,
    calls,
    async handle(event, trx) {
      calls.push(event.id);
      await writeEffect(trx, name, event.id);
      const error = fail(event, calls.filter((id) => id === event.id).length);
      if (error) throw new Error(error);
    },
  };
}

// The two-copies test subscribes through a module, as a real service would.
let parcelCalls = 0;
const parcelSubscriber = (name: string): Subscriber => ({
  name,
  topics: ['fxo.parcel.sent'],
  async handle(event, trx) {
    parcelCalls++;
    // Hold the transaction open for a moment so the other copy has a chance to race.
    await new Promise((r) => setTimeout(r, Math.random() * 2));
    await writeEffect(trx, name, event.id);
  },
});
const fxo: CityworkModule = {
  name: 'fxo',
  migrationsDir: path.join(fixtures, 'modules', 'fxo'),
  subscribers: [parcelSubscriber('fxo.parcel-ledger'), parcelSubscriber('fxo.parcel-notice')],
};

describe.each(testDrivers())('transactional outbox (%s)', (driver) => {
  let s: TestService;
  let db: Kysely<CoreTables>;
  beforeAll(async () => {
    s = await testService({ driver, modules: [fxo] });
    db = s.kernel.db;
  });
  afterAll(() => s.close());

  /** A dispatcher whose `run()` drains and tells what became of each delivery it tried. */
  const dispatcher = (subscribers: Subscriber[], options: Partial<DispatcherOptions> = {}) => {
    let outcomes = { done: 0, retry: 0, dead: 0 };
    const d = createOutboxDispatcher({ db, subscribers, logger: quiet, ...options, onDelivered: (_sub, outcome) => void outcomes[outcome]++ });
    return Object.assign(d, {
      async run() {
        outcomes = { done: 0, retry: 0, dead: 0 };
        await d.drain();
        return outcomes;
      },
    });
  };
  const delivered = (done: number) => ({ done, retry: 0, dead: 0 });
  const emit = (topic: string, payload: object = {}) => db.transaction().execute((trx) => emitEvent(trx, city, topic, payload));
  const effects = async (subscriber: string) => {
    const { rows } = await sql<{ event_id: number }>`select event_id from fxo_effects where subscriber = ${subscriber} order by id`.execute(db);
    return rows.map((r) => Number(r.event_id));
  };
  const failureOf = (subscriber: string, eventId: number) =>
    db.selectFrom('core_outbox_failures').selectAll().where('subscriber', '=', subscriber).where('event_id', '=', eventId).executeTakeFirst();
  const deliveryOf = (subscriber: string, eventId: number) =>
    db.selectFrom('core_outbox_deliveries').select('status').where('subscriber', '=', subscriber).where('event_id', '=', eventId).executeTakeFirst();
  const doneAt = async (eventId: number) => (await db.selectFrom('core_outbox').select('done_at').where('id', '=', eventId).executeTakeFirstOrThrow()).done_at;
  // Makes a retry due now instead of waiting out its backoff.
  const skipBackoff = (subscriber: string) =>
    db.updateTable('core_outbox_failures').set({ next_attempt_at: sql`now() - interval '1 second'` }).where('subscriber', '=', subscriber).execute();

  it('never delivers an event whose transaction rolled back', async () => {
    const sub = recorder('fxo.rollback-watch', ['fxo.plan.drafted']);
    const refused = db.transaction().execute(async (trx) => {
      await emitEvent(trx, city, 'fxo.plan.drafted', { n: 1 });
      throw new Error('change refused');
    });
    await expect(refused).rejects.toThrow('change refused');
    const kept = await emit('fxo.plan.drafted', { n: 2 });
    expect(await dispatcher([sub]).run()).toEqual(delivered(1));
    expect(sub.calls).toEqual([kept]);
    const rows = await db.selectFrom('core_outbox').select(['id', 'payload']).where('topic', '=', 'fxo.plan.drafted').execute();
    expect(rows).toEqual([{ id: kept, payload: { n: 2 } }]);
  });

  it('delivers a committed event to each subscriber of its topic exactly once, however often it drains', async () => {
    const first = recorder('fxo.ledger', ['fxo.permit.granted']);
    const second = recorder('fxo.notice', ['fxo.permit.granted', 'fxo.permit.revoked']);
    const bystander = recorder('fxo.bystander', ['fxo.permit.revoked']);
    const ids = [await emit('fxo.permit.granted', { permit: 'p1' }), await emit('fxo.permit.granted', { permit: 'p2' })];
    const d = dispatcher([first, second, bystander]);
    expect(await d.run()).toEqual(delivered(4));
    expect(await d.run()).toEqual(delivered(0));
    // A restarted copy (a new dispatcher) has nothing left to deliver either.
    expect(await dispatcher([first, second, bystander]).run()).toEqual(delivered(0));
    expect(await effects('fxo.ledger')).toEqual(ids);
    expect(await effects('fxo.notice')).toEqual(ids);
    expect(await effects('fxo.bystander')).toEqual([]);
    expect(first.calls).toEqual(ids);
    for (const id of ids) {
      expect(await deliveryOf('fxo.ledger', id)).toEqual({ status: 'done' });
      expect(await deliveryOf('fxo.notice', id)).toEqual({ status: 'done' });
      expect(await doneAt(id)).toBeInstanceOf(Date);
    }
  });

  it('hands subscribers the event as emitted', async () => {
    const sub = recorder('fxo.inspector', ['fxo.hydrant.inspected']);
    let got: OutboxEvent | undefined;
    const inspecting: Subscriber = { ...sub, handle: async (e) => void (got = e) };
    const id = await emit('fxo.hydrant.inspected', { hydrant: 'H-7', pressureKpa: 310.5, note: '东城区 ok' });
    await dispatcher([inspecting]).drain();
    expect(got).toMatchObject({ id, cityCode: city, topic: 'fxo.hydrant.inspected', payload: { hydrant: 'H-7', pressureKpa: 310.5, note: '东城区 ok' } });
    expect(got!.createdAt).toBeInstanceOf(Date);
  });

  it('rolls back a failing subscriber’s write with its delivery, records the failure with backoff, and delivers once later', async () => {
    const sub = recorder('fxo.flaky', ['fxo.meter.read'], (_e, call) => (call <= 2 ? `downstream refused (call ${call})` : null));
    const d = dispatcher([sub]);
    const id = await emit('fxo.meter.read', { meter: 'm1' });

    for (const [attempt, backoffMs] of [
      [1, 1000],
      [2, 2000],
    ] as const) {
      const before = Date.now();
      expect(await d.run()).toEqual({ done: 0, retry: 1, dead: 0 });
      const after = Date.now();
      expect(sub.calls).toHaveLength(attempt);
      // The handler wrote its effect and then threw: the write went with the transaction.
      expect(await effects('fxo.flaky')).toEqual([]);
      expect(await deliveryOf('fxo.flaky', id)).toBeUndefined();
      const failure = (await failureOf('fxo.flaky', id))!;
      expect(failure).toMatchObject({ attempts: attempt, last_error: `downstream refused (call ${attempt})` });
      expect(failure.next_attempt_at.getTime()).toBeGreaterThanOrEqual(before + backoffMs);
      expect(failure.next_attempt_at.getTime()).toBeLessThanOrEqual(after + backoffMs);
      // Within the backoff the event is not tried again.
      expect(await d.run()).toEqual(delivered(0));
      expect(sub.calls).toHaveLength(attempt);
      expect(await doneAt(id)).toBeNull();
      await skipBackoff('fxo.flaky');
    }

    expect(await d.run()).toEqual(delivered(1));
    expect(await d.run()).toEqual(delivered(0));
    expect(sub.calls).toEqual([id, id, id]);
    expect(await effects('fxo.flaky')).toEqual([id]);
    expect(await deliveryOf('fxo.flaky', id)).toEqual({ status: 'done' });
    expect(await failureOf('fxo.flaky', id)).toBeUndefined();
    expect(await doneAt(id)).toBeInstanceOf(Date);
  });

  it('dead-letters a delivery after maxAttempts failures without blocking later events', async () => {
    const picky = recorder('fxo.picky', ['fxo.parcel.weighed'], (e) => (e.payload.poison ? 'cannot weigh this' : null));
    const scale = recorder('fxo.scale', ['fxo.parcel.weighed']);
    const d = dispatcher([picky, scale], { maxAttempts: 3 });
    const poison = await emit('fxo.parcel.weighed', { poison: true });
    const good1 = await emit('fxo.parcel.weighed', { kg: 2 });

    // The poison event waits for its retry; the later event is delivered meanwhile.
    expect(await d.run()).toEqual({ done: 3, retry: 1, dead: 0 });
    expect(await effects('fxo.picky')).toEqual([good1]);
    expect(await effects('fxo.scale')).toEqual([poison, good1]);
    expect(await doneAt(poison)).toBeNull();

    await skipBackoff('fxo.picky');
    expect(await d.run()).toEqual({ done: 0, retry: 1, dead: 0 });
    expect((await failureOf('fxo.picky', poison))!.attempts).toBe(2);
    await skipBackoff('fxo.picky');
    expect(await d.run()).toEqual({ done: 0, retry: 0, dead: 1 });

    expect(picky.calls.filter((id) => id === poison)).toHaveLength(3);
    expect(await deliveryOf('fxo.picky', poison)).toEqual({ status: 'dead' });
    expect(await failureOf('fxo.picky', poison)).toBeUndefined();
    // Every subscriber has it now (one delivered, one dead-lettered), so the event is done.
    expect(await doneAt(poison)).toBeInstanceOf(Date);

    const good2 = await emit('fxo.parcel.weighed', { kg: 3 });
    expect(await d.run()).toEqual(delivered(2));
    expect(picky.calls.filter((id) => id === poison)).toHaveLength(3);
    expect(await effects('fxo.picky')).toEqual([good1, good2]);
  });

  it('marks an event that no subscriber wants as done', async () => {
    const sub = recorder('fxo.listener', ['fxo.bell.rung']);
    const orphan = await emit('fxo.tree.planted', { species: 'ginkgo' });
    const wanted = await emit('fxo.bell.rung');
    expect(await doneAt(orphan)).toBeNull();
    expect(await dispatcher([sub]).run()).toEqual(delivered(1));
    expect(await doneAt(orphan)).toBeInstanceOf(Date);
    expect(await doneAt(wanted)).toBeInstanceOf(Date);
    expect(await db.selectFrom('core_outbox_deliveries').select('subscriber').where('event_id', '=', orphan).execute()).toEqual([]);
  });

  it('delivers in id order per subscriber, across batches and transactions', async () => {
    const both = recorder('fxo.both', ['fxo.lamp.lit', 'fxo.lamp.dimmed']);
    const dimOnly = recorder('fxo.dim-only', ['fxo.lamp.dimmed']);
    const lit: number[] = [];
    const dimmed: number[] = [];
    for (let i = 0; i < 12; i++) {
      await db.transaction().execute(async (trx) => {
        lit.push(await emitEvent(trx, city, 'fxo.lamp.lit', { i }));
        if (i % 3 !== 0) dimmed.push(await emitEvent(trx, city, 'fxo.lamp.dimmed', { i }));
      });
    }
    // Ids are taken when a row is inserted, not when it commits, so concurrent producers leave
    // rows in the table out of id order; force that here with ids inserted high to low.
    const { rows: late } = await sql<{ id: number }>`
      insert into core_outbox (id, city_code, topic, payload)
      select 900000 - g, ${city}, 'fxo.lamp.lit', '{}'::jsonb from generate_series(1, 6) g returning id`.execute(db);
    lit.push(...late.map((r) => Number(r.id)).sort((x, y) => x - y));
    const d = dispatcher([both, dimOnly], { batchSize: 4 });
    expect(await d.run()).toEqual(delivered(lit.length + 2 * dimmed.length));
    expect(both.calls).toEqual([...lit, ...dimmed].sort((x, y) => x - y));
    expect(dimOnly.calls).toEqual(dimmed);
  });

  it('opens a batch on a woken round only for the subscribers that have something to deliver', async () => {
    // The dispatcher's statements, counted: a batch is the select that takes the subscriber's lock.
    const statements: string[] = [];
    const parameters: unknown[][] = [];
    const counted = new Kysely<CoreTables>({
      dialect: new PostgresDialect({ pool: s.kernel.database.pool }),
      log: (e) => void (statements.push(e.query.sql), parameters.push([...e.query.parameters])),
    });
    const busy = recorder('fxo.busy', ['fxo.kettle.boiled']);
    const idle = [recorder('fxo.idle-1', ['fxo.kettle.cooled']), recorder('fxo.idle-2', ['fxo.kettle.descaled'])];
    const d = createOutboxDispatcher({ db: counted, subscribers: [busy, ...idle], logger: quiet, pollMs: 600_000, wakeDelayMs: 1 });
    const batches = () => statements.filter((q) => q.includes('pg_try_advisory_xact_lock')).length;
    d.start();
    try {
      // A full round (the poll's) gives even the subscribers with nothing pending a floor.
      await d.drain();
      const id = await emit('fxo.kettle.boiled', { litres: 1.5 });
      statements.length = 0;
      parameters.length = 0;
      d.wake();
      await expect.poll(() => busy.calls, { timeout: 5000, interval: 5 }).toEqual([id]);
      await expect.poll(() => statements.filter((q) => q.includes('s(name text, topics text[], floor bigint)')).length, { timeout: 5000, interval: 5 }).toBeGreaterThanOrEqual(2);
      // Pass one: the busy subscriber's batch; pass two finds nothing left, so no batch at all.
      expect(batches()).toBe(1);
      const question = statements.findIndex((q) => q.includes('s(name text, topics text[], floor bigint)'));
      const floors = Object.fromEntries((JSON.parse(parameters[question]![0] as string) as { name: string; floor: number }[]).map((f) => [f.name, f.floor]));
      expect(floors['fxo.idle-1']).toBeGreaterThan(0);
      expect(floors['fxo.idle-2']).toBeGreaterThan(0);
      expect(idle.flatMap((r) => r.calls)).toEqual([]);
      expect(await doneAt(id)).not.toBeNull();
    } finally {
      await d.stop();
    }
  });

  it('reports pending events, their lag and dead letters in stats()', async () => {
    // Start from an outbox where everything is done.
    await dispatcher([]).drain();
    const d = dispatcher([recorder('fxo.counter', ['fxo.gauge.read'])]);
    const { dead: deadBefore } = await d.stats();
    expect(await d.stats()).toMatchObject({ pending: 0, oldestPendingAgeS: 0 });
    const ids = [await emit('fxo.gauge.read'), await emit('fxo.gauge.read'), await emit('fxo.gauge.read')];
    await db.updateTable('core_outbox').set({ created_at: sql`now() - interval '90 seconds'` }).where('id', '=', ids[0]!).execute();
    const pending = await d.stats();
    expect(pending.pending).toBe(3);
    expect(pending.oldestPendingAgeS).toBeGreaterThanOrEqual(89);
    expect(pending.oldestPendingAgeS).toBeLessThan(150);
    await d.drain();
    expect(await d.stats()).toEqual({ pending: 0, oldestPendingAgeS: 0, dead: deadBefore });

    await emit('fxo.gauge.broke');
    const doomed = dispatcher([recorder('fxo.doomed', ['fxo.gauge.broke'], () => 'always fails')], { maxAttempts: 1 });
    expect(await doomed.run()).toEqual({ done: 0, retry: 0, dead: 1 });
    expect(await doomed.stats()).toEqual({ pending: 0, oldestPendingAgeS: 0, dead: deadBefore + 1 });
  });

  it('rejects topic names not of the form <module>.<entity>.<past-verb>', async () => {
    const before = await db.selectFrom('core_outbox').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const bad of ['fxo.case', 'fxo.case.opened.again', 'Fxo.case.opened', 'fxo.case opened', 'fxo..opened', '.case.opened', 'fxo_x.case.opened', '1fxo.case.opened', '']) {
      await expect(emit(bad), bad).rejects.toThrow('<module>.<entity>.<past-verb>');
      expect(() => dispatcher([recorder('fxo.bad-topic', [bad])]), bad).toThrow('<module>.<entity>.<past-verb>');
    }
    const after = await db.selectFrom('core_outbox').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await emit('fxo.case.opened')).toBeGreaterThan(0);
    expect(() => dispatcher([recorder('fxo.twin', ['fxo.case.opened']), recorder('fxo.twin', ['fxo.case.opened'])])).toThrow('two subscribers are named fxo.twin');
  });

  it('never double-delivers when two copies of the service dispatch the same outbox at once', async () => {
    const events = 120;
    const subs = (fxo.subscribers as Subscriber[]).map((x) => x.name);
    const other = driver === 'postgres' ? await openDatabase({ url: s.config.databaseUrl!, poolSize: 5 }) : s.kernel.database;
    let copy: Service | undefined;
    try {
      copy = await createService({ config: s.config, modules: [fxo], database: other, background: false, logger: quiet });
      const copies = [s, copy];
      parcelCalls = 0;
      const ids: number[] = [];
      let emitted = false;
      const produce = async () => {
        for (let i = 0; i < events; i += 10) {
          await copies[i % 2]!.kernel.db.transaction().execute(async (trx) => {
            for (let j = 0; j < 10; j++) ids.push(await emitEvent(trx, city, 'fxo.parcel.sent', { n: i + j }));
          });
        }
        emitted = true;
      };
      const delivered = async () => Number((await db.selectFrom('core_outbox_deliveries').select(({ fn }) => fn.countAll<number>().as('n')).where('subscriber', 'in', subs).executeTakeFirstOrThrow()).n);
      const consume = async (svc: Service) => {
        let n = 0;
        for (let round = 0; round < 500; round++) {
          n += await svc.kernel.outbox.drain();
          if (emitted && (await delivered()) === events * subs.length) break;
        }
        return n;
      };
      const [, a, b] = await Promise.all([produce(), consume(s), consume(copy)]);

      expect(a + b).toBe(events * subs.length);
      expect(parcelCalls).toBe(events * subs.length);
      const { rows } = await sql<{ subscriber: string; event_id: number; n: number }>`
        select subscriber, event_id, count(*)::int as n from fxo_effects where subscriber in (${sql.join(subs)}) group by subscriber, event_id`.execute(db);
      expect(rows).toHaveLength(events * subs.length);
      expect(rows.filter((r) => r.n !== 1)).toEqual([]);
      expect(new Set(rows.map((r) => Number(r.event_id)))).toEqual(new Set(ids));
      expect(await db.selectFrom('core_outbox_failures').select('event_id').where('subscriber', 'in', subs).execute()).toEqual([]);
    } finally {
      await copy?.stop();
      if (other !== s.kernel.database) await other.close();
    }
  });
});

describe.each(testDrivers())('outbox in a running service (%s)', (driver) => {
  it('delivers an event committed through kernel.transaction without waiting for the next poll', async () => {
    const seen: number[] = [];
    const mod: CityworkModule = {
      name: 'fxo',
      migrationsDir: path.join(fixtures, 'modules', 'fxo'),
      subscribers: [{ name: 'fxo.live', topics: ['fxo.gate.opened'], handle: async (e) => void seen.push(e.id) }],
    };
    const svc = await testService({ driver, modules: [mod], background: true, config: { outboxPollMs: 600_000 } });
    try {
      const id = await svc.kernel.transaction((trx) => emitEvent(trx, city, 'fxo.gate.opened', { gate: 'north' }));
      await expect.poll(() => seen, { timeout: 5000, interval: 20 }).toEqual([id]);
    } finally {
      await svc.close();
    }
  });
});
