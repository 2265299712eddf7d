import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../errors.js';
import { writeAudit } from '../audit.js';
import type { Kernel } from '../kernel.js';
import type { Actor, RequestContext } from '../context.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { hashToken } from './tokens.js';
import { toView, type UserView } from './users.js';

export interface LoginResult {
  /** The cookie value: random, stored only as its hash. */
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserView;
}

/**
 * Signs a person in. Too many failures from one address in 10 minutes → `rate_limited`;
 * `loginMaxFailures` wrong passwords in a row lock the account for `loginLockoutMinutes`.
 * The answer to a wrong username and to a wrong password is the same.
 */
export async function login(k: Kernel, ctx: RequestContext, { username, password, userAgent }: { username: string; password: string; userAgent?: string }): Promise<LoginResult> {
  const ip = ctx.ip ?? 'unknown';
  const now = k.clock.now();
  const since = new Date(now.getTime() - 10 * 60_000);
  const recent = await k.db
    .selectFrom('core_login_attempts')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('ip', '=', ip)
    .where('ok', '=', false)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= k.config.loginMaxPerIpPer10Min) {
    throw new AppError('rate_limited', 'too many failed sign-ins from this address; wait 10 minutes', { details: { retryAfterS: 600 } });
  }
  const user = await k.db.selectFrom('core_users').selectAll().where('username', '=', username).executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? decoyHash);
  if (user?.locked_until && user.locked_until > now) {
    await recordAttempt(k, ctx, username, false);
    throw new AppError('rate_limited', `account locked after repeated failures until ${user.locked_until.toISOString()}`, {
      details: { lockedUntil: user.locked_until.toISOString() },
    });
  }
  if (!user || !ok || user.disabled_at) {
    await k.transaction(async (trx) => {
      await trx.insertInto('core_login_attempts').values({ city_code: user?.city_code ?? ctx.cityCode, ip, username, ok: false, at: now }).execute();
      if (user && !ok) {
        const failures = user.failed_logins + 1;
        const lock = failures >= k.config.loginMaxFailures;
        await trx
          .updateTable('core_users')
          .set({ failed_logins: lock ? 0 : failures, locked_until: lock ? new Date(now.getTime() + k.config.loginLockoutMinutes * 60_000) : user.locked_until })
          .where('id', '=', user.id)
          .execute();
        if (lock) await writeAudit(trx, { ...ctx, actor: null }, { action: 'core.user.locked', resourceType: 'user', resourceId: user.id, after: { failures } });
      }
    });
    throw new AppError('unauthenticated', 'wrong username or password, or the account is disabled');
  }
  const sessionToken = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + k.config.sessionTtlHours * 3_600_000);
  const updated = await k.transaction(async (trx) => {
    await trx.insertInto('core_login_attempts').values({ city_code: user.city_code, ip, username, ok: true, at: now }).execute();
    await trx
      .insertInto('core_sessions')
      .values({ id: hashToken(sessionToken), city_code: user.city_code, user_id: user.id, csrf_token: csrfToken, ip, user_agent: userAgent?.slice(0, 300) ?? null, created_at: now, expires_at: expiresAt })
      .execute();
    const row = await trx
      .updateTable('core_users')
      .set({ failed_logins: 0, locked_until: null, last_login_at: now })
      .where('id', '=', user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const actor = actorOf(row);
    await writeAudit(trx, { ...ctx, actor, cityCode: row.city_code }, { action: 'core.session.created', resourceType: 'user', resourceId: user.id });
    return row;
  });
  return { sessionToken, csrfToken, expiresAt, user: toView(updated) };
}

/** Ends a session. */
export async function logout(k: Kernel, ctx: RequestContext, sessionToken: string): Promise<void> {
  await k.transaction(async (trx) => {
    const row = await trx.updateTable('core_sessions').set({ revoked_at: sql`now()` }).where('id', '=', hashToken(sessionToken)).where('revoked_at', 'is', null).returning('user_id').executeTakeFirst();
    if (row) await writeAudit(trx, ctx, { action: 'core.session.ended', resourceType: 'user', resourceId: row.user_id });
  });
}

/** The person a session cookie stands for, and the session's CSRF token; null if it is over. */
export async function authenticateSession(k: Kernel, sessionToken: string): Promise<{ actor: Actor; csrfToken: string; user: UserView } | null> {
  const row = await k.db
    .selectFrom('core_sessions as s')
    .innerJoin('core_users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select(['s.csrf_token', 's.expires_at', 's.revoked_at'])
    .where('s.id', '=', hashToken(sessionToken))
    .executeTakeFirst();
  if (!row || row.revoked_at || row.expires_at <= k.clock.now() || row.disabled_at) return null;
  return { actor: actorOf(row), csrfToken: row.csrf_token, user: toView(row) };
}

/** The actor a user row stands for. */
export function actorOf(row: { id: string; username: string; roles: string[]; org_id: string | null; jurisdiction: string[]; city_code: string }): Actor {
  return { kind: 'user', id: row.id, label: row.username, roles: row.roles, orgId: row.org_id, jurisdiction: row.jurisdiction, cityCode: row.city_code };
}

async function recordAttempt(k: Kernel, ctx: RequestContext, username: string, ok: boolean) {
  await k.db.insertInto('core_login_attempts').values({ city_code: ctx.cityCode, ip: ctx.ip ?? 'unknown', username, ok, at: k.clock.now() }).execute();
}
