import { z } from 'zod';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import { caseDuplicateCandidates, findDuplicateCandidates } from './duplicates-store.js';
import { statuses } from './workflow.js';

const tags = ['hotline'];

/** What the intake form has while the operator types. */
export const candidatesBody = z.strictObject({
  description: z.string().min(1, 'must not be empty').max(20_000),
  title: z.string().max(200).nullish(),
  category: z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, 'must be a category code of 2, 4 or 6 digits').nullish(),
  lon: z.number().min(-180).max(180).nullish(),
  lat: z.number().min(-90).max(90).nullish(),
  crs: z.enum(['wgs84', 'gcj02', 'bd09']).default('wgs84'),
  region: z.string().regex(/^\d{2,12}$/, 'must be a region code of 2 to 12 digits').nullish(),
  excludeId: z.string().max(64).nullish(),
});

/** The candidates for merging, best first, and how they were looked for. */
export const candidatesResponse = z.object({
  candidates: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      title: z.string().nullable(),
      excerpt: z.string(),
      category: z.object({ code: z.string(), name: z.string() }).nullable(),
      status: z.enum(statuses),
      regionCode: z.string().nullable(),
      receivedAt: z.string(),
      distanceM: z.number().nullable().describe('metres from the request; null when either has no point'),
      similarity: z.number().describe('text similarity, 0..1 (TF-IDF cosine of character bigrams)'),
      relation: z.enum(['same', 'sibling', 'any']).describe('the category is the same, under the same level-2 parent, or either has none'),
      score: z.number().describe('text, closeness and category combined, 0..1'),
    }),
  ),
  basis: z.enum(['place', 'region', 'city']),
  radiusM: z.number(),
  windowDays: z.number(),
  scanned: z.number(),
});

/** Duplicate requests (重复诉求并单): candidates at intake and for a case; merging itself is `POST /api/hotline/cases/:id/merge`. */
export function duplicateRoutes(app: Routes, k: Kernel) {
  app.post('/api/hotline/duplicates/candidates', {
    schema: {
      tags,
      summary: 'Open cases that may be the same request as the one being taken (nearby, recent, same or sibling category), best first',
      body: candidatesBody,
      response: { 200: candidatesResponse },
    },
    handler: async (req) => findDuplicateCandidates(k, req.ctx, req.body),
  });

  app.get('/api/hotline/cases/:id/duplicates', {
    schema: {
      tags,
      summary: 'Open cases that may be the same request as this one, best first',
      params: z.strictObject({ id: z.string().min(1).max(64) }),
      response: { 200: candidatesResponse },
    },
    handler: async (req) => caseDuplicateCandidates(k, req.ctx, req.params.id),
  });
}
