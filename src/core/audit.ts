import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
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

/**
 * The audit rows of a set-based write as one SQL step: `insert into core_audit … select … from
 * <source>`, for a data-modifying CTE of a statement that writes a whole group at once (one
 * round trip, one commit). Each field is an SQL expression over the source's columns.
 */
export function auditRowsFrom(
  source: string,
  e: { cityCode: RawBuilder<unknown>; actorId: RawBuilder<unknown>; actorLabel: RawBuilder<unknown>; action: string; resourceType: string; resourceId: RawBuilder<unknown>; after: RawBuilder<unknown>; ip: RawBuilder<unknown>; requestId: RawBuilder<unknown> },
): RawBuilder<unknown> {
  return sql`insert into core_audit (city_code, actor_id, actor_label, action, resource_type, resource_id, before, after, ip, request_id)
    select ${e.cityCode}, ${e.actorId}, ${e.actorLabel}, ${e.action}, ${e.resourceType}, ${e.resourceId}, null, ${e.after}, ${e.ip}, ${e.requestId} from ${sql.table(source)}`;
}
