import { describe, expect, it } from 'vitest';
import { distanceScore, minMaxScores, normaliseColumn } from './normalise.js';

describe('normalisation', () => {
  it('scores distance to a higher-is-better standard as value ÷ target, capped', () => {
    expect(distanceScore(45, 'higher', { target: 90 })).toBe(0.5);
    expect(distanceScore(99, 'higher', { target: 90 })).toBe(1);
    expect(distanceScore(99, 'higher', { target: 90 }, { cap: 1.2 })).toBeCloseTo(1.1);
    expect(distanceScore(-5, 'higher', { target: 90 })).toBe(0);
  });

  it('scores distance to a lower-is-better standard as target ÷ value', () => {
    expect(distanceScore(60, 'lower', { target: 30 })).toBe(0.5);
    expect(distanceScore(20, 'lower', { target: 30 })).toBe(1);
    expect(distanceScore(0, 'lower', { target: 30 })).toBe(1);
  });

  it('scores a count of problems against 0 as 1 ÷ (1 + count)', () => {
    expect(distanceScore(0, 'lower', { target: 0 })).toBe(1);
    expect(distanceScore(3, 'lower', { target: 0 })).toBe(0.25);
  });

  it('scores within a range by the distance outside it over its width', () => {
    expect(distanceScore(1.2, 'within', { lower: 1, upper: 1.5 })).toBe(1);
    expect(distanceScore(1.75, 'within', { lower: 1, upper: 1.5 })).toBeCloseTo(0.5);
    expect(distanceScore(9, 'within', { lower: 1, upper: 1.5 })).toBe(0);
  });

  it('rescales min–max from the worst (0) to the best (1) by direction', () => {
    const v = new Map([
      ['a', 10],
      ['b', 20],
      ['c', 30],
    ]);
    expect(Object.fromEntries(minMaxScores(v, 'higher'))).toEqual({ a: 0, b: 0.5, c: 1 });
    expect(Object.fromEntries(minMaxScores(v, 'lower'))).toEqual({ a: 1, b: 0.5, c: 0 });
    expect(Object.fromEntries(minMaxScores(new Map([['a', 5], ['b', 5]]), 'higher'))).toEqual({ a: 1, b: 1 });
    expect(Object.fromEntries(minMaxScores(v, 'within', { lower: 15, upper: 25 }))).toEqual({ a: 0, b: 1, c: 0 });
  });

  it('falls back to min–max for distance when there is no standard, and says so', () => {
    const values = new Map([['a', 1], ['b', 3]]);
    expect(normaliseColumn({ code: 'x', direction: 'higher', bounds: null, values }, 'distance').used).toBe('minmax');
    const d = normaliseColumn({ code: 'x', direction: 'higher', bounds: { target: 2 }, values }, 'distance');
    expect(d.used).toBe('distance');
    expect(Object.fromEntries(d.scores)).toEqual({ a: 0.5, b: 1 });
  });
});
