import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { factorFor, readFactorsFile } from './emission-factors.js';

const packFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../packs/beijing/environment/emission-factors.json');
const fig = (value: number, unit: string, verified = true) => ({ value, unit, source: 'test', verified });

describe('readFactorsFile', () => {
  it('derives a fuel factor as NCV × CO2 per energy × oxidation / 1000 (IPCC 2006 Tier 1)', () => {
    const [f] = readFactorsFile({ factors: [{ code: 'diesel', name: '柴油', nameEn: 'Diesel', kind: 'fuel', activityUnit: 't', ncv: fig(42.652, 'GJ/t'), co2PerEnergy: fig(74.1, 'tCO2/TJ') }] });
    expect(f!.tCo2PerUnit).toBeCloseTo(3.1605132, 7);
    expect(f).toMatchObject({ code: 'diesel', fromYear: 0, activityUnit: 't', verified: true });
    const [half] = readFactorsFile({ factors: [{ code: 'coal', name: '煤', nameEn: 'Coal', kind: 'fuel', activityUnit: 't', ncv: fig(20, 'GJ/t'), co2PerEnergy: fig(100, 'tCO2/TJ', false), oxidation: 0.5 }] });
    expect(half!.tCo2PerUnit).toBe(1);
    expect(half!.verified).toBe(false);
  });

  it('uses a published factor as it is', () => {
    const [f] = readFactorsFile({ factors: [{ code: 'electricity', name: '电', nameEn: 'Power', kind: 'electricity', activityUnit: 'MWh', fromYear: 2022, factor: fig(0.5366, 'tCO2/MWh') }] });
    expect(f).toMatchObject({ tCo2PerUnit: 0.5366, fromYear: 2022 });
  });

  it('refuses parts in the wrong unit, both ways of giving a factor, and a code given twice for one year', () => {
    const base = { code: 'x', name: 'x', nameEn: 'x', kind: 'fuel', activityUnit: 't' };
    expect(() => readFactorsFile({ factors: [{ ...base, ncv: fig(1, 'GJ/10^4 m³'), co2PerEnergy: fig(1, 'tCO2/TJ') }] })).toThrow(/ncv\.unit must be GJ\/t/);
    expect(() => readFactorsFile({ factors: [{ ...base, ncv: fig(1, 'GJ/t'), co2PerEnergy: fig(1, 'kgCO2/TJ') }] })).toThrow(/co2PerEnergy\.unit/);
    expect(() => readFactorsFile({ factors: [{ ...base, factor: fig(1, 'tCO2/MWh') }] })).toThrow(/factor\.unit must be tCO2\/t/);
    expect(() => readFactorsFile({ factors: [{ ...base, factor: fig(1, 'tCO2/t'), ncv: fig(1, 'GJ/t'), co2PerEnergy: fig(1, 'tCO2/TJ') }] })).toThrow(/either factor/);
    expect(() => readFactorsFile({ factors: [{ ...base, factor: fig(1, 'tCO2/t') }, { ...base, factor: fig(2, 'tCO2/t') }] })).toThrow(/given twice/);
    expect(() => readFactorsFile({ factors: [{ ...base, activityUnit: 'kWh', factor: fig(1, 'tCO2/kWh') }] })).toThrow(/activityUnit/);
  });
});

describe('factorFor', () => {
  const factors = readFactorsFile({
    factors: [2021, 2022].map((y, i) => ({ code: 'electricity', name: '电', nameEn: 'Power', kind: 'electricity', activityUnit: 'MWh', fromYear: y, factor: fig([0.5568, 0.5366][i]!, 'tCO2/MWh') })),
  });
  it.each([
    [2021, 0.5568, null],
    [2022, 0.5366, null],
    [2030, 0.5366, null],
    [2015, 0.5568, 'electricity: no factor for 2015; the 2021 factor is used'],
  ])('for %i uses %f', (year, value, note) => {
    const found = factorFor(factors, 'electricity', year)!;
    expect(found.factor.tCo2PerUnit).toBe(value);
    expect(found.note).toBe(note);
  });
  it('knows no factor for an unknown code', () => expect(factorFor(factors, 'coal', 2022)).toBeNull());
});

describe('the Beijing pack’s emission-factors.json', () => {
  const factors = readFactorsFile(JSON.parse(readFileSync(packFile, 'utf8')));
  it.each([
    // code, first year, tCO2 per unit (NCV × IPCC 2006 default or the published figure), verified
    ['raw_coal', 0, 20.908 * 0.0946, false],
    ['coke', 0, 28.435 * 0.107, false],
    ['crude_oil', 0, 41.816 * 0.0733, false],
    ['fuel_oil', 0, 41.816 * 0.0774, false],
    ['gasoline', 0, 43.07 * 0.0693, false],
    ['kerosene', 0, 43.07 * 0.0715, false],
    ['diesel', 0, 42.652 * 0.0741, false],
    ['lpg', 0, 50.179 * 0.0631, false],
    ['natural_gas', 0, 389.31 * 0.0561, false],
    ['electricity', 2021, 0.5568, true],
    ['electricity', 2022, 0.5366, true],
    ['electricity_north_china', 2022, 0.6776, true],
    ['electricity_grid_reporting', 2022, 0.5703, false],
    ['heat', 0, 0.11, false],
  ] as const)('%s from %i: %f tCO2 per unit (verified: %s)', (code, fromYear, value, verified) => {
    const f = factors.find((x) => x.code === code && x.fromYear === fromYear)!;
    expect(f.tCo2PerUnit).toBeCloseTo(value, 9);
    expect(f.verified).toBe(verified);
  });
  it('names a source for every figure and has no other rows', () => {
    expect(factors).toHaveLength(14);
    const sources = factors.flatMap((f) => Object.values(f.derivation).filter((d): d is { source: string } => !!d && typeof d === 'object' && 'source' in d));
    expect(sources.every((s) => s.source.length > 10)).toBe(true);
  });
});
