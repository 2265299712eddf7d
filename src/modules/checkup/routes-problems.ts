import { z } from 'zod';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import { listProblems } from './problems-store.js';
import { getProject, listProjects, openProject, projectStatuses, updateProject } from './projects-store.js';
import { plain, problemView, projectView, regionParam, yearParam } from './api-schemas.js';

const tags = ['checkup'];
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
const idParam = z.strictObject({ id: z.string().min(1).max(64) });

/** Problems found by count indicators, and the renewal projects opened from them (体检 → 更新 → 再体检). */
export function problemRoutes(app: Routes, k: Kernel) {
  app.get('/api/checkup/problems', {
    schema: {
      tags,
      summary: 'Problems found in a region (buildings, communities, streets), each with its project and whether the next checkup still found it; an object found at nested levels once, as the widest region found it or (prefer=narrowest) the region it lies in',
      querystring: z.strictObject({ region: regionParam.optional(), year: yearParam.optional(), indicator: z.string().max(32).optional(), prefer: z.enum(['widest', 'narrowest']).optional() }),
      response: { 200: z.object({ problems: z.array(problemView) }) },
    },
    handler: async (req) => plain({ problems: await listProblems(k, req.ctx, req.query) }),
  });

  app.post('/api/checkup/projects', {
    schema: {
      tags,
      summary: 'Open a renewal project from problems of one region (each problem in one project only)',
      body: z.strictObject({ name: z.string().min(1).max(200), problems: z.array(z.string().min(1).max(64)).min(1).max(1000), startDate: date.nullish(), dueDate: date.nullish(), note: z.string().max(2000).nullish() }),
      response: { 201: projectView },
    },
    handler: async (req, reply) => reply.status(201).send(plain(await openProject(k, req.ctx, req.body))),
  });

  app.get('/api/checkup/projects', {
    schema: { tags, summary: 'Renewal projects, by region and status', querystring: z.strictObject({ region: regionParam.optional(), status: z.enum(projectStatuses).optional() }), response: { 200: z.object({ projects: z.array(projectView) }) } },
    handler: async (req) => plain({ projects: await listProjects(k, req.ctx, req.query) }),
  });

  app.get('/api/checkup/projects/:id', {
    schema: { tags, summary: 'A project with its problems and their re-checkup', params: idParam, response: { 200: projectView } },
    handler: async (req) => plain(await getProject(k, req.ctx, req.params.id)),
  });

  app.post('/api/checkup/projects/:id', {
    schema: {
      tags,
      summary: 'Record a project’s progress: status (planned → in_progress → done, or cancelled), percent, dates, note',
      params: idParam,
      body: z.strictObject({ status: z.enum(projectStatuses).optional(), percent: z.number().min(0).max(100).optional(), startDate: date.nullish(), dueDate: date.nullish(), finishedOn: date.nullish(), note: z.string().max(2000).nullish() }),
      response: { 200: projectView },
    },
    handler: async (req) => plain(await updateProject(k, req.ctx, req.params.id, req.body)),
  });
}
