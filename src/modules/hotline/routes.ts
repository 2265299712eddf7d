import { z } from 'zod';
import { checkIdempotencyKey } from '../../core/idempotency.js';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import { locate } from '../regions/index.js';
import { regionPrefix } from '../../core/auth/jurisdiction.js';
import { actOnCase, channels, proposeOffice, recordCallback } from './cases.js';
import { callerHistory, caseTimeline, caseViewOf, getCase, listCases, revealContact, type CaseFilter } from './case-reading.js';
import { loadCatalog } from './catalog.js';
import { fileCase } from './intake.js';
import { caseKinds, urgencies } from './pack-schema.js';
import { actions, statuses, transitions, type Action, type Status } from './workflow.js';
import { exportCases } from './export.js';
import { caseViewSchema, timelineEntrySchema } from './views.js';

const tags = ['hotline'];
const caseId = z.strictObject({ id: z.string().min(1).max(64) });
const categoryCode = z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, 'must be a category code of 2, 4 or 6 digits');

export const newCaseBody = z.strictObject({
  channel: z.enum(channels).default('operator'),
  kind: z.enum(caseKinds),
  category: categoryCode.nullish(),
  title: z.string().max(200).nullish(),
  description: z.string().min(1, 'must not be empty'),
  urgency: z.enum(urgencies).default('normal'),
  lon: z.number().nullish(),
  lat: z.number().nullish(),
  crs: z.enum(['wgs84', 'gcj02', 'bd09']).default('wgs84'),
  address: z.string().max(500).nullish(),
  citizen: z.strictObject({ name: z.string().max(100).nullish(), phone: z.string().max(40).nullish(), email: z.string().max(200).nullish() }).nullish(),
  confidential: z.boolean().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  mediaUrl: z.url().max(2000).nullish(),
  dispatch: z.strictObject({ org: z.string().min(1).max(64), reason: z.string().max(2000).nullish() }).nullish(),
  answer: z.strictObject({ reply: z.string().min(1).max(20000), kbCode: z.string().max(32).nullish(), kbVersion: z.number().int().positive().nullish() }).nullish(),
});

const actionBody = z.strictObject({
  reply: z.string().max(20000).nullish(),
  kbCode: z.string().max(32).nullish(),
  kbVersion: z.number().int().positive().nullish(),
  org: z.string().max(64).nullish(),
  reason: z.string().max(2000).nullish(),
  until: z.iso.datetime({ offset: true }).nullish(),
  into: z.string().max(64).nullish(),
  target: z.string().max(64).nullish(),
  note: z.string().max(2000).nullish(),
  expectedVersion: z.number().int().positive().optional(),
});

const filterQuery = {
  status: z
    .string()
    .max(300)
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      const list = s.split(',').map((x) => x.trim());
      const bad = list.find((x) => !(statuses as readonly string[]).includes(x));
      if (bad) {
        ctx.addIssue({ code: 'custom', message: `${bad} is not a status; one of ${statuses.join(', ')}` });
        return z.NEVER;
      }
      return list as Status[];
    }),
  category: categoryCode.optional(),
  region: z.string().regex(/^\d{2,12}$/, 'must be a region code').optional(),
  org: z.string().max(64).optional(),
  kind: z.enum(caseKinds).optional(),
  channel: z.enum(channels).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: z.string().min(1).max(100).optional(),
  callerOf: z.string().max(64).optional(),
};

function toFilter(q: Record<string, unknown>): CaseFilter {
  return {
    status: q.status as Status[] | undefined,
    category: q.category as string | undefined,
    region: q.region as string | undefined,
    org: q.org as string | undefined,
    kind: q.kind as CaseFilter['kind'],
    channel: q.channel as CaseFilter['channel'],
    overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
    from: q.from ? new Date(q.from as string) : undefined,
    to: q.to ? new Date(q.to as string) : undefined,
    q: q.q as string | undefined,
    callerOf: q.callerOf as string | undefined,
  };
}

