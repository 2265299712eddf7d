import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Driver } from '../../src/core/db/database.js';
import type { Clock } from '../../src/core/clock.js';
import type { CityworkModule } from '../../src/core/module.js';
import { importPack } from '../../src/core/pack.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { hotlineModule } from '../../src/modules/hotline/index.js';
import { testService, type TestService } from './service.js';
import { seedToken, seedUser, bearer } from './http.js';
import { createToken } from '../../src/core/auth/tokens.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// A toy city on the Beijing codes: two square districts sharing the edge lon = 1 (WGS-84
// degrees), one street office in 东城区, the district dispatch centres, two departments
// and the water company.
const square = (w: number, s: number, e: number, n: number) => ({ type: 'Polygon' as const, coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
export const toyPack = {
  'pack.json': { name: 'toy', version: '1.0.0', city: { code: '110000', nameZh: '北京市', nameEn: 'Beijing', timezone: 'Asia/Shanghai' } },
  'regions/divisions.json': {
    regions: [
      { code: '11', name: '北京市', nameEn: 'Beijing', level: 'province', parent: null },
      { code: '1101', name: '市辖区', level: 'city', parent: '11' },
      { code: '110101', name: '东城区', nameEn: 'Dongcheng', level: 'district', parent: '1101' },
      { code: '110102', name: '西城区', nameEn: 'Xicheng', level: 'district', parent: '1101' },
      { code: '110101001', name: '东华门街道', level: 'township', parent: '110101' },
      { code: '110101001001', name: '多福巷社区居委会', level: 'community', parent: '110101001' },
      { code: '110102001', name: '西长安街街道', level: 'township', parent: '110102' },
    ],
  },
  'regions/boundaries.geojson': {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { code: '110000000000' }, geometry: square(0, 0, 2, 1) },
      { type: 'Feature', properties: { code: '110101' }, geometry: square(1, 0, 2, 1) },
      { type: 'Feature', properties: { code: '110102' }, geometry: square(0, 0, 1, 1) },
    ],
  },
  'regions/gazetteer.json': {
    entries: [
      { code: '110101', names: ['东城区', '东城'] },
      { code: '110102', names: ['西城区', '西城'] },
      { code: '110101001', names: ['东华门街道', '东华门'] },
      { code: '110102001', names: ['西长安街街道', '西长安街'] },
    ],
  },
  'orgs.json': {
    orgs: [
      { code: '110000-12345', name: '北京市12345市民服务热线', nameEn: 'Beijing 12345 Hotline', kind: 'dispatch_centre', regionCode: '110000', jurisdiction: [], supervisor: null },
      { code: '110000-water', name: '北京市自来水集团', nameEn: 'Beijing Waterworks Group', kind: 'enterprise', regionCode: '110000', jurisdiction: [], supervisor: '110000-12345' },
      { code: '110101-12345', name: '东城区12345分中心', nameEn: 'Dongcheng 12345 Centre', kind: 'dispatch_centre', regionCode: '110101', jurisdiction: ['110101'], supervisor: '110000-12345' },
      { code: '110102-12345', name: '西城区12345分中心', nameEn: 'Xicheng 12345 Centre', kind: 'dispatch_centre', regionCode: '110102', jurisdiction: ['110102'], supervisor: '110000-12345' },
      { code: '110101-cgw', name: '东城区城市管理委员会', nameEn: 'Dongcheng Urban Management Commission', kind: 'department', regionCode: '110101', jurisdiction: ['110101'], supervisor: '110101-12345' },
      { code: '110102-cgw', name: '西城区城市管理委员会', nameEn: 'Xicheng Urban Management Commission', kind: 'department', regionCode: '110102', jurisdiction: ['110102'], supervisor: '110102-12345' },
      { code: '110101001-street', name: '东华门街道办事处', nameEn: 'Donghuamen Subdistrict Office', kind: 'street', regionCode: '110101001', jurisdiction: ['110101001'], supervisor: '110101-12345' },
      { code: '110102001-street', name: '西长安街街道办事处', nameEn: 'Xichang’anjie Subdistrict Office', kind: 'street', regionCode: '110102001', jurisdiction: ['110102001'], supervisor: '110102-12345' },
    ],
  },
  'hotline/categories.json': {
    categories: [
      { code: '01', name: '城乡建设', nameEn: 'Urban construction' },
      { code: '0101', name: '市政设施', nameEn: 'Municipal facilities' },
      {
        code: '010101',
        name: '路灯不亮',
        nameEn: 'Street light out',
        keywords: ['路灯'],
        attributes: [
          { code: 'lamp_id', datatype: 'string', required: false, description: '灯杆编号', order: 1 },
          { code: 'since', datatype: 'singlevaluelist', required: true, description: '不亮多久了', order: 2, values: [{ key: 'today', name: '今天' }, { key: 'week', name: '一周内' }, { key: 'long', name: '更久' }] },
        ],
      },
      { code: '010102', name: '井盖缺失', nameEn: 'Missing manhole cover', keywords: ['井盖'], tier: 'critical' },
      { code: '0102', name: '噪声扰民', nameEn: 'Noise' },
      { code: '010201', name: '施工噪声', nameEn: 'Construction noise', keywords: ['施工'] },
      { code: '02', name: '水电气热', nameEn: 'Utilities' },
      { code: '0201', name: '供水', nameEn: 'Water supply' },
      { code: '020101', name: '停水', nameEn: 'Water outage', keywords: ['停水'], tier: 'utility' },
      { code: '03', name: '政务咨询', nameEn: 'Government inquiries' },
      { code: '0301', name: '证件办理', nameEn: 'Documents' },
      { code: '030101', name: '居住证', nameEn: 'Residence permit' },
    ],
  },
  'hotline/dispatch.json': {
    rules: [
      { id: 1, category: '0101', region: '*', target: '@street' },
      { id: 2, category: '010101', region: '110102', target: '@district:cgw' },
      { id: 3, category: '010201', region: '*', target: '@district:cgw' },
      { id: 4, category: '02', region: '*', target: '110000-water' },
    ],
    fallback: { withRegion: '@district-centre', withoutRegion: '110000-12345' },
    transferTargets: [{ code: 'police-110', name: '110报警服务台', nameEn: 'Police emergency 110', contact: '110' }],
  },
};

