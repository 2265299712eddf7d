import { z } from 'zod';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import { locate } from '../regions/index.js';
import { proposeOffice } from './cases.js';
import { loadCatalog } from './catalog.js';
import { listModels, trainCityModel } from './city-models.js';
import { suggestCategories } from './suggest.js';

const tags = ['hotline'];

const classifyBody = z
  .strictObject({
    title: z.string().max(200).nullish(),
    description: z.string().max(20_000),
    lon: z.number().min(-180).max(180).nullish(),
    lat: z.number().min(-90).max(90).nullish(),
    crs: z.enum(['wgs84', 'gcj02', 'bd09']).default('wgs84'),
    regionCode: z.string().regex(/^\d{2,12}$/, 'must be a region code of 2 to 12 digits').nullish(),
  })
  .refine((b) => (b.lon == null) === (b.lat == null), { message: 'lon and lat come together', path: ['lat'] })
  .refine((b) => (b.title ?? '').trim() || b.description.trim(), { message: 'must not be empty (nor the title)', path: ['description'] });

const orgRef = z.object({ code: z.string(), name: z.string() });
const classifyResponse = z.object({
  modelVersion: z.number().nullable().describe('the city model version that ranked the categories; null while the city has none'),
  source: z.enum(['rule', 'model', 'none']).describe('rule: a keyword rule of the pack put its category first; model: the model alone; none: nothing to go on'),
  regionCode: z.string().nullable().describe('the region the office was proposed for'),
  suggestions: z.array(
    z.object({
      categoryCode: z.string(),
      name: z.string(),
      path: z.string(),
      score: z.number().describe('0..1: the model’s probability, 1 for a keyword rule'),
      keyword: z.string().optional(),
      office: z.object({ org: orgRef.nullable(), ruleId: z.number().nullable(), reason: z.string() }).describe('what the dispatch catalog proposes for this category here'),
    }),
  ),
});

const modelView = z.object({
  version: z.number(),
  active: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
  trainedFrom: z.record(z.string(), z.number()),
  metrics: z.record(z.string(), z.number().nullable()),
});

/** The category classifier: suggestions at intake, the city's model versions, retraining. */
export function classifyRoutes(app: Routes, k: Kernel) {
  app.post('/api/hotline/classify', {
    schema: {
      tags,
      summary: 'Suggest the top-3 categories of a request (keyword rules of the pack first, then the city’s model) and the office the dispatch catalog proposes for each',
      body: classifyBody,
      response: { 200: classifyResponse },
    },
    handler: async (req) => {
      const ctx = req.ctx;
      k.policy.check(ctx.actor, { action: 'hotline.case.create' });
      const b = req.body;
      const catalog = await loadCatalog(k, ctx.cityCode);
      const regionCode = b.regionCode ?? (b.lon != null && b.lat != null ? ((await locate(k, ctx.cityCode, b.lon, b.lat, b.crs)).region?.code ?? null) : null);
      const s = await suggestCategories(k, ctx.cityCode, { title: b.title, description: b.description }, { catalog });
      const suggestions = await Promise.all(s.suggestions.map(async (x) => ({ ...x, office: await proposeOffice(k, ctx.cityCode, { categoryCode: x.categoryCode, regionCode }, { catalog }) })));
      return { ...s, regionCode, suggestions };
    },
  });

  app.get('/api/hotline/models', {
    schema: { tags, summary: 'The city’s classifier versions, newest first, with what each learnt from and its held-out accuracy', response: { 200: z.object({ models: z.array(modelView) }) } },
    handler: async (req) => ({ models: await listModels(k, req.ctx) }),
  });

  app.post('/api/hotline/models/train', {
    schema: {
      tags,
      summary: 'Train a new version of the city’s classifier from the dispatches people confirmed or corrected and the taxonomy; it becomes the active one (administrators)',
      body: z.strictObject({}).optional(),
      response: { 201: z.object({ model: modelView }) },
    },
    handler: async (req, reply) => {
      k.policy.check(req.ctx.actor, { action: 'hotline.model.train' });
      return reply.status(201).send({ model: await trainCityModel(k, req.ctx.cityCode, { ctx: req.ctx }) });
    },
  });
}