const caseView = caseViewSchema;

/** The hotline's native API: intake, queues, the case and its timeline, every workflow action, the catalog. */
export function hotlineRoutes(app: Routes, k: Kernel) {
  app.get('/api/hotline/categories', {
    schema: { tags, summary: 'The category taxonomy (3 levels) with Open311 attributes and forced deadline tiers' },
    handler: async (req) => {
      k.policy.check(req.ctx.actor, { action: 'hotline.catalog.read' });
      const c = await loadCatalog(k, req.ctx.cityCode);
      return { categories: [...c.categories.values()] };
    },
  });

  app.get('/api/hotline/catalog', {
    schema: { tags, summary: 'The dispatch catalog, its fallback, the transfer targets, the deadline policy and calendar coverage' },
    handler: async (req) => {
      k.policy.check(req.ctx.actor, { action: 'hotline.catalog.read' });
      const c = await loadCatalog(k, req.ctx.cityCode);
      return { rules: c.rules, fallback: c.fallback, autoDispatch: c.autoDispatch, transferTargets: c.transferTargets, deadlines: c.policy, calendarYears: [...c.calendar.years].sort() };
    },
  });

  app.get('/api/hotline/workflow', {
    schema: { tags, summary: 'The case state machine: every transition with its permission and parties' },
    handler: async () => ({ statuses, transitions }),
  });

  app.get('/api/hotline/dispatch/propose', {
    schema: {
      tags,
      summary: 'The office the dispatch catalog proposes for a category and a place, with the reason',
      querystring: z.strictObject({ category: categoryCode.optional(), region: z.string().regex(/^\d{2,12}$/).optional(), lon: z.coerce.number().optional(), lat: z.coerce.number().optional() }),
      response: { 200: z.object({ org: z.object({ code: z.string(), name: z.string() }).nullable(), ruleId: z.number().nullable(), reason: z.string(), regionCode: z.string().nullable() }) },
    },
    handler: async (req) => {
      k.policy.check(req.ctx.actor, { action: 'hotline.case.dispatch' });
      let region = req.query.region ? regionPrefix(req.query.region) : null;
      if (!region && req.query.lon !== undefined && req.query.lat !== undefined) {
        const at = await locate(k, req.ctx.cityCode, req.query.lon, req.query.lat);
        region = at.region ? regionPrefix(at.region.code) : null;
      }
      const p = await proposeOffice(k, req.ctx.cityCode, { categoryCode: req.query.category ?? null, regionCode: region });
      return { ...p, regionCode: region };
    },
  });

  app.post('/api/hotline/cases', {
    schema: {
      tags,
      summary: 'Receive a request (受理); send Idempotency-Key to make retries safe',
      headers: z.looseObject({ 'idempotency-key': z.string().optional() }),
      body: newCaseBody,
      response: { 201: z.object({ case: caseView, replayed: z.boolean() }) },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const created = await fileCase(
        k,
        req.ctx,
        {
          channel: b.channel,
          kind: b.kind,
          categoryCode: b.category ?? null,
          title: b.title ?? null,
          description: b.description,
          urgency: b.urgency,
          lon: b.lon ?? null,
          lat: b.lat ?? null,
          crs: b.crs,
          address: b.address ?? null,
          citizen: b.citizen ?? null,
          confidential: b.confidential,
          attributes: b.attributes,
          mediaUrl: b.mediaUrl ?? null,
          dispatch: b.dispatch ?? null,
          answer: b.answer ?? null,
        },
        { idempotencyKey: checkIdempotencyKey(req.headers['idempotency-key']) },
      );
      if (created.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send({ case: created.row ? await caseViewOf(k, req.ctx, created.row) : await getCase(k, req.ctx, created.id), replayed: created.replayed });
    },
  });

  app.get('/api/hotline/cases', {
    schema: {
      tags,
      summary: 'A queue: the cases you may see, newest first, filtered, with a cursor',
      querystring: z.strictObject({ ...filterQuery, limit: z.coerce.number().int().min(1).max(500).default(50), cursor: z.string().max(200).optional() }),
      response: { 200: z.object({ cases: z.array(caseView), next: z.string().nullable() }) },
    },
    handler: async (req) => listCases(k, req.ctx, { ...toFilter(req.query), limit: req.query.limit, cursor: req.query.cursor ?? null }),
  });

  app.get('/api/hotline/cases/export', {
    schema: {
      tags,
      summary: 'A queue as CSV or XLSX (same filters as the list; at most 100,000 rows)',
      querystring: z.strictObject({ ...filterQuery, format: z.enum(['csv', 'xlsx']).default('csv') }),
    },
    handler: async (req, reply) => exportCases(k, req.ctx, toFilter(req.query), req.query.format, reply),
  });

  app.get('/api/hotline/cases/:id', {
    schema: { tags, summary: 'One case (by id or work-order number), with the actions you may take', params: caseId, response: { 200: z.object({ case: caseView }) } },
    handler: async (req) => ({ case: await getCase(k, req.ctx, req.params.id) }),
  });

  app.get('/api/hotline/cases/:id/timeline', {
    schema: { tags, summary: 'Every step of the case, oldest first', params: caseId, response: { 200: z.object({ timeline: z.array(timelineEntrySchema) }) } },
    handler: async (req) => ({ timeline: await caseTimeline(k, req.ctx, req.params.id) }),
  });

  app.get('/api/hotline/cases/:id/caller-history', {
    schema: { tags, summary: 'Earlier cases of the same caller (by the keyed hash of the phone number)', params: caseId },
    handler: async (req) => listCases(k, req.ctx, { callerOf: req.params.id, limit: 50 }),
  });

  app.post('/api/hotline/callers/lookup', {
    schema: { tags, summary: 'A caller’s earlier cases by the number on the line', body: z.strictObject({ phone: z.string().min(1).max(40) }) },
    handler: async (req) => ({ cases: await callerHistory(k, req.ctx, req.body.phone) }),
  });

  app.post('/api/hotline/cases/:id/reveal', {
    schema: { tags, summary: 'The citizen’s contact in clear (audited); never to offices for a confidential report', params: caseId, body: z.strictObject({ field: z.enum(['name', 'phone', 'email']) }) },
    handler: async (req) => ({ field: req.body.field, value: await revealContact(k, req.ctx, req.params.id, req.body.field) }),
  });

  app.post('/api/hotline/cases/:id/callback', {
    schema: {
      tags,
      summary: 'Record the callback (回访): not reached, solved (closes), or not solved (back to the office to redo)',
      params: caseId,
      body: z.strictObject({
        reached: z.boolean(),
        resolved: z.boolean().nullish(),
        satisfaction: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']).nullish(),
        channel: z.enum(['phone', 'sms', 'web']).default('phone'),
        note: z.string().max(2000).nullish(),
      }),
      response: { 200: z.object({ case: caseView }) },
    },
    handler: async (req) => ({ case: await recordCallback(k, req.ctx, req.params.id, req.body) }),
  });

  const routed = actions.filter((a) => a !== 'callback' && a !== 'callback_failed');
  for (const action of routed) {
    const t = transitions.find((x) => x.action === action)!;
    app.post(`/api/hotline/cases/:id/${action.replaceAll('_', '-')}`, {
      schema: {
        tags,
        summary: `${t.en} (${t.zh}): from ${transitions.filter((x) => x.action === action).map((x) => x.from).join(' | ')}`,
        params: caseId,
        body: actionBody.default({}),
        response: { 200: z.object({ case: caseView }) },
      },
      handler: async (req) => {
        const { expectedVersion, ...input } = req.body ?? {};
        return { case: await actOnCase(k, req.ctx, req.params.id, action as Action, input, { expectedVersion }) };
      },
    });
  }

}
