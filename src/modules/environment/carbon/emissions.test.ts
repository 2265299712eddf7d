import { describe, expect, it } from 'vitest';
import { readFactorsFile } from './emission-factors.js';
import { computeEmissions } from './emissions.js';

const fig = (value: number, unit: string, verified = true) => ({ value, unit, source: 'test', verified });
const factors = readFactorsFile({
  factors: [
    { code: 'diesel', name: '柴油', nameEn: 'Diesel', kind: 'fuel', activityUnit: 't', factor: fig(3, 'tCO2/t') },
    { code: 'natural_gas', name: '天然气', nameEn: 'Gas', kind: 'fuel', activityUnit: '10^4 m³', factor: fig(20, 'tCO2/10^4 m³', false) },
    { code: 'electricity', name: '电', nameEn: 'Power', kind: 'electricity', activityUnit: 'MWh', fromYear: 2021, factor: fig(0.6, 'tCO2/MWh') },
    { code: 'electricity', name: '电', nameEn: 'Power', kind: 'electricity', activityUnit: 'MWh', fromYear: 2022, factor: fig(0.5, 'tCO2/MWh') },
  ],
});

describe('computeEmissions', () => {
  const records = [
    { sector: 'transport' as const, fuel: 'diesel', amount: 100, unit: 't' },
    { sector: 'buildings' as const, fuel: 'natural_gas', amount: 10, unit: '10^4 m³' },
    { sector: 'buildings' as const, fuel: 'electricity', amount: 1000, unit: 'MWh' },
    { sector: 'industry' as const, fuel: 'electricity', amount: 400, unit: 'MWh' },
  ];

  it('sums activity × factor by sector and fuel, per capita and per 10 000 yuan of GDP', () => {
    const r = computeEmissions('110101000000', 2022, records, factors, { population: { value: 1000, year: 2022, source: 's' }, gdp: { value: 2e8, year: 2022, source: 's' } });
    // 100·3 + 10·20 + 1000·0.5 + 400·0.5 = 300 + 200 + 500 + 200
    expect(r.totalTCo2).toBe(1200);
    expect(r.bySector.map((s) => [s.sector, s.tCo2, s.share])).toEqual([
      ['industry', 200, 200 / 1200],
      ['transport', 300, 300 / 1200],
      ['buildings', 700, 700 / 1200],
    ]);
    expect(r.byFuel.find((f) => f.fuel === 'electricity')).toMatchObject({ amount: 1400, tCo2: 700, tCo2PerUnit: 0.5, factorYear: 2022 });
    expect(r.perCapitaT).toBe(1.2);
    expect(r.perGdpTPer10kYuan).toBe(1200 / 20_000);
    expect(r.verified).toBe(false);
    expect(r.notes).toContain('factors not checked against their source text: natural_gas');
  });

  it('takes the year’s factor: electricity in 2021 at 0.6', () => {
    const r = computeEmissions('x', 2021, [records[2]!], factors);
    expect(r.totalTCo2).toBe(600);
    expect([r.perCapitaT, r.perGdpTPer10kYuan, r.verified]).toEqual([null, null, true]);
  });

  it('leaves out, and says so, a fuel without a factor and a record in another unit', () => {
    const r = computeEmissions('x', 2022, [...records.slice(0, 1), { sector: 'other', fuel: 'peat', amount: 5, unit: 't' }, { sector: 'other', fuel: 'diesel', amount: 5, unit: 'kg' }], factors);
    expect(r.totalTCo2).toBe(300);
    expect(r.notes).toEqual(expect.arrayContaining(['peat: no emission factor in the city\'s table; its records are left out', 'diesel (other): recorded in kg but its factor is per t; left out']));
  });

  it('answers null figures, with a note, when there is no activity data; says which year’s population is used', () => {
    const r = computeEmissions('x', 2022, [], factors, { population: { value: 10, year: 2020, source: 's' } });
    expect([r.totalTCo2, r.perCapitaT, r.bySector]).toEqual([null, null, []]);
    expect(r.notes).toEqual(['no usable activity data for x in 2022', 'per capita uses the 2020 population']);
  });
});
