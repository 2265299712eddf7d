import multipart from '@fastify/multipart';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { contentDisposition, exportContentType } from '../../core/export.js';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import { importValues } from './import-store.js';
import { importFormats } from './import-file.js';
import { importTemplate } from './template.js';
import { importReport, regionParam, yearParam } from './api-schemas.js';

const tags = ['checkup'];
const maxImportBytes = 10 * 1024 * 1024;
const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0'])]).transform((v) => v === true || v === 'true' || v === '1');
const jsonImport = z.strictObject({
  fileName: z.string().max(200).optional(),
  /** The CSV file as text. */
  csv: z.string().max(maxImportBytes).optional(),
  /** A CSV or XLSX file, base64-encoded (the CLI sends it so). */
  base64: z.string().max(Math.ceil((maxImportBytes * 4) / 3) + 4).optional(),
  partial: z.boolean().default(false),
  dryRun: z.boolean().default(false),
});

/** Import of values (CSV text, multipart file, or base64 JSON) and the import template, in a scope of their own for multipart and CSV bodies. */
export async function importRoutes(app: Routes, k: Kernel) {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: maxImportBytes, files: 1, fields: 5 } });
    scope.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: maxImportBytes }, (_req, body, done) => done(null, body));
    const routes = scope as unknown as Routes;
    routes.post('/api/checkup/import', {
      schema: {
        tags,
        summary: 'Import indicator values from a filled-in template: multipart (part "file", fields partial, dryRun), text/csv (query partial, dryRun), or JSON {csv | base64, fileName, partial, dryRun}. All or nothing unless partial; every refused row is reported with its reason',
        consumes: ['multipart/form-data', 'text/csv', 'application/json'],
        querystring: z.strictObject({ partial: flag.optional(), dryRun: flag.optional(), fileName: z.string().max(200).optional() }),
        response: { 200: importReport },
      },
      handler: async (req) => {
        if (req.isMultipart()) {
          const file = await req.file();
          if (!file) throw new AppError('invalid', 'send the file in a part named "file"', { field: 'file' });
          const bytes = await file.toBuffer().catch((err: Error) => {
            throw new AppError('too_large', `the file is larger than ${maxImportBytes} bytes`, { field: 'file', cause: err });
          });
          const field = (name: string) => {
            const f = file.fields[name] as { value?: unknown } | undefined;
            return f?.value === 'true' || f?.value === '1';
          };
          return importValues(k, req.ctx, bytes, { fileName: file.filename, partial: field('partial') || !!req.query.partial, dryRun: field('dryRun') || !!req.query.dryRun });
        }
        if (Buffer.isBuffer(req.body)) return importValues(k, req.ctx, req.body, { fileName: req.query.fileName ?? 'import.csv', format: 'csv', partial: !!req.query.partial, dryRun: !!req.query.dryRun });
        const parsed = jsonImport.safeParse(req.body ?? {});
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw new AppError('invalid', `${issue.path.join('.') || 'body'}: ${issue.message}`, { field: issue.path.join('.') || 'body' });
        }
        const b = parsed.data;
        if (!b.csv === !b.base64) throw new AppError('invalid', 'send the file as csv (text) or base64, one of them', { field: 'csv' });
        const bytes = b.csv !== undefined ? Buffer.from(b.csv, 'utf8') : Buffer.from(b.base64!, 'base64');
        return importValues(k, req.ctx, bytes, { fileName: b.fileName ?? (b.csv !== undefined ? 'import.csv' : null), format: b.csv !== undefined ? 'csv' : undefined, partial: b.partial, dryRun: b.dryRun });
      },
    });
  });

  const templateQuery = z.strictObject({ format: z.enum(importFormats).default('xlsx'), year: yearParam.optional(), region: z.union([regionParam, z.array(regionParam)]).optional(), code: z.union([z.string().max(32), z.array(z.string().max(32))]).optional() });
  const list = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

  app.get('/api/checkup/template', {
    schema: { tags, summary: 'The import template (CSV or XLSX): one row per imported indicator × region × year, with what is stored already', querystring: templateQuery },
    handler: async (req, reply) => {
      const t = await importTemplate(k, req.ctx, { format: req.query.format, year: req.query.year, regions: list(req.query.region), codes: list(req.query.code) });
      reply.header('content-type', exportContentType(req.query.format));
      reply.header('content-disposition', contentDisposition(t.fileName));
      return reply.send(t.body as never);
    },
  });

  app.post('/api/checkup/template', {
    schema: {
      tags,
      summary: 'The import template as base64 in JSON (for the command line through the API)',
      body: z.strictObject({ format: z.enum(importFormats).default('xlsx'), year: yearParam.optional(), regions: z.array(regionParam).max(1000).optional(), codes: z.array(z.string().max(32)).max(500).optional() }),
      response: { 200: z.object({ fileName: z.string(), rows: z.number(), base64: z.string() }) },
    },
    handler: async (req) => {
      const t = await importTemplate(k, req.ctx, req.body);
      return { fileName: t.fileName, rows: t.rows, base64: t.body.toString('base64') };
    },
  });
}
