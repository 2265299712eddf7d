import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { testService, type TestService } from '../support/service.js';
import { bearer, seedToken } from '../support/http.js';
import { importPack } from '../../src/core/pack.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { environmentModule, loadFactors, regionParkCoverage, zonesAt } from '../../src/modules/environment/index.js';

const packDir = path.resolve('packs/beijing');

// The Beijing demo pack's environment files on its real districts: the SAMPLE zones and parks,
// the emission factors.
describe.skipIf(!existsSync(path.join(packDir, 'environment', 'water-source-zones.geojson')))('the environment on the Beijing demo pack', () => {
  let s: TestService;
  let analyst: Record<string, string>;
  beforeAll(async () => {
    s = await testService({ modules: [regionsModule, environmentModule] });
    const report = await importPack(s.kernel, s.system, packDir, s.packLoaders);
    expect(report.loaders.find((l) => l.name === 'environment.zones')!.counts).toEqual({ zones: 9, removed: 0 });
    analyst = bearer(await seedToken(s, { roles: ['analyst'] }));
  }, 180_000);
  afterAll(() => s?.close());

  it('finds the sample zones of 密云水库 and the sample well field, and none in the old city', async () => {
    const miyun = await zonesAt(s.kernel, '110000', 116.93, 40.52);
    expect(miyun.map((z) => [z.id, z.level, z.sample])).toEqual([['miyun-reservoir-i', 'I', true]]);
    const well = await zonesAt(s.kernel, '110000', 116.695, 40.1);
    expect(well.map((z) => z.id)).toEqual(['sample-well-field-i']);
    expect(await zonesAt(s.kernel, '110000', 116.397, 39.909)).toEqual([]);
  });

  it('has the pack’s emission factors', async () => {
    expect(await loadFactors(s.kernel.db, '110000')).toHaveLength(14);
  });

  it('computes 东城区’s park coverage from the sample parks and its census population, and says it is a sample', async () => {
    const started = performance.now();
    const r = await regionParkCoverage(s.kernel, '110000', '110101', { year: 2020 });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(r).toMatchObject({ regionCode: '110101000000', weighting: 'population', residents: 708_829, sample: true, cellM: 100 });
    expect(r.coverage).toBeGreaterThan(0.05);
    expect(r.coverage).toBeLessThan(0.95);
    // The district is about 42 km² (41.86 km² published); its land on 100 m cells comes within 3%.
    expect(Math.abs(r.areaKm2 - 41.86) / 41.86).toBeLessThan(0.03);
    const api = await s.app.inject({ method: 'GET', url: '/api/environment/park-coverage?region=110101&year=2020', headers: analyst });
    expect(api.json().coverage).toBe(r.coverage);
  });
});
