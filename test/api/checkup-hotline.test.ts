import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDrivers } from '../support/db.js';
import { createManualClock } from '../../src/core/clock.js';
import { generateCases } from '../../src/modules/hotline/index.js';
import type { CityworkModule } from '../../src/core/module.js';
import { checkupTestService, type CheckupTestService } from './checkup-support.js';

type Json = Record<string, any>;
const year = (y: number) => ({ from: new Date(`${y}-01-01T00:00:00+08:00`), to: new Date(`${y + 1}-01-01T00:00:00+08:00`) });

// A stand-in for the environment module: it registers the provider the library names for good-air days.
const airModule: CityworkModule = {
  name: 'fakeair',
  indicators: [{ code: 'environment.good-air-days-share', description: 'test', compute: async (_k, s) => ({ value: s.regionCode.startsWith('110101') ? 82.5 : null, source: 'test station' }) }],
};

describe.each(testDrivers())('checkup indicators computed from the hotline and regions (%s)', (driver) => {
  let s: CheckupTestService;
  const clock = createManualClock(new Date('2026-07-01T04:00:00Z'));
  beforeAll(async () => {
    s = await checkupTestService({ driver, clock });
    // Two years of synthetic history: spring 2025 and spring 2026, each case with its simulated timeline.
    await generateCases(s.kernel, s.system, { days: 60, perDay: 12, seed: 3, end: new Date('2025-06-30T20:00:00+08:00') });
    await generateCases(s.kernel, s.system, { days: 45, perDay: 16, seed: 4, end: new Date('2026-06-28T20:00:00+08:00') });
  }, 120_000);
  afterAll(() => s?.close());

  const compute = async (y: number) => {
    const res = await s.app.inject({ method: 'POST', url: '/api/checkup/compute', headers: s.who.analyst, payload: { year: y } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const value = async (code: string, region: string, y: number) => (await s.app.inject({ method: 'GET', url: `/api/checkup/values?region=${region}&year=${y}&code=${code}`, headers: s.who.analyst })).json().values[0] ?? null;
  const cases = async (y: number, where = sql`true`) => {
    const { from, to } = year(y);
    const r = await sql<{ region: string; n: number }>`select substr(region_code, 1, 6) as region, count(*)::int as n from hotline_cases
      where received_at >= ${from} and received_at < ${to} and status <> 'merged' and ${where} group by 1`.execute(s.kernel.db);
    return new Map(r.rows.map((x) => [x.region, Number(x.n)]));
  };

  it('computes the year’s values over the city and its districts, and says which provider is missing', async () => {
    const r = await compute(2025);
    expect(r).toMatchObject({ year: 2025, regions: 4, indicators: 9, failures: [] });
    expect(r.noProvider).toEqual([{ code: 'T10', provider: 'environment.good-air-days-share' }]);
    expect(r.stored).toBeGreaterThan(10);
    await compute(2026);
  });

  it('gives category shares and requests per 10,000 residents as the cases say', async () => {
    for (const y of [2025, 2026]) {
      const all = await cases(y);
      const facilities = await cases(y, sql`category_code like '0101%'`);
      for (const d of ['110101', '110102']) {
        const v = await value('T05', d, y);
        expect(v.value).toBeCloseTo(((facilities.get(d) ?? 0) / all.get(d)!) * 100, 2);
        expect(v).toMatchObject({ origin: 'computed', provider: 'hotline.category-share', sample: true });
        expect(v.source).toContain('synthetic');
      }
      const total = [...all.values()].reduce((a, b) => a + b, 0);
      expect((await value('T08', '110000', y)).value).toBeCloseTo((total / 1815043) * 10_000, 2);
      expect((await value('T08', '110101', y)).value).toBeCloseTo((all.get('110101')! / 708829) * 10_000, 2);
    }
  });

  it('sums the hotline’s own monthly 三率 over the year', async () => {
    for (const y of [2025, 2026]) {
      let num = 0;
      let den = 0;
      for (let m = 1; m <= 6; m++) {
        const a = (await s.app.inject({ method: 'GET', url: `/api/hotline/assessment?month=${y}-${String(m).padStart(2, '0')}&by=district`, headers: s.as.assessor })).json();
        num += a.total.resolution.numerator;
        den += a.total.resolution.denominator;
      }
      expect(den).toBeGreaterThan(0);
      expect((await value('T06', '110000', y)).value).toBeCloseTo((num / den) * 100, 1);
    }
    expect((await value('T07', '110101', 2025)).value).toBeGreaterThan(0);
  });

  it('lists the districts with recurring requests as problems, and reads census figures through the regions module', async () => {
    const urban = await cases(2025, sql`category_code like '01%'`);
    const expected = ['110101', '110102'].filter((d) => (urban.get(d) ?? 0) >= 5).map((d) => `${d}000000`);
    expect(expected.length).toBeGreaterThan(0);
    const problems = (await s.app.inject({ method: 'GET', url: '/api/checkup/problems?region=110000&year=2025&indicator=T09', headers: s.who.analyst })).json().problems;
    expect(problems.map((p: Json) => p.object.id).sort()).toEqual(expected);
    expect(problems[0].object).toMatchObject({ type: 'district', name: expect.stringMatching(/城区$/) });
    expect((await value('T09', '110000', 2025)).value).toBe(expected.length);
    expect((await value('T11', '110101', 2025)).value).toBe(Math.round(708829 / 41.86));
    expect(await value('T11', '110102', 2025)).toBeNull();
  });

  it('evaluates with trend and rank, and shows the missing provider as missing, not zero', async () => {
    const e = (await s.app.inject({ method: 'GET', url: '/api/checkup/evaluation?region=110101', headers: s.who.assessor })).json();
    expect(e.year).toBe(2026);
    expect(e.siblings.map((r: Json) => r.code)).toEqual(['110101000000', '110102000000']);
    const smart = e.tasks.find((t: Json) => t.task === 'smart_governance');
    const t06 = smart.indicators.find((i: Json) => i.code === 'T06');
    const before = await value('T06', '110101', 2025);
    expect(t06.trend).toMatchObject({ previousYear: 2025, previous: before.value });
    expect(t06.rank.of).toBe(2);
    expect(['met', 'near', 'not_met']).toContain(t06.status);
    const green = e.tasks.find((t: Json) => t.task === 'green_low_carbon');
    expect(green.indicators.find((i: Json) => i.code === 'T10')).toMatchObject({ status: 'no_provider', value: null });
    expect(green.coverage.withValue).toBe(0);
  });
});

describe('a module registers an indicator provider', () => {
  let s: CheckupTestService;
  beforeAll(async () => {
    s = await checkupTestService({ extraModules: [airModule] });
  });
  afterAll(() => s?.close());

  it('is run by the checkup once the service is composed', async () => {
    const r = (await s.app.inject({ method: 'POST', url: '/api/checkup/compute', headers: s.who.analyst, payload: { year: 2026, codes: ['T10'] } })).json();
    expect(r).toMatchObject({ stored: 1, missing: 3, noProvider: [] });
    const e = (await s.app.inject({ method: 'GET', url: '/api/checkup/evaluation?region=110101&year=2026', headers: s.who.assessor })).json();
    expect(e.tasks.find((t: Json) => t.task === 'green_low_carbon').indicators.find((i: Json) => i.code === 'T10')).toMatchObject({ value: 82.5, status: 'near', source: { origin: 'computed', provider: 'environment.good-air-days-share', source: 'test station' } });
  });
});
