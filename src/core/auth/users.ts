import { AppError } from '../errors.js';
import { newId } from '../ids.js';
import { writeAudit } from '../audit.js';
import { emitEvent } from '../events.js';
import type { Kernel } from '../kernel.js';
import type { RequestContext } from '../context.js';
import { hashPassword } from './passwords.js';
import { roles as allRoles } from './policy.js';
import { forgetTokens } from './tokens.js';

export const userEvents = {
  created: 'core.user.created',
  disabled: 'core.user.disabled',
  enabled: 'core.user.enabled',
} as const;

/** A user as the API shows it: never the password hash. */
export interface UserView {
  id: string;
  cityCode: string;
  username: string;
  displayName: string;
  roles: string[];
  orgId: string | null;
  jurisdiction: string[];
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: string[];
  orgId?: string | null;
  jurisdiction?: string[];
}

/** Creates an account (admin only); the username is unique across the deployment. */
export async function createUser(k: Kernel, ctx: RequestContext, input: NewUser): Promise<UserView> {
  k.policy.check(ctx.actor, { action: 'core.user.create' });
  validateUser(input);
  const passwordHash = await hashPassword(input.password);
  const id = newId('usr', k.clock.now());
  return k.transaction(async (trx) => {
    const taken = await trx.selectFrom('core_users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw new AppError('conflict', `username ${input.username} is taken`, { field: 'username' });
    const row = await trx
      .insertInto('core_users')
      .values({
        id,
        city_code: ctx.cityCode,
        username: input.username,
        display_name: input.displayName,
        password_hash: passwordHash,
        roles: [...new Set(input.roles)],
        org_id: input.orgId ?? null,
        jurisdiction: input.jurisdiction ?? [],
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = toView(row);
    await writeAudit(trx, ctx, { action: userEvents.created, resourceType: 'user', resourceId: id, after: summary(view) });
    await emitEvent(trx, ctx.cityCode, userEvents.created, { userId: id, username: view.username, roles: view.roles });
    return view;
  });
}

/** Lists the accounts of the actor's city (admin only). */
export async function listUsers(k: Kernel, ctx: RequestContext): Promise<UserView[]> {
  k.policy.check(ctx.actor, { action: 'core.user.list' });
  const rows = await k.db.selectFrom('core_users').selectAll().where('city_code', '=', ctx.cityCode).orderBy('username').execute();
  return rows.map(toView);
}

/** Disables (or re-enables) an account; its sessions end at once and its tokens stop working. */
export async function setUserDisabled(k: Kernel, ctx: RequestContext, idOrUsername: string, disabled: boolean): Promise<UserView> {
  k.policy.check(ctx.actor, { action: 'core.user.disable' });
  const result = await k.transaction(async (trx) => {
    const before = await trx
      .selectFrom('core_users')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrUsername), eb('username', '=', idOrUsername)]))
      .where('city_code', '=', ctx.cityCode)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('not_found', `no user ${idOrUsername}`, { field: 'user' });
    if (disabled && before.id === ctx.actor?.id) throw new AppError('conflict', 'you cannot disable your own account');
    const now = k.clock.now();
    const row = await trx
      .updateTable('core_users')
      .set({ disabled_at: disabled ? (before.disabled_at ?? now) : null, failed_logins: 0, locked_until: null, updated_at: now })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (disabled) await trx.updateTable('core_sessions').set({ revoked_at: now }).where('user_id', '=', before.id).where('revoked_at', 'is', null).execute();
    const view = toView(row);
    const action = disabled ? userEvents.disabled : userEvents.enabled;
    await writeAudit(trx, ctx, { action, resourceType: 'user', resourceId: before.id, before: summary(toView(before)), after: summary(view) });
    await emitEvent(trx, ctx.cityCode, action, { userId: before.id });
    return view;
  });
  forgetTokens(k); // a disabled user's tokens stop at once
  return result;
}

/** Checks the fields of a new account, naming the field at fault. */
export function validateUser(input: NewUser): void {
  if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(input.username)) {
    throw new AppError('invalid', 'username must be 2–64 lower-case letters, digits, dots, dashes or underscores', { field: 'username' });
  }
  if (!input.displayName.trim()) throw new AppError('invalid', 'displayName must not be empty', { field: 'displayName' });
  if (input.roles.length === 0) throw new AppError('invalid', 'roles must name at least one role', { field: 'roles' });
  const unknown = input.roles.filter((r) => !(allRoles as readonly string[]).includes(r));
  if (unknown.length) throw new AppError('invalid', `unknown role ${unknown.join(', ')}; roles are ${allRoles.join(', ')}`, { field: 'roles', details: { allowed: allRoles } });
  for (const code of input.jurisdiction ?? []) {
    if (!/^\d{2,12}$/.test(code)) throw new AppError('invalid', `jurisdiction entry ${code} is not a region code`, { field: 'jurisdiction' });
  }
}

type UserRow = {
  id: string;
  city_code: string;
  username: string;
  display_name: string;
  roles: string[];
  org_id: string | null;
  jurisdiction: string[];
  disabled_at: Date | null;
  locked_until: Date | null;
  last_login_at: Date | null;
  created_at: Date;
};

/** The API's view of a user row. */
export function toView(row: UserRow): UserView {
  return {
    id: row.id,
    cityCode: row.city_code,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    orgId: row.org_id,
    jurisdiction: row.jurisdiction,
    disabled: row.disabled_at !== null,
    lockedUntil: row.locked_until?.toISOString() ?? null,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

function summary(v: UserView) {
  return { username: v.username, roles: v.roles, orgId: v.orgId, jurisdiction: v.jurisdiction, disabled: v.disabled };
}
