import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { runMigrations } from '../../src/core/db/migrate.js';
import { openDatabase, type Database } from '../../src/core/db/database.js';
import { createManualClock } from '../../src/core/clock.js';
import { createPii } from '../../src/core/pii.js';
import { generateSecrets } from '../../src/core/secrets.js';
import {
  createNotificationWorker,
  enqueueNotification,
  listNotifications,
  sinkAdapter,
  type NotificationAdapter,
  type NotificationInput,
  type NotificationWorkerOptions,
  type NotifyTables,
  type OutgoingMessage,
} from '../../src/core/notify.js';
import { freshDatabase, hasPostgres, testDrivers } from '../support/db.js';
import { appError, quiet } from './helpers.js';

const city = '110000';
const core = { name: 'core', dir: path.resolve('src/core/migrations') };
const secrets = generateSecrets();
const pii = createPii({ keys: secrets.piiKeys, hashKey: secrets.piiHashKey });

/** A citizen's SMS about a case, with an id of its own. */
const sms = (id: string, phone = '13812345678'): NotificationInput => ({
  id,
  cityCode: city,
  channel: 'sms',
  recipient: { kind: 'citizen', ref: `case_${id}`, phone },
  template: 'hotline.case.replied',
  params: { caseNo: id, days: 2, note: null },
  body: `您反映的问题（${id}）已答复。`,
});
const hook = (id: string): NotificationInput => ({
  id,
  cityCode: city,
  channel: 'webhook',
  recipient: { kind: 'org', ref: 'org.dc.housing' },
  template: 'hotline.case.dispatched',
  params: { caseNo: id },
  body: `新工单 ${id}`,
});

/** An adapter that remembers what it was handed and fails while `fail` says so. */
function recorder(channel: 'sms' | 'webhook', fail: (m: OutgoingMessage, call: number) => string | null = () => null): NotificationAdapter & { seen: OutgoingMessage[] } {
  const seen: OutgoingMessage[] = [];
  return {
    name: `recorder-${channel}`,
    channel,
    seen,
    async send(m) {
      seen.push(m);
      const error = fail(m, seen.filter((s) => s.id === m.id).length);
      if (error) throw new Error(error);
      return { providerId: `p-${m.id}` };
    },
  };
}

