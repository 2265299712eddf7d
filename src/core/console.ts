import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import { AppError } from './errors.js';
import { hashToken } from './auth/tokens.js';
import { newId } from './ids.js';
import type { Kernel } from './kernel.js';
import type { Routes } from './module.js';

// Paths that belong to the API, never to the console's client-side routes.
const apiPaths = /^\/(api|open311|docs|metrics|healthz|readyz)(\/|$)/;

/**
 * Serves the web console (`web/dist`, built by `npm run build`) at `/`: hashed assets with
 * long caching, and `index.html` for every other GET that is not an API path, so the
 * console's own routes survive a reload. Without a build, `/` says how to make one.
 */
export async function consoleRoutes(app: Routes, k: Kernel, { dir }: { dir: string }): Promise<void> {
  app.get('/api/console/settings', {
    schema: {
      tags: ['console'],
      summary: 'What the console needs before sign-in: the city, and the Open311 api_key of its citizen page',
      response: { 200: z.object({ cityCode: z.string(), open311ApiKey: z.string().nullable() }) },
    },
    handler: async (req) => ({ cityCode: req.ctx.cityCode, open311ApiKey: await consoleApiKey(k, req.ctx.cityCode) }),
  });

  const built = existsSync(path.join(dir, 'index.html'));
  if (!built) {
    k.logger.warn({ dir }, 'the web console is not built: run `npm run build` (or `npm install`) to build it into web/dist');
    app.get('/', async (_req, reply) =>
      reply.status(503).type('text/plain; charset=utf-8').send('The citywork web console is not built.\nRun `npm run build` (npm install and npm start do it too), then reload.\nThe API is at /api, its documentation at /docs.\n'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    wildcard: false,
    index: false,
    setHeaders(res, file) {
      res.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const shell = async (req: { url: string }, reply: any) => {
    const p = req.url.split('?')[0]!;
    if (apiPaths.test(p)) return reply.callNotFound();
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  };
  // Only paths whose first segment is not the API's: an unknown API path keeps the 404 of its
  // own scope (JSON for /api, Open311's error list for /open311).
  const page = '/:page(^(?!(?:api|open311|docs|metrics|healthz|readyz|assets)$)[A-Za-z0-9][A-Za-z0-9._-]*$)';
  app.get('/', { schema: { hide: true } }, shell);
  app.get(page, { schema: { hide: true } }, shell);
  app.get(`${page}/*`, { schema: { hide: true } }, shell);
}

/**
 * The console's citizen page is an Open311 client app like any other: its api_key is derived
 * from the service secret (so every copy knows the same key) and registered once as the
 * token "citywork console"; an administrator may revoke it, and then citizens' submissions stop.
 */
async function consoleApiKey(k: Kernel, cityCode: string): Promise<string | null> {
  const key = `o311_${createHmac('sha256', k.secrets.secret).update(`citywork-console:${cityCode}`).digest('base64url')}`;
  const hash = hashToken(key);
  const row = await k.db.selectFrom('core_api_tokens').select(['revoked_at', 'expires_at']).where('token_hash', '=', hash).executeTakeFirst();
  if (row) return row.revoked_at || (row.expires_at && row.expires_at < k.clock.now()) ? null : key;
  const city = await k.db.selectFrom('core_cities').select('city_code').where('city_code', '=', cityCode).executeTakeFirst();
  if (!city) return null;
  try {
    await k.db
      .insertInto('core_api_tokens')
      .values({ id: newId('tok', k.clock.now()), city_code: cityCode, kind: 'open311', name: 'citywork console', user_id: null, roles: ['citizen'], token_hash: hash, token_hint: key.slice(0, 9) + '…', created_by: null, expires_at: null })
      .onConflict((oc) => oc.doNothing())
      .execute();
  } catch (err) {
    throw new AppError('unavailable', `the console's api_key could not be registered: ${(err as Error).message}`);
  }
  return key;
}
