import { describe, expect, it } from 'vitest';
import { percentile, rankIntervals } from './sensitivity.js';

const column = (code: string, values: Record<string, number>, target: number) => ({ code, direction: 'higher' as const, bounds: { target }, weight: 1, values: new Map(Object.entries(values)) });

describe('Monte Carlo rank intervals', () => {
  // a leads on both; b and c trade places depending on the weights.
  const units = ['a', 'b', 'c'];
  const cols = [column('x', { a: 100, b: 80, c: 40 }, 100), column('y', { a: 100, b: 40, c: 80 }, 100)];
  const baseline = { normalisation: 'distance' as const, aggregation: 'arithmetic' as const };
  const settings = { runs: 500, seed: 42, weights: { method: 'dirichlet' as const, concentration: 2 }, normalisations: ['distance', 'minmax'] as const, aggregations: ['arithmetic', 'geometric'] as const };

  it('gives a dominant unit a rank interval of one place', () => {
    const r = rankIntervals(units, cols, baseline, settings);
    expect(r.intervals.find((i) => i.unit === 'a')).toMatchObject({ baseline: 1, median: 1, p05: 1, p95: 1, ranked: 500 });
  });

  it('gives units whose order hangs on the weights overlapping intervals', () => {
    const r = rankIntervals(units, cols, baseline, settings);
    const b = r.intervals.find((i) => i.unit === 'b')!;
    const c = r.intervals.find((i) => i.unit === 'c')!;
    expect(b.baseline).toBe(2);
    expect(c.baseline).toBe(2);
    expect([b.p05, b.p95]).toEqual([2, 3]);
    expect([c.p05, c.p95]).toEqual([2, 3]);
  });

  it('repeats exactly with the same seed', () => {
    const cols3 = [...cols, column('z', { a: 50, b: 60, c: 55 }, 100)];
    expect(rankIntervals(units, cols3, baseline, { ...settings, runs: 50 })).toEqual(rankIntervals(units, cols3, baseline, { ...settings, runs: 50 }));
  });

  it('narrows the spread when the weights barely move', () => {
    const tight = rankIntervals(units, cols, baseline, { ...settings, weights: { method: 'uniform', pct: 0 }, normalisations: ['distance'], aggregations: ['arithmetic'] });
    for (const i of tight.intervals) expect(i.p05).toBe(i.p95);
  });

  it('takes percentiles by the nearest-rank method', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5)).toBe(1);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([], 50)).toBeNull();
  });
});
