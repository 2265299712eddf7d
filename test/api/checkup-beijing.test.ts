import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { testService, type TestService } from '../support/service.js';
import { importPack } from '../../src/core/pack.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { hotlineModule } from '../../src/modules/hotline/index.js';
import { checkupModule, tasks, levels } from '../../src/modules/checkup/index.js';

type Json = Record<string, any>;
const pack = path.resolve('packs/beijing');
const stats = path.resolve('../shared/data/statistics');
const haveStats = existsSync(path.join(stats, 'beijing_districts.csv'));
if (!haveStats && process.env.CI === 'true') throw new Error(`${stats} is missing: the Beijing checkup test compares the pack with it`);
const table = (file: string): Json[] => parse(readFileSync(path.join(stats, file), 'utf8'), { columns: true, skip_empty_lines: true });

// The Beijing demo library and values as `npm start` loads them, on the real divisions and census figures.
describe.skipIf(!existsSync(path.join(pack, 'checkup', 'indicators.json')))('the checkup on the Beijing demo pack', () => {
  let s: TestService;
  let dir: string;
  beforeAll(async () => {
    // The pack without its hotline files: regions and checkup are what this test reads.
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-bj-checkup-'));
    await fs.copyFile(path.join(pack, 'pack.json'), path.join(dir, 'pack.json'));
    for (const sub of ['regions', 'checkup']) await fs.cp(path.join(pack, sub), path.join(dir, sub), { recursive: true });
    s = await testService({ modules: [regionsModule, hotlineModule, checkupModule] });
    await importPack(s.kernel, s.system, dir, s.packLoaders);
  }, 240_000);
  afterAll(async () => {
    await s?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const get = async (url: string) => {
    const res = await s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await token()}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  let bearer: string | null = null;
  const token = async () => (bearer ??= (await (await import('../../src/core/auth/tokens.js')).createToken(s.kernel, s.system, { kind: 'api', name: 'bj', roles: ['admin'] })).token);

  it('spans the seven tasks and the four levels, each indicator naming its source, with at least 15 computed by the platform', async () => {
    const lib = await get('/api/checkup/indicators');
    expect(lib.indicators.length).toBeGreaterThanOrEqual(55);
    expect(lib.indicators.length).toBeLessThanOrEqual(70);
    for (const t of tasks) expect(lib.perTask[t], t).toBeGreaterThanOrEqual(4);
    for (const l of levels) expect(lib.indicators.filter((d: Json) => d.level === l).length, l).toBeGreaterThanOrEqual(5);
    for (const d of lib.indicators) expect(d.source.document.length, d.code).toBeGreaterThan(5);
    const computedHere = lib.indicators.filter((d: Json) => d.providerRegistered === true);
    expect(computedHere.length).toBeGreaterThanOrEqual(15);
    expect(lib.noProvider.map((p: Json) => p.provider).sort()).toEqual(['environment.good-air-days-share', 'livability.fifteen-minute-coverage', 'monitoring.alarm-response-minutes']);
  });

  it('loads published figures with their documents, and marks every other value a sample', async () => {
    const values: Json[] = JSON.parse(readFileSync(path.join(pack, 'checkup', 'values.json'), 'utf8')).values;
    for (const v of values) {
      if (v.sample) expect(v.source, JSON.stringify(v)).toMatch(/^SAMPLE/);
      else expect(v.source, JSON.stringify(v)).toMatch(/SOURCES\.md S\d+/);
    }
    const city = await get('/api/checkup/values?region=110000&code=CT10');
    expect(city.values.every((v: Json) => v.origin === 'pack' && !v.sample)).toBe(true);
    if (!haveStats) return;
    const air = table('beijing_air_official.csv');
    for (const row of air) {
      const stored = city.values.find((v: Json) => v.year === Number(row.year));
      if (row.pm25_annual_mean_ugm3) expect(stored?.value, row.year).toBe(Number(row.pm25_annual_mean_ugm3));
    }
  });

  it('computes census indicators through the regions module that agree with the published tables', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/api/checkup/compute', headers: { authorization: `Bearer ${await token()}` }, payload: { year: 2020, codes: ['CT01', 'CT02', 'CT03', 'CT04'] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ regions: 18, failures: [] });
    const v = async (code: string, region: string) => (await get(`/api/checkup/values?region=${region}&year=2020&code=${code}`)).values[0] ?? null;
    if (!haveStats) return;
    const districts = table('beijing_districts.csv');
    for (const d of districts.filter((x) => x.land_area_km2)) {
      expect((await v('CT01', d.adcode)).value, d.name).toBe(Math.round(Number(d.resident_pop_census2020) / Number(d.land_area_km2)));
    }
    expect(await v('CT01', '110105')).toBeNull(); // no published area for 朝阳区: missing, not estimated
    const long = table('beijing_district_indicators_long.csv');
    const fig = (key: string) => Number(long.find((r) => r.adcode === '110000' && r.indicator === key)!.value);
    expect((await v('CT02', '110000')).value).toBeCloseTo((fig('urban_pop_census2020_城镇人口') / fig('resident_pop_census2020')) * 100, 2);
    expect((await v('CT04', '110000')).value).toBe(Math.round((fig('gdp_2020') * 1e8) / fig('resident_pop_census2020')));
    const chaoyang = districts.find((d) => d.adcode === '110105')!;
    const growth = (Math.pow(Number(chaoyang.resident_pop_census2020) / Number(chaoyang.resident_pop_census2010), 1 / 10) - 1) * 100;
    expect((await v('CT03', '110105')).value).toBeCloseTo(growth, 2);
  });

  // GB 3095-2012 table 1, grade II annual means (µg/m³): one row each.
  it.each([
    ['CT10', 'PM2.5', 35],
    ['CT11', 'PM10', 70],
    ['CT12', 'NO2', 40],
  ])('scores %s (%s) against GB 3095-2012 grade II, %s µg/m³ a year', async (code, _what, limit) => {
    const { indicator } = await get(`/api/checkup/indicators/${code}`);
    expect(indicator).toMatchObject({ unit: 'µg/m³', direction: 'lower', standard: { target: limit, tier: 'national', verified: true } });
    expect(indicator.standard.document).toContain('GB 3095-2012');
  });

  it('evaluates the city against GB 3095-2012 with the published series', async () => {
    const e = await get('/api/checkup/evaluation?region=110000&year=2025');
    const pm = e.tasks.find((t: Json) => t.task === 'green_low_carbon').indicators.find((i: Json) => i.code === 'CT10');
    expect(pm).toMatchObject({ value: 27, status: 'met', standard: { target: 35, tier: 'national', verified: true }, trend: { previousYear: 2024, previous: 30.5, direction: 'improving' } });
    expect(pm.source.sample).toBe(false);
    const counts = e.tasks.map((t: Json) => t.coverage.total);
    expect(counts.reduce((a: number, b: number) => a + b, 0)).toBe(e.coverage.total);
  });
});
