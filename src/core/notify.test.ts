import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { AppError } from './errors.js';
import { adaptersFromConfig, httpSmsAdapter, sinkAdapter, verifyWebhookSignature, webhookAdapter, webhookSignature, type OutgoingMessage } from './notify.js';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
}

// A local provider: records each request and answers as `reply` says.
let received: Received[] = [];
let reply: (r: Received, res: http.ServerResponse) => void;
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method!, url: req.url!, headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      reply(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
  reply = (_r, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"prov-1"}');
});

const message: OutgoingMessage = {
  id: 'hotline.case.replied:case_01',
  cityCode: '110000',
  channel: 'sms',
  recipientKind: 'citizen',
  to: '13812345678',
  template: 'hotline.case.replied',
  params: { caseNo: 'BJ-2026-0001', days: 3, note: null },
  body: '您反映的问题已办结，编号 BJ-2026-0001。',
};

describe('httpSmsAdapter', () => {
  it('POSTs the message as JSON with the Bearer token and keeps the provider id', async () => {
    const sms = httpSmsAdapter({ url: `${base}/sms/send`, token: 'tok-123' });
    expect(await sms.send(message)).toEqual({ providerId: 'prov-1' });
    expect(received).toHaveLength(1);
    const [r] = received;
    expect(r!.method).toBe('POST');
    expect(r!.url).toBe('/sms/send');
    expect(r!.headers.authorization).toBe('Bearer tok-123');
    expect(r!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r!.raw)).toEqual({ to: '13812345678', body: message.body, template: 'hotline.case.replied', params: message.params, id: message.id });
  });

  it('sends no authorization header without a token, and takes a 2xx without a body', async () => {
    reply = (_r, res) => res.writeHead(204).end();
    expect(await httpSmsAdapter({ url: base }).send(message)).toEqual({ providerId: undefined });
    expect(received[0]!.headers.authorization).toBeUndefined();
  });

  it('throws with the status on anything but 2xx', async () => {
    reply = (_r, res) => res.writeHead(502).end('upstream down');
    await expect(httpSmsAdapter({ url: base }).send(message)).rejects.toThrow('SMS gateway answered 502: upstream down');
    reply = (_r, res) => res.writeHead(302, { location: '/elsewhere' }).end();
    await expect(httpSmsAdapter({ url: base, fetch: (u, init) => fetch(u, { ...init, redirect: 'manual' }) }).send(message)).rejects.toThrow('answered 302');
  });

  it('gives up after its timeout', async () => {
    reply = (_r, res) => void setTimeout(() => res.writeHead(200).end(), 1000);
    const started = Date.now();
    await expect(httpSmsAdapter({ url: base, timeoutMs: 100 }).send(message)).rejects.toThrow('SMS gateway gave no answer within 100 ms');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('says so when the gateway cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await expect(httpSmsAdapter({ url: `http://127.0.0.1:${port}/sms` }).send(message)).rejects.toThrow('SMS gateway unreachable: ECONNREFUSED');
  });
});

