import { describe, expect, it } from 'vitest';
import { trendOf } from './trend.js';

describe('trend against the previous year with data', () => {
  const series = [
    { year: 2022, value: 80 },
    { year: 2024, value: 90 },
    { year: 2025, value: 90.5 },
  ];

  it('compares with the latest earlier year, skipping years without data', () => {
    expect(trendOf(series, 2024, 'higher')).toEqual({ previousYear: 2022, previous: 80, change: 10, changePct: 12.5, direction: 'improving' });
    expect(trendOf(series, 2024, 'lower')?.direction).toBe('worsening');
  });

  it('calls a change within the tolerance stable', () => {
    expect(trendOf(series, 2025, 'higher')?.direction).toBe('stable'); // 0.5 < 1% of 90
    expect(trendOf(series, 2025, 'higher', {}, { stablePct: 0.1 })?.direction).toBe('improving');
  });

  it('has no trend without the year or an earlier one', () => {
    expect(trendOf(series, 2022, 'higher')).toBeNull();
    expect(trendOf(series, 2023, 'higher')).toBeNull();
  });

  it('judges within-a-range by the distance to the range', () => {
    const s = [
      { year: 2024, value: 2.0 },
      { year: 2025, value: 1.6 },
    ];
    expect(trendOf(s, 2025, 'within', { lower: 1, upper: 1.5 })?.direction).toBe('improving');
    expect(trendOf([...s, { year: 2026, value: 0.5 }], 2026, 'within', { lower: 1, upper: 1.5 })?.direction).toBe('worsening');
  });

  it('has a null percentage from a zero', () => {
    expect(trendOf([{ year: 1, value: 0 }, { year: 2, value: 3 }], 2, 'lower')).toMatchObject({ changePct: null, direction: 'worsening' });
  });
});
