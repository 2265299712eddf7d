import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDrivers } from '../support/db.js';
import { testService, type TestService } from '../support/service.js';
import { bearer, seedToken, seedUser } from '../support/http.js';
import { toyPack } from '../support/hotline.js';
import { importPack } from '../../src/core/pack.js';
import { regionsModule } from '../../src/modules/regions/index.js';
import { emissionsOf, environmentModule } from '../../src/modules/environment/index.js';

type Json = Record<string, any>;

// The toy city's regions, their 2020 population and GDP, and the Beijing pack's real emission factors.
const attributes = [
  { code: '110101', year: 2020, key: 'resident_population', value: 708_829, unit: '人', source: 'toy' },
  { code: '110101', year: 2020, key: 'gdp', value: 3000, unit: '亿元', source: 'toy' },
  { code: '110102', year: 2020, key: 'resident_population', value: 1_106_214, unit: '人', source: 'toy' },
];

async function writePack(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citywork-carbon-pack-'));
  const files: Record<string, unknown> = {
    'pack.json': toyPack['pack.json'],
    'regions/divisions.json': toyPack['regions/divisions.json'],
    'regions/boundaries.geojson': toyPack['regions/boundaries.geojson'],
    'regions/attributes.json': { attributes },
  };
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.join(dir, path.dirname(file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), JSON.stringify(content));
  }
  await fs.mkdir(path.join(dir, 'environment'));
  await fs.copyFile(path.resolve('packs/beijing/environment/emission-factors.json'), path.join(dir, 'environment/emission-factors.json'));
  return dir;
}

const header = 'region,year,sector,fuel,amount,unit,source';
const goodRows = [
  '110101,2022,transport,diesel,"1,000",t,toy statistics',
  '110101,2022,buildings,natural_gas,500,万立方米,toy statistics',
  '110101,2022,buildings,electricity,200000,MWh,toy statistics',
  '110101,2022,industry,electricity,50000,兆瓦时,toy statistics',
  '110102,2022,buildings,electricity,100000,MWh,toy statistics',
];