describe.each(testDrivers())('notifications (%s)', (driver) => {
  let database: Database & { url?: string };
  let db: Kysely<NotifyTables>;
  const clock = createManualClock(new Date());
  beforeAll(async () => {
    database = await freshDatabase(driver);
    await runMigrations(database.db, [core]);
    db = database.db as unknown as Kysely<NotifyTables>;
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    await db.deleteFrom('core_notifications').execute();
  });

  const worker = (options: Partial<NotificationWorkerOptions> = {}) =>
    createNotificationWorker({ db, pii, clock, logger: quiet, adapters: { sms: sinkAdapter('sms'), webhook: sinkAdapter('webhook') }, ...options });
  const row = (id: string) => db.selectFrom('core_notifications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('enqueues in the caller’s transaction, once per id, with the phone sealed and masked', async () => {
    expect(await db.transaction().execute((trx) => enqueueNotification(trx, pii, sms('n1', '+86 138-1234-5678')))).toBe(true);
    expect(await db.transaction().execute((trx) => enqueueNotification(trx, pii, { ...sms('n1'), body: 'another rendering' }))).toBe(false);
    const refused = db.transaction().execute(async (trx) => {
      await enqueueNotification(trx, pii, sms('n2'));
      throw new Error('change refused');
    });
    await expect(refused).rejects.toThrow('change refused');
    const rows = await db.selectFrom('core_notifications').selectAll().execute();
    expect(rows).toHaveLength(1);
    const [r] = rows;
    expect(r).toMatchObject({ id: 'n1', status: 'pending', attempts: 0, recipient_masked: '138****5678', recipient_ref: 'case_n1', body: '您反映的问题（n1）已答复。', adapter: null, next_attempt_at: null });
    expect(r!.params).toEqual({ caseNo: 'n1', days: 2, note: null });
    expect(r!.recipient_secret).not.toContain('5678');
    expect(pii.decrypt(r!.recipient_secret!)).toBe('13812345678');
  });

  it('refuses an SMS without a phone number and a webhook with one', async () => {
    expect((await appError(enqueueNotification(db, pii, { ...sms('n3'), recipient: { kind: 'citizen', ref: 'case_x' } }))).field).toBe('recipient.phone');
    expect((await appError(enqueueNotification(db, pii, { ...hook('n4'), recipient: { kind: 'org', ref: 'o', phone: '13812345678' } }))).field).toBe('recipient.phone');
    expect((await appError(enqueueNotification(db, pii, { ...hook('n 5') }))).field).toBe('id');
    expect((await appError(enqueueNotification(db, pii, { ...hook('n6'), template: 'Replied!' }))).field).toBe('template');
  });

  it('sends pending rows through the sink, marks them sent and erases the phone', async () => {
    await enqueueNotification(db, pii, sms('s1'));
    await enqueueNotification(db, pii, hook('w1'));
    expect(await worker().deliverPending()).toEqual({ sent: 2, failed: 0, abandoned: 0 });
    for (const id of ['s1', 'w1']) {
      expect(await row(id)).toMatchObject({ status: 'sent', adapter: 'sink', attempts: 1, recipient_secret: null, next_attempt_at: null, last_error: null, sent_at: clock.now() });
    }
    expect((await row('s1')).recipient_masked).toBe('138****5678');
    expect(await worker().deliverPending()).toEqual({ sent: 0, failed: 0, abandoned: 0 });
    const listed = await listNotifications(db, city, { template: 'hotline.case.replied' });
    expect(listed.map((n) => [n.id, n.status, n.recipientMasked])).toEqual([['s1', 'sent', '138****5678']]);
    expect(Object.keys(listed[0]!)).not.toContain('recipientSecret');
    expect(JSON.stringify(listed)).not.toContain('pii1.');
    expect((await listNotifications(db, city, { ref: 'org.dc.housing' })).map((n) => n.id)).toEqual(['w1']);
    expect(await listNotifications(db, '310000')).toEqual([]);
  });

  it('hands the adapter the decrypted phone (SMS) or the reference (webhook)', async () => {
    const smsOut = recorder('sms');
    const hookOut = recorder('webhook');
    await enqueueNotification(db, pii, sms('s2', '13900001111'));
    await enqueueNotification(db, pii, hook('w2'));
    await worker({ adapters: { sms: smsOut, webhook: hookOut } }).deliverPending();
    expect(smsOut.seen).toEqual([{ id: 's2', cityCode: city, channel: 'sms', recipientKind: 'citizen', to: '13900001111', template: 'hotline.case.replied', params: { caseNo: 's2', days: 2, note: null }, body: '您反映的问题（s2）已答复。' }]);
    expect(hookOut.seen.map((m) => [m.to, m.recipientKind])).toEqual([['org.dc.housing', 'org']]);
    expect(await row('s2')).toMatchObject({ status: 'sent', adapter: 'recorder-sms', provider_id: 'p-s2' });
  });

  it('takes a phone already sealed (a case’s) as it is, and sends it decrypted', async () => {
    const smsOut = recorder('sms');
    const sealed = pii.encrypt('13700002222');
    await enqueueNotification(db, pii, { ...sms('s3'), recipient: { kind: 'citizen', ref: 'case_s3', sealedPhone: sealed, masked: '137****2222' } });
    expect(await row('s3')).toMatchObject({ recipient_secret: sealed, recipient_masked: '137****2222' });
    await worker({ adapters: { sms: smsOut, webhook: recorder('webhook') } }).deliverPending();
    expect(smsOut.seen.map((m) => m.to)).toEqual(['13700002222']);
    expect(await row('s3')).toMatchObject({ status: 'sent', recipient_secret: null });
    // Alone, with its mask, and only on an SMS.
    expect((await appError(enqueueNotification(db, pii, { ...sms('s4'), recipient: { kind: 'citizen', ref: 'c', sealedPhone: sealed } }))).field).toBe('recipient.sealedPhone');
    expect((await appError(enqueueNotification(db, pii, { ...sms('s5'), recipient: { kind: 'citizen', ref: 'c', sealedPhone: sealed, phone: '13700002222', masked: 'm' } }))).field).toBe('recipient.sealedPhone');
    expect((await appError(enqueueNotification(db, pii, { ...hook('w5'), recipient: { kind: 'org', ref: 'o', sealedPhone: sealed, masked: 'm' } }))).field).toBe('recipient.phone');
  });

  it('backs off exponentially after a failure, then abandons after maxAttempts and erases the phone', async () => {
    const gateway = recorder('sms', (m) => `number ${m.to} rejected`);
    const w = worker({ adapters: { sms: gateway, webhook: sinkAdapter('webhook') }, maxAttempts: 3, backoffMs: 1000 });
    await enqueueNotification(db, pii, sms('f1'));
    const start = clock.now().getTime();
    expect(await w.deliverPending()).toEqual({ sent: 0, failed: 1, abandoned: 0 });
    let r = await row('f1');
    expect(r).toMatchObject({ status: 'failed', attempts: 1, adapter: 'recorder-sms', next_attempt_at: new Date(start + 1000) });
    // The provider echoed the number: the row keeps it masked.
    expect(r.last_error).toBe('number 138****5678 rejected');
    expect(r.recipient_secret).not.toBeNull();
    expect(await w.deliverPending()).toEqual({ sent: 0, failed: 0, abandoned: 0 });
    clock.advance(999);
    expect(await w.deliverPending()).toEqual({ sent: 0, failed: 0, abandoned: 0 });
    clock.advance(1);
    expect(await w.deliverPending()).toEqual({ sent: 0, failed: 1, abandoned: 0 });
    r = await row('f1');
    expect(r).toMatchObject({ status: 'failed', attempts: 2, next_attempt_at: new Date(start + 1000 + 2000) });
    clock.advance(2000);
    expect(await w.deliverPending()).toEqual({ sent: 0, failed: 0, abandoned: 1 });
    expect(await row('f1')).toMatchObject({ status: 'abandoned', attempts: 3, recipient_secret: null, next_attempt_at: null, last_error: 'number 138****5678 rejected', sent_at: null });
    clock.advance(3_600_000);
    expect(await w.deliverPending()).toEqual({ sent: 0, failed: 0, abandoned: 0 });
    expect(gateway.seen).toHaveLength(3);
  });

  it('sends on a retry once the provider recovers', async () => {
    const gateway = recorder('webhook', (_m, call) => (call === 1 ? 'webhook answered 503' : null));
    const w = worker({ adapters: { sms: sinkAdapter('sms'), webhook: gateway }, backoffMs: 500 });
    await enqueueNotification(db, pii, hook('r1'));
    expect(await w.deliverPending()).toEqual({ sent: 0, failed: 1, abandoned: 0 });
    clock.advance(500);
    expect(await w.deliverPending()).toEqual({ sent: 1, failed: 0, abandoned: 0 });
    expect(await row('r1')).toMatchObject({ status: 'sent', attempts: 2, last_error: null, provider_id: 'p-r1' });
  });

  it('abandons at once an SMS whose phone number is gone', async () => {
    await enqueueNotification(db, pii, sms('g1'));
    await db.updateTable('core_notifications').set({ recipient_secret: null }).where('id', '=', 'g1').execute();
    expect(await worker().deliverPending()).toEqual({ sent: 0, failed: 0, abandoned: 1 });
    expect(await row('g1')).toMatchObject({ status: 'abandoned', last_error: 'no phone number to send to' });
  });

  it('leases what it claims: a row whose send never finished is retried once the lease runs out', async () => {
    await enqueueNotification(db, pii, hook('l1'));
    // A copy that crashed mid-send left the row claimed (attempts bumped, leased for a minute).
    await sql`update core_notifications set attempts = 1, next_attempt_at = ${new Date(clock.now().getTime() + 60_000)} where id = 'l1'`.execute(db);
    const w = worker({ leaseMs: 60_000 });
    expect(await w.deliverPending()).toEqual({ sent: 0, failed: 0, abandoned: 0 });
    clock.advance(60_000);
    expect(await w.deliverPending()).toEqual({ sent: 1, failed: 0, abandoned: 0 });
    expect(await row('l1')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('runs as a scheduler job that delivers batch after batch', async () => {
    for (let i = 0; i < 25; i++) await enqueueNotification(db, pii, hook(`j${String(i).padStart(2, '0')}`));
    const job = worker({ batch: 10 }).job(2000);
    expect([job.name, job.everyMs]).toEqual(['core.notifications.deliver', 2000]);
    await job.run();
    expect((await listNotifications(db, city, { status: 'sent' })).length).toBe(25);
  });

  it.runIf(driver === 'postgres')('never sends one row twice when two workers race (skip locked)', async () => {
    const other = await openDatabase({ url: database.url!, poolSize: 3 });
    try {
      for (let i = 0; i < 60; i++) await enqueueNotification(db, pii, sms(`p${i}`, `1390000${String(i).padStart(4, '0')}`));
      const sends = new Map<string, number>();
      const adapter = (name: string): NotificationAdapter => ({
        name,
        channel: 'sms',
        async send(m) {
          sends.set(m.id, (sends.get(m.id) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, Math.random() * 3));
          return {};
        },
      });
      const copy = (handle: Kysely<any>, name: string) => worker({ db: handle, batch: 7, adapters: { sms: adapter(name), webhook: sinkAdapter('webhook') } });
      const drain = async (w: ReturnType<typeof copy>) => {
        let total = 0;
        for (;;) {
          const r = await w.deliverPending();
          if (r.sent === 0) return total;
          total += r.sent;
        }
      };
      // Two copies on their own pools, and a second worker sharing the first copy's pool.
      const totals = await Promise.all([drain(copy(db, 'copy-a')), drain(copy(other.db, 'copy-b')), drain(copy(db, 'copy-a'))]);
      expect(totals.reduce((x, y) => x + y)).toBe(60);
      expect(sends.size).toBe(60);
      expect([...sends.values()].every((n) => n === 1)).toBe(true);
      const rows = await db.selectFrom('core_notifications').select(['attempts']).where('status', '=', 'sent').execute();
      expect(rows).toHaveLength(60);
      expect(rows.every((r) => r.attempts === 1)).toBe(true);
    } finally {
      await other.close();
    }
  });
});

if (!hasPostgres) describe.skip('notifications (postgres): set TEST_DATABASE_URL', () => it('races two workers', () => {}));
