import { describe, expect, it } from 'vitest';
import { fitTemperature } from './calibrate.js';

const repeat = <T>(n: number, x: T[]) => Array.from({ length: n }, () => x).flat();

describe('fitTemperature', () => {
  it('> 1 softens an overconfident model, < 1 sharpens an underconfident one', () => {
    const sure = Float64Array.of(0.98, 0.02);
    expect(fitTemperature(repeat(10, [{ p: sure, truth: 0 }, { p: sure, truth: 1 }]))).toBeGreaterThan(3);
    const timid = Float64Array.of(0.6, 0.4);
    expect(fitTemperature(repeat(9, [{ p: timid, truth: 0 }]).concat([{ p: timid, truth: 1 }]))).toBeLessThan(1);
  });

  it('about 1 when the probabilities are right, and 1 with nothing held out', () => {
    const p = Float64Array.of(0.8, 0.2);
    expect(fitTemperature(repeat(4, [{ p, truth: 0 }]).concat([{ p, truth: 1 }]))).toBeCloseTo(1, 2);
    expect(fitTemperature([])).toBe(1);
  });
});
