import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { citySizeClass, citySizeClasses, countBySizeClass } from './city-size.js';
import { sharedDataDir } from '../../../test/support/env.js';

describe('city-size classes (国发〔2014〕51号)', () => {
  // One row per class of the standard: the lower bound is in the class, the upper bound is not.
  it.each([
    ['超大城市', 10_000_000, 50_000_000, 9_999_999],
    ['特大城市', 5_000_000, 9_999_999, 4_999_999],
    ['Ⅰ型大城市', 3_000_000, 4_999_999, 2_999_999],
    ['Ⅱ型大城市', 1_000_000, 2_999_999, 999_999],
    ['中等城市', 500_000, 999_999, 499_999],
    ['Ⅰ型小城市', 200_000, 499_999, 199_999],
    ['Ⅱ型小城市', 0, 199_999, null],
  ] as const)('%s: from %i (inclusive) to %i; %s is below it', (zh, low, high, below) => {
    expect(citySizeClass(low).zh).toBe(zh);
    expect(citySizeClass(high).zh).toBe(zh);
    if (below !== null) expect(citySizeClass(below).zh).not.toBe(zh);
  });

  it('has seven classes that tile [0, ∞)', () => {
    expect(citySizeClasses).toHaveLength(7);
    for (let i = 1; i < citySizeClasses.length; i++) expect(citySizeClasses[i]!.maxPopulation).toBe(citySizeClasses[i - 1]!.minPopulation);
    expect(citySizeClasses.at(-1)!.minPopulation).toBe(0);
  });

  it('refuses a negative or missing population', () => {
    expect(() => citySizeClass(-1)).toThrow(RangeError);
    expect(() => citySizeClass(Number.NaN)).toThrow(RangeError);
  });

  const dir = sharedDataDir();
  describe.skipIf(!dir)('on the 7th-census city table (../shared/data/statistics)', () => {
    const rows = dir
      ? (parse(readFileSync(path.join(dir, 'statistics', 'china_city_urban_population_2020.csv')), { columns: true, skip_empty_lines: true }) as Record<string, string>[])
      : [];
    const mainland = rows.filter((r) => r.urban_core_pop_城区常住人口 && !['香港', '澳门'].includes(r.province!));

    it('classifies every city as the table derives it independently', () => {
      const disagreements = mainland.filter((r) => citySizeClass(Number(r.urban_core_pop_城区常住人口)).zh !== r.size_class_GF2014_51_derived);
      expect(mainland.length).toBe(681);
      expect(disagreements.map((r) => r.city)).toEqual([]);
    });

    it('counts 7/14/14/68/134/254/190 mainland cities per class', () => {
      const counts = countBySizeClass(mainland.map((r) => Number(r.urban_core_pop_城区常住人口))).map((c) => c.count);
      expect(counts).toEqual([7, 14, 14, 68, 134, 254, 190]);
    });
  });
});
