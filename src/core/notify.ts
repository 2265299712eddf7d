import { sql, type ColumnType, type Generated, type Kysely, type Transaction } from 'kysely';
import type { Clock } from './clock.js';
import { AppError } from './errors.js';
import type { Logger } from './logger.js';
import { maskPhone, normalisePhone, type Pii } from './pii.js';
import type { Job } from './scheduler.js';
import { createWaker } from './waker.js';
import type { NotificationAdapter } from './notify-adapters.js';

// The adapters (the sink, an HTTP SMS gateway, signed webhooks) are their own file.
export * from './notify-adapters.js';

export type NotificationChannel = 'sms' | 'webhook';
export type NotificationStatus = 'pending' | 'sent' | 'failed' | 'abandoned';
export type RecipientKind = 'citizen' | 'org' | 'user';
export type NotificationParams = Record<string, string | number | null>;

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** The notification table, as Kysely sees it (migration 0004). */
export interface NotifyTables {
  core_notifications: {
    id: string;
    city_code: string;
    channel: NotificationChannel;
    recipient_kind: RecipientKind;
    recipient_ref: string;
    recipient_masked: string | null;
    recipient_secret: string | null;
    template: string;
    params: ColumnType<NotificationParams, string, string>;
    body: string;
    status: ColumnType<NotificationStatus, NotificationStatus | undefined, NotificationStatus>;
    adapter: string | null;
    attempts: Generated<number>;
    next_attempt_at: TsNull;
    last_error: string | null;
    provider_id: string | null;
    created_at: Ts;
    sent_at: TsNull;
  };
}

/** A message to enqueue: who gets it (by reference, the phone sealed), the template and its rendering. */
export interface NotificationInput {
  /** Chosen by the caller and deterministic (`hotline.case.replied:case_…`), so enqueuing twice is a no-op. */
  id: string;
  cityCode: string;
  channel: NotificationChannel;
  recipient: {
    kind: RecipientKind;
    /** What the message is about or for: a case id, an org code. Never a phone number. */
    ref: string;
    /** In clear, SMS only; stored encrypted and erased once sent or abandoned. */
    phone?: string;
    /**
     * Instead of `phone`: the number already sealed with the same PII keys (`pii.encrypt`), as a
     * case keeps its caller's, checked when it was taken. Stored as it is: no decrypting and
     * sealing again on the way through the outbox. Needs `masked`.
     */
    sealedPhone?: string;
    /** Shown to operators; defaults to the masked phone. */
    masked?: string;
  };
  template: string;
  params: NotificationParams;
  body: string;
}

/**
 * Enqueues a notification in the caller's transaction: it is sent iff the change commits.
 * Resolves false when a notification with this id already exists.
 */
export async function enqueueNotification(trx: Transaction<any> | Kysely<any>, pii: Pii, n: NotificationInput): Promise<boolean> {
  return (await enqueueNotifications(trx, pii, [n])) > 0;
}

/** Enqueues several notifications in one statement (an outbox batch's); resolves with how many were new. */
export async function enqueueNotifications(trx: Transaction<any> | Kysely<any>, pii: Pii, list: NotificationInput[]): Promise<number> {
  if (!list.length) return 0;
  const rows = list.map((n) => {
    if (!/^\S{1,200}$/.test(n.id)) throw new AppError('invalid', 'a notification id is 1–200 characters without spaces', { field: 'id' });
    if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(n.template)) throw new AppError('invalid', `bad notification template name ${n.template}`, { field: 'template' });
    if (!n.body.trim()) throw new AppError('invalid', 'a notification needs a body', { field: 'body' });
    if (!n.recipient.ref) throw new AppError('invalid', 'a notification needs a recipient reference', { field: 'recipient.ref' });
    let phone: string | null = null;
    const sealed = n.recipient.sealedPhone ?? null;
    if (n.channel !== 'sms' && (n.recipient.phone !== undefined || sealed)) throw new AppError('invalid', 'only an SMS carries a phone number', { field: 'recipient.phone' });
    if (sealed && (n.recipient.phone !== undefined || !n.recipient.masked)) throw new AppError('invalid', 'a sealed phone comes alone, with its mask', { field: 'recipient.sealedPhone' });
    if (n.channel === 'sms' && !sealed) {
      phone = normalisePhone(n.recipient.phone ?? '');
      if (phone.length < 5) throw new AppError('invalid', 'an SMS needs the recipient’s phone number', { field: 'recipient.phone' });
    }
    return {
      id: n.id,
      city_code: n.cityCode,
      channel: n.channel,
      recipient_kind: n.recipient.kind,
      recipient_ref: n.recipient.ref,
      recipient_masked: n.recipient.masked ?? (phone ? maskPhone(phone) : null),
      recipient_secret: sealed ?? (phone ? pii.encrypt(phone) : null),
      template: n.template,
      params: JSON.stringify(n.params),
      body: n.body,
    };
  });
  // One id twice in one statement would be an error in PostgreSQL's ON CONFLICT: keep the first.
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  const result = await (trx as Kysely<NotifyTables>)
    .insertInto('core_notifications')
    .values(unique)
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export interface NotificationWorkerOptions {
  db: Kysely<any>;
  pii: Pii;
  clock: Clock;
  logger: Logger;
  adapters: { sms: NotificationAdapter; webhook: NotificationAdapter };
  batch?: number;
  maxAttempts?: number;
  /** The first retry's delay; each next one doubles, up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How long a claimed row stays away from other workers: longer than a batch of sends can take. */
  leaseMs?: number;
  /** How long a wake waits to gather more enqueued notifications into its batches. */
  wakeDelayMs?: number;
}

