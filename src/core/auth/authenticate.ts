import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { Kernel } from '../kernel.js';
import { authenticateSession } from './sessions.js';
import { authenticateToken } from './tokens.js';

export const sessionCookie = 'cw_session';
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Sets `req.ctx` for every request: the actor from a bearer token or a session cookie
 * (anonymous otherwise). Cookie-authenticated unsafe requests must carry the session's CSRF
 * token in `x-csrf-token`; bearer tokens need none, since a browser never sends them by itself.
 */
export function authenticationHook(k: Kernel) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    req.ctx = { actor: null, cityCode: k.config.cityCode, ip: req.ip ?? null, requestId: req.id };
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw new AppError('unauthenticated', 'Authorization header must be "Bearer <token>"', { field: 'authorization' });
      const actor = await authenticateToken(k, m[1]!, 'api');
      if (!actor) throw new AppError('unauthenticated', 'the API token is unknown, revoked or expired', { field: 'authorization' });
      req.ctx = { ...req.ctx, actor, cityCode: actor.cityCode };
      return;
    }
    const raw = req.cookies?.[sessionCookie];
    if (!raw) return;
    const unsigned = req.unsignCookie(raw);
    const session = unsigned.valid && unsigned.value ? await authenticateSession(k, unsigned.value) : null;
    if (!session) {
      reply.clearCookie(sessionCookie, { path: '/' });
      return;
    }
    if (unsafeMethods.has(req.method) && req.headers['x-csrf-token'] !== session.csrfToken && !req.url.startsWith('/api/auth/login')) {
      throw new AppError('forbidden', 'missing or wrong x-csrf-token header (GET /api/auth/me gives it)', { field: 'x-csrf-token' });
    }
    req.ctx = { ...req.ctx, actor: session.actor, cityCode: session.actor.cityCode };
  };
}

/** Fails with `unauthenticated` when nobody is signed in. */
export function requireActor(req: FastifyRequest) {
  if (!req.ctx.actor) throw new AppError('unauthenticated', 'sign in or send an API token');
  return req.ctx.actor;
}
