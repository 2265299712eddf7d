import { describe, expect, it } from 'vitest';
import { addMonths, monthOf, monthStart, riseScore } from './rate-change.js';

describe('riseScore', () => {
  it('is (now − before) / √(now + before) for equal exposures', () => {
    expect(riseScore(30, 10)).toBeCloseTo(20 / Math.sqrt(40), 12);
    expect(riseScore(10, 30)).toBeLessThan(0);
    expect(riseScore(0, 0)).toBe(0);
  });

  it('expects fewer cases in a shorter stretch: half a month with as many cases as a whole one is a rise', () => {
    expect(riseScore(20, 20, 0.5, 1)).toBeGreaterThan(2);
  });
});

describe('months', () => {
  it('reads the local month at an offset, and steps across years', () => {
    expect(monthOf(new Date('2019-12-31T17:00:00Z'), 480)).toBe('2020-01');
    expect(monthStart('2020-01', 480).toISOString()).toBe('2019-12-31T16:00:00.000Z');
    expect(addMonths('2020-01', -1)).toBe('2019-12');
    expect(addMonths('2019-11', 3)).toBe('2020-02');
  });
});
