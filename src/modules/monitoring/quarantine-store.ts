import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { regionPrefix } from '../../core/auth/jurisdiction.js';
import type { Actor } from '../../core/context.js';
import type { CoreTables } from '../../core/db/tables.js';
import { quarantineReasons, type QuarantineReason } from './quarantine-reasons.js';
import { mdb } from './versions.js';

export interface QuarantineFilter {
  reason?: QuarantineReason;
  device?: string;
  from?: Date;
  to?: Date;
  /** Entries older than this id (the previous page's last). */
  before?: number;
  limit?: number;
}

export interface QuarantineEntry {
  id: number;
  receivedAt: string;
  source: 'mqtt' | 'http';
  topic: string | null;
  deviceId: string | null;
  metric: string | null;
  reason: QuarantineReason;
  reasonText: { zh: string; en: string };
  detail: string;
  reading: unknown;
  payload: string;
}

// An actor bound to a jurisdiction sees what came from devices on assets inside it (not unknown devices).
function inJurisdiction(actor: Actor) {
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    if (actor.jurisdiction.length === 0) return sql<SqlBool>`true`;
    const inside = sql.join(actor.jurisdiction.map((j) => sql`a.region_code like ${regionPrefix(j) + '%'}`), sql` or `);
    return eb.exists(sql`(select 1 from monitoring_devices d join monitoring_assets a on a.city_code = d.city_code and a.id = d.asset_id
      where d.city_code = monitoring_quarantine.city_code and d.id = monitoring_quarantine.device_id and (${inside}))`);
  };
}

/** Quarantined messages and readings, newest first, with the count of each reason in the same range. */
export async function listQuarantine(db: Kysely<CoreTables>, actor: Actor, f: QuarantineFilter): Promise<{ entries: QuarantineEntry[]; counts: Record<string, number>; next: number | null }> {
  const limit = f.limit ?? 100;
  let base = mdb(db).selectFrom('monitoring_quarantine').where('city_code', '=', actor.cityCode).where(inJurisdiction(actor));
  if (f.device) base = base.where('device_id', '=', f.device);
  if (f.from) base = base.where('received_at', '>=', f.from);
  if (f.to) base = base.where('received_at', '<', f.to);
  const countRows = await base.select(['reason', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('reason').execute();
  let q = base.selectAll();
  if (f.reason) q = q.where('reason', '=', f.reason);
  if (f.before) q = q.where('id', '<', f.before);
  const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  return {
    entries: page.map((r) => ({
      id: Number(r.id),
      receivedAt: r.received_at.toISOString(),
      source: r.source,
      topic: r.topic,
      deviceId: r.device_id,
      metric: r.metric,
      reason: r.reason as QuarantineReason,
      reasonText: quarantineReasons[r.reason as QuarantineReason] ?? { zh: r.reason, en: r.reason },
      detail: r.detail,
      reading: r.reading,
      payload: r.payload,
    })),
    counts: Object.fromEntries(countRows.map((c) => [c.reason, Number(c.n)])),
    next: rows.length > limit ? Number(page.at(-1)!.id) : null,
  };
}
