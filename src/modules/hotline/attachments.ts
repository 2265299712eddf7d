import multipart from '@fastify/multipart';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { writeAudit } from '../../core/audit.js';
import { newId } from '../../core/ids.js';
import type { Kernel } from '../../core/kernel.js';
import type { Routes } from '../../core/module.js';
import type { Actor, RequestContext } from '../../core/context.js';
import { timeline } from './cases.js';
import { loadVisible } from './case-access.js';
import type { HotlineTables } from './tables.js';

/** At most this much per uploaded file (photos and scans of a complaint). */
export const maxAttachmentBytes = 20 * 1024 * 1024;
const allowedTypes = /^(image\/(jpeg|png|gif|webp|heic)|application\/pdf|audio\/(mpeg|mp4|amr|wav)|video\/mp4|text\/plain)$/;

export interface AttachmentView {
  id: string;
  name: string;
  contentType: string;
  size: number | null;
  sha256: string | null;
  stored: boolean;
  url: string;
  createdBy: string;
  createdAt: string;
}

/** Who may add to a case: the hotline, the office that has it, the citizen who filed it. */
function mayAdd(actor: Actor, row: { org_code: string | null; citizen_user_id: string | null }): boolean {
  if (actor.roles.some((r) => ['admin', 'operator', 'dispatcher'].includes(r))) return true;
  if (actor.roles.includes('handler') && actor.orgId && actor.orgId === row.org_code) return true;
  return actor.roles.includes('citizen') && row.citizen_user_id === actor.id;
}

function viewOf(r: Selectable<HotlineTables['hotline_attachments']>): AttachmentView {
  return { id: r.id, name: r.name, contentType: r.content_type, size: r.size === null ? null : Number(r.size), sha256: r.sha256, stored: r.stored, url: `/api/hotline/attachments/${r.id}`, createdBy: r.created_by, createdAt: r.created_at.toISOString() };
}

/**
 * Adds an attachment to a case: uploaded bytes go to the blob store (disk or S3) first, then
 * the row, the timeline entry and the audit record commit together; if that fails the blob
 * is removed again. A reference to media elsewhere (`http(s)://`, `s3://`) is kept as its URL.
 */
export async function addAttachment(
  k: Kernel,
  ctx: RequestContext,
  idOrNumber: string,
  input: { name: string; contentType: string; bytes?: Buffer; url?: string },
): Promise<AttachmentView> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.case.read' });
  const row = await loadVisible(k.db, actor, idOrNumber);
  if (!mayAdd(actor, row)) throw new AppError('forbidden', `${actor.label} may not add to case ${row.number}`);
  if (['merged', 'transferred'].includes(row.status)) throw new AppError('conflict', `case ${row.number} is ${row.status}: add to its primary case`);
  const name = input.name.replace(/[\\/\r\n\t\0]+/g, '_').trim().slice(0, 200) || 'attachment';
  if (!allowedTypes.test(input.contentType)) throw new AppError('invalid', `content type ${input.contentType} is not accepted (images, PDF, audio, MP4 video, plain text)`, { field: 'contentType' });
  const id = newId('att', k.clock.now());
  let stored: { url: string; size: number | null; sha256: string | null; stored: boolean };
  if (input.bytes) {
    if (input.bytes.length === 0) throw new AppError('invalid', 'the file is empty', { field: 'file' });
    if (input.bytes.length > maxAttachmentBytes) throw new AppError('too_large', `the file is ${input.bytes.length} bytes; at most ${maxAttachmentBytes}`, { field: 'file' });
    const blob = await k.blobs.put(`hotline/${row.city_code}/${row.id}/${id}`, input.bytes, input.contentType);
    stored = { url: blob.url, size: blob.size, sha256: blob.sha256, stored: true };
  } else {
    const url = input.url?.trim() ?? '';
    if (!/^(https?:\/\/|s3:\/\/)\S{3,1990}$/.test(url)) throw new AppError('invalid', 'url must be an http(s):// or s3:// address', { field: 'url' });
    stored = { url, size: null, sha256: null, stored: false };
  }
  try {
    const created = await k.transaction(async (trx) => {
      const h = trx.withTables<HotlineTables>();
      const inserted = await h
        .insertInto('hotline_attachments')
        .values({ id, city_code: row.city_code, case_id: row.id, url: stored.url, name, content_type: input.contentType, size: stored.size, sha256: stored.sha256, stored: stored.stored, created_by: actor.label })
        .returningAll()
        .executeTakeFirstOrThrow();
      await timeline(trx, ctx, { caseId: row.id, at: k.clock.now(), action: 'attachment_added', from: null, to: null, orgCode: row.org_code, note: name, data: { attachment: id, contentType: input.contentType, size: stored.size } });
      await writeAudit(trx, ctx, { action: 'hotline.attachment.added', resourceType: 'hotline_case', resourceId: row.id, after: { attachment: id, name, size: stored.size } });
      return inserted;
    });
    return viewOf(created);
  } catch (err) {
    if (stored.stored) await k.blobs.delete(stored.url).catch(() => {});
    throw err;
  }
}

