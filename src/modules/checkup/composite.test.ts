import { describe, expect, it } from 'vitest';
import { compositeOf, rankValues } from './composite.js';

const column = (code: string, values: Record<string, number>, o: { target?: number; weight?: number; direction?: 'higher' | 'lower' } = {}) => ({
  code,
  direction: o.direction ?? ('higher' as const),
  bounds: o.target === undefined ? null : { target: o.target },
  weight: o.weight ?? 1,
  values: new Map(Object.entries(values)),
});

describe('composite per task', () => {
  const cols = [column('resolution', { a: 95, b: 90, c: 45 }, { target: 90 }), column('complaints', { a: 10, b: 5, c: 20 }, { target: 10, direction: 'lower' })];

  it('normalises by distance to the standard and averages with the weights', () => {
    const r = compositeOf(['a', 'b', 'c'], cols, { normalisation: 'distance', aggregation: 'arithmetic' });
    expect(r.methods).toEqual({ resolution: 'distance', complaints: 'distance' });
    expect(r.units.map((u) => [u.unit, u.value, u.rank])).toEqual([
      ['a', 1, 1],
      ['b', 1, 1],
      ['c', 0.5, 3],
    ]);
  });

  it('records the method each column used and ranks by min–max', () => {
    const r = compositeOf(['a', 'b', 'c'], cols, { normalisation: 'minmax', aggregation: 'arithmetic' });
    expect(r.methods.resolution).toBe('minmax');
    const byUnit = Object.fromEntries(r.units.map((u) => [u.unit, u.value]));
    expect(byUnit.a).toBeCloseTo((1 + 2 / 3) / 2);
    expect(byUnit.b).toBeCloseTo((0.9 + 1) / 2);
    expect(byUnit.c).toBeCloseTo(0);
  });

  it('takes weights given for the run over the columns’ own', () => {
    const r = compositeOf(['a', 'b'], cols, { normalisation: 'minmax', aggregation: 'arithmetic', weights: new Map([['resolution', 1], ['complaints', 0]]) });
    expect(r.units.find((u) => u.unit === 'a')!.rank).toBe(1);
  });

  it('leaves a unit with too little data without a composite or a rank', () => {
    const r = compositeOf(['a', 'd'], [column('x', { a: 1 }, { target: 1 }), column('y', { a: 1, d: 1 }, { target: 1 }), column('z', { a: 1 }, { target: 1 })], { normalisation: 'distance', aggregation: 'arithmetic', minCoverage: 0.5 });
    expect(r.units.find((u) => u.unit === 'd')).toEqual({ unit: 'd', value: null, coverage: 1 / 3, rank: null });
  });

  it('ranks values with ties sharing the better rank, nulls unranked', () => {
    expect(Object.fromEntries(rankValues(new Map([['a', 2], ['b', 3], ['c', 2], ['d', null]])))).toEqual({ b: 1, a: 2, c: 2 });
  });
});
