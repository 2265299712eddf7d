import { z } from 'zod';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import { computeIndicators } from './compute-store.js';
import { indicatorAcross } from './across.js';
import { compositeFor } from './composite-store.js';
import { evaluate, getEvaluation, listEvaluations, recordEvaluation } from './evaluation-store.js';
import { getIndicator, listIndicators } from './library-view.js';
import { changeStandard } from './standards-store.js';
import { readValues } from './values-store.js';
import { requireRegion } from './region-tree.js';
import { compositeView, evaluationView, indicatorView, plain, regionParam, standardView, storedValueView, yearParam } from './api-schemas.js';
import { levels, tasks, tiers } from './tasks.js';

const tags = ['checkup'];
const codeParam = z.strictObject({ code: z.string().min(1).max(32) });

/** The checkup's library, values, evaluations, composites and computations. */
export function checkupRoutes(app: Routes, k: Kernel) {
  app.get('/api/checkup/indicators', {
    schema: {
      tags,
      summary: 'The indicator library (城市体检指标体系): definitions, standards in force, how each value is obtained; filter by task or level',
      querystring: z.strictObject({ task: z.enum(tasks).optional(), level: z.enum(levels).optional() }),
      response: { 200: z.object({ source: z.string(), nearPct: z.number(), composite: z.unknown(), perTask: z.record(z.string(), z.number()), computed: z.number(), noProvider: z.array(z.object({ code: z.string(), provider: z.string() })), indicators: z.array(indicatorView) }) },
    },
    handler: async (req) => plain(await listIndicators(k, req.ctx, req.query)),
  });

  app.get('/api/checkup/indicators/:code', {
    schema: { tags, summary: 'One indicator with every version of its standard, newest first', params: codeParam, response: { 200: z.object({ indicator: indicatorView, standards: z.array(standardView) }) } },
    handler: async (req) => plain(await getIndicator(k, req.ctx, req.params.code)),
  });

  app.post('/api/checkup/indicators/:code/standard', {
    schema: {
      tags,
      summary: 'Set a new standard for an indicator: a new version in force from now; earlier versions and the evaluations recorded under them stay',
      params: codeParam,
      body: z.strictObject({ target: z.number().optional(), lower: z.number().optional(), upper: z.number().optional(), tier: z.enum(tiers), document: z.string().min(1).max(500), verified: z.boolean(), note: z.string().max(2000).optional(), reason: z.string().min(1).max(2000) }),
      response: { 200: z.object({ current: standardView, history: z.array(standardView) }) },
    },
    handler: async (req) => plain(await changeStandard(k, req.ctx, req.params.code, req.body)),
  });

  app.get('/api/checkup/values', {
    schema: {
      tags,
      summary: 'Stored values of a region (all years, or one), each with its origin (pack, import, computed), source and sample flag',
      querystring: z.strictObject({ region: regionParam, year: yearParam.optional(), code: z.string().max(32).optional() }),
      response: { 200: z.object({ values: z.array(storedValueView) }) },
    },
    handler: async (req) => {
      const region = await requireRegion(k, req.ctx.cityCode, req.query.region);
      k.policy.check(req.ctx.actor, { action: 'checkup.evaluation.read', regionCode: region.code });
      const values = await readValues(k.db, req.ctx.cityCode, { regionCodes: [region.code], years: req.query.year ? [req.query.year] : undefined, codes: req.query.code ? [req.query.code] : undefined });
      return plain({ values });
    },
  });

  app.get('/api/checkup/evaluation', {
    schema: {
      tags,
      summary: 'A region’s checkup for a year (the latest with data by default): per task, each indicator against its standard (met, near, not met), trend, rank among sibling regions, coverage',
      querystring: z.strictObject({ region: regionParam, year: yearParam.optional() }),
      response: { 200: evaluationView },
    },
    handler: async (req) => plain(await evaluate(k, req.ctx, req.query)),
  });

  app.post('/api/checkup/evaluations', {
    schema: {
      tags,
      summary: 'Evaluate and keep the result, each indicator with the value and standard version it was scored against',
      body: z.strictObject({ region: regionParam, year: yearParam.optional() }),
      response: { 201: z.object({ id: z.string(), evaluation: evaluationView }) },
    },
    handler: async (req, reply) => reply.status(201).send(plain(await recordEvaluation(k, req.ctx, req.body))),
  });

  app.get('/api/checkup/evaluations', {
    schema: {
      tags,
      summary: 'The recorded evaluations of a region, newest first',
      querystring: z.strictObject({ region: regionParam, year: yearParam.optional() }),
      response: { 200: z.object({ evaluations: z.array(z.object({ id: z.string(), regionCode: z.string(), year: z.number(), createdAt: z.string(), actor: z.string(), coverage: z.unknown(), counts: z.unknown() })) }) },
    },
    handler: async (req) => plain({ evaluations: await listEvaluations(k, req.ctx, req.query) }),
  });

  app.get('/api/checkup/evaluations/:id', {
    schema: { tags, summary: 'One recorded evaluation, as it was recorded', params: z.strictObject({ id: z.string().min(1).max(64) }), response: { 200: evaluationView.extend({ id: z.string(), actor: z.string() }) } },
    handler: async (req) => plain(await getEvaluation(k, req.ctx, req.params.id)),
  });

  app.get('/api/checkup/across', {
    schema: {
      tags,
      summary: 'An indicator across the regions a map of a region draws (its children, or its siblings with it outlined) for a year: each value, sample flag and status against the standard; missing stays missing',
      querystring: z.strictObject({ region: regionParam, year: yearParam, indicator: z.string().min(1).max(32) }),
      response: {
        200: z.object({
          indicator: z.string(),
          year: z.number(),
          of: z.enum(['children', 'siblings']).nullable(),
          parent: z.string().nullable(),
          highlight: z.string().nullable(),
          units: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), value: z.number().nullable(), sample: z.boolean(), status: z.enum(['met', 'near', 'not_met']).nullable() })),
        }),
      },
    },
    handler: async (req) => indicatorAcross(k, req.ctx, req.query),
  });

  app.get('/api/checkup/composite', {
    schema: {
      tags,
      summary: 'Composite per task over a region and its siblings (method recorded), with the Monte Carlo rank intervals of the OECD/JRC Handbook (2008)',
      querystring: z.strictObject({ region: regionParam, year: yearParam, task: z.enum(tasks).optional(), runs: z.coerce.number().int().min(0).max(100_000).optional(), seed: z.coerce.number().int().optional() }),
      response: { 200: compositeView },
    },
    handler: async (req) => plain(await compositeFor(k, req.ctx, req.query)),
  });

  app.post('/api/checkup/compute', {
    schema: {
      tags,
      summary: 'Run the providers of the computed indicators for a year over the city and its districts (or the regions given; deepest=township adds the streets) and store the values',
      body: z.strictObject({ year: yearParam, regions: z.array(regionParam).max(1000).optional(), codes: z.array(z.string().max(32)).max(500).optional(), deepest: z.enum(['district', 'township']).default('district') }),
      response: {
        200: z.object({ year: z.number(), regions: z.number(), indicators: z.number(), stored: z.number(), missing: z.number(), noProvider: z.array(z.object({ code: z.string(), provider: z.string() })), failures: z.array(z.object({ code: z.string(), region: z.string(), message: z.string() })), ms: z.number() }),
      },
    },
    handler: async (req) => computeIndicators(k, req.ctx, req.body),
  });
}
