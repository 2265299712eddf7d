import { promises as fs } from 'node:fs';
import type { Driver } from '../../src/core/db/database.js';
import type { Clock } from '../../src/core/clock.js';
import type { CityworkModule } from '../../src/core/module.js';
import { importPack } from '../../src/core/pack.js';
import { checkupModule } from '../../src/modules/checkup/index.js';
import { hotlineTestService, writeToyPack, type HotlineTestService } from '../support/hotline.js';
import { bearer, seedToken, seedUser } from '../support/http.js';

const std = (target: number, tier = 'national') => ({ target, tier, document: 'GB/T 0000 test standard', verified: true });
const imported = { type: 'imported' };
const src = { document: 'citywork test library', verified: true };

/** A small checkup library on the toy pack's taxonomy: every kind, direction and way of obtaining a value. */
export const toyLibrary = {
  source: 'citywork test library',
  nearPct: 10,
  composite: { normalisation: 'distance', aggregation: 'arithmetic', minCoverage: 0.5, cap: 1, sensitivity: { runs: 200, seed: 7 } },
  indicators: [
    { code: 'T01', name: { zh: '完整社区覆盖率', en: 'Complete communities' }, task: 'livable', level: 'community', unit: '%', kind: 'rate', direction: 'higher', standard: std(90), source: src, obtain: imported },
    { code: 'T02', name: { zh: '人均体育场地面积', en: 'Sports area per resident' }, task: 'livable', level: 'block', unit: 'm²/人', kind: 'density', direction: 'higher', standard: std(2.6), source: src, obtain: imported, weight: 2 },
    { code: 'T03', name: { zh: '存在结构安全隐患的住宅数量', en: 'Unsafe dwellings' }, task: 'resilient_safe', level: 'housing', unit: '栋', kind: 'count', direction: 'lower', standard: std(0), source: src, obtain: imported, objectType: 'building' },
    { code: 'T04', name: { zh: '家庭户户均人数', en: 'Household size' }, task: 'livable', level: 'city', unit: '人/户', kind: 'context', direction: 'higher', source: src, obtain: imported, plausible: { min: 0, max: 20 } },
    { code: 'T05', name: { zh: '市政设施类诉求占比', en: 'Municipal facility requests' }, task: 'innovation_renewal', level: 'block', unit: '%', kind: 'rate', direction: 'lower', source: src, obtain: { type: 'computed', provider: 'hotline.category-share', params: { categories: ['0101'] } } },
    { code: 'T06', name: { zh: '解决率', en: 'Resolution rate' }, task: 'smart_governance', level: 'city', unit: '%', kind: 'rate', direction: 'higher', standard: std(90, 'municipal'), source: src, obtain: { type: 'computed', provider: 'hotline.resolution-rate', params: {} } },
    { code: 'T07', name: { zh: '响应率', en: 'Response rate' }, task: 'smart_governance', level: 'city', unit: '%', kind: 'rate', direction: 'higher', source: src, obtain: { type: 'computed', provider: 'hotline.response-rate', params: {} } },
    { code: 'T08', name: { zh: '每万人诉求量', en: 'Requests per 10k' }, task: 'smart_governance', level: 'city', unit: '件/万人', kind: 'context', direction: 'lower', source: src, obtain: { type: 'computed', provider: 'hotline.requests-per-10k', params: {} } },
    { code: 'T09', name: { zh: '诉求集中的区', en: 'Districts with many requests' }, task: 'smart_governance', level: 'city', unit: '个', kind: 'count', direction: 'lower', standard: std(0), source: src, objectType: 'district', obtain: { type: 'computed', provider: 'hotline.recurring-requests', params: { categories: ['01'], minCases: 5, objectLevel: 'district' } } },
    { code: 'T10', name: { zh: '空气质量优良天数比率', en: 'Good-air days' }, task: 'green_low_carbon', level: 'city', unit: '%', kind: 'rate', direction: 'higher', standard: std(87.5), source: src, obtain: { type: 'computed', provider: 'environment.good-air-days-share', params: {} } },
    { code: 'T11', name: { zh: '人口密度', en: 'Population density' }, task: 'modern_system', level: 'city', unit: '人/km²', kind: 'context', direction: 'higher', source: src, obtain: { type: 'computed', provider: 'regions.population-density', params: {} } },
    { code: 'T12', name: { zh: '绿地率', en: 'Green ratio' }, task: 'green_low_carbon', level: 'city', unit: '%', kind: 'rate', direction: 'within', standard: { lower: 30, upper: 40, tier: 'provincial', document: 'test range', verified: false }, source: src, obtain: imported },
    { code: 'T13', name: { zh: '上年问题纳入更新项目比例', en: 'Problems in projects' }, task: 'innovation_renewal', level: 'city', unit: '%', kind: 'rate', direction: 'higher', source: src, obtain: { type: 'computed', provider: 'checkup.problems-in-projects', params: {} } },
    { code: 'T14', name: { zh: '上年问题整改销号率', en: 'Problems gone' }, task: 'innovation_renewal', level: 'city', unit: '%', kind: 'rate', direction: 'higher', source: src, obtain: { type: 'computed', provider: 'checkup.problems-resolved', params: {} } },
  ],
};

