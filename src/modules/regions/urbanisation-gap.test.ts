import { describe, expect, it } from 'vitest';
import { urbanisationGap } from './urbanisation-gap.js';

describe('urbanisation gap', () => {
  // China, end-2020 (NBS 2020 statistical communiqué and the 7th census): resident 63.89 %, registered 45.4 %.
  it('is 18.49 points for China in 2020', () => {
    const gap = urbanisationGap({ residentRatePct: 63.89, registeredRatePct: 45.4 });
    expect(gap.gapPoints).toBeCloseTo(18.49, 10);
  });

  it('computes the rates from counts', () => {
    const gap = urbanisationGap({ urbanResidents: 800, residents: 1000, urbanRegistered: 300, registered: 600 });
    expect(gap).toEqual({ residentRatePct: 80, registeredRatePct: 50, gapPoints: 30 });
  });

  it('refuses impossible inputs', () => {
    expect(() => urbanisationGap({ residentRatePct: 120, registeredRatePct: 40 })).toThrow(RangeError);
    expect(() => urbanisationGap({ urbanResidents: 1, residents: 0, urbanRegistered: 1, registered: 1 })).toThrow(/residents must be > 0/);
  });
});
