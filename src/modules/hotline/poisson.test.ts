import { describe, expect, it } from 'vitest';
import { logFactorial, poissonTail } from './poisson.js';

describe('poissonTail', () => {
  it.each([
    // P(X ≥ n) for X ~ Poisson(λ): 1 − the lower sum, in 50-digit decimal arithmetic.
    [0, 3, 1],
    [1, 1, 0.632120558828558],
    [3, 1, 0.0803013970713942],
    [10, 2, 4.64980750172638e-5],
    [5, 5, 0.559506714934788],
    [30, 10, 2.50995120152791e-7],
  ])('P(X ≥ %i | λ = %f) = %f', (n, lambda, p) => {
    expect(poissonTail(n, lambda)).toBeCloseTo(p, 8);
    expect(Math.abs(poissonTail(n, lambda) - p) / p).toBeLessThan(1e-6);
  });

  it('stays accurate far in the tail, where 1 − CDF rounds to 0', () => {
    // P(X ≥ 50 | 1) ≈ e^-1/50! (1 + 1/51 + …)
    const p = poissonTail(50, 1);
    expect(p).toBeGreaterThan(0);
    expect(Math.log(p)).toBeCloseTo(-1 - logFactorial(50) + Math.log(1 + 1 / 51 + 1 / (51 * 52) + 1 / (51 * 52 * 53)), 6);
  });

  it('is 1 for n ≤ 0 and 0 for no expected cases', () => {
    expect(poissonTail(0, 0.5)).toBe(1);
    expect(poissonTail(2, 0)).toBe(0);
  });
});

describe('logFactorial', () => {
  it('agrees with the product below and above the switch to Stirling', () => {
    for (const n of [0, 1, 5, 20, 21, 30, 100]) {
      let exact = 0;
      for (let k = 2; k <= n; k++) exact += Math.log(k);
      expect(logFactorial(n)).toBeCloseTo(exact, 9);
    }
  });
});
