import { describe, expect, it } from 'vitest';
import { distanceToStandard } from './distance.js';

describe('distance to standard', () => {
  it('scores higher-is-better against a minimum', () => {
    expect(distanceToStandard(95, 'higher', { target: 90 })).toEqual({ status: 'met', gap: 5, relative: 5 / 90 });
    expect(distanceToStandard(90, 'higher', { target: 90 }).status).toBe('met');
    expect(distanceToStandard(82, 'higher', { target: 90 }).status).toBe('near'); // 8 short, within 10% of 90 = 9
    expect(distanceToStandard(80, 'higher', { target: 90 })).toMatchObject({ status: 'not_met', gap: -10 });
  });

  it('scores lower-is-better against a maximum', () => {
    expect(distanceToStandard(40, 'lower', { target: 45 })).toMatchObject({ status: 'met', gap: 5 });
    expect(distanceToStandard(49, 'lower', { target: 45 }).status).toBe('near');
    expect(distanceToStandard(60, 'lower', { target: 45 })).toMatchObject({ status: 'not_met', gap: -15 });
  });

  it('scores a count of problems against zero by an absolute band', () => {
    expect(distanceToStandard(0, 'lower', { target: 0 })).toEqual({ status: 'met', gap: 0, relative: null });
    expect(distanceToStandard(3, 'lower', { target: 0 })).toMatchObject({ status: 'not_met', gap: -3, relative: null });
    expect(distanceToStandard(2, 'lower', { target: 0 }, { nearAbsolute: 2 }).status).toBe('near');
  });

  it('scores within a range by the range’s width', () => {
    expect(distanceToStandard(1.2, 'within', { lower: 1, upper: 1.5 })).toMatchObject({ status: 'met', gap: 0 });
    expect(distanceToStandard(0.97, 'within', { lower: 1, upper: 1.5 }).status).toBe('near'); // 0.03 out, band 0.05
    expect(distanceToStandard(1.6, 'within', { lower: 1, upper: 1.5 })).toMatchObject({ status: 'not_met' });
    expect(distanceToStandard(1.6, 'within', { lower: 1, upper: 1.5 }).relative).toBeCloseTo(-0.2);
  });

  it('takes the near band from the options', () => {
    expect(distanceToStandard(82, 'higher', { target: 90 }, { nearPct: 5 }).status).toBe('not_met');
    expect(distanceToStandard(82, 'higher', { target: 90 }, { nearPct: 0 }).status).toBe('not_met');
  });

  it('refuses a standard without what its direction needs', () => {
    expect(() => distanceToStandard(1, 'higher', {})).toThrow(/target/);
    expect(() => distanceToStandard(1, 'within', { lower: 0 })).toThrow(/lower and upper/);
    expect(() => distanceToStandard(Number.NaN, 'higher', { target: 1 })).toThrow(/finite/);
  });
});
