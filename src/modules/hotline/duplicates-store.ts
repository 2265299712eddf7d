import { sql, type SqlBool } from 'kysely';
import { AppError } from '../../core/errors.js';
import { regionPrefix } from '../../core/auth/jurisdiction.js';
import type { Kernel } from '../../core/kernel.js';
import type { Actor, RequestContext } from '../../core/context.js';
import { locate } from '../regions/index.js';
import { caseVisibility, loadVisible } from './case-access.js';
import { loadCatalog, requireCategory, type Catalog } from './catalog.js';
import { formatLocal } from './calendar.js';
import { bboxAround, caseText, categoryRelation, distanceM, rankCandidates, similarities, type CategoryRelation } from './duplicates.js';
import { duplicateRule } from './duplicates-settings.js';
import type { HotlineTables } from './tables.js';
import { openStatuses, statuses, type Status } from './workflow.js';

/**
 * Candidates for merging (并单): the open cases an operator should look at before taking a
 * request as new, or for a case already taken. Nearby by point (a box, then the exact
 * distance), else in the same region, else anywhere in the city; received within the
 * window; of the same or a sibling category; that the actor may see; ranked by text.
 */

/** What the intake form has while the operator types. */
export interface DuplicateQuery {
  description: string;
  title?: string | null;
  category?: string | null;
  lon?: number | null;
  lat?: number | null;
  crs?: 'wgs84' | 'gcj02' | 'bd09';
  region?: string | null;
  /** A case not to propose (the case itself). */
  excludeId?: string | null;
}

export interface DuplicateCandidate {
  id: string;
  number: string;
  title: string | null;
  /** The start of the description. */
  excerpt: string;
  category: { code: string; name: string } | null;
  status: Status;
  regionCode: string | null;
  receivedAt: string;
  /** Metres from the request's point; null when either has none. */
  distanceM: number | null;
  similarity: number;
  relation: CategoryRelation;
  score: number;
}

export interface DuplicateCandidates {
  candidates: DuplicateCandidate[];
  /** How the cases were looked for: around the point, in the region, in the whole city. */
  basis: 'place' | 'region' | 'city';
  radiusM: number;
  windowDays: number;
  /** How many open cases were compared. */
  scanned: number;
}

// Cases done with (closed, merged, transferred) are never candidates; the partial index says the same.
const finishedStatuses = statuses.filter((s) => !openStatuses.includes(s));
const placeScan = 50;
// Without a place nothing narrows the cases but the window and the category.
const cityScan = 200;
const excerptChars = 120;

/** The open cases that may be the same request as the one at intake, best first. */
export async function findDuplicateCandidates(k: Kernel, ctx: RequestContext, q: DuplicateQuery): Promise<DuplicateCandidates> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.case.merge' });
  const description = q.description?.trim() ?? '';
  if (!description) throw new AppError('invalid', 'description must not be empty', { field: 'description' });
  const hasLon = q.lon !== undefined && q.lon !== null;
  const hasLat = q.lat !== undefined && q.lat !== null;
  if (hasLon !== hasLat) throw new AppError('invalid', hasLon ? 'lat is missing: give both lon and lat, or neither' : 'lon is missing: give both lon and lat, or neither', { field: hasLon ? 'lat' : 'lon' });
  if (q.region && !/^\d{2,12}$/.test(q.region)) throw new AppError('invalid', 'region must be a region code of 2 to 12 digits', { field: 'region' });
  const catalog = await loadCatalog(k, ctx.cityCode);
  const category = q.category ? requireCategory(catalog, q.category, 'category').code : null;
  let point: [number, number] | null = null;
  let region = q.region ? regionPrefix(q.region) : null;
  if (hasLon) {
    const at = await locate(k, ctx.cityCode, q.lon!, q.lat!, q.crs ?? 'wgs84');
    point = [at.lon, at.lat];
    region ??= at.region ? regionPrefix(at.region.code) : null;
  }
  return candidatesFor(k, ctx, actor, catalog, { text: caseText(q.title, description), category, point, region, at: k.clock.now(), excludeId: q.excludeId ?? null });
}

/** The open cases that may be the same request as a case the actor may see, best first. */
export async function caseDuplicateCandidates(k: Kernel, ctx: RequestContext, idOrNumber: string): Promise<DuplicateCandidates> {
  const actor = k.policy.check(ctx.actor, { action: 'hotline.case.merge' });
  const row = await loadVisible(k.db, actor, idOrNumber);
  const point: [number, number] | null = row.lon !== null && row.lat !== null ? [row.lon, row.lat] : null;
  return candidatesFor(k, ctx, actor, await loadCatalog(k, ctx.cityCode), { text: caseText(row.title, row.description), category: row.category_code, point, region: row.region_code, at: row.received_at, excludeId: row.id });
}

