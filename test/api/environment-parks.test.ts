import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../support/db.js';
import { testService, type TestService } from '../support/service.js';
import { bearer, seedToken, seedUser } from '../support/http.js';
import { toyPack } from '../support/hotline.js';
import { importPack } from '../../src/core/pack.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { environmentModule } from '../../src/modules/environment/index.js';

type Json = Record<string, any>;

// The toy city (two districts of 1° × 1° at the equator, about 111 × 111 km) with a boundary for
// its 市辖区 too, so that the city district's coverage weighs its two children by population.
const square = (w: number, s: number, e: number, n: number) => ({ type: 'Polygon' as const, coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
const boundaries = { type: 'FeatureCollection', features: [...toyPack['regions/boundaries.geojson'].features, { type: 'Feature', properties: { code: '110100000000' }, geometry: square(0, 0, 2, 1) }] };
const attributes = [
  { code: '110101', year: 2020, key: 'resident_population', value: 1000, unit: '人', source: 'toy' },
  { code: '110102', year: 2020, key: 'resident_population', value: 3000, unit: '人', source: 'toy' },
];
// One park point in the middle of 东城区; a 10 km radius on 1 km cells keeps the grid small.
const parks = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'toy-park', name: '玩具公园', sample: true }, geometry: { type: 'Point', coordinates: [1.5, 0.5] } }] };

describe.each(testDrivers())('park service-radius coverage (%s)', (driver) => {
  let s: TestService;
  let analyst: Record<string, string>;
  beforeAll(async () => {
    s = await testService({ driver, modules: [regionsModule, environmentModule] });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-parks-pack-'));
    try {
      const files: Record<string, unknown> = { 'pack.json': toyPack['pack.json'], 'regions/divisions.json': toyPack['regions/divisions.json'], 'regions/boundaries.geojson': boundaries, 'regions/attributes.json': { attributes } };
      for (const [file, content] of Object.entries(files)) {
        await fs.mkdir(path.join(dir, path.dirname(file)), { recursive: true });
        await fs.writeFile(path.join(dir, file), JSON.stringify(content));
      }
      await importPack(s.kernel, s.system, dir, s.packLoaders);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    analyst = bearer(await seedToken(s, { userId: await seedUser(s, 'ana', ['analyst']) }));
  }, 120_000);
  afterAll(() => s?.close());

  const coverage = async (query: string) => {
    const res = await s.app.inject({ method: 'GET', url: `/api/environment/park-coverage?${query}`, headers: analyst });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Json;
  };
  // A 10 km circle over a district of 1° × 1° at the equator (110.57 km × 111.32 km).
  const circleShare = (Math.PI * 10 ** 2) / (110.574 * 111.32);

  it('imports parks from GeoJSON and serves them back, samples marked', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/api/environment/parks', headers: analyst, payload: parks });
    expect(res.json()).toEqual({ parks: 1, sample: 1 });
    const fc = (await s.app.inject({ method: 'GET', url: '/api/environment/parks', headers: analyst })).json();
    expect(fc.features.map((f: Json) => [f.id, f.properties.sample])).toEqual([['toy-park', true]]);
    const bad = await s.app.inject({ method: 'POST', url: '/api/environment/parks', headers: analyst, payload: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [500, 0] } }] } });
    expect(bad.statusCode).toBe(400);
  });

  it('a district’s coverage is the share of its land within the radius, its population spread over it', async () => {
    const r = await coverage('region=110101&radiusM=10000&cellM=1000');
    expect(r).toMatchObject({ regionCode: '110101000000', weighting: 'population', residents: 1000, radiusM: 10_000, cellM: 1000, parks: 1, sample: true });
    expect(Math.abs(r.coverage - circleShare) / circleShare).toBeLessThan(0.05);
    expect(r.residentsCovered).toBe(Math.round(1000 * r.coverage));
    expect(r.notes).toEqual(expect.arrayContaining([expect.stringContaining('uniform density'), expect.stringContaining('SAMPLE parks')]));
    expect((await coverage('region=110102&radiusM=10000&cellM=1000')).coverage).toBe(0);
  });

  it('weighs a region’s children by their residents: 1 000 people partly covered, 3 000 not', async () => {
    const r = await coverage('region=1101&radiusM=10000&cellM=1000');
    expect(r.areas.map((a: Json) => [a.code, a.population])).toEqual(
      expect.arrayContaining([
        ['110101000000', 1000],
        ['110102000000', 3000],
      ]),
    );
    const east = r.areas.find((a: Json) => a.code === '110101000000');
    expect(r.coverage).toBeCloseTo((1000 * east.share) / 4000, 12);
    expect(r.notes).toContain('population from the resident figures (2020) of 2 child regions, each spread over its own land');
  });

  it('refuses a region without a boundary or unknown, and checks the query', async () => {
    const noBoundary = await s.app.inject({ method: 'GET', url: '/api/environment/park-coverage?region=110101001', headers: analyst });
    expect(noBoundary.json().error).toMatchObject({ kind: 'invalid', field: 'region' });
    expect((await s.app.inject({ method: 'GET', url: '/api/environment/park-coverage?region=110199', headers: analyst })).statusCode).toBe(404);
    expect((await s.app.inject({ method: 'GET', url: '/api/environment/park-coverage?region=110101&radiusM=0', headers: analyst })).statusCode).toBe(400);
  });
});
