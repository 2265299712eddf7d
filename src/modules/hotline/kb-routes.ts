import { z } from 'zod';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import { createArticle, getArticle, listKb, listVersions, retireArticle, searchKb, updateArticle } from './kb.js';

const tags = ['hotline'];
const codeParam = z.strictObject({ code: z.string().regex(/^[A-Za-z0-9-]{1,32}$/, 'must be 1–32 letters, digits or dashes') });
const status = z.enum(['published', 'retired']);
const note = z.string().max(1000).optional();
const expectedVersion = z.number().int().positive();
const content = {
  title: z.string().max(200),
  body: z.string().max(20000),
  category: z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, 'must be a category code of 2, 4 or 6 digits').nullish(),
  keywords: z.array(z.string().max(50)).max(30).optional(),
  source: z.string().max(500).nullish(),
  validFrom: z.iso.date().nullish(),
};

const hit = z.object({ code: z.string(), version: z.number(), title: z.string(), snippet: z.string(), category: z.string().nullable(), score: z.number().nullable(), matched: z.array(z.string()), updatedAt: z.string() });
const article = z.object({
  code: z.string(),
  version: z.number(),
  currentVersion: z.number(),
  title: z.string(),
  body: z.string(),
  category: z.string().nullable(),
  keywords: z.array(z.string()),
  source: z.string().nullable(),
  validFrom: z.string().nullable(),
  status,
  note: z.string().nullable(),
  editedBy: z.string(),
  editedAt: z.string(),
});

/** The knowledge base API (知识库): search at intake, read with versions, write with optimistic versions. */
export function kbRoutes(app: Routes, k: Kernel) {
  app.get('/api/hotline/kb', {
    schema: {
      tags,
      summary: 'Search published articles for a question (Chinese or English), best first; without q, the newest first',
      querystring: z.strictObject({
        q: z.string().max(500).optional(),
        category: z.string().regex(/^\d{1,6}$/, 'must be a category code or its prefix').optional(),
        limit: z.coerce.number().int().min(1).max(100).default(20),
        offset: z.coerce.number().int().min(0).max(10000).default(0),
      }),
      response: { 200: z.object({ articles: z.array(hit), total: z.number().optional() }) },
    },
    handler: async (req) => (req.query.q?.trim() ? searchKb(k, req.ctx, { ...req.query, q: req.query.q }) : listKb(k, req.ctx, req.query)),
  });

  app.get('/api/hotline/kb/:code', {
    schema: { tags, summary: 'An article as it is now, or an earlier version', params: codeParam, querystring: z.strictObject({ version: z.coerce.number().int().positive().optional() }), response: { 200: article } },
    handler: async (req) => getArticle(k, req.ctx, req.params.code, req.query.version),
  });

  app.get('/api/hotline/kb/:code/versions', {
    schema: {
      tags,
      summary: "An article's versions, newest first",
      params: codeParam,
      response: { 200: z.object({ code: z.string(), currentVersion: z.number(), versions: z.array(article.pick({ version: true, title: true, status: true, note: true, editedBy: true, editedAt: true })) }) },
    },
    handler: async (req) => listVersions(k, req.ctx, req.params.code),
  });

  app.post('/api/hotline/kb', {
    schema: { tags, summary: 'Write a new article (version 1)', body: z.strictObject({ code: codeParam.shape.code, ...content, note }), response: { 201: article } },
    handler: async (req, reply) => reply.status(201).send(await createArticle(k, req.ctx, req.body)),
  });

  app.put('/api/hotline/kb/:code', {
    schema: {
      tags,
      summary: 'Write a new version of an article; expectedVersion must be its current version (else 409 with the current one)',
      params: codeParam,
      body: z.strictObject({ ...content, expectedVersion, note }),
      response: { 200: article },
    },
    handler: async (req) => updateArticle(k, req.ctx, req.params.code, req.body),
  });

  app.post('/api/hotline/kb/:code/retire', {
    schema: { tags, summary: 'Take an article out of search as a new version; its versions stay', params: codeParam, body: z.strictObject({ expectedVersion, note }), response: { 200: article } },
    handler: async (req) => retireArticle(k, req.ctx, req.params.code, req.body),
  });
}
