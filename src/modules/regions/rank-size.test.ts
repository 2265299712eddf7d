import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { rankSize } from './rank-size.js';
import { sharedDataDir } from '../../../test/support/env.js';

describe('rank-size rule', () => {
  it('recovers q = 1 and R² = 1 from cities that follow Zipf exactly', () => {
    const fit = rankSize([1, 2, 3, 4, 5, 6].map((r) => ({ code: `c${r}`, population: 6_000_000 / r })));
    expect(fit.zipfExponent).toBeCloseTo(1, 12);
    expect(fit.rSquared).toBeCloseTo(1, 12);
    expect(Math.exp(fit.intercept)).toBeCloseTo(6_000_000, 3);
    expect(fit.primacy2).toBeCloseTo(2, 12);
    // P1 / (P2 + P3 + P4) = 1 / (1/2 + 1/3 + 1/4) = 12/13
    expect(fit.primacy4).toBeCloseTo(12 / 13, 12);
  });

  it('recovers q = 0.5 from P(r) = A / √r', () => {
    const fit = rankSize(Array.from({ length: 50 }, (_, i) => ({ code: `c${i}`, population: 1e6 / Math.sqrt(i + 1) })));
    expect(fit.zipfExponent).toBeCloseTo(0.5, 12);
  });

  it('ranks by population whatever the input order, and fits a worked example', () => {
    // ranks 1..4 with populations 1000, 400, 300, 100: by hand, slope = −1.5088…, R² = 0.9140…
    const fit = rankSize([
      { code: 'c', population: 300 },
      { code: 'a', population: 1000 },
      { code: 'd', population: 100 },
      { code: 'b', population: 400 },
    ]);
    expect(fit.ranked.map((c) => c.code)).toEqual(['a', 'b', 'c', 'd']);
    const xs = [1, 2, 3, 4].map(Math.log);
    const ys = [1000, 400, 300, 100].map(Math.log);
    const mx = xs.reduce((a, b) => a + b) / 4;
    const my = ys.reduce((a, b) => a + b) / 4;
    const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    expect(fit.zipfExponent).toBeCloseTo(-slope, 12);
    expect(fit.zipfExponent).toBeCloseTo(1.5088, 3);
    expect(fit.rSquared).toBeCloseTo(0.914, 3);
    expect(fit.primacy2).toBe(2.5);
    expect(fit.primacy4).toBeCloseTo(1000 / 800, 12);
  });

  it('needs two cities with people', () => {
    expect(() => rankSize([{ code: 'a', population: 5 }])).toThrow(RangeError);
    expect(() => rankSize([{ code: 'a', population: 5 }, { code: 'b', population: 0 }])).toThrow(RangeError);
  });

  const dir = sharedDataDir();
  describe.skipIf(!dir)('on the 7th-census city table', () => {
    const rows = dir
      ? (parse(readFileSync(path.join(dir, 'statistics', 'china_city_urban_population_2020.csv')), { columns: true, skip_empty_lines: true }) as Record<string, string>[]).filter(
          (r) => r.urban_core_pop_城区常住人口 && !['香港', '澳门'].includes(r.province!),
        )
      : [];

    it('fits the national urban system (681 cities)', () => {
      const fit = rankSize(rows.map((r) => ({ code: `${r.province}${r.city}`, population: Number(r.urban_core_pop_城区常住人口) })));
      expect(fit.n).toBe(681);
      expect(fit.ranked[0]!.code).toBe('上海上海市');
      // Chinese city systems are flatter than Zipf at the top and steeper in the tail.
      expect(fit.zipfExponent).toBeGreaterThan(0.8);
      expect(fit.zipfExponent).toBeLessThan(1.6);
      expect(fit.rSquared).toBeGreaterThan(0.8);
      expect(fit.primacy2).toBeCloseTo(19873080 / 17751681, 6);
    });

    it('fits each province with at least three cities', () => {
      const byProvince = new Map<string, { code: string; population: number }[]>();
      for (const r of rows) byProvince.set(r.province!, [...(byProvince.get(r.province!) ?? []), { code: r.city!, population: Number(r.urban_core_pop_城区常住人口) }]);
      const fits = [...byProvince].filter(([, c]) => c.length >= 3).map(([p, c]) => ({ p, fit: rankSize(c) }));
      expect(fits.length).toBeGreaterThanOrEqual(25);
      for (const { fit } of fits) expect(fit.rSquared).toBeGreaterThan(0.3);
      const guangdong = fits.find((f) => f.p === '广东')!.fit;
      expect(guangdong.ranked.slice(0, 2).map((c) => c.code)).toEqual(['深圳市', '广州市']);
    });
  });
});
