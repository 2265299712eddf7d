import { describe, expect, it } from 'vitest';
import { compact, insertAt, type Series } from './series.js';

describe('the time series of a window', () => {
  it('appends in order, inserts late entries in place and refuses a timestamp already present', () => {
    const s: Series = { t: [], v: [] };
    expect([10, 30, 40].map((t) => insertAt(s, 0, t, t / 10))).toEqual([0, 1, 2]);
    expect(insertAt(s, 0, 20, 2)).toBe(1);
    expect(insertAt(s, 0, 30, 99)).toBe(-1);
    expect(s).toEqual({ t: [10, 20, 30, 40], v: [1, 2, 3, 4] });
  });

  it('searches for a late entry only after the head (the live part)', () => {
    const s: Series = { t: [1, 2, 5, 6], v: [0, 0, 0, 0] };
    expect(insertAt(s, 2, 3, 9)).toBe(2);
    expect(s.t).toEqual([1, 2, 3, 5, 6]);
  });

  it('compacts dead entries only once they are many and at least half', () => {
    const s: Series = { t: Array.from({ length: 100 }, (_, i) => i), v: Array.from({ length: 100 }, () => 0) };
    expect(compact(s, 31)).toBe(0);
    expect(compact(s, 49)).toBe(0);
    expect(compact(s, 50)).toBe(50);
    expect(s.t[0]).toBe(50);
    expect(s.t).toHaveLength(50);
  });
});
