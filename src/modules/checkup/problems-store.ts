import { regionPrefix } from '../../core/auth/jurisdiction.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import { c } from './library-store.js';
import { recheck, type RecheckStatus } from './recheck.js';
import { requireRegion } from './region-tree.js';

/** A problem a count indicator found, with the renewal project it belongs to and its re-checkup. */
export interface ProblemView {
  id: string;
  code: string;
  regionCode: string;
  year: number;
  object: { type: string; id: string; name: string; detail: string | null };
  project: { id: string; name: string; status: string; percent: number } | null;
  recheck: { status: RecheckStatus; year: number | null };
}

/**
 * The problems found in a region (recorded for it or for a region inside it; an object found
 * at nested levels once, by default as the widest region, with `prefer: 'narrowest'` as the
 * region it lies in), by year and indicator if given, each with its project and whether
 * the next checkup still found it (体检 → 更新 → 再体检).
 */
export async function listProblems(
  k: Kernel,
  ctx: RequestContext,
  { region: code, year, indicator, ids, prefer = 'widest' }: { region?: string; year?: number; indicator?: string; ids?: string[]; prefer?: 'widest' | 'narrowest' },
): Promise<ProblemView[]> {
  const region = code ? await requireRegion(k, ctx.cityCode, code) : null;
  const actor = k.policy.check(ctx.actor, { action: 'checkup.evaluation.read', ...(region ? { regionCode: region.code } : {}) });
  let q = c(k.db)
    .selectFrom('checkup_problems as p')
    .leftJoin('checkup_project_problems as pp', 'pp.problem_id', 'p.id')
    .leftJoin('checkup_projects as j', 'j.id', 'pp.project_id')
    .select(['p.id', 'p.code', 'p.region_code', 'p.year', 'p.object_type', 'p.object_id', 'p.object_name', 'p.detail', 'j.id as project_id', 'j.name as project_name', 'j.status as project_status', 'j.percent as project_percent'])
    .where('p.city_code', '=', ctx.cityCode);
  if (region) q = q.where('p.region_code', 'like', `${regionPrefix(region.code)}%`);
  if (actor.jurisdiction.length) q = q.where((eb) => eb.or(actor.jurisdiction.map((j) => eb('p.region_code', 'like', `${regionPrefix(j)}%`))));
  if (year !== undefined) q = q.where('p.year', '=', year);
  if (indicator) q = q.where('p.code', '=', indicator);
  if (ids) q = q.where('p.id', 'in', ids.length ? ids : ['-']);
  const found = await q.orderBy('p.year', 'desc').orderBy('p.code').orderBy('p.region_code').orderBy('p.object_id').limit(5000).execute();
  // An object found by the checkups of nested regions (the city, 市辖区, the district) is listed once: as the one
  // found in a renewal project if any, else as the widest region found it (or the narrowest: where it is).
  const seen = new Set<string>();
  const depth = (r: { region_code: string }) => regionPrefix(r.region_code).length * (prefer === 'narrowest' ? -1 : 1);
  const rows = ids ? found : [...found].sort((a, b) => Number(!!b.project_id) - Number(!!a.project_id) || depth(a) - depth(b)).filter((r) => {
    const key = `${r.code}|${r.year}|${r.object_type}|${r.object_id}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  rows.sort((a, b) => b.year - a.year || a.code.localeCompare(b.code) || a.region_code.localeCompare(b.region_code) || a.object_id.localeCompare(b.object_id));
  const later = await laterLists(k, ctx.cityCode, rows);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    regionCode: r.region_code,
    year: r.year,
    object: { type: r.object_type, id: r.object_id, name: r.object_name, detail: r.detail },
    project: r.project_id ? { id: r.project_id, name: r.project_name!, status: r.project_status!, percent: r.project_percent! } : null,
    recheck: recheck(r.year, `${r.object_type}|${r.object_id}`, later.get(`${r.code}|${r.region_code}`) ?? new Map()),
  }));
}

// For each indicator and region the problems are on: every later year that has a value, with its list.
// Two reads for all of them (values, then problems of the later years), not two per indicator and region.
async function laterLists(k: Kernel, cityCode: string, rows: readonly { code: string; region_code: string; year: number }[]): Promise<Map<string, Map<number, Set<string>>>> {
  const out = new Map<string, Map<number, Set<string>>>();
  const from = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.code}|${r.region_code}`;
    if (!from.has(key) || r.year < from.get(key)!) from.set(key, r.year);
  }
  if (!from.size) return out;
  const codes = [...new Set(rows.map((r) => r.code))];
  const regions = [...new Set(rows.map((r) => r.region_code))];
  const earliest = Math.min(...from.values());
  const years = await c(k.db).selectFrom('checkup_values').select(['code', 'region_code', 'year']).where('city_code', '=', cityCode).where('code', 'in', codes).where('region_code', 'in', regions).where('year', '>', earliest).execute();
  for (const key of from.keys()) out.set(key, new Map());
  for (const v of years) {
    const key = `${v.code}|${v.region_code}`;
    if (from.has(key) && v.year > from.get(key)!) out.get(key)!.set(v.year, new Set());
  }
  if (!years.length) return out;
  const found = await c(k.db).selectFrom('checkup_problems').select(['code', 'region_code', 'year', 'object_type', 'object_id']).where('city_code', '=', cityCode).where('code', 'in', codes).where('region_code', 'in', regions).where('year', '>', earliest).execute();
  for (const f of found) out.get(`${f.code}|${f.region_code}`)?.get(f.year)?.add(`${f.object_type}|${f.object_id}`);
  return out;
}