interface Probe {
  text: string;
  category: string | null;
  point: [number, number] | null;
  region: string | null;
  /** The middle of the window: now at intake, the time a case was received. */
  at: Date;
  excludeId: string | null;
}

async function candidatesFor(k: Kernel, ctx: RequestContext, actor: Actor, catalog: Catalog, p: Probe): Promise<DuplicateCandidates> {
  const rule = await duplicateRule(k.db, ctx.cityCode, p.category);
  const windowMs = rule.windowDays * 86_400_000;
  const base = () => {
    let q = k.db
      .withTables<HotlineTables>()
      .selectFrom('hotline_cases')
      .select(['id', 'number', 'title', 'description', 'category_code', 'status', 'region_code', 'lon', 'lat', 'received_at'])
      .where('city_code', '=', ctx.cityCode)
      .where(caseVisibility(actor))
      .where('status', 'not in', finishedStatuses)
      .where('received_at', '>=', new Date(p.at.getTime() - windowMs))
      .where('received_at', '<=', new Date(p.at.getTime() + windowMs));
    if (p.excludeId) q = q.where('id', '<>', p.excludeId);
    if (p.category) {
      // The same level-2 group, an ancestor of the category, or no category at all.
      const group = p.category.slice(0, 4);
      q = q.where((eb) => eb.or([eb('category_code', 'is', null), eb('category_code', 'like', `${group}%`), eb('category_code', '=', p.category!.slice(0, 2))]));
    }
    return q;
  };
  const inRegion = (region: string) => {
    // Inside the region, or in one of its ancestors down from the district (a case placed by a district name alone).
    const ancestors = [6, 9].filter((n) => n < region.length).map((n) => region.slice(0, n));
    return sql<SqlBool>`(region_code like ${`${region}%`}${ancestors.length ? sql` or region_code in (${sql.join(ancestors)})` : sql``})`;
  };

  let basis: DuplicateCandidates['basis'];
  let rows: Awaited<ReturnType<ReturnType<typeof base>['execute']>>;
  if (p.point) {
    basis = 'place';
    const [lon, lat] = p.point;
    const [west, south, east, north] = bboxAround(p.point, rule.radiusM);
    const cos = Math.cos((lat * Math.PI) / 180);
    const near = await base()
      .where('lat', '>=', south)
      .where('lat', '<=', north)
      .where('lon', '>=', west)
      .where('lon', '<=', east)
      .orderBy(sql`(lat - ${lat}) * (lat - ${lat}) + (lon - ${lon}) * (lon - ${lon}) * ${cos * cos}`)
      .limit(placeScan)
      .execute();
    // Cases with no point of their own are near when their region is the request's.
    const placeless = p.region ? await base().where('lat', 'is', null).where(inRegion(p.region)).orderBy('received_at', 'desc').limit(placeScan).execute() : [];
    rows = [...near.filter((r) => distanceM(p.point!, [r.lon!, r.lat!]) <= rule.radiusM), ...placeless];
  } else if (p.region) {
    basis = 'region';
    rows = await base().where(inRegion(p.region)).orderBy('received_at', 'desc').limit(placeScan).execute();
  } else {
    basis = 'city';
    rows = await base().orderBy('received_at', 'desc').limit(cityScan).execute();
  }

  const sims = similarities(p.text, rows.map((r) => caseText(r.title, r.description)));
  const signals = rows.flatMap((r, i) => {
    const relation = categoryRelation(p.category, r.category_code);
    if (!relation) return [];
    const d = p.point && r.lon !== null && r.lat !== null ? distanceM(p.point, [r.lon, r.lat]) : null;
    return [{ row: r, similarity: Math.round(sims[i]! * 1e4) / 1e4, distanceM: d === null ? null : Math.round(d), radiusM: rule.radiusM, relation }];
  });
  const candidates = rankCandidates(signals).map(({ row: r, similarity, distanceM: distance, relation, score }) => {
    const cat = r.category_code ? catalog.categories.get(r.category_code) : undefined;
    return {
      id: r.id,
      number: r.number,
      title: r.title,
      excerpt: Array.from(r.description).slice(0, excerptChars).join(''),
      category: r.category_code ? { code: r.category_code, name: cat?.path ?? r.category_code } : null,
      status: r.status as Status,
      regionCode: r.region_code,
      receivedAt: formatLocal(catalog.calendar, r.received_at),
      distanceM: distance,
      similarity,
      relation,
      score,
    };
  });
  return { candidates, basis, radiusM: rule.radiusM, windowDays: rule.windowDays, scanned: rows.length };
}
