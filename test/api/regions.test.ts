import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { testService, type TestService } from '../support/service.js';
import { testDrivers } from '../support/db.js';
import { bearer, seedToken } from '../support/http.js';
import { regionsModule, importRegions, locate } from '../../src/modules/regions/index.js';
import { importPack } from '../../src/core/pack.js';

// A toy city: province 11, city 1101, two square districts sharing the edge lon = 1,
// a street in the first; WGS-84 degrees.
const square = (w: number, s: number, e: number, n: number) => ({ type: 'Polygon' as const, coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
const toy = () => ({
  regions: [
    { code: '11', name: '北京市', nameEn: 'Beijing', level: 'province', parent: null },
    { code: '1101', name: '市辖区', level: 'city', parent: '11' },
    { code: '110101', name: '东城区', nameEn: 'Dongcheng', level: 'district', parent: '1101' },
    { code: '110102', name: '西城区', nameEn: 'Xicheng', level: 'district', parent: '1101' },
    { code: '110101001', name: '东华门街道', level: 'township', parent: '110101' },
    { code: '110101001001', name: '多福巷社区居委会', level: 'community', parent: '110101001' },
  ],
  boundaries: {
    type: 'FeatureCollection' as const,
    features: [
      { type: 'Feature' as const, properties: { code: '110000000000' }, geometry: square(0, 0, 2, 1) },
      { type: 'Feature' as const, properties: { code: '110101' }, geometry: square(1, 0, 2, 1) },
      { type: 'Feature' as const, properties: { code: '110102' }, geometry: square(0, 0, 1, 1) },
    ],
  },
  attributes: [
    { code: '110101', year: 2020, key: 'resident_population', value: 708829, unit: 'persons', source: '北京市第七次全国人口普查公报' },
    { code: '110102', year: 2020, key: 'resident_population', value: 1106214, unit: 'persons', source: '北京市第七次全国人口普查公报' },
  ],
  gazetteer: [
    { code: '110101001', names: ['东华门街道', '东华门'] },
    { code: '110101001001', names: ['多福巷社区居委会', '多福巷'] },
  ],
});

describe.each(testDrivers())('regions API (%s)', (driver) => {
  let s: TestService;
  let admin: Record<string, string>;
  beforeAll(async () => {
    s = await testService({ driver, modules: [regionsModule] });
    admin = bearer(await seedToken(s, { roles: ['admin'] }));
    await importRegions(s.kernel, s.system, toy());
  });
  afterAll(() => s.close());

  it('gets a region by any NBS form of its code, with ancestors and figures', async () => {
    for (const code of ['110101', '110101000000']) {
      const res = await s.app.inject({ method: 'GET', url: `/api/regions/${code}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ code: '110101000000', name: '东城区', level: 'district', parent: '110100000000', hasBoundary: true, bbox: [1, 0, 2, 1] });
      expect(res.json().ancestors.map((a: { name: string }) => a.name)).toEqual(['市辖区', '北京市']);
      expect(res.json().attributes[0]).toMatchObject({ key: 'resident_population', value: 708829, year: 2020 });
    }
    expect((await s.app.inject({ method: 'GET', url: '/api/regions/1101059' })).json().error).toMatchObject({ kind: 'invalid', field: 'code' });
    expect((await s.app.inject({ method: 'GET', url: '/api/regions/120000' })).statusCode).toBe(404);
  });

  it('lists children and ancestors', async () => {
    const kids = (await s.app.inject({ method: 'GET', url: '/api/regions/1101/children' })).json().regions.map((r: { name: string }) => r.name);
    expect(kids).toEqual(['东城区', '西城区']);
    const up = (await s.app.inject({ method: 'GET', url: '/api/regions/110101001001/ancestors' })).json();
    expect(up.ancestors.map((a: { level: string }) => a.level)).toEqual(['township', 'district', 'city', 'province']);
  });

  it('searches by Chinese name, partial name, pinyin and initials', async () => {
    const q = async (term: string) => (await s.app.inject({ method: 'GET', url: `/api/regions/search?q=${encodeURIComponent(term)}` })).json().regions.map((r: { name: string }) => r.name);
    expect(await q('东城')).toEqual(['东城区']);
    expect(await q('城区')).toEqual(['东城区', '西城区']);
    expect((await q('dongcheng'))[0]).toBe('东城区');
    expect(await q('dcq')).toEqual(['东城区']);
    expect(await q('xicheng')).toEqual(['西城区']);
  });

  it('locates a point in the finest region, with ancestors; a shared edge goes to the lower code', async () => {
    const inEast = await locate(s.kernel, '110000', 1.5, 0.5);
    expect(inEast.region?.name).toBe('东城区');
    expect(inEast.ancestors.map((a) => a.name)).toEqual(['市辖区', '北京市']);
    const onEdge = (await s.app.inject({ method: 'GET', url: '/api/regions/locate?lon=1&lat=0.5' })).json();
    expect(onEdge.region.code).toBe('110101000000');
    expect(onEdge.alsoOnBoundaryOf.map((r: { code: string }) => r.code)).toEqual(['110102000000']);
    const outside = (await s.app.inject({ method: 'GET', url: '/api/regions/locate?lon=5&lat=5' })).json();
    expect(outside.region).toBeNull();
  });

  it('refuses coordinates out of range, naming the field', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/regions/locate?lon=200&lat=0' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('lon');
    expect((await s.app.inject({ method: 'GET', url: '/api/regions/locate?lon=1&lat=-91' })).json().error.field).toBe('lat');
  });

  it('resolves an address to the community with its ancestors', async () => {
    const res = (await s.app.inject({ method: 'GET', url: `/api/regions/resolve-address?text=${encodeURIComponent('北京市东城区东华门街道多福巷12号')}` })).json();
    expect(res.candidates[0]).toMatchObject({ code: '110101001001', level: 'community', name: '多福巷社区居委会' });
    expect(res.candidates[0].ancestors[0].name).toBe('东华门街道');
  });

  it('exports boundaries as GeoJSON by level or parent', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/regions/geojson?level=district' });
    expect(res.headers['content-type']).toMatch(/geo\+json/);
    const fc = res.json();
    expect(fc.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['110101000000', '110102000000']);
    expect(fc.features[0].geometry.type).toBe('Polygon');
    expect((await s.app.inject({ method: 'GET', url: '/api/regions/geojson' })).statusCode).toBe(400);
  });

  it.each([
    ['a code of the wrong length', (t: ReturnType<typeof toy>) => t.regions.push({ code: '1101010', name: 'x', level: 'district', parent: '1101' }), 'regions[6].code', /2, 4, 6, 9 or 12 digits/],
    ['an unknown parent', (t: ReturnType<typeof toy>) => t.regions.push({ code: '110199', name: 'x', level: 'district', parent: '1102' }), 'regions[6].parent', /unknown parent 110200000000/],
    ['a parent whose prefix does not fit', (t: ReturnType<typeof toy>) => t.regions.push({ code: '110201', name: 'x', level: 'district', parent: '1101' }), 'regions[6].parent', /prefix 1101/],
    ['a level that contradicts the code', (t: ReturnType<typeof toy>) => t.regions.push({ code: '110103', name: 'x', level: 'township', parent: '1101' }), 'regions[6].level', /district code/],
    ['a region given twice', (t: ReturnType<typeof toy>) => t.regions.push({ code: '110101', name: 'x', level: 'district', parent: '1101' }), 'regions[6].code', /given twice/],
    ['a coordinate out of range', (t: ReturnType<typeof toy>) => t.boundaries.features.push({ type: 'Feature', properties: { code: '110101001' }, geometry: square(1, 0, 200, 1) }), 'geometry', /outside WGS-84/],
    ['a figure without a source', (t: ReturnType<typeof toy>) => t.attributes.push({ code: '110101', year: 2020, key: 'area_km2', value: 41.86, unit: 'km2', source: '' }), 'attributes[2].source', /needs its source/],
  ])('refuses %s, naming the record, and keeps the regions as they were', async (_what, spoil, field, message) => {
    const input = toy();
    input.regions[2]!.name = '东城区（改）';
    spoil(input);
    await expect(importRegions(s.kernel, s.system, input)).rejects.toMatchObject({ kind: 'invalid', field, message: expect.stringMatching(message) });
    const still = (await s.app.inject({ method: 'GET', url: '/api/regions/110101' })).json();
    expect(still.name).toBe('东城区');
  });

  it('repairs a self-intersecting polygon on import', async () => {
    const input = toy();
    // A bow-tie: two triangles crossing at (1.5, 0.5).
    input.boundaries.features[1] = { type: 'Feature', properties: { code: '110101' }, geometry: { type: 'Polygon', coordinates: [[[1, 0], [2, 1], [2, 0], [1, 1], [1, 0]]] } as never };
    await importRegions(s.kernel, s.system, input);
    const geo = (await s.app.inject({ method: 'GET', url: '/api/regions/geojson?parent=1101' })).json();
    const east = geo.features.find((f: { properties: { code: string } }) => f.properties.code === '110101000000');
    expect(east.geometry.type).toBe('MultiPolygon');
    // The left lobe is the district; below the crossing point is outside both lobes, so only the province.
    expect((await locate(s.kernel, '110000', 1.2, 0.5)).region?.name).toBe('东城区');
    expect((await locate(s.kernel, '110000', 1.5, 0.2)).region?.name).toBe('北京市');
    await importRegions(s.kernel, s.system, toy());
  });

  it('imports through the API for admins only, from a folder', async () => {
    const dir = path.resolve('packs/beijing');
    const anonymous = await s.app.inject({ method: 'POST', url: '/api/regions/import', payload: { dir } });
    expect(anonymous.statusCode).toBe(401);
    const analyst = bearer(await seedToken(s, { roles: ['analyst'] }));
    expect((await s.app.inject({ method: 'POST', url: '/api/regions/import', headers: analyst, payload: { dir } })).statusCode).toBe(403);
    const missing = await s.app.inject({ method: 'POST', url: '/api/regions/import', headers: admin, payload: { dir: '/nonexistent' } });
    expect(missing.statusCode).toBe(400);
  });
});

const packDir = path.resolve('packs/beijing');
describe.skipIf(!existsSync(path.join(packDir, 'regions', 'divisions.json')))('the Beijing demo pack', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await testService({ modules: [regionsModule] });
    await importPack(s.kernel, s.system, packDir, s.packLoaders);
  }, 120_000);
  afterAll(() => s.close());

  it('locates Tiananmen (116.397, 39.909) in 东城区 with its ancestors', async () => {
    const found = await locate(s.kernel, '110000', 116.397, 39.909);
    expect(found.region?.name).toBe('东城区');
    expect(found.ancestors.map((a) => a.name)).toContain('北京市');
  });

  it('locates a GCJ-02 point after converting it', async () => {
    const found = (await s.app.inject({ method: 'GET', url: '/api/regions/locate?lon=116.4039&lat=39.9150&crs=gcj02' })).json();
    expect(found.region.name).toBe('东城区');
  });

  it('has Beijing’s 16 districts with boundaries', async () => {
    const fc = (await s.app.inject({ method: 'GET', url: '/api/regions/geojson?parent=110100' })).json();
    expect(fc.features).toHaveLength(16);
  });

  it('classifies the pack’s cities by size (国发〔2014〕51号), with 7 super-large cities', async () => {
    const res = (await s.app.inject({ method: 'GET', url: '/api/regions/analysis/size-classes?year=2020' })).json();
    expect(res.counts[0]).toMatchObject({ sizeClass: '超大城市', count: 7 });
    expect(res.counts.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(res.cities.length);
    expect(res.cities.find((c: { code: string }) => c.code === '110000000000')).toMatchObject({ sizeClass: '超大城市' });
  });

  it('fits rank-size and the gravity network of the 京津冀 cluster', async () => {
    const groups = (await s.app.inject({ method: 'GET', url: '/api/regions/groups' })).json().groups;
    const jjj = groups.find((g: { name: string }) => g.name.startsWith('京津冀'));
    expect(jjj.members).toHaveLength(13);
    const fit = (await s.app.inject({ method: 'GET', url: `/api/regions/analysis/rank-size?group=${jjj.code}` })).json();
    expect(fit.ranked[0].name).toBe('北京市');
    expect(fit.primacy2).toBeGreaterThan(1);
    const net = (await s.app.inject({ method: 'GET', url: `/api/regions/analysis/linkage?group=${jjj.code}&top=3` })).json();
    expect(net.links).toHaveLength(3);
    expect([net.links[0].aName, net.links[0].bName].sort()).toEqual(['北京市', '天津市']);
    // Tianjin, between Beijing and the Hebei cities, can outrank Beijing in weighted degree.
    expect(net.centrality.slice(0, 2).map((c: { name: string }) => c.name).sort()).toEqual(['北京市', '天津市']);
    const bad = await s.app.inject({ method: 'GET', url: '/api/regions/analysis/linkage?group=nowhere' });
    expect(bad.statusCode).toBe(404);
  });

  it('resolves a Beijing address to a street under the right district', async () => {
    const resolve = async (text: string) => (await s.app.inject({ method: 'GET', url: `/api/regions/resolve-address?text=${encodeURIComponent(text)}` })).json().candidates;
    const [zgc] = await resolve('北京市海淀区中关村街道中关村大街27号');
    expect(zgc).toMatchObject({ name: '中关村街道', level: 'township' });
    expect(zgc.ancestors.map((a: { name: string }) => a.name)).toContain('海淀区');
    // 建国门 is a street of 东城区: in an address of 朝阳区 it must not win.
    const [cy] = await resolve('北京市朝阳区建国门外大街1号');
    expect([cy.name, ...cy.ancestors.map((a: { name: string }) => a.name)]).toContain('朝阳区');
  });
});