export interface DeliveryReport {
  sent: number;
  failed: number;
  abandoned: number;
}

/**
 * The delivery worker: claims due rows in one short statement (`for update skip locked`,
 * bumping attempts and leasing them), sends them outside any transaction, then marks each.
 * A failed send is retried with exponential backoff; after `maxAttempts` it is abandoned.
 */
export interface NotificationWorker {
  /** Sends one batch of what is due. */
  deliverPending(): Promise<DeliveryReport>;
  /** The scheduled job: sends until nothing is due (at most two seconds a run). */
  job(everyMs: number): Job;
  /** Once started, asks for a run soon (debounced): called as notifications are enqueued, so they leave in small steady batches instead of one burst per job period. */
  wake(): void;
  start(): void;
  stop(): Promise<void>;
}

export function createNotificationWorker({
  db: anyDb,
  pii,
  clock,
  logger,
  adapters,
  batch = 100,
  maxAttempts = 8,
  backoffMs = 30_000,
  maxBackoffMs = 3_600_000,
  leaseMs = 600_000,
  wakeDelayMs = 50,
}: NotificationWorkerOptions): NotificationWorker {
  const db = anyDb as Kysely<NotifyTables>;
  for (const channel of ['sms', 'webhook'] as const) {
    if (adapters[channel].channel !== channel) throw new Error(`the ${channel} adapter ${adapters[channel].name} sends over ${adapters[channel].channel}`);
  }

  async function claim(): Promise<ClaimedRow[]> {
    const now = clock.now();
    const { rows } = await sql<ClaimedRow>`
      with due as materialized (
        select id from core_notifications
         where status in ('pending', 'failed') and (next_attempt_at is null or next_attempt_at <= ${now})
         order by next_attempt_at nulls first, created_at
         limit ${batch}
         for update skip locked)
      update core_notifications n
         set attempts = n.attempts + 1, next_attempt_at = ${new Date(now.getTime() + leaseMs)}
        from due where n.id = due.id
      returning n.id, n.city_code, n.channel, n.recipient_kind, n.recipient_ref, n.recipient_secret, n.template, n.params, n.body, n.attempts`.execute(db);
    return rows;
  }

  /** What became of one notification, recorded with the rest of its batch. */
  interface Outcome {
    id: string;
    status: keyof DeliveryReport;
    adapter: string | null;
    provider_id: string | null;
    last_error: string | null;
    next_attempt_at: Date | null;
  }

  async function deliver(row: ClaimedRow): Promise<Outcome> {
    const adapter = adapters[row.channel];
    if (row.channel === 'sms' && !row.recipient_secret) return giveUp(row, 'no phone number to send to');
    let phone: string | undefined;
    let providerId: string | undefined;
    try {
      if (row.recipient_secret && row.channel === 'sms') phone = pii.decrypt(row.recipient_secret);
      ({ providerId } = await adapter.send({
        id: row.id,
        cityCode: row.city_code,
        channel: row.channel,
        recipientKind: row.recipient_kind,
        to: phone ?? row.recipient_ref,
        template: row.template,
        params: row.params,
        body: row.body,
      }));
    } catch (err) {
      return retryLater(row, adapter.name, redact(err instanceof Error ? err.message : String(err), phone));
    }
    // Outside the try: a send that went out is never recorded as a failure.
    return { id: row.id, status: 'sent', adapter: adapter.name, provider_id: providerId ?? null, last_error: null, next_attempt_at: null };
  }

  function retryLater(row: ClaimedRow, adapter: string, error: string): Outcome {
    if (row.attempts >= maxAttempts) return giveUp(row, error, adapter);
    const next = new Date(clock.now().getTime() + Math.min(maxBackoffMs, backoffMs * 2 ** (row.attempts - 1)));
    logger.warn({ notification: row.id, template: row.template, attempts: row.attempts, err: error }, 'notification not sent; will retry');
    return { id: row.id, status: 'failed', adapter, provider_id: null, last_error: error, next_attempt_at: next };
  }

  function giveUp(row: ClaimedRow, error: string, adapter: string | null = null): Outcome {
    logger.error({ notification: row.id, template: row.template, attempts: row.attempts, err: error }, 'notification abandoned');
    return { id: row.id, status: 'abandoned', adapter, provider_id: null, last_error: error, next_attempt_at: null };
  }

  /**
   * A batch's outcomes in one statement: sent (the phone number erased), failed (kept, with the
   * next attempt) or abandoned (erased). A crash before it re-sends the batch once its lease
   * ends: delivery is at least once, as a gateway's own retries are.
   */
  async function record(outcomes: Outcome[]): Promise<void> {
    if (!outcomes.length) return;
    await sql`
      update core_notifications n
         set status = r.status, adapter = r.adapter, last_error = r.last_error, next_attempt_at = r.next_attempt_at,
             provider_id = case when r.status = 'sent' then r.provider_id else n.provider_id end,
             sent_at = case when r.status = 'sent' then ${clock.now()}::timestamptz else n.sent_at end,
             recipient_secret = case when r.status = 'failed' then n.recipient_secret end
        from jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb)
          as r(id text, status text, adapter text, provider_id text, last_error text, next_attempt_at timestamptz)
       where n.id = r.id`.execute(db);
  }

  async function deliverPending(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, failed: 0, abandoned: 0 };
    const outcomes: Outcome[] = [];
    // One at a time: a gateway is rarely glad of bursts, and the lease covers the batch.
    for (const row of await claim()) {
      const o = await deliver(row);
      outcomes.push(o);
      report[o.status]++;
    }
    await record(outcomes);
    return report;
  }

  /** Until nothing is due, for at most two seconds: the scheduler's other jobs wait meanwhile. */
  async function deliverAll(): Promise<void> {
    const until = performance.now() + 2000;
    while (performance.now() < until) {
      const r = await deliverPending();
      if (r.sent + r.failed + r.abandoned < batch) break;
    }
  }

  let started = false;
  let running: Promise<void> | undefined;
  // One run at a time in this copy (others are kept apart by the claim's skip-locked lease).
  const waker = createWaker(wakeDelayMs, () => {
    running ??= deliverAll()
      .catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'notification delivery failed'))
      .finally(() => (running = undefined));
  });
  return {
    deliverPending,
    job: (everyMs) => ({ name: 'core.notifications.deliver', everyMs, run: deliverAll }),
    wake() {
      if (started) waker.wake();
    },
    start() {
      started = true;
    },
    async stop() {
      started = false;
      waker.cancel();
      await running;
    },
  };
}

