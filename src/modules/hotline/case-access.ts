// Who may see and act on a case: the visibility every query applies, loading a case through
// it, and the parties of the workflow (hotline, office, supervisor, citizen).
import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool, type Transaction } from 'kysely';
import { AppError } from '../../core/errors.js';
import { inJurisdiction, regionPrefix, visibleTo } from '../../core/auth/jurisdiction.js';
import { orgDirectory } from '../../core/orgs.js';
import type { Kernel } from '../../core/kernel.js';
import type { Actor } from '../../core/context.js';
import type { CoreTables } from '../../core/db/tables.js';
import type { Party } from './workflow.js';
import type { HotlineTables } from './tables.js';

export type CaseRow = Selectable<HotlineTables['hotline_cases']>;
type Trx = Transaction<CoreTables>;
const h = (db: Trx | Kernel['db']) => db.withTables<HotlineTables>();

export const staffRoles = ['admin', 'operator', 'dispatcher', 'assessor', 'analyst'];
export const hotlineRoles = ['admin', 'operator', 'dispatcher'];
export const has = (actor: Actor, roles: string[]) => actor.roles.some((r) => roles.includes(r));

/**
 * Which cases an actor sees, enforced in every query: hotline staff the cases in their
 * jurisdiction; an office's handlers the cases their organisation has or had, or that
 * organisations it supervises have; a citizen the cases they filed.
 */
export function caseVisibility(actor: Actor): (eb: ExpressionBuilder<any, any>) => Expression<SqlBool> {
  return (eb) => {
    const city = sql<SqlBool>`city_code = ${actor.cityCode}`;
    if (has(actor, staffRoles) || actor.kind === 'system') return visibleTo(actor)(eb);
    const ors: Expression<SqlBool>[] = [];
    if (actor.roles.includes('handler') && actor.orgId) {
      const org = actor.orgId;
      const regionOk =
        actor.jurisdiction.length === 0
          ? sql<SqlBool>`true`
          : eb.or([sql<SqlBool>`region_code is null`, ...actor.jurisdiction.map((j) => sql<SqlBool>`region_code like ${regionPrefix(j) + '%'}`)]);
      ors.push(
        eb.and([
          eb.or([
            sql<SqlBool>`org_code = ${org}`,
            sql<SqlBool>`${org} = any(org_history)`,
            sql<SqlBool>`org_code in (select o.code from core_orgs o where o.city_code = ${actor.cityCode} and o.supervisor = ${org})`,
          ]),
          regionOk,
        ]),
      );
    }
    if (actor.roles.includes('citizen') && (actor.kind === 'user' || actor.kind === 'token')) ors.push(sql<SqlBool>`citizen_user_id = ${actor.id}`);
    if (ors.length === 0) return sql<SqlBool>`false`;
    return eb.and([city, eb.or(ors)]);
  };
}

export async function loadVisible(db: Trx | Kernel['db'], actor: Actor, idOrNumber: string, { lock = false } = {}): Promise<CaseRow> {
  let q = h(db)
    .selectFrom('hotline_cases')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrNumber), eb('number', '=', idOrNumber)]))
    .where('city_code', '=', actor.cityCode)
    .where(caseVisibility(actor));
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('not_found', `no case ${idOrNumber} that you may see`, { field: 'id' });
  return row;
}

/** Whether the actor is the office's own staff for this case (the party `office`). */
export function isOffice(actor: Actor, row: CaseRow): boolean {
  return actor.roles.includes('admin') || (!!actor.orgId && actor.orgId === row.org_code && actor.roles.includes('handler'));
}

export async function isParty(k: Kernel, db: Trx, actor: Actor, row: CaseRow, parties: Party[]): Promise<boolean> {
  if (actor.kind === 'system' || actor.roles.includes('admin')) return true;
  for (const p of parties) {
    if (p === 'hotline' && has(actor, hotlineRoles)) return true;
    if (p === 'office' && isOffice(actor, row)) return true;
    if (p === 'citizen' && actor.roles.includes('citizen') && row.citizen_user_id === actor.id) return true;
    if (p === 'supervisor') {
      if (actor.roles.includes('dispatcher') && inJurisdiction(actor.jurisdiction, row.region_code)) return true;
      if (actor.orgId && row.org_code && actor.roles.includes('handler')) {
        if ((await orgDirectory(k, row.city_code, db)).supervisors(row.org_code).some((o) => o.code === actor.orgId)) return true;
      }
    }
  }
  return false;
}
