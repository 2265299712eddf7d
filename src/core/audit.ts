import type { Kysely, Transaction } from 'kysely';
import type { CoreTables } from './db/tables.js';
import type { RequestContext } from './context.js';

export interface AuditEntry {
  /** `<module>.<entity>.<verb>`, as the event names: `core.user.disabled`. */
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /** A summary of the state before and after: never passwords, never unmasked personal data. */
  before?: unknown;
  after?: unknown;
}

/** Writes one audit record (who, what, when, from where) in the caller's transaction. */
export async function writeAudit(trx: Kysely<CoreTables> | Transaction<CoreTables>, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await writeAudits(trx, [{ ctx, entry }]);
}

/** Writes several audit records in one statement (a group commit's requests, each with its own context). */
export async function writeAudits(trx: Kysely<CoreTables> | Transaction<CoreTables>, records: { ctx: RequestContext; entry: AuditEntry }[]): Promise<void> {
  if (!records.length) return;
  await trx
    .insertInto('core_audit')
    .values(
      records.map(({ ctx, entry }) => ({
        city_code: ctx.cityCode,
        actor_id: ctx.actor?.id ?? null,
        actor_label: ctx.actor?.label ?? 'anonymous',
        action: entry.action,
        resource_type: entry.resourceType,
        resource_id: entry.resourceId ?? null,
        before: entry.before === undefined ? null : JSON.stringify(entry.before),
        after: entry.after === undefined ? null : JSON.stringify(entry.after),
        ip: ctx.ip,
        request_id: ctx.requestId,
      })),
    )
    .execute();
}
