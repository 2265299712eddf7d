import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../errors.js';
import { newId } from '../ids.js';
import { writeAudit } from '../audit.js';
import type { Kernel } from '../kernel.js';
import type { Actor, RequestContext } from '../context.js';
import { roles as allRoles } from './policy.js';

export const tokenEvents = { created: 'core.token.created', revoked: 'core.token.revoked' } as const;

/** `api`: an integration acting as a user or with its own roles; `open311`: a client app's api_key. */
export type TokenKind = 'api' | 'open311';

const prefixes: Record<TokenKind, string> = { api: 'cwt_', open311: 'o311_' };

export interface NewToken {
  kind: TokenKind;
  name: string;
  /** The user the token acts as; without one, the token has its own `roles`. */
  userId?: string | null;
  roles?: string[];
  expiresInDays?: number;
}

export interface TokenView {
  id: string;
  kind: TokenKind;
  name: string;
  userId: string | null;
  roles: string[];
  hint: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revoked: boolean;
}

/** The SHA-256 of a token: tokens are 256 random bits, so a fast hash is enough (scrypt is for passwords). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a token; the secret value is returned this once and stored only as its hash. */
export async function createToken(k: Kernel, ctx: RequestContext, input: NewToken): Promise<{ token: string; view: TokenView }> {
  k.policy.check(ctx.actor, { action: 'core.token.create' });
  if (!input.name.trim()) throw new AppError('invalid', 'name must not be empty', { field: 'name' });
  const tokenRoles = input.kind === 'open311' ? ['citizen'] : (input.roles ?? []);
  const unknown = tokenRoles.filter((r) => !(allRoles as readonly string[]).includes(r));
  if (unknown.length) throw new AppError('invalid', `unknown role ${unknown.join(', ')}`, { field: 'roles', details: { allowed: allRoles } });
  if (input.kind === 'api' && !input.userId && tokenRoles.length === 0) {
    throw new AppError('invalid', 'an API token acts as a user (userId) or has roles of its own (roles)', { field: 'userId' });
  }
  if (input.expiresInDays !== undefined && !(input.expiresInDays > 0)) throw new AppError('invalid', 'expiresInDays must be > 0', { field: 'expiresInDays' });
  const token = prefixes[input.kind] + randomBytes(32).toString('base64url');
  const id = newId('tok', k.clock.now());
  const expiresAt = input.expiresInDays ? new Date(k.clock.now().getTime() + input.expiresInDays * 86_400_000) : null;
  const view = await k.transaction(async (trx) => {
    let userId: string | null = null;
    if (input.userId) {
      const user = await trx
        .selectFrom('core_users')
        .select(['id'])
        .where((eb) => eb.or([eb('id', '=', input.userId!), eb('username', '=', input.userId!)]))
        .where('city_code', '=', ctx.cityCode)
        .executeTakeFirst();
      if (!user) throw new AppError('invalid', `no user ${input.userId}`, { field: 'userId' });
      userId = user.id;
    }
    const row = await trx
      .insertInto('core_api_tokens')
      .values({
        id,
        city_code: ctx.cityCode,
        kind: input.kind,
        name: input.name.trim(),
        user_id: userId,
        roles: userId ? [] : tokenRoles,
        token_hash: hashToken(token),
        token_hint: token.slice(0, prefixes[input.kind].length + 4) + '…',
        created_by: ctx.actor?.id ?? null,
        expires_at: expiresAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const v = toTokenView(row);
    await writeAudit(trx, ctx, { action: tokenEvents.created, resourceType: 'token', resourceId: id, after: { kind: v.kind, name: v.name, userId: v.userId, roles: v.roles } });
    return v;
  });
  return { token, view };
}

/** Revokes a token by id; it stops working at once on every copy. */
export async function revokeToken(k: Kernel, ctx: RequestContext, id: string): Promise<TokenView> {
  k.policy.check(ctx.actor, { action: 'core.token.revoke' });
  const view = await k.transaction(async (trx) => {
    const row = await trx
      .updateTable('core_api_tokens')
      .set({ revoked_at: sql`coalesce(revoked_at, now())` })
      .where('id', '=', id)
      .where('city_code', '=', ctx.cityCode)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', `no token ${id}`, { field: 'id' });
    await writeAudit(trx, ctx, { action: tokenEvents.revoked, resourceType: 'token', resourceId: id });
    return toTokenView(row);
  });
  forgetTokens(k);
  return view;
}

/** Lists the city's tokens (never their values). */
export async function listTokens(k: Kernel, ctx: RequestContext): Promise<TokenView[]> {
  k.policy.check(ctx.actor, { action: 'core.token.list' });
  const rows = await k.db.selectFrom('core_api_tokens').selectAll().where('city_code', '=', ctx.cityCode).orderBy('created_at', 'desc').execute();
  return rows.map(toTokenView);
}

/**
 * The actor a bearer token (or an Open311 api_key) stands for, or null when it is unknown,
 * revoked, expired, or its user is disabled.
 */
/**
 * Who a token is, remembered for `tokenCacheMs`: the hot path (an intake a millisecond) should
 * not read the token table on every request. A revocation or a disabled user takes effect at
 * once in the copy that made it (it clears the cache) and within `tokenCacheMs` in the others.
 */
export const tokenCacheMs = 2000;
const tokenCache = new WeakMap<Kernel, Map<string, { actor: Actor; kind: TokenKind; expiresAt: Date | null; until: number }>>();

/** Forgets every remembered token of this service (after a revocation or a change of users). */
export function forgetTokens(k: Kernel): void {
  tokenCache.get(k)?.clear();
}

export async function authenticateToken(k: Kernel, token: string, kind?: TokenKind): Promise<Actor | null> {
  if (token.length > 200) return null;
  let cache = tokenCache.get(k);
  if (!cache) tokenCache.set(k, (cache = new Map()));
  const hash = hashToken(token);
  const hit = cache.get(hash);
  if (hit && hit.until > Date.now() && (!hit.expiresAt || hit.expiresAt > k.clock.now())) return kind && hit.kind !== kind ? null : hit.actor;
  const actor = await lookUpToken(k, hash);
  if (cache.size > 10_000) cache.clear();
  if (actor) cache.set(hash, { ...actor, until: Date.now() + tokenCacheMs });
  else cache.delete(hash);
  return actor && (!kind || actor.kind === kind) ? actor.actor : null;
}

async function lookUpToken(k: Kernel, hash: string): Promise<{ actor: Actor; kind: TokenKind; expiresAt: Date | null } | null> {
  const row = await k.db
    .selectFrom('core_api_tokens as t')
    .leftJoin('core_users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.kind', 't.city_code', 't.name', 't.roles', 't.expires_at', 't.revoked_at', 't.last_used_at', 'u.id as user_id', 'u.username', 'u.roles as user_roles', 'u.org_id', 'u.jurisdiction', 'u.disabled_at'])
    .where('t.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row || row.revoked_at) return null;
  const now = k.clock.now();
  if (row.expires_at && row.expires_at <= now) return null;
  if (row.user_id && row.disabled_at) return null;
  // Record use at most once a minute: a write per request would be the hot path's cost.
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await k.db.updateTable('core_api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  if (row.user_id) {
    return { kind: row.kind, expiresAt: row.expires_at, actor: { kind: 'token', id: row.user_id, label: `${row.username}(token:${row.id})`, roles: row.user_roles ?? [], orgId: row.org_id ?? null, jurisdiction: row.jurisdiction ?? [], cityCode: row.city_code } };
  }
  return { kind: row.kind, expiresAt: row.expires_at, actor: { kind: row.kind === 'open311' ? 'open311' : 'token', id: row.id, label: `token:${row.name}`, roles: row.roles, orgId: null, jurisdiction: [], cityCode: row.city_code } };
}

type TokenRow = {
  id: string;
  kind: TokenKind;
  name: string;
  user_id: string | null;
  roles: string[];
  token_hint: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

function toTokenView(row: TokenRow): TokenView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    userId: row.user_id,
    roles: row.roles,
    hint: row.token_hint,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revoked: row.revoked_at !== null,
  };
}
