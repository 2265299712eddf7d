import { sql, type SqlBool } from 'kysely';
import { AppError } from '../../core/errors.js';
import { regionPrefix } from '../../core/auth/jurisdiction.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import { findRegion, listAttributes, listChildren } from '../regions/index.js';
import { caseVisibility } from './case-access.js';
import { loadCatalog } from './catalog.js';
import { localDate } from './calendar.js';
import { openStatuses } from './workflow.js';
import type { HotlineTables } from './tables.js';

/** One district or street on the overview (一屏观全域). */
export interface OverviewUnit {
  code: string;
  name: string;
  nameEn: string | null;
  level: string;
  open: number;
  overdue: number;
  today: number;
  /** Cases received in the window (default 30 days). */
  recent: number;
  /** Resident population (latest census figure the regions module has), or null. */
  population: number | null;
  /** Cases received in the window per 10,000 residents, or null without a population. */
  per10k: number | null;
}

export interface Overview {
  asOf: string;
  windowDays: number;
  scope: { code: string; name: string; nameEn: string | null; level: string };
  /** The region whose children the units are (a municipality's 市辖区 for its districts). */
  unitParent: string;
  units: OverviewUnit[];
  totals: { open: number; overdue: number; today: number; recent: number; unlocated: number };
  topCategories: { code: string; name: string; nameEn: string; count: number }[];
}

const populationTtlMs = 10 * 60_000;
const populations = new Map<string, { at: number; value: number | null }>();

/**
 * The city (or one district) at a glance, as the actor may see it: per district (or per
 * street) the open cases, the overdue ones, today's intake and the window's cases per
 * 10,000 residents; the totals and the window's top categories.
 */
export async function hotlineOverview(k: Kernel, ctx: RequestContext, { parent, windowDays = 30 }: { parent?: string; windowDays?: number } = {}): Promise<Overview> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.case.read' });
  const city = ctx.cityCode;
  const scope = await scopeRegion(k, city, parent);
  const { parent: unitParent, children: units } = await unitsUnder(k, city, scope.code);
  const catalog = await loadCatalog(k, city);
  const now = k.clock.now();
  const todayStart = new Date(Date.parse(`${localDate(catalog.calendar, now)}T00:00:00Z`) - catalog.calendar.utcOffsetMinutes * 60_000);
  const windowStart = new Date(now.getTime() - windowDays * 86_400_000);
  const prefixLen = units.length ? regionPrefix(units[0]!.code).length : 6;
  const scopePrefix = regionPrefix(scope.code);

  const db = k.db.withTables<HotlineTables>();
  const open = sql<SqlBool>`status in (${sql.join(openStatuses.map((s) => sql`${s}`))})`;
  const overdue = sql<SqlBool>`(
      (status = 'dispatched' and response_due_at < ${now})
      or (status in ('accepted','in_progress','extension_requested','suspension_requested','dispatched') and handling_due_at < ${now})
      or (status in ('replied','answered') and callback_due_at < ${now}))`;
  const base = () =>
    db
      .selectFrom('hotline_cases')
      .where('city_code', '=', city)
      .where(caseVisibility(actor))
      .where((eb) => eb.or([eb('received_at', '>=', windowStart), sql<SqlBool>`${open}`]));
  const counts = {
    open: sql<number>`count(*) filter (where ${open})`.as('open'),
    overdue: sql<number>`count(*) filter (where ${overdue})`.as('overdue'),
    today: sql<number>`count(*) filter (where received_at >= ${todayStart})`.as('today'),
    recent: sql<number>`count(*) filter (where received_at >= ${windowStart})`.as('recent'),
  };
  const [grouped, total, unlocated, cats] = await Promise.all([
    base()
      .select([sql<string>`substr(region_code, 1, ${sql.lit(prefixLen)})`.as('unit'), counts.open, counts.overdue, counts.today, counts.recent])
      .where('region_code', 'like', `${scopePrefix}%`)
      .groupBy(sql`substr(region_code, 1, ${sql.lit(prefixLen)})`)
      .execute(),
    base()
      .select([counts.open, counts.overdue, counts.today, counts.recent])
      .$if(!!parent, (q) => q.where('region_code', 'like', `${scopePrefix}%`))
      .executeTakeFirstOrThrow(),
    parent ? Promise.resolve(0) : base().select(sql<number>`count(*) filter (where ${open})`.as('n')).where('region_code', 'is', null).executeTakeFirstOrThrow().then((r) => Number(r.n)),
    base()
      .select([sql<string>`substr(category_code, 1, 4)`.as('cat'), sql<number>`count(*)`.as('n')])
      .where('received_at', '>=', windowStart)
      .where('category_code', 'is not', null)
      .$if(!!parent, (q) => q.where('region_code', 'like', `${scopePrefix}%`))
      .groupBy(sql`substr(category_code, 1, 4)`)
      .orderBy(sql`count(*)`, 'desc')
      .limit(8)
      .execute(),
  ]);
  const byUnit = new Map(grouped.map((g) => [g.unit, g]));
  const result: OverviewUnit[] = [];
  for (const u of units) {
    const g = byUnit.get(regionPrefix(u.code));
    const recent = Number(g?.recent ?? 0);
    const population = await populationOf(k, city, u.code);
    result.push({
      code: u.code,
      name: u.name,
      nameEn: u.nameEn,
      level: u.level,
      open: Number(g?.open ?? 0),
      overdue: Number(g?.overdue ?? 0),
      today: Number(g?.today ?? 0),
      recent,
      population,
      per10k: population ? Math.round((recent / population) * 10_000 * 100) / 100 : null,
    });
  }
  return {
    asOf: now.toISOString(),
    windowDays,
    scope: { code: scope.code, name: scope.name, nameEn: scope.nameEn, level: scope.level },
    unitParent,
    units: result,
    totals: { open: Number(total.open), overdue: Number(total.overdue), today: Number(total.today), recent: Number(total.recent), unlocated },
    topCategories: cats.map((c) => {
      const cat = catalog.categories.get(c.cat);
      return { code: c.cat, name: cat?.name ?? c.cat, nameEn: cat?.nameEn ?? c.cat, count: Number(c.n) };
    }),
  };
}

// The city itself, or the district asked for.
async function scopeRegion(k: Kernel, city: string, parent: string | undefined) {
  const code = (parent ?? city).padEnd(12, '0');
  const region = await findRegion(k.db, city, code);
  if (!region) throw new AppError(parent ? 'not_found' : 'unavailable', parent ? `no region ${parent}` : `city ${city} has no regions: import a city pack`, { field: 'parent' });
  return region;
}

// The children shown on the map; a municipality's single "市辖区" level is skipped.
async function unitsUnder(k: Kernel, city: string, code: string) {
  let parent = code;
  let children = await listChildren(k.db, city, code);
  while (children.length === 1 && children[0]!.level === 'city') {
    parent = children[0]!.code;
    children = await listChildren(k.db, city, parent);
  }
  return { parent, children };
}

async function populationOf(k: Kernel, city: string, code: string): Promise<number | null> {
  const key = `${city}:${code}`;
  const hit = populations.get(key);
  if (hit && Date.now() - hit.at < populationTtlMs) return hit.value;
  const figures = await listAttributes(k.db, city, code);
  const latest = figures.filter((f) => f.key === 'resident_population').sort((a, b) => b.year - a.year)[0];
  const value = latest ? Number(latest.value) : null;
  populations.set(key, { at: Date.now(), value });
  return value;
}