/** The toy regions with the figures the regions providers read (population, area). */
export const toyFigures = {
  attributes: [
    { code: '110101', year: 2020, key: 'resident_population', value: 708829, unit: '人', source: 'census 2020 (test)' },
    { code: '110102', year: 2020, key: 'resident_population', value: 1106214, unit: '人', source: 'census 2020 (test)' },
    { code: '110000', year: 2020, key: 'resident_population', value: 1815043, unit: '人', source: 'census 2020 (test)' },
    { code: '110101', year: 2019, key: 'area_km2', value: 41.86, unit: 'km2', source: 'area (test)' },
  ],
};

export interface CheckupTestService extends HotlineTestService {
  /** Bearer headers of the checkup's roles: admin, analyst, assessor, a 东城 engineer, a handler (no checkup access). */
  who: Record<'admin' | 'analyst' | 'assessor' | 'engineer' | 'handler', Record<string, string>>;
  /** Imports a toy pack whose checkup part is the given files. */
  loadPack(files: Record<string, unknown>): Promise<void>;
}

/** The hotline toy city with the checkup module, its toy library and figures, and one account per checkup role. */
export async function checkupTestService({ driver = 'pglite', clock, library = toyLibrary, extraModules = [] }: { driver?: Driver; clock?: Clock; library?: unknown; extraModules?: CityworkModule[] } = {}): Promise<CheckupTestService> {
  const s = await hotlineTestService({ driver, clock, extraModules: [...extraModules, checkupModule] });
  const loadPack = async (files: Record<string, unknown>) => {
    const dir = await writeToyPack({ 'regions/attributes.json': toyFigures, ...files });
    try {
      await importPack(s.kernel, s.system, dir, s.packLoaders);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  };
  await loadPack({ 'checkup/indicators.json': library });
  let n = 0;
  const token = async (roles: string[], jurisdiction: string[] = []) => bearer(await seedToken(s, { userId: await seedUser(s, `ck-${roles[0]}-${++n}`, roles, { jurisdiction }) }));
  const who = { admin: await token(['admin']), analyst: await token(['analyst']), assessor: await token(['assessor']), engineer: await token(['engineer'], ['110101']), handler: await token(['handler'], ['110101001']) };
  return { ...s, who, loadPack };
}

/** A CSV import file from rows of cells, with the template's header. */
export function csv(rows: (string | number)[][], header = ['指标代码 code', '区划代码 region', '年份 year', '数值 value', '单位 unit', '来源 source', '样例值 sample', '问题对象 problems']): string {
  const q = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [header, ...rows].map((r) => r.map(q).join(',')).join('\r\n') + '\r\n';
}
