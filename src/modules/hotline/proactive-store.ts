import { latLngToCell } from 'h3-js';
import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool } from 'kysely';
import { AppError } from '../../core/errors.js';
import { writeAudit } from '../../core/audit.js';
import { emitEvent } from '../../core/events.js';
import { newId } from '../../core/ids.js';
import { systemContext, type Actor, type RequestContext } from '../../core/context.js';
import { orgDirectory, type Org, type OrgDirectory } from '../../core/orgs.js';
import { regionPrefix, visibleTo } from '../../core/auth/jurisdiction.js';
import type { Kernel } from '../../core/kernel.js';
import type { Job } from '../../core/scheduler.js';
import { locate } from '../regions/index.js';
import { loadCatalog } from './catalog.js';
import { formatLocal } from './calendar.js';
import { districtOf } from './dispatch.js';
import { defaultProactiveSettings, parseProactiveSettings, recurringPlaces, type PlaceCase, type ProactiveSettings, type RecurringPlace } from './proactive.js';
import type { ProactiveTables } from './proactive-tables.js';
import type { HotlineTables } from './tables.js';

/** The events of proactive tasks, declared once. */
export const proactiveEvents = {
  opened: 'hotline.proactive-task.opened',
  completed: 'hotline.proactive-task.completed',
  dismissed: 'hotline.proactive-task.dismissed',
} as const;

/** What the payload of every proactive task event carries. */
export interface ProactiveTaskPayload {
  taskId: string;
  categoryCode: string;
  regionCode: string | null;
  orgCode: string | null;
  lon: number;
  lat: number;
  caseIds: string[];
  status: 'open' | 'done' | 'dismissed';
}

type TaskRow = Selectable<ProactiveTables['hotline_proactive_tasks']>;
const DAY = 86_400_000;
const db = (k: Kernel) => k.db.withTables<HotlineTables & ProactiveTables>();

/** The city's rule: its pack's `hotline/proactive.json`, or the defaults. */
export async function proactiveSettings(k: Kernel, cityCode: string): Promise<ProactiveSettings> {
  const row = await db(k).selectFrom('hotline_proactive_settings').select('settings').where('city_code', '=', cityCode).executeTakeFirst();
  return row ? parseProactiveSettings(row.settings) : defaultProactiveSettings;
}

/**
 * Opens a task for each place where a problem recurs (the city's rule over the last
 * `windowDays`), for the street office of the place, else its district's centre. Cases a
 * task already cites do not count again; a place and category with an open task within the
 * radius gets no second one. Each task is audited and announced.
 */
