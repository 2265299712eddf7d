import { z } from 'zod';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import { quarantineReasonCodes } from './quarantine-reasons.js';
import { listQuarantine } from './quarantine-store.js';
import { deviceReadings } from './readings-store.js';
import { brokerInfo, ingestFor, openedIngest } from './runtime.js';
import { telemetryTopic } from './topic.js';
import { deviceId, metricName } from './pack-schema.js';

const tags = ['monitoring'];
const staff = 'monitoring.quarantine.read';
const iso = z.iso.datetime({ offset: true });

const telemetryItem = z.strictObject({
  device: z.string().min(1).max(200),
  ts: z.union([z.string().max(40), z.number()]).optional(),
  readings: z.array(z.unknown()).max(10_000),
});

const pointSchema = z.union([z.object({ ts: z.string(), value: z.number() }), z.object({ ts: z.string(), min: z.number(), max: z.number(), avg: z.number(), count: z.number() })]);

/** Telemetry over HTTP, readings, the quarantine, and where the MQTT broker is. */
export function telemetryRoutes(app: Routes, k: Kernel) {
  app.post('/api/monitoring/telemetry', {
    schema: {
      tags,
      summary: 'Send readings: {device, ts, readings:[{metric, value, unit?, ts?}]} or an array of those; answers once they are committed',
      // One message or an array of them, checked as an array (so an error names the item: `0.device`).
      body: z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(telemetryItem).min(1).max(10_000)),
      response: { 200: z.object({ messages: z.number(), accepted: z.number(), quarantined: z.number() }) },
    },
    handler: async (req) => {
      k.policy.check(req.ctx.actor, { action: 'monitoring.telemetry.ingest' });
      const items = req.body;
      const receivedAt = k.clock.now().getTime();
      const ingest = await ingestFor(k);
      // The same pipeline as MQTT: each item becomes the message its device would have published.
      const counts = await ingest.submitAndCommit(
        items.map((item) => ({ source: 'http' as const, receivedAt, topic: telemetryTopic(req.ctx.cityCode, item.device), payload: Buffer.from(JSON.stringify({ ts: item.ts, readings: item.readings })) })),
      );
      return { messages: items.length, ...counts };
    },
  });

  app.get('/api/monitoring/devices/:id/readings', {
    schema: {
      tags,
      summary: 'A device’s readings: raw, or hourly min/max/avg/count',
      params: z.strictObject({ id: deviceId }),
      querystring: z.strictObject({
        metric: metricName.optional(),
        from: iso.optional(),
        to: iso.optional(),
        resolution: z.enum(['raw', 'hour']).default('raw'),
        limit: z.coerce.number().int().min(1).max(50_000).default(5000),
      }),
      response: {
        200: z.object({ deviceId: z.string(), from: z.string(), to: z.string(), resolution: z.enum(['raw', 'hour']), series: z.array(z.object({ metric: z.string(), unit: z.string().nullable(), points: z.array(pointSchema), truncated: z.boolean() })) }),
      },
    },
    handler: async (req) => {
      const actor = k.policy.check(req.ctx.actor, { action: 'monitoring.asset.read' });
      const q = req.query;
      return deviceReadings(k.db, actor, req.params.id, { metric: q.metric, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, resolution: q.resolution, limit: q.limit }, k.clock.now());
    },
  });

  app.get('/api/monitoring/quarantine', {
    schema: {
      tags,
      summary: 'Refused messages and readings, newest first, each with its reason (zh, en) and raw payload; counts by reason',
      querystring: z.strictObject({
        reason: z.enum(quarantineReasonCodes as [string, ...string[]]).optional(),
        device: z.string().max(200).optional(),
        from: iso.optional(),
        to: iso.optional(),
        before: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
    },
    handler: async (req) => {
      const actor = k.policy.check(req.ctx.actor, { action: staff });
      const q = req.query;
      return listQuarantine(k.db, actor, { ...q, reason: q.reason as never, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });
    },
  });

  app.get('/api/monitoring/broker', {
    schema: {
      tags,
      summary: 'Where devices publish telemetry: the embedded broker and the port it really took, or the external broker',
      response: {
        200: z.object({
          embedded: z.boolean(),
          state: z.string(),
          url: z.string().nullable(),
          port: z.number().nullable(),
          requestedPort: z.number().nullable(),
          topic: z.string(),
          subscription: z.string().nullable(),
          clientId: z.string().nullable(),
          error: z.string().nullable(),
        }),
      },
    },
    handler: async () => brokerInfo(k),
  });

  app.get('/api/monitoring/ingest', {
    schema: { tags, summary: 'The ingest pipeline: queued, committed, quarantined, the write-ahead log' },
    handler: async (req) => {
      k.policy.check(req.ctx.actor, { action: staff });
      const ingest = await openedIngest(k);
      return { open: ingest !== null, ...(ingest?.stats() ?? {}) };
    },
  });
}