describe('webhookAdapter', () => {
  const secret = 'whsec-0123456789abcdef';
  const webhook = { ...message, channel: 'webhook' as const, recipientKind: 'org' as const, to: 'org.dongcheng.housing' };

  it('POSTs the message signed with HMAC-SHA256 of the raw body', async () => {
    reply = (r, res) => {
      const ok = verifyWebhookSignature(secret, r.raw, r.headers['x-citywork-signature'] as string);
      res.writeHead(ok ? 202 : 401).end();
    };
    expect(await webhookAdapter({ url: `${base}/hook`, secret }).send(webhook)).toEqual({ providerId: undefined });
    const [r] = received;
    expect(r!.headers['x-citywork-delivery']).toBe(webhook.id);
    expect(r!.headers['x-citywork-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(JSON.parse(r!.raw)).toEqual({
      id: webhook.id,
      cityCode: '110000',
      template: 'hotline.case.replied',
      params: webhook.params,
      body: webhook.body,
      recipient: { kind: 'org', ref: 'org.dongcheng.housing' },
    });
  });

  it('is refused by a receiver with another secret', async () => {
    reply = (r, res) => res.writeHead(verifyWebhookSignature('another-secret-0000', r.raw, r.headers['x-citywork-signature'] as string) ? 200 : 401).end('bad signature');
    await expect(webhookAdapter({ url: base, secret }).send(webhook)).rejects.toThrow('webhook answered 401: bad signature');
  });

  it('signs what a receiver can recompute, and verification rejects tampering', () => {
    const raw = '{"a":"接诉即办"}';
    const sig = webhookSignature(secret, raw);
    expect(verifyWebhookSignature(secret, Buffer.from(raw), sig)).toBe(true);
    expect(verifyWebhookSignature(secret, raw.replace('a', 'b'), sig)).toBe(false);
    expect(verifyWebhookSignature(secret, raw, undefined)).toBe(false);
    expect(verifyWebhookSignature(secret, raw, 'sha256=00')).toBe(false);
  });

  it('gives up after its timeout', async () => {
    reply = (_r, res) => void setTimeout(() => res.writeHead(200).end(), 1000);
    await expect(webhookAdapter({ url: base, secret, timeoutMs: 50 }).send(webhook)).rejects.toThrow('webhook gave no answer within 50 ms');
  });
});

describe('adaptersFromConfig', () => {
  const warnings: string[] = [];
  const logger = { warn: (msg: string) => void warnings.push(msg) } as Parameters<typeof adaptersFromConfig>[1];
  beforeEach(() => void warnings.splice(0));

  it('falls back to the sink, warning only outside embedded mode', () => {
    const embedded = adaptersFromConfig(loadConfig({ env: {} }), logger);
    expect([embedded.sms.name, embedded.sms.channel, embedded.webhook.name, embedded.webhook.channel]).toEqual(['sink', 'sms', 'sink', 'webhook']);
    expect(warnings).toEqual([]);
    adaptersFromConfig(loadConfig({ env: { DATABASE_URL: 'postgres://db/citywork' } }), logger);
    expect(warnings).toEqual([expect.stringContaining('CITYWORK_SMS_URL is not set')]);
  });

  it('builds the HTTP adapters the environment names', () => {
    const config = loadConfig({
      env: { DATABASE_URL: 'postgres://db/citywork', CITYWORK_SMS_URL: 'https://sms.example.cn/send', CITYWORK_SMS_TOKEN: 't', CITYWORK_WEBHOOK_URL: 'https://ops.example.cn/hook', CITYWORK_WEBHOOK_SECRET: 'x'.repeat(16) },
    });
    const { sms, webhook } = adaptersFromConfig(config, logger);
    expect([sms.name, webhook.name]).toEqual(['http-sms', 'webhook']);
    expect(warnings).toEqual([]);
  });

  it('wants a webhook secret of 16 characters with a webhook URL', () => {
    const err = (() => {
      try {
        adaptersFromConfig(loadConfig({ env: { CITYWORK_WEBHOOK_URL: 'https://ops.example.cn/hook' } }), logger);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).field).toBe('CITYWORK_WEBHOOK_SECRET');
    expect(() => loadConfig({ env: { CITYWORK_WEBHOOK_SECRET: 'short' } })).toThrow('CITYWORK_WEBHOOK_SECRET: must be at least 16 characters');
    expect(() => loadConfig({ env: { CITYWORK_SMS_URL: 'ftp://sms' } })).toThrow(/^CITYWORK_SMS_URL: /);
    expect(loadConfig({ env: {} }).notifyEveryMs).toBe(2000);
    expect(loadConfig({ env: { CITYWORK_NOTIFY_EVERY_MS: '500' } }).notifyEveryMs).toBe(500);
  });

  it('gives a sink that accepts everything', async () => {
    expect(await sinkAdapter('sms').send(message)).toEqual({});
  });
});