export async function openProactiveTasks(k: Kernel): Promise<{ opened: number }> {
  let opened = 0;
  const now = k.clock.now();
  for (const { city_code: city } of await db(k).selectFrom('hotline_settings').select('city_code').execute()) {
    const rule = await proactiveSettings(k, city);
    const since = new Date(now.getTime() - rule.windowDays * DAY);
    let q = db(k)
      .selectFrom('hotline_cases')
      .select(['id', 'category_code', 'lon', 'lat', 'region_code', 'received_at'])
      .where('city_code', '=', city)
      .where('received_at', '>=', since)
      .where('received_at', '<=', now)
      .where('status', 'not in', ['merged', 'transferred'])
      .where('category_code', 'is not', null)
      .where('lon', 'is not', null)
      .where('lat', 'is not', null);
    if (rule.excludeKinds.length) q = q.where('kind', 'not in', rule.excludeKinds);
    if (rule.categories.length) q = q.where((eb) => eb.or(rule.categories.map((c) => eb('category_code', 'like', `${c}%`))));
    const tasks = await db(k).selectFrom('hotline_proactive_tasks').select(['category_code', 'lon', 'lat', 'radius_m', 'status', 'evidence_case_ids']).where('city_code', '=', city).where((eb) => eb.or([eb('status', '=', 'open'), eb('created_at', '>=', since)])).execute();
    const cited = new Set(tasks.flatMap((t) => t.evidence_case_ids));
    const cases: PlaceCase[] = (await q.execute()).filter((r) => !cited.has(r.id)).map((r) => ({ id: r.id, category: r.category_code!, lon: r.lon!, lat: r.lat!, region: r.region_code, at: r.received_at }));
    // Two discs that overlap are one place: its open task, or the first new one, takes it.
    type Disc = { category: string; lon: number; lat: number; radiusM: number };
    const samePlace = (a: Disc, b: Disc) => a.category === b.category && distanceM(a, b) <= a.radiusM + b.radiusM;
    const open: Disc[] = tasks.filter((t) => t.status === 'open').map((t) => ({ category: t.category_code, lon: t.lon, lat: t.lat, radiusM: t.radius_m }));
    const places: RecurringPlace[] = [];
    for (const p of recurringPlaces(cases, rule)) {
      if (open.some((t) => samePlace(p, t))) continue;
      const kept = places.find((q) => samePlace(p, q));
      if (kept) kept.caseIds.push(...p.caseIds);
      else places.push(p);
    }
    if (!places.length) continue;
    const dir = await orgDirectory(k, city);
    const planned: (RecurringPlace & { org: string | null })[] = [];
    for (const p of places) {
      const at = await locate(k, city, p.lon, p.lat);
      const region = at.region ? regionPrefix(at.region.code) : p.region;
      planned.push({ ...p, region, org: proactiveOffice(dir, region)?.code ?? null });
    }
    const ctx = systemContext(city, 'proactive');
    opened += await k.transaction(async (trx) => {
      let n = 0;
      const t = trx.withTables<ProactiveTables>();
      for (const p of planned) {
        const row = await t
          .insertInto('hotline_proactive_tasks')
          .values({
            id: newId('ptask', now),
            city_code: city,
            category_code: p.category,
            lon: Math.round(p.lon * 1e6) / 1e6,
            lat: Math.round(p.lat * 1e6) / 1e6,
            radius_m: p.radiusM,
            region_code: p.region,
            org_code: p.org,
            place_key: latLngToCell(p.lat, p.lon, 9),
            evidence_case_ids: p.caseIds,
            status: 'open',
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.columns(['city_code', 'category_code', 'place_key']).where('status', '=', 'open').doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!row) continue;
        n++;
        await writeAudit(trx, ctx, { action: proactiveEvents.opened, resourceType: 'hotline_proactive_task', resourceId: row.id, after: { category: row.category_code, region: row.region_code, org: row.org_code, cases: row.evidence_case_ids.length } });
        await emitEvent(trx, city, proactiveEvents.opened, payloadOf(row));
      }
      return n;
    });
  }
  return { opened };
}

/** The office a place's task goes to: the street office whose jurisdiction holds it, else its district's dispatch centre. */
export function proactiveOffice(dir: Pick<OrgDirectory, 'covering'>, region: string | null): Org | null {
  if (!region) return null;
  const district = districtOf(region);
  return dir.covering(region, 'street')[0] ?? (district ? dir.covering(district, 'dispatch_centre')[0] : undefined) ?? null;
}

/** The scheduled jobs of proactive governance: the daily search for recurring places. */
export function proactiveJobs(k: Kernel): Job[] {
  return [{ name: 'hotline.proactive', everyMs: DAY, run: async () => void (await openProactiveTasks(k)) }];
}

/** A proactive task as the API shows it. */
export interface ProactiveTaskView {
  id: string;
  category: { code: string; name: string; path: string };
  centre: { lon: number; lat: number };
  radiusM: number;
  regionCode: string | null;
  org: { code: string; name: string } | null;
  caseIds: string[];
  status: 'open' | 'done' | 'dismissed';
  note: string | null;
  closedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

const staffRoles = ['admin', 'operator', 'dispatcher', 'assessor', 'analyst'];

/** Which tasks an actor sees: hotline staff those in their jurisdiction; an office's handlers its own and its supervised offices'. */
function taskVisibility(actor: Actor): (eb: ExpressionBuilder<any, any>) => Expression<SqlBool> {
  return (eb) => {
    if (actor.kind === 'system' || actor.roles.some((r) => staffRoles.includes(r))) return visibleTo(actor)(eb);
    if (!actor.roles.includes('handler') || !actor.orgId) return sql<SqlBool>`false`;
    return eb.or([sql<SqlBool>`org_code = ${actor.orgId}`, sql<SqlBool>`org_code in (select o.code from core_orgs o where o.city_code = ${actor.cityCode} and o.supervisor = ${actor.orgId})`]);
  };
}

/** The proactive tasks the actor may see, newest first. */
export async function listProactiveTasks(k: Kernel, ctx: RequestContext, { status, limit = 100 }: { status?: 'open' | 'done' | 'dismissed'; limit?: number } = {}): Promise<ProactiveTaskView[]> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.insight.read' });
  let q = db(k).selectFrom('hotline_proactive_tasks').selectAll().where('city_code', '=', ctx.cityCode).where(taskVisibility(actor));
  if (status) q = q.where('status', '=', status);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(Math.min(limit, 1000)).execute();
  return viewsOf(k, ctx.cityCode, rows);
}

/**
 * Closes an open task as done (the office dealt with the place) or dismissed (no action
 * needed; a reason is required): only the office's own handlers, or an administrator.
 */
export async function closeProactiveTask(k: Kernel, ctx: RequestContext, id: string, outcome: 'done' | 'dismissed', note: string | null = null): Promise<ProactiveTaskView> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.proactive.handle' });
  const reason = note?.trim() || null;
  if (outcome === 'dismissed' && !reason) throw new AppError('invalid', 'a reason is required to dismiss a task', { field: 'note' });
  if (reason && reason.length > 2000) throw new AppError('too_large', `note is ${reason.length} characters; at most 2000`, { field: 'note' });
  const row = await k.transaction(async (trx) => {
    const t = trx.withTables<ProactiveTables>();
    const task = await t.selectFrom('hotline_proactive_tasks').selectAll().where('city_code', '=', ctx.cityCode).where('id', '=', id).where(taskVisibility(actor)).forUpdate().executeTakeFirst();
    if (!task) throw new AppError('not_found', `no proactive task ${id} that you may see`, { field: 'id' });
    if (!actor.roles.includes('admin') && !(actor.roles.includes('handler') && actor.orgId && actor.orgId === task.org_code)) {
      throw new AppError('forbidden', `${actor.label} may not close task ${id}: that is for the handlers of ${task.org_code ?? 'its office'}`);
    }
    if (task.status !== 'open') throw new AppError('conflict', `task ${id} is ${task.status} already`, { details: { status: task.status, allowed: [] } });
    const now = k.clock.now();
    const updated = await t
      .updateTable('hotline_proactive_tasks')
      .set({ status: outcome, note: reason, closed_by: actor.label, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const topic = outcome === 'done' ? proactiveEvents.completed : proactiveEvents.dismissed;
    await writeAudit(trx, ctx, { action: topic, resourceType: 'hotline_proactive_task', resourceId: id, before: { status: 'open' }, after: { status: outcome, ...(reason ? { note: reason } : {}) } });
    await emitEvent(trx, ctx.cityCode, topic, payloadOf(updated));
    return updated;
  });
  return (await viewsOf(k, ctx.cityCode, [row]))[0]!;
}

async function viewsOf(k: Kernel, cityCode: string, rows: TaskRow[]): Promise<ProactiveTaskView[]> {
  if (!rows.length) return [];
  const catalog = await loadCatalog(k, cityCode);
  const dir = await orgDirectory(k, cityCode);
  return rows.map((r) => {
    const cat = catalog.categories.get(r.category_code);
    const org = r.org_code ? dir.byCode.get(r.org_code) : undefined;
    return {
      id: r.id,
      category: { code: r.category_code, name: cat?.name ?? r.category_code, path: cat?.path ?? r.category_code },
      centre: { lon: r.lon, lat: r.lat },
      radiusM: r.radius_m,
      regionCode: r.region_code,
      org: r.org_code ? { code: r.org_code, name: org?.name ?? r.org_code } : null,
      caseIds: r.evidence_case_ids,
      status: r.status,
      note: r.note,
      closedBy: r.closed_by,
      createdAt: formatLocal(catalog.calendar, r.created_at),
      updatedAt: formatLocal(catalog.calendar, r.updated_at),
    };
  });
}

function payloadOf(row: TaskRow): ProactiveTaskPayload {
  return { taskId: row.id, categoryCode: row.category_code, regionCode: row.region_code, orgCode: row.org_code, lon: row.lon, lat: row.lat, caseIds: row.evidence_case_ids, status: row.status };
}

function distanceM(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const k = 111_195;
  return Math.hypot((a.lon - b.lon) * k * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180), (a.lat - b.lat) * k);
}
