import path from 'node:path';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { Kernel } from './kernel.js';
import type { Routes } from './module.js';
import { writeAudit } from './audit.js';
import { writeBackup } from './backup.js';
import { importPack, type PackLoader } from './pack.js';

export interface CoreRouteOptions {
  isReady: () => boolean;
  readyReason: () => string | null;
  packLoaders: () => PackLoader[];
  version: string;
  /** Each module's readiness details, by module name. */
  readiness?: () => Record<string, unknown>;
}

/** Health, readiness, metrics, audit log, jobs, backups and pack import. */
export function coreRoutes(app: Routes, k: Kernel, opts: CoreRouteOptions) {
  app.get('/healthz', {
    schema: { tags: ['ops'], summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok'), version: z.string() }) } },
    handler: async () => ({ status: 'ok' as const, version: opts.version }),
  });

  app.get('/readyz', {
    schema: {
      tags: ['ops'],
      summary: 'Readiness: the database answers; 503 while it does not',
      response: {
        200: z.object({ status: z.literal('ready'), database: z.string(), modules: z.record(z.string(), z.unknown()).optional() }),
        503: z.object({ status: z.literal('unavailable'), database: z.string(), reason: z.string(), modules: z.record(z.string(), z.unknown()).optional() }),
      },
    },
    handler: async (_req, reply) => {
      const modules = opts.readiness?.();
      if (opts.isReady()) return { status: 'ready' as const, database: k.database.driver, modules };
      return reply.status(503).send({ status: 'unavailable' as const, database: k.database.driver, reason: opts.readyReason() ?? 'not ready', modules });
    },
  });

  app.get('/metrics', {
    schema: { tags: ['ops'], summary: 'Prometheus metrics in text format', hide: false },
    handler: async (_req, reply) => {
      reply.header('content-type', k.metrics.registry.contentType);
      return k.metrics.registry.metrics();
    },
  });

  app.get('/api/core/audit', {
    schema: {
      tags: ['ops'],
      summary: 'The audit log, newest first',
      querystring: z.strictObject({
        resourceType: z.string().max(64).optional(),
        resourceId: z.string().max(64).optional(),
        action: z.string().max(100).optional(),
        actor: z.string().max(100).optional(),
        before: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: {
        200: z.object({
          entries: z.array(
            z.object({
              id: z.number(),
              at: z.string(),
              actorId: z.string().nullable(),
              actor: z.string(),
              action: z.string(),
              resourceType: z.string(),
              resourceId: z.string().nullable(),
              before: z.unknown(),
              after: z.unknown(),
              ip: z.string().nullable(),
              requestId: z.string().nullable(),
            }),
          ),
        }),
      },
    },
    handler: async (req) => {
      k.policy.check(req.ctx.actor, { action: 'core.audit.read' });
      const q = req.query;
      let query = k.db.selectFrom('core_audit').selectAll().where('city_code', '=', req.ctx.cityCode);
      if (q.resourceType) query = query.where('resource_type', '=', q.resourceType);
      if (q.resourceId) query = query.where('resource_id', '=', q.resourceId);
      if (q.action) query = query.where('action', '=', q.action);
      if (q.actor) query = query.where((eb) => eb.or([eb('actor_id', '=', q.actor!), eb('actor_label', '=', q.actor!)]));
      if (q.before) query = query.where('id', '<', q.before);
      const rows = await query.orderBy('id', 'desc').limit(q.limit).execute();
      return {
        entries: rows.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          actorId: r.actor_id,
          actor: r.actor_label,
          action: r.action,
          resourceType: r.resource_type,
          resourceId: r.resource_id,
          before: r.before,
          after: r.after,
          ip: r.ip,
          requestId: r.request_id,
        })),
      };
    },
  });

  app.get('/api/core/jobs', {
    schema: {
      tags: ['ops'],
      summary: 'Scheduled jobs and their last runs',
      response: { 200: z.object({ jobs: z.array(z.object({ name: z.string(), lastStartedAt: z.string().nullable(), lastFinishedAt: z.string().nullable(), lastStatus: z.string().nullable(), lastError: z.string().nullable(), runs: z.number() })) }) },
    },
    handler: async (req) => {
      k.policy.check(req.ctx.actor, { action: 'core.job.list' });
      const rows = await k.db.selectFrom('core_jobs').selectAll().orderBy('name').execute();
      return {
        jobs: rows.map((r) => ({ name: r.name, lastStartedAt: r.last_started_at?.toISOString() ?? null, lastFinishedAt: r.last_finished_at?.toISOString() ?? null, lastStatus: r.last_status, lastError: r.last_error, runs: r.runs })),
      };
    },
  });

  app.get('/api/core/backup', {
    schema: { tags: ['ops'], summary: 'Download a logical backup of the whole database (gzip JSON lines)' },
    handler: async (req, reply) => {
      k.policy.check(req.ctx.actor, { action: 'core.backup.create' });
      await writeAudit(k.db, req.ctx, { action: 'core.backup.created', resourceType: 'database' });
      const stream = new PassThrough();
      void writeBackup(k.db, stream, { source: `citywork ${opts.version} (${k.database.driver})` }).catch((err) => {
        req.log.error({ err }, 'backup failed');
        stream.destroy(err as Error);
      });
      reply.header('content-type', 'application/gzip');
      reply.header('content-disposition', `attachment; filename="citywork-${new Date().toISOString().slice(0, 10)}.backup.gz"`);
      return reply.send(stream);
    },
  });

  app.post('/api/core/packs', {
    schema: {
      tags: ['ops'],
      summary: 'Import a city pack from a folder on the server (all or nothing)',
      body: z.strictObject({ dir: z.string().min(1).max(1000) }),
      response: {
        200: z.object({ id: z.string(), pack: z.string(), version: z.string(), cityCode: z.string(), digest: z.string(), loaders: z.array(z.object({ name: z.string(), counts: z.record(z.string(), z.number()), ms: z.number() })) }),
      },
    },
    handler: async (req) => importPack(k, req.ctx, path.resolve(req.body.dir), opts.packLoaders()),
  });
}
