import { z } from 'zod';
import type { Kernel } from '../kernel.js';
import type { Routes } from '../module.js';
import { AppError } from '../errors.js';
import { roles } from './policy.js';
import { login, logout, authenticateSession } from './sessions.js';
import { createUser, listUsers, setUserDisabled } from './users.js';
import { createToken, listTokens, revokeToken } from './tokens.js';
import { sessionCookie, requireActor } from './authenticate.js';

const userView = z.object({
  id: z.string(),
  cityCode: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  orgId: z.string().nullable(),
  jurisdiction: z.array(z.string()),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});

const tokenView = z.object({
  id: z.string(),
  kind: z.enum(['api', 'open311']),
  name: z.string(),
  userId: z.string().nullable(),
  roles: z.array(z.string()),
  hint: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revoked: z.boolean(),
});

/** Sign-in, sessions, accounts and tokens: `/api/auth/*` and `/api/core/users|tokens`. */
export function authRoutes(app: Routes, k: Kernel) {
  const secure = !k.config.embedded;

  app.post('/api/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Sign in; sets the session cookie and returns the CSRF token',
      body: z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
      response: { 200: z.object({ user: userView, csrfToken: z.string(), expiresAt: z.string(), actions: z.array(z.string()) }) },
    },
    handler: async (req, reply) => {
      const result = await login(k, req.ctx, { ...req.body, userAgent: req.headers['user-agent'] });
      reply.setCookie(sessionCookie, result.sessionToken, { path: '/', httpOnly: true, sameSite: 'strict', secure, signed: true, expires: result.expiresAt });
      return { user: result.user, csrfToken: result.csrfToken, expiresAt: result.expiresAt.toISOString(), actions: k.policy.actionsOf(result.user.roles) };
    },
  });

  app.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: 'Sign out: ends the session', response: { 204: z.null() } },
    handler: async (req, reply) => {
      const raw = req.cookies[sessionCookie];
      const unsigned = raw ? req.unsignCookie(raw) : null;
      if (unsigned?.valid && unsigned.value) await logout(k, req.ctx, unsigned.value);
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  app.get('/api/auth/me', {
    schema: {
      tags: ['auth'],
      summary: 'Who is signed in, what they may do, and the CSRF token for unsafe requests',
      response: { 200: z.object({ actor: z.object({ kind: z.string(), id: z.string(), label: z.string(), roles: z.array(z.string()), orgId: z.string().nullable(), jurisdiction: z.array(z.string()), cityCode: z.string() }), csrfToken: z.string().nullable(), actions: z.array(z.string()) }) },
    },
    handler: async (req) => {
      const actor = requireActor(req);
      const raw = req.cookies[sessionCookie];
      const unsigned = raw ? req.unsignCookie(raw) : null;
      const session = unsigned?.valid && unsigned.value ? await authenticateSession(k, unsigned.value) : null;
      return { actor, csrfToken: session?.csrfToken ?? null, actions: k.policy.actionsOf(actor.roles) };
    },
  });

  app.get('/api/core/users', {
    schema: { tags: ['accounts'], summary: 'List the accounts of the city', response: { 200: z.object({ users: z.array(userView) }) } },
    handler: async (req) => ({ users: await listUsers(k, req.ctx) }),
  });

  app.post('/api/core/users', {
    schema: {
      tags: ['accounts'],
      summary: 'Create an account',
      body: z.strictObject({
        username: z.string().min(2).max(64),
        displayName: z.string().min(1).max(100),
        password: z.string().min(10).max(256),
        roles: z.array(z.enum(roles)).min(1),
        orgId: z.string().max(64).nullable().optional(),
        jurisdiction: z.array(z.string().regex(/^\d{2,12}$/, 'must be a region code of 2–12 digits')).max(500).optional(),
      }),
      response: { 201: userView },
    },
    handler: async (req, reply) => reply.status(201).send(await createUser(k, req.ctx, req.body)),
  });

  app.post('/api/core/users/:user/disable', {
    schema: { tags: ['accounts'], summary: 'Disable an account: its sessions end, its tokens stop', params: z.strictObject({ user: z.string().min(1).max(64) }), response: { 200: userView } },
    handler: async (req) => setUserDisabled(k, req.ctx, req.params.user, true),
  });

  app.post('/api/core/users/:user/enable', {
    schema: { tags: ['accounts'], summary: 'Enable a disabled or locked account', params: z.strictObject({ user: z.string().min(1).max(64) }), response: { 200: userView } },
    handler: async (req) => setUserDisabled(k, req.ctx, req.params.user, false),
  });

  app.get('/api/core/tokens', {
    schema: { tags: ['accounts'], summary: 'List API tokens and Open311 api_keys (never their values)', response: { 200: z.object({ tokens: z.array(tokenView) }) } },
    handler: async (req) => ({ tokens: await listTokens(k, req.ctx) }),
  });

  app.post('/api/core/tokens', {
    schema: {
      tags: ['accounts'],
      summary: 'Create an API token or an Open311 api_key; the value is shown this once',
      body: z.strictObject({
        kind: z.enum(['api', 'open311']).default('api'),
        name: z.string().min(1).max(100),
        userId: z.string().max(64).optional(),
        roles: z.array(z.enum(roles)).optional(),
        expiresInDays: z.number().positive().max(3650).optional(),
      }),
      response: { 201: z.object({ token: z.string(), info: tokenView }) },
    },
    handler: async (req, reply) => {
      if (req.body.kind === 'open311' && req.body.userId) throw new AppError('invalid', 'an Open311 api_key belongs to a client app, not a user', { field: 'userId' });
      const { token, view } = await createToken(k, req.ctx, req.body);
      return reply.status(201).send({ token, info: view });
    },
  });

  app.post('/api/core/tokens/:id/revoke', {
    schema: { tags: ['accounts'], summary: 'Revoke a token', params: z.strictObject({ id: z.string().min(1).max(64) }), response: { 200: tokenView } },
    handler: async (req) => revokeToken(k, req.ctx, req.params.id),
  });
}
