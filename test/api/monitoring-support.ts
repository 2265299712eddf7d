import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import type { Driver } from '../../src/core/db/database.js';
import type { Clock } from '../../src/core/clock.js';
import { importPack } from '../../src/core/pack.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { monitoringModule } from '../../src/modules/monitoring/index.js';
import { testService, type TestService } from '../support/service.js';
import { bearer, seedToken, seedUser } from '../support/http.js';
import { toyPack } from '../support/hotline.js';

// The toy city's two square districts (东城区 lon 1..2, 西城区 lon 0..1), with a small catalogue
// and one asset in each: a water main with a pressure meter, a manhole with a level gauge.
export const monitoringCatalog = {
  metrics: [
    { name: 'pressure_mpa', unit: 'MPa', min: 0, max: 4, nameZh: '管网压力', nameEn: 'Pipe pressure' },
    { name: 'flow_m3h', unit: 'm³/h', unitAliases: ['m3/h'], min: 0, max: 20000, nameZh: '瞬时流量', nameEn: 'Flow' },
    { name: 'level_m', unit: 'm', min: 0, max: 30, nameZh: '液位', nameEn: 'Level' },
    { name: 'methane_pct_lel', unit: '%LEL', unitAliases: ['%lel'], min: 0, max: 100, nameZh: '甲烷浓度', nameEn: 'Methane' },
  ],
  assetTypes: [
    { code: 'water_main', name: '供水管段', nameEn: 'Water main segment', geometry: 'line', metrics: ['pressure_mpa', 'flow_m3h'] },
    { code: 'manhole', name: '检查井', nameEn: 'Manhole', metrics: ['level_m', 'methane_pct_lel'] },
  ],
};

export const monitoringAssets = {
  simulated: true,
  assets: [
    {
      code: 'WM-001',
      type: 'water_main',
      name: '东城供水干管1号段',
      lon: 1.5,
      lat: 0.5,
      geometry: { type: 'LineString', coordinates: [[1.4, 0.5], [1.6, 0.5]] },
      properties: { diameterMm: 600 },
      devices: [{ id: 'wp-1', metrics: ['pressure_mpa', 'flow_m3h'], model: 'PT-100' }],
    },
    { code: 'MH-001', type: 'manhole', name: '西城检查井1号', lon: 0.5, lat: 0.5, devices: [{ id: 'lv-1', metrics: ['level_m'] }] },
  ],
};

/** Writes a pack of the toy regions and the monitoring files (city code and files overridable). */
export async function writeMonitoringPack({ cityCode = '110000', withRegions = true, overrides = {} as Record<string, unknown> } = {}): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-monitoring-pack-'));
  const files: Record<string, unknown> = {
    'pack.json': { name: 'toy', version: '1.0.0', city: { code: cityCode, nameZh: '测试市', nameEn: 'Toy City', timezone: 'Asia/Shanghai' } },
    ...(withRegions ? { 'regions/divisions.json': toyPack['regions/divisions.json'], 'regions/boundaries.geojson': toyPack['regions/boundaries.geojson'] } : {}),
    'monitoring/catalog.json': monitoringCatalog,
    'monitoring/assets.json': monitoringAssets,
    ...overrides,
  };
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.join(dir, path.dirname(file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), JSON.stringify(content, null, 2));
  }
  return dir;
}

export interface MonitoringTestService extends TestService {
  as: Record<'admin' | 'engineer' | 'xichengEngineer' | 'dongchengHandler' | 'analyst' | 'citizen', Record<string, string>>;
}

/** A service with regions and monitoring on the toy pack, and accounts of the kinds the tests need. */
export async function monitoringTestService({ driver = 'pglite', clock, config }: { driver?: Driver; clock?: Clock; config?: Record<string, unknown> } = {}): Promise<MonitoringTestService> {
  const s = await testService({ driver, modules: [regionsModule, monitoringModule], clock, config });
  const dir = await writeMonitoringPack();
  try {
    await importPack(s.kernel, s.system, dir, s.packLoaders);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  let n = 0;
  const token = async (roles: string[], jurisdiction: string[] = []) => bearer(await seedToken(s, { userId: await seedUser(s, `${roles[0]}-${++n}`, roles, { jurisdiction }) }));
  const as = {
    admin: await token(['admin']),
    engineer: await token(['engineer']),
    xichengEngineer: await token(['engineer'], ['110102']),
    dongchengHandler: await token(['handler'], ['110101']),
    analyst: await token(['analyst']),
    citizen: await token(['citizen']),
  };
  return { ...s, as };
}
