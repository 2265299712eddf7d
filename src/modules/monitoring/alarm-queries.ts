import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError } from '../../core/errors.js';
import { regionPrefix, visibleTo } from '../../core/auth/jurisdiction.js';
import type { Actor } from '../../core/context.js';
import type { CoreTables } from '../../core/db/tables.js';
import type { Bbox } from '../../core/geo/index.js';
import type { Kernel } from '../../core/kernel.js';
import type { AlarmState } from './alarms/alarm.js';
import { allowedActions } from './alarms/transitions.js';
import { alarmView, historyView, type AlarmView, type HistoryView } from './alarm-views.js';
import type { AlarmRow } from './alarm-rows.js';
import { cityRules } from './rules-pack.js';
import type { Severity } from './rules/types.js';
import { mdb } from './versions.js';

/**
 * Reading alarms as a person may see them: only those in the actor's jurisdiction (an alarm
 * with no region only by whoever has the whole city), filtered, newest or most severe first,
 * a page at a time; one alarm with its history.
 */

type Db = Kysely<CoreTables> | Transaction<CoreTables>;

export const readAction = 'monitoring.alarm.read';
export const handleAction = 'monitoring.alarm.handle';
const handling = ['acknowledge', 'assign', 'unassign', 'comment', 'clear'];

export interface AlarmFilter {
  state?: AlarmState[];
  active?: boolean;
  severity?: Severity[];
  type?: string;
  asset?: string;
  /** A region code: alarms in it or in any region inside it. */
  region?: string;
  bbox?: Bbox;
  /** Alarms raised or changed at or after this time. */
  since?: Date;
  sort?: 'newest' | 'severity';
  limit?: number;
  cursor?: string;
}

/** Loads an alarm row the actor may see (optionally locked); `not_found` otherwise, whether or not it exists elsewhere. */
export async function loadVisibleAlarm(db: Db, actor: Actor, id: string, { lock = false } = {}): Promise<AlarmRow> {
  let q = mdb(db).selectFrom('monitoring_alarms').selectAll().where('id', '=', id).where(visibleTo(actor));
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('not_found', `no alarm ${id} that you may see`, { field: 'id' });
  return row;
}

/** The actions the actor may take on the alarm now (its state allows them, and its role and jurisdiction). */
export function actionsFor(k: Kernel, actor: Actor, row: Pick<AlarmRow, 'state' | 'region_code'>): string[] {
  if (!k.policy.allows(actor, { action: handleAction, regionCode: row.region_code })) return [];
  return allowedActions(row.state as AlarmState).filter((a) => handling.includes(a));
}

/** The alarms the actor may see, filtered, a page at a time, with the total of the filter. */
export async function listAlarms(k: Kernel, actor: Actor, f: AlarmFilter): Promise<{ alarms: AlarmView[]; next: string | null; total: number }> {
  const limit = f.limit ?? 50;
  const sort = f.sort ?? 'newest';
  let q = mdb(k.db).selectFrom('monitoring_alarms').where(visibleTo(actor));
  if (f.state?.length) q = q.where('state', 'in', f.state);
  if (f.active !== undefined) q = q.where('state', f.active ? 'in' : 'not in', ['ACTIVE_UNACK', 'ACTIVE_ACK']);
  if (f.severity?.length) q = q.where('severity', 'in', f.severity);
  if (f.type) q = q.where('alarm_type', '=', f.type);
  if (f.asset) q = q.where('asset_id', '=', f.asset);
  if (f.region) q = q.where('region_code', 'like', regionPrefix(f.region) + '%');
  if (f.bbox) {
    const [w, s, e, n] = f.bbox;
    q = q.where('lon', '>=', w).where('lon', '<=', e).where('lat', '>=', s).where('lat', '<=', n);
  }
  if (f.since) q = q.where('updated_at', '>=', f.since);
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let page = q.selectAll();
  const after = f.cursor ? decodeCursor(f.cursor) : null;
  if (sort === 'severity') {
    if (after) page = page.where(sql<boolean>`(severity_rank, created_at, id) < (${after.rank}, ${after.createdAt}::timestamptz, ${after.id})`);
    page = page.orderBy('severity_rank', 'desc');
  } else if (after) page = page.where(sql<boolean>`(created_at, id) < (${after.createdAt}::timestamptz, ${after.id})`);
  const rows = await page.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const shown = rows.slice(0, limit);
  const names = await typeNames(k, actor.cityCode);
  const last = shown.at(-1);
  return {
    alarms: shown.map((r) => alarmView(r, names, actionsFor(k, actor, r))),
    next: rows.length > limit && last ? encodeCursor({ rank: last.severity_rank, createdAt: last.created_at.toISOString(), id: last.id }) : null,
    total,
  };
}

/** One alarm the actor may see, with its whole history, oldest first. */
export async function getAlarmWithHistory(k: Kernel, actor: Actor, id: string): Promise<{ alarm: AlarmView; history: HistoryView[] }> {
  const row = await loadVisibleAlarm(k.db, actor, id);
  const history = await mdb(k.db).selectFrom('monitoring_alarm_history').selectAll().where('city_code', '=', row.city_code).where('alarm_id', '=', id).orderBy('id').execute();
  return { alarm: alarmView(row, await typeNames(k, actor.cityCode), actionsFor(k, actor, row)), history: history.map(historyView) };
}

/** The names of the city's alarm types, from its rules. */
export async function typeNames(k: Kernel, cityCode: string): Promise<Record<string, { zh: string; en: string }>> {
  const rules = await cityRules(k, cityCode);
  return Object.fromEntries(Object.entries(rules?.file.alarmTypes ?? {}).map(([t, a]) => [t, a.name]));
}

interface Cursor {
  rank: number;
  createdAt: string;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.rank, c.createdAt, c.id])).toString('base64url');
}

function decodeCursor(s: string): Cursor {
  try {
    const [rank, createdAt, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [number, string, string];
    if (typeof rank !== 'number' || Number.isNaN(Date.parse(createdAt)) || typeof id !== 'string') throw new Error('bad cursor');
    return { rank, createdAt, id };
  } catch {
    throw new AppError('invalid', 'cursor is not one this API gave', { field: 'cursor' });
  }
}
