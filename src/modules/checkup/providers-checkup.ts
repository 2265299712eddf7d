import { regionPrefix } from '../../core/auth/jurisdiction.js';
import type { IndicatorProvider } from '../../core/module.js';
import type { Kernel } from '../../core/kernel.js';
import { c } from './library-store.js';

// The previous checkup's problems inside a region, with their project and whether this year's list still has them.
async function lastYearsProblems(k: Kernel, cityCode: string, regionCode: string, year: number) {
  const rows = await c(k.db)
    .selectFrom('checkup_problems as p')
    .leftJoin('checkup_project_problems as pp', 'pp.problem_id', 'p.id')
    .select(['p.code', 'p.region_code', 'p.object_type', 'p.object_id', 'pp.project_id'])
    .where('p.city_code', '=', cityCode)
    .where('p.year', '=', year - 1)
    .where('p.region_code', 'like', `${regionPrefix(regionCode)}%`)
    .execute();
  const checked = await c(k.db).selectFrom('checkup_values').select(['code', 'region_code', 'sample']).where('city_code', '=', cityCode).where('year', '=', year).where('region_code', 'like', `${regionPrefix(regionCode)}%`).execute();
  const before = await c(k.db).selectFrom('checkup_values').select(['code', 'region_code', 'sample']).where('city_code', '=', cityCode).where('year', '=', year - 1).where('region_code', 'like', `${regionPrefix(regionCode)}%`).execute();
  const now = await c(k.db).selectFrom('checkup_problems').select(['code', 'region_code', 'object_type', 'object_id']).where('city_code', '=', cityCode).where('year', '=', year).where('region_code', 'like', `${regionPrefix(regionCode)}%`).execute();
  const hasValue = new Set(checked.map((v) => `${v.code}|${v.region_code}`));
  const still = new Set(now.map((p) => `${p.code}|${p.region_code}|${p.object_type}|${p.object_id}`));
  // Problems from sample data make a sample figure.
  const sampled = new Set([...before, ...checked].filter((v) => v.sample).map((v) => `${v.code}|${v.region_code}`));
  return rows.map((r) => ({ inProject: !!r.project_id, rechecked: hasValue.has(`${r.code}|${r.region_code}`), gone: !still.has(`${r.code}|${r.region_code}|${r.object_type}|${r.object_id}`), sample: sampled.has(`${r.code}|${r.region_code}`) }));
}

/** Indicators of the checkup loop itself (体检 → 更新 → 再体检), computed from its own problems and projects. */
export const checkupProviders: IndicatorProvider[] = [
  {
    code: 'checkup.problems-in-projects',
    description: 'Share (%) of the previous year’s problem objects inside the region that are part of a renewal project',
    async compute(k, s) {
      const ps = await lastYearsProblems(k, s.cityCode, s.regionCode, s.year);
      if (!ps.length) return { value: null };
      const n = ps.filter((p) => p.inProject).length;
      return { value: Math.round((n / ps.length) * 10_000) / 100, source: `checkup: ${n} of ${ps.length} problems of ${s.year - 1} in renewal projects`, sample: ps.some((p) => p.sample) };
    },
  },
  {
    code: 'checkup.problems-resolved',
    description: 'Share (%) of the previous year’s problem objects inside the region that this year’s checkup no longer finds (of those checked again)',
    async compute(k, s) {
      const ps = (await lastYearsProblems(k, s.cityCode, s.regionCode, s.year)).filter((p) => p.rechecked);
      if (!ps.length) return { value: null };
      const n = ps.filter((p) => p.gone).length;
      return { value: Math.round((n / ps.length) * 10_000) / 100, source: `checkup: ${n} of ${ps.length} problems of ${s.year - 1} gone in ${s.year}`, sample: ps.some((p) => p.sample) };
    },
  },
];