export async function listAttachments(k: Kernel, ctx: RequestContext, idOrNumber: string): Promise<AttachmentView[]> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.case.read' });
  const row = await loadVisible(k.db, actor, idOrNumber);
  const rows = await k.db.withTables<HotlineTables>().selectFrom('hotline_attachments').selectAll().where('case_id', '=', row.id).orderBy('id').execute();
  return rows.map(viewOf);
}

/** An attachment's bytes (or, for a reference, where it is), for someone who may see its case. */
export async function readAttachment(k: Kernel, ctx: RequestContext, attachmentId: string): Promise<{ bytes: Buffer; contentType: string; name: string } | { redirect: string }> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.case.read' });
  const att = await k.db.withTables<HotlineTables>().selectFrom('hotline_attachments').selectAll().where('id', '=', attachmentId).where('city_code', '=', actor.cityCode).executeTakeFirst();
  if (!att) throw new AppError('not_found', `no attachment ${attachmentId}`, { field: 'id' });
  await loadVisible(k.db, actor, att.case_id).catch(() => {
    throw new AppError('not_found', `no attachment ${attachmentId}`, { field: 'id' });
  });
  if (!att.stored) return { redirect: att.url };
  const blob = await k.blobs.get(att.url);
  return { bytes: blob.bytes, contentType: att.content_type, name: att.name };
}

const caseId = z.strictObject({ id: z.string().min(1).max(64) });
const attachmentView = z.object({ id: z.string(), name: z.string(), contentType: z.string(), size: z.number().nullable(), sha256: z.string().nullable(), stored: z.boolean(), url: z.string(), createdBy: z.string(), createdAt: z.string() });

/** Attachment routes, in their own scope so multipart parsing applies to them only. */
export async function attachmentRoutes(app: Routes, k: Kernel) {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: maxAttachmentBytes, files: 1, fields: 5 } });
    const routes = scope as unknown as Routes;
    routes.post('/api/hotline/cases/:id/attachments', {
      schema: {
        tags: ['hotline'],
        summary: 'Attach a file (multipart/form-data, part "file") or a reference ({name, contentType, url}) to a case',
        params: caseId,
        consumes: ['multipart/form-data', 'application/json'],
        response: { 201: z.object({ attachment: attachmentView }) },
      },
      handler: async (req, reply) => {
        let input: { name: string; contentType: string; bytes?: Buffer; url?: string };
        if (req.isMultipart()) {
          const file = await req.file();
          if (!file) throw new AppError('invalid', 'send the file in a part named "file"', { field: 'file' });
          const bytes = await file.toBuffer().catch((err: Error) => {
            throw new AppError('too_large', `the file is larger than ${maxAttachmentBytes} bytes`, { field: 'file', cause: err });
          });
          input = { name: file.filename, contentType: file.mimetype, bytes };
        } else {
          const parsed = z.strictObject({ name: z.string().min(1).max(200), contentType: z.string().min(3).max(100), url: z.string().max(2000) }).safeParse(req.body);
          if (!parsed.success) {
            const issue = parsed.error.issues[0]!;
            throw new AppError('invalid', `${issue.path.join('.') || 'body'}: ${issue.message}`, { field: issue.path.join('.') || 'body' });
          }
          input = parsed.data;
        }
        return reply.status(201).send({ attachment: await addAttachment(k, req.ctx, req.params.id, input) });
      },
    });
  });
  app.get('/api/hotline/cases/:id/attachments', {
    schema: { tags: ['hotline'], summary: 'The attachments of a case', params: caseId, response: { 200: z.object({ attachments: z.array(attachmentView) }) } },
    handler: async (req) => ({ attachments: await listAttachments(k, req.ctx, req.params.id) }),
  });
  app.get('/api/hotline/attachments/:id', {
    schema: { tags: ['hotline'], summary: 'An attachment’s bytes, or a redirect to where it is kept', params: caseId },
    handler: async (req, reply) => {
      const a = await readAttachment(k, req.ctx, req.params.id);
      if ('redirect' in a) return reply.redirect(a.redirect, 302);
      reply.header('content-type', a.contentType);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.name)}`);
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(a.bytes);
    },
  });
}