/** Writes the toy pack (with the Beijing pack's real deadline policy and calendar) into a temporary folder. */
export async function writeToyPack(overrides: Record<string, unknown> = {}): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-toy-pack-'));
  const files: Record<string, unknown> = { ...toyPack, ...overrides };
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.join(dir, path.dirname(file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), JSON.stringify(content, null, 2));
  }
  for (const file of ['hotline/deadlines.json', 'hotline/calendar.json']) {
    if (!(file in overrides)) await fs.copyFile(path.join(root, 'packs/beijing', file), path.join(dir, file));
  }
  return dir;
}

export interface HotlineTestService extends TestService {
  /** Bearer headers of accounts of each kind the hotline tests need. */
  as: Record<'admin' | 'operator' | 'dispatcher' | 'street' | 'cgw' | 'xicheng' | 'centre' | 'assessor' | 'citizen' | 'citizen2', Record<string, string>>;
  /** The Open311 api_key of a client app. */
  apiKey: string;
}

/** A service with regions and hotline on the toy pack, and one account of every kind; `extraModules` are composed after the hotline. */
export async function hotlineTestService({
  driver = 'pglite',
  clock,
  config,
  extraModules = [],
}: { driver?: Driver; clock?: Clock; config?: Record<string, unknown>; extraModules?: CityworkModule[] } = {}): Promise<HotlineTestService> {
  const s = await testService({ driver, modules: [regionsModule, hotlineModule, ...extraModules], clock, config });
  const dir = await writeToyPack();
  try {
    await importPack(s.kernel, s.system, dir, s.packLoaders);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  let n = 0;
  const token = async (roles: string[], orgId: string | null = null, jurisdiction: string[] = []) => {
    const userId = await seedUser(s, `${roles[0]}-${++n}`, roles, { orgId, jurisdiction });
    return bearer(await seedToken(s, { userId }));
  };
  const as = {
    admin: await token(['admin']),
    operator: await token(['operator'], '110000-12345'),
    dispatcher: await token(['dispatcher'], '110000-12345'),
    street: await token(['handler'], '110101001-street', ['110101001']),
    cgw: await token(['handler'], '110101-cgw', ['110101']),
    xicheng: await token(['handler'], '110102-cgw', ['110102']),
    centre: await token(['handler'], '110101-12345', ['110101']),
    assessor: await token(['assessor']),
    citizen: await token(['citizen']),
    citizen2: await token(['citizen']),
  };
  const { token: apiKey } = await createToken(s.kernel, s.system, { kind: 'open311', name: 'toy-app', roles: ['citizen'] });
  return { ...s, as, apiKey };
}
