import { toCsv, toXlsx, type Column } from '../../core/export.js';
import type { Kernel } from '../../core/kernel.js';
import type { RequestContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { c, loadLibrary, type Indicator } from './library-store.js';
import { plausibleRange } from './plausible.js';
import { cityRegions, requireRegion, type RegionRef } from './region-tree.js';
import { levelNames, taskNames } from './tasks.js';
import { readValues } from './values-store.js';
import type { ImportFormat } from './import-file.js';

interface TemplateRow {
  d: Indicator;
  region: RegionRef;
  year: number;
  value: number | null;
  source: string | null;
  sample: boolean | null;
  problems: string | null;
}

const range = (d: Indicator) => {
  const r = plausibleRange(d);
  return r.min === -Number.MAX_VALUE ? '' : `${r.min}–${r.max}`;
};

const columns: Column<TemplateRow>[] = [
  { key: 'code', header: '指标代码 code', value: (r) => r.d.code },
  { key: 'name', header: '指标名称 name', value: (r) => r.d.name.zh },
  { key: 'nameEn', header: 'name (en)', value: (r) => r.d.name.en },
  { key: 'task', header: '任务 task', value: (r) => taskNames[r.d.task].zh },
  { key: 'level', header: '层级 level', value: (r) => levelNames[r.d.level].zh },
  { key: 'unit', header: '单位 unit', value: (r) => r.d.unit },
  { key: 'region', header: '区划代码 region', value: (r) => r.region.code },
  { key: 'regionName', header: '区划名称 region name', value: (r) => r.region.name },
  { key: 'year', header: '年份 year', value: (r) => r.year },
  { key: 'value', header: '数值 value', value: (r) => r.value },
  { key: 'source', header: '来源 source', value: (r) => r.source },
  { key: 'sample', header: '样例值 sample', value: (r) => (r.sample === null ? null : r.sample ? '是' : '否') },
  { key: 'problems', header: '问题对象 problems', value: (r) => (r.d.kind === 'count' ? r.problems : null) },
  { key: 'plausible', header: '合理范围 plausible', value: (r) => range(r.d) },
  { key: 'definition', header: '说明 definition', value: (r) => r.d.definition?.zh ?? '' },
];

/**
 * The import template: one row per imported indicator × region × year to fill, with the code,
 * name, unit, plausible range, and the value, source and problem list already stored (so a
 * filled-in template re-imports as it is). Computed indicators are not in it. CSV or XLSX.
 */
export async function importTemplate(k: Kernel, ctx: RequestContext, { format, year, regions: given, codes }: { format: ImportFormat; year?: number; regions?: string[]; codes?: string[] }): Promise<{ body: Buffer; rows: number; fileName: string }> {
  k.policy.check(ctx.actor, { action: 'checkup.value.import' });
  const lib = await loadLibrary(k.db, ctx.cityCode);
  const y = year ?? k.clock.now().getUTCFullYear() - 1;
  const regions = given?.length ? await Promise.all(given.map((r) => requireRegion(k, ctx.cityCode, r, 'regions'))) : await cityRegions(k, ctx.cityCode);
  for (const code of codes ?? []) if (!lib.byCode.has(code)) throw new AppError('not_found', `no indicator ${code}`, { field: 'codes' });
  const wanted = lib.indicators.filter((d) => d.obtain.type === 'imported' && (!codes || codes.includes(d.code)));
  const stored = await readValues(k.db, ctx.cityCode, { codes: wanted.map((d) => d.code), regionCodes: regions.map((r) => r.code), years: [y] });
  const byKey = new Map(stored.map((v) => [`${v.code}|${v.regionCode}`, v]));
  const problems = await c(k.db).selectFrom('checkup_problems').select(['code', 'region_code', 'object_id', 'object_name', 'detail']).where('city_code', '=', ctx.cityCode).where('year', '=', y).orderBy('object_id').execute();
  const lists = new Map<string, string[]>();
  for (const p of problems) {
    const key = `${p.code}|${p.region_code}`;
    lists.set(key, [...(lists.get(key) ?? []), [p.object_id, p.object_name, p.detail].filter(Boolean).join('|')]);
  }
  const rows: TemplateRow[] = [];
  for (const d of wanted) {
    for (const region of regions) {
      const v = byKey.get(`${d.code}|${region.code}`);
      rows.push({ d, region, year: y, value: v?.value ?? null, source: v?.source ?? null, sample: v ? v.sample : null, problems: lists.get(`${d.code}|${region.code}`)?.join('; ') ?? null });
    }
  }
  const body = format === 'csv' ? toCsv(columns, rows) : await toXlsx(columns, rows, { sheet: `城市体检 ${y}` });
  return { body, rows: rows.length, fileName: `城市体检-checkup-template-${y}.${format}` };
}
