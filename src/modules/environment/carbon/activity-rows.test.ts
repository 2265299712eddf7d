import { describe, expect, it } from 'vitest';
import { activityUnitOf, unitMismatch } from './activity-units.js';
import { validateActivityRows, type RawActivityRow } from './activity-rows.js';
import { readFactorsFile } from './emission-factors.js';
import { sectorOf, sectorTable, sectors } from './sectors.js';

const fig = (value: number, unit: string) => ({ value, unit, source: 'test', verified: true });
const factors = readFactorsFile({
  factors: [
    { code: 'diesel', name: '柴油', nameEn: 'Diesel', kind: 'fuel', activityUnit: 't', factor: fig(3, 'tCO2/t') },
    { code: 'natural_gas', name: '天然气', nameEn: 'Gas', kind: 'fuel', activityUnit: '10^4 m³', factor: fig(21, 'tCO2/10^4 m³') },
    { code: 'electricity', name: '电', nameEn: 'Power', kind: 'electricity', activityUnit: 'MWh', factor: fig(0.5, 'tCO2/MWh') },
  ],
});
const rules = { factors, regionExists: (c: string) => ['110000000000', '110101000000'].includes(c), years: { min: 1990, max: 2026 } };
const good: RawActivityRow = { line: 2, region: '110101', year: '2022', sector: 'transport', fuel: 'diesel', amount: '1,200.5', unit: '吨', source: '统计年鉴' };

describe('activity units', () => {
  it.each([
    ['t', 't'],
    ['吨', 't'],
    ['Tonnes', 't'],
    ['万立方米', '10^4 m³'],
    ['10^4 m3', '10^4 m³'],
    ['MWh', 'MWh'],
    ['兆瓦时', 'MWh'],
    ['GJ', 'GJ'],
    ['kWh', null],
    ['m3', null],
  ])('%s is %s', (text, unit) => expect(activityUnitOf(text)).toBe(unit));

  it.each([
    ['kWh', 'MWh', 'multiply kWh by 0.001 to get MWh'],
    ['万千瓦时', 'MWh', 'multiply 万千瓦时 by 10 to get MWh'],
    ['m3', '10^4 m³', 'multiply m3 by 0.0001 to get 10^4 m³'],
    ['kg', 't', 'multiply kg by 0.001 to get t'],
    ['TJ', 'GJ', 'multiply TJ by 1000 to get GJ'],
  ] as const)('a mismatch of %s where %s is needed says how to convert', (given, expected, hint) => {
    expect(unitMismatch(given, expected)).toContain(hint);
  });
});

describe('sectors', () => {
  it.each(sectors.map((s) => [s, sectorTable[s].zh, sectorTable[s].en]))('%s is found by its code, %s and %s', (code, zh, en) => {
    expect([sectorOf(code), sectorOf(zh), sectorOf(en.toUpperCase())]).toEqual([code, code, code]);
  });
  it('knows no other sector', () => expect(sectorOf('mining')).toBeNull());
});

describe('validateActivityRows', () => {
  it('cleans a good row: canonical region, sector and unit, the amount without its thousands separator', () => {
    const { clean, errors } = validateActivityRows([good], rules);
    expect(errors).toEqual([]);
    expect(clean).toEqual([{ line: 2, regionCode: '110101000000', year: 2022, sector: 'transport', fuel: 'diesel', amount: 1200.5, unit: 't', source: '统计年鉴' }]);
  });

  it.each([
    [{ region: '11010' }, 'region', 'must be 2, 4, 6, 9 or 12 digits'],
    [{ region: '110102' }, 'region', 'no region 110102'],
    [{ year: '22' }, 'year', 'must be a year from 1990 to 2026'],
    [{ year: '2027' }, 'year', 'from 1990 to 2026'],
    [{ sector: 'mining' }, 'sector', 'unknown sector'],
    [{ fuel: 'uranium' }, 'fuel', 'unknown fuel'],
    [{ amount: 'lots' }, 'amount', 'must be a number'],
    [{ amount: '-5' }, 'amount', 'must not be negative'],
    [{ amount: '' }, 'amount', 'must be a number'],
    [{ unit: '' }, 'unit', 'give the unit'],
    [{ unit: 'kg' }, 'unit', 'multiply kg by 0.001 to get t'],
    [{ fuel: 'electricity', unit: 'kWh' }, 'unit', 'per MWh'],
  ] as const)('refuses %o at %s', (change, field, reason) => {
    const { clean, errors } = validateActivityRows([{ ...good, ...change }], rules);
    expect(clean).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 2, field });
    expect(errors[0]!.reason).toContain(reason);
  });

  it('reports every problem of every row, and a key given twice with the line it was first on', () => {
    const { clean, errors } = validateActivityRows(
      [good, { ...good, line: 3, amount: '7' }, { line: 4, region: 'x', year: 'y', sector: 'z', fuel: 'w', amount: 'v', unit: 'u' }],
      rules,
    );
    expect(clean).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 3, field: 'fuel', reason: expect.stringContaining('already on line 2') });
    expect(errors.filter((e) => e.line === 4).map((e) => e.field)).toEqual(['region', 'year', 'sector', 'fuel', 'amount']);
  });
});
