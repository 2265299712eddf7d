import { z } from 'zod';
import { contentDisposition } from '../../../core/export.js';
import type { Kernel } from '../../../core/kernel.js';
import type { Routes } from '../../../core/module.js';
import { regionParam, yearParam } from '../api-schemas.js';
import { renderCheckupReport, reportFormats } from './render-report.js';
import { reportLangs } from './report-text.js';

const tags = ['checkup'];

/** The checkup report: a download for the console, base64 in JSON for the command line. */
export function reportRoutes(app: Routes, k: Kernel) {
  app.get('/api/checkup/report', {
    schema: {
      tags,
      summary: 'A region’s checkup report (the latest year with data by default) as a download: self-contained HTML, PDF, or XLSX (the tables); zh-CN or English',
      querystring: z.strictObject({ region: regionParam, year: yearParam.optional(), format: z.enum(reportFormats).default('pdf'), lang: z.enum(reportLangs).default('zh-CN') }),
    },
    handler: async (req, reply) => {
      const r = await renderCheckupReport(k, req.ctx, req.query);
      reply.header('content-type', r.contentType);
      reply.header('content-disposition', contentDisposition(r.fileName));
      return reply.send(r.body);
    },
  });

  app.post('/api/checkup/report', {
    schema: {
      tags,
      summary: 'The same report as base64 in JSON, with its file name, region and year (for the command line through the API)',
      body: z.strictObject({ region: regionParam, year: yearParam.optional(), format: z.enum(reportFormats).default('pdf'), lang: z.enum(reportLangs).default('zh-CN') }),
      response: { 200: z.object({ fileName: z.string(), region: z.string(), year: z.number(), bytes: z.number(), base64: z.string() }) },
    },
    handler: async (req) => {
      const r = await renderCheckupReport(k, req.ctx, req.body);
      return { fileName: r.fileName, region: r.region, year: r.year, bytes: r.body.length, base64: r.body.toString('base64') };
    },
  });
}
