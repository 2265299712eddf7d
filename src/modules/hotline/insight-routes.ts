import { z } from 'zod';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import type { PolicyTable } from '../../core/auth/policy.js';
import { generateCases } from './generate.js';
import { hotspotMap } from './hotspots-store.js';
import { monthlyTopics } from './topics-store.js';
import { closeProactiveTask, listProactiveTasks } from './proactive-store.js';

const tags = ['hotline'];
const categoryCode = z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, 'must be a category code of 2, 4 or 6 digits');
const taskStatus = z.enum(['open', 'done', 'dismissed']);

/** What the insight routes need from the policy: the lead merges these into the hotline's. */
export const insightPolicy: PolicyTable = {
  admin: ['hotline.insight.read', 'hotline.proactive.handle', 'hotline.case.generate'],
  operator: ['hotline.insight.read'],
  dispatcher: ['hotline.insight.read'],
  assessor: ['hotline.insight.read'],
  analyst: ['hotline.insight.read'],
  handler: ['hotline.insight.read', 'hotline.proactive.handle'],
};

const taskView = z.object({
  id: z.string(),
  category: z.object({ code: z.string(), name: z.string(), path: z.string() }),
  centre: z.object({ lon: z.number(), lat: z.number() }),
  radiusM: z.number(),
  regionCode: z.string().nullable(),
  org: z.object({ code: z.string(), name: z.string() }).nullable(),
  caseIds: z.array(z.string()),
  status: taskStatus,
  note: z.string().nullable(),
  closedBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Hotspots, monthly topics, proactive tasks and the synthetic case generator. */
export function insightRoutes(app: Routes, k: Kernel) {
  app.get('/api/hotline/hotspots', {
    schema: {
      tags,
      summary: 'Hotspots: H3 cells (resolution 8) where a category is significantly over-represented in the window, merged, with the trend (GeoJSON)',
      querystring: z.strictObject({
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional(),
        category: categoryCode.optional(),
        region: z.string().regex(/^\d{2,12}$/, 'must be a region code').optional(),
      }),
    },
    handler: async (req) =>
      hotspotMap(k, req.ctx, {
        from: req.query.from ? new Date(req.query.from) : undefined,
        to: req.query.to ? new Date(req.query.to) : undefined,
        category: req.query.category,
        region: req.query.region,
      }),
  });

  app.get('/api/hotline/topics', {
    schema: {
      tags,
      summary: 'Monthly topic candidates (每月一题): categories and places rising fastest or recurring every month, with evidence cases',
      querystring: z.strictObject({
        month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM').optional(),
        recurMonths: z.coerce.number().int().min(1).max(24).optional(),
        text: z.enum(['true', 'false']).optional(),
      }),
    },
    handler: async (req) => monthlyTopics(k, req.ctx, { month: req.query.month, recurMonths: req.query.recurMonths, text: req.query.text === 'true' }),
  });

  app.get('/api/hotline/proactive', {
    schema: {
      tags,
      summary: 'Proactive tasks (未诉先办): places where a problem recurs, for their street office; an office sees its own',
      querystring: z.strictObject({ status: taskStatus.optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: { 200: z.object({ tasks: z.array(taskView) }) },
    },
    handler: async (req) => ({ tasks: await listProactiveTasks(k, req.ctx, { status: req.query.status, limit: req.query.limit }) }),
  });

  for (const [path, outcome, summary] of [
    ['done', 'done', 'The office dealt with the place: close the task'],
    ['dismiss', 'dismissed', 'No action is needed: dismiss the task (a reason is required)'],
  ] as const) {
    app.post(`/api/hotline/proactive/:id/${path}`, {
      schema: {
        tags,
        summary,
        params: z.strictObject({ id: z.string().min(1).max(64) }),
        body: z.strictObject({ note: z.string().max(2000).nullish() }).default({}),
        response: { 200: z.object({ task: taskView }) },
      },
      handler: async (req) => ({ task: await closeProactiveTask(k, req.ctx, req.params.id, outcome, req.body?.note ?? null) }),
    });
  }

  app.post('/api/hotline/generate', {
    schema: {
      tags,
      summary: 'Generate SYNTHETIC cases for demos and tests (channel phone, attributes.synthetic = true); administrators only',
      body: z.strictObject({
        days: z.number().int().min(1).max(366),
        perDay: z.number().int().min(1).max(20_000),
        seed: z.number().int().optional(),
        end: z.iso.datetime({ offset: true }).optional(),
        plant: z
          .array(z.strictObject({ categoryCode, lon: z.number(), lat: z.number(), radiusM: z.number().positive(), count: z.number().int().min(1), days: z.number().int().min(1) }))
          .max(100)
          .optional(),
      }),
      response: { 201: z.object({ cases: z.number(), ms: z.number() }) },
    },
    handler: async (req, reply) => {
      const b = req.body;
      const result = await generateCases(k, req.ctx, { days: b.days, perDay: b.perDay, seed: b.seed, end: b.end ? new Date(b.end) : undefined, plant: b.plant });
      return reply.status(201).send(result);
    },
  });
}