describe.each(testDrivers())('carbon emissions (%s)', (driver) => {
  let s: TestService;
  let analyst: Record<string, string>;
  let citizen: Record<string, string>;
  let factors: Json[];
  beforeAll(async () => {
    s = await testService({ driver, modules: [regionsModule, environmentModule] });
    const dir = await writePack();
    try {
      await importPack(s.kernel, s.system, dir, s.packLoaders);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    analyst = bearer(await seedToken(s, { userId: await seedUser(s, 'ana', ['analyst']) }));
    citizen = bearer(await seedToken(s, { roles: ['citizen'] }));
    factors = (await s.app.inject({ method: 'GET', url: '/api/environment/emission-factors', headers: analyst })).json().factors;
  }, 120_000);
  afterAll(() => s?.close());

  const importCsv = (csv: string, extra: Json = {}, headers = analyst) => s.app.inject({ method: 'POST', url: '/api/environment/activity/import', headers, payload: { csv, fileName: 'toy.csv', ...extra } });
  const emissions = async (region: string, year = 2022) => {
    const res = await s.app.inject({ method: 'GET', url: `/api/environment/emissions?region=${region}&year=${year}`, headers: analyst });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Json;
  };
  const factor = (code: string, year = 2022) => factors.filter((f) => f.code === code && f.fromYear <= year).sort((a, b) => b.fromYear - a.fromYear)[0]!.tCo2PerUnit as number;
  const activityRows = async () => Number((await sql<{ n: number }>`select count(*)::int as n from environment_activity`.execute(s.kernel.db)).rows[0]!.n);

  it('lists the pack’s emission factors with how each was made', () => {
    expect(factors).toHaveLength(14);
    expect(factors.find((f) => f.code === 'electricity' && f.fromYear === 2022)).toMatchObject({ tCo2PerUnit: 0.5366, activityUnit: 'MWh', verified: true });
  });

  it('refuses a file with bad rows row by row and imports nothing of it', async () => {
    const res = await importCsv(
      [
        header,
        ...goodRows,
        '110101,2022,transport,uranium,5,t,',
        '110101,2022,buildings,electricity,3000000,kWh,',
        '110101,2022,industry,diesel,-4,t,',
        '110199,2022,industry,diesel,4,t,',
        '110101,2022,transport,diesel,7,t,',
      ].join('\n'),
    );
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error).toMatchObject({ kind: 'invalid', field: 'file' });
    expect(error.message).toMatch(/^5 of 10 rows are bad; nothing was imported/);
    expect(error.details.errors.map((e: Json) => [e.line, e.field])).toEqual([
      [7, 'fuel'],
      [8, 'unit'],
      [9, 'amount'],
      [10, 'region'],
      [11, 'fuel'],
    ]);
    expect(error.details.errors[1].reason).toContain('multiply kWh by 0.001 to get MWh');
    expect(error.details.errors[4].reason).toContain('already on line 2');
    expect(await activityRows()).toBe(0);
    expect((await emissions('110101')).totalTCo2).toBeNull();
  });

  it('checks without importing on a dry run, and lets only analysts and admins import', async () => {
    const dry = await importCsv([header, ...goodRows].join('\n'), { dryRun: true });
    expect(dry.json()).toMatchObject({ status: 'checked', rows: 5, applied: 0, id: null });
    expect(await activityRows()).toBe(0);
    expect((await importCsv([header, ...goodRows].join('\n'), {}, citizen)).statusCode).toBe(403);
  });

  it('imports a good file and computes total, sectors, per capita and per unit GDP from activity × factor', async () => {
    const res = await importCsv([header, ...goodRows].join('\n'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'applied', rows: 5, applied: 5, id: expect.stringMatching(/^act_/) });
    const e = await emissions('110101');
    const transport = 1000 * factor('diesel');
    const buildings = 500 * factor('natural_gas') + 200_000 * factor('electricity');
    const industry = 50_000 * factor('electricity');
    const total = transport + buildings + industry;
    expect(e.totalTCo2).toBeCloseTo(total, 6);
    expect(Object.fromEntries(e.bySector.map((x: Json) => [x.sector, x.tCo2]))).toEqual({ industry: expect.closeTo(industry, 6), transport: expect.closeTo(transport, 6), buildings: expect.closeTo(buildings, 6) });
    expect(e.population).toMatchObject({ value: 708_829, year: 2020 });
    expect(e.perCapitaT).toBeCloseTo(total / 708_829, 9);
    expect(e.perGdpTPer10kYuan).toBeCloseTo(total / (3000e8 / 1e4), 12);
    expect(e.notes).toEqual(expect.arrayContaining(['per capita uses the 2020 population', 'per unit GDP uses the 2020 GDP']));
    expect(e.verified).toBe(false);
    // The checkup's entry point answers the same.
    expect((await emissionsOf(s.kernel, '110000', '110101', 2022)).totalTCo2).toBeCloseTo(total, 6);
  });

  it('replaces a record on re-import of its key, and sums districts for a region without its own records', async () => {
    await importCsv([header, '110101,2022,transport,diesel,2000,t,revised'].join('\n'));
    const e = await emissions('110101');
    expect(e.byFuel.find((f: Json) => f.fuel === 'diesel').amount).toBe(2000);
    expect(await activityRows()).toBe(5);
    const city = await emissions('110000');
    const west = await emissions('110102');
    expect(city.totalTCo2).toBeCloseTo(e.totalTCo2 + west.totalTCo2, 6);
    expect(city.notes[0]).toMatch(/summed from 2 district regions' records/);
    expect((await emissions('110101', 2019)).totalTCo2).toBeNull();
  });

  it('refuses a malformed file or query naming the field', async () => {
    const noColumn = await importCsv('region,year,sector,fuel,amount\n110101,2022,transport,diesel,1');
    expect(noColumn.json().error).toMatchObject({ kind: 'invalid', field: 'file', message: expect.stringContaining('no unit column') });
    const bad = await s.app.inject({ method: 'GET', url: '/api/environment/emissions?region=abc&year=2022', headers: analyst });
    expect(bad.statusCode).toBe(400);
  });
});
