import { describe, expect, it } from 'vitest';
import { rankSiblings } from './rank.js';

describe('rank among sibling regions', () => {
  const values = new Map([
    ['110101', 90],
    ['110102', 95],
    ['110105', 90],
    ['110106', 70],
  ]);

  it('ranks higher-is-better best first, ties sharing the better rank', () => {
    const r = rankSiblings(values, 'higher');
    expect([...r].map(([c, p]) => `${c}:${p.rank}/${p.of}`)).toEqual(['110102:1/4', '110101:2/4', '110105:2/4', '110106:4/4']);
  });

  it('ranks lower-is-better the other way round', () => {
    expect(rankSiblings(values, 'lower').get('110106')).toEqual({ rank: 1, of: 4 });
    expect(rankSiblings(values, 'lower').get('110102')).toEqual({ rank: 4, of: 4 });
  });

  it('ranks within-a-range by the distance to the range', () => {
    const r = rankSiblings(values, 'within', { lower: 88, upper: 92 });
    expect(r.get('110101')!.rank).toBe(1);
    expect(r.get('110105')!.rank).toBe(1);
    expect(r.get('110102')!.rank).toBe(3);
    expect(r.get('110106')!.rank).toBe(4);
  });

  it('counts only regions with a value', () => {
    expect(rankSiblings(new Map([['a', 1]]), 'higher').get('a')).toEqual({ rank: 1, of: 1 });
    expect(rankSiblings(new Map(), 'higher').size).toBe(0);
  });
});
