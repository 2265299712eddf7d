// How a notification leaves: the development sink, an HTTP SMS gateway, signed webhooks, and
// which of them the settings ask for. The queue and its worker are `notify.ts`.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from './config.js';
import { AppError } from './errors.js';
import type { Logger } from './logger.js';
import type { NotificationChannel, NotificationParams, RecipientKind } from './notify.js';

/** What an adapter is handed: the phone (SMS) or the recipient's reference (webhook) in `to`. */
export interface OutgoingMessage {
  id: string;
  cityCode: string;
  channel: NotificationChannel;
  recipientKind: RecipientKind;
  to: string;
  template: string;
  params: NotificationParams;
  body: string;
}

/** Sends one message over one channel; throws when the provider did not accept it. */
export interface NotificationAdapter {
  name: string;
  channel: NotificationChannel;
  send(m: OutgoingMessage): Promise<{ providerId?: string }>;
}

/** The development sink: accepts everything and sends nothing; the row itself is the record. */
export function sinkAdapter(channel: NotificationChannel): NotificationAdapter {
  return { name: 'sink', channel, send: async () => ({}) };
}

/** An SMS gateway over HTTP: POSTs `{to, body, template, params, id}` as JSON with a Bearer token. */
export function httpSmsAdapter({ url, token, fetch: fetchFn = fetch, timeoutMs = 10_000 }: { url: string; token?: string; fetch?: typeof fetch; timeoutMs?: number }): NotificationAdapter {
  return {
    name: 'http-sms',
    channel: 'sms',
    async send(m) {
      const raw = JSON.stringify({ to: m.to, body: m.body, template: m.template, params: m.params, id: m.id });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const answer = await postJson('SMS gateway', url, raw, headers, fetchFn, timeoutMs);
      return { providerId: providerIdOf(answer) };
    },
  };
}

/**
 * A webhook: POSTs `{id, cityCode, template, params, body, recipient:{kind, ref}}`, signed in
 * `x-citywork-signature: sha256=<hex HMAC-SHA256(secret, raw body)>`, with `x-citywork-delivery: <id>`.
 */
export function webhookAdapter({ url, secret, fetch: fetchFn = fetch, timeoutMs = 10_000 }: { url: string; secret: string; fetch?: typeof fetch; timeoutMs?: number }): NotificationAdapter {
  return {
    name: 'webhook',
    channel: 'webhook',
    async send(m) {
      const raw = JSON.stringify({ id: m.id, cityCode: m.cityCode, template: m.template, params: m.params, body: m.body, recipient: { kind: m.recipientKind, ref: m.to } });
      const headers = { 'content-type': 'application/json', 'x-citywork-signature': webhookSignature(secret, raw), 'x-citywork-delivery': m.id };
      const answer = await postJson('webhook', url, raw, headers, fetchFn, timeoutMs);
      return { providerId: providerIdOf(answer) };
    },
  };
}

/** The `x-citywork-signature` value of a webhook body. */
export function webhookSignature(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Whether a received webhook's signature header matches its raw body (for receivers and tests). */
export function verifyWebhookSignature(secret: string, rawBody: string | Buffer, header: string | undefined): boolean {
  const expected = Buffer.from(webhookSignature(secret, rawBody));
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The adapters the settings ask for; the sink where a channel is not configured. */
export function adaptersFromConfig(config: Config, logger: Pick<Logger, 'warn'>): { sms: NotificationAdapter; webhook: NotificationAdapter } {
  if (config.webhookUrl && !config.webhookSecret) {
    throw new AppError('invalid', 'CITYWORK_WEBHOOK_SECRET must be set when CITYWORK_WEBHOOK_URL is: receivers check the signature', { field: 'CITYWORK_WEBHOOK_SECRET' });
  }
  const sms = config.smsUrl ? httpSmsAdapter({ url: config.smsUrl, token: config.smsToken }) : sinkAdapter('sms');
  const webhook = config.webhookUrl ? webhookAdapter({ url: config.webhookUrl, secret: config.webhookSecret! }) : sinkAdapter('webhook');
  if (!config.embedded && !config.smsUrl) logger.warn('CITYWORK_SMS_URL is not set: SMS notifications are recorded as sent but go nowhere');
  return { sms, webhook };
}

// POSTs a JSON body; resolves with the answer's text on 2xx, throws with the status otherwise.
async function postJson(what: string, url: string, raw: string, headers: Record<string, string>, fetchFn: typeof fetch, timeoutMs: number): Promise<string> {
  let res: Response;
  let text: string;
  try {
    res = await fetchFn(url, { method: 'POST', headers, body: raw, signal: AbortSignal.timeout(timeoutMs) });
    text = await res.text();
  } catch (err) {
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) throw new Error(`${what} gave no answer within ${timeoutMs} ms`);
    const cause = err instanceof Error ? (err.cause as NodeJS.ErrnoException | undefined) : undefined;
    throw new Error(`${what} unreachable: ${cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err))}`);
  }
  if (res.status < 200 || res.status > 299) throw new Error(`${what} answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
  return text;
}

// The provider's message id, when the answer is JSON with `id` or `messageId`.
function providerIdOf(answer: string): string | undefined {
  try {
    const json = JSON.parse(answer) as { id?: unknown; messageId?: unknown };
    const id = json.id ?? json.messageId;
    return typeof id === 'string' || typeof id === 'number' ? String(id).slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

