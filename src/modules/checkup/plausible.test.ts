import { describe, expect, it } from 'vitest';
import { canonicalUnit, plausibleRange, unitRanges } from './plausible.js';

describe('units and plausible ranges', () => {
  it('folds the spellings people use into one', () => {
    expect(canonicalUnit(' ％ ')).toBe('%');
    expect(canonicalUnit('km2')).toBe('km²');
    expect(canonicalUnit('人/平方公里')).toBe('人/km²');
    expect(canonicalUnit('公里/平方公里')).toBe('km/km²');
    expect(canonicalUnit('平方米/人')).toBe('m²/人');
    expect(canonicalUnit('Minutes')).toBe('min');
    expect(canonicalUnit('栋')).toBe('栋');
  });

  it('bounds shares by 0–100 %, counts and densities below at 0', () => {
    expect(plausibleRange({ unit: '%' })).toEqual({ min: 0, max: 100 });
    expect(plausibleRange({ unit: '％' })).toEqual({ min: 0, max: 100 });
    expect(plausibleRange({ unit: '‰' })).toEqual({ min: 0, max: 1000 });
    for (const [unit, r] of Object.entries(unitRanges)) {
      expect(r.min, unit).toBe(0);
      expect(r.max, unit).toBeGreaterThan(0);
    }
  });

  it('takes an indicator’s own range over its unit’s, and allows any number for an unknown unit', () => {
    expect(plausibleRange({ unit: '%', plausible: { min: -20, max: 30 } })).toEqual({ min: -20, max: 30 });
    expect(plausibleRange({ unit: '亿元' })).toEqual({ min: -Number.MAX_VALUE, max: Number.MAX_VALUE });
  });
});