/** A notification as operators see it: everything but the sealed phone number. */
export interface NotificationView {
  id: string;
  cityCode: string;
  channel: NotificationChannel;
  recipientKind: RecipientKind;
  recipientRef: string;
  recipientMasked: string | null;
  template: string;
  params: NotificationParams;
  body: string;
  status: NotificationStatus;
  adapter: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  providerId: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** The notifications of a city, oldest first, optionally by template, recipient ref or status. */
export async function listNotifications(
  anyDb: Kysely<any>,
  cityCode: string,
  { template, ref, status, channel, limit = 100 }: { template?: string; ref?: string; status?: string; channel?: string; limit?: number } = {},
): Promise<NotificationView[]> {
  let q = (anyDb as Kysely<NotifyTables>)
    .selectFrom('core_notifications')
    .select([
      'id', 'city_code', 'channel', 'recipient_kind', 'recipient_ref', 'recipient_masked', 'template', 'params', 'body', 'status',
      'adapter', 'attempts', 'next_attempt_at', 'last_error', 'provider_id', 'created_at', 'sent_at',
    ])
    .where('city_code', '=', cityCode);
  if (template) q = q.where('template', '=', template);
  if (ref) q = q.where('recipient_ref', '=', ref);
  if (status) q = q.where('status', '=', status as NotificationStatus);
  if (channel) q = q.where('channel', '=', channel as NotificationChannel);
  const rows = await q.orderBy('created_at').orderBy('id').limit(Math.max(1, Math.min(1000, limit))).execute();
  return rows.map((r) => ({
    id: r.id,
    cityCode: r.city_code,
    channel: r.channel,
    recipientKind: r.recipient_kind,
    recipientRef: r.recipient_ref,
    recipientMasked: r.recipient_masked,
    template: r.template,
    params: r.params,
    body: r.body,
    status: r.status,
    adapter: r.adapter,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    providerId: r.provider_id,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
}

interface ClaimedRow {
  id: string;
  city_code: string;
  channel: NotificationChannel;
  recipient_kind: RecipientKind;
  recipient_ref: string;
  recipient_secret: string | null;
  template: string;
  params: NotificationParams;
  body: string;
  attempts: number;
}

// A provider may echo the number in its error: keep it out of the row and the logs.
function redact(message: string, phone: string | undefined): string {
  const masked = phone ? message.split(phone).join(maskPhone(phone)) : message;
  return masked.replace(/\d{11,}/g, (d) => maskPhone(d)).slice(0, 1000);
}
